"""Disclosures are private first: written alone, shown only if their writer chooses.

A prompt marked ``private_first`` is answered after a hand-off even in an
exercise answered together, and its "keep private" box starts ticked.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.widgets import Checkbox
from workbook.screens.reflection import ReflectionScreen, ReflectionState
from workbook.screens.widgets.answer_box import AnswerBox

from tests.conftest import COUPLE, make_app
from tests.exercise_helpers import proceed, screen_text
from tests.test_reflection import confirm, hand_over, open_reflection, type_keys
from workbook.content import ReflectionOptions, load_content
from workbook.saver import BackgroundSaver
from workbook.store import WorkbookStore

SIZE = (80, 24)

TOGETHER = """\
exercises:
  - id: together
    kind: reflection
    mode: shared
    title: Talking it through
    why: Some questions are for talking; some are for one person first.
    minutes: 10
    prompts:
      - What made you smile this week?
      - text: What have you never told me?
        private_first: true
      - text: How ready are you to let it go?
        type: scale
        private_first: true
"""

#: Disclosure prompts that must never be written in the open or revealed without a choice.
NAMED = (
    "What do you worry I would think of you if I knew everything?",
    "What have you never told me that you would like me to know?",
    "Sixth rung:",
    "Seventh rung:",
    "How ready do you feel to forgive this one and move on?",
)


def answers(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("answers", {}).values())


def test_the_named_disclosures_are_marked_private_first() -> None:
    prompts = [
        prompt
        for exercise in load_content().exercises.values()
        if isinstance(exercise.options, ReflectionOptions)
        for prompt in exercise.options.prompts
    ]
    for start in NAMED:
        found = [p for p in prompts if p.text.startswith(start)]
        assert found, start
        assert all(p.private_first for p in found), start


def test_every_private_first_prompt_is_asked_alone_with_private_ticked(tmp_path: Path) -> None:
    """Each marked prompt of the shipped content, whatever its exercise's mode."""
    content = load_content()
    store = WorkbookStore.open(tmp_path / "workbook.json")
    saver = BackgroundSaver()
    checked = 0
    try:
        for exercise in content.exercises.values():
            options = exercise.options
            if not isinstance(options, ReflectionOptions):
                continue
            screen = ReflectionScreen(
                store=store, content=content, exercise=exercise, couple=COUPLE, saver=saver
            )
            for index, prompt in enumerate(options.prompts):
                for turn in (1, 2):
                    state = ReflectionState(phase="answer", index=index, turn=turn)
                    step = screen.current_step(state)
                    assert step is not None
                    private = getattr(step, "private", False)
                    first = getattr(step, "private_first", False)
                    assert first == prompt.private_first, prompt.text
                    if prompt.private_first:
                        assert private, prompt.text  # a hand-off before it, in any mode
                        checked += 1
    finally:
        saver.close()
        store.close()
    assert checked >= 2 * len(NAMED)


async def test_a_disclosure_in_a_shared_exercise_is_written_alone_and_kept(
    ready_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "together.yaml").write_text(TOGETHER, encoding="utf-8")
    sam_secret, alex_words = "The letter from my brother", "I was scared that spring"
    app = make_app(ready_db, content_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, "together")
        await proceed(pilot)  # past the opening words

        # An open question: no hand-off, answered together.
        assert isinstance(app.screen, ReflectionScreen)
        await type_keys(pilot, "Our walk")
        await confirm(pilot)
        await type_keys(pilot, "The rain")
        await confirm(pilot)
        await proceed(pilot)  # past what you each said

        # The disclosure: a hand-off first, even though this exercise is shared.
        await hand_over(pilot, "Sam", "Alex")
        assert "stays yours unless you choose to show it" in screen_text(app)
        box = app.screen.query_one(AnswerBox)
        assert box.query_one("#answer-private", Checkbox).value is True
        await type_keys(pilot, sam_secret)
        await confirm(pilot)

        await hand_over(pilot, "Alex", "Sam", hidden=(sam_secret,))
        await type_keys(pilot, alex_words)
        await pilot.press("ctrl+o")  # Alex chooses to show it
        await pilot.pause()
        await confirm(pilot)

        text = screen_text(app)
        assert alex_words in text
        assert "🔒 private answer by Sam" in text and sam_secret not in text
        await proceed(pilot)

        # A disclosure on a scale: private first too.
        await hand_over(pilot, "Alex", "Sam")
        assert app.screen.query_one("#answer-private", Checkbox).value is True
        await pilot.press("7")
        await confirm(pilot)
        await hand_over(pilot, "Sam", "Alex")
        await pilot.press("3")
        await confirm(pilot)
        text = screen_text(app)
        assert "🔒 private answer by Alex" in text and "🔒 private answer by Sam" in text

    saved = {(a["step"], a["partner"]): a for a in answers(ready_db) if not a["draft"]}
    assert saved[("prompt-2", "b")]["visibility"] == "private"
    assert saved[("prompt-2", "b")]["value"] == sam_secret  # kept for Sam, never shown
    assert saved[("prompt-2", "a")]["visibility"] == "shared"
    assert saved[("prompt-3", "a")]["visibility"] == "private"
    assert saved[("prompt-3", "b")]["visibility"] == "private"
    assert saved[("prompt-1", "a")]["visibility"] == "shared"


@pytest.mark.parametrize("mode", ["shared", "private_reveal"])
def test_an_unmarked_question_is_not_private_first(tmp_path: Path, mode: str) -> None:
    content = load_content()
    exercise = next(
        e for e in content.exercises.values()
        if isinstance(e.options, ReflectionOptions) and e.options.mode == mode
    )
    store = WorkbookStore.open(tmp_path / "workbook.json")
    saver = BackgroundSaver()
    try:
        screen = ReflectionScreen(
            store=store, content=content, exercise=exercise, couple=COUPLE, saver=saver
        )
        step = screen.current_step(ReflectionState(phase="answer", index=0, turn=1))
        assert step is not None and getattr(step, "private_first", False) is False
    finally:
        saver.close()
        store.close()
