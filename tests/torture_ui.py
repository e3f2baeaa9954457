"""Pilot helpers shared by the torture tests that go through the real UI."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from workbook.screens.listening import ListeningScreen
from workbook.screens.widgets.save_status import SaveStatus

from tests.exercise_helpers import choose, settle, write

#: Words that would mean a technical message reached the screen.
TECHNICAL = ("Traceback", "Error", "errno", "Errno", "Exception", "OSError", "WriteFailed")


async def at_the_first_piece(app, pilot) -> ListeningScreen:
    """The listening drill, Alex holding the floor, at the first piece to say (chunk-1)."""
    app.open_exercise("listening-your-topic")
    await settle(pilot)
    await choose(pilot, "Alex speaks first")
    await choose(pilot, "Our own topic")
    await write(pilot, "our Sundays")
    screen = app.screen
    assert isinstance(screen, ListeningScreen) and screen.shown_step.step == "chunk-1"
    return screen


async def drafts_landed(pilot, timeout: float = 10.0) -> None:
    """Wait until the draft timer fired and every queued save has landed.

    Without blocking the event loop: a save reports back through
    ``call_from_thread``, which needs the loop, so a blocking
    ``saver.flush()`` here would stall until its timeout.
    """
    deadline = time.monotonic() + timeout
    await pilot.pause()  # the edit reaches the screen, which starts the draft timer
    app = pilot.app
    drafts = getattr(app.screen, "drafts", None)
    while (drafts is not None and drafts.waiting) or not app.saver.flush(0):
        if time.monotonic() > deadline:
            raise AssertionError("the draft never landed")
        await pilot.pause(0.02)
    await pilot.pause()


def status_text(app) -> str:
    """The save status line of the screen in front."""
    return str(app.screen.query_one(SaveStatus).render())


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def stored(db: Path, lock=None) -> dict[str, dict]:
    """The answers on disk, by step (read through ``lock``, a tests.locking.Lock, if given)."""
    raw = db.read_bytes() if lock is None else lock.read(db)
    return {a["step"]: a for a in json.loads(raw).get("answers", {}).values()}


def drawn_text(app) -> str:
    """Every character the screen in front would send to the terminal now, line by line."""
    update = app.screen._compositor.render_full_update()
    return "\n".join("".join(segment.text for segment in strip) for strip in update.strips)
