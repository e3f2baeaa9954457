"""Deleting one answer removes its words from the workbook file AND from its ``.bak``."""

from __future__ import annotations

import os
import stat
from dataclasses import replace
from pathlib import Path

import pytest

from tests.conftest import COUPLE
from workbook.model import Answer, Visibility, new_id
from workbook.storage import StorageError, parse_workbook
from workbook.store import WorkbookStore

DOOMED = "the thing I should never have written down 🙈 שלום"
EARLIER = "an earlier draft of the doomed words"
KEPT = ["kept answer one ✨", "kept answer two, private"]


def answer(value: str, **fields) -> Answer:
    base = dict(uuid=new_id(), exercise="appreciation-exchange", step="prompt-1", partner="a")
    return Answer(value=value, **{**base, **fields})  # type: ignore[arg-type]


def files(db: Path) -> dict[str, bytes]:
    return {end: Path(f"{db}{end}").read_bytes() for end in ("", ".bak")}


@pytest.fixture
def store(db_path: Path):
    opened = WorkbookStore.open(db_path)
    opened.save_couple(COUPLE)
    yield opened
    opened.close()


def test_deleted_text_is_in_neither_the_file_nor_the_backup(
    store: WorkbookStore, db_path: Path
) -> None:
    first = store.save_answer(answer(KEPT[0]))
    doomed = store.save_answer(answer(EARLIER, draft=True))
    doomed = store.save_answer(replace(doomed, value=DOOMED, draft=False))
    second = store.save_answer(answer(KEPT[1], partner="b", visibility=Visibility.PRIVATE))
    # The answer is in the file and, after the last save, in the backup too.
    assert all(DOOMED.encode() in data for data in files(db_path).values())

    assert store.delete_answer(doomed.uuid) is True

    for name, data in files(db_path).items():
        assert DOOMED.encode() not in data, name
        assert EARLIER.encode() not in data, name
        assert doomed.uuid.encode() not in data, name
        assert all(text.encode() in data for text in KEPT), name
        parse_workbook(data, f"workbook{name}")  # the backup is still a usable workbook
    assert store.answer(doomed.uuid) is None
    assert [a.uuid for a in store.iter_answers()] == [first.uuid, second.uuid]

    store.close()
    reopened = WorkbookStore.open(db_path)
    try:
        assert [a.value for a in reopened.iter_answers()] == KEPT
        assert reopened.couple() == COUPLE
        later = reopened.save_answer(answer("written after the deletion"))
        assert reopened.answer(later.uuid) == later
        assert DOOMED.encode() not in Path(f"{db_path}.bak").read_bytes()
    finally:
        reopened.close()


def test_files_stay_private(db_path: Path) -> None:
    old = os.umask(0)
    try:
        store = WorkbookStore.open(db_path)
        store.save_answer(answer(KEPT[0]))
        doomed = store.save_answer(answer(DOOMED))
        assert store.delete_answer(doomed.uuid)
        store.close()
    finally:
        os.umask(old)
    for end in ("", ".bak"):
        assert stat.S_IMODE(Path(f"{db_path}{end}").stat().st_mode) == 0o600
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def test_deleting_an_unknown_answer_changes_nothing(store: WorkbookStore, db_path: Path) -> None:
    store.save_answer(answer(KEPT[0]))
    before = files(db_path)
    assert store.delete_answer("no-such-uuid") is False
    assert files(db_path) == before


def test_deleting_the_only_answer_and_twice(store: WorkbookStore, db_path: Path) -> None:
    doomed = store.save_answer(answer(DOOMED))
    assert store.delete_answer(doomed.uuid) is True
    assert store.delete_answer(doomed.uuid) is False
    assert store.answer_count() == 0
    assert all(DOOMED.encode() not in data for data in files(db_path).values())


def test_a_backup_that_cannot_be_cleared_is_said_plainly(
    store: WorkbookStore, db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import workbook.store as store_module

    doomed = store.save_answer(answer(DOOMED))

    def fails(path):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(store_module, "scrub_backup", fails)
    with pytest.raises(StorageError, match="could not be cleared"):
        store.delete_answer(doomed.uuid)
    assert DOOMED.encode() not in db_path.read_bytes()  # gone from the workbook itself
    assert store.answer(doomed.uuid) is None
    monkeypatch.undo()
    store.save_answer(answer("the next save"))  # replaces the backup
    assert DOOMED.encode() not in Path(f"{db_path}.bak").read_bytes()
