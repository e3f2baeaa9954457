"""Which exercise kinds have a screen in this version of the workbook.

Home uses this to say plainly what can be opened and what cannot yet.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen

#: Exercise kind -> the screen class that runs it.
EXERCISE_SCREENS: dict[str, Callable[..., Screen[Any]]] = {}


def is_available(kind: str) -> bool:
    """True when this kind of exercise can be opened."""
    return kind in EXERCISE_SCREENS
