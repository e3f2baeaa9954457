"""Broken content files: each ends in a `file:line: message` error, quickly, never a traceback."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

import workbook.content as content_module
from workbook.content import ContentError, ContentInvalid, load_content, validate

CASES = Path(__file__).parent / "content_cases"

# A valid exercise file; the cases below change one thing in it.
EXERCISE = """\
exercises:
  - id: extra
    kind: listening
    title: Extra
    why: Because it helps.
    minutes: 10
    topics: [One topic]
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A writable copy of the minimal valid content folder."""
    target = tmp_path / "root"
    shutil.copytree(CASES / "minimal", target)
    return target


def write(root: Path, files: dict[str, str | bytes]) -> None:
    """Write (or, with an empty name, delete) files below root."""
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")


def expect(errors: list[ContentError], file: Path | str, line: int, phrase: str) -> None:
    """Assert one error names exactly this file and line and contains the phrase."""
    assert all(isinstance(error, ContentError) for error in errors)
    found = [e for e in errors if e.file == str(file) and e.line == line and phrase in e.message]
    assert found, f"no {file}:{line}: ...{phrase}... in:\n" + "\n".join(map(str, errors))


def swap(old: str, new: str, text: str = EXERCISE) -> str:
    """The text with one fragment replaced (which must be there)."""
    assert old in text
    return text.replace(old, new, 1)


# name: (file below the root, its text, expected line, key phrase of the message)
SINGLE_FILE_CASES: dict[str, tuple[str, str | bytes, int, str]] = {
    "yaml syntax error": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: [Extra, unclosed"),
        5,
        # What follows the prefix is the YAML reader's own wording, not ours.
        "YAML syntax error: ",
    ),
    "empty file": ("exercises/extra.yaml", "", 1, "file is empty"),
    "only comments": ("feelings.yaml", "# nothing here yet\n", 1, "file is empty"),
    "top level a list": (
        "exercises/extra.yaml",
        "- id: extra\n  kind: pause\n",
        1,
        "the top level must be a mapping with the key 'exercises', found a list",
    ),
    "top level text": ("agreement.yaml", "hello\n", 1, "the top level must be a mapping"),
    "unknown key with suggestion": (
        "exercises/extra.yaml",
        swap("topics:", "topcs:"),
        7,
        "unknown key 'topcs' (did you mean 'topics'?)",
    ),
    "unknown key of another kind": (
        "exercises/extra.yaml",
        EXERCISE + "    side_minutes: 5\n",
        8,
        "unknown key 'side_minutes' (only dream exercises use it, and this one is listening)",
    ),
    "unknown key lists the allowed ones": (
        "agreement.yaml",
        "title: T\nintro: I\npoints: [p]\nconfirm: C\ncolour: red\n",
        5,
        "unknown key 'colour'; the keys allowed here are: title, intro, points and confirm",
    ),
    "missing required field": (
        "exercises/extra.yaml",
        swap("    why: Because it helps.\n", ""),
        2,
        "exercise 'extra' is missing the required key 'why'",
    ),
    "missing kind-specific field": (
        "exercises/extra.yaml",
        swap("    topics: [One topic]\n", ""),
        2,
        "exercise 'extra' is missing the required key 'topics'",
    ),
    "minutes as text": (
        "exercises/extra.yaml",
        swap("minutes: 10", "minutes: twenty"),
        6,
        "'minutes' must be a whole number from 1 to 180, found 'twenty'",
    ),
    "minutes as a yes/no value": (
        "exercises/extra.yaml",
        swap("minutes: 10", "minutes: true"),
        6,
        "'minutes' must be a whole number from 1 to 180, found the yes/no value 'true'",
    ),
    "minutes as a fraction": (
        "exercises/extra.yaml",
        swap("minutes: 10", "minutes: 10.5"),
        6,
        "must be a whole number from 1 to 180, found the number 10.5",
    ),
    "minutes out of range": (
        "exercises/extra.yaml",
        swap("minutes: 10", "minutes: 500"),
        6,
        "'minutes' must be from 1 to 180, found 500",
    ),
    "turn minutes out of range": (
        "exercises/extra.yaml",
        EXERCISE + "    turn_minutes: 0\n",
        8,
        "'turn_minutes' must be from 1 to 60, found 0",
    ),
    "bad id": (
        "exercises/extra.yaml",
        swap("id: extra", "id: Extra_One"),
        2,
        "'id' 'Extra_One' is not a valid id: use lower case letters, digits and dashes",
    ),
    "bad id suggests a fix": (
        "exercises/extra.yaml",
        swap("id: extra", "id: Extra_One"),
        2,
        "(like 'extra-one')",
    ),
    "unknown kind": (
        "exercises/extra.yaml",
        swap("kind: listening", "kind: listning"),
        3,
        "unknown kind 'listning' (did you mean 'listening'?)",
    ),
    "empty title": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: '  '"),
        4,
        "'title' is empty",
    ),
    "missing value": (
        "exercises/extra.yaml",
        swap("title: Extra", "title:"),
        4,
        "'title' is empty",
    ),
    "title a number": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: 2024"),
        4,
        "'title' must be text, found the number 2024; put it in quotes",
    ),
    "title a list": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: [a, b]"),
        4,
        "'title' must be text, found a list",
    ),
    "why on two lines": (
        "exercises/extra.yaml",
        swap("why: Because it helps.", "why: |\n      Because\n      it helps."),
        5,
        "'why' must be one line",
    ),
    "topics not a list": (
        "exercises/extra.yaml",
        swap("topics: [One topic]", "topics: One topic"),
        7,
        "'topics' must be a list, found 'One topic'",
    ),
    "topics item not text": (
        "exercises/extra.yaml",
        swap("topics: [One topic]", "topics:\n      - fine\n      - {a: b}"),
        9,
        "item 2 of 'topics' must be text, found a mapping",
    ),
    "too few dream questions": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: dream",
            swap("topics: [One topic]", "prompt: P\n    questions: [a, b]"),
        ),
        8,
        "'questions' needs at least 3 items, found 2",
    ),
    "duplicate id in one file": (
        "exercises/extra.yaml",
        EXERCISE + EXERCISE.removeprefix("exercises:\n"),
        8,
        "duplicate exercise id 'extra' (first defined at {root}/exercises/extra.yaml:2)",
    ),
    "duplicate mapping key": (
        "exercises/extra.yaml",
        EXERCISE + "    title: Again\n",
        8,
        "duplicate key 'title' (first at line 4)",
    ),
    "unknown variant": (
        "exercises/extra.yaml",
        swap("kind: listening", "kind: i_statement", swap("topics: [One topic]", "variant: 3part")),
        7,
        "unknown variant '3part'; use one of: three_part, gentle_startup",
    ),
    "exercises key empty list": (
        "exercises/extra.yaml",
        "exercises: []\n",
        1,
        "'exercises' needs at least 1 item, found none",
    ),
    "exercise not a mapping": (
        "exercises/extra.yaml",
        "exercises:\n  - just-an-id\n",
        2,
        "this exercise must be a mapping (key: value lines), found 'just-an-id'",
    ),
    "key not text": (
        "exercises/extra.yaml",
        EXERCISE + "    12: twelve\n",
        8,
        "keys must be text, found the number 12",
    ),
    "program naming a missing exercise": (
        "program.yaml",
        swap(
            "[hello-check-in, light-listening]",
            "[hello-check-in, light-listenin]",
            (CASES / "minimal/program.yaml").read_text(),
        ),
        9,
        "session 'start' names exercise 'light-listenin', which no exercise file defines "
        "(did you mean 'light-listening'?)",
    ),
    "anytime naming a missing exercise": (
        "program.yaml",
        swap(
            "anytime: [quick-pause, speak-plainly]",
            "anytime:\n  - quick-pause\n  - nowhere",
            (CASES / "minimal/program.yaml").read_text(),
        ),
        19,
        "'anytime' names exercise 'nowhere', which no exercise file defines",
    ),
    "duplicate session id": (
        "program.yaml",
        swap("  - id: dreams", "  - id: start", (CASES / "minimal/program.yaml").read_text()),
        11,
        "duplicate session id 'start' (first at line 4)",
    ),
    "exercise twice in a session": (
        "program.yaml",
        swap(
            "[hello-check-in, light-listening]",
            "[hello-check-in, light-listening, hello-check-in]",
            (CASES / "minimal/program.yaml").read_text(),
        ),
        9,
        "item 3 of 'exercises' repeats item 1 ('hello-check-in')",
    ),
    "too many exercises in a session": (
        "program.yaml",
        swap(
            "[hello-check-in, light-listening]",
            "[a1, a2, a3, a4, a5, a6, a7]",
            (CASES / "minimal/program.yaml").read_text(),
        ),
        9,
        "'exercises' can have at most 6 items, found 7",
    ),
    "program version zero": (
        "program.yaml",
        swap("version: 3", "version: 0", (CASES / "minimal/program.yaml").read_text()),
        2,
        "'version' must be 1 or more, found 0",
    ),
    "reflection choice prompt without choices": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: reflection",
            swap(
                "    topics: [One topic]\n",
                "    mode: shared\n    prompts:\n      - text: Pick one\n        type: choice\n",
            ),
        ),
        9,
        "a choice prompt needs 'choices' (a list of at least 2)",
    ),
    "low on a non-scale prompt": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: reflection",
            swap(
                "    topics: [One topic]\n",
                "    mode: shared\n    prompts:\n      - text: How much?\n        low: Little\n",
            ),
        ),
        10,
        "'low' is only used by scale prompts, and this one is text",
    ),
    "private_first that is not true or false": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: reflection",
            swap(
                "    topics: [One topic]\n",
                "    mode: shared\n    prompts:\n      - text: Tell me a secret\n"
                "        private_first: sometimes\n",
            ),
        ),
        10,
        "'private_first' must be true or false, found",
    ),
    "choices on a text prompt": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: reflection",
            swap(
                "    topics: [One topic]\n",
                "    mode: shared\n    prompts:\n      - text: Say\n        choices: [a, b]\n",
            ),
        ),
        10,
        "'choices' is only used by choice, ranking and guess prompts, and this one is text",
    ),
    "unknown prompt type": (
        "exercises/extra.yaml",
        swap(
            "kind: listening",
            "kind: reflection",
            swap(
                "    topics: [One topic]\n",
                "    mode: shared\n    prompts:\n      - text: Say\n        type: sclae\n",
            ),
        ),
        10,
        "unknown prompt type 'sclae' (did you mean 'scale'?)",
    ),
    "duplicate feeling word": (
        "feelings.yaml",
        "groups:\n  - name: Calm\n    words: [peaceful, relaxed]\n"
        "  - name: Joy\n    words:\n      - glad\n      - Peaceful\n",
        7,
        "the word 'Peaceful' appears twice in this file (first in group 'Calm' at line 3)",
    ),
    "duplicate group name": (
        "needs.yaml",
        "groups:\n  - name: Rest\n    words: [sleep]\n  - name: rest\n    words: [ease]\n",
        4,
        "duplicate group name 'rest' (first at line 2)",
    ),
    "group without words": (
        "needs.yaml",
        "groups:\n  - name: Rest\n    words: []\n",
        3,
        "'words' needs at least 1 item, found none",
    ),
    "non-UTF-8 bytes": (
        "exercises/extra.yaml",
        EXERCISE.encode().replace(b"Extra", b"Extr\xe9"),
        4,
        "file is not UTF-8 text (byte 0xe9 cannot be read); save it as UTF-8",
    ),
    "non-UTF-8 on the first line": (
        "agreement.yaml",
        b"\xff\xfet\x00i\x00",
        1,
        "file is not UTF-8 text",
    ),
    "tab-indented file": (
        "exercises/extra.yaml",
        EXERCISE.replace("    why:", "\twhy:"),
        5,
        "a tab is used for indentation; indent with spaces",
    ),
    "control character": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: Ex\x07tra"),
        4,
        "YAML syntax error: ",
    ),
    "two documents": (
        "exercises/extra.yaml",
        EXERCISE + "---\n" + EXERCISE,
        8,
        "file holds more than one YAML document",
    ),
    "unknown alias": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: *name"),
        4,
        "alias '*name' has no complete anchor '&name' before it",
    ),
    "alias into itself": (
        "exercises/extra.yaml",
        swap("topics: [One topic]", "topics: &t [*t]"),
        7,
        "alias '*t' has no complete anchor",
    ),
    "unsupported tag": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: !!python/object:os.system echo"),
        4,
        "the tag '!!python/object:os.system' is not supported",
    ),
    "impossible date": (
        "exercises/extra.yaml",
        swap("title: Extra", "title: 2024-02-30"),
        4,
        "cannot read '2024-02-30' as a date",
    ),
    "explicit tag that does not fit": (
        "exercises/extra.yaml",
        swap("minutes: 10", "minutes: !!int ten"),
        6,
        "cannot read 'ten' as a whole number",
    ),
    "merge key": (
        "exercises/extra.yaml",
        EXERCISE + "    <<: {a: b}\n",
        8,
        "unknown key '<<' (merge keys are not supported",
    ),
    "nesting 1000 levels deep": (
        "exercises/extra.yaml",
        "exercises:\n" + "  " + "- " * 1000 + "x\n",
        2,
        "nesting is too deep (more than 50 levels)",
    ),
    # Either our depth check or the YAML reader's own limit may stop this
    # first, so only the place is checked: one problem, on line 1.
    "nesting a million flow levels deep": ("exercises/extra.yaml", "[" * 1_000_000, 1, ""),
    "billion laughs": (
        "exercises/extra.yaml",
        'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
            for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
        ),
        6,
        "too many values (over 100,000, counting each use of an alias)",
    ),
    "file over 1 MB": (
        "exercises/extra.yaml",
        EXERCISE + "# " + "x" * (1024 * 1024) + "\n",
        1,
        "file is larger than 1 MB",
    ),
}


@pytest.mark.parametrize("case", list(SINGLE_FILE_CASES))
def test_single_file_case(root: Path, case: str) -> None:
    name, text, line, phrase = SINGLE_FILE_CASES[case]
    write(root, {name: text})
    errors = validate(root)
    expect(errors, root / name, line, phrase.format(root=root))


def test_missing_program_in_a_full_root(root: Path) -> None:
    (root / "program.yaml").unlink()
    errors = validate(root)
    expect(errors, root / "program.yaml", 1, "file is missing; a content folder needs program.yaml")
    assert len(errors) == 1, errors


def test_missing_exercise_folder_shows_as_missing_exercises(root: Path) -> None:
    shutil.rmtree(root / "exercises")
    errors = validate(root)
    expect(errors, root / "program.yaml", 9, "names exercise 'hello-check-in'")
    expect(errors, root / "program.yaml", 17, "'anytime' names exercise 'quick-pause'")


def test_duplicate_id_across_two_files_names_both(root: Path) -> None:
    write(root, {"exercises/a.yaml": EXERCISE, "exercises/b.yaml": "\n\n" + EXERCISE})
    errors = validate(root)
    expect(errors, root / "exercises/b.yaml", 4, f"(first defined at {root}/exercises/a.yaml:2)")
    assert len(errors) == 1, errors


def test_duplicate_id_of_a_shipped_exercise_in_the_shipped_root(root: Path) -> None:
    write(root, {"exercises/zz.yaml": swap("id: extra", "id: hello-check-in")})
    errors = validate(root)
    message = f"duplicate exercise id 'hello-check-in' (first defined at {root}/exercises/basics"
    expect(errors, root / "exercises/zz.yaml", 2, message)


def test_several_errors_in_one_load_are_all_reported(root: Path) -> None:
    write(
        root,
        {
            "exercises/extra.yaml": swap("minutes: 10", "minutes: 0", swap("topics:", "topcs:")),
            "agreement.yaml": "title: T\nintro: I\npoints: []\n",
            "feelings.yaml": "",
            "needs.yaml": "groups: [",
        },
    )
    errors = validate(root)
    expect(errors, root / "exercises/extra.yaml", 6, "'minutes' must be from 1 to 180")
    expect(errors, root / "exercises/extra.yaml", 7, "unknown key 'topcs'")
    expect(errors, root / "agreement.yaml", 3, "'points' needs at least 1 item, found none")
    expect(errors, root / "agreement.yaml", 1, "missing the required key 'confirm'")
    expect(errors, root / "feelings.yaml", 1, "file is empty")
    expect(errors, root / "needs.yaml", 2, "YAML syntax error")
    # In file order (the program's files, then the exercises), then by line.
    assert [(Path(e.file).name, e.line) for e in errors] == [
        ("agreement.yaml", 1),
        ("agreement.yaml", 3),
        ("feelings.yaml", 1),
        ("needs.yaml", 2),
        ("extra.yaml", 6),
        ("extra.yaml", 7),
    ]


def test_too_many_problems_stop_after_a_hundred(root: Path) -> None:
    many = "exercises:\n" + "".join(f"  - id: Bad{n}\n" for n in range(500))
    write(root, {"exercises/extra.yaml": many})
    errors = [e for e in validate(root) if e.file.endswith("extra.yaml")]
    assert len(errors) == 101
    assert errors[-1].message == "too many problems; stopped after 100"


def test_wide_alias_bomb_is_refused_quickly(root: Path) -> None:
    # Each exercise reuses a long topic list: 2,000 x 2,000 values once expanded.
    topics = "[" + ", ".join(["t"] * 2000) + "]"
    bomb = (
        f"x: &e {{id: extra, kind: listening, title: T, why: W, minutes: 5, topics: {topics}}}\n"
        "exercises: [" + ", ".join(["*e"] * 2000) + "]\n"
    )
    write(root, {"exercises/extra.yaml": bomb})
    errors = validate(root)
    expect(errors, root / "exercises/extra.yaml", 2, "too many values")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_pipe_named_like_yaml_does_not_hang(tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    os.mkfifo(pack / "stuck.yaml")
    expect(validate(pack), pack / "stuck.yaml", 1, "not a regular file")


def test_user_pack_errors_use_the_path_as_given(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(content_module, "shipped_content_dir", lambda: CASES / "minimal")
    monkeypatch.chdir(tmp_path)
    Path("mine").mkdir()
    Path("mine/a.yaml").write_text(EXERCISE)
    Path("mine/b.yaml").write_text(swap("minutes: 10", "minutes: lots"))
    errors = validate(Path("mine"))
    expect(
        errors, "mine/b.yaml", 2, "duplicate exercise id 'extra' (first defined at mine/a.yaml:2)"
    )
    expect(errors, "mine/b.yaml", 6, "'minutes' must be a whole number")
    with pytest.raises(ContentInvalid) as caught:
        load_content(Path("mine"))
    assert caught.value.errors == errors
    assert str(caught.value) == "\n".join(str(e) for e in errors)
    assert str(errors[0]).startswith("mine/b.yaml:2: duplicate exercise id")


def test_shipped_files_show_as_content_paths(tmp_path: Path, root: Path, monkeypatch) -> None:
    write(root, {"exercises/extra.yaml": swap("minutes: 10", "minutes: 0")})
    monkeypatch.setattr(content_module, "shipped_content_dir", lambda: root)
    errors = validate(user_dir=tmp_path / "no-such-folder")
    expect(errors, "content/exercises/extra.yaml", 6, "'minutes' must be from 1 to 180")


def test_validate_a_missing_path(tmp_path: Path) -> None:
    expect(validate(tmp_path / "nope"), tmp_path / "nope", 1, "no such file or folder")


def test_a_typo_is_one_problem_not_two(root: Path) -> None:
    write(root, {"exercises/extra.yaml": swap("topics:", "topcs:")})
    assert [str(e).removeprefix(f"{root}/") for e in validate(root)] == [
        "exercises/extra.yaml:7: unknown key 'topcs' (did you mean 'topics'?)"
    ]


def test_a_flood_of_missing_ids_stops_quickly(root: Path) -> None:
    program = (CASES / "minimal/program.yaml").read_text()
    many = "anytime: [" + ", ".join(f"missing-tool-{n}" for n in range(50_000)) + "]\n"
    write(root, {"program.yaml": swap("anytime: [quick-pause, speak-plainly]\n", many, program)})
    errors = validate(root)
    assert len(errors) == 101
    expect(errors, root / "program.yaml", 17, "too many problems; stopped after 100")


def test_a_flood_of_duplicate_ids_is_capped(root: Path) -> None:
    many = "x: &e {id: extra, kind: pause, title: T, why: W, minutes: 5}\n"
    many += "exercises: [" + ", ".join(["*e"] * 5000) + "]\n"
    write(root, {"exercises/extra.yaml": many})
    errors = validate(root)
    # The unknown key 'x', 99 duplicates, then the note. An alias's value keeps its
    # anchor's line.
    assert len(errors) == 101
    expect(errors, root / "exercises/extra.yaml", 1, "duplicate exercise id 'extra'")
    expect(errors, root / "exercises/extra.yaml", 1, "too many problems; stopped after 100")


def test_long_values_are_shortened_in_messages(root: Path) -> None:
    long_id = "a" * 5000
    write(root, {"exercises/extra.yaml": swap("id: extra", f"id: {long_id}") + "    zz: 1\n"})
    errors = validate(root)
    expect(errors, root / "exercises/extra.yaml", 2, "is too long: ids have at most 64 characters")
    assert all(len(e.message) < 200 for e in errors), errors
