"""Child process for test_torture_signals.py: the real app confirming answers and typing drafts.

Usage: python tests/torture_app.py DB SEED [--pty ACK_FD]

Runs WorkbookApp on DB (headless, 80x24; with ``--pty`` on the real terminal
driver of whatever terminal it was started in) and drives the listening drill
as a couple would, one key at a time: each answer is typed character by
character and confirmed with ctrl+s, and the speaker answers "Not quite" to
every paraphrase, so text steps keep coming. It reports, one line each (on
stdout, or on the file descriptor ACK_FD with ``--pty``):

    ready
    begin STEP JSON         STEP's answer will be this text (as JSON)
    typed STEP N T          N characters of it typed by time.monotonic() T
    confirmed STEP JSON     STEP's answer is saved and the next step shown (its text as JSON)
    choosing STEP           about to answer STEP (a "did they get it?") with "Not quite"
    chose STEP              that choice is saved and the next step is on screen

and goes on until it is killed (or a minute has passed).
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Button, OptionList, TextArea
from workbook.screens.exercise import ExerciseScreen, TextStep
from workbook.screens.widgets.save_status import SaveStatus

from workbook.app import WorkbookApp

KEY_INTERVAL = 0.03
LIMIT_SECONDS = 60
WORDS = ("we", "miss", "our", "slow", "evenings", "and", "the", "long", "walks", "after", "dinner")


def answer_text(rng: random.Random, step: str) -> str:
    """A short answer of plain words (typed with single key presses)."""
    return f"{step.replace('-', ' ').replace('.', ' ')} " + " ".join(
        rng.choice(WORDS) for _ in range(rng.randint(1, 4))
    )


class Reporter:
    """Writes report lines straight to a file descriptor (Textual captures ``print``)."""

    def __init__(self, fd: int) -> None:
        self.fd = fd

    def __call__(self, *parts: object) -> None:
        os.write(self.fd, (" ".join(str(p) for p in parts) + "\n").encode())


async def wait_for(pilot, ready, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while not ready():
        if time.monotonic() > deadline:
            raise TimeoutError("the screen did not get there")
        await pilot.pause(0.02)


def settled(app) -> bool:
    """An exercise is on screen, with nothing being saved or put on screen."""
    screen = app.screen
    if not isinstance(screen, ExerciseScreen) or screen.run is None or screen.saving:
        return False
    return all(worker.is_finished for worker in app.workers if worker.node is screen)


async def choose(pilot, label: str) -> None:
    screen = pilot.app.screen
    for button in screen.query(".choice").results(Button):
        if label in str(button.label):
            button.press()
            break
    else:
        for menu in screen.query(".choice").results(OptionList):
            for index in range(menu.option_count):
                if label in str(menu.get_option_at_index(index).prompt):
                    menu.highlighted = index
                    menu.action_select()
                    break
    await pilot.pause()
    await wait_for(pilot, lambda: settled(pilot.app))


def make_driver(report: Reporter, seed: int):
    rng = random.Random(seed)

    async def drive(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        app.open_exercise("listening-your-topic")
        await wait_for(pilot, lambda: settled(app) and app.screen.query(".choice"))
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        report("ready")
        deadline = time.monotonic() + LIMIT_SECONDS
        while time.monotonic() < deadline:
            await wait_for(pilot, lambda: settled(app))
            screen = app.screen
            step = screen.shown_step
            if isinstance(step, TextStep):
                await wait_for(pilot, lambda: app.screen.query("#answer-text"))
                screen.query_one("#answer-text", TextArea).focus()
                typed = answer_text(rng, step.step)
                text = step.starter + typed  # the box starts with the step's starter, kept
                report("begin", step.step, json.dumps(text))
                for count, char in enumerate(typed, start=len(step.starter) + 1):
                    await pilot.press(char if char != " " else "space")
                    report("typed", step.step, count, time.monotonic())
                    await asyncio.sleep(KEY_INTERVAL)
                await pilot.press("ctrl+s")
                await pilot.pause()
                await wait_for(pilot, lambda: settled(app))
                status = str(screen.query_one(SaveStatus).render())
                if screen.shown_step is step:  # a confirmed answer moves on once it is saved
                    raise RuntimeError(f"not saved: {status}")
                report("confirmed", step.step, json.dumps(text))
            else:
                report("choosing", step.step)
                await choose(pilot, "Not quite")
                report("chose", step.step)
        app.exit()

    return drive


class DrivenApp(WorkbookApp):
    """The real app, with the couple's typing started from inside it.

    The driver runs as one of the app's own workers rather than as Textual's
    ``auto_pilot``: when a signal stops the app, its workers are cancelled
    with it, where an auto pilot would keep the shutdown waiting.
    """

    def __init__(self, db: Path, drive) -> None:
        super().__init__(db_path=db, content_dir=db.parent / "no-own-content")
        self._drive = drive

    def on_mount(self) -> None:
        self.run_worker(self._drive(Pilot(self)), name="torture driver", group="torture")


def main() -> None:
    db = Path(sys.argv[1])
    seed = int(sys.argv[2])
    pty = "--pty" in sys.argv
    report = Reporter(int(sys.argv[sys.argv.index("--pty") + 1]) if pty else 1)
    app = DrivenApp(db, make_driver(report, seed))
    app.animation_level = "none"
    if pty:
        app.run()
    else:
        app.run(headless=True, size=(80, 24))
    report("exited", app.return_code)


if __name__ == "__main__":
    # A terminal starts programs with SIGHUP at its default. Whatever launched
    # the test run (nohup, say) may have set it to be ignored, and children
    # inherit that; the trials are about the default, so put it back.
    signal.signal(signal.SIGHUP, signal.SIG_DFL)
    main()
