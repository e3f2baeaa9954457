"""Ask whether to continue an exercise left half-way, or start it again."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

WHERE_KEPT = 80
"""How many characters of "where you stopped" an attempt keeps."""


def whole_words(where: str) -> str:
    """``where`` as it reads best: a piece cut off mid-word ends at a word, with "…"."""
    if len(where) < WHERE_KEPT or " " not in where or where[-1] in ".?!…":
        return where
    return where.rsplit(" ", 1)[0].rstrip(" ,;:") + "…"


class ResumeDialog(ModalScreen[bool | None]):
    """True: continue where you left off. False: start again (the earlier answers stay).

    None: not now. Escape, or "Not now", goes back to where they were, and the
    half-done attempt stays as it is for another day.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Not now")]

    def __init__(self, title: str, where: str) -> None:
        super().__init__()
        self.title_text = title
        """The exercise's title."""
        self.where = whole_words(where)
        """Where they stopped, in a few words."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(
                f"You started “{self.title_text}” before.", classes="screen-title", markup=False
            )
            yield Static(
                f"You stopped here:\n“{self.where}”\n\nContinue from there, with anything "
                "you had typed? Starting again keeps the earlier answers too.",
                markup=False,
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Continue", id="continue", variant="primary")
                yield Button("Start again", id="restart")
                yield Button("Not now", id="not-now")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "not-now":
            self.dismiss(None)
        else:
            self.dismiss(event.button.id == "continue")
