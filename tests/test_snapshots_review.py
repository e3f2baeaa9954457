"""Snapshots of Review: the list, a search, a sitting as a page, the filter menu, no result."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from workbook.screens.history import HistoryList

from tests.conftest import make_app
from tests.test_review import seed
from tests.test_review_story import seed as story_seed

SIZE = (80, 24)


def review(*then):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        for step in then:
            await step(pilot)
            await pilot.pause()

    return run_before


async def search(pilot) -> None:
    pilot.app.screen.query_one("#review-search", Input).value = "sundays"


async def open_first(pilot) -> None:
    pilot.app.screen.query_one(HistoryList).focus()
    await pilot.press("enter")


def test_review_list(snap_compare, db_path: Path) -> None:
    seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review())


def test_review_search(snap_compare, db_path: Path) -> None:
    seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review(search))


def test_review_answer_page(snap_compare, db_path: Path) -> None:
    seed(db_path)
    run_before = review(search, open_first)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=run_before)


def test_review_export_dialog(snap_compare, db_path: Path) -> None:
    async def export(pilot) -> None:
        await pilot.press("x")
        await pilot.pause()
        path = pilot.app.screen.query_one("#export-path", Input)
        path.value = "~/couple-workbook-export.md"

    seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review(export))


def test_review_filter_menu(snap_compare, db_path: Path) -> None:
    async def menu(pilot) -> None:
        await pilot.press("f")

    seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review(menu))


def test_review_nothing_found(snap_compare, db_path: Path) -> None:
    async def nothing(pilot) -> None:
        pilot.app.screen.query_one("#review-search", Input).value = "lighthouse"
        pilot.app.screen.query_one("#review-dates", Input).value = "2026-10"

    seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review(nothing))


def test_review_sitting_page_statement_and_say_back(snap_compare, db_path: Path) -> None:
    async def statement(pilot) -> None:
        history = pilot.app.screen.query_one(HistoryList)
        history.cursor = next(
            index for index, row in enumerate(history.rows)
            if isinstance(row, dict) and row.get("step") == "statement"
        )
        history.focus()
        await pilot.press("enter")

    story_seed(db_path)
    assert snap_compare(make_app(db_path), terminal_size=SIZE, run_before=review(statement))


def test_review_sitting_page_at_60_columns(snap_compare, db_path: Path) -> None:
    story_seed(db_path)
    assert snap_compare(
        make_app(db_path), terminal_size=(60, 18), run_before=review(open_first)
    )
