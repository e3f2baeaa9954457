"""Deleted means deleted: an answer's words leave every copy the app keeps.

Besides the workbook and its ``.bak``, the app keeps copies that hold
answers: the damaged file a restore keeps (``.corrupt-<time>``), the copy
made before an upgrade (``.schema-v<N>.bak``), an older backup kept when a
new workbook was started beside it (``.bak-<time>``) and changes kept aside
when someone else wrote the file (``.unsaved-<time>``). Deleting an answer
rewrites each of them without it. A copy that can't be parsed can't be
edited safely: the deletion names exactly the files that still hold the
words, and Review offers to remove them (docs/data-format.md, "Files the
workbook keeps and how it treats paths").
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest
from textual.widgets import Input
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.history import HistoryList
from workbook.screens.review import ReviewScreen

from tests.conftest import make_app, until_quiet
from tests.hostile.files import mode
from workbook import storage
from workbook.model import Answer, new_id
from workbook.storage import CorruptDatabase, StorageError, restore_backup
from workbook.store import WorkbookStore

DOOMED = "the thing I should never have written down 🙈 שלום"
KEPT = "an answer we keep ✨"
SIZE = (80, 24)


def answer(value: str) -> Answer:
    return Answer(
        uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a", value=value,
        created="2026-10-05T08:00:00+00:00", updated="2026-10-05T08:00:00+00:00",
    )  # fmt: skip


def with_answers(db: Path) -> Answer:
    """Save KEPT and DOOMED (and one more save, so the .bak holds both); the doomed answer."""
    store = WorkbookStore.open(db)
    try:
        store.save_answer(answer(KEPT))
        doomed = store.save_answer(answer(DOOMED))
        store.set_setting("theme", "nord")
    finally:
        store.close()
    return doomed


def holding(folder: Path, doomed: Answer) -> list[str]:
    """The files in ``folder`` that still hold the doomed answer's words or its uuid."""
    return sorted(
        path.name
        for path in folder.iterdir()
        if path.is_file()
        and (DOOMED.encode() in path.read_bytes() or doomed.uuid.encode() in path.read_bytes())
    )


def delete(db: Path, doomed: Answer) -> None:
    store = WorkbookStore.open(db)
    try:
        assert store.delete_answer(doomed.uuid) is True
    finally:
        store.close()


def assert_clean_copy(path: Path) -> None:
    """A rewritten copy: private, still JSON, still holding the answer that was kept."""
    assert mode(path) == 0o600, path.name
    tables = orjson.loads(path.read_bytes())
    assert KEPT in [doc.get("value") for doc in tables["answers"].values()], path.name


def no_temp_files(folder: Path) -> bool:
    return not [name for name in os.listdir(folder) if name.endswith(".tmp")]


def test_the_damaged_copy_a_restore_keeps_is_cleared(ready_db: Path) -> None:
    doomed = with_answers(ready_db)
    tables = orjson.loads(ready_db.read_bytes())
    del tables["_meta"]  # damaged, but still JSON: its answers can be read
    ready_db.write_bytes(orjson.dumps(tables))
    with pytest.raises(CorruptDatabase):
        WorkbookStore.open(ready_db)
    kept = restore_backup(ready_db)
    assert DOOMED.encode() in kept.read_bytes()

    delete(ready_db, doomed)

    assert holding(ready_db.parent, doomed) == []
    assert_clean_copy(kept)
    assert no_temp_files(ready_db.parent)


def add_mood(tables: dict) -> dict:
    for doc in tables.get("answers", {}).values():
        doc["mood"] = None
    return tables


def test_the_copy_from_before_an_upgrade_is_cleared(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doomed = with_answers(ready_db)
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(storage.MIGRATIONS, 1, add_mood)
    WorkbookStore.open(ready_db).close()  # upgrades it, keeping a copy of the old file
    copy = Path(f"{ready_db}.schema-v1.bak")
    assert DOOMED.encode() in copy.read_bytes()

    delete(ready_db, doomed)

    assert holding(ready_db.parent, doomed) == []
    assert_clean_copy(copy)
    assert no_temp_files(ready_db.parent)


def test_every_kind_of_kept_copy_is_cleared(ready_db: Path) -> None:
    doomed = with_answers(ready_db)
    raw = ready_db.read_bytes()
    names = [
        f"{ready_db.name}.bak-20260101T000000Z",
        f"{ready_db.name}.bak-20260101T000000Z-2",
        f"{ready_db.name}.corrupt-20260101T000000Z",
        f"{ready_db.name}.schema-v1.bak-2",
        f"{ready_db.name}.unsaved-20260101T000000Z",
    ]
    for name in names:
        (ready_db.parent / name).write_bytes(raw)
        os.chmod(ready_db.parent / name, 0o644)  # rewritten copies come back private
    unrelated = ready_db.parent / "notes-about-workbook.json.txt"
    unrelated.write_bytes(raw)  # not a file the app keeps: never touched

    delete(ready_db, doomed)

    assert holding(ready_db.parent, doomed) == [unrelated.name]
    assert unrelated.read_bytes() == raw
    for name in names:
        assert_clean_copy(ready_db.parent / name)
    assert no_temp_files(ready_db.parent)


def test_a_copy_that_can_not_be_parsed_is_named_and_can_be_removed(ready_db: Path) -> None:
    doomed = with_answers(ready_db)
    raw = ready_db.read_bytes()
    folder = ready_db.parent
    cut = folder / f"{ready_db.name}.corrupt-20260101T000000Z"
    cut.write_bytes(raw[: raw.index(DOOMED.encode()) + 20])  # cut off inside the words
    clean_but_broken = folder / f"{ready_db.name}.corrupt-20260102T000000Z"
    clean_but_broken.write_bytes(b"\x00" * 64)  # damaged too, but never held the answer
    parsable = folder / f"{ready_db.name}.corrupt-20260103T000000Z"
    parsable.write_bytes(raw)

    store = WorkbookStore.open(ready_db)
    try:
        with pytest.raises(StorageError) as caught:
            store.delete_answer(doomed.uuid)
        left = getattr(caught.value, "paths", None)
        assert left == [cut]  # exactly the files that still hold the words
        message = caught.value.message
        assert cut.name in message and "could not be cleared" in message, message
        assert clean_but_broken.name not in message
        assert store.answer(doomed.uuid) is None  # gone from the workbook itself
        assert holding(folder, doomed) == [cut.name]
        assert clean_but_broken.read_bytes() == b"\x00" * 64
        assert_clean_copy(parsable)

        # Removing only ever removes kept copies, whatever it is given.
        stranger = folder / "not-ours.txt"
        stranger.write_text("x")
        lock = Path(f"{ready_db}.lock")
        assert store.remove_copies([ready_db, lock, stranger]) == [ready_db, lock, stranger]
        assert ready_db.exists() and lock.exists() and stranger.exists()

        assert store.remove_copies(left) == []
    finally:
        store.close()
    assert not cut.exists() and clean_but_broken.exists()
    assert holding(folder, doomed) == []


async def delete_in_review(app, pilot, words: str) -> None:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    assert isinstance(app.screen, ReviewScreen)
    app.screen.query_one("#review-search", Input).value = words
    await pilot.pause()
    app.screen.query_one(HistoryList).focus()
    await pilot.press("enter")
    await pilot.pause()
    await pilot.press("d")
    await pilot.pause()
    await pilot.click("#yes")
    await until_quiet(pilot)


@pytest.mark.parametrize("choice", ["#yes", "#no"])
async def test_review_names_what_still_holds_the_words_and_offers_to_remove_it(
    ready_db: Path, choice: str
) -> None:
    doomed = with_answers(ready_db)
    raw = ready_db.read_bytes()
    cut = ready_db.parent / f"{ready_db.name}.corrupt-20260101T000000Z"
    cut.write_bytes(raw[: raw.index(DOOMED.encode()) + 20])
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await delete_in_review(app, pilot, "never have written")
        dialog = app.screen
        assert isinstance(dialog, ConfirmDialog), "the deletion did not say what still holds it"
        assert cut.name in dialog.question and "still hold" in dialog.question
        await pilot.click(choice)
        await until_quiet(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert DOOMED not in [row.get("value") for row in app.screen.query_one(HistoryList).rows
                              if isinstance(row, dict)]  # fmt: skip
    assert cut.exists() == (choice == "#no")
    assert holding(ready_db.parent, doomed) == ([] if choice == "#yes" else [cut.name])
