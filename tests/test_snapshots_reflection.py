"""Snapshots of each reflection step layout, at 80x24 (the smallest supported size).

Plain ``def`` tests: the plugin runs the app. Driving happens in ``run_before``,
with the shipped content, so what is checked is what a couple sees.
"""

from __future__ import annotations

from pathlib import Path

from tests.conftest import make_app
from tests.exercise_helpers import settle, write

SIZE = (80, 24)


def reflection(exercise: str, *actions):
    """run_before: open ``exercise``, press Begin, then perform ``actions`` in order."""

    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_exercise(exercise)
        await settle(pilot)
        await pilot.press("ctrl+s")  # Begin
        await settle(pilot)
        for action in actions:
            await action(pilot)
        await settle(pilot)

    return run_before


def keys(*pressed):
    async def act(pilot) -> None:
        await pilot.press(*pressed)
        await settle(pilot)

    return act


def say(text):
    async def act(pilot) -> None:
        await write(pilot, text)

    return act


def typed(*parts: str):
    """Type into the focused field; each part after the first goes after a Tab."""

    async def act(pilot) -> None:
        for number, part in enumerate(parts):
            if number:
                await pilot.press("tab")
            await pilot.press(*part)
        await pilot.press("ctrl+s")
        await settle(pilot)

    return act


READY = keys("enter")  # the writer is ready on the hand-off screen


def snap(snap_compare, db: Path, run_before) -> bool:
    return snap_compare(make_app(db), terminal_size=SIZE, run_before=run_before)


def test_reflection_opening(snap_compare, ready_db: Path) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()
        pilot.app.open_exercise("deep-questions-light")
        await settle(pilot)

    assert snap(snap_compare, ready_db, run_before)


def test_reflection_private_text(snap_compare, ready_db: Path) -> None:
    assert snap(snap_compare, ready_db, reflection("appreciation-exchange", READY))


def test_reflection_reveal_with_one_private_answer(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "appreciation-exchange",
        READY, say("Your patience with my mother, every single time"),
        READY, keys("ctrl+o"), say("How you make strangers feel at home"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_private_scale(snap_compare, ready_db: Path) -> None:
    run_before = reflection("obstacles-self-assessment", READY, keys("right", "right"))
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_scale_reveal(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "obstacles-self-assessment",
        READY, keys("3", "ctrl+s"), READY, keys("7", "ctrl+s"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_private_choice(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "closing-commitments",
        READY, say("The listening"), READY, say("The check-ins"), keys("ctrl+s"),
        READY, keys("down", "down", "enter"),
    )
    assert snap(snap_compare, ready_db, run_before)


# Love languages asks its guess first, picked from the five: each picks, then the reveal.
GUESSED_FIRST = (
    READY, keys("down", "enter", "enter", "ctrl+s"),
    READY, keys("enter", "down", "down", "enter", "ctrl+s"), keys("ctrl+s"),
)


def test_reflection_ranking_item_picked_up(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "love-languages", *GUESSED_FIRST, READY, keys("down", "enter", "down"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_ranking_reveal(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "love-languages", *GUESSED_FIRST,
        READY, keys("shift+down", "ctrl+s"), READY, keys("end", "shift+up", "ctrl+s"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_guess_with_choices(snap_compare, ready_db: Path) -> None:
    """Your own answer picked, the focus on the guess: what will Sam pick?"""
    run_before = reflection("love-languages", READY, keys("down", "enter"))
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_guess_with_choices_reveal(snap_compare, ready_db: Path) -> None:
    """Picked guesses match on the choice: no question, the tick where the choice was the same."""
    run_before = reflection("love-languages", *GUESSED_FIRST[:-1])
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_guess(snap_compare, ready_db: Path) -> None:
    async def fill(pilot) -> None:
        await pilot.press(*"Work deadlines", "tab", *"The move")
        await pilot.pause()

    assert snap(snap_compare, ready_db, reflection("inner-world-guess", READY, fill))


def test_reflection_guess_reveal(snap_compare, ready_db: Path) -> None:
    """Both shown; Alex, whose answer Sam guessed in other words, says if it was close enough."""
    run_before = reflection(
        "inner-world-guess",
        READY, typed("Work deadlines", "The move"),
        READY, typed("The move", "Deadlines at work"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_guess_reveal_after_close_enough(snap_compare, ready_db: Path) -> None:
    """Alex said close enough: the tick for Sam. Sam's answer had the same words: a tick too."""
    run_before = reflection(
        "inner-world-guess",
        READY, typed("Work deadlines", "The move"),
        READY, typed("The move", "Deadlines at work"),
        keys("enter"),  # "Yes, close enough" has the focus
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_shared_text(snap_compare, ready_db: Path) -> None:
    run_before = reflection("deep-questions-light", say("Cartoons, then a long bike ride"))
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_shared_recap(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "deep-questions-light", say("Cartoons, then a long bike ride"), say(""),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_shared_choice_list(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "quality-time-plan", keys("4", "ctrl+s"), keys("6", "ctrl+s"), keys("ctrl+s"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_shared_choice_buttons(snap_compare, ready_db: Path) -> None:
    assert snap(snap_compare, ready_db, reflection("collaborative-conflict"))


def test_reflection_stopped_for_today(snap_compare, ready_db: Path) -> None:
    run_before = reflection(
        "deep-questions-light", say("Cartoons"), say("Dens in the woods"), keys("tab", "enter"),
    )
    assert snap(snap_compare, ready_db, run_before)


def test_reflection_pick_up(snap_compare, ready_db: Path) -> None:
    async def run_before(pilot) -> None:
        await reflection(
            "deep-questions-light", say("Cartoons"), say("Dens in the woods"),
            keys("tab", "enter"), keys("escape"),
        )(pilot)
        pilot.app.open_exercise("deep-questions-light")
        await settle(pilot)

    assert snap(snap_compare, ready_db, run_before)
