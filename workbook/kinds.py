"""Every kind of exercise the workbook knows: one line each.

A kind is a way of doing an exercise (the listening drill, the "I" statement
builder, a set of questions…). Its line says what people call it and which
screen runs it. The content checker accepts exactly these kinds, Review and
the library name them from here, and ``workbook.screens.registry`` opens the
screen named here, importing it only when it is opened.

Adding a kind is its YAML under ``content/exercises/``, its screen module in
``screens/``, and its line below (``docs/architecture.md`` walks through it).
A kind whose YAML has fields of its own also adds their options class and
fields in ``workbook/content_schema.py``.

This module imports nothing from the rest of the workbook, so every layer
may read it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of exercise: its names, and the screen that runs it."""

    short: str
    """Its name on Review's filter."""
    title: str
    """Its name over its group in the library."""
    screen: str
    """``module:Class`` of the screen that runs it."""

    @property
    def screen_module(self) -> str:
        """The module of the screen that runs it."""
        return self.screen.partition(":")[0]

    @property
    def screen_class(self) -> str:
        """The class name of the screen that runs it."""
        return self.screen.partition(":")[2]


EXERCISE_KINDS: Mapping[str, Kind] = {
    "listening": Kind(
        "Listening", "Listening drills", "workbook.screens.listening:ListeningScreen"
    ),
    "i_statement": Kind(
        "“I” statements", "“I” statements", "workbook.screens.i_statement:IStatementScreen"
    ),
    "dream": Kind("Dreams", "Dreams", "workbook.screens.dream:DreamScreen"),
    "check_in": Kind("Check-ins", "Check-ins", "workbook.screens.check_in:CheckInScreen"),
    "reflection": Kind(
        "Questions", "Questions and reflections", "workbook.screens.reflection:ReflectionScreen"
    ),
    "pause": Kind("Pause", "Pause", "workbook.screens.pause:PauseScreen"),
}
"""Every kind, in the order the library lists them."""
