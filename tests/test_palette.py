"""The command palette finds every exercise, session and tool by name, from home or an exercise."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from textual.command import CommandList, CommandPalette
from textual.widgets import OptionList, TextArea
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.home import HomeScreen
from workbook.screens.library import LibraryScreen
from workbook.screens.review import ReviewScreen
from workbook.screens.session import SessionScreen
from workbook.screens.tracks import TracksScreen
from workbook.screens.trends import TrendsScreen

from tests.conftest import (
    HANG_SECONDS,
    make_app,
    screen_on_top,
    until_palette_offers,
    until_quiet,
)
from tests.exercise_helpers import settle

SIZE = (80, 24)


def offered(app) -> list[str]:
    """The first line of every entry the open palette lists."""
    found = app.screen.query_one(CommandList)
    return [
        str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)
    ]


async def palette(pilot, query: str, wanted: str, *, highlighted: bool = True) -> None:
    """Open the palette, type ``query`` and wait until ``wanted`` is offered (highlighted)."""
    await pilot.press("ctrl+p")
    await screen_on_top(pilot, CommandPalette)
    await pilot.press(*query)
    await until_palette_offers(pilot, wanted, highlighted=highlighted)


async def choose_from_palette(pilot, query: str, wanted: str) -> None:
    """Find ``wanted`` by typing ``query`` in the palette, and choose it."""
    await palette(pilot, query, wanted)
    await pilot.press("enter")
    await until_quiet(pilot)


async def typing_in_appreciation(pilot, text: str) -> ExerciseScreen:
    """Open the appreciation exchange from the palette and type ``text`` in its first answer."""
    await choose_from_palette(pilot, "Appreciation exchange", "Appreciation exchange")
    screen = await screen_on_top(pilot, ExerciseScreen)
    await pilot.press("ctrl+s")  # begin
    await screen_on_top(pilot, HandOffScreen)
    await pilot.press("enter")  # the first writer is ready
    screen = await screen_on_top(pilot, ExerciseScreen)
    await settle(pilot)
    area = screen.query_one("#answer-text", TextArea)
    area.focus()
    area.insert(text)
    await until_quiet(pilot)
    return screen


async def test_every_exercise_is_found_by_its_title(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        dreams = [e.title for e in app.content.exercises.values() if "dream" in e.title.lower()]
        assert dreams
        await palette(pilot, "dream", dreams[0], highlighted=False)
        for title in dreams:
            await until_palette_offers(pilot, title)
        await pilot.press("escape")
        await until_quiet(pilot)
        await pilot.press("ctrl+p")
        await screen_on_top(pilot, CommandPalette)
        await until_palette_offers(pilot, "Review your answers")  # listed before any typing
        every = [e.title for e in app.content.exercises.values()]
        for title in every:
            await until_palette_offers(pilot, title)


async def test_choosing_an_exercise_opens_it(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await choose_from_palette(pilot, "quick apprec", "Quick appreciation")
        screen = await screen_on_top(pilot, ExerciseScreen)
        assert screen.exercise.id == "quick-appreciation"
        await pilot.press("escape")
        assert isinstance(await screen_on_top(pilot, HomeScreen), HomeScreen)


async def test_all_exercises_review_and_trends_are_found(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await choose_from_palette(pilot, "All exer", "All exercises")
        await screen_on_top(pilot, LibraryScreen)
        await choose_from_palette(pilot, "further", "Going further")
        await screen_on_top(pilot, TracksScreen)
        await choose_from_palette(pilot, "review", "Review your answers")
        await screen_on_top(pilot, ReviewScreen)
        await choose_from_palette(pilot, "trends", "Trends")
        await screen_on_top(pilot, TrendsScreen)
        await pilot.press("escape")
        await screen_on_top(pilot, ReviewScreen)


async def test_straight_quotes_find_a_title_with_curly_ones(ready_db: Path) -> None:
    """People type straight quotes; the title keeps its curly ones on screen."""
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("ctrl+p")
        await screen_on_top(pilot, CommandPalette)
        await pilot.press(*'"I" statements')
        await until_palette_offers(pilot, "\u201cI\u201d statements", limit=500)


def test_matching_treats_curly_and_straight_quotes_alike() -> None:
    from textual.command import Matcher
    from textual.style import Style
    from workbook.screens.commands import for_matching, plain_highlight

    assert for_matching("\u201cI\u201d statements, that\u2019s \u2018it\u2019") == (
        '"I" statements, that\'s \'it\''
    )
    title = "That\u2019s \u201cus\u201d"
    matcher = Matcher(for_matching("that's \"us\""), match_style=Style(bold=True))
    assert matcher.match(for_matching(title)) > 0
    shown = plain_highlight(matcher, title)
    assert shown.plain == title  # shown as written, curly quotes and all
    bold = {n for span in shown.spans for n in range(span.start, span.end)}
    assert title.index("\u2019") in bold and title.index("\u201c") in bold


async def test_from_an_exercise_to_another_keeps_the_draft(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        first = await typing_in_appreciation(pilot, "your patience this week")
        await choose_from_palette(pilot, "quick apprec", "Quick appreciation")
        screen = await screen_on_top(pilot, ExerciseScreen)
        assert screen.exercise.id == "quick-appreciation"
        # The first exercise was left, as Escape leaves it, not kept open underneath.
        assert first not in app.screen_stack
        assert isinstance(app.screen_stack[-2], HomeScreen)
        drafts = [
            a for a in app.store.answers(exercise="appreciation-exchange") if a.draft
        ]
        assert [a.value for a in drafts] == ["your patience this week"]
        assert drafts[0].run == first.run.id  # kept in its place, to carry on later


async def test_from_an_exercise_a_session_is_shown_on_home(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await typing_in_appreciation(pilot, "how you listen")
        third = app.content.sessions[2]
        await choose_from_palette(pilot, f"Session {third.number}", f"Session {third.number}")
        home = await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert home.query_one("#home-menu", OptionList).highlighted_option.id == (
            f"session:{third.id}"
        )
        drafts = [a.value for a in app.store.answers(exercise="appreciation-exchange") if a.draft]
        assert drafts == ["how you listen"]


async def test_a_dialog_offers_no_way_elsewhere(ready_db: Path) -> None:
    """Over help (a dialog) the palette keeps to what cannot cut the dialog short."""
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("f1")
        await until_quiet(pilot)
        await pilot.press("ctrl+p")
        await screen_on_top(pilot, CommandPalette)
        await until_palette_offers(pilot, "Where is our workbook file?")
        await until_quiet(pilot)
        assert "Review your answers" not in offered(app)
        assert "Quick appreciation" not in offered(app)


def test_the_palette_module_loads_no_screens() -> None:
    """Start-up imports the palette's module; the screens it opens load only when it opens."""
    code = (
        "import sys, workbook.screens.commands\n"
        "loaded = [m for m in sys.modules if m.startswith('workbook.screens.')]\n"
        "print(sorted(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        timeout=HANG_SECONDS,
    )
    assert result.stdout.strip() == "['workbook.screens.commands']"


async def test_from_a_session_its_own_exercise_opens_as_part_of_it(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        first = app.content.sessions[0]
        assert "appreciation-exchange" in first.exercises
        app.screen.highlight(f"session:{first.id}")
        await pilot.press("enter")
        sitting = await screen_on_top(pilot, SessionScreen)
        await choose_from_palette(pilot, "Appreciation exchange", "Appreciation exchange")
        screen = await screen_on_top(pilot, ExerciseScreen)
        assert sitting.record is not None
        assert (screen.exercise.id, screen.session) == ("appreciation-exchange", sitting.record.id)
        # One from elsewhere opens on its own, outside the sitting.
        await pilot.press("escape")
        await screen_on_top(pilot, SessionScreen)
        await choose_from_palette(pilot, "quick apprec", "Quick appreciation")
        screen = await screen_on_top(pilot, ExerciseScreen)
        assert (screen.exercise.id, screen.session) == ("quick-appreciation", None)
