"""A locked workbook asks for its passphrase at start, and opens with it or the recovery key."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static
from workbook.screens.home import HomeScreen
from workbook.screens.problems import RecoveryScreen
from workbook.screens.unlock import UnlockScreen

from tests.conftest import make_app
from workbook import envelope
from workbook.envelope import TEST_COST, new_key_ring
from workbook.storage import relock

SIZE = (80, 24)


@pytest.fixture
def locked_db(ready_db: Path) -> tuple[Path, str]:
    """A set-up workbook locked with "tea for two" (cheap scrypt); and its recovery key."""
    ring, recovery = new_key_ring("tea for two", cost=TEST_COST)
    assert recovery is not None
    assert relock(ready_db, secret=None, ring=ring) == []
    return ready_db, recovery


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def _type(pilot, app, text: str) -> None:
    app.screen.query_one("#passphrase", Input).value = text
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_wrong_then_right_passphrase_opens_home(locked_db: tuple[Path, str]) -> None:
    path, _ = locked_db
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        box = app.screen.query_one("#passphrase", Input)
        assert box.password  # nothing typed is shown
        await _type(pilot, app, "tea for three")
        assert isinstance(app.screen, UnlockScreen)
        assert "does not open this workbook" in screen_text(app)
        assert app.screen.query_one("#passphrase", Input).value == ""
        assert path.read_bytes() == before
        await _type(pilot, app, "tea for two")
        assert isinstance(app.screen, HomeScreen)
        assert app.store is not None and app.store.couple() is not None
    assert envelope.is_locked(path.read_bytes())


async def test_the_recovery_key_opens_it_too(locked_db: tuple[Path, str]) -> None:
    path, recovery = locked_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, app, recovery.lower().replace("-", " "))
        assert isinstance(app.screen, HomeScreen)


async def test_a_damaged_locked_workbook_offers_its_backup(locked_db: tuple[Path, str]) -> None:
    path, _ = locked_db
    broken = bytearray(path.read_bytes())
    broken[-5] ^= 0x01
    path.unlink()  # the .bak is another name for the same file: keep it whole
    path.write_bytes(bytes(broken))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, app, "tea for two")
        assert isinstance(app.screen, RecoveryScreen)
        await pilot.click("#restore")
        await pilot.pause()
        await pilot.click("#yes")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        # The locked backup was checked and restored with the passphrase typed once.
        assert isinstance(app.screen, HomeScreen)
    assert envelope.is_locked(path.read_bytes())
    kept = [p for p in path.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(broken)


async def test_escape_quits_and_leaves_it_locked(locked_db: tuple[Path, str]) -> None:
    path, _ = locked_db
    before = path.read_bytes()
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape")
        await pilot.pause()
    assert app.return_code == 1
    assert path.read_bytes() == before


async def test_a_whole_session_on_a_locked_workbook_leaves_no_answer_words_in_any_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Unlock, answer a listening turn through the real screens, review, quit: grep it all."""
    from workbook.screens.review import ReviewScreen

    from tests.conftest import COUPLE
    from tests.exercise_helpers import choose, settle
    from tests.test_torture_privacy import TOKEN, holds_answers, one_side
    from workbook.envelope import Secret
    from workbook.storage import read_snapshot
    from workbook.store import WorkbookStore

    data = tmp_path / "data"
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    db = tmp_path / "ours" / "workbook.json"
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    store.close()
    ring, _ = new_key_ring("tea for two", cost=TEST_COST)
    assert relock(db, secret=None, ring=ring) == []

    app = make_app(db, content_dir=data / "content")
    async with app.run_test(size=SIZE) as pilot:
        await _type(pilot, app, "tea for two")
        assert isinstance(app.screen, HomeScreen)
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await one_side(pilot, 1, private=True)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("r")  # Review shows the answers again
        for _ in range(3000):  # until Review is up; the bound only stops a hang
            await pilot.pause(0.02)
            if isinstance(app.screen, ReviewScreen):
                break
        await app.workers.wait_for_complete()
        await pilot.pause()

    tables = read_snapshot(db, secret=Secret(passphrase="tea for two"))
    assert sum(TOKEN in a["value"] for a in tables["answers"].values()) == 6
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"workbook.json", "workbook.json.bak"}
    assert [p for p in files if holds_answers(p)] == []
    assert all(p.read_bytes().count(b"tea for two") == 0 for p in files)


async def test_a_changed_signature_is_told_as_damage_and_its_backup_restored(
    locked_db: tuple[Path, str],
) -> None:
    path, _ = locked_db
    whole = path.read_bytes()
    Path(f"{path}.bak").unlink(missing_ok=True)
    Path(f"{path}.bak").write_bytes(whole)  # an intact locked copy of its own
    broken = bytearray(whole)
    broken[3] ^= 0x10
    path.unlink()
    path.write_bytes(bytes(broken))
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, UnlockScreen)
        shown = screen_text(app)
        assert "looks damaged" in shown and "not text" not in shown
        await _type(pilot, app, "tea for two")
        assert isinstance(app.screen, RecoveryScreen)
        assert "damaged workbook that was locked" in screen_text(app)
        await pilot.click("#restore")
        await pilot.pause()
        await pilot.click("#yes")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    assert path.read_bytes() == whole


async def test_a_workbook_without_a_recovery_key_never_offers_one(ready_db: Path) -> None:
    ring, recovery = new_key_ring("tea for two", recovery=False, cost=TEST_COST)
    assert recovery is None
    assert relock(ready_db, secret=None, ring=ring) == []
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        shown = screen_text(app)
        assert "without a recovery key" in shown and "Forgot it?" not in shown
        await _type(pilot, app, envelope.new_recovery_key())
        assert isinstance(app.screen, UnlockScreen)
        assert "has no recovery key" in screen_text(app)


async def test_a_workbook_with_a_recovery_key_names_it(locked_db: tuple[Path, str]) -> None:
    app = make_app(locked_db[0])
    async with app.run_test(size=SIZE):
        shown = screen_text(app)
        assert "Forgot it?" in shown and "without a recovery key" not in shown
