"""Snapshots of Trends (with data and empty) and the "I" statement library, at 80x24.

Plain ``def`` tests: the plugin runs the app. The screen is pushed in ``run_before``.
"""

from __future__ import annotations

from pathlib import Path

from workbook.screens.statements import StatementsScreen
from workbook.screens.trends import TrendsScreen

from tests.conftest import make_app
from tests.test_statements_screen import seed_statements
from tests.test_trends import seed_check_ins

SIZE = (80, 24)


def push(screen_class, *keys: str):
    """run_before: open ``screen_class`` over home, then press ``keys``."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        app = pilot.app
        await app.push_screen(screen_class(app.store, app.store.couple()))
        await pilot.pause()
        for key in keys:
            await pilot.press(key)
        await pilot.pause()

    return run_before


def test_trends_with_data(snap_compare, ready_db: Path) -> None:
    seed_check_ins(ready_db)
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=push(TrendsScreen))


def test_trends_scrolled_to_first_beside_latest(snap_compare, ready_db: Path) -> None:
    seed_check_ins(ready_db)
    run_before = push(TrendsScreen, "end")
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_trends_empty(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=push(TrendsScreen))


def test_statements_library(snap_compare, ready_db: Path) -> None:
    seed_statements(ready_db)
    assert snap_compare(
        make_app(ready_db), terminal_size=SIZE, run_before=push(StatementsScreen)
    )


def test_statement_shown_whole(snap_compare, ready_db: Path) -> None:
    seed_statements(ready_db)
    run_before = push(StatementsScreen, "enter")
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)
