"""Keeping Python's garbage collector out of the way while the workbook loads.

Opening the workbook makes a great many objects that live as long as the app:
the modules, the content, the first screen, and above all the parsed file
(about ten objects per answer). While they are being made, the cyclic
collector would walk the growing heap again and again and find nothing to
free. So it is paused while they are made, and afterwards they are moved out
of its way for good (``gc.freeze``) before it starts again.

Once the app runs, the collector is also told to look less often
(:func:`pace_for_the_screen`). Drawing the screen makes many objects that
live for a few frames: lines of text, their styles and the caches Textual
keeps for them. Python's default pace collects the youngest objects every
700 new ones, so many of these are caught still alive and moved to the
oldest generation; that fills up quickly and is walked in full, at a pause
long enough to feel, several times for each exercise a couple opens. Looking
less often lets most of them die first, so full walks become rare.

This is the only module that touches ``gc``: ``workbook.cli`` pauses it
before importing the app, ``workbook.storage`` pauses it while parsing the
file, and ``workbook.app`` resumes it once the first screen is drawn.
"""

from __future__ import annotations

import gc


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


SCREEN_PACE = (5000, 10, 10)
"""The collector's thresholds while the app is on screen (Python's default is 700, 10, 10)."""


def pace_for_the_screen() -> None:
    """Collect young objects less often, for an app that redraws all the time (see above)."""
    gc.set_threshold(*SCREEN_PACE)
