"""WorkbookStore: the couple, sessions, answers and settings round-trip through the file."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import COUPLE
from workbook.model import Answer, Visibility, new_id
from workbook.storage import WriteFailed
from workbook.store import WorkbookStore


@pytest.fixture
def store(db_path: Path):
    opened = WorkbookStore.open(db_path)
    yield opened
    opened.close()


def answer(**changes) -> Answer:
    fields = dict(uuid=new_id(), exercise="listening-light", step="chunk-1", partner="a",
                  value="Hello there", created="2026-01-01T10:00:00+00:00",
                  updated="2026-01-01T10:00:00+00:00")
    fields.update(changes)
    return Answer(**fields)


def test_couple_round_trip(store: WorkbookStore, db_path: Path) -> None:
    assert store.couple() is None
    store.save_couple(COUPLE)
    assert store.couple() == COUPLE
    reopened_docs = json.loads(db_path.read_bytes())["couple"]
    assert len(reopened_docs) == 1


def test_answer_insert_then_edit_keeps_created(store: WorkbookStore, db_path: Path) -> None:
    first = store.save_answer(answer(value="first words", visibility=Visibility.PRIVATE))
    changed = replace(first, value="second words", created="2030-01-01T00:00:00+00:00",
                      updated="2026-02-01T00:00:00+00:00")
    edited = store.save_answer(changed)
    assert edited.created == first.created
    assert edited.updated == "2026-02-01T00:00:00+00:00"
    stored = json.loads(db_path.read_bytes())["answers"]
    assert len(stored) == 1
    (doc,) = stored.values()
    assert doc["value"] == "second words" and doc["visibility"] == "private"
    assert store.answer(first.uuid) == edited


def test_filters(store: WorkbookStore) -> None:
    a1 = store.save_answer(answer(partner="a", session="s1"))
    b1 = store.save_answer(answer(partner="b", session="s1"))
    store.save_answer(answer(partner="a", session="s2", exercise="other"))
    assert {x.uuid for x in store.answers(session="s1")} == {a1.uuid, b1.uuid}
    assert [x.uuid for x in store.answers(session="s1", partner="b")] == [b1.uuid]
    assert store.answer_count() == 3


def test_sessions_start_and_complete(store: WorkbookStore) -> None:
    record = store.start_session("foundations")
    assert store.session_records() == [record]
    done = store.complete_session(record.id)
    assert done.is_done and store.session_records() == [done]
    with pytest.raises(KeyError):
        store.complete_session("missing")


def test_settings(store: WorkbookStore) -> None:
    assert store.setting("theme", "x") == "x"
    store.set_setting("theme", "nord")
    store.set_setting("theme", "gruvbox")
    assert store.setting("theme") == "gruvbox"


def test_history_is_one_write_and_skips_known_uuids(store: WorkbookStore, db_path: Path) -> None:
    existing = store.save_answer(answer())
    fresh = [answer() for _ in range(5)]
    added = store.add_history([], [existing, *fresh])
    assert added == 5
    assert store.answer_count() == 6
    later = store.save_answer(answer())  # ids keep counting after a bulk add
    assert store.answer(later.uuid) == later
    assert len(json.loads(db_path.read_bytes())["answers"]) == 7


def test_failed_write_leaves_no_phantom_answer(
    store: WorkbookStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    kept = store.save_answer(answer(value="kept"))
    before = db_path.read_bytes()

    def broken_replace(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    lost = answer(value="not saved")
    with pytest.raises(WriteFailed):
        store.save_answer(lost)
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert store.answer(lost.uuid) is None
    assert [a.uuid for a in store.iter_answers()] == [kept.uuid]
    store.save_answer(lost)  # and the next save works
    assert store.answer(lost.uuid) is not None
