"""Every exercise, grouped by kind, to open outside the program."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.footer import CalmFooter
from workbook.screens.registry import NOT_YET, is_available, open_if_available
from workbook.screens.text import prose
from workbook.screens.widgets.menus import OpenMenu

from workbook.content import Content as WorkbookContent
from workbook.kinds import EXERCISE_KINDS


class LibraryScreen(Screen[None]):
    """All exercises by kind, with details of the highlighted one."""

    HELP = """\
## All exercises

Every exercise in the workbook, grouped by kind. You can do any of them at
any time, as often as you like; each attempt is saved on its own.

Move with the **arrow keys**, **Enter** opens, **Escape** goes back home.
"""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, content: WorkbookContent) -> None:
        super().__init__()
        self.content = content
        """The exercises to list."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            yield OpenMenu(*self._options(), id="library-menu")
            with VerticalScroll(id="home-detail"):
                yield Static(id="library-detail")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "All exercises"
        menu = self.query_one(OpenMenu)
        menu.highlighted = 1
        menu.focus()

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = []
        for kind, label in EXERCISE_KINDS.items():
            members = [e for e in self.content.exercises.values() if e.kind == kind]
            if not members:
                continue
            if options:
                options.append(None)
            options.append(Option(Content.styled(label.title, "bold $text-muted"), disabled=True))
            # Content, not str: an OptionList reads a str prompt as markup.
            options += [Option(Content(e.title), id=e.id) for e in members]
        return options

    @on(OptionList.OptionHighlighted)
    def _details(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        exercise = self.content.exercise(event.option.id)
        parts: list[str | tuple[str, str]] = [
            (f"{exercise.title}\n", "bold"),
            (f"About {exercise.minutes} minutes\n\n", "$text-muted"),
            prose(exercise.why),
        ]
        if exercise.intro:
            parts += ["\n\n", prose(exercise.intro)]
        if not is_available(exercise.kind):
            parts += ["\n\n", (NOT_YET, "italic $warning")]
        self.query_one("#library-detail", Static).update(Content.assemble(*parts))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            open_if_available(self, self.content.exercise(event.option.id))

    def action_back(self) -> None:
        """Back to home."""
        self.dismiss()
