"""Helpers for driving exercise screens from pilot tests."""

from __future__ import annotations

import time

from textual.widgets import Button, OptionList, Static, TextArea

from tests.conftest import exercise_busy, until_quiet

_ANY = object()


async def settle(pilot, timeout: float = 60.0, *, moved_from: object = _ANY) -> None:
    """Wait until saves have landed and the next step is on screen.

    ``moved_from`` is the step that was on screen before a key or a click that
    moves the exercise on: until the screen shows another step (or another
    screen is on top), the press may still be travelling to its handler, and
    a screen with nothing running is not yet a screen at rest.
    """
    deadline = time.monotonic() + timeout
    screen = pilot.app.screen
    await pilot.pause()
    while True:
        screen = pilot.app.screen
        await pilot.app.workers.wait_for_complete(
            [worker for worker in pilot.app.workers if worker.node is screen]
        )
        await pilot.pause()
        moved = moved_from is _ANY or shown_step(pilot) is not moved_from
        if moved and not exercise_busy(pilot.app):
            await pilot.pause()
            if not exercise_busy(pilot.app):
                return
        if time.monotonic() > deadline:
            raise AssertionError(f"screen did not settle: {pilot.app.screen!r}")
        await pilot.pause(0.02)


def shown_step(pilot) -> object:
    """The step the screen on top shows now (None when it is not an exercise)."""
    return getattr(pilot.app.screen, "shown_step", None)


async def drafts_kept(pilot) -> None:
    """Wait, as a person pausing would, until what was typed is kept as a draft."""
    await until_quiet(pilot)


async def write(pilot, text: str) -> None:
    """Type ``text`` into the answer box and confirm it."""
    area = pilot.app.screen.query_one("#answer-text", TextArea)
    area.focus()
    area.insert(text)
    await pilot.pause()
    before = shown_step(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot, moved_from=before)


async def choose(pilot, label: str) -> None:
    """Pick the choice whose label contains ``label``."""
    screen = pilot.app.screen
    before = shown_step(pilot)
    for button in screen.query(".choice").results(Button):
        if label in str(button.label):
            button.press()
            await settle(pilot, moved_from=before)
            return
    for menu in screen.query(".choice").results(OptionList):
        for index in range(menu.option_count):
            if label in str(menu.get_option_at_index(index).prompt):
                menu.highlighted = index
                menu.action_select()
                await settle(pilot, moved_from=before)
                return
    raise AssertionError(f"no choice {label!r} in {screen_text(pilot.app)!r}")


async def proceed(pilot) -> None:
    """Press Continue on a note or a reveal."""
    before = shown_step(pilot)
    await pilot.press("ctrl+s")
    await settle(pilot, moved_from=before)


def screen_text(app) -> str:
    """Every piece of text the current screen shows, widgets and typed text alike."""
    screen = app.screen
    parts = [str(w.render()) for w in screen.query(Static)]
    parts += [w.text for w in screen.query(TextArea)]
    parts += [str(b.label) for b in screen.query(Button)]
    for menu in screen.query(OptionList):
        parts += [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]
    return "\n".join(parts)
