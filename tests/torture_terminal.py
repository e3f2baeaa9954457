"""Child process for test_torture_input.py: the real app on a real terminal, fed odd bytes.

Usage: python tests/torture_terminal.py DB ACK_FD

Runs the app on the terminal it was started in (a pty), goes to the first
piece of the listening drill and reports ``ready chunk-1`` on ACK_FD; the
parent then types into the terminal. Once the box holds "end", it reports
what the box holds (``box STEP JSON``) and confirms; then the same for the
paraphrase (``ready paraphrase-1.1``, the parent pastes, until "done").
It reports ``drawn mark-1.1`` once Alex is shown the paraphrase, and quits.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from textual.widgets import TextArea

from tests.torture_app import DrivenApp, Reporter, choose, settled, wait_for


def make_driver(report: Reporter):
    async def drive(pilot) -> None:
        app = pilot.app
        await pilot.pause()
        app.open_exercise("listening-your-topic")
        await wait_for(pilot, lambda: settled(app) and app.screen.query(".choice"))
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        for ending in ("", "end", "done"):
            await wait_for(pilot, lambda: settled(app) and app.screen.query("#answer-text"))
            area = app.screen.query_one("#answer-text", TextArea)
            area.focus()
            if not ending:
                area.insert("our Sundays")
            else:
                step = app.screen.shown_step.step
                report("ready", step)
                try:
                    await wait_for(pilot, lambda a=area, e=ending: e in a.text, timeout=120)
                finally:
                    await pilot.pause(0.3)  # the rest of the bytes
                    report("box", step, json.dumps(area.text))
            await pilot.press("ctrl+s")
            await pilot.pause()
            await wait_for(pilot, lambda: settled(app))
        await pilot.pause(0.3)
        time.sleep(0.2)  # let the writer thread put the frame on the terminal
        await pilot.pause(0.3)
        report("drawn", app.screen.shown_step.step)
        app.exit()

    return drive


if __name__ == "__main__":
    report = Reporter(int(sys.argv[2]))
    app = DrivenApp(Path(sys.argv[1]), make_driver(report))
    app.animation_level = "none"
    app.run()
    report("exited", app.return_code)
