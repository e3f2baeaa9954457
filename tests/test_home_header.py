"""The header shows the workbook's title, with no mark of Textual's own beside it."""

from __future__ import annotations

import html
from pathlib import Path

from textual.widgets import Header
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.library import LibraryScreen

from tests.conftest import make_app, screen_on_top, until_quiet

TEXTUAL_MARK = "\u2b58"  # the "⭘" Textual's header starts with


async def test_no_textual_mark_in_the_header(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_quiet(pilot)
        for opening in (None, "library", "quick-appreciation"):
            if opening == "library":
                app.screen.highlight("library")
                await pilot.press("enter")
                await screen_on_top(pilot, LibraryScreen)
            elif opening is not None:
                app.open_exercise(opening)
                await screen_on_top(pilot, ExerciseScreen)
            await until_quiet(pilot)
            assert app.screen.query(Header), app.screen
            picture = html.unescape(app.export_screenshot()).replace("\xa0", " ")
            assert "Couple Workbook" in picture
            assert TEXTUAL_MARK not in picture
