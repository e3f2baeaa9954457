"""What must be in sight, is: checked on the live layout at 80x24 and 60x18.

Each test looks at where a widget landed on screen, not at a picture, so it
says plainly which thing fell below the fold or off the edge.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, RadioButton
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.export_dialog import ExportDialog
from workbook.screens.dialogs.resume import ResumeDialog
from workbook.screens.dialogs.word_picker import WordPicker
from workbook.screens.home import HomeScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, settle

SMALL = (60, 18)
DESIGN = (80, 24)


def footer_words(app) -> list[str]:
    """The footer's keys, as far as they are on screen."""
    footer = app.screen.query_one("Footer")
    width = app.screen.region.width
    return [
        str(key.render()).strip()
        for key in footer.children
        if key.region and key.region.right <= width and key.display
    ]


@pytest.mark.parametrize("size", [DESIGN, SMALL])
async def test_the_footer_always_shows_help_and_the_pause(ready_db: Path, size) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=size) as pilot:
        app.open_exercise("i-statement-anytime")  # the screen with the most keys
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        words = " ".join(footer_words(app))
        assert "Help" in words and "Pause" in words, words


async def test_home_shows_review_at_80x24_and_sizes_its_menu(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=DESIGN) as pilot:
        home = await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        menu = home.query_one("#home-menu", OptionList)
        last = menu.option_count - 1
        assert menu.get_option_at_index(last).id == "review"
        assert menu.max_scroll_y == 0, "every line of the menu, Review included, is in sight"
        narrow = menu.region.width
    app = make_app(ready_db)
    async with app.run_test(size=(120, 36)) as pilot:
        home = await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        wide = home.query_one("#home-menu", OptionList).region.width
        # As wide as its longest line, not a fixed width nor half the screen.
        assert wide == narrow and wide < 120 // 2


async def test_the_listening_speaker_sees_done_at_80x24(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=DESIGN) as pilot:
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Whatever is on your mind")
        done = app.screen.query_one("#confirm", Button)
        step = app.screen.query_one("#step")
        assert step.region.contains_region(done.region), (done.region, step.region)


async def test_the_statement_preview_and_coach_show_while_typing_at_60x18(
    ready_db: Path,
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SMALL) as pilot:
        app.open_exercise("i-statement-anytime")
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        field = app.screen.query_one("#field-situation", Input)
        field.focus()
        await pilot.press(*"you left")
        await until_quiet(pilot)
        step = app.screen.query_one("#step")
        for part in ("#field-situation", "#preview", "#coach"):
            widget = app.screen.query_one(part)
            assert step.region.contains_region(widget.region), (part, widget.region, step.region)


def make_dialog(app, dialog: str):
    """One of the workbook's dialogs, by name."""
    if dialog == "export":
        return ExportDialog()
    if dialog == "resume":
        return ResumeDialog("A title", "somewhere")
    if dialog == "confirm":
        return ConfirmDialog("Sam has already agreed. Go back and change the names?")
    return WordPicker("Feelings", app.content.feelings)


@pytest.mark.parametrize("dialog", ["export", "resume", "confirm", "feelings"])
async def test_dialogs_are_centred_and_whole_at_60x18(ready_db: Path, dialog: str) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SMALL) as pilot:
        await screen_on_top(pilot, HomeScreen)
        made = make_dialog(app, dialog)
        app.push_screen(made)
        screen = await screen_on_top(pilot, type(made))
        await until_quiet(pilot)
        box = screen.query_one(".dialog")
        left = box.region.x
        right = SMALL[0] - box.region.right
        assert abs(left - right) <= 1, ("centred", left, right)
        assert screen.region.contains_region(box.region)
        for button in screen.query(Button):
            assert box.region.contains_region(button.region), button.id


@pytest.mark.parametrize("size", [DESIGN, SMALL])
async def test_the_export_choices_are_whole(ready_db: Path, size) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=size) as pilot:
        await screen_on_top(pilot, HomeScreen)
        app.push_screen(ExportDialog())
        screen = await screen_on_top(pilot, ExportDialog)
        await until_quiet(pilot)
        for choice in screen.query(RadioButton):
            label = str(choice.label)
            # The choice draws its round button, then the label with a space either side.
            needed = choice.get_content_width(screen.size, screen.size)
            assert needed <= choice.content_region.width, f"{label!r} is cut short"
