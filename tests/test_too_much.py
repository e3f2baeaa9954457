""""This is too much right now": skip a question with no trace, or end for today.

Offered on every question (a button, and F3 from any step), separate from
the pause. Skipping saves nothing for the question and records no reason;
ending goes home and keeps everything saved so far.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Button, TextArea
from workbook.screens.check_in import CheckInScreen
from workbook.screens.dialogs.help import HelpScreen
from workbook.screens.dialogs.too_much import TooMuchDialog
from workbook.screens.dream import DreamScreen
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.home import HomeScreen
from workbook.screens.i_statement import IStatementScreen
from workbook.screens.listening import ListeningScreen
from workbook.screens.reflection import ReflectionScreen

from tests.conftest import make_app, until_quiet
from tests.exercise_helpers import choose, drafts_kept, screen_text, settle, write
from tests.test_reflection import begin, confirm, hand_over, open_reflection, type_keys
from tests.test_support_page import no_trace

SIZE = (80, 24)
WORDS = "Something I am not ready to say"


def stored(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("answers", {}).values())


def workbook_bytes(db: Path) -> bytes:
    """The workbook and every file kept beside it."""
    return b"".join(p.read_bytes() for p in sorted(db.parent.glob(f"{db.name}*")) if p.is_file())


async def too_much(pilot) -> TooMuchDialog:
    await pilot.press("f3")
    await until_quiet(pilot)
    dialog = pilot.app.screen
    assert isinstance(dialog, TooMuchDialog), pilot.app.screen
    return dialog


async def press(pilot, button_id: str) -> None:
    await pilot.click(f"#{button_id}")
    await settle(pilot)
    await until_quiet(pilot)


async def at_alexs_question(app, pilot) -> None:
    """Open the quick appreciation and hand it to Alex, at its first question."""
    await open_reflection(app, pilot, "quick-appreciation")
    await begin(pilot)
    await hand_over(pilot, "Alex", "Sam")


async def test_skipping_a_question_leaves_no_trace_of_it(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await at_alexs_question(app, pilot)
        await type_keys(pilot, WORDS)
        await drafts_kept(pilot)
        assert WORDS.encode() in workbook_bytes(ready_db)  # kept as a draft while typing

        dialog = await too_much(pilot)
        assert dialog.query_one("#skip", Button).label.plain == "Skip this question"
        await press(pilot, "skip")

        # On to Sam, as after an answer; Alex's words are gone from every file.
        await hand_over(pilot, "Sam", "Alex", hidden=(WORDS,))
        assert WORDS.encode() not in workbook_bytes(ready_db)
        await type_keys(pilot, "Your laugh")
        await confirm(pilot)
        text = screen_text(app)
        assert "Your laugh" in text and "(no answer)" in text and WORDS not in text

    answers = [a for a in stored(ready_db) if a["step"] == "prompt-1"]
    assert [(a["partner"], a["value"]) for a in answers] == [("b", "Your laugh")]
    assert WORDS.encode() not in workbook_bytes(ready_db)


async def test_back_returns_to_the_question_with_the_words_kept(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await at_alexs_question(app, pilot)
        await type_keys(pilot, WORDS)
        await pilot.click("#too-much")  # the button does what F3 does
        await until_quiet(pilot)
        assert isinstance(app.screen, TooMuchDialog)
        await pilot.press("escape")
        await until_quiet(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        assert app.screen.query_one("#answer-text", TextArea).text == WORDS


async def test_ending_for_today_goes_home_and_keeps_what_was_saved(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await at_alexs_question(app, pilot)
        await write(pilot, "The tea you made")
        await hand_over(pilot, "Sam", "Alex", hidden=("The tea you made",))
        await type_keys(pilot, "Half a thought")
        await too_much(pilot)
        await press(pilot, "end")
        assert isinstance(app.screen, HomeScreen)

    answers = stored(ready_db)
    confirmed = [a for a in answers if not a["draft"]]
    assert [(a["partner"], a["value"]) for a in confirmed] == [("a", "The tea you made")]
    run = next(iter(json.loads(ready_db.read_bytes())["runs"].values()))
    assert run["completed"] is None  # the attempt waits, to pick up another day


async def test_ending_for_today_from_a_session_leaves_the_session_too(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("enter")  # home opens the next session
        await until_quiet(pilot)
        assert not isinstance(app.screen, HomeScreen)
        await pilot.press("enter")  # and the session its first exercise
        await settle(pilot)
        assert isinstance(app.screen, ExerciseScreen)
        await too_much(pilot)
        await press(pilot, "end")
        assert isinstance(app.screen, HomeScreen)
        assert len(app.screen_stack) == 1


async def test_a_step_that_cannot_be_skipped_alone_offers_to_end(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("quick-check-in")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)  # "who rates first?"
        dialog = await too_much(pilot)
        assert not dialog.query("#skip")
        assert "can't be skipped on its own" in screen_text(app)
        await press(pilot, "back")
        assert isinstance(app.screen, CheckInScreen)


async def test_skipping_in_a_listening_drill_ends_that_turn(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("listening-light-topic")
        await settle(pilot)
        assert isinstance(app.screen, ListeningScreen)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "Our evenings")
        assert "Alex — you hold the floor" in screen_text(app)
        dialog = await too_much(pilot)
        assert dialog.query_one("#skip", Button).label.plain == "Skip the rest of this turn"
        await press(pilot, "skip")
        assert "Then Sam holds the floor" in screen_text(app)


async def test_skipping_the_sharers_turn_in_a_dream(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("dream-next-five-years")
        await settle(pilot)
        assert isinstance(app.screen, DreamScreen)
        await choose(pilot, "Alex shares first")
        await type_keys(pilot, WORDS)
        await too_much(pilot)
        await press(pilot, "skip")
        text = screen_text(app)
        assert "Sam" in text and WORDS not in text
        assert app.screen.state.side == 1 and app.screen.state.phase == "swap"
    assert WORDS.encode() not in workbook_bytes(ready_db)


async def test_skipping_an_i_statement_moves_to_the_offer(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("i-statement-anytime")
        await settle(pilot)
        assert isinstance(app.screen, IStatementScreen)
        await choose(pilot, "Alex writes first")
        await too_much(pilot)
        await press(pilot, "skip")
        assert app.screen.state.phase == "offer"
    assert not [a for a in stored(ready_db) if a["step"] == "statement"]


@pytest.mark.parametrize(
    "exercise", ["quick-appreciation", "listening-light-topic", "i-statement-anytime"]
)
async def test_the_help_of_every_exercise_explains_it(ready_db: Path, exercise: str) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(exercise)
        await settle(pilot)
        await pilot.press("f1")
        await until_quiet(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert "This is too much right now" in app.screen.text
        assert "skip this question" in app.screen.text


async def test_the_private_page_opens_from_the_dialog_and_leaves_no_trace(
    ready_db: Path, isolated_data: Path
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await at_alexs_question(app, pilot)
        dialog = await too_much(pilot)
        await no_trace(pilot, ready_db, isolated_data)
        assert app.screen is dialog  # back to the choice, not past it


async def test_on_a_narrow_screen_every_button_shows_its_words_and_arrows_move(
    ready_db: Path,
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(60, 18)) as pilot:
        await at_alexs_question(app, pilot)
        dialog = await too_much(pilot)
        assert dialog.focused is dialog.query_one("#back", Button)
        for button in dialog.query(Button):  # the focused one too: no border eats its line
            assert button.content_region.height >= 1, button
        await pilot.press("up")
        assert dialog.focused is dialog.query_one("#end", Button)
        await pilot.press("down", "down")
        assert dialog.focused is dialog.query_one("#skip", Button)
