"""Opening an exercise saves once (the attempt); when that fails, the screen says so.

Before, a full disk while opening an exercise left a blank screen where
ctrl+s did nothing. Now the screen says what went wrong in plain words and
offers to try again (ctrl+s or the button) or to go back (Escape); once the
disk has room, trying again starts the exercise.

Each test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py): the full disk locked in ``make test``, the others
locked under ``make torture``.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.widgets import Button
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.home import HomeScreen

from tests.conftest import exercise_busy
from tests.exercise_helpers import screen_text
from tests.hostile.files import run_cli
from tests.locking import Lock, sampled
from workbook.model import Answer, new_id
from workbook.store import WorkbookStore

SIZE = (80, 24)


class FullDisk:
    """Stands in for ``os.replace``: every call fails with ENOSPC while ``on``."""

    def __init__(self, real: Callable[..., None]) -> None:
        self.real = real
        self.on = True
        self.fired = 0

    def __call__(self, *args: object, **kwargs: object) -> None:
        if self.on:
            self.fired += 1
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.real(*args, **kwargs)


async def wait_for(pilot, condition: Callable[[], object], what: str) -> None:
    """Let the app run until ``condition()`` holds; the step limit is only a hang guard."""
    for _ in range(500):
        await pilot.pause()
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never happened: {what}; the screen shows {screen_text(pilot.app)!r}")


def offers_retry(app) -> bool:
    return isinstance(app.screen, ExerciseScreen) and bool(app.screen.query("#retry-start"))


def started(app) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ExerciseScreen)
        and not exercise_busy(app)
        and bool(screen.query(".choice"))
    )


@pytest.mark.parametrize("lock", sampled(in_sample=True), indirect=True)
async def test_a_full_disk_while_opening_an_exercise_says_so_and_retries(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    before = ready_db.read_bytes()
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        disk = FullDisk(os.replace)
        monkeypatch.setattr(os, "replace", disk)
        app.open_exercise("listening-your-topic")
        await wait_for(pilot, lambda: offers_retry(app), "a way to try again")
        text = " ".join(screen_text(app).split())
        assert "The disk is full" in text and "could not be started" in text, text
        assert "Escape" in text and "Traceback" not in text and "Errno" not in text
        assert ready_db.read_bytes() == before

        await pilot.press("ctrl+s")  # still full: the same message, nothing else happens
        await wait_for(pilot, lambda: disk.fired >= 2 and offers_retry(app), "a second try")
        assert "The disk is full" in screen_text(app)
        assert ready_db.read_bytes() == before

        disk.on = False  # room again
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: started(app), "the exercise's first step")
        assert not app.screen.query("#retry-start")
    assert ready_db.read_bytes() != before  # the attempt was saved this time
    (run,) = lock.tables(ready_db)["runs"].values()  # a locked workbook stays locked
    assert run["exercise"] == "listening-your-topic"


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_going_back_when_an_exercise_could_not_start(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        monkeypatch.setattr(os, "replace", FullDisk(os.replace))
        app.open_exercise("listening-your-topic")
        await wait_for(pilot, lambda: offers_retry(app), "a way to go back")
        app.screen.query_one("#back-start", Button).press()
        await wait_for(pilot, lambda: isinstance(app.screen, HomeScreen), "home again")


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_a_workbook_changed_behind_the_apps_back_is_said_when_opening(
    ready_db: Path, tmp_path: Path, lock: Lock
) -> None:
    source = tmp_path / "theirs" / "workbook.json"
    other = WorkbookStore.open(source)  # plain: what is imported is not under test
    other.add_history([], [Answer(uuid=new_id(), exercise="x", step="s", partner="a",
                                  value="imported while the app was open")])  # fmt: skip
    other.close()
    app = lock.app(ready_db)
    key = lock.cli_args(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        Path(f"{ready_db}.lock").unlink()  # the lock is gone: the import is not stopped
        assert run_cli("import", str(source), "--db", str(ready_db), *key).returncode == 0
        imported = ready_db.read_bytes()
        app.open_exercise("listening-your-topic")
        await wait_for(pilot, lambda: offers_retry(app), "the plain message")
        text = " ".join(screen_text(app).split())
        assert "changed by another window or command" in text, text
        assert ".unsaved-" in text and "workbook import" in text
        assert ready_db.read_bytes() == imported  # the import was not written over
