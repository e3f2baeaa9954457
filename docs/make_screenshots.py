"""Regenerate the SVG screenshots used in the README: ``python docs/make_screenshots.py``.

Each picture is taken from the real app, headless, on a throwaway workbook.
Name pictures to take only those (``python docs/make_screenshots.py review
review-sitting``); with no names, every picture is taken again.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

from textual.widgets import Button, Input, OptionList, TextArea

from workbook.app import WorkbookApp
from workbook.model import Couple, Partner
from workbook.sample import write_sample_data
from workbook.store import WorkbookStore

OUT = Path(__file__).parent / "screenshots"
SIZE = (100, 30)


def seeded_workbook(folder: Path) -> Path:
    """A couple two sessions in, with the third one started."""
    path = folder / "workbook.json"
    store = WorkbookStore.open(path)
    store.save_couple(
        Couple(Partner("a", "Robin", "dodgerblue"), Partner("b", "Sam", "darkorange"),
               agreed_at="2026-10-04T19:00:00+00:00")
    )
    from workbook.content import load_content

    sessions = load_content().sessions
    for session in sessions[:2]:
        store.complete_session(store.start_session(session.id).id)
    store.start_session(sessions[2].id)
    store.close()
    return path


WANTED = set(sys.argv[1:])
"""The pictures named on the command line; empty means all of them."""


def wanted(name: str) -> bool:
    """True when ``name`` is to be taken this time."""
    return not WANTED or name in WANTED


async def shoot(db: Path, name: str, *keys: str) -> None:
    if not wanted(name):
        return
    app = WorkbookApp(db_path=db, content_dir=db.parent / "no-pack")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key in keys:
            if len(key) > 1 and key.startswith("="):
                # "=words": typed into the box that has the focus, a key at a time.
                await pilot.press(*key[1:])
            else:
                await pilot.press(key)
            await pilot.pause(0.05)
        await pilot.pause(0.3)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))


async def settle(pilot) -> None:
    """Wait until the exercise on screen has saved and shown its next step."""
    for _ in range(500):
        await pilot.pause(0.02)
        if getattr(pilot.app.screen, "settled", True):
            await pilot.pause()
            return


async def choose(pilot, label: str) -> None:
    """Press the choice whose label contains ``label``."""
    for button in pilot.app.screen.query(".choice").results(Button):
        if label in str(button.label):
            button.press()
            await settle(pilot)
            return
    for menu in pilot.app.screen.query(".choice").results(OptionList):
        for index in range(menu.option_count):
            if label in str(menu.get_option_at_index(index).prompt):
                menu.highlighted = index
                menu.action_select()
                await settle(pilot)
                return
    raise LookupError(label)


async def write(pilot, text: str) -> None:
    """Type an answer and confirm it."""
    pilot.app.screen.query_one("#answer-text", TextArea).insert(text)
    await pilot.press("ctrl+s")
    await settle(pilot)


async def exercise_shot(db: Path, name: str, exercise: str, steps) -> None:
    if not wanted(name):
        return
    app = WorkbookApp(db_path=db, content_dir=db.parent / "no-pack")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_exercise(exercise)
        await settle(pilot)
        await steps(pilot)
        await settle(pilot)
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))


async def listening_steps(pilot) -> None:
    await choose(pilot, "Robin speaks first")
    await choose(pilot, "Whatever is on your mind")
    await write(pilot, "Work has been heavy, and I come home with nothing left for us.")
    await write(pilot, "What I hear is that work takes everything and there's none left for us.")


async def statement_steps(pilot) -> None:
    await choose(pilot, "Robin writes first")
    for field, value in (
        ("feeling", "lonely"),
        ("situation", "you always work late"),
        ("need", "time together"),
        ("request", "keep Thursday evenings for us"),
    ):
        pilot.app.screen.query_one(f"#field-{field}", Input).value = value
        await pilot.pause()


async def dream_steps(pilot) -> None:
    await choose(pilot, "Robin shares first")
    await write(pilot, "A little house by the water, with a garden and room for friends.")
    await pilot.press("space", "down", "space", "ctrl+s")
    await settle(pilot)
    await write(pilot, "It is about roots, and about slowing down.")
    await pilot.press("enter")
    await settle(pilot)
    await write(pilot, "Look at houses together on Sunday walks")
    await pilot.press("enter")
    await settle(pilot)
    await write(pilot, "Start a savings pot for it this month")


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = seeded_workbook(Path(tmp))
        await shoot(db, "home")
        fresh = Path(tmp) / "fresh.json"
        await shoot(fresh, "setup")
        await exercise_shot(db, "listening", "listening-your-topic", listening_steps)
        await exercise_shot(db, "i-statement", "i-statement-anytime", statement_steps)
        await exercise_shot(db, "dream-reveal", "dream-next-five-years", dream_steps)
        history = Path(tmp) / "history.json"
        write_sample_data(history, answers=2000, seed=4)
        await shoot(history, "review", "r")
        await shoot(history, "review-search", "r", "slash", "=garden")
        await shoot(history, "review-sitting", "r", "slash", "=irritation", "enter", "enter")
        await shoot(history, "trends", "r", "t")


if __name__ == "__main__":
    asyncio.run(main())
