"""The hand-off: one partner looks away while the other answers privately."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static
from workbook.screens.footer import CalmFooter

from workbook.model import Partner


class HandOffScreen(Screen[bool]):
    """A full, opaque screen (nothing behind it shows through): True when ready, False to leave.

    It is a whole Screen rather than a translucent modal on purpose: the step
    behind it must never be readable while the partners swap places.
    """

    HELP = """\
## Taking turns in private

The next answer is private until both of you have answered. The person
named second looks away (or leaves the room) while the first one types.
When the writer presses **Enter**, their answer is hidden again before the
other partner is asked to look.

**Leave for now** keeps your place; nothing typed so far is lost.
"""

    BINDINGS = [
        Binding("enter", "ready", "I'm ready", priority=True),
        Binding("escape", "leave", "Leave for now"),
    ]

    def __init__(self, writer: Partner, looker: Partner, note: str = "") -> None:
        super().__init__()
        self.writer = writer
        """Who answers next."""
        self.looker = looker
        """Who looks away."""
        self.note = note
        """An extra line about what comes next."""

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="handoff"):
            yield Static(
                Content.assemble(
                    Content.styled(self.looker.name, f"bold {self.looker.colour}"),
                    ", please look away for a moment.",
                ),
                id="handoff-look-away",
            )
            yield Static(
                Content.assemble(
                    Content.styled(self.writer.name, f"bold {self.writer.colour}"),
                    ", press Enter when you're ready to answer privately.",
                ),
                id="handoff-ready",
            )
            if self.note:
                yield Static(self.note, classes="hint", markup=False)
            with Center():
                yield Button(
                    Content(f"I'm {self.writer.name}, I'm ready"), id="ready", variant="primary"
                )
            with Center():
                yield Button("Leave for now", id="leave")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.query_one("#handoff").styles.border = ("round", self.writer.colour)
        self.query_one("#ready", Button).focus()

    def action_ready(self) -> None:
        """The writer is ready and the other partner has looked away."""
        self.dismiss(True)

    def action_leave(self) -> None:
        """Go back without answering now."""
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "ready")
