"""Locking the workbook from the app: set (recovery key shown once), change and remove."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from textual.widgets import Input, Static
from workbook.screens.dialogs.passphrase import KEEP_THE_KEY, PassphraseDialog
from workbook.screens.home import HomeScreen
from workbook.screens.setup import LOCK_NOTE, SetupScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.test_palette import choose_from_palette, offered, palette
from workbook import envelope
from workbook.envelope import TEST_COST, Secret, new_key_ring
from workbook.passphrase import FORGOTTEN
from workbook.storage import WrongKey, open_database, relock

SIZE = (80, 24)
WORD = "periwinkle"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real passphrases cost half a second each; tests use a cheap cost."""
    monkeypatch.setattr(envelope, "DEFAULT_COST", envelope.TEST_COST)


def _text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def _fill(pilot, app, **boxes: str) -> None:
    """Type into the dialog's boxes and press its button; wait for the rewrite."""
    for box_id, value in boxes.items():
        app.screen.query_one(f"#{box_id}", Input).value = value
    await pilot.click("#go")
    await app.workers.wait_for_complete()
    await until_quiet(pilot)


def _opens_with(path: Path, passphrase: str) -> bool:
    try:
        with open_database(path, secret=Secret(passphrase=passphrase)):
            return True
    except WrongKey:
        return False


async def test_lock_from_the_palette_shows_the_recovery_key_once(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await screen_on_top(pilot, HomeScreen)
        await choose_from_palette(pilot, "lock our", "Lock our workbook with a passphrase")
        dialog = await screen_on_top(pilot, PassphraseDialog)
        assert all(box.password for box in dialog.query(Input))
        await _fill(pilot, app, new="short", again="short")
        assert "too short" in _text(app)
        await _fill(pilot, app, new="tea for two", again="tea for three")
        assert "not the same" in _text(app)
        assert not envelope.is_locked(ready_db.read_bytes())
        await _fill(pilot, app, new="tea for two", again="tea for two")
        shown = _text(app)
        key = str(app.screen.query_one("#recovery-key", Static).render())
        assert re.fullmatch(r"([A-Z2-7]{4}-){7}[A-Z2-7]{4}", key)
        assert KEEP_THE_KEY in shown and FORGOTTEN in shown
        assert "Both of you should know" in KEEP_THE_KEY
        assert envelope.is_locked(ready_db.read_bytes())
        await pilot.click("#written")
        await screen_on_top(pilot, HomeScreen)
        assert app.secret == Secret(passphrase="tea for two")
        assert "locked with your passphrase" in str([n.message for n in app._notifications])
        # Later saves stay locked.
        assert app.store is not None
        app.store.set_setting("note", WORD)
    raw = ready_db.read_bytes()
    assert envelope.is_locked(raw) and WORD.encode() not in raw
    assert _opens_with(ready_db, "tea for two")
    envelope.unlock(raw, recovery_key=key)  # the key shown opens it too


@pytest.fixture
def locked_db(ready_db: Path) -> tuple[Path, str]:
    """A set-up workbook locked with "tea for two"; and its recovery key."""
    ring, recovery = new_key_ring("tea for two", cost=TEST_COST)
    assert recovery is not None
    assert relock(ready_db, secret=None, ring=ring) == []
    return ready_db, recovery


async def _unlocked_app(pilot, app) -> None:
    app.screen.query_one("#passphrase", Input).value = "tea for two"
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await screen_on_top(pilot, HomeScreen)


async def test_change_asks_for_the_current_passphrase(locked_db: tuple[Path, str]) -> None:
    path, recovery = locked_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _unlocked_app(pilot, app)
        await palette(pilot, "passphrase", "Change our passphrase", highlighted=False)
        assert not any("Lock our workbook" in line for line in offered(app))
        await pilot.press("escape")
        await choose_from_palette(pilot, "change our", "Change our passphrase")
        await screen_on_top(pilot, PassphraseDialog)
        before = path.read_bytes()
        await _fill(pilot, app, current="not it at all", new="coffee for three",
                    again="coffee for three")  # fmt: skip
        assert "does not open" in _text(app)
        assert path.read_bytes() == before
        await _fill(pilot, app, current="tea for two", new="coffee for three",
                    again="coffee for three")  # fmt: skip
        await screen_on_top(pilot, HomeScreen)
        assert app.secret == Secret(passphrase="coffee for three")
    assert _opens_with(path, "coffee for three") and not _opens_with(path, "tea for two")
    envelope.unlock(path.read_bytes(), recovery_key=recovery)  # the recovery key stays


async def test_remove_writes_it_plain_again(locked_db: tuple[Path, str]) -> None:
    path, _ = locked_db
    app = make_app(path)
    async with app.run_test(size=SIZE) as pilot:
        await _unlocked_app(pilot, app)
        await choose_from_palette(pilot, "remove our", "Remove our passphrase")
        await screen_on_top(pilot, PassphraseDialog)
        await _fill(pilot, app, current="tea for two")
        await screen_on_top(pilot, HomeScreen)
        assert app.secret is None
        assert app.store is not None
        app.store.set_setting("note", WORD)
    raw = path.read_bytes()
    assert not envelope.is_locked(raw) and WORD.encode() in raw
    assert not envelope.is_locked(path.with_name(path.name + ".bak").read_bytes())


async def test_escape_before_anything_changes_nothing(ready_db: Path) -> None:
    before = ready_db.read_bytes()
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await screen_on_top(pilot, HomeScreen)
        await choose_from_palette(pilot, "lock our", "Lock our workbook with a passphrase")
        await screen_on_top(pilot, PassphraseDialog)
        app.screen.query_one("#new", Input).value = "tea for two"
        await pilot.press("escape")
        await screen_on_top(pilot, HomeScreen)
        assert app.secret is None
    assert ready_db.read_bytes() == before


async def test_set_up_points_to_the_lock_and_the_palette_offers_it(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await screen_on_top(pilot, SetupScreen)
        assert LOCK_NOTE in _text(app)
        await palette(pilot, "lock our", "Lock our workbook with a passphrase")


async def test_escape_does_not_take_the_recovery_key_away(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await screen_on_top(pilot, HomeScreen)
        await choose_from_palette(pilot, "lock our", "Lock our workbook with a passphrase")
        await screen_on_top(pilot, PassphraseDialog)
        await _fill(pilot, app, new="tea for two", again="tea for two")
        key = str(app.screen.query_one("#recovery-key", Static).render())
        await pilot.press("escape")
        await pilot.pause()
        # Still there, with a word on how to close it once the key is safe.
        assert isinstance(app.screen, PassphraseDialog)
        assert str(app.screen.query_one("#recovery-key", Static).render()) == key
        assert "I have written it down" in _text(app)
        await pilot.click("#written")
        await screen_on_top(pilot, HomeScreen)
