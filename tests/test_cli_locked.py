"""export, import and sample-data on a workbook locked with a passphrase."""

from __future__ import annotations

import getpass
import io
import os
import re
import sys
from pathlib import Path

import orjson
import pytest

from workbook import crash, envelope, export
from workbook.cli import main
from workbook.envelope import Secret
from workbook.storage import open_database

WORDS = ["marmalade", "lighthouse", "Ångström"]
PASSPHRASE = "tea for two"


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real passphrases cost half a second each; tests use a cheap cost."""
    monkeypatch.setattr(envelope, "DEFAULT_COST", envelope.TEST_COST)


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _add_answers(path: Path, secret: Secret | None = None, prefix: str = "u") -> None:
    from workbook.model import Answer

    with open_database(path, secret=secret) as opened:
        for i, word in enumerate(WORDS):
            answer = Answer(uuid=f"{prefix}{i}", exercise="ex", step="s", partner="a", value=word)
            opened.db.table("answers").insert(answer.to_doc())


def _answers(path: Path, secret: Secret | None = None) -> list[str]:
    with open_database(path, secret=secret) as opened:
        return sorted(doc["value"] for doc in opened.db.table("answers").all())


def _has_words(raw: bytes) -> list[str]:
    text = raw.decode("utf-8", errors="replace")
    return [w for w in WORDS if w in text or w.encode("unicode_escape").decode() in text]


@pytest.fixture
def pfile(tmp_path: Path) -> Path:
    """The passphrase, in a file."""
    return _file(tmp_path, "p.txt", PASSPHRASE + "\n")


@pytest.fixture
def locked(tmp_path: Path, pfile: Path, capsys: pytest.CaptureFixture) -> tuple[Path, str]:
    """A workbook holding WORDS, locked with PASSPHRASE; and its recovery key."""
    path = tmp_path / "ours" / "workbook.json"
    _add_answers(path)
    assert main(["passphrase", "set", "--db", str(path), "--passphrase-file", str(pfile)]) == 0
    found = re.search(r"Your recovery key:\s+(\S+)", capsys.readouterr().out)
    assert found is not None
    return path, found.group(1)


def test_json_backup_of_a_locked_workbook_is_locked_and_imports_with_its_passphrase(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db, recovery_key = locked
    backup = tmp_path / "backup.json"
    args = ["export", "--db", str(db), "--format", "json", "-o", str(backup)]
    assert main([*args, "--passphrase-file", str(pfile)]) == 0
    assert "locked with the workbook's passphrase" in capsys.readouterr().err
    raw = backup.read_bytes()
    assert envelope.is_locked(raw)
    assert _has_words(raw) == []
    # The same slots as the workbook: its recovery key opens the backup too.
    plain = envelope.unlock(raw, recovery_key=recovery_key)[0]
    assert orjson.loads(plain)["format"] == export.FORMAT

    fresh = tmp_path / "fresh.json"
    with open_database(fresh):
        pass
    # Without the passphrase and with no terminal to ask on: refused, nothing changed.
    before = fresh.read_bytes()
    assert main(["import", str(backup), "--db", str(fresh)]) == 1
    err = capsys.readouterr().err
    assert "locked with a passphrase" in err and "--source-passphrase-file" in err
    assert fresh.read_bytes() == before
    assert main(["import", str(backup), "--db", str(fresh), "--passphrase-file", str(pfile)]) == 0
    assert _answers(fresh) == sorted(WORDS)


def test_plain_backup_warns_that_it_holds_every_answer_in_the_clear(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db, _ = locked
    backup = tmp_path / "backup.json"
    args = ["export", "--db", str(db), "--format", "json", "-o", str(backup), "--plain"]
    assert main([*args, "--passphrase-file", str(pfile)]) == 0
    err = capsys.readouterr().err
    assert "NOT locked" in err and "every answer in the clear" in err
    assert not envelope.is_locked(backup.read_bytes())
    assert set(_has_words(backup.read_bytes())) == set(WORDS)


def test_plain_on_a_plain_workbook_warns_of_nothing(tmp_path: Path, capsys) -> None:
    db = tmp_path / "plain.json"
    _add_answers(db)
    backup = tmp_path / "backup.json"
    args = ["export", "--db", str(db), "--format", "json", "-o", str(backup), "--plain"]
    assert main(args) == 0
    assert "NOT locked" not in capsys.readouterr().err
    assert not envelope.is_locked(backup.read_bytes())


def test_plain_is_refused_for_markdown(locked: tuple[Path, str], tmp_path: Path, capsys) -> None:
    db, _ = locked
    out = tmp_path / "ours.md"
    assert main(["export", "--db", str(db), "-o", str(out), "--plain"]) == 1
    assert "--plain is for a JSON backup" in capsys.readouterr().err
    assert not out.exists()


def test_markdown_of_a_locked_workbook_is_written_with_a_note_that_it_is_not_locked(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db, _ = locked
    out = tmp_path / "ours.md"
    args = ["export", "--db", str(db), "-o", str(out), "--passphrase-file", str(pfile)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "your workbook is locked" in err and "is not" in err
    assert out.read_text(encoding="utf-8").startswith("# ")


def test_no_passphrase_and_no_terminal_is_refused_plainly(
    locked: tuple[Path, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = locked
    asked: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": asked.append(prompt) or "")
    out = tmp_path / "ours.md"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "locked with a passphrase" in err and "--passphrase-file" in err
    assert asked == [] and not out.exists()


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_passphrase_is_asked_without_echo(
    locked: tuple[Path, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = locked
    asked: list[str] = []

    def ask(prompt: str = "") -> str:
        asked.append(prompt)
        return PASSPHRASE

    monkeypatch.setattr(getpass, "getpass", ask)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    backup = tmp_path / "backup.json"
    assert main(["export", "--db", str(db), "--format", "json", "-o", str(backup)]) == 0
    assert len(asked) == 1 and "Passphrase" in asked[0]
    assert envelope.is_locked(backup.read_bytes())
    # A backup of this very workbook, imported back into it: asked once, not twice.
    asked.clear()
    assert main(["import", str(backup), "--db", str(db)]) == 0
    assert len(asked) == 1
    assert _answers(db, Secret(PASSPHRASE)) == sorted(WORDS)  # nothing doubled


def test_wrong_typed_passphrase_changes_nothing(
    locked: tuple[Path, str], tmp_path: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = locked
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": "tea for three")
    monkeypatch.setattr(sys, "stdin", _Terminal())
    out = tmp_path / "ours.md"
    assert main(["export", "--db", str(db), "-o", str(out)]) == 1
    assert "does not open" in capsys.readouterr().err
    assert not out.exists()


def test_import_a_plain_backup_into_a_locked_workbook_keeps_it_locked(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, capsys
) -> None:
    db, _ = locked
    other = tmp_path / "other.json"
    _add_answers(other, prefix="v")  # the same words under new uuids
    before = db.read_bytes()
    assert main(["import", str(other), "--db", str(db)]) == 1
    assert "locked with a passphrase" in capsys.readouterr().err
    assert db.read_bytes() == before
    assert main(["import", str(other), "--db", str(db), "--passphrase-file", str(pfile)]) == 0
    raw = db.read_bytes()
    assert envelope.is_locked(raw) and _has_words(raw) == []
    assert _answers(db, Secret(PASSPHRASE)) == sorted(WORDS * 2)


def test_a_locked_source_with_its_own_passphrase(
    locked: tuple[Path, str], tmp_path: Path, capsys
) -> None:
    source, _ = locked
    target = tmp_path / "target.json"
    other_pass = _file(tmp_path, "other.txt", "coffee for three")
    with open_database(target):
        pass
    args = ["passphrase", "set", "--db", str(target), "--passphrase-file", str(other_pass)]
    assert main(args) == 0
    capsys.readouterr()
    # The workbook's passphrase does not open the source: said plainly.
    assert main(["import", str(source), "--db", str(target), "--passphrase-file",
                 str(other_pass)]) == 1  # fmt: skip
    assert "does not open" in capsys.readouterr().err
    source_pass = _file(tmp_path, "source.txt", PASSPHRASE)
    args = ["import", str(source), "--db", str(target), "--passphrase-file", str(other_pass),
            "--source-passphrase-file", str(source_pass)]  # fmt: skip
    assert main(args) == 0
    assert _answers(target, Secret("coffee for three")) == sorted(WORDS)


def test_sample_data_can_be_locked(tmp_path: Path, pfile: Path, capsys) -> None:
    db = tmp_path / "sample.json"
    args = ["sample-data", "--db", str(db), "--answers", "30", "--passphrase-file", str(pfile)]
    assert main(args) == 0
    assert "locked" in capsys.readouterr().out
    assert envelope.is_locked(db.read_bytes())
    with open_database(db, secret=Secret(PASSPHRASE)) as opened:
        assert len(opened.db.table("answers")) >= 30


def test_sample_data_refuses_a_short_passphrase(tmp_path: Path, capsys) -> None:
    db = tmp_path / "sample.json"
    short = _file(tmp_path, "short.txt", "tea")
    assert main(["sample-data", "--db", str(db), "--answers", "5",
                 "--passphrase-file", str(short)]) == 1  # fmt: skip
    assert "too short" in capsys.readouterr().err
    assert not db.exists()


def test_a_crash_while_exporting_a_locked_workbook_keeps_no_answer_or_passphrase(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, monkeypatch, capsys
) -> None:
    db, _ = locked
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data"))

    def to_json(snapshot):  # holds every answer, and fails
        answers = [doc["value"] for doc in snapshot.answers]
        raise RuntimeError(f"{PASSPHRASE} {answers}")

    monkeypatch.setattr(export, "to_json", to_json)
    args = ["export", "--db", str(db), "--format", "json", "-o", str(tmp_path / "b.json")]
    assert main([*args, "--passphrase-file", str(pfile)]) == 1
    shown = capsys.readouterr()
    report = (tmp_path / "data" / crash.CRASH_REPORT).read_bytes()
    assert b"to_json" in report  # the report was written, with where it happened
    for text in (report, (shown.out + shown.err).encode()):
        assert _has_words(text) == [] and PASSPHRASE.encode() not in text
    assert os.listdir(tmp_path / "data") == [crash.CRASH_REPORT]


def test_a_locked_backup_is_not_poured_onto_a_terminal(
    locked: tuple[Path, str], pfile: Path, capsys, monkeypatch: pytest.MonkeyPatch
) -> None:
    db, _ = locked
    screen = _Terminal()
    monkeypatch.setattr(sys, "stdout", screen)
    args = ["export", "--db", str(db), "--format", "json", "-o", "-"]
    assert main([*args, "--passphrase-file", str(pfile)]) == 1
    assert screen.getvalue() == ""
    assert "can't be shown on the screen" in capsys.readouterr().err


def test_importing_a_locked_backup_into_a_plain_workbook_warns_it_is_now_in_the_clear(
    locked: tuple[Path, str], pfile: Path, tmp_path: Path, capsys: pytest.CaptureFixture
) -> None:
    db, _ = locked
    backup = tmp_path / "backup.json"
    args = ["export", "--db", str(db), "--format", "json", "-o", str(backup)]
    assert main([*args, "--passphrase-file", str(pfile)]) == 0
    plain = tmp_path / "plain.json"
    with open_database(plain):
        pass
    capsys.readouterr()
    args = ["import", str(backup), "--db", str(plain), "--source-passphrase-file", str(pfile)]
    assert main(args) == 0
    err = capsys.readouterr().err
    assert "NOT" in err and "in the clear" in err and "workbook passphrase set" in err
    assert _answers(plain) == sorted(WORDS)
    # Importing it again adds nothing, so there is nothing new to warn of.
    assert main(args) == 0
    assert "in the clear" not in capsys.readouterr().err
    # Into a locked workbook, or from a plain file: no warning either.
    other = tmp_path / "other.json"
    _add_answers(other, prefix="v")
    assert main(["import", str(other), "--db", str(plain)]) == 0
    assert "in the clear" not in capsys.readouterr().err
    args = ["import", str(backup), "--db", str(db), "--passphrase-file", str(pfile)]
    assert main(args) == 0
    assert "in the clear" not in capsys.readouterr().err


def test_import_help_says_which_passphrase_each_option_is_for(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["import", "--help"])
    text = " ".join(capsys.readouterr().out.split())
    assert "--passphrase-file PPFILE the passphrase of the workbook (--db)" in text
    assert "--source-passphrase-file PPFILE the passphrase of FILE" in text
    # What the code does with each beyond that is said too.
    assert "this passphrase is tried on FILE as well" in text
    assert "this passphrase is tried on the workbook as well" in text
