"""The listening drill, driven as a couple would: a full round with a retry, a swap, a pause."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Button
from workbook.screens.home import HomeScreen
from workbook.screens.listening import ListeningScreen
from workbook.screens.pause import PauseScreen

from tests.conftest import make_app, until_quiet
from tests.exercise_helpers import choose, proceed, screen_text, settle, write
from workbook.labels import CHOICE_LABELS

SIZE = (80, 24)
EXERCISE = "listening-your-topic"


def answers(db: Path) -> list[dict]:
    tables = json.loads(db.read_bytes())
    return sorted(tables.get("answers", {}).values(), key=lambda a: (a["created"], a["step"]))


def runs(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("runs", {}).values())


async def open_drill(app, pilot) -> ListeningScreen:
    app.open_exercise(EXERCISE)
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ListeningScreen)
    return screen


async def one_side(pilot, speaker: str, listener: str, *, retry: bool, more: bool) -> None:
    """Topic, chunk, paraphrase (maybe not quite, clarify, again), more?, validation, empathy."""
    await choose(pilot, "Our own topic")
    await write(pilot, f"{speaker}'s topic: our evenings")
    assert f"{speaker} — you hold the floor" in screen_text(pilot.app)
    await write(pilot, f"{speaker} says: I miss our evenings")
    assert f"{listener} — say back what you heard" in screen_text(pilot.app)
    await write(pilot, "What I hear is you miss the evenings")
    assert "What I hear is you miss the evenings" in screen_text(pilot.app)  # shown to judge
    if retry:
        await choose(pilot, "Not quite")
        await write(pilot, "I mean the quiet ones, without phones")
        await write(pilot, "What I hear is you miss quiet evenings without phones")
    await choose(pilot, "Yes, that's it")
    if more:
        await choose(pilot, "There's more")
        await write(pilot, f"{speaker} says: and I'd like Sundays back")
        await write(pilot, "What I hear is you'd like Sundays back")
        await choose(pilot, "Yes, that's it")
    await choose(pilot, "That's it for now")
    await write(pilot, "So, all in all, you miss our evenings together")
    await write(pilot, "That makes sense, because work has taken our evenings")
    await write(pilot, "I imagine you feel lonely")
    await choose(pilot, "Yes, that fits")


async def test_full_drill_with_retry_swap_and_pause(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Alex speaks first")
        await one_side(pilot, "Alex", "Sam", retry=True, more=True)
        assert "Then Sam holds the floor" in screen_text(app)
        await pilot.press("ctrl+t")  # a pause from the middle of the drill
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ListeningScreen)
        assert "Then Sam holds the floor" in screen_text(app)  # the exact same step
        await proceed(pilot)
        await one_side(pilot, "Sam", "Alex", retry=False, more=False)
        assert "Sam, thank Alex for listening" in screen_text(app)  # before the end
        await proceed(pilot)
        assert "You both held the floor" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    saved = answers(ready_db)
    steps = [(a["partner"], a["role"], a["step"]) for a in saved]
    assert ("a", "speaker", "chunk-1") in steps
    assert ("b", "listener", "paraphrase-1.1") in steps
    assert ("a", "speaker", "mark-1.1") in steps
    assert ("a", "speaker", "clarify-1.2") in steps
    assert ("b", "listener", "paraphrase-1.2") in steps
    assert ("a", "speaker", "chunk-2") in steps
    assert ("b", "listener", "validation") in steps
    assert ("b", "listener", "empathy") in steps
    assert ("b", "speaker", "chunk-1") in steps  # roles swapped
    assert ("a", "listener", "empathy") in steps
    marks = {
        a["step"]: a["value"] for a in saved if a["step"].startswith("mark") and a["partner"] == "a"
    }
    assert marks == {"mark-1.1": "not_quite", "mark-1.2": "got_it", "mark-2.1": "got_it"}
    assert all(not a["draft"] for a in saved)
    assert all(a["exercise"] == EXERCISE and a["created"] and a["updated"] for a in saved)
    (run,) = runs(ready_db)
    assert run["completed"] and set(run["state"]["durations"]) == {"a", "b"}


async def test_leaving_half_way_resumes_at_the_same_step_with_the_draft(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Sam speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "Holidays")
        area = app.screen.query_one("#answer-text")
        area.insert("I'd love a week by the sea")
        await until_quiet(pilot)  # the pause in typing lets the draft be kept
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drafts = [a for a in answers(ready_db) if a["draft"]]
    assert [d["value"] for d in drafts] == ["I'd love a week by the sea"]

    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        again.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(again)
        await pilot.press("enter")  # Continue
        await settle(pilot)
        text = screen_text(again)
        assert "Sam — you hold the floor" in text  # same step, same roles
        assert "I'd love a week by the sea" in text  # the draft is back
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Alex — say back what you heard" in screen_text(again)

    chunk = [a for a in answers(ready_db) if a["step"] == "chunk-1"]
    assert len(chunk) == 1 and chunk[0]["draft"] is False and chunk[0]["partner"] == "b"


async def test_next_drill_suggests_the_other_speaker(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Sam speaks first")
        await pilot.press("escape")
        await pilot.pause()
        app.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(app)
        await pilot.press("tab", "enter")  # "Start again" in the resume dialog
        await settle(pilot)
        assert "Alex speaks first (suggested)" in screen_text(app)


async def test_empty_answer_is_refused_kindly(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Write a few words first" in screen_text(app)
        assert isinstance(app.screen, ListeningScreen)


async def test_the_second_speaker_is_offered_the_same_topic(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Alex speaks first")
        await one_side(pilot, "Alex", "Sam", retry=False, more=False)
        await proceed(pilot)  # swap
        text = screen_text(app)
        assert "The same topic: Alex's topic: our evenings" in text
        await choose(pilot, "The same topic")
        assert "Topic: Alex's topic: our evenings" in screen_text(app)
        assert "Sam — you hold the floor" in screen_text(app)


async def test_two_misses_suggest_a_shorter_piece(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "our evenings")
        await write(pilot, "A long piece about many things at once")
        await write(pilot, "What I hear is something")
        await choose(pilot, "Not quite")
        assert "shorter piece" not in screen_text(app)  # one miss: just say it again
        await write(pilot, "Again, many things")
        await write(pilot, "What I hear is something else")
        await choose(pilot, "Not quite")
        assert "Try a shorter piece this time" in screen_text(app)


async def test_not_now_ends_the_drill_kindly_and_nothing_looks_finished(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        assert "is now a good time to talk?" in screen_text(app)
        await choose(pilot, CHOICE_LABELS["not_now"].button)
        text = screen_text(app)
        assert "Another time, then" in text
        assert "Agree on a time that suits you both" in text
        assert "You both held the floor" not in text  # not the finish
        await pilot.press("ctrl+s")  # Back
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    assert answers(ready_db) == []  # "not now" is not an answer
    (run,) = runs(ready_db)
    assert run["completed"] is None  # no finished drill
    assert "first" not in run["state"]  # and nobody counted as having gone first

    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        again.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(again)
        await pilot.press("enter")  # Continue: at the agreed time, the same question again
        await settle(pilot)
        assert "is now a good time to talk?" in screen_text(again)
        await choose(pilot, "Sam speaks first")
        assert "Sam, what would you like to talk about?" in screen_text(again)


async def test_choosing_a_speaker_at_the_appointment_starts_the_drill(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        buttons = [str(b.label) for b in app.screen.query(".choice").results(Button)]
        assert buttons == [
            "Alex speaks first (suggested)", "Sam speaks first", CHOICE_LABELS["not_now"].button,
        ]
        await choose(pilot, "Alex speaks first")
        assert "Alex, what would you like to talk about?" in screen_text(app)
        assert "Another time, then" not in screen_text(app)


async def test_the_arrow_keys_move_between_a_steps_choice_buttons(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill(app, pilot)
        buttons = list(screen.query("Button.choice"))
        assert len(buttons) == 3  # who speaks first, either way, or not now
        buttons[0].focus()
        await pilot.pause()
        await pilot.press("down")
        assert screen.focused is buttons[1]
        await pilot.press("right")
        assert screen.focused is buttons[2]
        await pilot.press("down")  # round from the last to the first
        assert screen.focused is buttons[0]
        await pilot.press("up")
        assert screen.focused is buttons[2]
        await pilot.press("left")
        assert screen.focused is buttons[1]
        await pilot.press("enter")
        await settle(pilot)
        assert "what would you like to talk about?" in screen_text(app)


async def test_a_burst_of_keys_then_ctrl_s_saves_every_word(ready_db: Path) -> None:
    """ctrl+s overtakes keys still queued for the field; the answer must hold all of them."""
    from textual import events

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_drill(app, pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        words = "our evenings and the quiet ones without phones END"
        for character in words:  # all queued at once, as a fast typist or a paste would
            app.post_message(events.Key(character, character))
        app.post_message(events.Key("ctrl+s", None))
        await settle(pilot)
        assert [a["value"] for a in answers(ready_db) if a["step"] == "topic"] == [words]


async def test_an_arrow_then_enter_in_one_burst_presses_the_button_moved_to(
    ready_db: Path,
) -> None:
    from textual import events

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_drill(app, pilot)
        buttons = list(screen.query("Button.choice"))
        buttons[0].focus()
        await pilot.pause()
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert "Sam, what would you like to talk about?" in screen_text(app)
