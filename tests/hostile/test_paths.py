"""Paths the app writes: never the workbook or a file it keeps, never through a link.

What is checked (docs/data-format.md, "Files the workbook keeps and how it
treats paths"):

* an export, from the command line or from Review's dialog, is refused onto
  the workbook, its backup, its lock, temp files, older backups, damaged
  copies, copies from before an upgrade and changes kept aside, by name,
  through a symbolic link, and through a hard link (same inode);
* an export onto a symbolic link is refused: what it points to keeps its
  bytes and its mode;
* a ``.lock`` or ``.bak`` that is a symbolic link is never followed: its
  target is neither created nor chmod-ed, and the workbook opens read-only
  and says why;
* another account's ``.bak`` or ``.lock`` in a shared sticky folder (like
  /tmp) gives a plain message and a read-only workbook, never a crash, and
  their file is left exactly as it was.

Every test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py); the one through Review's dialog runs locked under
``make torture``.
"""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input
from workbook.screens.dialogs.export_dialog import ExportDialog
from workbook.screens.review import ReviewScreen

from tests.conftest import COUPLE, until_quiet
from tests.hostile.files import (
    ROOT,
    as_app_user,
    folder_state,
    mode,
    run_python,
    shared_sticky_folder,
    state,
)
from tests.locking import LOCKS, PASSPHRASE, Lock, sampled
from workbook.cli import main
from workbook.model import Answer, new_id
from workbook.storage import ReadOnlyDatabase, parse_workbook, write_private_file

BOTH = pytest.mark.parametrize("lock", LOCKS, indirect=True)
# Review's dialog on a locked workbook has its own tests (tests/test_export_dialog_locked.py):
# here it runs locked only under make torture.
REVIEW = pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)

SIZE = (80, 24)
WORDS = "the last thing we saved, which must survive"


def answer(value: str) -> Answer:
    return Answer(
        uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a", value=value,
        created="2026-10-05T08:00:00+00:00", updated="2026-10-05T08:00:00+00:00",
    )  # fmt: skip


@pytest.fixture
def workbook(ready_db: Path, lock: Lock) -> Path:
    """A workbook whose last save holds WORDS, with every kind of file the app keeps beside it."""
    store = lock.open_store(ready_db)
    store.save_answer(answer("an earlier answer"))
    store.save_answer(answer(WORDS))  # the last save: only in the workbook, not in .bak
    store.close()
    raw = ready_db.read_bytes()
    folder, name = ready_db.parent, ready_db.name
    for kept in (
        f"{name}.bak-20260101T000000Z",
        f"{name}.corrupt-20260101T000000Z",
        f"{name}.schema-v1.bak",
        f"{name}.unsaved-20260101T000000Z",
    ):
        (folder / kept).write_bytes(raw)
        os.chmod(folder / kept, 0o600)
    return ready_db


def kept_targets(db: Path, elsewhere: Path) -> dict[str, Path]:
    """Every way of naming the workbook or a file it keeps, by a readable case name."""
    folder, name = db.parent, db.name
    elsewhere.mkdir(exist_ok=True)
    targets = {
        "the workbook": db,
        "the workbook, by a relative path": Path(os.path.relpath(db)),
        "its backup": Path(f"{db}.bak"),
        "its lock": Path(f"{db}.lock"),
        "a temp file": folder / f".{name}.a1b2c3.tmp",
        "an older backup": folder / f"{name}.bak-20260101T000000Z",
        "a damaged copy": folder / f"{name}.corrupt-20260101T000000Z",
        "a new damaged copy": folder / f"{name}.corrupt-20270101T000000Z",
        "a copy from before an upgrade": folder / f"{name}.schema-v1.bak",
        "changes kept aside": folder / f"{name}.unsaved-20260101T000000Z",
        "a symlink to the workbook": elsewhere / "link.md",
        "a hard link to the workbook": elsewhere / "hard.md",
        "a hard link to its backup": elsewhere / "hard-bak.md",
    }
    targets["a symlink to the workbook"].symlink_to(db)
    os.link(db, targets["a hard link to the workbook"])
    os.link(f"{db}.bak", targets["a hard link to its backup"])
    return targets


@BOTH
def test_the_cli_refuses_the_workbook_and_every_file_it_keeps(
    workbook: Path, tmp_path: Path, capsys, lock: Lock
) -> None:
    key = lock.cli_args(tmp_path)
    targets = kept_targets(workbook, tmp_path / "elsewhere")
    before = folder_state(workbook.parent)
    links = {case: state(path) for case, path in targets.items()}
    for case, target in targets.items():
        code = main(["export", "--db", str(workbook), "-o", str(target), *key])
        err = capsys.readouterr().err
        assert code == 1, case
        assert "choose another name" in err and "Traceback" not in err, (case, err)
    assert folder_state(workbook.parent) == before
    assert {case: state(path) for case, path in targets.items()} == links
    assert WORDS in values(workbook, lock)


def values(db: Path, lock: Lock) -> list[object]:
    """Every answer's value in the workbook at ``db``, read through its lock."""
    return [doc["value"] for doc in lock.tables(db)["answers"].values()]


@BOTH
def test_the_one_check_names_what_each_file_is(workbook: Path, tmp_path: Path) -> None:
    from workbook.storage import StorageError, UnsafeTarget, check_export_target

    assert issubclass(UnsafeTarget, StorageError)  # what every screen knows how to show
    targets = kept_targets(workbook, tmp_path / "elsewhere")
    for case, target in targets.items():
        with pytest.raises(UnsafeTarget, match="choose another name") as caught:
            check_export_target(target, workbook)
        assert str(target) in caught.value.message, case
    check_export_target(tmp_path / "elsewhere" / "fine.md", workbook)  # a new name is fine


@REVIEW
async def test_reviews_export_dialog_refuses_them_too_and_the_last_save_survives(
    workbook: Path, tmp_path: Path, lock: Lock
) -> None:
    app = lock.app(workbook)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        # Made once the workbook is open: a second name (a hard link) made before
        # would have opened it read-only (see test_one_writer.py).
        targets = kept_targets(workbook, tmp_path / "elsewhere")
        before = folder_state(workbook.parent)
        await pilot.press("x")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ExportDialog)
        said: list[str] = []
        dialog.notify = lambda message, **_: said.append(message)  # type: ignore[method-assign]
        for case, target in targets.items():
            said.clear()
            dialog.query_one("#export-path", Input).value = str(target)
            await pilot.click("#export")
            await until_quiet(pilot)  # the button's pressed look is gone: it can be pressed again
            assert app.screen is dialog, f"{case}: the dialog accepted {target}"
            assert any(str(target) in m and "choose another name" in m for m in said), (case, said)
        # A good name still works, from the same dialog.
        good = tmp_path / "elsewhere" / "ours.md"
        dialog.query_one("#export-path", Input).value = str(good)
        await pilot.click("#export")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        assert app.store is not None
        app.store.save_answer(answer("saved after all that"))
    assert WORDS in good.read_text()
    after = folder_state(workbook.parent)
    for name in before:
        if name not in (workbook.name, f"{workbook.name}.bak"):  # the save above rotated these
            assert after[name] == before[name], name
    tables = parse_workbook(lock.read(workbook), workbook)
    saved = [doc["value"] for doc in tables["answers"].values()]
    assert WORDS in saved and "saved after all that" in saved


@BOTH
def test_an_export_onto_a_symlink_leaves_what_it_points_to_alone(
    workbook: Path, tmp_path: Path, capsys, lock: Lock
) -> None:
    key = lock.cli_args(tmp_path)
    victim = tmp_path / "someone-elses-notes.txt"
    victim.write_text("notes that are not ours to replace\n")
    os.chmod(victim, 0o644)
    link = tmp_path / "export.md"
    link.symlink_to(victim)
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "nothing-here.md")
    for target in (link, dangling):
        before = (state(target), state(victim))
        assert main(["export", "--db", str(workbook), "-o", str(target), *key]) == 1
        err = capsys.readouterr().err
        assert "symbolic link" in err and "choose another name" in err, err
        assert (state(target), state(victim)) == before
        assert mode(victim) == 0o644
    assert not (tmp_path / "nothing-here.md").exists()
    # The core writer itself never follows a link either (crash reports, Review's writer).
    for target in (link, dangling):
        with pytest.raises(OSError, match="symbolic link") as caught:
            write_private_file(target, b"private words")
        assert "Errno" not in (caught.value.strerror or "")
    assert state(victim)[4] == b"notes that are not ours to replace\n"
    assert mode(victim) == 0o644 and not (tmp_path / "nothing-here.md").exists()


@BOTH
@pytest.mark.parametrize("end", [".lock", ".bak"])
@pytest.mark.parametrize("points_to", ["a file", "nothing"])
def test_a_symlinked_lock_or_backup_is_never_followed(
    workbook: Path, tmp_path: Path, end: str, points_to: str, lock: Lock
) -> None:
    victim = tmp_path / "victim.txt"
    if points_to == "a file":
        victim.write_text("not the workbook's\n")
        os.chmod(victim, 0o644)
    kept = Path(f"{workbook}{end}")
    kept.unlink()
    kept.symlink_to(victim)
    before = (workbook.read_bytes(), state(kept), state(victim) if victim.exists() else None)

    store = lock.open_store(workbook)
    try:
        assert store.read_only
        reason = store.read_only_reason or ""
        assert kept.name in reason and "symbolic link" in reason, reason
        with pytest.raises(ReadOnlyDatabase):
            store.save_answer(answer("never written"))
    finally:
        store.close()
    after = (workbook.read_bytes(), state(kept), state(victim) if victim.exists() else None)
    assert after == before  # the target neither created, chmod-ed nor written
    if points_to == "a file":
        assert mode(victim) == 0o644


CHILD = """
import sys
from workbook.envelope import Secret
from workbook.model import Answer, new_id
from workbook.storage import StorageError
from workbook.store import WorkbookStore
secret = Secret(passphrase=sys.argv[2]) if len(sys.argv) > 2 else None
store = WorkbookStore.open(sys.argv[1], secret=secret)
print(store.read_only)
print(store.read_only_reason)
try:
    store.save_answer(Answer(uuid=new_id(), exercise="x", step="s", partner="a", value="v"))
except StorageError as error:
    print("refused:", error.message)
store.close()
"""


@BOTH
@pytest.mark.parametrize("end", [".bak", ".lock"])
def test_another_accounts_file_in_a_shared_folder_is_a_plain_message(
    end: str, lock: Lock
) -> None:
    with shared_sticky_folder() as shared:
        db = shared / "wb.json"
        store = lock.open_store(db)
        store.save_couple(COUPLE)
        store.save_answer(answer("ours"))
        store.close()
        theirs = Path(f"{db}{end}")
        for name in os.listdir(shared):  # the app's user owns the workbook and its files...
            as_app_user(shared / name)
        theirs.unlink()
        theirs.write_text("belongs to someone else\n")  # ...but not this one:
        os.chmod(theirs, 0o644)  # as root it stays root's, while the app runs as nobody;
        if not ROOT:
            os.chmod(theirs, 0o000)  # a normal user gets the nearest thing (tests/hostile/files.py)
        if ROOT:  # a temp file of another account, where a save's temp files would be
            orphan = shared / f".{db.name}.a1b2c3.tmp"
            orphan.write_text("someone else's temp file\n")
            os.chmod(orphan, 0o644)
        before = folder_state(shared)

        key = [PASSPHRASE] if lock.locked else []
        result = run_python(textwrap.dedent(CHILD), str(db), *key, as_user=True)

        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        lines = result.stdout.splitlines()
        assert lines[0] == "True"  # read-only: you can look, nothing is changed
        assert theirs.name in lines[1], lines
        assert "can look but not change anything" in lines[1]
        assert lines[2].startswith("refused: ")
        assert folder_state(shared) == before  # their file: same bytes, mode and owner
