"""A filled text field keeps its words when it gains the focus: the cursor goes to the end.

Textual's Input selects everything on focus, so the first key typed after Tab
used to wipe a name or a path. Every field in the workbook keeps its words.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Input
from workbook.screens.setup import SetupScreen

from tests.conftest import COUPLE, make_app, screen_on_top, until_quiet


async def test_tabbing_into_filled_names_adds_to_them(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_quiet(pilot)
        assert app.store is not None
        app.push_screen(SetupScreen(app.store, COUPLE))  # "Change names": both filled in
        screen = await screen_on_top(pilot, SetupScreen)
        await until_quiet(pilot)
        first = screen.query_one("#name-a", Input)
        second = screen.query_one("#name-b", Input)
        first.focus()
        await pilot.pause()
        await pilot.press("x")
        assert first.value == "Alexx"
        await pilot.press("tab", "tab")  # past the colour, into the second name
        assert app.focused is second
        await pilot.press("y")
        assert second.value == "Samy"
        await pilot.press("shift+tab", "shift+tab", "backspace")
        assert first.value == "Alex"


class Plain(Screen[None]):
    """A field made without saying anything about focus, as a new screen might."""

    def compose(self) -> ComposeResult:
        yield Input("kept words", id="plain")
        yield Input(id="other")


async def test_any_field_in_the_app_keeps_its_words(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_quiet(pilot)
        app.push_screen(Plain())
        screen = await screen_on_top(pilot, Plain)
        screen.query_one("#other", Input).focus()
        await pilot.pause()
        await pilot.press("shift+tab")
        assert app.focused is screen.query_one("#plain", Input)
        await pilot.press("!")
        assert screen.query_one("#plain", Input).value == "kept words!"
