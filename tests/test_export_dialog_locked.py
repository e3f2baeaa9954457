"""Review's export of a locked workbook: the backup is locked unless "unlocked" is ticked."""

from __future__ import annotations

from pathlib import Path

import orjson
import pytest
from textual.widgets import Checkbox, Input, RadioButton, Static
from workbook.screens.dialogs.export_dialog import LOCKED_NOTES, ExportDialog
from workbook.screens.home import HomeScreen

from tests.conftest import make_app
from tests.test_review import SECRET, open_review, seed
from workbook import envelope
from workbook.envelope import TEST_COST, new_key_ring
from workbook.storage import relock

SIZE = (80, 24)
PASSPHRASE = "tea for two"


@pytest.fixture
def locked_db(db_path: Path) -> tuple[Path, str]:
    """The Review test workbook, locked with PASSPHRASE (cheap scrypt); and its recovery key."""
    seed(db_path)
    ring, recovery = new_key_ring(PASSPHRASE, cost=TEST_COST)
    assert recovery is not None
    assert relock(db_path, secret=None, ring=ring) == []
    return db_path, recovery


async def _export(locked_db: Path, target: Path, *, kind: str, plain: bool = False):
    """Unlock, open Review, export as ``kind``; return the app's notes and what was shown."""
    app = make_app(locked_db)
    shown: dict[str, object] = {}
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        app.screen.query_one("#passphrase", Input).value = PASSPHRASE
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        await open_review(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        box = dialog.query_one("#export-plain", Checkbox)
        shown["markdown-note"] = str(dialog.query_one("#export-lock-note", Static).render())
        shown["box-for-markdown"] = box.display
        if kind == "json":
            dialog.query_one("#format-json", RadioButton).value = True
            await pilot.pause()
            shown["box-for-json"] = box.display
            if plain:
                box.value = True
                await pilot.pause()
            shown["json-note"] = str(dialog.query_one("#export-lock-note", Static).render())
        dialog.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown["notes"] = [n.message for n in app._notifications]
    return shown


async def test_a_backup_of_a_locked_workbook_is_locked(
    locked_db: tuple[Path, str], tmp_path: Path
) -> None:
    path, recovery = locked_db
    target = tmp_path / "backup.json"
    shown = await _export(path, target, kind="json")
    assert shown["box-for-markdown"] is False and shown["box-for-json"] is True
    assert shown["json-note"] == LOCKED_NOTES["json"]
    assert "locked with your passphrase" in str(shown["notes"])
    raw = target.read_bytes()
    assert envelope.is_locked(raw) and SECRET.encode() not in raw
    plain = envelope.unlock(raw, recovery_key=recovery)[0]
    assert any(doc["value"] == SECRET for doc in orjson.loads(plain)["answers"])


async def test_unlocked_is_a_visible_choice_with_a_warning(
    locked_db: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = locked_db
    target = tmp_path / "backup.json"
    shown = await _export(path, target, kind="json", plain=True)
    assert shown["json-note"] == LOCKED_NOTES["plain"]
    raw = target.read_bytes()
    assert not envelope.is_locked(raw) and SECRET.encode() in raw


async def test_the_document_says_it_is_not_locked(
    locked_db: tuple[Path, str], tmp_path: Path
) -> None:
    path, _ = locked_db
    target = tmp_path / "ours.md"
    shown = await _export(path, target, kind="markdown")
    assert shown["markdown-note"] == LOCKED_NOTES["markdown"]
    assert target.read_text().startswith("# ")


async def test_a_plain_workbook_shows_no_lock_choice(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        assert not app.screen.query("#export-plain") and not app.screen.query("#export-lock-note")
