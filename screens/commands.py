"""The workbook's own entries in the command palette (ctrl+p).

Every exercise is there by its title, and choosing one opens it. So are the
sessions, All exercises, Review and the tools reached from it. The entries
are made when the palette opens (``Provider.startup``), never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

    from workbook.content import Content as WorkbookContent
    from workbook.content import Exercise
    from workbook.store import WorkbookStore


_SAME_QUOTES = str.maketrans({
    "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"',
    "‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'",
})
"""Curly quotes and apostrophes, each as the straight one a keyboard types."""


def for_matching(text: str) -> str:
    """``text`` with curly quotes and apostrophes made straight, for matching only.

    Titles are shown with curly quotes (“I” statements), but people type
    straight ones; each character maps to one, so matched positions still
    point at the same letters of the title as shown.
    """
    return text.translate(_SAME_QUOTES)


def plain_highlight(matcher: Matcher, title: str) -> Content:
    """``title`` as plain text, with the letters the query matched highlighted.

    Textual's ``Matcher.highlight`` reads the title as markup, and a title can
    be an exercise's, from the couple's own content folder. The match is made
    on the title with straight quotes (:func:`for_matching`), as the search is.
    """
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, for_matching(title))
    if not score:
        return content
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _plain_help(text: str) -> str:
    # The palette reads a help str as markup but passes Content through as it is
    # (``Content.from_markup`` returns Content unchanged), so Content keeps data
    # plain; the cast only satisfies Hit's ``str`` annotation.
    return cast(str, Content(text))


@dataclass(frozen=True)
class Command:
    """One entry of the palette: what it reads, a line about it, and what it does."""

    title: str
    help: str
    run: Callable[[], object]


def can_go_from(screen: Screen[Any]) -> bool:
    """Whether the palette may take the couple elsewhere from ``screen``.

    From a dialog, a hand-off or a session's closing question it may not:
    each of those hands a result back to the screen beneath when it closes,
    and leaving it from the palette would cut that short. The palette still
    offers everything else there (the support page, the file's place…).
    """
    from textual.screen import ModalScreen
    from workbook.screens.dialogs.handoff import HandOffScreen
    from workbook.screens.home import HomeScreen
    from workbook.screens.session import ClosingScreen

    if isinstance(screen, ModalScreen | HandOffScreen | ClosingScreen):
        return False
    return any(isinstance(s, HomeScreen) for s in screen.app.screen_stack)


def open_exercise_from_palette(app: App[Any], content: WorkbookContent, exercise_id: str) -> None:
    """Open an exercise from wherever the couple is.

    An exercise (or a pause) in front is left first, exactly as Escape leaves
    it: its place and its draft are kept for next time. The new exercise opens
    over the screen that was beneath it; over a session that holds it, as
    part of that session.
    """
    from textual.widgets import OptionList
    from workbook.screens.exercise import ExerciseScreen
    from workbook.screens.navigation import leave_exercises
    from workbook.screens.pause import PauseScreen
    from workbook.screens.registry import is_available
    from workbook.screens.session import SessionScreen

    exercise = content.exercise(exercise_id)
    if not is_available(exercise.kind):
        app.notify(
            f"{exercise.title}: not available yet in this version of the workbook.",
            title="Not yet", severity="warning", markup=False,
        )
        return
    in_front = app.screen
    if (isinstance(in_front, ExerciseScreen) and in_front.exercise.id == exercise_id) or (
        isinstance(in_front, PauseScreen) and exercise.kind == "pause"
    ):
        return  # already there
    leave_exercises(app)
    if isinstance(app.screen, SessionScreen) and exercise_id in app.screen.session.exercises:
        # One of this session's own: open it as the session's list would, so
        # it counts towards this sitting.
        menu = app.screen.query_one("#session-menu", OptionList)
        menu.highlighted = menu.get_option_index(f"exercise:{exercise_id}")
        menu.action_select()
        return
    opener = getattr(app, "open_exercise", None)
    if opener is not None:
        opener(exercise_id)


def show_screen_from_palette(app: App[Any], make: Callable[[], Screen[Any]], kind: type) -> None:
    """Show a screen (Review, All exercises…) from wherever the couple is.

    An exercise in front is left as Escape leaves it; a screen of the same
    kind already in front stays as it is.
    """
    from workbook.screens.navigation import leave_exercises

    leave_exercises(app)
    if not isinstance(app.screen, kind):
        app.push_screen(make())


def show_on_home(app: App[Any], option_id: str) -> None:
    """Go back home and highlight one of its items (a session)."""
    from workbook.screens.navigation import back_home

    home = back_home(app)
    if home is not None:
        home.highlight(option_id)


class WorkbookCommands(Provider):
    """Exercises, sessions, tools, the agreement and the file's location, by name."""

    commands: list[Command] | None = None
    """This opening's entries, made by ``startup`` (None until then)."""

    async def startup(self) -> None:
        """Make the entries once, when the palette opens."""
        self.commands = list(self._make_commands())

    def _make_commands(self) -> list[Command]:
        app = self.app
        store: WorkbookStore | None = getattr(app, "store", None)
        content: WorkbookContent | None = getattr(app, "content", None)
        if store is None or content is None:
            return []
        commands = [
            Command(
                "Where is our workbook file?",
                "Show the path of the file that holds your answers",
                partial(
                    app.notify, str(store.path), title="Your workbook file", timeout=15,
                    markup=False,
                ),
            )
        ]
        if content.support is not None:
            commands.append(
                Command(
                    f"{content.support.label} (F2)",
                    "A page for one of you alone; Escape brings you back",
                    partial(app.run_action, "support"),
                )
            )
        commands += _lock_commands(app, store)
        couple = store.couple()
        if couple is None or couple.agreed_at is None:
            return commands  # still setting up: nowhere else to go yet
        commands.append(
            Command(
                "Read the agreement again",
                "The points you both agreed to at the start",
                partial(self._read_agreement, store, content),
            )
        )
        if can_go_from(self.screen):
            commands += self._places(store, content)
        return commands

    def _read_agreement(self, store: WorkbookStore, content: WorkbookContent) -> None:
        from workbook.screens.agreement import AgreementScreen

        couple = store.couple()
        if couple is not None:
            self.app.push_screen(
                AgreementScreen(store, content.agreement, couple, review_only=True)
            )

    def _places(self, store: WorkbookStore, content: WorkbookContent) -> list[Command]:
        """Everywhere the couple can go: sessions, exercises, the library, Review and its tools."""
        from workbook.screens.library import LibraryScreen
        from workbook.screens.review import ReviewScreen
        from workbook.screens.statements import StatementsScreen
        from workbook.screens.tracks import TracksScreen
        from workbook.screens.trends import TrendsScreen

        app = self.app
        couple = store.couple()
        assert couple is not None
        commands = [
            Command(
                f"Session {session.number}: {session.title}",
                f"Show session {session.number} on the home screen",
                partial(show_on_home, app, f"session:{session.id}"),
            )
            for session in content.sessions
        ]
        commands += [
            Command(exercise.title, _exercise_help(exercise),
                    partial(open_exercise_from_palette, app, content, exercise.id))
            for exercise in content.exercises.values()
        ]
        commands += [
            Command(
                "All exercises",
                "Every exercise, grouped by kind, to do whenever you like",
                partial(show_screen_from_palette, app, partial(LibraryScreen, content),
                        LibraryScreen),
            ),
            Command(
                "Review your answers",
                "Everything you have written, by session, exercise, partner or date",
                partial(show_screen_from_palette, app,
                        partial(ReviewScreen, store, content, couple), ReviewScreen),
            ),
            Command(
                "Trends",
                "How your check-ins have moved over the weeks",
                partial(show_screen_from_palette, app,
                        partial(TrendsScreen, store, couple), TrendsScreen),
            ),
            Command(
                "\u201cI\u201d statements",
                "Each of your \u201cI\u201d statements, to read again",
                partial(show_screen_from_palette, app,
                        partial(StatementsScreen, store, couple), StatementsScreen),
            ),
        ]
        if content.tracks:
            titles = ", ".join(track.title for track in content.tracks)
            commands.append(Command(
                "Going further",
                f"Optional tracks, each from lighter exercises to harder: {titles}",
                partial(show_screen_from_palette, app,
                        partial(TracksScreen, content, store), TracksScreen),
            ))
        return commands

    async def discover(self) -> Hits:
        """Everything, listed when the palette opens."""
        for command in self.commands or ():
            yield DiscoveryHit(
                Content(command.title), command.run, text=command.title,
                help=_plain_help(command.help),
            )

    async def search(self, query: str) -> Hits:
        """Commands whose title matches what was typed."""
        # Straight and curly quotes match alike: “I” statements is found by "I" statements.
        matcher = self.matcher(for_matching(query))
        for command in self.commands or ():
            score = matcher.match(for_matching(command.title))
            if score > 0:
                yield Hit(
                    score, plain_highlight(matcher, command.title), command.run,
                    text=command.title, help=_plain_help(command.help),
                )


def _lock_commands(app: App[Any], store: WorkbookStore) -> list[Command]:
    """Lock the workbook with a passphrase; or change or remove the passphrase it has."""
    from workbook.screens.dialogs.passphrase import TITLES, open_passphrase_dialog

    if store.read_only:
        return []
    if store.key_ring is None:
        return [Command(
            TITLES["set"],
            "Keep the file encrypted, so a copied file or a found computer shows nothing",
            partial(open_passphrase_dialog, app, store, "set"),
        )]  # fmt: skip
    return [
        Command(TITLES["change"], "A new passphrase; the recovery key stays the same",
                partial(open_passphrase_dialog, app, store, "change")),
        Command(TITLES["remove"], "Keep the workbook unencrypted again",
                partial(open_passphrase_dialog, app, store, "remove")),
    ]  # fmt: skip


def _exercise_help(exercise: Exercise) -> str:
    """The line under an exercise: why it helps and how long it takes."""
    why = " ".join(exercise.why.split())
    return f"About {exercise.minutes} min. {why}"
