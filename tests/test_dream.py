"""Dream sharing, driven as a couple would: both sides, a swap, a pause, a resume, privacy."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from textual.widgets import Static, TextArea
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dream import DreamScreen
from workbook.screens.home import HomeScreen
from workbook.screens.pause import PauseScreen
from workbook.screens.widgets.checklist import Checklist
from workbook.screens.widgets.countdown import CountdownTimer

from tests.conftest import make_app, until_quiet
from tests.exercise_helpers import choose, proceed, screen_text, settle, write

SIZE = (80, 24)
EXERCISE = "dream-next-five-years"
QUESTIONS = (
    "What does a good ordinary day look like for you then?",
    "Where in your life does this dream come from?",
    "Why does it matter so much to you right now?",
)


def answers(db: Path) -> list[dict]:
    tables = json.loads(db.read_bytes())
    return list(tables.get("answers", {}).values())


def runs(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("runs", {}).values())


async def open_dream(app, pilot) -> DreamScreen:
    app.open_exercise(EXERCISE)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, DreamScreen)
    return screen


async def type_keys(pilot, text: str) -> None:
    """Type ``text`` key by key into whatever has focus."""
    await pilot.press(*text)
    await pilot.pause()


async def type_and_confirm(pilot, text: str) -> None:
    """Type an answer key by key and confirm it with ctrl+s."""
    assert isinstance(pilot.app.focused, TextArea)
    await type_keys(pilot, text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def hand_over(pilot, writer: str, looker: str, *, hidden: tuple[str, ...] = ()) -> None:
    """On the hand-off screen: check who is asked to look away, then Enter."""
    app = pilot.app
    assert isinstance(app.screen, HandOffScreen)
    text = screen_text(app)
    assert f"{looker}, please look away" in text
    assert f"{writer}, press Enter" in text
    for secret in hidden:
        assert secret not in text
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, DreamScreen)


def every_text(screen) -> str:
    """All text of one screen (also one that is not in front)."""
    parts = [str(w.render()) for w in screen.query(Static)]
    parts += [w.text for w in screen.query(TextArea)]
    return "\n".join(parts)


async def to_support(pilot, first: str = "Alex") -> None:
    """From the first choice to the hand-off before the first support answer."""
    await choose(pilot, f"{first} shares first")
    await write(pilot, "A little house by the water, with a garden")
    await pilot.press("space", "ctrl+s")
    await settle(pilot)
    await write(pilot, "It is about slowing down and having roots")


async def test_full_run_with_swap_pause_and_resume(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        assert "Alex shares first (suggested)" in screen_text(app)
        await pilot.press("enter")  # the suggested choice has the focus
        await settle(pilot)

        # Side 1: Alex shares, Sam catches.
        text = screen_text(app)
        assert "Alex — share your dream" in text
        assert "Sam listens, as the dream catcher" in text
        assert "No persuading, no solving, just curiosity." in text
        assert "Picture your life five years from now" in text
        timer = app.screen.query_one("#timer", CountdownTimer)
        assert timer.display and "15:00" in str(timer.render())
        await type_and_confirm(pilot, "A small bakery of my own")

        assert "Sam — ask, and listen" in screen_text(app)
        assert isinstance(app.focused, Checklist)
        await pilot.press("space", "down", "down", "enter")  # ticks the first and third
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert "Sam — write what you learned" in screen_text(app)
        await type_and_confirm(pilot, "baking is how Alex feels useful")

        await hand_over(pilot, "Alex", "Sam")
        assert "Alex — one way to support it" in screen_text(app)
        assert not app.screen.query_one("#timer", CountdownTimer).display
        await type_keys(pilot, "ask my aunt about her shop")
        await until_quiet(pilot)  # the pause in typing lets the draft be kept
        await pilot.press("escape")  # leave half-way
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drafts = [a for a in answers(ready_db) if a["draft"]]
    assert [(d["partner"], d["step"], d["value"]) for d in drafts] == [
        ("a", "support", "I could ask my aunt about her shop")  # the starter is kept
    ]
    (left,) = runs(ready_db)
    assert left["state"]["phase"] == "support" and "_handed" not in left["state"]

    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        again.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(again)
        await pilot.press("enter")  # Continue
        await settle(pilot)
        await hand_over(pilot, "Alex", "Sam")  # a private step asks again after a resume
        text = screen_text(again)
        assert "Alex — one way to support it" in text  # same step, same roles
        assert "ask my aunt about her shop" in text  # the draft is back
        await type_and_confirm(pilot, " and taste every bread")

        await hand_over(pilot, "Sam", "Alex", hidden=("ask my aunt",))
        assert "ask my aunt" not in screen_text(again)
        await type_and_confirm(pilot, "keep Saturday mornings free")

        text = screen_text(again)
        assert "How you would each support Alex's dream" in text
        assert "ask my aunt about her shop and taste every bread" in text
        assert "keep Saturday mornings free" in text
        await proceed(pilot)

        assert "Now Sam shares a dream and Alex is the dream catcher" in screen_text(again)
        await proceed(pilot)

        # Side 2: Sam shares, Alex catches.
        assert "Sam — share your dream" in screen_text(again)
        await type_and_confirm(pilot, "Walking the coast path")
        assert "Alex — ask, and listen" in screen_text(again)
        await pilot.press("space", "down", "space", "up", "space")  # tick, tick, untick
        await pilot.press("ctrl+s")
        await settle(pilot)

        assert "Alex — write what you learned" in screen_text(again)
        await type_keys(pilot, "Sam needs open space")
        await pilot.press("ctrl+t")  # a pause from the middle of a step
        await pilot.pause()
        assert isinstance(again.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, DreamScreen)
        text = screen_text(again)
        assert "Alex — write what you learned" in text  # the exact same step
        assert "Sam needs open space" in text  # with what was typed
        await pilot.press("ctrl+s")
        await settle(pilot)

        await hand_over(pilot, "Alex", "Sam")
        text = screen_text(again)
        assert "what is one way you could support Sam's dream" in text
        assert "ask my aunt" not in text  # Alex's answer from side 1 is not brought back
        await type_and_confirm(pilot, "plan one long walk a month")
        await hand_over(pilot, "Sam", "Alex", hidden=("plan one long walk",))
        assert "what is one thing you could do to support your own dream" in screen_text(again)
        await type_and_confirm(pilot, "buy proper boots")

        text = screen_text(again)
        assert "How you would each support Sam's dream" in text
        assert "plan one long walk a month" in text and "buy proper boots" in text
        await proceed(pilot)
        assert "You both shared a dream" in screen_text(again)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(again.screen, HomeScreen)

    saved = answers(ready_db)
    got = [(a["partner"], a["role"], a["step"], a["value"], a["visibility"]) for a in saved]
    assert got == [
        ("a", "sharer", "dream", "A small bakery of my own", "shared"),
        ("b", "catcher", "questions", [QUESTIONS[0], QUESTIONS[2]], "shared"),
        ("b", "catcher", "learned", "I learned that baking is how Alex feels useful", "shared"),
        ("a", "sharer", "support", "I could ask my aunt about her shop and taste every bread",
         "shared"),
        ("b", "catcher", "support", "I could keep Saturday mornings free", "shared"),
        ("b", "sharer", "dream", "Walking the coast path", "shared"),
        ("a", "catcher", "questions", [QUESTIONS[1]], "shared"),
        ("a", "catcher", "learned", "I learned that Sam needs open space", "shared"),
        ("a", "catcher", "support", "I could plan one long walk a month", "shared"),
        ("b", "sharer", "support", "I could buy proper boots", "shared"),
    ]
    (run,) = runs(ready_db)
    assert run["completed"]
    assert set(run["state"]["durations"]) == {"a", "b"}
    for answer in saved:
        assert answer["exercise"] == EXERCISE and answer["run"] == run["id"]
        assert answer["session"] is None and answer["draft"] is False
        created = datetime.fromisoformat(answer["created"])
        updated = datetime.fromisoformat(answer["updated"])
        assert created.utcoffset() is not None and created <= updated


async def test_private_support_stays_hidden_until_both_have_answered(ready_db: Path) -> None:
    secret_a = "I could take over the Sunday cooking"
    secret_b = "I could find a course for you"
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_support(pilot)
        await hand_over(pilot, "Alex", "Sam")
        await write(pilot, secret_a)

        # Sam's turn: first the hand-off, then Sam writes; Alex's words are nowhere.
        assert isinstance(app.screen, HandOffScreen)
        assert secret_a not in screen_text(app)
        dream = app.screen_stack[-2]
        assert isinstance(dream, DreamScreen)
        assert secret_a not in every_text(dream)  # not even behind the hand-off
        await hand_over(pilot, "Sam", "Alex")
        assert "Sam — one way to support it" in screen_text(app)
        assert secret_a not in screen_text(app)
        area = app.screen.query_one("#answer-text", TextArea)
        area.insert(secret_b)
        await pilot.pause()
        assert secret_a not in screen_text(app)
        await pilot.press("ctrl+s")
        await settle(pilot)

        # Both have answered: the reveal shows both, side by side.
        assert isinstance(app.screen, DreamScreen)
        text = screen_text(app)
        assert secret_a in text and secret_b in text
        assert "private answer" not in text


async def test_support_kept_private_is_never_revealed(ready_db: Path) -> None:
    shared_a = "I could save a little each month for it"
    private_b = "keep some room in it for me too"
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_support(pilot)
        await hand_over(pilot, "Alex", "Sam")
        await write(pilot, shared_a)
        await hand_over(pilot, "Sam", "Alex", hidden=(shared_a,))
        await pilot.press("ctrl+o")  # keep this private
        await write(pilot, private_b)

        assert isinstance(app.screen, DreamScreen)
        text = screen_text(app)
        assert shared_a in text
        assert "🔒 private answer by Sam" in text
        assert private_b not in text
        await proceed(pilot)
        assert "Swap roles" in screen_text(app)
        assert private_b not in screen_text(app)

    support = {a["partner"]: a for a in answers(ready_db) if a["step"] == "support"}
    assert support["a"]["visibility"] == "shared" and support["a"]["role"] == "sharer"
    assert support["b"]["visibility"] == "private" and support["b"]["role"] == "catcher"
    assert support["b"]["value"] == f"I could {private_b}"  # kept for Sam, marked private


async def test_questions_tick_with_space_enter_and_a_click(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await choose(pilot, "Sam shares first")
        await write(pilot, "Learning to sail")
        checklist = app.screen.query_one(Checklist)
        assert checklist.items[:3] == QUESTIONS
        assert all(f"☐ {q}" in screen_text(app) for q in QUESTIONS)
        await pilot.press("enter")
        assert checklist.ticked == [QUESTIONS[0]]
        assert f"☑ {QUESTIONS[0]}" in screen_text(app)
        await pilot.press("space")
        assert checklist.ticked == []
        await pilot.click(Checklist, offset=(4, 2))  # the second question's line
        await pilot.pause()
        assert checklist.ticked == [QUESTIONS[1]]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Alex — write what you learned" in screen_text(app)

    (questions,) = [a for a in answers(ready_db) if a["step"] == "questions"]
    assert questions["value"] == [QUESTIONS[1]]
    assert (questions["partner"], questions["role"]) == ("a", "catcher")


async def test_no_question_ticked_is_fine(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await choose(pilot, "Alex shares first")
        await write(pilot, "A year abroad")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Sam — write what you learned" in screen_text(app)

    (questions,) = [a for a in answers(ready_db) if a["step"] == "questions"]
    assert questions["value"] == []


async def test_next_time_suggests_the_other_sharer(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await choose(pilot, "Alex shares first")
        await write(pilot, "A little house by the water")  # a turn begun, so it counts
        await pilot.press("escape")
        await pilot.pause()
        app.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(app)
        await pilot.press("tab", "enter")  # "Start again" in the resume dialog
        await settle(pilot)
        assert "Sam shares first (suggested)" in screen_text(app)
