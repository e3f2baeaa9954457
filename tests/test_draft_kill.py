"""kill -9 of the real app while a partner types: the draft on disk is always whole.

What it proves is about content, not time: after the kill the file opens, it is
still private, and the draft in it is exactly a beginning of what was typed,
never garbled and never more. How much typing a kill costs is a matter of time
and load, so it is printed (``make torture`` shows it), not asserted.

Under ``make torture`` every trial runs on a workbook locked with a
passphrase too (tests/locking.py); ``make test`` runs its trials plain.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import COUPLE, HANG_SECONDS
from tests.locking import PASSPHRASE, Lock, sampled

TYPER = Path(__file__).with_name("draft_typer.py")
TEXT = (
    "Work has been heavy lately and I come home with nothing left for us. "
    "I miss the slow evenings, the walks, the talking about nothing at all. "
    "I want to find our way back to them, a little at a time."
)
TRIALS = int(os.environ.get("WORKBOOK_DRAFT_TRIALS", "3"))


def typed_moments(lines: list[str]) -> dict[int, float]:
    """When each character count was reached, from the typer's "typed N T" lines."""
    moments = {}
    for line in lines:
        parts = line.split()
        if parts[:1] == ["typed"] and len(parts) == 3:
            moments[int(parts[1])] = float(parts[2])
    return moments


def stored_draft(db: Path, lock: Lock) -> str:
    answers = json.loads(lock.read(db)).get("answers", {}).values()
    drafts = [a for a in answers if a["step"] == "chunk-1"]
    assert len(drafts) <= 1
    return drafts[0]["value"] if drafts else ""


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_while_typing_leaves_a_whole_draft(tmp_path: Path, trial: int, lock: Lock) -> None:
    db = tmp_path / "workbook.json"
    store = lock.open_store(db)
    store.save_couple(COUPLE)
    store.close()
    key = [PASSPHRASE] if lock.locked else []
    child = subprocess.Popen(
        [sys.executable, str(TYPER), str(db), TEXT, *key],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "TEXTUAL_ANIMATIONS": "none"},
    )
    lines: list[str] = []
    try:
        assert child.stdout is not None
        for line in child.stdout:
            lines.append(line)
            if line.startswith("ready"):
                break
        else:
            pytest.fail("the app never reached the answer box")
        # Kill once a random number of characters has been typed: the trial
        # waits on what the typer reports, not on the clock.
        kill_after = random.Random(trial).randint(40, len(TEXT) - 20)
        for line in child.stdout:
            lines.append(line)
            parts = line.split()
            if parts[:1] == ["typed"] and int(parts[1]) >= kill_after:
                break
        else:
            pytest.fail("the typer stopped before the kill")
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait(HANG_SECONDS)
        lines += (child.stdout.read() or "").splitlines()
    finally:
        if child.poll() is None:
            child.kill()
    moments = typed_moments(lines)
    draft = stored_draft(db, lock)
    assert TEXT.startswith(draft), "the draft is not a beginning of what was typed"
    assert len(draft) <= max(moments), "the draft holds more than was typed"
    lost = killed_at - moments[len(draft)] if draft else killed_at - moments[1]
    print(f"\ntrial {trial} ({lock.kind}): {max(moments)} typed, {len(draft)} kept, "
          f"{lost:.2f} s of typing lost")
    assert oct(db.stat().st_mode & 0o777) == oct(0o600)
