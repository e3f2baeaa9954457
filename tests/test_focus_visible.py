"""Where the keys go is plain to see: a focused button, list or field stands out in any theme.

The test compares what the stylesheet gives a widget with and without the
focus, in a dark and a light theme: the two must differ by far more than a
shade of grey (the focused button once moved from grey 234 to 235).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import ComposeResult
from textual.color import Color
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList

from tests.conftest import make_app, screen_on_top, until_quiet

THEMES = ["textual-dark", "textual-light", "nord"]


class Sample(Screen[None]):
    """One of each kind of focusable thing, twice over."""

    def compose(self) -> ComposeResult:
        yield Button("Continue", id="primary", variant="primary")
        yield Button("Start again", id="plain")
        yield Button("Not now", id="plain-2")
        yield Input("words", id="field")
        yield Input("words", id="field-2")
        yield OptionList("one", "two", id="menu")
        yield OptionList("one", "two", id="menu-2")


def distance(one: Color, other: Color) -> int:
    """How far apart two colours are: the sum of their red, green and blue differences."""
    return sum(abs(a - b) for a, b in zip(one.rgb, other.rgb, strict=True))


async def looks(pilot, focus: str, widget: str) -> tuple[Color, Color]:
    """The background and the top border colour of ``widget`` with ``focus`` focused."""
    screen = pilot.app.screen
    screen.query_one(f"#{focus}").focus()
    await until_quiet(pilot)
    styles = screen.query_one(f"#{widget}").styles
    return styles.background, styles.border_top[1]


@pytest.mark.parametrize("theme", THEMES)
async def test_a_focused_button_stands_out(ready_db: Path, theme: str) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        app.push_screen(Sample())
        await screen_on_top(pilot, Sample)
        for button, other in (("plain", "plain-2"), ("primary", "plain")):
            focused, _ = await looks(pilot, button, button)
            at_rest, _ = await looks(pilot, other, button)
            assert distance(focused, at_rest) > 100, (theme, button, focused, at_rest)
        # A focused plain button does not pass for the primary one at rest either.
        primary, _ = await looks(pilot, "plain", "primary")
        focused, _ = await looks(pilot, "plain", "plain")
        assert distance(focused, primary) > 100, (theme, focused, primary)


@pytest.mark.parametrize("theme", THEMES)
async def test_focused_fields_and_lists_change_their_edge(ready_db: Path, theme: str) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        app.push_screen(Sample())
        await screen_on_top(pilot, Sample)
        for widget, other in (("field", "field-2"), ("menu", "menu-2")):
            _, focused = await looks(pilot, widget, widget)
            _, at_rest = await looks(pilot, other, widget)
            assert distance(focused, at_rest) > 100, (theme, widget, focused, at_rest)
