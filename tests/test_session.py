"""A whole session, walked as a couple would: opening, every exercise, the closing, done."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, OptionList
from workbook.screens.home import HomeScreen
from workbook.screens.session import ClosingScreen, SessionScreen

from tests.conftest import make_app
from tests.exercise_helpers import choose, proceed, screen_text, settle, write

SIZE = (80, 24)


async def open_session(app, pilot, number: int) -> SessionScreen:
    session = app.content.sessions[number - 1]
    app.screen.highlight(f"session:{session.id}")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, SessionScreen)
    return app.screen


async def open_highlighted(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)


async def statement(pilot, feeling: str, situation: str, need: str) -> None:
    await choose(pilot, "Alex writes first")
    for name, value in (("feeling", feeling), ("situation", situation), ("need", need)):
        box = pilot.app.screen.query_one(f"#field-{name}", Input)
        box.value = value
        await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot)
    await write(pilot, "What I hear is that you feel " + feeling)
    await choose(pilot, "Yes, that's it")
    await choose(pilot, "Not this time")
    assert "saved in your own library" in screen_text(pilot.app)
    await pilot.press("escape")
    await pilot.pause()


async def listening_side(pilot, speaker: str) -> None:
    await choose(pilot, "Our own topic")
    await write(pilot, f"{speaker}'s topic")
    await write(pilot, "A short piece of what is on my mind")
    await write(pilot, "What I hear is that something is on your mind")
    await choose(pilot, "Yes, that's it")
    await choose(pilot, "That's it for now")
    await write(pilot, "it matters a lot to you")  # the summary
    await write(pilot, "That makes sense, because it matters to you")
    await write(pilot, "I imagine you feel hopeful")
    await choose(pilot, "Yes, that fits")


async def test_walk_session_three_from_opening_to_done(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session_screen = await open_session(app, pilot, 3)
        text = screen_text(app)
        assert "Session 3 · Speaking" in text and "0 of 3 exercises done" in text
        menu = session_screen.query_one(OptionList)
        assert menu.get_option("closing").disabled  # not before the exercises

        await open_highlighted(pilot)
        await statement(pilot, "lonely", "you worked late on Tuesday", "time together")
        assert isinstance(app.screen, SessionScreen)
        assert "1 of 3 exercises done" in screen_text(app)

        await open_highlighted(pilot)
        await statement(pilot, "hopeful", "we walked by the river on Sunday", "more of that")
        assert "2 of 3 exercises done" in screen_text(app)

        await open_highlighted(pilot)
        await choose(pilot, "Alex speaks first")
        await listening_side(pilot, "Alex")
        await proceed(pilot)  # swap
        await listening_side(pilot, "Sam")
        await proceed(pilot)  # Sam thanks Alex for listening
        await pilot.press("escape")
        await pilot.pause()
        assert "3 of 3 exercises done" in screen_text(app)
        assert not menu.get_option("closing").disabled

        await pilot.press("enter")  # the closing is highlighted once everything is done
        await settle(pilot)
        assert isinstance(app.screen, ClosingScreen)
        await write(pilot, "To ask for what I want, kindly")
        await write(pilot, "That listening takes practice")
        assert "To ask for what I want, kindly" in screen_text(app)  # the reveal
        await proceed(pilot)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)  # a finished session goes back home
        third = app.content.sessions[2]
        assert app.screen.progress.of(third.id).times_done == 1
        assert "1 of 8 sessions done" in screen_text(app)

    tables = json.loads(ready_db.read_bytes())
    (record,) = tables["sessions"].values()
    assert record["program_session"] == "speaking" and record["completed"]
    answers = list(tables["answers"].values())
    assert all(a["session"] == record["id"] for a in answers)
    closing = sorted(a["value"] for a in answers if a["exercise"] == "_closing")
    assert closing == ["That listening takes practice", "To ask for what I want, kindly"]
    runs = [r for r in tables["runs"].values() if r["session"] == record["id"]]
    assert len(runs) == 4 and all(r["completed"] for r in runs)


async def test_leaving_a_session_keeps_it_open_and_repeating_keeps_the_past(
    ready_db: Path,
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await open_session(app, pilot, 3)
        await open_highlighted(pilot)
        await statement(pilot, "tired", "the alarm went at five", "rest")
        await pilot.press("escape")  # leave the session half-way
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert "◐" in str(app.screen.query_one("#home-menu", OptionList).get_option(
            f"session:{app.content.sessions[2].id}").prompt)
        await open_session(app, pilot, 3)
        assert "1 of 3 exercises done" in screen_text(app)  # the same sitting continues
