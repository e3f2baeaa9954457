"""Which exercise kinds have a screen in this version, and how to open one.

Home and the session screen use this to open exercises, and to say plainly
what cannot be opened yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

from workbook.content import Content, Exercise
from workbook.model import Couple
from workbook.saver import BackgroundSaver
from workbook.store import WorkbookStore

Opener = Callable[..., Screen[Any]]


def _exercise_screens() -> dict[str, Opener]:
    from workbook.screens.dream import DreamScreen
    from workbook.screens.i_statement import IStatementScreen
    from workbook.screens.listening import ListeningScreen

    return {"listening": ListeningScreen, "i_statement": IStatementScreen, "dream": DreamScreen}


def is_available(kind: str) -> bool:
    """True when this kind of exercise can be opened."""
    return kind == "pause" or kind in _exercise_screens()


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
    if exercise.kind == "pause":
        from workbook.screens.pause import PauseScreen

        return PauseScreen(exercise)
    screen_class = _exercise_screens()[exercise.kind]
    return screen_class(
        store=store, content=content, exercise=exercise, couple=couple, saver=saver,
        session=session,
    )
