"""Review's filter menu: pick whose answers, which kind, which session, or clear them all.

A small modal over the list. Choosing a line dismisses it with the filters
as they are then (:class:`FilterPick`); Escape dismisses it with None and
changes nothing. Names and titles are shown as plain text.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

FILTER_NAMES: tuple[str, ...] = ("partner", "kind", "session")
"""The filters the menu offers, in the order they are listed."""

HEADINGS: Mapping[str, str] = {"partner": "Whose answers", "kind": "Kind of exercise",
                               "session": "Session"}
"""Each filter's heading in the menu."""

CLEAR_ALL = "clear"
"""The option that puts every filter back to "everything"."""


@dataclass(frozen=True)
class FilterPick:
    """The menu's answer: the position chosen for each filter (0 is "everything")."""

    chosen: Mapping[str, int]


class FilterMenu(ModalScreen[FilterPick | None]):
    """Every filter's choices in one list, the current ones ticked, and "clear all" first."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    DEFAULT_CSS = """
    FilterMenu { align: center middle; }
    FilterMenu #filter-menu { width: 56; max-width: 95%; height: auto; max-height: 90%; }
    FilterMenu #filter-menu-title { text-style: bold; margin-bottom: 1; }
    FilterMenu OptionList { height: auto; max-height: 20; }
    """

    def __init__(
        self,
        choices: Mapping[str, Sequence[tuple[str | None, str]]],
        chosen: Mapping[str, int],
        *,
        start: str | None = None,
    ) -> None:
        super().__init__()
        self.choices = choices
        """Each filter's choices: (value, label); the first is always "everything"."""
        self.chosen = dict(chosen)
        """Where each filter stands now."""
        self.start = start
        """The filter whose current choice is highlighted when the menu opens."""

    def compose(self) -> ComposeResult:
        options: list[Option | None] = [Option("Clear all filters", id=CLEAR_ALL)]
        for name in FILTER_NAMES:
            options.append(None)
            options.append(Option(Content.styled(HEADINGS[name], "bold"), disabled=True))
            for index, (_value, label) in enumerate(self.choices[name]):
                mark = "● " if self.chosen.get(name, 0) == index else "○ "
                options.append(Option(Content(mark + label), id=f"{name}:{index}"))
        with Vertical(id="filter-menu", classes="dialog"):
            yield Static("Show answers from…", id="filter-menu-title")
            yield OptionList(*options, id="filter-options")

    def on_mount(self) -> None:
        menu = self.query_one(OptionList)
        menu.focus()
        if self.start is not None:
            menu.highlighted = menu.get_option_index(
                f"{self.start}:{self.chosen.get(self.start, 0)}"
            )
        else:
            menu.highlighted = 0

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        choice = event.option.id or ""
        if choice == CLEAR_ALL:
            self.dismiss(FilterPick(dict.fromkeys(FILTER_NAMES, 0)))
            return
        name, _, index = choice.partition(":")
        chosen = dict(self.chosen)
        chosen[name] = int(index)
        self.dismiss(FilterPick(chosen))
