"""Snapshots of the two ways out a hard moment offers, over home, at 80x24 and 60x18.

"This is too much right now" (F3 on any question) and "just for you" (after
a low safety number) must show every button whole at both sizes: at 60
columns the too-much buttons stack rather than lose one off the edge.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook.screens.dialogs.just_for_you import JustForYouDialog
from workbook.screens.dialogs.too_much import TooMuchDialog

from tests.conftest import make_app

SIZES = {"80x24": (80, 24), "60x18": (60, 18)}


def over_home(make_dialog):
    """run_before: open the dialog ``make_dialog()`` builds over home."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.app.push_screen(make_dialog())
        await pilot.pause()

    return run_before


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
