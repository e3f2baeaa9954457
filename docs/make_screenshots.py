"""Regenerate the SVG screenshots used in the README: ``python docs/make_screenshots.py``.

Each picture is taken from the real app, headless, on a throwaway workbook.
"""

from __future__ import annotations

import asyncio
import tempfile
from pathlib import Path

from workbook.app import WorkbookApp
from workbook.model import Couple, Partner
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


async def shoot(db: Path, name: str, *keys: str) -> None:
    app = WorkbookApp(db_path=db, content_dir=db.parent / "no-pack")
    app.animation_level = "none"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if keys:
            await pilot.press(*keys)
            await pilot.pause()
        app.save_screenshot(filename=f"{name}.svg", path=str(OUT))


async def main() -> None:
    OUT.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        db = seeded_workbook(Path(tmp))
        await shoot(db, "home")
        fresh = Path(tmp) / "fresh.json"
        await shoot(fresh, "setup")


if __name__ == "__main__":
    asyncio.run(main())
