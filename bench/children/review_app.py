"""Review child: the real app on a workbook, headless; opens Review and searches.

Usage: ``python review_app.py DB CONTENT_DIR WIDTH HEIGHT ROUNDS``

From home, each round opens Review with its key (r) and types one letter
into the search box, then goes back home. Each is timed inside the app, from the moment the
action starts (Review asked for; the search handler entered) until the frame
showing its result has been drawn (``call_after_refresh``). The pilot's own
waiting is left out: on a bare screen with one Input it alone costs ~85 ms a
key, which says nothing about this app. Reports the times in seconds.
"""

import sys
import time

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import fail, report
else:
    from _child import fail, report


def main() -> None:
    db, content_dir, width, height, rounds = sys.argv[1:6]
    from workbook.cli import app_class

    WorkbookApp = app_class()  # imported the way ``workbook`` imports it
    from workbook.screens.history import HistoryList
    from workbook.screens.home import HomeScreen
    from workbook.screens.review import ReviewScreen

    opened: list[float] = []
    keystroke: list[float] = []
    drawn: list[float] = []
    started: list[float] = []

    def mark_drawn() -> None:
        drawn.append(time.perf_counter())

    original_mount = ReviewScreen.on_mount
    original_apply = ReviewScreen.apply_filters
    original_review = HomeScreen.action_review
    asked: list[float] = []

    def action_review(self: HomeScreen) -> None:
        asked.append(time.perf_counter())
        original_review(self)

    def on_mount(self: ReviewScreen) -> None:
        original_mount(self)
        self.call_after_refresh(mark_drawn)

    def apply_filters(self: ReviewScreen) -> None:
        started.append(time.perf_counter())
        original_apply(self)
        self.call_after_refresh(mark_drawn)

    # Wrapped in place, so that the screen the app itself makes is timed.
    ReviewScreen.on_mount = on_mount  # type: ignore[method-assign]  # patched for measuring
    ReviewScreen.apply_filters = apply_filters  # type: ignore[method-assign]  # patched for measuring
    HomeScreen.action_review = action_review  # type: ignore[method-assign]  # patched for measuring

    async def wait_drawn(count: int) -> None:
        for _ in range(1000):
            if len(drawn) >= count:
                return
            await pilot_ref[0].pause(0.001)
        fail("the frame was never drawn")

    pilot_ref: list = []

    async def drive(pilot) -> None:
        pilot_ref.append(pilot)
        app = pilot.app
        for _ in range(500):
            if isinstance(app.screen, HomeScreen):
                break
            await pilot.pause(0.01)
        else:
            fail("home never appeared")
        await pilot.pause(1.5)  # a person reads home first; Review is prepared meanwhile
        for _ in range(int(rounds)):
            drawn.clear()
            asked.clear()
            await pilot.press("r")  # a key, as a person opens it: the app sees someone is busy
            await wait_drawn(1)
            screen = app.screen
            if not isinstance(screen, ReviewScreen) or not screen.query_one(HistoryList).rows:
                fail(f"Review did not open: {screen!r}")
            if not asked:
                fail("the r key did not open Review")
            opened.append(drawn[0] - asked[0])
            screen.query_one("#review-search").focus()
            await pilot.pause()
            drawn.clear()
            started.clear()
            await pilot.press("g")
            await wait_drawn(1)
            keystroke.append(drawn[0] - started[0])
            app.pop_screen()
            await pilot.pause()
        marks = {f"opened_{i}": t for i, t in enumerate(opened)}
        marks.update({f"keystroke_{i}": t for i, t in enumerate(keystroke)})
        report(**marks)

    app = WorkbookApp(db_path=db, content_dir=content_dir)
    app.run(headless=True, size=(int(width), int(height)), auto_pilot=drive)
    fail("the app exited before the measurements were done")


main()
