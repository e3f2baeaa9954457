"""Going further: the optional tracks, each a short path of exercises from light to harder."""

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
from workbook.content import Track
from workbook.store import WorkbookStore

DONE_MARK, NOT_DONE_MARK = "✓", "○"


def option_id(track: Track, exercise_id: str) -> str:
    """The menu id of one exercise within one track."""
    return f"{track.id}:{exercise_id}"


class TracksScreen(Screen[None]):
    """Every optional track, its exercises in order, with the highlighted one's details."""

    HELP = """\
## Going further

Optional tracks for when you want more of one skill, or a well-known
exercise that couples often ask about. Each track runs from lighter
exercises to harder ones: take them in order, at your own pace, with a few
days between them if you like.

✓ means you have done that exercise at least once, ○ not yet. Doing one
again is always fine; each attempt is kept.

Move with the **arrow keys**, **Enter** opens, **Escape** goes back home.
"""

    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, content: WorkbookContent, store: WorkbookStore) -> None:
        super().__init__()
        self.content = content
        """The tracks and their exercises."""
        self.store = store
        """The couple's workbook, for which exercises are done."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            yield OpenMenu(*self._options(), id="tracks-menu")
            with VerticalScroll(id="home-detail"):
                yield Static(id="tracks-detail")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "Going further"
        menu = self.query_one(OpenMenu)
        menu.highlighted = 1 if menu.option_count > 1 else None
        menu.focus()

    def on_screen_resume(self) -> None:
        """Back from an exercise: its mark may have changed."""
        menu = self.query_one(OpenMenu)
        highlighted = menu.highlighted
        menu.set_options(self._options())
        menu.highlighted = highlighted

    def _done(self) -> set[str]:
        return {run.exercise for run in self.store.runs() if run.is_done}

    def _options(self) -> list[Option | None]:
        done = self._done()
        options: list[Option | None] = []
        for track in self.content.tracks:
            if options:
                options.append(None)
            options.append(Option(Content.styled(track.title, "bold $text-muted"), disabled=True))
            for number, exercise_id in enumerate(track.exercises, 1):
                exercise = self.content.exercise(exercise_id)
                mark = DONE_MARK if exercise_id in done else NOT_DONE_MARK
                # Content, not str: an OptionList reads a str prompt as markup.
                label = Content.assemble((mark, "bold"), f" {number}. ", exercise.title)
                options.append(Option(label, id=option_id(track, exercise_id)))
        return options

    def _find(self, menu_id: str) -> tuple[Track, str]:
        track_id, _, exercise_id = menu_id.partition(":")
        track = next(t for t in self.content.tracks if t.id == track_id)
        return track, exercise_id

    @on(OptionList.OptionHighlighted)
    def _details(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is None:
            return
        track, exercise_id = self._find(event.option.id)
        exercise = self.content.exercise(exercise_id)
        place = track.exercises.index(exercise_id) + 1
        parts: list[str | tuple[str, str] | Content] = [
            (f"{exercise.title}\n", "bold"),
            (f"{track.title}, {place} of {len(track.exercises)} · about {exercise.minutes} "
             "minutes\n\n", "$text-muted"),
            prose(exercise.why),
        ]
        if exercise.intro:
            parts += ["\n\n", prose(exercise.intro)]
        parts += ["\n\n", ("About this track\n", "bold"), prose(track.intro)]
        if not is_available(exercise.kind):
            parts += ["\n\n", (NOT_YET, "italic $warning")]
        self.query_one("#tracks-detail", Static).update(Content.assemble(*parts))

    @on(OptionList.OptionSelected)
    def _open(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            _track, exercise_id = self._find(event.option.id)
            open_if_available(self, self.content.exercise(exercise_id))

    def action_back(self) -> None:
        """Back to home."""
        self.dismiss()
