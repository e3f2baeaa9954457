"""Snapshots of every dialog, over home, at 80x24 and 60x18.

"This is too much right now" (F3 on any question) and "just for you" (after
a low safety number) must show every button whole at both sizes: at 60
columns the too-much buttons stack rather than lose one off the edge. Every
dialog sits in the middle, its words wrap rather than being cut, and the
focused button stands out in a dark and in a light theme.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.export_dialog import ExportDialog
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dialogs.just_for_you import JustForYouDialog
from workbook.screens.dialogs.resume import ResumeDialog
from workbook.screens.dialogs.too_much import TooMuchDialog
from workbook.screens.dialogs.word_picker import WordPicker

from tests.conftest import COUPLE, make_app, until_quiet

SIZES = {"80x24": (80, 24), "60x18": (60, 18)}


def over_home(make_dialog, *keys: str, theme: str = ""):
    """run_before: open the dialog ``make_dialog()`` builds over home, then press ``keys``."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        if theme:
            pilot.app.theme = theme
        await pilot.app.push_screen(make_dialog())
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
        await until_quiet(pilot)

    return run_before


LONG_WHERE = (
    "What does your partner do that makes your days easier, which they may not know you "
    "notice?"
)[:80]
"""Where an attempt stopped, as it is kept: cut at 80 characters, mid-word."""


@pytest.mark.parametrize("size", list(SIZES))
def test_too_much_with_skip(snap_compare, ready_db: Path, size: str) -> None:
    run_before = over_home(lambda: TooMuchDialog("Skip the rest of this turn"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


def test_too_much_without_skip(snap_compare, ready_db: Path) -> None:
    run_before = over_home(lambda: TooMuchDialog(None))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES["80x24"], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_just_for_you(snap_compare, ready_db: Path, size: str) -> None:
    run_before = over_home(lambda: JustForYouDialog("Alex", "Looking after yourself"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_resume(snap_compare, ready_db: Path, size: str) -> None:
    run_before = over_home(lambda: ResumeDialog("Appreciation exchange", LONG_WHERE))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
def test_resume_focus_on_the_second_button(snap_compare, ready_db: Path, theme: str) -> None:
    run_before = over_home(
        lambda: ResumeDialog("Appreciation exchange", "the beginning"), "tab", theme=theme
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZES["80x24"], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_confirm(snap_compare, ready_db: Path, size: str) -> None:
    question = (
        "Sam has already agreed. Go back and change the names? You would then both agree again."
    )
    run_before = over_home(lambda: ConfirmDialog(question, yes="Change names", no="Stay here"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_export(snap_compare, ready_db: Path, size: str) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.push_screen(ExportDialog())
        await pilot.pause()
        # The offered name holds today's date and the home folder: fix it for the picture.
        pilot.app.screen.query_one("#export-path", Input).value = "/home/us/workbook.md"
        await until_quiet(pilot)

    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_feelings_picker(snap_compare, ready_db: Path, size: str) -> None:
    def picker() -> WordPicker:
        from workbook.content import load_content

        return WordPicker("Feelings", load_content(None).feelings)

    run_before = over_home(picker, *"hope")
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_hand_off(snap_compare, ready_db: Path, size: str) -> None:
    run_before = over_home(lambda: HandOffScreen(COUPLE.b, COUPLE.a))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_help(snap_compare, ready_db: Path, size: str) -> None:
    run_before = over_home(lambda: _help())
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


def _help():
    from workbook.screens.check_in import CheckInScreen
    from workbook.screens.dialogs.help import HelpScreen

    return HelpScreen(CheckInScreen.HELP)
