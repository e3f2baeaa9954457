"""A big workbook shows home from its small tables and parses the answers just after.

``open_database`` parses only the tables before the answers (the couple,
sessions, runs, settings) when the file promises the answers come last; the
answers are parsed on first use, or by the app once the first screen is
drawn. These tests make every file "big" (``DEFER_ANSWERS_FROM = 0``) and
check that nothing about reading strictly is lost on the way: damage in the
answers still ends on the recovery screen with the file untouched, a file
without the promise is read whole, and a file that breaks its promise is
shown again from the whole of it.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from textual.widgets import Static
from workbook.screens.home import HomeScreen
from workbook.screens.problems import RecoveryScreen
from workbook.screens.setup import SetupScreen

from tests.conftest import COUPLE, make_app
from workbook import storage
from workbook.model import Answer, SessionRecord
from workbook.storage import ANSWERS_LAST, CorruptDatabase, StorageError
from workbook.store import WorkbookStore

SIZE = (80, 24)
BAD = b'"value":BROKEN"'


@pytest.fixture(autouse=True)
def every_file_is_big(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(storage, "DEFER_ANSWERS_FROM", 0)


def answer(n: int) -> Answer:
    return Answer(
        uuid=f"00000000-0000-4000-8000-{n:012d}",
        exercise="listening-basics",
        step="speaker",
        partner="a" if n % 2 else "b",
        value=f"answer number {n}",
        run="run-1",
    )


@pytest.fixture
def history(ready_db: Path) -> Path:
    """A ready workbook with a session, a setting and 30 answers, saved by the app's store."""
    store = WorkbookStore.open(ready_db)
    started = "2026-11-01T18:00:00+00:00"
    record = SessionRecord(id="s-1", program_session="listening", started=started)
    store.add_history([record], [answer(n) for n in range(1, 31)])
    store.set_setting("theme", "nord")  # a table made after the answers, written before them
    store.close()
    return ready_db


def laid_out(app, selector: str) -> bool:
    """True once a widget matching ``selector`` is on screen with a size."""
    found = app.screen.query(selector)
    return bool(found) and found.first().region.area > 0


async def until(pilot, ready) -> None:
    """Let the app run until ``ready()`` holds; the bound only stops a hang."""
    for _ in range(3000):
        await pilot.pause(0.02)
        if ready():
            return


def recovery_shown(app) -> bool:
    return isinstance(app.screen, RecoveryScreen) and bool(app.screen.query("#restore"))


def damage_the_answers(path: Path) -> bytes:
    """Break the JSON of the last answer only; returns the damaged bytes."""
    raw = path.read_bytes()
    at = raw.rindex(b'"value":"')
    damaged = raw[:at] + BAD + raw[at + len(b'"value":"') :]
    path.write_bytes(damaged)
    return damaged


def test_the_answers_are_always_written_last_with_the_promise(history: Path) -> None:
    tables = orjson.loads(history.read_bytes())
    assert list(tables)[-1] == "answers"
    assert "settings" in tables
    (meta,) = tables["_meta"].values()
    assert meta[ANSWERS_LAST] is True


def test_home_reads_only_the_small_tables(history: Path) -> None:
    store = WorkbookStore.open(history)
    try:
        assert not store.complete
        assert store.couple() == COUPLE
        assert [r.id for r in store.session_records()] == ["s-1"]
        assert store.setting("theme") == "nord"
        assert store.runs() == []
        assert not store.complete  # none of that needed the answers
        assert store.answer_count() == 30
        assert store.complete
        assert store.finish_loading() is True
    finally:
        store.close()


def test_a_save_reads_the_answers_first_and_keeps_them(history: Path) -> None:
    store = WorkbookStore.open(history)
    try:
        store.set_setting("theme", "dracula")
        assert store.complete
    finally:
        store.close()
    tables = orjson.loads(history.read_bytes())
    assert len(tables["answers"]) == 30
    assert list(tables)[-1] == "answers"


def open_fds() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def small_pieces(monkeypatch: pytest.MonkeyPatch) -> None:
    """Read files in pieces far smaller than the small tables, as with a big workbook."""
    monkeypatch.setattr(storage, "_HEAD_PIECE", 64)


def test_a_big_file_is_read_up_to_its_small_tables_then_the_rest_later(
    history: Path, small_pieces: None
) -> None:
    store = WorkbookStore.open(history)
    try:
        assert store.couple() == COUPLE
        assert not store.complete
        # Replaced on disk meanwhile: the answers still come from the file that was opened...
        tables = orjson.loads(history.read_bytes())
        tables["answers"] = {}
        replacement = history.with_name("replacement.json")
        replacement.write_bytes(orjson.dumps(tables))
        os.replace(replacement, history)
        assert store.answer_count() == 30
        # ...and nothing is written over the other version.
        with pytest.raises(StorageError):
            store.set_setting("theme", "dracula")
    finally:
        store.close()


def test_closing_before_the_answers_are_read_closes_the_file(
    history: Path, small_pieces: None
) -> None:
    before = open_fds()
    store = WorkbookStore.open(history)
    assert store.couple() == COUPLE and not store.complete
    store.close()
    assert open_fds() == before


def test_small_tables_bigger_than_the_limit_are_read_with_the_rest(
    history: Path, small_pieces: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "_HEAD_LIMIT", 128)
    store = WorkbookStore.open(history)
    try:
        assert store.complete
        assert store.couple() == COUPLE and store.answer_count() == 30
    finally:
        store.close()


def test_a_file_without_the_promise_is_read_whole(history: Path) -> None:
    tables = orjson.loads(history.read_bytes())
    for meta in tables["_meta"].values():
        del meta[ANSWERS_LAST]
    tables = {"_meta": tables.pop("_meta"), "answers": tables.pop("answers"), **tables}
    history.write_bytes(orjson.dumps(tables))
    store = WorkbookStore.open(history)
    try:
        assert store.complete
        assert store.setting("theme") == "nord"  # written after the answers: still found
        assert store.answer_count() == 30
    finally:
        store.close()


def test_damaged_answers_are_found_on_first_use_and_nothing_is_written(history: Path) -> None:
    damaged = damage_the_answers(history)
    store = WorkbookStore.open(history)
    try:
        assert store.couple() == COUPLE
        with pytest.raises(CorruptDatabase) as caught:
            store.finish_loading()
        assert caught.value.backup is not None  # the .bak is offered
        with pytest.raises(StorageError):
            store.set_setting("theme", "dracula")
        with pytest.raises(CorruptDatabase):
            store.answer_count()
    finally:
        store.close()
    assert history.read_bytes() == damaged


def test_a_damaged_promise_is_not_trusted(history: Path) -> None:
    raw = history.read_bytes()
    history.write_bytes(raw.replace(b'"couple":', b'"couple":[', 1))  # small tables broken
    with pytest.raises(CorruptDatabase):
        WorkbookStore.open(history)


async def test_damage_in_the_answers_brings_the_recovery_screen_after_home(
    history: Path,
) -> None:
    damaged = damage_the_answers(history)
    app = make_app(history)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: recovery_shown(app))
        assert isinstance(app.screen, RecoveryScreen)
        text = "\n".join(str(w.render()) for w in app.screen.query(Static))
        assert "can't be read" in text and "backup" in text
        assert app.store is None  # closed: the lock is free for the restore
        await until(pilot, lambda: laid_out(app, "#restore"))  # so the click lands on it
        await pilot.click("#restore")
        await until(pilot, lambda: laid_out(app, "#yes"))
        await pilot.click("#yes")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen))
        assert isinstance(app.screen, HomeScreen)
    kept = [p for p in history.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged


async def test_a_file_that_breaks_its_promise_is_shown_again_from_the_whole(
    history: Path,
) -> None:
    tables = orjson.loads(history.read_bytes())
    couple = tables.pop("couple")
    tables["couple"] = couple  # after the answers, as a hand edit might leave it
    history.write_bytes(orjson.dumps(tables))
    app = make_app(history)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)  # the small tables had no couple
        await until(pilot, lambda: "Alex" in (app.screen.sub_title or ""))
        assert isinstance(app.screen, HomeScreen)
        assert isinstance(app.screen, HomeScreen)
        assert "Alex" in (app.screen.sub_title or "")
