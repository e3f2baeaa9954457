"""The "I" statement builder: preview, coach, reflection with a retry, a swap, and the library."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Select, Static
from workbook.screens.dialogs.word_picker import WordPicker
from workbook.screens.i_statement import IStatementScreen
from workbook.screens.listening import ListeningScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, screen_text, settle, write

SIZE = (80, 24)
EXERCISE = "i-statement-anytime"


async def fill(pilot, **fields: str) -> None:
    screen = pilot.app.screen
    for name, value in fields.items():
        box = screen.query_one(f"#field-{name}", Input)
        box.focus()
        box.value = value
        await pilot.pause()


def statements(db: Path) -> list[dict]:
    return [a for a in all_answers(db) if a["step"] == "statement"]


def all_answers(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("answers", {}).values())


async def test_build_reflect_retry_swap(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        assert isinstance(app.screen, IStatementScreen)
        await choose(pilot, "Alex writes first")
        await fill(pilot, feeling="lonely", situation="you always work late",
                   need="time together")
        preview = str(app.screen.query_one("#preview", Static).render())
        assert preview.startswith("I feel lonely when you always work late")
        assert "verdict" in screen_text(app)  # the coach noticed "you always"
        await fill(pilot, situation="you worked late on Tuesday and Thursday")
        assert "Nothing to point out" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Sam — say it back in your own words" in text
        assert "I feel lonely when you worked late on Tuesday and Thursday" in text
        await write(pilot, "You felt alone this week")
        await choose(pilot, "Not quite")
        await write(pilot, "You felt lonely when I worked late, and you need time with me")
        await choose(pilot, "Yes, that's it")
        await choose(pilot, "Yes, Sam writes one")
        assert "Sam — write your “I” statement" in screen_text(app)
        app.screen.query_one("#variant", Select).value = "gentle_startup"
        await fill(pilot, feeling="worried", situation="the bills on the table",
                   need="to feel we're on top of things", request="sit down with them on Sunday")
        assert "Would you be willing to sit down with them on Sunday?" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await write(pilot, "You're worried about the bills")
        await choose(pilot, "Yes, that's it")
        assert "saved in your own library" in screen_text(app)

    saved = {s["partner"]: s for s in statements(ready_db)}
    assert saved["a"]["value"]["feeling"] == "lonely"
    assert saved["a"]["role"] == "writer" and saved["a"]["draft"] is False
    assert saved["b"]["value"]["variant"] == "gentle_startup"
    assert saved["b"]["value"]["text"].startswith("I'm feeling worried")
    steps = {(a["partner"], a["step"]) for a in all_answers(ready_db)}
    assert {("b", "reflection"), ("a", "heard"), ("b", "reflection.2"), ("a", "heard.2")} <= steps


async def test_missing_parts_are_asked_for_and_nothing_is_saved(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await fill(pilot, feeling="hurt")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Please add what happened and what you need" in screen_text(app)
    assert all(s["draft"] for s in statements(ready_db))  # at most a kept draft


async def test_feelings_list_fills_the_feeling(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_quiet(pilot)
        # From inside a text field too, where ctrl+f would otherwise delete a word.
        field = app.screen.query_one("#field-need", Input)
        field.focus()
        await pilot.press(*"some rest")
        await pilot.press("home", "ctrl+f")
        await screen_on_top(pilot, WordPicker)
        await pilot.press(*"hopef", "enter")
        await until_quiet(pilot)
        assert app.screen.query_one("#field-feeling", Input).value == "hopeful"
        assert field.value == "some rest"


async def test_a_statement_becomes_a_listening_topic(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await fill(pilot, feeling="tired", situation="the alarm went at five", need="rest")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        assert isinstance(app.screen, ListeningScreen)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "From my “I” statements: I feel tired when the alarm went at five")
        assert "Topic: I feel tired when the alarm went at five" in screen_text(app)
