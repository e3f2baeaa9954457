"""Pick a word (a feeling or a need) from grouped lists, filtering as you type."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from workbook.content import WordGroup


class WordPicker(ModalScreen[str | None]):
    """Dismisses with the chosen word, or None on Escape."""

    BINDINGS = [
        Binding("escape", "dismiss(None)", "Cancel"),
        Binding("down", "focus_list", "List", show=False),
    ]

    def __init__(self, title: str, groups: tuple[WordGroup, ...]) -> None:
        super().__init__()
        self.title_text = title
        """What is being picked, e.g. "Feelings"."""
        self.groups = groups
        """The words, by group."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="word-picker"):
            yield Static(self.title_text, classes="screen-title", markup=False)
            yield Input(
                placeholder="Type to narrow the list", id="word-filter", select_on_focus=False
            )
            yield OptionList(*self._options(""), id="word-list")
            yield Static("Enter picks a word · Escape goes back", classes="hint")

    def _options(self, needle: str) -> list[Option | None]:
        needle = needle.casefold().strip()
        options: list[Option | None] = []
        for group in self.groups:
            words = [w for w in group.words if needle in w.casefold()]
            if not words:
                continue
            if options:
                options.append(None)
            options.append(Option(Content.styled(group.name, "bold $text-muted"), disabled=True))
            # Content, not str: an OptionList reads a str prompt as markup.
            options += [Option(Content(word), id=f"w:{word}") for word in words]
        return options

    @on(Input.Changed, "#word-filter")
    def _filter(self, event: Input.Changed) -> None:
        menu = self.query_one("#word-list", OptionList)
        menu.set_options(self._options(event.value))

    @on(Input.Submitted, "#word-filter")
    def _first_match(self) -> None:
        menu = self.query_one("#word-list", OptionList)
        for index in range(menu.option_count):
            option = menu.get_option_at_index(index)
            if option.id:
                self.dismiss(option.id.removeprefix("w:"))
                return

    @on(OptionList.OptionSelected, "#word-list")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            self.dismiss(event.option.id.removeprefix("w:"))

    def action_focus_list(self) -> None:
        """Move from the filter into the list."""
        menu = self.query_one("#word-list", OptionList)
        menu.focus()
        if menu.highlighted is None:
            menu.action_first()
