"""The "I" statement builder: preview, coach, reflection with a retry, a swap, and the library."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Input, Label, Select, Static
from workbook.screens.dialogs.word_picker import WordPicker
from workbook.screens.i_statement import IStatementScreen
from workbook.screens.listening import ListeningScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, screen_text, settle, write
from workbook.content import validate
from workbook.statements import FIELDS, SHAPES, VARIANTS

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


def label_texts(app) -> dict[str, str]:
    """The words beside each box, by field."""
    return {name: str(app.screen.query_one(f"#label-{name}", Label).render()) for name in FIELDS}


def placeholders(app) -> dict[str, str]:
    return {name: app.screen.query_one(f"#field-{name}", Input).placeholder for name in FIELDS}


def preview(app) -> str:
    return str(app.screen.query_one("#preview", Static).render())


async def test_the_labels_follow_the_chosen_shape(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_quiet(pilot)
        assert label_texts(app)["need"] == "because I need"
        # Choose the soft opener with the keyboard, as a person would.
        app.screen.query_one("#variant", Select).focus()
        await pilot.press("enter", "down", "enter")
        await until_quiet(pilot)
        assert app.screen.query_one("#variant", Select).value == "gentle_startup"
        shape = SHAPES["gentle_startup"]
        assert label_texts(app) == {name: shape.wording(name).label for name in FIELDS}
        assert label_texts(app)["need"] == "and I'd love"
        assert placeholders(app)["need"] == "us to plan one evening together this week"
        await fill(pilot, feeling="lonely", situation="how little time we've had",
                   need="us to plan one evening together this week")
        assert preview(app) == (
            "I'm feeling lonely about how little time we've had, and I'd love us to plan one "
            "evening together this week."
        )
        # The same words, put as thanks: the labels, hints and sentence all change.
        app.screen.query_one("#variant", Select).value = "gratitude"
        await until_quiet(pilot)
        assert label_texts(app) == {
            name: SHAPES["gratitude"].wording(name).label for name in FIELDS
        }
        assert label_texts(app)["need"] == "because it"
        assert placeholders(app)["feeling"] == SHAPES["gratitude"].feeling.placeholder
        await fill(pilot, feeling="grateful", situation="you cooked on Tuesday", need="rest")
        assert preview(app) == (
            "I feel grateful when you cooked on Tuesday because it met my need for rest."
        )
        app.screen.query_one("#variant", Select).value = "three_part"
        await until_quiet(pilot)
        assert label_texts(app)["need"] == "because I need"
        assert label_texts(app)["request"] == "I'd like"
        assert preview(app).endswith("because I need rest.")


async def test_the_appreciation_exercise_starts_as_thanks(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("i-statement-appreciation")
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_quiet(pilot)
        assert app.screen.query_one("#variant", Select).value == "gratitude"
        assert label_texts(app)["need"] == "because it"
        assert preview(app) == "I feel … when … because it met my need for …"
        await fill(pilot, feeling="grateful", situation="you cooked on Tuesday")
        await until_quiet(pilot)  # the draft is kept first, so its note can't cover the ask
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Please add what it gave you" in screen_text(app)
        await fill(pilot, need="gave me the rest I needed", request="please keep doing it")
        assert "Nothing to point out" in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        said = (
            "I feel grateful when you cooked on Tuesday because it gave me the rest I needed. "
            "Please keep doing it."
        )
        assert said in screen_text(app)
        await write(pilot, "You were glad of the rest when I cooked")
        await choose(pilot, "Yes, that's it")
        assert "would you like to write one too?" in screen_text(app)
    saved = statements(ready_db)[0]["value"]
    assert saved["variant"] == "gratitude" and saved["text"] == said


async def test_the_coach_still_speaks_up_in_every_shape(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise(EXERCISE)
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_quiet(pilot)
        await fill(pilot, feeling="hurt", situation="you always leave early", need="company")
        for name in SHAPES:
            app.screen.query_one("#variant", Select).value = name
            await until_quiet(pilot)
            assert "turns one moment into a verdict" in screen_text(app), name
        # The soft opener's ask is something to do; an ask to stop gets a nudge there only.
        await fill(pilot, need="us to stop arguing about money")
        assert "asks for something to end" not in screen_text(app)
        app.screen.query_one("#variant", Select).value = "gentle_startup"
        await until_quiet(pilot)
        assert "'Stop arguing' asks for something to end" in screen_text(app)
        await fill(pilot, need="us to sit down with the bills on Sunday")
        assert "asks for something to end" not in screen_text(app)


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_every_shape_is_a_variant_content_may_name(tmp_path: Path, variant: str) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "mine.yaml").write_text(
        "exercises:\n"
        "  - id: my-statement\n"
        "    kind: i_statement\n"
        f"    variant: {variant}\n"
        "    title: My statement\n"
        "    why: Saying it plainly helps.\n"
        "    minutes: 10\n",
        encoding="utf-8",
    )
    assert validate(folder) == []
