"""The "You started … before" question: Escape, or "Not now", goes back and changes nothing."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button
from workbook.screens.dialogs.resume import ResumeDialog, whole_words
from workbook.screens.home import HomeScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, settle
from workbook.store import WorkbookStore

QUICK = "quick-check-in"


async def left_half_way(app, pilot) -> None:
    """Open the check-in, choose who starts, leave on the hand-off, and open it again."""
    app.open_exercise(QUICK)
    await settle(pilot)
    await choose(pilot, "Alex rates first")
    await pilot.press("escape")
    await screen_on_top(pilot, HomeScreen)
    await until_quiet(pilot)
    app.open_exercise(QUICK)
    await screen_on_top(pilot, ResumeDialog)


def attempts(db: Path) -> list[tuple[bool, dict]]:
    store = WorkbookStore.open(db)
    try:
        return [(run.is_done, run.state) for run in store.runs()]
    finally:
        store.close()


async def test_escape_means_not_now(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await left_half_way(app, pilot)
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert isinstance(app.screen, HomeScreen)
    (run,) = attempts(ready_db)  # no new attempt was started
    assert run[0] is False and run[1]["phase"] == "rate"


async def test_the_not_now_button_goes_back_too(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await left_half_way(app, pilot)
        app.screen.query_one("#not-now", Button).press()
        await screen_on_top(pilot, HomeScreen)
        await until_quiet(pilot)
        assert isinstance(app.screen, HomeScreen)
    assert len(attempts(ready_db)) == 1


def test_where_they_stopped_ends_at_a_whole_word() -> None:
    kept = (
        "What does your partner do that makes your days easier, which they may not know you "
        "notice?"
    )[:80]  # an attempt keeps 80 characters, which here ends mid-word
    assert kept.endswith(" y")
    assert whole_words(kept) == (
        "What does your partner do that makes your days easier, which they may not know…"
    )
    assert whole_words("Who rates first?") == "Who rates first?"
    shown = ResumeDialog("Appreciation exchange", kept).where
    assert not shown.endswith(" y…") and shown.endswith("know…")
