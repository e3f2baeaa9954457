"""Repair phrases, from the pause: words that can help when you come back to a hard talk."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from workbook.model import Couple
from workbook.repair import RepairPhrases


class RepairPhrasesDialog(ModalScreen[None]):
    """The couple's own repair phrases, if they chose some, and the well-tried ones."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    DEFAULT_CSS = """
    RepairPhrasesDialog { align: center middle; }
    #repair-phrases { width: 70; max-width: 95%; height: auto; max-height: 90%; }
    #repair-body { height: auto; max-height: 35vh; }
    #repair-body .repair-heading { text-style: bold; margin-top: 1; }
    """

    def __init__(self, phrases: RepairPhrases, couple: Couple | None) -> None:
        super().__init__()
        self.phrases = phrases
        """What to show."""
        self.couple = couple
        """Whose names go beside their own phrases (None before set-up)."""

    def compose(self) -> ComposeResult:
        with Vertical(id="repair-phrases", classes="dialog"):
            yield Static("Repair phrases", classes="screen-title")
            yield Static(
                "When you come back, a small phrase can turn things round, if the other "
                "is willing to take it. Clumsy ones count too.",
                classes="hint",
                markup=False,
            )
            with VerticalScroll(id="repair-body"):
                if self.phrases.own and self.couple is not None:
                    yield Static("The ones you chose", classes="repair-heading")
                    for partner, text in self.phrases.own:
                        name = self.couple.partner(partner).name
                        # Content, not markup: names and answers are the couple's own words.
                        yield Static(Content.assemble((f"{name}: ", "bold"), text))
                if self.phrases.suggested:
                    yield Static("Phrases many couples use", classes="repair-heading")
                    for text in self.phrases.suggested:
                        yield Static(Content(f"· {text}"))
                if not self.phrases.own and not self.phrases.suggested:
                    yield Static("There are no phrases in this workbook's content.",
                                 markup=False)
            with Center():
                yield Button("Close (Escape)", id="repair-close", variant="primary")

    def on_button_pressed(self) -> None:
        """The only button closes."""
        self.dismiss()
