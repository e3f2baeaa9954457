"""Lists whose options each lead somewhere, and a step's row of choice buttons.

In a list, Enter or a click acts on the highlighted option. In a row of
buttons, the arrow keys move between them as well as Tab, since a row of
two or three answers reads like a small menu.
"""

from __future__ import annotations

from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, OptionList


class OpenMenu(OptionList):
    """A list of things to open (sessions, exercises, statements); Enter or a click opens one.

    Screens tell their menus apart by id, and react to
    ``OptionList.OptionSelected`` as with any option list.
    """

    BINDINGS = [Binding("enter", "select", "Open")]


class ChoiceList(OptionList):
    """A list of choices for a step; Enter or a click picks one."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 12; margin-top: 1; }
    """

    BINDINGS = [Binding("enter", "select", "Choose")]


class ChoiceButtons(Horizontal):
    """A row of two or three buttons to choose from; the arrow keys move between them.

    The row may be laid out across or down (a screen's CSS decides), so both
    pairs of arrows work, and each wraps round from the last to the first.
    """

    BINDINGS = [
        Binding("left,up", "move(-1)", "Previous", show=False),
        Binding("right,down", "move(1)", "Next", show=False),
    ]

    def action_move(self, step: int) -> None:
        """Focus the button ``step`` places after (or before) the focused one."""
        buttons = [button for button in self.query(Button) if button.display]
        focused = self.screen.focused
        if focused in buttons:
            # At once, not later as ``focus()`` does: an Enter typed right after
            # the arrow must press the button the arrow moved to.
            self.screen.set_focus(buttons[(buttons.index(focused) + step) % len(buttons)])
