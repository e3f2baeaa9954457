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


def count_replaces(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> list[str]:
    """Record each time the workbook file itself is replaced (one per whole-file write)."""
    import os

    real, seen = os.replace, []

    def counting(src, dst, *args, **kwargs):
        if Path(dst) == db_path:
            seen.append(str(dst))
        return real(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", counting)
    return seen


@pytest.mark.parametrize("complete", [False, True])
def test_a_step_is_one_write(
    store: WorkbookStore, db_path: Path, monkeypatch: pytest.MonkeyPatch, complete: bool
) -> None:
    run = store.start_run("listening-light", None, {"phase": "speak"})
    writes = count_replaces(monkeypatch, db_path)
    given = answer(run=run.id)
    saved = store.commit_step(run.id, {"phase": "reflect"}, answer=given, complete=complete)
    assert len(writes) == 1
    assert saved.state == {"phase": "reflect"} and saved.is_done is complete
    on_disk = json.loads(db_path.read_bytes())
    assert [a["uuid"] for a in on_disk["answers"].values()] == [given.uuid]
    [run_doc] = on_disk["runs"].values()
    assert run_doc["state"] == {"phase": "reflect"}
    assert (run_doc["completed"] is not None) is complete

    # An edit of the same answer, with the next state, is one write too.
    store.commit_step(run.id, {"phase": "done"}, answer=replace(given, value="Edited"))
    assert len(writes) == 2
    assert store.answer(given.uuid).value == "Edited"
    assert store.answer_count() == 1


def test_a_step_without_an_answer_moves_the_attempt_on(store: WorkbookStore) -> None:
    run = store.start_run("listening-light", None, {"phase": "speak"})
    store.commit_step(run.id, {"phase": "swap"})
    assert store.unfinished_run("listening-light", None).state == {"phase": "swap"}
    assert store.answer_count() == 0


def test_a_failed_step_keeps_neither_the_answer_nor_the_new_state(
    store: WorkbookStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    run = store.start_run("listening-light", None, {"phase": "speak"})
    before = db_path.read_bytes()

    def broken_replace(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    lost = answer(run=run.id)
    with pytest.raises(WriteFailed):
        store.commit_step(run.id, {"phase": "reflect"}, answer=lost)
    monkeypatch.undo()
    assert db_path.read_bytes() == before
    assert store.answer(lost.uuid) is None
    assert store.unfinished_run("listening-light", None).state == {"phase": "speak"}
    store.commit_step(run.id, {"phase": "reflect"}, answer=lost)  # and the next try works
    assert store.answer(lost.uuid) is not None


def test_a_step_for_an_unknown_attempt_saves_nothing(store: WorkbookStore, db_path: Path) -> None:
    run = store.start_run("listening-light", None, {"phase": "speak"})
    before = db_path.read_bytes()
    given = answer()
    with pytest.raises(KeyError):
        store.commit_step("no-such-run", {"phase": "reflect"}, answer=given)
    assert db_path.read_bytes() == before
    assert store.answer_count() == 0
    # The store's own index of answers was not misled by the half-made change.
    store.commit_step(run.id, {"phase": "reflect"}, answer=given)
    assert store.answer(given.uuid) == given and store.answer_count() == 1


def by_walking(store: WorkbookStore, run: str) -> list[str]:
    """An attempt's answers found the slow way, through every answer."""
    return [a.uuid for a in store.iter_answers() if a.run == run]


def test_an_attempts_answers_stay_right_through_every_change(
    store: WorkbookStore, db_path: Path
) -> None:
    first = store.start_run("listening-light", None, {})
    second = store.start_run("listening-light", None, {})
    one, two, three = (answer(run=first.id, step=f"chunk-{n}") for n in (1, 2, 3))
    for given in (one, two, three):
        store.save_answer(given)
    other = store.save_answer(answer(run=second.id))
    store.commit_step(second.id, {}, answer=answer(run=second.id, step="chunk-2"))
    store.add_history([], [answer(run=first.id, step="chunk-4"), one])  # one is known: skipped
    store.delete_answer(two.uuid)
    store.save_answer(replace(other, run=first.id))  # an edit that moves it to another attempt
    store.save_answer(replace(three, value="Edited"))

    for run in (first.id, second.id):
        assert [a.uuid for a in store.answers(run=run)] == by_walking(store, run)
    assert [a.uuid for a in store.answers(run=first.id)] == [
        one.uuid, three.uuid, other.uuid, by_walking(store, first.id)[-1]
    ]
    assert store.answers(run=first.id, partner="b") == []
    assert store.answers(run="no-such-run") == []
    store.close()

    reopened = WorkbookStore.open(db_path)
    try:
        for run in (first.id, second.id):
            assert [a.uuid for a in reopened.answers(run=run)] == by_walking(reopened, run)
    finally:
        reopened.close()
