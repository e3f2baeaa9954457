"""Which exercise kinds have a screen, and how to open one.

The table names modules instead of importing them: asking whether a kind is
available (which home does for every exercise it lists) must not load every
exercise screen at start-up. A screen is imported when it is opened.
"""

from __future__ import annotations

import importlib
import importlib.util
from functools import cache
from typing import Any

from textual.screen import Screen

from workbook.content import Content, Exercise
from workbook.kinds import EXERCISE_KINDS
from workbook.model import Couple
from workbook.saver import BackgroundSaver
from workbook.store import WorkbookStore

#: Exercise kind -> (module, class) of the screen that runs it, from workbook.kinds.
EXERCISE_SCREENS: dict[str, tuple[str, str]] = {
    name: (kind.screen_module, kind.screen_class) for name, kind in EXERCISE_KINDS.items()
}


NOT_YET = "Not available yet in this version of the workbook."
"""What a list says of an exercise whose kind has no screen in this version."""


def open_if_available(screen: Screen[Any], exercise: Exercise) -> None:
    """Open ``exercise`` over ``screen``, or say kindly that this version can't run it yet."""
    if not is_available(exercise.kind):
        screen.notify(
            f"{exercise.title}: {NOT_YET}", title="Not yet", severity="warning", markup=False
        )
        return
    open_exercise = getattr(screen.app, "open_exercise", None)  # WorkbookApp's
    if open_exercise is not None:
        open_exercise(exercise.id)


@cache
def is_available(kind: str) -> bool:
    """True when this kind of exercise has a screen in this version."""
    entry = EXERCISE_SCREENS.get(kind)
    return entry is not None and importlib.util.find_spec(entry[0]) is not None


def exercise_screen(
    exercise: Exercise,
    *,
    store: WorkbookStore,
    content: Content,
    couple: Couple,
    saver: BackgroundSaver,
    session: str | None = None,
) -> Screen[Any]:
    """The screen that runs ``exercise``; KeyError if its kind is not available."""
    if not is_available(exercise.kind):
        raise KeyError(exercise.kind)
    module, name = EXERCISE_SCREENS[exercise.kind]
    screen_class = getattr(importlib.import_module(module), name)
    if exercise.kind == "pause":
        return screen_class(exercise)
    return screen_class(
        store=store, content=content, exercise=exercise, couple=couple, saver=saver,
        session=session,
    )
