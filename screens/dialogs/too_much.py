""""This is too much right now": a way out of one question, with nothing to explain.

Separate from the pause, which waits and comes back: this moves on. It
offers to skip the question (saving nothing for it, recording no reason) or
to end for today (keeping everything saved), and dismisses with the choice.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from workbook.screens.dialogs.help import support_hint
from workbook.screens.widgets.menus import ChoiceButtons

TooMuch = Literal["skip", "end", "back"]
"""Skip this question, end for today, or go back to the question."""


class TooMuchDialog(ModalScreen[TooMuch]):
    """Skip the question, end for today, or go back to it; Escape goes back."""

    BINDINGS = [Binding("escape", "dismiss('back')", "Back to the question")]

    DEFAULT_CSS = """
    TooMuchDialog { align: center middle; }
    #too-much-dialog Static { margin-bottom: 1; }
    #too-much-title { text-style: bold; }
    #too-much-buttons { height: auto; }
    #too-much-buttons Button { margin: 0 1 0 0; }
    TooMuchDialog.-narrow #too-much-buttons {
        layout: vertical;
    }
    TooMuchDialog.-narrow #too-much-buttons Button {
        width: 100%; height: 1; border: none; margin: 0 0 1 0; background: $panel;
    }
    """

    # Three bordered buttons side by side need about 64 columns inside the box
    # (app.tcss widens it for them); below that they stack, one line each, so
    # none is cut off.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (74, "-wide")]

    def __init__(self, skip: str | None) -> None:
        super().__init__()
        self.skip = skip
        """The skip button's words (e.g. "Skip this question"), or None when it can't be."""

    def compose(self) -> ComposeResult:
        with Vertical(id="too-much-dialog", classes="dialog"):
            yield Static("That's all right.", id="too-much-title", markup=False)
            yield Static(
                "Nothing needs explaining, and no reason is kept. What would help?",
                markup=False,
            )
            if self.skip is None:
                yield Static(
                    "This step can't be skipped on its own, but you can stop here for "
                    "today.",
                    markup=False,
                )
            yield Static(
                "Everything you have saved stays saved either way. "
                + support_hint(self.app),
                markup=False,
            )
            with ChoiceButtons(id="too-much-buttons"):
                if self.skip is not None:
                    yield Button(self.skip, id="skip", variant="primary")
                yield Button("End for today", id="end")
                yield Button("Back to it", id="back")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        choice: TooMuch = "skip" if event.button.id == "skip" else (
            "end" if event.button.id == "end" else "back"
        )
        self.dismiss(choice)
