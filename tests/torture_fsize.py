"""Child process for test_torture_ui_faults.py: a confirm stopped by the file-size limit.

Usage: python tests/torture_fsize.py DB [locked]

With ``locked`` the workbook is locked with tests.locking.PASSPHRASE, and the
app is given it as if it had been typed on the unlock screen.

Drives the real app (pilot, 80x24) to the first piece of the listening drill,
lowers RLIMIT_FSIZE to just above the workbook's size (with SIGXFSZ ignored,
so a write past it fails with EFBIG: the "disk full" a normal user can
cause), types a long answer and confirms it. Then lifts the limit and
confirms again. Prints one JSON line with what it saw.
"""

from __future__ import annotations

import asyncio
import json
import os
import resource
import signal
import sys
from pathlib import Path

from textual.widgets import TextArea
from workbook.screens.widgets.save_status import SaveStatus

from tests.exercise_helpers import choose, settle, write
from tests.locking import Lock
from tests.torture_ui import drafts_landed

TYPED = "Sundays feel empty without our walks. " * 500


async def main(db: Path, lock: Lock) -> dict:
    app = lock.app(db, content_dir=db.parent / "no-own-content")
    report: dict = {"typed": TYPED}
    async with app.run_test(size=(80, 24)) as pilot:
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "our Sundays")
        screen = app.screen
        step = screen.shown_step.step
        await drafts_landed(pilot)
        before = db.read_bytes()
        backup = Path(f"{db}.bak").read_bytes()
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
        resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 1000, hard))
        try:
            screen.query_one("#answer-text", TextArea).insert(TYPED)
            await drafts_landed(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            report["message"] = str(screen.query_one(SaveStatus).render())
            report["box"] = screen.query_one("#answer-text", TextArea).text
            report["same_step"] = app.screen is screen and screen.shown_step.step == step
        finally:
            resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        report["unchanged"] = db.read_bytes() == before
        report["backup_unchanged"] = Path(f"{db}.bak").read_bytes() == backup
        report["temps"] = [n for n in os.listdir(db.parent) if n.endswith(".tmp")]
        await pilot.press("ctrl+s")
        await settle(pilot)
        report["after"] = str(screen.query_one(SaveStatus).render())
    return report


if __name__ == "__main__":
    kind = sys.argv[2] if len(sys.argv) > 2 else "plain"
    print(json.dumps(asyncio.run(main(Path(sys.argv[1]), Lock(kind)))))
