"""The classics and the conflict and repair exercises can each be walked end to end at 80x24.

The walk plays both partners: it passes every hand-off, answers whatever the
step asks (words, a pick, a number, an order) and moves past every reveal,
until the exercise says it is finished. ``make test`` walks a sample; the
long trials (``make torture``, with WORKBOOK_TORTURE=1) walk every one.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Button, Input, TextArea
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.exercise import ChoiceStep, ExerciseScreen
from workbook.screens.widgets.menus import ChoiceList
from workbook.screens.widgets.picklist import PickList
from workbook.screens.widgets.scale import Scale

from tests.conftest import make_app
from tests.exercise_helpers import screen_text, settle, shown_step
from workbook.content import load_content

SIZE = (80, 24)
FILES = ("classics.yaml", "conflict_and_repair.yaml")
"""The classics, and the exercises of the conflict and repair sessions."""


def ids_in(name: str) -> list[str]:
    """The exercise ids a shipped exercise file defines, in order."""
    path = Path(__file__).parent.parent / "content" / "exercises" / name
    return [
        line.split(":", 1)[1].strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.startswith("  - id:")
    ]


CLASSICS = ids_in("classics.yaml")
#: Every exercise walked here; listening drills have walks of their own (test_listening.py).
WALKED = [
    key for name in FILES for key in ids_in(name)
    if load_content().exercise(key).kind != "listening"
]
#: Walked by every ``make test``: two of the quicker walks, a tick list and the coach's
#: rewrite. Guesses and picks with words have walks of their own (test_guessing.py,
#: test_reflection.py); ``make torture`` walks every one here.
SAMPLE = {"repair-phrases", "soft-start-up"}
STEP_LIMIT = 200
"""More steps than any classic has; reaching it means the walk is going round in circles."""


def test_the_classics_file_is_the_one_listed() -> None:
    content = load_content()
    assert len(CLASSICS) >= 14
    assert set(CLASSICS) >= SAMPLE
    for exercise_id in CLASSICS:
        exercise = content.exercise(exercise_id)
        assert exercise.why and exercise.minutes, exercise_id


async def answer_step(pilot, screen: ExerciseScreen) -> None:
    """Give the step on screen an answer (or move past it), the way a person would."""
    step = shown_step(pilot)
    if isinstance(step, ChoiceStep):
        menus = screen.query(ChoiceList)
        if menus:
            menus.first().highlighted = 0
            menus.first().action_select()
        else:
            screen.query(".choice").results(Button).__next__().press()
        await settle(pilot, moved_from=step)
        return
    for picker in screen.query(PickList):
        picker.focus()
        await pilot.press("enter")
    for scale in screen.query(Scale):
        scale.focus()
        await pilot.press("7")
    for area in screen.query(TextArea):
        if not area.read_only:  # after any sentence starter already in the box
            area.insert(" something we talked about")
    for field in screen.query(Input):
        if not field.value.strip():
            field.value = "A line of our own"
    await pilot.pause()
    await pilot.press("ctrl+s")
    await settle(pilot, moved_from=step)


async def walk(exercise_id: str, db: Path) -> str:
    """Walk ``exercise_id`` from its opening to its end; the finished screen's text."""
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_exercise(exercise_id)
        await settle(pilot)
        for _ in range(STEP_LIMIT):
            screen = app.screen
            if isinstance(screen, HandOffScreen):
                await pilot.press("enter")
                await settle(pilot)
                continue
            assert isinstance(screen, ExerciseScreen), screen
            if screen.run is not None and screen.run.is_done and screen.shown_step is None:
                return screen_text(app)
            await answer_step(pilot, screen)
        raise AssertionError(f"{exercise_id} never finished; stuck at {screen_text(app)!r}")


@pytest.mark.parametrize(
    "exercise_id",
    [
        pytest.param(key, marks=() if key in SAMPLE else pytest.mark.slow)
        for key in WALKED
        if key in SAMPLE or os.environ.get("WORKBOOK_TORTURE") == "1"
    ],
)
async def test_a_classic_walks_to_its_end(ready_db: Path, exercise_id: str) -> None:
    title = load_content().exercise(exercise_id).title
    finished = await walk(exercise_id, ready_db)
    assert title in finished
