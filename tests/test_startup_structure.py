"""Start-up cost, guarded by structure rather than by time.

Home must be complete without reading the answers: a history of any length
must not slow the first screen down (beyond parsing the file itself).
"""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from textual.widgets import Static
from workbook.screens.home import HomeScreen

from tests.conftest import make_app
from workbook import storage
from workbook.sample import write_sample_data
from workbook.store import WorkbookStore

SCANS = ("answer_docs", "iter_answers", "answers", "answer_count", "answer")


async def test_home_is_complete_without_scanning_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "workbook.json"
    write_sample_data(db, answers=500, seed=2)
    calls: list[str] = []

    def forbidden(name: str):
        def scan(self, *args, **kwargs):
            calls.append(name)
            raise AssertionError(f"start-up scanned the answers with {name}()")

        return scan

    for name in SCANS:
        monkeypatch.setattr(WorkbookStore, name, forbidden(name))
    # Review is prepared a second after home is shown; that is after start-up.
    monkeypatch.setattr(HomeScreen, "_prepare_review", lambda self: None)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "sessions done" in str(app.screen.query_one("#home-status", Static).render())
        assert app.screen.sub_title == "Robin & Sam"
    assert calls == []


async def test_the_guard_catches_a_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """If home did count the answers while starting, the guard above would see it."""
    db = tmp_path / "workbook.json"
    write_sample_data(db, answers=50, seed=2)
    seen: list[str] = []
    monkeypatch.setattr(WorkbookStore, "answer_count", lambda self: seen.append("count") or 0)
    original = HomeScreen.on_mount

    def scanning_mount(self) -> None:
        self.store.answer_count()
        original(self)

    monkeypatch.setattr(HomeScreen, "on_mount", scanning_mount)
    monkeypatch.setattr(HomeScreen, "_prepare_review", lambda self: None)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert seen == ["count"]


async def test_home_shows_before_a_big_workbooks_answers_are_parsed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home is drawn from the small tables; the answers are parsed only afterwards."""
    monkeypatch.setattr(storage, "DEFER_ANSWERS_FROM", 0)  # every file counts as big
    db = tmp_path / "workbook.json"
    write_sample_data(db, answers=500, seed=2)
    release = threading.Event()
    finish_loading = WorkbookStore.finish_loading

    def held_back(self: WorkbookStore) -> bool:
        release.wait(10)
        return finish_loading(self)

    monkeypatch.setattr(WorkbookStore, "finish_loading", held_back)
    monkeypatch.setattr(HomeScreen, "_prepare_review", lambda self: None)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "sessions done" in str(app.screen.query_one("#home-status", Static).render())
        assert app.store is not None and not app.store.complete
        release.set()
        for _ in range(100):
            await pilot.pause(0.02)
            if app.store.complete:
                break
        assert app.store.complete
        assert app.store.answer_count() == 500
