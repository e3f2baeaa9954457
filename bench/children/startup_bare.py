"""Start-up child: the anchor, a bare Textual app (Header, Static, Footer), headless.

Usage: ``python startup_bare.py WIDTH HEIGHT``

Started and timed exactly like ``startup_app.py``: it reports after the
Ready event (first frame) and one more refresh.
"""

import time

STARTED = time.time()

import sys  # noqa: E402

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing into the measurement
if TYPE_CHECKING:  # mypy sees the package; the script runs with its own folder on sys.path
    from bench.children._child import fail, max_rss_bytes, report, ru_maxrss_bytes
else:
    from _child import fail, max_rss_bytes, report, ru_maxrss_bytes


def main() -> None:
    width, height = sys.argv[1:3]
    from textual.app import App, ComposeResult
    from textual.widgets import Footer, Header, Static

    imported = time.time()
    marks: dict[str, float] = {}

    class BareApp(App[None]):
        def compose(self) -> ComposeResult:
            yield Header()
            yield Static("A bare Textual app: the start-up floor.")
            yield Footer()

        def on_ready(self) -> None:
            marks["ready"] = marks["complete"] = time.time()
            self.call_after_refresh(self._drawn)

        def _drawn(self) -> None:
            report(
                started=STARTED,
                imported=imported,
                ready=marks["ready"],
                complete=marks["complete"],
                done=time.time(),
                maxrss=max_rss_bytes(),
                ru_maxrss=ru_maxrss_bytes(),
            )

    BareApp().run(headless=True, size=(int(width), int(height)))
    fail("the bare app exited before it was ready")


main()
