"""Child process for the draft kill test: the real app, headless, typing at a steady pace.

Usage: python tests/draft_typer.py DB TEXT [PASSPHRASE]
(PASSPHRASE: a locked workbook opens with it, as if typed on the unlock screen.)
Prints "ready" when the answer box has focus, then "typed N T" after each
keystroke (N characters so far, T = time.monotonic()). Runs until killed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

from textual.widgets import OptionList, TextArea

from workbook.app import WorkbookApp

KEY_INTERVAL = 0.04


async def drive(pilot) -> None:
    app = pilot.app
    await pilot.pause()
    app.open_exercise("listening-your-topic")
    for _ in range(200):  # wait for the first step to be on screen
        await pilot.pause(0.02)
        if app.screen.query(".choice"):
            break
    app.screen.query(".choice").first().press()  # Alex speaks first
    for _ in range(200):
        await pilot.pause(0.02)
        if list(app.screen.query(".choice").results(OptionList)):  # the topic list
            break
    menu = app.screen.query(".choice").first()
    menu.highlighted = 0
    menu.action_select()  # the first suggested topic
    for _ in range(200):
        await pilot.pause(0.02)
        if app.screen.query("#answer-text"):
            break
    area = app.screen.query_one("#answer-text", TextArea)
    area.focus()
    print("ready", flush=True)
    text = sys.argv[2]
    for count, char in enumerate(text, start=1):
        await pilot.press(char if char != " " else "space")
        print("typed", count, time.monotonic(), flush=True)
        await asyncio.sleep(KEY_INTERVAL)
    print("finished", flush=True)
    await asyncio.sleep(3600)


def main() -> None:
    app = WorkbookApp(db_path=Path(sys.argv[1]), content_dir=Path(sys.argv[1]).parent / "none")
    app.animation_level = "none"
    if len(sys.argv) > 3:
        from workbook.envelope import Secret

        app.secret = Secret(passphrase=sys.argv[3])
    app.run(headless=True, size=(80, 24), auto_pilot=drive)


if __name__ == "__main__":
    main()
