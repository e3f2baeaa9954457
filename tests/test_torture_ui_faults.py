"""A failing disk during a confirm, seen through the real UI (the listening drill, 80x24).

While a partner confirms an answer, the saver's ``os.replace``, ``os.fsync``
or ``os.write`` fails with ENOSPC, EIO or EROFS. The screen must say so in
plain words (no traceback, no exception names, no errno), keep the typed text
in the box and stay on the same step; the workbook must be byte-identical,
its backup too, with no temp file left. Once the fault clears, confirming
again saves the answer and moves on.

The same holds when the file-size limit (RLIMIT_FSIZE, the "disk full" a
normal user can cause) stops the save, in a child process
(tests/torture_fsize.py).

The storage-level tests (test_storage_faults.py) fail the k-th call for
every k; these check what the person at the keyboard sees.

On a workbook locked with a passphrase (tests/locking.py) the same must
hold: ``make test`` runs the draft that can't be kept locked, and ``make
torture`` runs every test locked too.
"""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from textual.widgets import TextArea
from workbook.screens.widgets.save_status import SaveStatus

from tests.exercise_helpers import choose, settle
from tests.locking import LOCKS, Lock, sampled, with_locks
from tests.torture_ui import (
    TECHNICAL,
    at_the_first_piece,
    drafts_landed,
    status_text,
    stored,
    temp_files,
)

HERE = Path(__file__).resolve().parent
SIZE = (80, 24)
ANSWER = "What I'd like you to know is that Sundays feel empty without our walks"

#: What the message must say for each error, in plain words.
PHRASES = {
    errno.ENOSPC: "The disk is full",
    errno.EIO: "The disk reported an error",
    errno.EROFS: "not allowed to write",
    errno.EFBIG: "grown past the size this system allows",
}


class SaverFault:
    """Stands in for ``os.<name>``: every call made by the saver thread fails while ``on``."""

    def __init__(self, real, code: int) -> None:
        self.real, self.code = real, code
        self.on = True
        self.fired = 0

    def __call__(self, *args):
        if self.on and threading.current_thread().name == "workbook-saver":
            self.fired += 1
            raise OSError(self.code, os.strerror(self.code))
        return self.real(*args)


def assert_plain_failure(app, code: int) -> None:
    message = status_text(app)
    assert PHRASES[code] in message, message
    assert "NOT saved" in message and "still" in message, message
    for word in TECHNICAL:
        assert word not in message, f"{word!r} in {message!r}"
    assert app.screen.query_one(SaveStatus).has_class("-error")


CODES = (errno.ENOSPC, errno.EIO, errno.EROFS)
TORTURE = os.environ.get("WORKBOOK_TORTURE") == "1"


async def next_text_step(pilot) -> None:
    """Move on to the next step where someone writes (answering "Not quite" to marks)."""
    screen = pilot.app.screen
    while not screen.query("#answer-text"):
        await choose(pilot, "Not quite")


@pytest.mark.slow
@pytest.mark.parametrize(
    ("call", "lock"),
    with_locks([("replace", CODES), ("fsync", (errno.EIO,)), ("write", (errno.ENOSPC,))],
               ids=["replace", "fsync", "write"], sample=0),
    indirect=["lock"],
)
async def test_confirm_fails_plainly_and_keeps_everything(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, call: tuple[str, tuple[int, ...]], lock: Lock
) -> None:
    """Under WORKBOOK_TORTURE, every error for every call, four times over, plain and locked."""
    name, codes = call
    await confirm_through_faults(
        ready_db, monkeypatch, name, CODES * 4 if TORTURE else codes, lock
    )


async def confirm_through_faults(
    db: Path, monkeypatch: pytest.MonkeyPatch, name: str, codes: tuple[int, ...], lock: Lock
) -> None:
    ready_db = db
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        for n, code in enumerate(codes):
            await next_text_step(pilot)
            step = screen.shown_step.step
            typed = f"{ANSWER} ({n})"
            text = screen.shown_step.starter + typed  # the box starts with the step's starter
            screen.query_one("#answer-text", TextArea).insert(typed)
            await drafts_landed(pilot)
            assert stored(ready_db, lock)[step]["value"] == text
            assert stored(ready_db, lock)[step]["draft"] is True
            before = ready_db.read_bytes()
            backup = Path(f"{ready_db}.bak").read_bytes()
            listing = sorted(os.listdir(ready_db.parent))

            fault = SaverFault(getattr(os, name), code)
            monkeypatch.setattr(os, name, fault)
            await pilot.press("ctrl+s")
            await settle(pilot)

            assert fault.fired >= 1
            assert_plain_failure(app, code)
            assert app.screen is screen and screen.shown_step.step == step  # did not move on
            assert screen.query_one("#answer-text", TextArea).text == text
            assert ready_db.read_bytes() == before
            assert Path(f"{ready_db}.bak").read_bytes() == backup
            assert temp_files(ready_db.parent) == []
            assert sorted(os.listdir(ready_db.parent)) == listing

            # A second try while the disk still fails: the same, nothing half-done.
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert_plain_failure(app, code)
            assert ready_db.read_bytes() == before and temp_files(ready_db.parent) == []

            fault.on = False  # the disk is fine again
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert "Saved" in status_text(app)
            assert screen.shown_step.step != step
            answer = stored(ready_db, lock)[step]
            assert answer["value"] == text and answer["draft"] is False
            assert temp_files(ready_db.parent) == []
    assert app.return_code in (None, 0)


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
async def test_draft_that_cannot_be_kept_says_so(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        before = ready_db.read_bytes()
        fault = SaverFault(os.replace, errno.ENOSPC)
        monkeypatch.setattr(os, "replace", fault)
        screen.query_one("#answer-text", TextArea).insert(ANSWER)
        await drafts_landed(pilot)
        message = status_text(app)
        assert "draft could not be kept" in message and PHRASES[errno.ENOSPC] in message
        assert "Draft kept" not in message
        assert ready_db.read_bytes() == before and temp_files(ready_db.parent) == []
        fault.on = False
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert stored(ready_db, lock)["chunk-1"]["value"] == ANSWER


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
def test_file_size_limit_through_the_ui(tmp_path: Path, ready_db: Path, lock: Lock) -> None:
    """RLIMIT_FSIZE stops the save (EFBIG) in a child process: the same plain failure."""
    result = subprocess.run(
        [sys.executable, str(HERE / "torture_fsize.py"), str(ready_db), lock.kind],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.splitlines()[-1])
    assert PHRASES[errno.EFBIG] in report["message"] and "NOT saved" in report["message"]
    for word in TECHNICAL:
        assert word not in report["message"]
    assert report["box"] == report["typed"]
    assert report["same_step"]
    assert report["unchanged"] and report["backup_unchanged"]
    assert report["temps"] == []
    assert report["after"].startswith("✓ Saved")
    answer = stored(ready_db, lock)["chunk-1"]
    assert answer["value"] == report["typed"] and answer["draft"] is False
