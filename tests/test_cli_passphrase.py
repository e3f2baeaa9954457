"""``workbook passphrase set|change|remove``: one atomic rewrite, plain messages, no words left."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path

import pytest

from workbook import envelope
from workbook.cli import main
from workbook.envelope import Secret
from workbook.storage import CorruptDatabase, WrongKey, open_database

WORDS = ["marmalade", "lighthouse", "Ångström"]


@pytest.fixture(autouse=True)
def cheap_scrypt(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real passphrases cost half a second each; tests use a cheap cost."""
    monkeypatch.setattr(envelope, "DEFAULT_COST", envelope.TEST_COST)


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A plain workbook holding answers with WORDS in them, and a backup."""
    from workbook.model import Answer

    path = tmp_path / "ours" / "workbook.json"
    with open_database(path) as opened:
        for i, word in enumerate(WORDS):
            answer = Answer(uuid=f"u{i}", exercise="ex", step="s", partner="a", value=word)
            opened.db.table("answers").insert(answer.to_doc())
    return path


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _words_in_folder(folder: Path) -> list[str]:
    found = []
    for file in folder.iterdir():
        raw = file.read_bytes()
        found += [f"{file.name}: {w}" for w in WORDS if w.encode() in raw]
        # Also as JSON writes them, escaped.
        found += [f"{file.name}: {w}" for w in WORDS if w.encode("ascii", "backslashreplace")
                  .replace(b"\\x", b"\\u00") in raw and not w.isascii()]  # fmt: skip
    return found


def _answers(path: Path, secret: Secret | None) -> list[str]:
    with open_database(path, secret=secret) as opened:
        return sorted(doc["value"] for doc in opened.db.table("answers").all())


def test_set_change_remove_round_trip(workbook: Path, tmp_path: Path, capsys) -> None:
    old = _file(tmp_path, "old.txt", "tea for two\n")
    new = _file(tmp_path, "new.txt", "a kettle on the hob")
    assert _words_in_folder(workbook.parent) != []  # the test would see plain words

    assert main(["passphrase", "set", "--db", str(workbook), "--passphrase-file", str(old)]) == 0
    out = capsys.readouterr().out
    recovery = re.search(r"Your recovery key:\s+(\S+)", out)
    assert recovery is not None
    assert "shown only this once" in out
    assert "can't be recovered" in out
    assert _words_in_folder(workbook.parent) == []
    assert _answers(workbook, Secret(passphrase="tea for two")) == sorted(WORDS)

    args = ["passphrase", "change", "--db", str(workbook), "--passphrase-file", str(old),
            "--new-passphrase-file", str(new)]  # fmt: skip
    assert main(args) == 0
    assert _words_in_folder(workbook.parent) == []
    with pytest.raises(WrongKey):
        _answers(workbook, Secret(passphrase="tea for two"))
    assert _answers(workbook, Secret(passphrase="a kettle on the hob")) == sorted(WORDS)
    # The recovery key shown at set still opens it.
    assert _answers(workbook, Secret(recovery_key=recovery.group(1))) == sorted(WORDS)

    # The passphrases themselves are in no file the app wrote.
    for file in workbook.parent.iterdir():
        assert b"tea for two" not in file.read_bytes()
        assert b"kettle" not in file.read_bytes()

    assert main(["passphrase", "remove", "--db", str(workbook), "--passphrase-file", str(new)]) == 0
    assert _answers(workbook, None) == sorted(WORDS)
    assert not envelope.is_locked(workbook.read_bytes())


class _Terminal(io.StringIO):
    """Standard input that says it is a terminal (the prompts are asked only on one)."""

    def isatty(self) -> bool:
        return True


def test_set_asks_twice_without_echo(workbook: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(sys, "stdin", _Terminal())
    asked: list[str] = []
    answers = iter(["tea for two", "tea for two"])

    def fake_getpass(prompt: str = "") -> str:
        asked.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    assert main(["passphrase", "set", "--db", str(workbook)]) == 0
    assert len(asked) == 2
    assert "tea for two" not in capsys.readouterr().out
    assert _answers(workbook, Secret(passphrase="tea for two")) == sorted(WORDS)


def test_set_refuses_two_different_passphrases(workbook: Path, monkeypatch, capsys) -> None:
    answers = iter(["tea for two", "tea for too"])
    monkeypatch.setattr("getpass.getpass", lambda prompt="": next(answers))
    monkeypatch.setattr(sys, "stdin", _Terminal())
    before = workbook.read_bytes()
    assert main(["passphrase", "set", "--db", str(workbook)]) == 1
    assert "not the same" in capsys.readouterr().err
    assert workbook.read_bytes() == before


def test_set_refuses_a_short_passphrase(workbook: Path, tmp_path: Path, capsys) -> None:
    short = _file(tmp_path, "p.txt", "tea")
    assert main(["passphrase", "set", "--db", str(workbook), "--passphrase-file", str(short)]) == 1
    assert "too short" in capsys.readouterr().err
    assert not envelope.is_locked(workbook.read_bytes())


def test_set_refuses_a_huge_passphrase_file_without_reading_it_whole(
    workbook: Path, tmp_path: Path, capsys
) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:  # sparse: a gigabyte on paper, nothing on disk
        out.truncate(1 << 30)
    assert main(["passphrase", "set", "--db", str(workbook), "--passphrase-file", str(huge)]) == 1
    assert "too long to hold a passphrase" in capsys.readouterr().err
    assert not envelope.is_locked(workbook.read_bytes())


def _locked(workbook: Path, tmp_path: Path, capsys) -> tuple[Path, str]:
    secret = _file(tmp_path, "p.txt", "tea for two")
    assert main(["passphrase", "set", "--db", str(workbook), "--passphrase-file", str(secret)]) == 0
    found = re.search(r"Your recovery key:\s+(\S+)", capsys.readouterr().out)
    assert found is not None
    return secret, found.group(1)


def test_wrong_passphrase_says_so_and_changes_nothing(workbook: Path, tmp_path: Path, capsys):
    _locked(workbook, tmp_path, capsys)
    before = workbook.read_bytes()
    wrong = _file(tmp_path, "wrong.txt", "tea for three")
    assert (
        main(["passphrase", "remove", "--db", str(workbook), "--passphrase-file", str(wrong)]) == 1
    )
    err = capsys.readouterr().err
    assert "does not open this workbook" in err
    assert "Traceback" not in err
    assert workbook.read_bytes() == before


def test_flipped_bit_is_reported_as_damage(workbook: Path, tmp_path: Path, capsys) -> None:
    secret, _ = _locked(workbook, tmp_path, capsys)
    broken = bytearray(workbook.read_bytes())
    broken[len(broken) // 2] ^= 0x01
    workbook.unlink()  # the .bak is another name for the same file: leave it whole
    workbook.write_bytes(bytes(broken))
    assert (
        main(["passphrase", "remove", "--db", str(workbook), "--passphrase-file", str(secret)]) == 1
    )
    err = capsys.readouterr().err
    assert "can't be opened" in err and "does not open" not in err
    assert workbook.read_bytes() == bytes(broken)
    with pytest.raises(CorruptDatabase) as caught:
        open_database(workbook, secret=Secret(passphrase="tea for two"))
    assert caught.value.backup is not None  # the locked .bak is offered


def test_truncation_is_reported_as_damage(workbook: Path, tmp_path: Path, capsys) -> None:
    secret, _ = _locked(workbook, tmp_path, capsys)
    workbook.write_bytes(workbook.read_bytes()[:-40])
    assert (
        main(["passphrase", "remove", "--db", str(workbook), "--passphrase-file", str(secret)]) == 1
    )
    err = capsys.readouterr().err
    assert "damaged" in err or "cut off" in err


def test_recovery_key_opens_instead_of_the_passphrase(workbook: Path, tmp_path: Path, capsys):
    _, recovery = _locked(workbook, tmp_path, capsys)
    key_file = _file(tmp_path, "key.txt", recovery.lower() + "\n")
    assert main(["passphrase", "remove", "--db", str(workbook), "--passphrase-file",
                 str(key_file)]) == 0  # fmt: skip
    assert _answers(workbook, None) == sorted(WORDS)


def test_set_twice_and_change_on_a_plain_workbook_say_what_to_do(
    workbook: Path, tmp_path: Path, capsys
) -> None:
    secret = _file(tmp_path, "p.txt", "tea for two")
    args = ["--db", str(workbook), "--passphrase-file", str(secret)]
    assert main(["passphrase", "remove", *args]) == 1
    assert "passphrase set" in capsys.readouterr().err
    assert main(["passphrase", "set", *args]) == 0
    capsys.readouterr()
    assert main(["passphrase", "set", *args]) == 1
    assert "passphrase change" in capsys.readouterr().err


def test_no_recovery_key_when_asked_for_none(workbook: Path, tmp_path: Path, capsys) -> None:
    secret = _file(tmp_path, "p.txt", "tea for two")
    args = ["--db", str(workbook), "--passphrase-file", str(secret), "--no-recovery-key"]
    assert main(["passphrase", "set", *args]) == 0
    out = capsys.readouterr().out
    assert "Your recovery key" not in out
    assert "can't be recovered" in out


def test_a_locked_workbook_elsewhere_says_it_is_locked(workbook: Path, tmp_path: Path, capsys):
    _locked(workbook, tmp_path, capsys)
    assert main(["export", "--db", str(workbook)]) == 1
    assert "locked with a passphrase" in capsys.readouterr().err


def test_import_of_or_into_a_locked_workbook_is_refused_plainly(
    workbook: Path, tmp_path: Path, capsys
) -> None:
    _locked(workbook, tmp_path, capsys)
    other = tmp_path / "other.json"
    with open_database(other):
        pass
    before = other.read_bytes()
    assert main(["import", str(workbook), "--db", str(other)]) == 1
    err = capsys.readouterr().err
    assert "locked with a passphrase" in err and "Nothing was changed" in err
    assert "crash" not in err.lower()
    assert other.read_bytes() == before
    locked_before = workbook.read_bytes()
    assert main(["import", str(other), "--db", str(workbook)]) == 1
    assert "locked with a passphrase" in capsys.readouterr().err
    assert workbook.read_bytes() == locked_before


@pytest.mark.parametrize(
    ("action", "given", "named"),
    [
        ("set", [], "--passphrase-file"),
        ("remove", [], "--passphrase-file"),
        ("change", [], "--passphrase-file"),
        ("change", ["--passphrase-file"], "--new-passphrase-file"),
    ],
)
def test_without_a_terminal_the_prompt_is_refused_naming_the_option(
    workbook: Path, tmp_path: Path, monkeypatch, capsys, action: str, given: list[str], named: str
) -> None:
    secret = _file(tmp_path, "secret.txt", "tea for two")
    if action != "set":
        assert main(["passphrase", "set", "--db", str(workbook), "--passphrase-file",
                     str(secret)]) == 0  # fmt: skip
        capsys.readouterr()
    asked: list[str] = []
    monkeypatch.setattr("getpass.getpass", lambda prompt="": asked.append(prompt) or "x")
    before = workbook.read_bytes()
    files = [part for option in given for part in (option, str(secret))]
    args = ["passphrase", action, "--db", str(workbook), *files]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert asked == [] and "no terminal" in err and f"{named} FILE" in err
    assert workbook.read_bytes() == before


def test_ctrl_c_at_the_prompt_ends_the_line_and_says_nothing_changed(
    workbook: Path, monkeypatch, capsys
) -> None:
    def interrupted(prompt: str = "") -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr("getpass.getpass", interrupted)
    monkeypatch.setattr(sys, "stdin", _Terminal())
    before = workbook.read_bytes()
    assert main(["passphrase", "set", "--db", str(workbook)]) == 130
    err = capsys.readouterr().err
    assert err.startswith("\n") and "nothing was changed" in err
    assert workbook.read_bytes() == before
