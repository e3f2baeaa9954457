"""Moving from one full screen to the next (setup → agreement → home)."""

from __future__ import annotations

from typing import Any

from textual.app import App
from textual.screen import Screen


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
