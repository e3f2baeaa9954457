"""``workbook export --partner``: a, b, or a partner's name as typed at set-up, in any case."""

from __future__ import annotations

import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import HANG_SECONDS
from workbook.cli import main
from workbook.model import Answer, Couple, Partner
from workbook.store import WorkbookStore

MARY = "Mary Ann"
ZOE = "Zoë"  # typed at set-up with the composed ë
CREATED = "2026-11-10T08:00:00+00:00"


def answer(uuid: str, partner: str, value: str) -> Answer:
    return Answer(
        uuid=uuid, partner=partner, step="prompt-1", value=value,  # type: ignore[arg-type]
        exercise="quick-appreciation", session=None, run="run-1",
        created=CREATED, updated=CREATED,
    )


def workbook_of(path: Path, name_a: str, name_b: str) -> Path:
    """A workbook for two partners with these names, one answer each."""
    store = WorkbookStore.open(path)
    store.save_couple(
        Couple(Partner("a", name_a, "dodgerblue"), Partner("b", name_b, "darkorange"),
               agreed_at=CREATED)
    )
    store.add_history([], [answer("one", "a", "words of the first"),
                           answer("two", "b", "words of the second")])
    store.close()
    return path


@pytest.fixture
def odd(db_path: Path) -> Path:
    return workbook_of(db_path, MARY, ZOE)


def export(db: Path, capsys, *extra: str) -> tuple[int, str, str]:
    code = main(["export", "--db", str(db), *extra])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize(
    ("wanted", "kept", "left_out"),
    [
        ("a", "words of the first", "words of the second"),
        ("B", "words of the second", "words of the first"),
        ("mary ann", "words of the first", "words of the second"),
        ("  MARY   ANN ", "words of the first", "words of the second"),
        ("zoë", "words of the second", "words of the first"),
        # The same name with the ë written as e and a combining diaeresis.
        (unicodedata.normalize("NFD", "ZOË"), "words of the second", "words of the first"),
    ],
)
def test_a_key_or_a_name_in_any_case(
    odd: Path, capsys, wanted: str, kept: str, left_out: str
) -> None:
    code, out, err = export(odd, capsys, "--partner", wanted)
    assert (code, err) == (0, "")
    assert kept in out and left_out not in out


def test_an_unknown_name_lists_what_is_accepted(odd: Path, capsys) -> None:
    code, out, err = export(odd, capsys, "--partner", "Jo")
    assert code == 1 and out == ""
    assert err == f'workbook: there is no partner called "Jo"; use a or "{MARY}", b or "{ZOE}"\n'


def test_a_name_that_looks_like_an_option(tmp_path: Path, capsys) -> None:
    db = workbook_of(tmp_path / "w.json", "-x", "--partner")
    code, out, _ = export(db, capsys, "--partner=-x")
    assert code == 0 and "words of the first" in out and "words of the second" not in out
    code, out, _ = export(db, capsys, "--partner=--PARTNER")
    assert code == 0 and "words of the second" in out and "words of the first" not in out
    # Without "=", argparse reads -x as an option: a usage message, not a traceback.
    with pytest.raises(SystemExit) as stopped:
        main(["export", "--db", str(db), "--partner", "-x"])
    assert stopped.value.code == 2
    assert "--partner" in capsys.readouterr().err


def test_a_name_with_control_characters_is_shown_not_obeyed(odd: Path, capsys) -> None:
    code, _, err = export(odd, capsys, "--partner", "Jo\x1b[2J")
    assert code == 1
    assert "\x1b" not in err and "Jo␛[2J" in err


def test_two_partners_of_the_same_name_are_told_apart_by_key(tmp_path: Path, capsys) -> None:
    db = workbook_of(tmp_path / "w.json", "Alex", "alex")  # set-up refuses this; a file may not
    code, _, err = export(db, capsys, "--partner", "ALEX")
    assert code == 1 and "use a or b" in err
    code, out, _ = export(db, capsys, "--partner", "b")
    assert code == 0 and "words of the second" in out and "words of the first" not in out


def test_a_workbook_with_no_names_yet(db_path: Path, capsys) -> None:
    WorkbookStore.open(db_path).close()
    code, _, err = export(db_path, capsys, "--partner", "Sam")
    assert code == 1 and err == 'workbook: there is no partner called "Sam"; use a or b\n'
    assert export(db_path, capsys, "--partner", "a")[0] == 0


def test_json_takes_no_partner_even_an_empty_one(odd: Path, capsys) -> None:
    code, _, err = export(odd, capsys, "--format", "json", "-o", "-", "--partner", "")
    assert code == 1 and "always holds everything" in err


def test_the_command_itself(odd: Path) -> None:
    """Through a real process: a name works, and an unknown one is a message, not a traceback."""
    command = [sys.executable, "-m", "workbook", "export", "--db", str(odd), "--partner"]
    found = subprocess.run(
        [*command, "mary ann"], capture_output=True, text=True, timeout=HANG_SECONDS
    )
    assert found.returncode == 0 and "words of the first" in found.stdout
    unknown = subprocess.run(
        [*command, "Bo Peep"], capture_output=True, text=True, timeout=HANG_SECONDS
    )
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert 'no partner called "Bo Peep"' in unknown.stderr
