"""A workbook locked with a passphrase keeps every storage guarantee, and no file holds it plain."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import orjson
import pytest

from workbook import envelope
from workbook.envelope import TEST_COST, KeyRing, Secret, new_key_ring
from workbook.model import Answer
from workbook.storage import (
    DEFER_ANSWERS_FROM,
    CorruptDatabase,
    SafeJSONStorage,
    StorageError,
    WorkbookChanged,
    WorkbookIsLocked,
    WriteFailed,
    WrongKey,
    kept_files,
    open_database,
    read_snapshot,
    relock,
    restore_backup,
    scrub_kept_copies,
)

WORDS = "marmalade lighthouse"
PASS = Secret(passphrase="tea for two")


def _ring() -> tuple[KeyRing, str]:
    ring, recovery = new_key_ring("tea for two", recovery=True, cost=TEST_COST)
    assert recovery is not None
    return ring, recovery


def _answer(i: int, words: str = WORDS) -> dict:
    return Answer(
        uuid=f"uuid-{i}", exercise="ex", step="step", partner="a", value=f"{words} {i}"
    ).to_doc()


def _make_locked(path: Path, answers: int = 2) -> KeyRing:
    ring, _ = _ring()
    with open_database(path, new_ring=ring) as opened:
        for i in range(answers):
            opened.db.table("answers").insert(_answer(i))
    return ring


def _plain_anywhere(folder: Path, needle: str = "marmalade") -> list[Path]:
    return [
        file for file in folder.iterdir() if file.is_file() and needle.encode() in file.read_bytes()
    ]


def test_a_locked_workbook_round_trips_and_is_never_plain(db_path: Path) -> None:
    _make_locked(db_path, answers=3)
    assert envelope.is_locked(db_path.read_bytes())
    assert envelope.is_locked(Path(f"{db_path}.bak").read_bytes())
    assert _plain_anywhere(db_path.parent) == []
    with open_database(db_path, secret=PASS) as opened:
        values = sorted(doc["value"] for doc in opened.db.table("answers").all())
        assert values == [f"{WORDS} {i}" for i in range(3)]
        assert opened.key_ring is not None


def test_files_stay_private(db_path: Path) -> None:
    _make_locked(db_path)
    for file in (db_path, Path(f"{db_path}.bak")):
        assert stat.S_IMODE(os.lstat(file).st_mode) == 0o600


def test_without_a_passphrase_it_says_locked_and_changes_nothing(db_path: Path) -> None:
    _make_locked(db_path)
    before = db_path.read_bytes()
    with pytest.raises(WorkbookIsLocked) as caught:
        open_database(db_path)
    assert "passphrase" in caught.value.message
    assert db_path.read_bytes() == before
    # The lock was let go: opening properly works straight after.
    with open_database(db_path, secret=PASS):
        pass


def test_wrong_passphrase_is_told_apart_and_changes_nothing(db_path: Path) -> None:
    _make_locked(db_path)
    before = db_path.read_bytes()
    with pytest.raises(WrongKey) as caught:
        open_database(db_path, secret=Secret(passphrase="tea for three"))
    assert not isinstance(caught.value, CorruptDatabase)
    assert "passphrase" in caught.value.message
    assert db_path.read_bytes() == before


def test_recovery_key_opens_the_workbook(db_path: Path) -> None:
    ring, recovery = _ring()
    with open_database(db_path, new_ring=ring) as opened:
        opened.db.table("answers").insert(_answer(1))
    with open_database(db_path, secret=Secret(recovery_key=recovery)) as opened:
        assert opened.db.table("answers").all()[0]["value"] == f"{WORDS} 1"
    with pytest.raises(WrongKey) as caught:
        open_database(db_path, secret=Secret(recovery_key=envelope.new_recovery_key()))
    assert caught.value.recovery


def test_flipped_bit_is_damage_and_the_locked_backup_is_offered(db_path: Path) -> None:
    _make_locked(db_path, answers=3)
    broken = bytearray(db_path.read_bytes())
    broken[-30] ^= 0x04
    db_path.write_bytes(bytes(broken))
    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path, secret=PASS)
    assert caught.value.backup == Path(f"{db_path}.bak")
    assert db_path.read_bytes() == bytes(broken)
    kept = restore_backup(db_path, secret=PASS)
    assert kept.read_bytes() == bytes(broken)
    with open_database(db_path, secret=PASS) as opened:
        assert len(opened.db.table("answers")) == 2  # the save before the last
    assert _plain_anywhere(db_path.parent) == []


@pytest.mark.parametrize("keep", [5, 20, 60, -17, -1])
def test_truncation_is_damage(db_path: Path, keep: int) -> None:
    _make_locked(db_path)
    raw = db_path.read_bytes()
    db_path.write_bytes(raw[:keep])
    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path, secret=PASS)
    assert "cut off" in caught.value.message or "damaged" in caught.value.message


def test_restore_backup_needs_the_passphrase_of_a_locked_backup(db_path: Path) -> None:
    _make_locked(db_path)
    db_path.write_bytes(b"")
    with pytest.raises(WrongKey):
        restore_backup(db_path, secret=Secret(passphrase="nope"))
    assert db_path.read_bytes() == b""


def test_change_on_disk_keeps_this_window_aside_locked(db_path: Path) -> None:
    _make_locked(db_path)
    with open_database(db_path, secret=PASS) as opened:
        opened.db.table("answers").all()
        # Someone else writes the file without the lock.
        os.utime(db_path, ns=(1, 1))
        with pytest.raises(WorkbookChanged) as caught:
            opened.db.table("answers").insert(_answer(9, "quince"))
        aside = caught.value.aside
        assert aside is not None and aside.exists()
        assert envelope.is_locked(aside.read_bytes())
    assert _plain_anywhere(db_path.parent, "quince") == []


def test_deleting_an_answer_clears_locked_copies(db_path: Path) -> None:
    ring = _make_locked(db_path)
    copy = db_path.with_name(f"{db_path.name}.bak-20260101T000000Z")
    copy.write_bytes(db_path.read_bytes())
    os.chmod(copy, 0o600)
    assert scrub_kept_copies(db_path, "uuid-0", f"{WORDS} 0", ring) == []
    tables = orjson.loads(envelope.open_with_ring(copy.read_bytes(), ring))
    assert [doc["uuid"] for doc in tables["answers"].values()] == ["uuid-1"]
    assert envelope.is_locked(copy.read_bytes())
    # Without the key ring such a copy can't be checked, so it is named.
    assert scrub_kept_copies(db_path, "uuid-1", f"{WORDS} 1") == [copy]


def test_a_big_locked_workbook_shows_its_small_tables_first(db_path: Path) -> None:
    ring, _ = _ring()
    with open_database(db_path, new_ring=ring) as opened:
        opened.db.table("settings").insert({"key": "theme", "value": "nord"})
        table = opened.db.table("answers")
        count = DEFER_ANSWERS_FROM // 200 + 10
        table.insert_multiple(_answer(i, "x" * 200) for i in range(count))
    storage = SafeJSONStorage(db_path, secret=PASS)
    assert storage.open() is not None
    assert not storage.complete
    assert storage.table("settings") == {"1": {"key": "theme", "value": "nord"}}
    assert len((storage.read() or {})["answers"]) == count
    assert storage.complete
    storage.close()


def test_read_snapshot_needs_the_passphrase(db_path: Path) -> None:
    _make_locked(db_path)
    with pytest.raises(WorkbookIsLocked):
        read_snapshot(db_path)
    assert len(read_snapshot(db_path, secret=PASS)["answers"]) == 2


def test_a_plain_workbook_opens_plain_even_with_a_passphrase(db_path: Path) -> None:
    with open_database(db_path) as opened:
        opened.db.table("answers").insert(_answer(1))
    with open_database(db_path, secret=PASS) as opened:
        assert opened.key_ring is None
        opened.db.table("answers").insert(_answer(2))
    assert b"marmalade" in db_path.read_bytes()


def test_relock_set_change_and_remove(db_path: Path) -> None:
    with open_database(db_path) as opened:
        for i in range(3):
            opened.db.table("answers").insert(_answer(i))
    # Copies kept beside a plain workbook hold its words in the clear.
    for name in ("bak-20260101T000000Z", "corrupt-20260101T000000Z", "unsaved-20260101T000000Z"):
        copy = db_path.with_name(f"{db_path.name}.{name}")
        copy.write_bytes(db_path.read_bytes()[: 40 if "corrupt" in name else None])
        os.chmod(copy, 0o600)
    assert len(_plain_anywhere(db_path.parent)) == 4

    ring, recovery = _ring()
    assert relock(db_path, secret=None, ring=ring) == []
    assert _plain_anywhere(db_path.parent) == []
    assert all(envelope.is_locked(file.read_bytes()) for file in kept_files(db_path)
               if not file.name.endswith(".lock"))  # fmt: skip
    with open_database(db_path, secret=PASS) as opened:
        assert len(opened.db.table("answers")) == 3

    changed = ring.with_passphrase("new kettle", cost=TEST_COST)
    assert relock(db_path, secret=PASS, ring=changed) == []
    for file in kept_files(db_path):
        raw = file.read_bytes()
        if envelope.is_locked(raw):
            with pytest.raises(envelope.WrongPassphrase):
                envelope.unlock(raw, passphrase="tea for two")
    with pytest.raises(WrongKey):
        open_database(db_path, secret=PASS)
    with open_database(db_path, secret=Secret(recovery_key=recovery)) as opened:
        assert len(opened.db.table("answers")) == 3

    assert relock(db_path, secret=Secret(passphrase="new kettle"), ring=None) == []
    with open_database(db_path) as opened:
        assert opened.key_ring is None
        assert len(opened.db.table("answers")) == 3
    assert not envelope.is_locked(Path(f"{db_path}.bak").read_bytes())


# --- faults and kill -9 ------------------------------------------------------------


@pytest.mark.parametrize("name", ["write", "fsync", "link", "replace"])
def test_kth_call_failing_in_a_locked_save_changes_nothing(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    from tests.test_storage_faults import FailNth  # the fault injector of the plain trials

    ring = _make_locked(db_path)
    with open_database(db_path, secret=PASS) as opened:
        answers = opened.db.table("answers")
        for k in range(1, 30):
            before = db_path.read_bytes()
            fault = FailNth(getattr(os, name), k, errno.EIO)
            with monkeypatch.context() as patch:
                patch.setattr(os, name, fault)
                try:
                    answers.update({"value": f"{WORDS} revision {k}"}, doc_ids=[1])
                except WriteFailed:
                    failed = True
                else:
                    failed = False
            assert _plain_anywhere(db_path.parent) == []
            assert not [p for p in db_path.parent.iterdir() if p.name.endswith(".tmp")]
            if not failed:
                break
            assert db_path.read_bytes() == before
            assert answers.get(doc_id=1)["value"] == f"{WORDS} 0"  # nothing unsaved shows
        else:
            pytest.fail("the save never got through")
        assert k > 1  # some call did fail
    tables = orjson.loads(envelope.open_with_ring(db_path.read_bytes(), ring))
    assert tables["answers"]["1"]["value"] == f"{WORDS} revision {k}"


def test_relock_failing_at_any_replace_leaves_a_workbook_that_opens(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.test_storage_faults import FailNth

    _make_locked(db_path, answers=3)
    current, other = "tea for two", "new kettle"
    for k in range(1, 20):
        ring = read_ring(db_path, current)
        fault = FailNth(os.replace, k, errno.ENOSPC)
        with monkeypatch.context() as patch:
            patch.setattr(os, "replace", fault)
            try:
                relock(
                    db_path,
                    secret=Secret(passphrase=current),
                    ring=ring.with_passphrase(other, cost=TEST_COST),
                )
            except (StorageError, OSError):
                done = False
            else:
                done = True
        opens_with = [words for words in (current, other) if _opens(db_path, words)]
        assert len(opens_with) == 1
        assert opens_with == ([other] if done else [current])
        assert _plain_anywhere(db_path.parent) == []
        if done:
            break
    else:
        pytest.fail("relock never got through")


def read_ring(path: Path, passphrase: str) -> KeyRing:
    """The key ring of the locked workbook at ``path``."""
    with open_database(path, secret=Secret(passphrase=passphrase)) as opened:
        ring = opened.key_ring
    assert ring is not None
    return ring


def _opens(path: Path, passphrase: str) -> bool:
    try:
        with open_database(path, secret=Secret(passphrase=passphrase)) as opened:
            return len(opened.db.table("answers")) == 3
    except WrongKey:
        return False


CHANGER = """
import sys
from workbook.envelope import TEST_COST, Secret
from workbook.storage import open_database, relock
path, words = sys.argv[1], ["tea for two", "new kettle"]
i = 0
while True:
    old, new = words[i % 2], words[(i + 1) % 2]
    relock(path, secret=Secret(passphrase=old),
           ring=lambda ring: ring.with_passphrase(new, cost=TEST_COST))
    print("ack", new, flush=True)
    i += 1
"""


def test_kill_9_during_a_passphrase_change(db_path: Path) -> None:
    """However a change is cut short, the workbook opens with one of the two passphrases."""
    import random
    import signal
    import subprocess
    import sys
    import time

    from tests.conftest import HANG_SECONDS

    _make_locked(db_path, answers=3)
    rng = random.Random(20261203)
    repo = Path(__file__).resolve().parent.parent
    for _trial in range(8):
        child = subprocess.Popen(
            [sys.executable, "-c", CHANGER, str(db_path)],
            stdout=subprocess.PIPE,
            text=True,
            env={**os.environ, "PYTHONPATH": str(repo)},
        )
        assert child.stdout is not None
        acked = [child.stdout.readline().split()[-1]]  # at least one change done
        time.sleep(rng.uniform(0.0, 0.15))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=HANG_SECONDS)
        opens_with = [words for words in ("tea for two", "new kettle") if _opens(db_path, words)]
        assert len(opens_with) == 1, opens_with
        assert acked  # the child had got going
        assert _plain_anywhere(db_path.parent) == []
        for file in db_path.parent.iterdir():
            if file.name.endswith(".lock"):
                continue
            assert stat.S_IMODE(os.lstat(file).st_mode) == 0o600
        # The workbook is opened by the last one that worked; put it back to the first.
        if opens_with == ["new kettle"]:
            relock(
                db_path,
                secret=Secret(passphrase="new kettle"),
                ring=lambda ring: ring.with_passphrase("tea for two", cost=TEST_COST),
            )


def test_a_plain_workbook_never_loads_the_cryptography_package(db_path: Path) -> None:
    """Start-up of a plain workbook costs what it did before locking existed."""
    import subprocess
    import sys

    from tests.conftest import HANG_SECONDS

    with open_database(db_path) as opened:
        opened.db.table("answers").insert(_answer(1))
    code = (
        "import sys\n"
        "from workbook.store import WorkbookStore\n"
        "import workbook.app\n"
        f"store = WorkbookStore.open({str(db_path)!r})\n"
        "store.close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('cryptography')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG_SECONDS
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_a_damaged_header_is_told_once_the_passphrase_is_given(db_path: Path) -> None:
    _make_locked(db_path)
    raw = bytearray(db_path.read_bytes())
    raw[len(envelope.MAGIC) + 6] ^= 0x01  # inside the header, under its checksum
    db_path.unlink()  # the .bak is another name for the same file: keep it whole
    db_path.write_bytes(bytes(raw))
    # Asked first, so that the locked backup can be checked and offered.
    with pytest.raises(WorkbookIsLocked):
        open_database(db_path)
    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path, secret=PASS)
    assert "changed or damaged" in caught.value.message
    assert caught.value.backup == Path(f"{db_path}.bak")


def test_deleting_an_answer_from_a_locked_workbook_clears_every_copy(db_path: Path) -> None:
    from workbook.store import WorkbookStore

    ring = _make_locked(db_path, answers=3)
    with open_database(db_path, secret=PASS) as opened:
        opened.db.table("answers").insert(_answer(7, "quince"))  # the .bak now holds 0-2
    aside = db_path.with_name(f"{db_path.name}.unsaved-20260101T000000Z")
    aside.write_bytes(db_path.read_bytes())
    os.chmod(aside, 0o600)
    store = WorkbookStore.open(db_path, secret=PASS)
    try:
        assert store.delete_answer("uuid-1")
    finally:
        store.close()
    for file in (db_path, Path(f"{db_path}.bak"), aside):
        raw = file.read_bytes()
        assert envelope.is_locked(raw), file.name
        assert b"uuid-1" not in envelope.open_with_ring(raw, ring), file.name
        assert b"uuid-2" in envelope.open_with_ring(raw, ring), file.name
