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

Every test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py; the one through Review only in a sample, the rest under
``make torture``). Then every copy is locked too: the tests read them
through the envelope, write their hand-made copies locked, and check that no
file holds the words in the clear.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import Input
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.history import HistoryList
from workbook.screens.review import ReviewScreen

from tests.conftest import until_quiet
from tests.hostile.files import mode
from tests.locking import LOCKS, TORTURE, Lock
from workbook import envelope, storage
from workbook.model import Answer, new_id
from workbook.storage import CorruptDatabase, StorageError, restore_backup, unlock_file_bytes

DOOMED = "the thing I should never have written down 🙈 שלום"
KEPT = "an answer we keep ✨"
SIZE = (80, 24)


def answer(value: str) -> Answer:
    return Answer(
        uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a", value=value,
        created="2026-10-05T08:00:00+00:00", updated="2026-10-05T08:00:00+00:00",
    )  # fmt: skip


def with_answers(db: Path, lock: Lock) -> Answer:
    """Save KEPT and DOOMED (and one more save, so the .bak holds both); the doomed answer."""
    store = lock.open_store(db)
    try:
        store.save_answer(answer(KEPT))
        doomed = store.save_answer(answer(DOOMED))
        store.set_setting("theme", "nord")
    finally:
        store.close()
    return doomed


def holding(folder: Path, doomed: Answer, lock: Lock) -> list[str]:
    """The files in ``folder`` that still hold the doomed answer's words or its uuid.

    A locked file is looked into with the passphrase; one that does not open
    might hold them. Around a locked workbook no file may hold them in the clear.
    """

    def holds(raw: bytes) -> bool:
        return DOOMED.encode() in raw or doomed.uuid.encode() in raw

    names = []
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        raw = path.read_bytes()
        if holds(raw):
            assert not lock.locked, f"{path.name} holds the words in the clear"
            names.append(path.name)
        elif envelope.is_locked(raw):
            try:
                if holds(unlock_file_bytes(raw, path, lock.secret)):
                    names.append(path.name)
            except StorageError:
                names.append(path.name)
    return names


def delete(db: Path, doomed: Answer, lock: Lock) -> None:
    store = lock.open_store(db)
    try:
        assert store.delete_answer(doomed.uuid) is True
    finally:
        store.close()


def assert_clean_copy(path: Path, lock: Lock) -> None:
    """A rewritten copy: private, still JSON (locked, if the workbook is), holding what was kept."""
    assert mode(path) == 0o600, path.name
    tables = lock.tables(path)
    assert KEPT in [doc.get("value") for doc in tables["answers"].values()], path.name


def no_temp_files(folder: Path) -> bool:
    return not [name for name in os.listdir(folder) if name.endswith(".tmp")]


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_the_damaged_copy_a_restore_keeps_is_cleared(ready_db: Path, lock: Lock) -> None:
    doomed = with_answers(ready_db, lock)
    tables = lock.tables(ready_db)
    del tables["_meta"]  # damaged, but still JSON: its answers can be read
    lock.write(ready_db, tables)
    with pytest.raises(CorruptDatabase):
        lock.open_store(ready_db)
    kept = restore_backup(ready_db, secret=lock.secret)
    assert DOOMED.encode() in lock.read(kept)

    delete(ready_db, doomed, lock)

    assert holding(ready_db.parent, doomed, lock) == []
    assert_clean_copy(kept, lock)
    assert no_temp_files(ready_db.parent)


def add_mood(tables: dict) -> dict:
    for doc in tables.get("answers", {}).values():
        doc["mood"] = None
    return tables


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_the_copy_from_before_an_upgrade_is_cleared(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    doomed = with_answers(ready_db, lock)
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(storage.MIGRATIONS, 1, add_mood)
    lock.open_store(ready_db).close()  # upgrades it, keeping a copy of the old file
    copy = Path(f"{ready_db}.schema-v1.bak")
    assert DOOMED.encode() in lock.read(copy)

    delete(ready_db, doomed, lock)

    assert holding(ready_db.parent, doomed, lock) == []
    assert_clean_copy(copy, lock)
    assert no_temp_files(ready_db.parent)


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_every_kind_of_kept_copy_is_cleared(ready_db: Path, lock: Lock) -> None:
    doomed = with_answers(ready_db, lock)
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

    delete(ready_db, doomed, lock)

    assert holding(ready_db.parent, doomed, lock) == [unrelated.name]
    assert unrelated.read_bytes() == raw
    for name in names:
        assert_clean_copy(ready_db.parent / name, lock)
    assert no_temp_files(ready_db.parent)


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_a_copy_that_can_not_be_parsed_is_named_and_can_be_removed(
    ready_db: Path, lock: Lock
) -> None:
    doomed = with_answers(ready_db, lock)
    raw = ready_db.read_bytes()
    plain = lock.read(ready_db)
    folder = ready_db.parent
    cut = folder / f"{ready_db.name}.corrupt-20260101T000000Z"
    # Cut off inside the words (a locked copy: the JSON is cut, then locked whole).
    cut.write_bytes(lock.seal(plain[: plain.index(DOOMED.encode()) + 20]))
    clean_but_broken = folder / f"{ready_db.name}.corrupt-20260102T000000Z"
    clean_but_broken.write_bytes(b"\x00" * 64)  # damaged too, but never held the answer
    parsable = folder / f"{ready_db.name}.corrupt-20260103T000000Z"
    parsable.write_bytes(raw)

    store = lock.open_store(ready_db)
    try:
        with pytest.raises(StorageError) as caught:
            store.delete_answer(doomed.uuid)
        left = getattr(caught.value, "paths", None)
        assert left == [cut]  # exactly the files that still hold the words
        message = caught.value.message
        assert cut.name in message and "could not be cleared" in message, message
        assert clean_but_broken.name not in message
        assert store.answer(doomed.uuid) is None  # gone from the workbook itself
        assert holding(folder, doomed, lock) == [cut.name]
        assert clean_but_broken.read_bytes() == b"\x00" * 64
        assert_clean_copy(parsable, lock)

        # Removing only ever removes kept copies, whatever it is given.
        stranger = folder / "not-ours.txt"
        stranger.write_text("x")
        lock_file = Path(f"{ready_db}.lock")
        given = [ready_db, lock_file, stranger]
        assert store.remove_copies(given) == given
        assert ready_db.exists() and lock_file.exists() and stranger.exists()

        assert store.remove_copies(left) == []
    finally:
        store.close()
    assert not cut.exists() and clean_but_broken.exists()
    assert holding(folder, doomed, lock) == []


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


@pytest.mark.parametrize(
    ("choice", "lock"),
    [("#yes", "plain"), ("#no", "plain"), ("#yes", "locked")]
    + ([pytest.param("#no", "locked", marks=pytest.mark.slow)] if TORTURE else []),
    indirect=["lock"],
)
async def test_review_names_what_still_holds_the_words_and_offers_to_remove_it(
    ready_db: Path, choice: str, lock: Lock
) -> None:
    doomed = with_answers(ready_db, lock)
    plain = lock.read(ready_db)
    cut = ready_db.parent / f"{ready_db.name}.corrupt-20260101T000000Z"
    cut.write_bytes(lock.seal(plain[: plain.index(DOOMED.encode()) + 20]))
    app = lock.app(ready_db)
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
    assert holding(ready_db.parent, doomed, lock) == ([] if choice == "#yes" else [cut.name])
