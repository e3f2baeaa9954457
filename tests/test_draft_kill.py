"""kill -9 of the real app while a partner types loses at most the last second of the draft."""

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

from tests.conftest import COUPLE
from workbook.store import WorkbookStore

TYPER = Path(__file__).with_name("draft_typer.py")
TEXT = (
    "Work has been heavy lately and I come home with nothing left for us. "
    "I miss the slow evenings, the walks, the talking about nothing at all. "
    "I want to find our way back to them, a little at a time."
)
TRIALS = int(os.environ.get("WORKBOOK_DRAFT_TRIALS", "6"))
ALLOWED_LOSS_SECONDS = 1.0


def typed_by(lines: list[str], moment: float) -> int:
    """How many characters had been typed at ``moment``."""
    count = 0
    for line in lines:
        parts = line.split()
        if parts[:1] == ["typed"] and float(parts[2]) <= moment:
            count = int(parts[1])
    return count


def stored_draft(db: Path) -> str:
    answers = json.loads(db.read_bytes()).get("answers", {}).values()
    drafts = [a for a in answers if a["step"] == "chunk-1"]
    assert len(drafts) <= 1
    return drafts[0]["value"] if drafts else ""


@pytest.mark.parametrize("trial", range(TRIALS))
def test_kill_while_typing_loses_at_most_a_second(tmp_path: Path, trial: int) -> None:
    db = tmp_path / "workbook.json"
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    store.close()
    child = subprocess.Popen(
        [sys.executable, str(TYPER), str(db), TEXT],
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
        # Let a random amount be typed (at least a couple of seconds' worth), then kill.
        os.set_blocking(child.stdout.fileno(), False)
        stop_after = time.monotonic() + random.Random(trial).uniform(2.0, 5.0)
        while time.monotonic() < stop_after:
            time.sleep(0.05)
        killed_at = time.monotonic()
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        lines += (child.stdout.read() or "").splitlines()
    finally:
        if child.poll() is None:
            child.kill()
    typed_total = typed_by(lines, killed_at)
    must_have = typed_by(lines, killed_at - ALLOWED_LOSS_SECONDS)
    draft = stored_draft(db)
    assert typed_total > 10, "the trial typed too little to mean anything"
    assert TEXT.startswith(draft), "the draft is not what was typed"
    assert len(draft) >= must_have, (
        f"lost more than {ALLOWED_LOSS_SECONDS}s: typed {typed_total}, "
        f"{must_have} were older than a second, only {len(draft)} on disk"
    )
    assert oct(db.stat().st_mode & 0o777) == oct(0o600)
