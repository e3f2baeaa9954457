"""A damaged locked workbook is told as one, and its intact locked backup is offered.

A changed byte in the signature, or a file that can't be read at all beside
a locked backup, must never read as "bytes that are not text, no backup" or
"this workbook has no passphrase".
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from workbook import envelope
from workbook.cli import main
from workbook.envelope import TEST_COST, Secret, new_key_ring
from workbook.storage import (
    CorruptDatabase,
    DamagedLockedWorkbook,
    open_database,
    read_snapshot,
    relock,
)

PASSPHRASE = "tea for two"
SECRET = Secret(passphrase=PASSPHRASE)


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real passphrases cost half a second each; tests use a cheap cost."""
    monkeypatch.setattr(envelope, "DEFAULT_COST", envelope.TEST_COST)


def _replace(path: Path, raw: bytes) -> None:
    """Write ``raw`` as a new file: the .bak may be another name for the same file."""
    path.unlink()
    path.write_bytes(raw)
    os.chmod(path, 0o600)


@pytest.fixture
def locked(tmp_path: Path) -> Path:
    """A locked workbook with one answer, and an intact locked backup of its own."""
    from workbook.model import Answer

    path = tmp_path / "ours" / "workbook.json"
    with open_database(path) as opened:
        answer = Answer(uuid="u1", exercise="ex", step="s", partner="a", value="marmalade")
        opened.db.table("answers").insert(answer.to_doc())
    ring, _ = new_key_ring(PASSPHRASE, cost=TEST_COST)
    assert relock(path, secret=None, ring=ring) == []
    backup = Path(f"{path}.bak")
    if backup.exists():
        backup.unlink()
    backup.write_bytes(path.read_bytes())
    os.chmod(backup, 0o600)
    return path


def _flip_signature(path: Path) -> None:
    raw = bytearray(path.read_bytes())
    raw[3] ^= 0x10
    _replace(path, bytes(raw))


def test_a_changed_signature_byte_asks_the_passphrase_then_offers_the_backup(
    locked: Path,
) -> None:
    _flip_signature(locked)
    with pytest.raises(DamagedLockedWorkbook) as asked:
        open_database(locked)
    assert "damaged workbook that was locked" in asked.value.message
    assert "not text" not in asked.value.message
    with pytest.raises(CorruptDatabase) as caught:
        open_database(locked, secret=SECRET)
    assert caught.value.locked
    assert caught.value.backup == Path(f"{locked}.bak")


def test_an_unreadable_file_beside_a_locked_backup_is_told_as_a_damaged_locked_one(
    locked: Path,
) -> None:
    _replace(locked, b"\x00\xff" * 40)
    with pytest.raises(DamagedLockedWorkbook):
        open_database(locked)
    with pytest.raises(CorruptDatabase) as caught:
        open_database(locked, secret=SECRET)
    assert caught.value.locked and caught.value.backup is not None
    with pytest.raises(CorruptDatabase) as snapshot:
        read_snapshot(locked)
    assert snapshot.value.locked


def test_an_unreadable_plain_workbook_beside_a_plain_backup_is_not_called_locked(
    tmp_path: Path,
) -> None:
    path = tmp_path / "plain.json"
    with open_database(path):
        pass
    with open_database(path) as opened:
        opened.db.table("settings").insert({"key": "k", "value": "v"})
    _replace(path, b"\x00\xff" * 40)
    with pytest.raises(CorruptDatabase) as caught:
        open_database(path)
    assert not isinstance(caught.value, DamagedLockedWorkbook) and not caught.value.locked


def test_the_commands_give_the_same_diagnosis(locked: Path, tmp_path: Path, capsys) -> None:
    pfile = tmp_path / "p.txt"
    pfile.write_text(PASSPHRASE)
    _flip_signature(locked)
    args = ["passphrase", "remove", "--db", str(locked), "--passphrase-file", str(pfile)]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "damaged workbook that was locked" in err and "has no passphrase" not in err
    out = tmp_path / "out.md"
    assert main(["export", "--db", str(locked), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "damaged workbook that was locked" in err and "not text" not in err
    _replace(locked, b"\x00\xff" * 40)
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "damaged workbook that was locked" in err and "has no passphrase" not in err
    assert main(["export", "--db", str(locked), "-o", str(out)]) == 1
    assert "damaged workbook that was locked" in capsys.readouterr().err
    assert not out.exists() and locked.read_bytes() == b"\x00\xff" * 40  # left as it was
