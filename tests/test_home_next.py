"""Back on home after a session is finished, the next session to do is highlighted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList
from workbook.screens.home import HomeScreen
from workbook.screens.session import SessionScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from workbook.content import load_content
from workbook.store import WorkbookStore

SIZE = (80, 24)


def highlighted(home: HomeScreen) -> str | None:
    option = home.query_one("#home-menu", OptionList).highlighted_option
    return option.id if option is not None else None


async def open_session(pilot, home: HomeScreen, session_id: str) -> SessionScreen:
    home.highlight(f"session:{session_id}")
    await pilot.press("enter")
    return await screen_on_top(pilot, SessionScreen)


async def test_finishing_a_session_moves_home_to_the_next(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        first, second = (s.id for s in app.content.sessions[:2])
        assert highlighted(home) == f"session:{first}"
        await open_session(pilot, home, first)
        # The closing question answered: the sitting is marked done, as the session does.
        record = app.store.start_session(first)
        app.store.complete_session(record.id)
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert highlighted(home) == f"session:{second}"
        assert "next: 2." in str(home.query_one("#home-status").render())


async def test_coming_back_without_finishing_keeps_the_place(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        third = app.content.sessions[2].id
        await open_session(pilot, home, third)
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert highlighted(home) == f"session:{third}"


async def test_a_repeat_finished_moves_on_to_the_first_not_done(ready_db: Path) -> None:
    """With sessions 1 and 2 done, finishing session 1 again moves the highlight to 3."""
    first, second, third = (s.id for s in load_content().sessions[:3])
    store = WorkbookStore.open(ready_db)
    for done in (first, second):
        store.complete_session(store.start_session(done).id)
    store.close()
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert highlighted(home) == f"session:{third}"
        await open_session(pilot, home, first)
        await pilot.press("escape")  # nothing finished while away: the place is kept
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert highlighted(home) == f"session:{first}"
        await open_session(pilot, home, first)
        app.store.complete_session(app.store.start_session(first).id)
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert highlighted(home) == f"session:{third}"
