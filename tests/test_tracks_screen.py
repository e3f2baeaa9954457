"""Going further: home offers the tracks, each listed in order with what is done, and opens them."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.home import TRACKS_ID, HomeScreen
from workbook.screens.tracks import TracksScreen
from workbook.screens.widgets.menus import OpenMenu

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import screen_text, settle
from workbook.content import load_content
from workbook.store import WorkbookStore

SIZE = (80, 24)


def menu_lines(screen: TracksScreen) -> list[str]:
    menu = screen.query_one(OpenMenu)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def open_tracks(pilot) -> TracksScreen:
    await pilot.pause()
    home = pilot.app.screen
    assert isinstance(home, HomeScreen)
    home.highlight(TRACKS_ID)
    await pilot.press("enter")
    return await screen_on_top(pilot, TracksScreen)


async def test_every_track_is_listed_in_order_with_its_place(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracks(pilot)
        lines = menu_lines(screen)
        for track in app.content.tracks:
            assert track.title in lines
            start = lines.index(track.title)
            for number, exercise_id in enumerate(track.exercises, 1):
                title = app.content.exercise(exercise_id).title
                assert lines[start + number] == f"○ {number}. {title}"
        first = app.content.tracks[0]
        detail = str(screen.query_one("#tracks-detail", Static).render())
        assert f"{first.title}, 1 of {len(first.exercises)}" in detail
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)


async def test_a_done_exercise_is_marked_and_enter_opens_one(ready_db: Path) -> None:
    track = load_content().tracks[0]
    track_exercise = track.exercises[1]
    store = WorkbookStore.open(ready_db)
    try:
        run = store.start_run(track_exercise, None, {})
        store.commit_step(run.id, {}, complete=True)
    finally:
        store.close()
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_tracks(pilot)
        title = app.content.exercise(track_exercise).title
        assert f"✓ 2. {title}" in menu_lines(screen)
        await pilot.press("enter")  # the first of the first track
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        assert app.content.exercise(track.exercises[0]).title in screen_text(app)
        await pilot.press("escape")
        await until_quiet(pilot)
