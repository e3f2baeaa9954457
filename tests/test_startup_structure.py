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

from tests.conftest import HANG_SECONDS, make_app
from workbook import storage
from workbook.sample import write_sample_data
from workbook.store import WorkbookStore

SCANS = ("answer_docs", "iter_answers", "answers", "answer_count", "answer")


def shows_complete_home(app) -> bool:
    """Home is in front with its progress line filled in."""
    screen = app.screen
    return isinstance(screen, HomeScreen) and "sessions done" in str(
        screen.query_one("#home-status", Static).render()
    )


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
        assert shows_complete_home(app)
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
        release.wait(HANG_SECONDS)
        return finish_loading(self)

    monkeypatch.setattr(WorkbookStore, "finish_loading", held_back)
    monkeypatch.setattr(HomeScreen, "_prepare_review", lambda self: None)
    app = make_app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert shows_complete_home(app)
        assert app.store is not None and not app.store.complete
        release.set()
        for _ in range(3000):  # the bound only stops a hang
            await pilot.pause(0.02)
            if app.store.complete:
                break
        assert app.store.complete
        assert app.store.answer_count() == 500


async def test_homes_first_frame_is_whole_and_drawn_once(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Home is composed with its details, and the menu's options are not drawn over again."""
    from textual.visual import Visual
    from workbook.screens.home import HomeMenu

    at_mount: list[str] = []
    drawn: list[tuple[int, int]] = []  # (which option's visual, at what width), per drawing
    original_mount = HomeScreen.on_mount
    to_strips = Visual.to_strips.__func__  # type: ignore[attr-defined]

    def on_mount(self: HomeScreen) -> None:
        at_mount.append(str(self.query_one("#home-detail-text", Static).render()))
        original_mount(self)

    def counted(cls, widget, visual, width, *args, **kwargs):
        if isinstance(widget, HomeMenu):
            drawn.append((id(visual), width))
        return to_strips(cls, widget, visual, width, *args, **kwargs)

    monkeypatch.setattr(HomeScreen, "on_mount", on_mount)
    monkeypatch.setattr(Visual, "to_strips", classmethod(counted))
    monkeypatch.setattr(HomeScreen, "_prepare_review", lambda self: None)
    app = make_app(ready_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first = app.content.sessions[0]
        assert len(at_mount) == 1 and f"Session 1 · {first.title}" in at_mount[0]
        # The Resize after the first frame changed nothing: each option was drawn once.
        assert drawn and len(drawn) == len({visual for visual, _ in drawn})
        menu = app.screen.query_one("#home-menu", HomeMenu)
        width = menu.scrollable_content_region.width
        before = len(drawn)
        # Half of 60 columns is narrower than the menu's longest line: it is drawn again.
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        narrower = menu.scrollable_content_region.width
        assert narrower < width
        assert menu.render_line(1).cell_length == narrower  # drawn again at the new width
        (at_first,) = {drawn_width for _, drawn_width in drawn[:before]}
        (after_resize,) = {drawn_width for _, drawn_width in drawn[before:]}
        assert after_resize < at_first


async def test_home_details_follow_progress_when_coming_back(ready_db: Path) -> None:
    """Back on home, the highlighted session's details show its new status."""
    from textual.screen import Screen

    app = make_app(ready_db)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        home = app.screen
        assert isinstance(home, HomeScreen)
        detail = home.query_one("#home-detail-text", Static)
        assert "not started" in str(detail.render())
        store = app.store
        assert store is not None
        record = store.start_session(app.content.sessions[0].id)
        store.complete_session(record.id)
        await app.push_screen(Screen())
        app.pop_screen()
        await pilot.pause()
        assert app.screen is home
        # The highlight moved on to the next session; the finished one now says so.
        assert f"Session 2 · {app.content.sessions[1].title}" in str(detail.render())
        home.highlight(f"session:{app.content.sessions[0].id}")
        await pilot.pause()
        assert "· done" in str(detail.render())


STARTS_AS_WORKBOOK_DOES = """
import gc, sys
from workbook.cli import app_class
from workbook.collector import SCREEN_PACE

App = app_class()
seen = {"after import": gc.isenabled()}

class Watched(App):
    def on_ready(self):
        seen["first frame"] = gc.isenabled()
        self.set_timer(0.2, self.done)

    def done(self):
        seen["after"] = gc.isenabled()
        seen["frozen"] = gc.get_freeze_count() > 0
        seen["paced"] = gc.get_threshold() == SCREEN_PACE
        self.exit()

before = gc.get_threshold()
Watched(db_path=sys.argv[1], content_dir=sys.argv[2]).run(headless=True, size=(80, 24))
seen["pace given back"] = gc.get_threshold() == before
print(seen)
"""


def test_the_collector_waits_for_homes_first_frame(ready_db: Path, tmp_path: Path) -> None:
    """``workbook`` starts with the garbage collector paused and turns it back on after."""
    import ast
    import os
    import subprocess
    import sys

    env = {**os.environ, "WORKBOOK_DATA_DIR": str(tmp_path / "data")}
    done = subprocess.run(
        [sys.executable, "-c", STARTS_AS_WORKBOOK_DOES, str(ready_db), str(tmp_path / "own")],
        capture_output=True, text=True, env=env, timeout=HANG_SECONDS, check=True,
    )
    seen = ast.literal_eval(done.stdout.strip().splitlines()[-1])
    assert seen == {
        "after import": False, "first frame": False, "after": True, "frozen": True, "paced": True,
        "pace given back": True,
    }
