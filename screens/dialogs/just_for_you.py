"""A quiet word for one partner, while the screen is still theirs.

Shown when someone gives feeling safe a low number in a check-in, before
the hand-off, so only they see it. It offers the support page and nothing
more: it asks no question, records nothing, and a "carry on" leaves the
check-in exactly as it was. Its title and buttons are calm enough that a
glance over a shoulder gives nothing away.
"""

from __future__ import annotations

from typing import Literal

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Static

Choice = Literal["read", "carry_on", "back"]
"""Read the page now, carry on with the check-in, or go back to the form."""


class JustForYouDialog(ModalScreen[Choice]):
    """Offer the support page to the partner who gave a low safety number."""

    BINDINGS = [Binding("escape", "dismiss('back')", "Back to your numbers")]

    DEFAULT_CSS = """
    JustForYouDialog { align: center middle; }
    #just-for-you Static { margin-bottom: 1; }
    #just-for-you-title { text-style: bold; }
    """

    def __init__(self, name: str, page_name: str) -> None:
        super().__init__()
        self.partner_name = name
        """Who gave the number (the only one looking)."""
        self.page_name = page_name
        """What the support page is called, so the offer names it."""

    def compose(self) -> ComposeResult:
        with Vertical(id="just-for-you", classes="dialog"):
            yield Static(
                Content(f"Just for you, {self.partner_name}"), id="just-for-you-title"
            )
            yield Static(
                Content(
                    "You rated safety low today. If that is about feeling afraid, watched "
                    f"or pressured at home, “{self.page_name}” is a page for one person "
                    "alone (F2 opens it any time): what can help, and who understands. "
                    "Reading it leaves no trace here."
                )
            )
            yield Static(
                "Your number is never saved or shown. Afterwards you are back at your "
                "numbers, just as you left them.",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Read it now", id="read", variant="primary")
                yield Button("Carry on", id="carry-on")

    def on_mount(self) -> None:
        self.query_one("#carry-on", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss("read" if event.button.id == "read" else "carry_on")
