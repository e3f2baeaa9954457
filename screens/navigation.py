"""Moving from one full screen to the next (setup → agreement → home, and back home)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.screen import Screen

if TYPE_CHECKING:
    from workbook.screens.home import HomeScreen


def replace_screen(app: App[Any], screen: Screen[Any]) -> None:
    """Show ``screen`` in place of the screen in front.

    The very first screen is Textual's default screen, which cannot be
    switched away from; the next one is stacked on it instead. Nothing ever
    goes back down to it.
    """
    if len(app.screen_stack) <= 1:
        app.push_screen(screen)
    else:
        app.switch_screen(screen)


def leave_exercises(app: App[Any]) -> None:
    """Leave the exercises (and a pause over one) in front, each as Escape leaves it.

    Escape on an exercise keeps its draft and its place, so the couple can
    pick it up again later; the pause simply closes. Stops at the first
    screen that is neither.
    """
    from workbook.screens.exercise import ExerciseScreen
    from workbook.screens.pause import PauseScreen

    while len(app.screen_stack) > 1:
        screen = app.screen
        if isinstance(screen, ExerciseScreen):
            screen.action_leave()
        elif isinstance(screen, PauseScreen):
            screen.dismiss()
        else:
            return
        if app.screen is screen:
            return  # it would not go (still saving, say): stay rather than loop


def back_home(app: App[Any]) -> HomeScreen | None:
    """Go back to home, leaving exercises as Escape does; home, or None if it is not open."""
    from workbook.screens.home import HomeScreen

    if not any(isinstance(screen, HomeScreen) for screen in app.screen_stack):
        return None
    leave_exercises(app)
    while not isinstance(app.screen, HomeScreen):
        screen = app.screen
        app.pop_screen()
        if app.screen is screen:
            return None
    return app.screen
