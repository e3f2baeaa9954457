"""The ``workbook`` command's output: control characters in data are shown, never obeyed.

Names, answers, content keys and file paths reach the terminal only with
their control characters as visible placeholders (docs/data-format.md, "Text
on a terminal and in files"); a Markdown file shows them the same way, a JSON
backup file keeps them exactly as typed; a JSON backup
on stdout stays valid, lossless JSON. Also here: a reader that stops early
(``| head -1``), an import that meets another one, and a Markdown export
given to ``import``.

The tests with a workbook run on a plain one and on one locked with a
passphrase (tests/locking.py), the passphrase given with
``--passphrase-file``; so do the messages only a locked workbook gives. The
lossless-JSON test stays plain: it is about the plain backup's bytes (a
locked backup is an envelope, and is never written to a terminal, see
tests/test_cli_locked.py); so do the path messages, which come before any
workbook is opened or are about a workbook file that is not one.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import orjson
import pytest

from tests.conftest import COUPLE
from tests.hostile.corpus import ALL, CONTROLS, LEGITIMATE, MARKUP, has_raw_control
from tests.locking import LOCKS, PLAIN, Lock
from workbook.cli import main
from workbook.model import Answer, Couple, Partner, SessionRecord, new_id

BOTH = pytest.mark.parametrize("lock", LOCKS, indirect=True)

REPO = Path(__file__).resolve().parent.parent.parent

OSC_52 = CONTROLS["clipboard (OSC 52)"]


# --- the placeholder scheme, written out independently of workbook.terminal ------------------


def placeholder(char: str) -> str:
    """What one character looks like on the terminal (see docs/data-format.md)."""
    code = ord(char)
    if code < 0x20 and char != "\t":
        return chr(0x2400 + code)  # the Control Pictures block
    if code == 0x7F:
        return "\u2421"
    if 0x80 <= code < 0xA0:
        return f"<U+{code:04X}>"
    return char


def shown(text: str, *, newlines: bool = False) -> str:
    """``text`` as the command prints it: one line, or (``newlines``) a document."""
    return "".join(char if newlines and char == "\n" else placeholder(char) for char in text)


def test_visible_follows_the_documented_scheme() -> None:
    from workbook.terminal import visible

    every = "".join(chr(code) for code in range(0x100))
    assert visible(every) == shown(every)
    assert visible(every, newlines=True) == shown(every, newlines=True)
    assert visible("\x1b\x07\r\x00\x7f\x9b\t") == "␛␇␍␀␡<U+009B>\t"
    for text in ALL.values():
        assert not has_raw_control(visible(text))
    for text in (*LEGITIMATE.values(), *MARKUP.values()):
        assert visible(text) == text  # unusual but harmless text is shown exactly as typed


# --- building workbooks and backups --------------------------------------------------------


def answer(value: object, **fields: object) -> Answer:
    base: dict[str, object] = dict(
        uuid=new_id(),
        exercise="appreciation-exchange",
        step="prompt-1",
        partner="a",
        value=value,
        session=None,
        run="run-1",
        created="2026-01-01T10:00:00+00:00",
        updated="2026-01-01T10:00:00+00:00",
    )
    base.update(fields)
    return Answer(**base)  # type: ignore[arg-type]


def hostile_answers() -> list[Answer]:
    """Every CONTROLS case as a short answer, a long one, a list and a check-in note."""
    items = []
    for n, (case, text) in enumerate(CONTROLS.items()):
        stamp = f"2026-01-01T10:{n:02d}:00+00:00"
        items += [
            answer(text, partner="a", created=stamp, run=f"run-{n}"),
            answer(
                f"{case}, at length:\n{text} " + "and more words " * 6 + f"\n{text}",
                partner="b",
                step="prompt-2",
                created=stamp,
                run=f"run-{n}",
            ),
            answer([text, case], partner="a", step="prompt-3", created=stamp, run=f"run-{n}"),
            answer(
                {
                    "trust": 5,
                    "vulnerability": 5,
                    "openness": 5,
                    "sharing": 5,
                    "mood": 5,
                    "note": text,
                },
                exercise="first-check-in",
                step="ratings",
                partner="b",
                created=stamp,
                run=f"check-{n}",
            ),
        ]
    return items


def fill(db: Path, names: tuple[str, str], items: list[Answer], lock: Lock = PLAIN) -> None:
    store = lock.open_store(db)
    store.save_couple(Couple(Partner("a", names[0], "gold"), Partner("b", names[1], "tomato")))
    store.add_history([SessionRecord("s-1", "foundations", "2026-01-01T09:00:00+00:00")], items)
    store.close()


def backup(db: Path, out: Path, key: list[str] = []) -> bytes:  # noqa: B006 (never changed)
    """A JSON backup of ``db`` made by ``workbook export --format json -o`` (``key``: its lock)."""
    assert main(["export", "--db", str(db), "--format", "json", "-o", str(out), *key]) == 0
    return out.read_bytes()


def stored_answers(db: Path, lock: Lock = PLAIN) -> dict[str, object]:
    tables = lock.tables(db)
    return {doc["uuid"]: doc.get("value") for doc in tables.get("answers", {}).values()}


def canonical(value: object) -> bytes:
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def printed(capsys: pytest.CaptureFixture[str]) -> tuple[str, str]:
    captured = capsys.readouterr()
    return captured.out, captured.err


# --- import -------------------------------------------------------------------------------


@BOTH
@pytest.mark.parametrize("case", list(ALL))
def test_import_shows_names_with_placeholders(
    tmp_path: Path, capsys, case: str, lock: Lock
) -> None:
    name = ALL[case]
    key = lock.cli_args(tmp_path)
    source = tmp_path / "source.json"
    fill(source, (name, f"{name} too"), hostile_answers(), lock)
    file = tmp_path / "backup \x1b]0;title\x07.json"
    backup(source, file, key)  # a locked workbook's backup is locked with its passphrase
    db = tmp_path / "ours.json"
    fill(db, ("Alex", "Sam"), [], lock)
    capsys.readouterr()

    assert main(["import", str(file), "--db", str(db), *key]) == 0
    out, err = printed(capsys)
    assert not has_raw_control(out) and not has_raw_control(err), (out, err)
    # The names differ from the workbook's, so the import names them (and the file).
    note = (
        f"{shown(file.name)} names the partners {shown(name)} and {shown(name + ' too')}; "
        "this workbook's names, Alex and Sam, were kept."
    )
    assert note in out.splitlines()
    # Only the terminal sees placeholders: every answer is stored exactly as typed.
    assert sorted(map(canonical, stored_answers(db, lock).values())) == sorted(
        canonical(a.value) for a in hostile_answers()
    )

    # Into a new workbook the names are taken, and kept exactly as typed too.
    new = tmp_path / "new.json"
    assert main(["import", str(file), "--db", str(new), *key]) == 0
    out, err = printed(capsys)
    assert not has_raw_control(out) and not has_raw_control(err)
    assert "The partners' names were taken from the imported file." in out
    store = lock.open_store(new)
    try:
        couple = store.couple()
    finally:
        store.close()
    assert couple is not None and (couple.a.name, couple.b.name) == (name, f"{name} too")


# --- export -------------------------------------------------------------------------------


HOSTILE_NAMES = (OSC_52 + "Robin", CONTROLS["C1 OSC"] + "Kim" + CONTROLS["DEL"])


@pytest.fixture
def hostile_db(tmp_path: Path, lock: Lock) -> Path:
    db = tmp_path / "hostile.json"
    fill(db, HOSTILE_NAMES, hostile_answers(), lock)
    return db


@BOTH
@pytest.mark.parametrize("extra", [[], ["--include-private"], ["--partner", "b"], ["-o", "-"]])
def test_markdown_on_the_screen_shows_placeholders(
    hostile_db: Path, tmp_path: Path, capsys, extra: list[str], lock: Lock
) -> None:
    key = lock.cli_args(tmp_path)
    assert main(["export", "--db", str(hostile_db), *extra, *key]) == 0
    out, err = printed(capsys)
    assert not has_raw_control(out) and not has_raw_control(err), err
    assert "␛" in out and "<U+009B>" in out and "<U+009D>" in out and "␡" in out

    # A file gets exactly the document the screen shows: a document to read,
    # so its control characters are placeholders too (printing it can't clear a terminal).
    file = tmp_path / "export.md"
    filters = [arg for arg in extra if arg not in ("-o", "-")]
    assert main(["export", "--db", str(hostile_db), *filters, "-o", str(file), *key]) == 0
    text = file.read_bytes().decode("utf-8")
    assert out == text and not has_raw_control(text.replace("\n", ""))
    heading = "# ␛\\]52;c;aGVsbG8=␇Robin and <U+009D>0;title<U+009C>Kima␡b: our workbook\n"
    assert text.startswith(heading)


def test_json_on_the_screen_is_lossless_and_has_no_raw_control(
    hostile_db: Path, tmp_path: Path, capsysbinary
) -> None:
    """Plain only: this is about the plain JSON backup's bytes (see the module's docstring)."""
    file = tmp_path / "backup.json"
    on_file = backup(hostile_db, file)
    capsysbinary.readouterr()
    assert main(["export", "--db", str(hostile_db), "--format", "json", "-o", "-"]) == 0
    captured = capsysbinary.readouterr()
    screen = captured.out
    assert not has_raw_control(screen.decode("utf-8")) and captured.err == b""
    assert b"\\u009b31mred" in screen and b"a\\u007fb" in screen
    assert orjson.loads(screen) == orjson.loads(on_file)

    # The file keeps the characters as typed (JSON itself escapes only C0).
    assert "\x9b31mred".encode() in on_file and b"a\x7fb" in on_file
    assert b"\\u001b]52;c;aGVsbG8=\\u0007" in on_file

    # A backup piped into a file restores exactly: import it, export again, same bytes.
    piped = tmp_path / "piped.json"
    piped.write_bytes(screen)
    restored = tmp_path / "restored.json"
    assert main(["import", str(piped), "--db", str(restored)]) == 0
    assert backup(restored, tmp_path / "again.json") == on_file


# --- validate and paths in messages ----------------------------------------------------------


def yaml_text(text: str) -> str:
    """``text`` as a YAML double-quoted scalar (YAML files may not hold raw controls)."""
    body = "".join(
        f"\\u{ord(c):04x}" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c
        for c in text.replace("\\", "\\\\").replace('"', '\\"')
    )
    return f'"{body}"'


def hostile_pack(tmp_path: Path) -> Path:
    pack = tmp_path / "pack \x1b]0;title\x07 \x1b[2J"
    pack.mkdir()
    lines = [
        "exercises:",
        "  - id: my-drill",
        f"    kind: {yaml_text(OSC_52)}",
        f"    title: {yaml_text('Mine ' + OSC_52)}",
        f"    why: {yaml_text(CONTROLS['C1 CSI'])}",
        *(f"    {yaml_text(text)}: {yaml_text(text)}" for text in CONTROLS.values()),
    ]
    (pack / "extra.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return pack


@pytest.mark.parametrize("how", ["folder", "--content"])
def test_validate_shows_keys_values_and_paths_with_placeholders(
    tmp_path: Path, capsys, how: str
) -> None:
    pack = hostile_pack(tmp_path)
    argv = ["validate", str(pack)] if how == "folder" else ["--content", str(pack), "validate"]
    assert main(argv) == 1
    out, err = printed(capsys)
    assert not has_raw_control(out) and not has_raw_control(err), out
    problems = out.splitlines()
    assert problems and all(
        line.startswith(shown(str(pack / "extra.yaml")) + ":") for line in problems
    )
    assert any(f"'{shown(OSC_52)}'" in line for line in problems)  # the key, quoted


def hostile_path(tmp_path: Path, name: str) -> Path:
    return tmp_path / f"{name} \x1b]52;c;aGVsbG8=\x07\x9b2J\x7f"


ERRORS = {
    "validate, no such folder": lambda p: ["validate", str(hostile_path(p, "nope"))],
    "import, no such file": lambda p: [
        "import",
        str(hostile_path(p, "nope.json")),
        "--db",
        str(p / "db.json"),
    ],
    "import, a folder": lambda p: [
        "import",
        str(hostile_path(p, "dir")),
        "--db",
        str(p / "db.json"),
    ],
    "import, a broken file": lambda p: [
        "import",
        str(hostile_path(p, "broken.json")),
        "--db",
        str(p / "db.json"),
    ],
    "export, no workbook": lambda p: ["export", "--db", str(hostile_path(p, "nope.json"))],
    "export, to a folder": lambda p: [
        "export",
        "--db",
        str(p / "db.json"),
        "-o",
        str(hostile_path(p, "dir")),
    ],
    "sample-data, a file with content": lambda p: [
        "sample-data",
        "--db",
        str(hostile_path(p, "db.json")),
        "--answers",
        "1",
    ],
}


@pytest.mark.parametrize("case", list(ERRORS))
def test_messages_quoting_a_path_show_placeholders(tmp_path: Path, capsys, case: str) -> None:
    hostile_path(tmp_path, "dir").mkdir()
    hostile_path(tmp_path, "broken.json").write_bytes(b"")
    fill(tmp_path / "db.json", ("Alex", "Sam"), [])
    fill(hostile_path(tmp_path, "db.json"), ("Alex", "Sam"), [answer("words")])
    capsys.readouterr()
    assert main(ERRORS[case](tmp_path)) == 1
    out, err = printed(capsys)
    assert out == ""
    assert err.startswith("workbook: ") and "Traceback" not in err
    assert not has_raw_control(err), err
    assert "␛]52;c;aGVsbG8=␇<U+009B>2J␡" in err


def test_usage_errors_show_placeholders(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["validate", "one", "two \x1b[2J\x9b31m"])
    out, err = printed(capsys)
    assert not has_raw_control(out + err)
    assert "two ␛[2J<U+009B>31m" in err


def test_a_locked_workbooks_messages_show_placeholders(tmp_path: Path, capsys) -> None:
    """Without its passphrase, or with a wrong one, a locked workbook's name shows placeholders."""
    lock = Lock("locked")
    db = hostile_path(tmp_path, "db.json")
    fill(db, HOSTILE_NAMES, [answer("words")], lock)
    wrong = tmp_path / "wrong.txt"
    wrong.write_text("not our passphrase\n")
    for extra in ([], ["--passphrase-file", str(wrong)]):
        capsys.readouterr()
        assert main(["export", "--db", str(db), *extra]) == 1, extra
        out, err = printed(capsys)
        assert out == "" and err.startswith("workbook: ") and "Traceback" not in err, err
        assert not has_raw_control(err), err
        if not extra:  # told to give the passphrase, the workbook is named
            assert "␛]52;c;aGVsbG8=␇<U+009B>2J␡" in err, err
        else:
            assert "does not open this workbook" in err, err
    assert "words" in str(stored_answers(db, lock))  # and nothing was changed


# --- a reader that stops early -----------------------------------------------------------------


def run_import(
    source: Path, db: Path, stdout: int, *, buffered: bool, key: list[str]
) -> subprocess.Popen[bytes]:
    """``workbook import`` in a child process, its stdout buffered as usual or not at all.

    Buffered (a pipe's default), the summary meets a closed pipe when Python
    flushes it at exit; unbuffered (PYTHONUNBUFFERED), inside ``print``.
    """
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if not buffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.Popen(
        [sys.executable, "-m", "workbook", "import", str(source), "--db", str(db), *key],
        stdout=stdout,
        stderr=subprocess.PIPE,
        cwd=REPO,
        env={**env, "PYTHONPATH": str(REPO)},
    )


@BOTH
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_import_piped_to_head_exits_0_quietly(tmp_path: Path, buffered: bool, lock: Lock) -> None:
    # The reader goes away after the first line, as `| head -1` does. Whether
    # the import's later lines meet the closed pipe depends on timing; the
    # next test makes that meeting certain. Either way: exit 0, no crash text.
    source, db = tmp_path / "source.json", tmp_path / "ours.json"
    new = answer("the words that must land")
    fill(source, ("Robin", "Kim"), [new], lock)
    fill(db, ("Alex", "Sam"), [], lock)

    key = lock.cli_args(tmp_path)
    child = run_import(source, db, subprocess.PIPE, buffered=buffered, key=key)
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()
    child.stdout.close()
    err = child.stderr.read()
    assert child.wait(timeout=120) == 0, err
    assert first == b"1 answer added, 0 already present, 0 conflicts.\n"
    assert err == b""  # no crash message, no "Exception ignored"
    assert new.uuid in stored_answers(db, lock)


@BOTH
@pytest.mark.parametrize("buffered", [True, False], ids=["buffered", "unbuffered"])
def test_import_whose_reader_has_already_gone_exits_0_quietly(
    tmp_path: Path, buffered: bool, lock: Lock
) -> None:
    # The reader is gone before the first byte: the summary, still buffered,
    # meets the closed pipe only when the command finishes.
    source, db = tmp_path / "source.json", tmp_path / "ours.json"
    new = answer("the words that must land")
    fill(source, ("Robin", "Kim"), [new], lock)
    if lock.locked:
        lock.open_store(db).close()  # an empty locked workbook (a plain one is made by import)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        child = run_import(source, db, write_end, buffered=buffered, key=lock.cli_args(tmp_path))
    finally:
        os.close(write_end)
    assert child.stderr is not None
    err = child.stderr.read()
    assert child.wait(timeout=120) == 0, err
    assert err == b""
    assert new.uuid in stored_answers(db, lock)


# --- an import that meets another, and a Markdown export --------------------------------------


@BOTH
def test_import_while_another_command_has_the_workbook(tmp_path: Path, capsys, lock: Lock) -> None:
    source, db = tmp_path / "source.json", tmp_path / "ours.json"
    fill(source, ("Robin", "Kim"), [answer("theirs")], lock)
    fill(db, ("Alex", "Sam"), [answer("mine")], lock)
    before = db.read_bytes()
    holder = lock.open_store(db)  # another import (or the app) is at work on it
    try:
        code = main(["import", str(source), "--db", str(db), *lock.cli_args(tmp_path)])
    finally:
        holder.close()
    out, err = printed(capsys)
    assert code == 1 and out == ""
    assert "open in the app" not in err
    assert "another window" in err and "another workbook command" in err
    assert "Try again when that has finished." in err and "nothing was imported" in err
    assert db.read_bytes() == before


@BOTH
@pytest.mark.parametrize("extra", [[], ["--partner", "b"], ["--include-private"]])
def test_importing_a_markdown_export_says_what_it_is(
    tmp_path: Path, capsys, extra: list[str], lock: Lock
) -> None:
    source, db = tmp_path / "source.json", tmp_path / "ours.json"
    key = lock.cli_args(tmp_path)
    fill(source, (COUPLE.a.name, COUPLE.b.name), [answer("words")], lock)
    markdown = tmp_path / "our workbook.md"
    assert main(["export", "--db", str(source), *extra, "-o", str(markdown), *key]) == 0
    capsys.readouterr()
    assert main(["import", str(markdown), "--db", str(db), *key]) == 1
    out, err = printed(capsys)
    assert out == ""
    assert err.startswith("workbook: our workbook.md is a Markdown export")
    assert "reading or printing" in err and "workbook export --format json" in err
    assert "scrambled" not in err and "Traceback" not in err
    assert not db.exists()
