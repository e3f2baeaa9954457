"""Start-up child: the real app on a workbook file, headless, until home is complete.

Usage: ``python startup_app.py DB CONTENT_DIR WIDTH HEIGHT``

It goes the way ``workbook --db DB`` goes (the CLI's parser, then the App
from ``workbook.cli.app_class``),
and notes the time once the home screen shows the couple's names and the
progress line and that frame has been drawn: when the Ready event arrives
(first frame) if home is already complete then, else as soon as it is. It
reports, with its peak memory, once the answers are parsed too (a big
workbook parses them just after home is drawn).
"""

import time

STARTED = time.time()

import sys  # noqa: E402

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import (
        fail,
        home_is_complete,
        max_rss_bytes,
        report,
        ru_maxrss_bytes,
    )
else:
    from _child import fail, home_is_complete, max_rss_bytes, report, ru_maxrss_bytes


def main() -> None:
    db, content_dir, width, height = sys.argv[1:5]
    from workbook.cli import app_class, build_parser

    args = build_parser().parse_args(["--db", db, "--content", content_dir])
    app_class()  # imports the App as ``workbook`` does: the collector paused until home is drawn

    from workbook.app import WorkbookApp  # the class app_class() has just imported

    imported = time.time()
    marks: dict[str, float] = {}

    class TimedApp(WorkbookApp):
        def on_ready(self) -> None:
            marks["ready"] = time.time()
            self.set_timer(30, lambda: fail(f"home never completed; screen: {self.screen!r}"))
            if not self._check():
                self.set_interval(0.002, self._check)

        def _check(self) -> bool:
            if "complete" in marks or not home_is_complete(self.screen):
                return "complete" in marks
            marks["complete"] = time.time()
            self.call_after_refresh(self._drawn)
            return True

        def _drawn(self) -> None:
            marks["done"] = time.time()
            # The peak memory counts every answer in memory: a big workbook
            # parses its answers just after home is drawn, so wait for that.
            if not self._report_when_loaded():
                self.set_interval(0.005, self._report_when_loaded)

        def _report_when_loaded(self) -> bool:
            if self.store is None or not self.store.complete:
                return False
            report(
                started=STARTED,
                imported=imported,
                ready=marks["ready"],
                complete=marks["complete"],
                done=marks["done"],
                loaded=time.time(),
                maxrss=max_rss_bytes(),
                ru_maxrss=ru_maxrss_bytes(),
            )
            return True

    TimedApp(db_path=args.db, content_dir=args.content).run(
        headless=True, size=(int(width), int(height))
    )
    fail("the app exited before home was complete")


main()
