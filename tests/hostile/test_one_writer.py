"""One writer, even when the lock is bypassed: no save ever writes over changes it has not seen.

The lock (``<db>.lock``) only works if everyone takes it. Someone can delete
it while the app is open, and a hard link gives the workbook a second name
with a lock of its own. So before every write the storage checks that the
file on disk is still the version it last read or wrote; if not, it writes
nothing over it, keeps its own version in a private ``<db>.unsaved-<time>``
file and says so (docs/data-format.md, "Files the workbook keeps and how it
treats paths"). A workbook with a second name opens read-only.

Every test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py): the checks are on the file's identity, the same for both.
"""

from __future__ import annotations

import os
from pathlib import Path

import orjson
import pytest

from tests.hostile.files import folder_state, mode, run_cli
from tests.locking import LOCKS, Lock
from workbook.model import Answer, new_id
from workbook.storage import StorageError
from workbook.store import WorkbookStore

pytestmark = pytest.mark.parametrize("lock", LOCKS, indirect=True)


def answer(value: str) -> Answer:
    return Answer(
        uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a", value=value,
        created="2026-10-05T08:00:00+00:00", updated="2026-10-05T08:00:00+00:00",
    )  # fmt: skip


def values(lock: Lock, path: Path) -> set[object]:
    """Every answer's value in the file at ``path``, read through its lock."""
    return {doc["value"] for doc in lock.tables(path).get("answers", {}).values()}


def unsaved(db: Path) -> list[Path]:
    return sorted(p for p in db.parent.iterdir() if p.name.startswith(f"{db.name}.unsaved-"))


@pytest.fixture
def fifty(tmp_path: Path) -> Path:
    """Another workbook with 50 answers, to import."""
    source = tmp_path / "theirs" / "workbook.json"
    store = WorkbookStore.open(source)  # plain: what is imported is not under test
    store.add_history([], [answer(f"imported answer {n}") for n in range(50)])
    store.close()
    return source


def test_a_save_after_an_import_that_dodged_the_lock_keeps_both(
    ready_db: Path, fifty: Path, lock: Lock, tmp_path: Path
) -> None:
    key = lock.cli_args(tmp_path)
    store = lock.open_store(ready_db)
    try:
        store.save_answer(answer("written in the app before"))
        Path(f"{ready_db}.lock").unlink()  # someone deleted the lock while the app was open
        result = run_cli("import", str(fifty), "--db", str(ready_db), *key)
        assert result.returncode == 0, result.stderr  # nothing stopped the import
        imported = {f"imported answer {n}" for n in range(50)}
        assert imported <= values(lock, ready_db)
        on_disk = ready_db.read_bytes(), Path(f"{ready_db}.bak").read_bytes()

        with pytest.raises(StorageError) as caught:
            store.save_answer(answer("written in the app after the import"))

        assert (ready_db.read_bytes(), Path(f"{ready_db}.bak").read_bytes()) == on_disk
        (aside,) = unsaved(ready_db)
        message = caught.value.message
        assert "NOT" in message and aside.name in message, message
        assert f"workbook import {aside}" in message  # says what to do
        assert "Traceback" not in message and "Errno" not in message
        assert mode(aside) == 0o600
        assert values(lock, aside) == {
            "written in the app before", "written in the app after the import"
        }  # fmt: skip

        # Every later save is kept aside too, in the same file; the workbook stays theirs.
        with pytest.raises(StorageError):
            store.save_answer(answer("and one more"))
        assert unsaved(ready_db) == [aside]
        assert "and one more" in values(lock, aside)
        assert (ready_db.read_bytes(), Path(f"{ready_db}.bak").read_bytes()) == on_disk
    finally:
        store.close()

    # As the message says: open again, import what was kept aside. Nothing is lost.
    result = run_cli("import", str(aside), "--db", str(ready_db), *key)
    assert result.returncode == 0, result.stderr
    assert values(lock, ready_db) == imported | {
        "written in the app before", "written in the app after the import", "and one more"
    }  # fmt: skip


@pytest.mark.parametrize("how", ["rewritten in place", "replaced", "deleted"])
def test_a_file_changed_behind_the_apps_back_is_never_written_over(
    ready_db: Path, how: str, lock: Lock
) -> None:
    store = lock.open_store(ready_db)
    try:
        store.save_answer(answer("ours"))
        data = lock.tables(ready_db)
        data["settings"] = {"1": {"key": "edited by hand", "value": True}}
        edited = lock.seal(orjson.dumps(data))
        if how == "rewritten in place":  # an editor that writes into the same file
            with open(ready_db, "r+b") as file:
                file.write(edited)
                file.truncate()
        elif how == "replaced":  # another program that saves by rename, like this one
            other = ready_db.with_name("elsewhere.json")
            other.write_bytes(edited)
            os.replace(other, ready_db)
        else:
            ready_db.unlink()
        before = folder_state(ready_db.parent)

        with pytest.raises(StorageError) as caught:
            store.set_setting("theme", "nord")

        assert "NOT" in caught.value.message
        after = folder_state(ready_db.parent)
        (aside,) = unsaved(ready_db)
        assert {name: after[name] for name in before} == before  # nothing written over
        assert set(after) - set(before) == {aside.name}
        assert mode(aside) == 0o600 and "ours" in values(lock, aside)
    finally:
        store.close()


def test_a_second_name_for_the_workbook_can_not_open_it_for_writing(
    ready_db: Path, tmp_path: Path, lock: Lock
) -> None:
    first = lock.open_store(ready_db)
    try:
        other = tmp_path / "another-name.json"
        os.link(ready_db, other)  # a hard link: the same file, with a lock of its own
        second = lock.open_store(other)
        try:
            assert second.read_only
            reason = second.read_only_reason or ""
            assert "hard link" in reason and "can look but not change anything" in reason
            assert second.couple() is not None  # looking still works
            with pytest.raises(StorageError):
                second.save_answer(answer("from the second window"))
        finally:
            second.close()
        first.save_answer(answer("from the first window"))  # the real one still saves
    finally:
        first.close()
    assert "from the second window" not in values(lock, ready_db)
    assert "from the first window" in values(lock, ready_db)
    # Opened by its own name while a stranger's second name remains: read-only too.
    os.unlink(ready_db)
    os.link(other, ready_db)
    again = lock.open_store(ready_db)
    try:
        assert again.read_only and "hard link" in (again.read_only_reason or "")
    finally:
        again.close()
    # The app's own links (the workbook and its backup share a file after a
    # deletion, say) are not a second name: the workbook opens for writing.
    os.unlink(other)
    store = lock.open_store(ready_db)
    try:
        doomed = store.save_answer(answer("to be deleted"))
        assert store.delete_answer(doomed.uuid)
        assert os.stat(ready_db).st_nlink == 2  # the workbook and its .bak
    finally:
        store.close()
    store = lock.open_store(ready_db)
    try:
        assert not store.read_only
    finally:
        store.close()
