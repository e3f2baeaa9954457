"""Keeping Python's garbage collector out of the way while the workbook loads.

Opening the workbook makes a great many objects that live as long as the app:
the modules, the content, the first screen, and above all the parsed file
(about ten objects per answer). While they are being made, the cyclic
collector would walk the growing heap again and again and find nothing to
free. So it is paused while they are made, and afterwards they are moved out
of its way for good (``gc.freeze``) before it starts again.

Once the app runs, the collector works on two clocks (:class:`IdleCollector`).
Young objects are collected at Python's own pace: those walks are short.
The full walk of every object the app holds is not left to chance. Drawing
the screen makes many objects that live for a few frames (lines of text,
their styles and the caches Textual keeps for them), and some are always
caught alive and moved to the oldest generation. Left to Python, that
generation is walked in full whenever it has grown by a quarter: a pause
of a tenth of a second or more at a big workbook, landing inside whatever
the couple just pressed. So the app walks it itself, once the keyboard and
mouse have been still for a moment, when a pause costs nobody anything;
and, so memory never grows without end, also after a long stretch without
such a moment.

This is the only module that touches ``gc``: ``workbook.cli`` pauses it
before importing the app, ``workbook.storage`` pauses it while parsing the
file, and ``workbook.app`` resumes it once the first screen is drawn, then
runs an ``IdleCollector`` until it closes.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable


def pause_collector() -> bool:
    """Stop the cyclic garbage collector; True if it was running (and so this call stopped it)."""
    running = gc.isenabled()
    gc.disable()
    return running


def resume_collector(restart: bool) -> None:
    """If the collector is paused: freeze every object alive now, and restart it if ``restart``.

    The objects alive now live as long as the app, so the collector need never
    walk them again. ``restart`` is what ``pause_collector`` returned: a pause
    inside another leaves the collector off for the outer one to restart.
    While the collector runs (nothing paused it) this does nothing.
    """
    if gc.isenabled():
        return
    gc.freeze()
    if restart:
        gc.enable()


SCREEN_PACE = (700, 10, 1 << 30)
"""The collector's thresholds while the app is on screen: the young generations
at Python's default pace, the oldest never walked on Python's own account."""

IDLE_SECONDS = 2.0
"""How long the keyboard and mouse must be still before the full walk runs."""

BUSY_LIMIT = 400
"""Young walks since the last full one after which it runs even without a still moment."""


class IdleCollector:
    """Walks every object the app holds when nobody is waiting for the screen.

    ``touched`` is called on every key press and mouse event, ``tick``
    every second or so. A tick runs the full collection when there is
    something new to walk and the input has been still for
    ``IDLE_SECONDS``, or, so that memory stays bounded for a couple who
    never stop, once ``BUSY_LIMIT`` young walks have gone by without one.
    It never runs while the collector is paused on purpose (a big file being
    parsed, see ``pause_collector``). While it is installed (``start`` to
    ``stop``), Python never starts a full walk on its own.
    """

    def __init__(
        self,
        *,
        clock: Callable[[], float] = time.monotonic,
        collect: Callable[[], object] = gc.collect,
        young_walks: Callable[[], int] = lambda: gc.get_count()[2],
        paused: Callable[[], bool] = lambda: not gc.isenabled(),
    ) -> None:
        self._clock = clock
        self._paused = paused
        self._collect = collect
        self._young_walks = young_walks
        self._last_input = clock()
        self._saved_pace: tuple[int, int, int] | None = None
        self.full_walks = 0
        """How many full collections this collector has run."""

    def start(self) -> None:
        """Take the full walk over from Python (see ``SCREEN_PACE``)."""
        if self._saved_pace is None:
            self._saved_pace = gc.get_threshold()
            gc.set_threshold(*SCREEN_PACE)

    def stop(self) -> None:
        """Give the full walk back to Python, at the pace it had before ``start``."""
        if self._saved_pace is not None:
            gc.set_threshold(*self._saved_pace)
            self._saved_pace = None

    def touched(self) -> None:
        """Someone pressed a key or used the mouse just now."""
        self._last_input = self._clock()

    def tick(self) -> bool:
        """Run the full collection if now is the time; True if it ran."""
        if self._paused():
            return False  # paused on purpose (a big file being parsed): not now
        walks = self._young_walks()
        if walks == 0:
            return False  # nothing has reached the oldest generation since the last one
        still = self._clock() - self._last_input >= IDLE_SECONDS
        if not still and walks < BUSY_LIMIT:
            return False
        self._collect()
        self.full_walks += 1
        return True
