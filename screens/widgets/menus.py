"""Lists whose options each lead somewhere: Enter or a click acts on the highlighted one."""

from __future__ import annotations

from textual.binding import Binding
from textual.widgets import OptionList


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
