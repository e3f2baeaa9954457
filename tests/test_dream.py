"""Dream sharing, driven as a couple would: both sides, a swap, a pause, a resume.

The sharer says whether the dream catcher got it (another try if not quite),
and the catcher's honest offer (understand it, support it, join in, and maybe
one thing they'll do) is saved and shown to the sharer.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from textual.widgets import Button, Static, TextArea
from workbook.screens.dialogs.too_much import TooMuchDialog
from workbook.screens.dream import DreamScreen
from workbook.screens.home import HomeScreen
from workbook.screens.pause import PauseScreen
from workbook.screens.widgets.checklist import Checklist
from workbook.screens.widgets.countdown import CountdownTimer
from workbook.screens.widgets.reveal import QuoteView

from tests.conftest import make_app, until_quiet
from tests.exercise_helpers import choose, proceed, screen_text, settle, write
from workbook.content import load_content
from workbook.export import snapshot_from_tables, to_markdown
from workbook.labels import CHOICE_LABELS, is_bookkeeping
from workbook.review import value_text

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


def quoted(app) -> list[tuple[str, str]]:
    """Each quoted panel on screen: its label and its words."""
    found = []
    for view in app.screen.query(QuoteView):
        for panel in view.children:
            words = "\n".join(str(w.render()) for w in panel.query(Static))
            found.append((str(panel.border_title), " ".join(words.split())))
    return found


def buttons(app) -> list[str]:
    """The words on the choice buttons of the step on screen."""
    return [str(b.label) for b in app.screen.query(".choice").results(Button)]


async def to_learned(pilot, first: str = "Alex") -> None:
    """From the first choice to the dream catcher's "what I learned", one question ticked."""
    await choose(pilot, f"{first} shares first")
    await write(pilot, "A little house by the water, with a garden")
    await pilot.press("space", "ctrl+s")
    await settle(pilot)


async def to_offer(pilot) -> None:
    """Alex shares, Sam catches it right first time: on to what Sam can offer."""
    await to_learned(pilot)
    await write(pilot, "it is about slowing down and having roots")
    await choose(pilot, "Yes, that's it")


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
        assert not app.screen.query("#answer-private")  # Alex judges it next
        await type_and_confirm(pilot, "baking is how Alex feels useful")

        assert "Alex — did they get it?" in screen_text(app)
        assert app.screen.query_one("#timer", CountdownTimer).display  # still talking
        await pilot.press("enter")  # "Yes, that's it" has the focus
        await settle(pilot)

        assert "Sam — choose what you can offer" in screen_text(app)
        assert not app.screen.query_one("#timer", CountdownTimer).display
        await pilot.press("tab", "enter")  # "Support it"
        await settle(pilot)

        assert "Sam — one thing you'll do, if you like" in screen_text(app)
        await type_keys(pilot, "ask my aunt about her shop")
        await until_quiet(pilot)  # the pause in typing lets the draft be kept
        await pilot.press("escape")  # leave half-way
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drafts = [a for a in answers(ready_db) if a["draft"]]
    assert [(d["partner"], d["step"], d["value"]) for d in drafts] == [
        ("b", "support", "I'll ask my aunt about her shop")  # the starter is kept
    ]
    (left,) = runs(ready_db)
    assert left["state"]["phase"] == "support"

    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        again.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(again)
        await pilot.press("enter")  # Continue
        await settle(pilot)
        text = screen_text(again)
        assert "Sam — one thing you'll do, if you like" in text  # same step, same roles
        assert "ask my aunt about her shop" in text  # the draft is back
        await type_and_confirm(pilot, " for advice")

        text = screen_text(again)
        assert "Alex — read what Sam offers" in text
        assert quoted(again) == [
            ("What Sam can offer",
             "I'll back you in it, with time, money or encouragement, whatever fits."),
            ("One thing Sam will do", "I'll ask my aunt about her shop for advice"),
        ]
        await choose(pilot, "Thank you")

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

        await choose(pilot, "Yes, that's it")
        text = screen_text(again)
        assert "Alex, how can you honour Sam's dream?" in text
        assert "ask my aunt" not in text  # Sam's offer from side 1 is not brought back
        await choose(pilot, "Join in")
        await write(pilot, "plan one long walk a month")
        assert quoted(again) == [
            ("What Alex can offer", "I'd like to join in, and make it part of our life too."),
            ("One thing Alex will do", "I'll plan one long walk a month"),
        ]
        await choose(pilot, "Thank you")
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
        ("a", "sharer", "caught", "got_it", "shared"),
        ("b", "catcher", "honour", "support_it", "shared"),
        ("b", "catcher", "support", "I'll ask my aunt about her shop for advice", "shared"),
        ("b", "sharer", "dream", "Walking the coast path", "shared"),
        ("a", "catcher", "questions", [QUESTIONS[1]], "shared"),
        ("a", "catcher", "learned", "I learned that Sam needs open space", "shared"),
        ("b", "sharer", "caught", "got_it", "shared"),
        ("a", "catcher", "honour", "join_in", "shared"),
        ("a", "catcher", "support", "I'll plan one long walk a month", "shared"),
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


async def test_the_sharer_sees_what_was_learned_and_says_it_is_right(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_learned(pilot)
        await write(pilot, "it is about slowing down and having roots")
        text = screen_text(app)
        assert "Alex — did they get it?" in text and "Sam waits" in text
        assert "Alex, did Sam get your dream?" in text
        assert quoted(app) == [
            ("Alex's dream", "A little house by the water, with a garden"),
            ("What Sam learned", "I learned that it is about slowing down and having roots"),
        ]
        assert buttons(app) == ["Yes, that's it", "Not quite"]
        await choose(pilot, "Yes, that's it")
        assert "Sam, how can you honour Alex's dream?" in screen_text(app)

    caught = [(a["partner"], a["role"], a["value"]) for a in answers(ready_db)
              if a["step"] == "caught"]
    assert caught == [("a", "sharer", "got_it")]


async def test_not_quite_gives_the_dream_catcher_another_try(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_learned(pilot)
        await write(pilot, "you want a bigger house")
        await choose(pilot, "Not quite")

        # Sam tries again, with the dream and the last try in view.
        text = screen_text(app)
        assert "Sam — write what you learned" in text
        assert "Sam, try again: what did you learn about Alex's dream?" in text
        assert "Ask Alex what you missed" in text
        assert quoted(app) == [
            ("Alex's dream", "A little house by the water, with a garden"),
            ("Your last try", "I learned that you want a bigger house"),
        ]
        assert app.screen.query_one("#answer-text", TextArea).text == "I learned that "
        await write(pilot, "you want somewhere to put down roots")

        # Alex judges the new try, not the old one.
        assert "Alex, did Sam get your dream?" in screen_text(app)
        assert quoted(app)[1] == (
            "What Sam learned", "I learned that you want somewhere to put down roots"
        )
        await choose(pilot, "Not quite")
        assert "It can take a few tries" in screen_text(app)  # the third try says so, kindly
        await write(pilot, "roots, near water")
        await choose(pilot, "Yes, that's it")
        assert "Sam — choose what you can offer" in screen_text(app)

    got = [(a["partner"], a["step"], a["value"]) for a in answers(ready_db)
           if a["step"].startswith(("learned", "caught"))]
    assert got == [
        ("b", "learned", "I learned that you want a bigger house"),
        ("a", "caught", "not_quite"),
        ("b", "learned.2", "I learned that you want somewhere to put down roots"),
        ("a", "caught.2", "not_quite"),
        ("b", "learned.3", "I learned that roots, near water"),
        ("a", "caught.3", "got_it"),
    ]


async def test_the_catcher_chooses_honestly_and_understanding_alone_is_enough(
    ready_db: Path,
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_offer(pilot)
        text = screen_text(app)
        assert "Sam — choose what you can offer" in text
        assert buttons(app) == ["Understand it", "Support it", "Join in"]
        assert "Each one is a real gift, and understanding it is enough." in text
        assert "not what you think Alex hopes for" in text
        await choose(pilot, "Understand it")

        text = screen_text(app)
        assert "Sam, is there one thing you'll do for Alex's dream?" in text
        assert "Done — or leave it empty" in text  # nobody has to promise anything more
        assert not app.screen.query("#answer-private")  # it is written for Alex to read
        await pilot.press("ctrl+s")  # left empty: only the starter
        await settle(pilot)

        text = screen_text(app)
        assert "Alex — read what Sam offers" in text
        assert quoted(app) == [
            ("What Sam can offer", "I want to understand your dream, and why it matters to you."),
        ]
        assert "Thank Sam out loud" in text
        await choose(pilot, "Thank you")
        assert "Swap roles" in screen_text(app)

    offered = {a["step"]: a for a in answers(ready_db) if a["step"] in ("honour", "support")}
    assert offered["honour"]["value"] == "understand_it"
    assert (offered["honour"]["partner"], offered["honour"]["role"]) == ("b", "catcher")
    assert offered["honour"]["visibility"] == "shared"
    assert offered["support"]["value"] == ""


async def test_too_much_at_the_offer_skips_only_what_is_skipped(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_offer(pilot)
        await choose(pilot, "Support it")
        await pilot.press("f3")
        await until_quiet(pilot)
        assert isinstance(app.screen, TooMuchDialog)
        assert app.screen.query_one("#skip", Button).label.plain == "Skip this question"
        await pilot.click("#skip")
        await settle(pilot)
        await until_quiet(pilot)
        # The one thing is skipped; what Sam chose still reaches Alex.
        assert quoted(app) == [
            ("What Sam can offer",
             "I'll back you in it, with time, money or encouragement, whatever fits."),
        ]
        await choose(pilot, "Thank you")
        await proceed(pilot)  # the swap

        # Side 2: skipping the choice itself goes straight to the end, offering nothing.
        await write(pilot, "Walking the coast path")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await write(pilot, "open space")
        await choose(pilot, "Yes, that's it")
        await pilot.press("f3")
        await until_quiet(pilot)
        await pilot.click("#skip")
        await settle(pilot)
        await until_quiet(pilot)
        assert "You both shared a dream" in screen_text(app)

    offered = [(a["partner"], a["step"], a["value"]) for a in answers(ready_db)
               if a["step"] in ("honour", "support")]
    assert offered == [("b", "honour", "support_it")]


async def test_review_and_the_export_read_the_offer_in_plain_words(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_dream(app, pilot)
        await to_learned(pilot)
        await write(pilot, "you want a bigger house")
        await choose(pilot, "Not quite")
        await write(pilot, "you want roots")
        await choose(pilot, "Yes, that's it")
        await choose(pilot, "Join in")
        await write(pilot, "look at houses with you on Sundays")

    # Review keeps the offer in view (it is an answer) and folds the "did they get it?".
    assert not is_bookkeeping("honour")
    assert is_bookkeeping("caught") and is_bookkeeping("caught.2")
    assert value_text("join_in") == "join in"
    snapshot = snapshot_from_tables(json.loads(ready_db.read_bytes()))
    out = to_markdown(snapshot, load_content())
    assert "What the dream catcher can offer" in out
    assert CHOICE_LABELS["join_in"].export in out
    assert "join_in" not in out and "not_quite" not in out
    assert "What the dream catcher learned (try 2)" in out
    assert "Did the dream catcher get it? (try 2)" in out


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
