"""Child process for test_torture_crash.py: the real ``workbook`` command with a bug planted.

Usage: python tests/torture_crash.py WHERE [workbook arguments...]

Plants an unexpected exception, then runs ``workbook.cli.main`` with the
arguments. WHERE says where the bug is:

* ``review``: pressing ``r`` on the home screen (a screen's key handler);
* ``mount``: the home screen's ``on_mount`` (while the first screen is built).

The exception's message and the handler's local variables hold SECRET, as a
real bug's might hold an answer, so the test can check they are never shown.
"""

from __future__ import annotations

import sys

SECRET = "our most private words"


def plant(where: str) -> None:
    from workbook.screens.home import HomeScreen

    if where == "review":

        def action_review(self) -> None:
            answer_text = SECRET  # a local a traceback with locals would print
            raise RuntimeError(f"unexpected: {answer_text}")

        HomeScreen.action_review = action_review
    elif where == "mount":
        original = HomeScreen.on_mount

        def on_mount(self) -> None:
            original(self)
            answer_text = SECRET
            raise KeyError(answer_text)

        HomeScreen.on_mount = on_mount
    elif where != "none":
        raise SystemExit(f"unknown place {where!r}")


if __name__ == "__main__":
    plant(sys.argv[1])
    from workbook.cli import main

    sys.exit(main(sys.argv[2:]))
