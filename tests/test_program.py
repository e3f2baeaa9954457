"""Every session of the program can be completed end to end, at 80x24, keyboard first.

A small driver answers whatever step is on screen the way a couple would:
it writes text, picks a choice, fills a form, reads a reveal, and says
"ready" on hand-off screens. Each session is walked from its opening to the
closing question, and must end marked done with its answers in the file.

A walk takes 15-50 s, so ``make test`` walks two sessions (the first, and
the dream session) and ``make torture`` (WORKBOOK_TORTURE=1) all eight.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from textual.widgets import Button, Input, OptionList, TextArea
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    FormStep,
    InfoStep,
    RevealStep,
    TextStep,
)
from workbook.screens.home import HomeScreen
from workbook.screens.session import SessionScreen
from workbook.screens.widgets.scale import Scale

from tests.conftest import exercise_busy, make_app
from tests.exercise_helpers import screen_text, settle
from workbook.content import load_content

SIZE = (80, 24)
PREFERRED = ("got_it", "enough", "fits", "no", "done", "stop")
"""Choices that move an exercise along rather than round again."""


def choice_index(step: ChoiceStep) -> int:
    values = [value for value, _label in step.choices]
    for wanted in PREFERRED:
        if wanted in values:
            return values.index(wanted)
    return 0


async def fill_form(pilot, screen: ExerciseScreen) -> None:
    for scale in screen.query(Scale):
        scale.value = 6
    for box in screen.query(Input):
        if not box.value:
            box.value = "our evenings"
    for area in screen.query(TextArea):
        if not area.text:
            area.insert("a few words of ours")
    for menu in screen.query(OptionList):
        if menu.option_count:
            menu.highlighted = menu.highlighted or 0
            menu.focus()
            await pilot.press("enter")  # pick it, as a person would
    await pilot.pause()


async def answer_step(pilot, screen: ExerciseScreen) -> None:
    step = screen.shown_step
    if isinstance(step, TextStep):
        area = screen.query_one("#answer-text", TextArea)
        area.insert(f"Our answer for {step.step}")
        await pilot.pause()
        await pilot.press("ctrl+s")
    elif isinstance(step, ChoiceStep):
        index = choice_index(step)
        buttons = list(screen.query(".choice").results(Button))
        if buttons:
            buttons[index].press()
        else:
            menu = screen.query(".choice").results(OptionList)
            chooser = next(iter(menu))
            chooser.highlighted = index
            chooser.action_select()
    elif isinstance(step, FormStep):
        await fill_form(pilot, screen)
        await pilot.press("ctrl+s")
    elif isinstance(step, RevealStep | InfoStep):
        await pilot.press("ctrl+s")
    await settle(pilot)


async def complete_exercise(pilot, limit: int = 600) -> None:
    """Answer steps until the exercise says it is finished, then leave it."""
    app = pilot.app
    last = None
    repeats = 0
    for _ in range(limit):
        await settle(pilot)
        screen = app.screen
        if isinstance(screen, HandOffScreen):
            await pilot.press("enter")
            continue
        assert isinstance(screen, ExerciseScreen), f"unexpected screen {screen!r}"
        if screen.shown_step is None and not exercise_busy(app):
            await pilot.press("escape")
            await pilot.pause()
            return
        marker = (id(screen.shown_step), screen.state.phase, str(screen.state))
        repeats = repeats + 1 if marker == last else 0
        assert repeats < 3, f"stuck on a step: {screen_text(app)[-600:]}"
        last = marker
        await answer_step(pilot, screen)
    raise AssertionError("the exercise never finished")


CONTENT = load_content()
WALKED = (
    CONTENT.sessions
    if os.environ.get("WORKBOOK_TORTURE") == "1"
    else [session for session in CONTENT.sessions if session.number in (1, 4)]
)


@pytest.mark.slow
@pytest.mark.parametrize("session", WALKED, ids=lambda s: f"{s.number}-{s.id}")
async def test_every_session_can_be_completed(ready_db: Path, session) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.screen.highlight(f"session:{session.id}")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SessionScreen)
        for _ in session.exercises:
            await pilot.press("enter")  # the next exercise is highlighted for you
            await settle(pilot)
            await complete_exercise(pilot)
            assert isinstance(app.screen, SessionScreen)
        assert f"{len(session.exercises)} of {len(session.exercises)} exercises done" in (
            screen_text(app)
        )
        await pilot.press("enter")  # the closing question
        await settle(pilot)
        await complete_exercise(pilot)
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        assert app.screen.progress.of(session.id).times_done == 1

    tables = json.loads(ready_db.read_bytes())
    (record,) = tables["sessions"].values()
    assert record["program_session"] == session.id and record["completed"]
    saved = [a for a in tables["answers"].values() if a["session"] == record["id"]]
    exercises = {a["exercise"] for a in saved}
    assert set(session.exercises) | {"_closing"} <= exercises
    assert all(not a["draft"] for a in saved)
