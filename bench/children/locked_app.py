"""Locked start-up child: the real app on a locked workbook, headless, until home is complete.

Usage: ``python locked_app.py DB CONTENT_DIR PASSPHRASE_FILE WIDTH HEIGHT``

It goes the way ``workbook --db DB`` goes. When the unlock screen has been
up for TYPING_SECONDS (a person typing), it puts the passphrase (read from
PASSPHRASE_FILE) in the box and presses Open, noting the time just before.
Then it notes when the app has the workbook open (``opened``), and when the
home screen shows the couple's names and the progress line and that frame
has been drawn (``done``), as ``startup_app.py`` does.
"""

import time

STARTED = time.time()

import sys  # noqa: E402

TYPING_SECONDS = 1.0
"""How long after the unlock screen is up the passphrase is "typed"."""

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import fail, home_is_complete, report
else:
    from _child import fail, home_is_complete, report


def main() -> None:
    db, content_dir, passphrase_file, width, height = sys.argv[1:6]
    from workbook.cli import app_class, build_parser
    from workbook.passphrase import read_passphrase_file

    passphrase = read_passphrase_file(passphrase_file)
    args = build_parser().parse_args(["--db", db, "--content", content_dir])
    app_class()
    from textual.css.query import NoMatches
    from textual.widgets import Button, Input
    from workbook.screens.home import HomeScreen
    from workbook.screens.unlock import UnlockScreen

    from workbook.app import WorkbookApp

    marks: dict[str, float] = {}

    class TimedApp(WorkbookApp):
        def on_ready(self) -> None:
            self.set_timer(60, lambda: fail(f"home never completed; screen: {self.screen!r}"))
            self.set_interval(0.002, self._step)

        def _step(self) -> None:
            screen = self.screen
            if "pressed" not in marks:
                if not isinstance(screen, UnlockScreen):
                    if isinstance(screen, HomeScreen):
                        fail("the workbook opened without its passphrase")
                    return
                try:
                    box = screen.query_one("#passphrase", Input)
                    button = screen.query_one("#open", Button)
                except NoMatches:
                    return
                if "unlock_ready" not in marks:
                    marks["unlock_ready"] = time.time()
                # A person takes a few seconds to type: work the app started in the
                # background meanwhile (loading content) is not part of unlocking.
                if time.time() - marks["unlock_ready"] < TYPING_SECONDS:
                    return
                box.value = passphrase
                marks["pressed"] = time.time()
                button.press()
                return
            if "opened" not in marks and self.store is not None:
                marks["opened"] = time.time()  # the passphrase has opened the file
            if "complete" in marks or not home_is_complete(self.screen):
                return
            marks["complete"] = time.time()
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            report(
                started=STARTED,
                unlock_ready=marks["unlock_ready"],
                pressed=marks["pressed"],
                opened=marks.get("opened", marks["complete"]),
                complete=marks["complete"],
                done=time.time(),
            )

    TimedApp(db_path=args.db, content_dir=args.content).run(
        headless=True, size=(int(width), int(height))
    )
    fail("the app exited before home was complete")


main()
