"""Snapshots of each distinct exercise step layout, at 80x24 (the smallest supported size).

Plain ``def`` tests: the plugin runs the app. Driving happens in ``run_before``.
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input
from workbook.screens.dialogs.word_picker import WordPicker

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, drafts_kept, settle, write

SIZE = (80, 24)


def drill(*actions):
    """run_before: open the listening drill and perform ``actions`` in order."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_exercise("listening-your-topic")
        await settle(pilot)
        for action in actions:
            await action(pilot)
        await settle(pilot)

    return run_before


def pick(label):
    async def act(pilot) -> None:
        await choose(pilot, label)

    return act


def say(text):
    async def act(pilot) -> None:
        await write(pilot, text)

    return act


def test_listening_who_first(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=drill())


def test_listening_topic_list(snap_compare, ready_db: Path) -> None:
    assert snap_compare(
        make_app(ready_db), terminal_size=SIZE, run_before=drill(pick("Alex speaks first"))
    )


def test_listening_speaker_writes(snap_compare, ready_db: Path) -> None:
    run_before = drill(pick("Alex speaks first"), pick("Whatever is on your mind"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_listening_speaker_marks_paraphrase(snap_compare, ready_db: Path) -> None:
    run_before = drill(
        pick("Alex speaks first"), pick("Whatever is on your mind"),
        say("Work has been heavy"), say("work has been heavy"),  # after "What I hear is"
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_listening_swap(snap_compare, ready_db: Path) -> None:
    run_before = drill(
        pick("Alex speaks first"), pick("Whatever is on your mind"),
        say("Work has been heavy"), say("work has been heavy"),
        pick("Yes, that's it"), pick("That's it for now"), say("work has been heavy lately"),
        say("it has been a lot"), say("tired"), pick("Yes, that fits"),
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def statement(*fields: tuple[str, str], then=None):
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_exercise("i-statement-anytime")
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        for name, value in fields:
            pilot.app.screen.query_one(f"#field-{name}", Input).value = value
            await pilot.pause()
        await drafts_kept(pilot)
        if then is not None:
            await then(pilot)
        await settle(pilot)

    return run_before


def test_statement_builder_with_coach(snap_compare, ready_db: Path) -> None:
    run_before = statement(
        ("feeling", "frustrated"), ("situation", "you always leave dishes in the sink"),
        ("need", "some order in the kitchen"),
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_statement_reflection(snap_compare, ready_db: Path) -> None:
    async def confirm(pilot) -> None:
        await pilot.press("ctrl+s")
        await settle(pilot)

    run_before = statement(
        ("feeling", "tired"), ("situation", "the alarm went at five"), ("need", "rest"),
        then=confirm,
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_feelings_picker(snap_compare, ready_db: Path) -> None:
    async def open_picker(pilot) -> None:
        await until_quiet(pilot)
        await pilot.press("ctrl+f")
        picker = await screen_on_top(pilot, WordPicker)
        await pilot.press(*"ti")
        await until_quiet(pilot)
        assert picker.query_one("#word-filter", Input).value == "ti"

    run_before = statement(then=open_picker)
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_pause(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, press=["ctrl+t"])


def test_library(snap_compare, ready_db: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.screen.highlight("library")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_resume_offer(snap_compare, ready_db: Path) -> None:
    async def run_before(pilot) -> None:
        await drill(pick("Alex speaks first"))(pilot)
        await pilot.press("escape")
        await pilot.pause()
        pilot.app.open_exercise("listening-your-topic")
        await pilot.pause()
        await pilot.pause()

    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def dream(*actions):
    """run_before: open a dream exercise, Alex shares first, then ``actions``."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_exercise("dream-next-five-years")
        await settle(pilot)
        await choose(pilot, "Alex shares first")
        for action in actions:
            await action(pilot)
        await settle(pilot)

    return run_before


def keys(*pressed):
    async def act(pilot) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return act


def test_dream_sharer_writes(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=dream())


def test_dream_catcher_ticks_questions(snap_compare, ready_db: Path) -> None:
    async def kept(pilot) -> None:
        await drafts_kept(pilot)

    run_before = dream(
        say("A little house by the water"), keys("space", "down", "down", "space"), kept
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


LEARNED = (
    say("A little house by the water"), keys("space", "ctrl+s"), say("roots matter to Alex"),
)


def test_dream_sharer_says_whether_it_was_caught(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=dream(*LEARNED))


def test_dream_catcher_chooses_what_to_offer(snap_compare, ready_db: Path) -> None:
    run_before = dream(*LEARNED, pick("Yes, that's it"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)


def test_dream_sharer_reads_the_offer(snap_compare, ready_db: Path) -> None:
    run_before = dream(
        *LEARNED, pick("Yes, that's it"), pick("Support it"), say("look at houses on Sundays"),
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, run_before=run_before)
