"""Loading content: valid folders become the right dataclasses; user folders add and override."""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import workbook.content as content_module
from workbook.content import (
    KINDS,
    Agreement,
    CheckInOptions,
    Content,
    ContentError,
    ContentInvalid,
    DreamOptions,
    Exercise,
    IStatementOptions,
    ListeningOptions,
    PauseOptions,
    ProgramSession,
    Prompt,
    ReflectionOptions,
    WordGroup,
    load_content,
    shipped_content_dir,
    validate,
)
from workbook.content_schema import EXERCISE_FIELDS, KIND_SCHEMAS, PROMPT_FIELDS

CASES = Path(__file__).parent / "content_cases"
MINIMAL = CASES / "minimal"
PACK = CASES / "pack"


@pytest.fixture
def shipped_minimal(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Make the minimal test folder stand in for the shipped content."""
    monkeypatch.setattr(content_module, "shipped_content_dir", lambda: MINIMAL)
    return MINIMAL


def test_minimal_root_loads_with_defaults(shipped_minimal: Path) -> None:
    content = load_content()
    assert isinstance(content, Content)
    assert content.version == 3
    assert list(content.exercises) == [
        "hello-check-in",
        "light-listening",
        "speak-plainly",
        "quick-pause",
        "dream-home",
        "reflect-together",
    ]
    assert content.exercise("hello-check-in") == Exercise(
        id="hello-check-in",
        kind="check_in",
        title="Hello check-in",
        why="Knowing where you both are makes the rest easier.",
        minutes=10,
        intro=None,
        version=1,
        options=CheckInOptions(note_prompt=None),
        source="content/exercises/basics.yaml:3",
    )
    assert content.exercise("light-listening").options == ListeningOptions(
        topics=("A place you would love to visit",), turn_minutes=None
    )
    assert content.exercise("speak-plainly").options == IStatementOptions("three_part", None)
    assert content.exercise("quick-pause").options == PauseOptions(20, ())

    dream = content.exercise("dream-home")
    assert dream.version == 2
    assert dream.intro == "One of you shares a dream, the other asks about it."
    assert dream.options == DreamOptions(
        prompt="Describe the home you dream of.",
        questions=(
            "What would a day there look like?",
            "Why does it matter to you?",
            "What feeling does it give you?",
        ),
        side_minutes=12,
    )
    assert content.exercise("reflect-together").options == ReflectionOptions(
        mode="private_reveal",
        prompts=(
            Prompt("When did you feel close this week?"),
            Prompt(
                "Which of these matters most right now?", "choice", ("time together", "kind words")
            ),
            Prompt("How safe do you feel sharing?", "scale", low="Not at all", high="Completely"),
            Prompt("Put these in order", "ranking", ("rest", "fun", "talk")),
            Prompt("What would your partner pick?", "guess"),
        ),
    )

    assert content.sessions == (
        ProgramSession(
            id="start",
            number=1,
            title="Starting out",
            opening="Why this session matters.",
            minutes=30,
            exercises=("hello-check-in", "light-listening"),
            closing="What will you take with you?",
        ),
        ProgramSession(
            id="dreams",
            number=2,
            title="Dreams",
            opening="Sharing what you hope for.",
            minutes=45,
            exercises=("dream-home", "reflect-together", "quick-pause", "speak-plainly"),
            closing="Which dream surprised you?",
        ),
    )
    assert content.session("dreams").number == 2
    assert content.anytime == ("quick-pause", "speak-plainly")
    assert content.agreement == Agreement(
        title="How we'll use this",
        intro="A few things we agree on before starting.",
        points=("We listen without interrupting.", "What is shared here stays between us."),
        confirm="I agree to these points.",
    )
    assert content.feelings == (
        WordGroup("Calm", ("peaceful", "relaxed")),
        WordGroup("Joyful", ("glad", "delighted")),
    )
    assert content.needs == (WordGroup("Connection", ("closeness", "warmth")),)
    assert content.overridden == ()


def test_lookups_of_missing_ids_raise_key_error(shipped_minimal: Path) -> None:
    content = load_content()
    with pytest.raises(KeyError):
        content.exercise("nope")
    with pytest.raises(KeyError):
        content.session("nope")
    with pytest.raises(TypeError):
        content.exercises["new"] = content.exercise("quick-pause")  # type: ignore[index]


def test_user_pack_adds_and_overrides_in_place(shipped_minimal: Path) -> None:
    content = load_content(PACK)
    assert content.overridden == ("light-listening",)
    # The override keeps the shipped position; the new exercise comes last.
    assert list(content.exercises) == [
        "hello-check-in",
        "light-listening",
        "speak-plainly",
        "quick-pause",
        "dream-home",
        "reflect-together",
        "our-ritual",
    ]
    mine = content.exercise("light-listening")
    assert mine.title == "Our own listening drill"
    assert mine.options == ListeningOptions(("Our first trip", "The garden"), turn_minutes=5)
    assert mine.source == f"{PACK / 'mine.yaml'}:3"
    ritual = content.exercise("our-ritual")
    assert ritual.options == ReflectionOptions("shared", (Prompt("What went well today?"),))
    assert ritual.source == f"{PACK / 'more' / 'extra.yml'}:2"


def test_missing_user_folder_means_no_pack(shipped_minimal: Path, tmp_path: Path) -> None:
    content = load_content(tmp_path / "not-there")
    assert content.overridden == ()
    assert validate(user_dir=tmp_path / "not-there") == []


def test_validate_a_user_pack_resolves_against_shipped_ids(shipped_minimal: Path) -> None:
    # light-listening is a shipped id: replacing it is not a duplicate.
    assert validate(PACK) == []
    assert validate(user_dir=PACK) == []
    assert validate(PACK / "mine.yaml") == []


def test_validate_a_user_pack_reports_only_its_own_problems(
    shipped_minimal: Path, tmp_path: Path
) -> None:
    (tmp_path / "a.yaml").write_text((PACK / "mine.yaml").read_text().replace("15", "0"))
    errors = validate(tmp_path)
    assert [str(e) for e in errors] == [
        f"{tmp_path / 'a.yaml'}:7: 'minutes' must be from 1 to 180, found 0"
    ]


def test_validate_a_full_root_on_its_own() -> None:
    assert validate(MINIMAL) == []


def test_friendly_inputs_are_accepted(shipped_minimal: Path, tmp_path: Path) -> None:
    text = (
        "\ufeffexercises:\n"
        "  - id: 2024\n"
        "    kind: check_in\n"
        "    title: '  Spaces are trimmed  '\n"
        "    why: >\n      Folded text\n      is one line.\n"
        "    minutes: 5\n"
    )
    (tmp_path / "x.yaml").write_text(text, encoding="utf-8")
    exercise = load_content(tmp_path).exercise("2024")
    assert exercise.title == "Spaces are trimmed"
    assert exercise.why == "Folded text is one line."


def test_content_error_and_invalid_format() -> None:
    first = ContentError("content/a.yaml", 3, "bad thing")
    second = ContentError("b.yaml", 1, "other")
    assert str(first) == "content/a.yaml:3: bad thing"
    problem = ContentInvalid([first, second])
    assert problem.errors == [first, second]
    assert str(problem) == "content/a.yaml:3: bad thing\nb.yaml:1: other"


def test_field_table_defaults_match_the_dataclasses() -> None:
    tables = [(options, fields) for options, fields in KIND_SCHEMAS.values()]
    tables.append((Prompt, PROMPT_FIELDS))
    for cls, fields in tables:
        defaults = {f.name: f.default for f in dataclasses.fields(cls)}
        names = [spec.name for spec in fields]
        assert names == list(defaults), cls
        for spec in fields:
            if not spec.required:
                assert spec.default == defaults[spec.name], (cls, spec.name)
    assert set(KIND_SCHEMAS) <= set(KINDS)  # a kind with no fields of its own has no table
    assert {spec.name for spec in EXERCISE_FIELDS} <= {f.name for f in dataclasses.fields(Exercise)}


# Random input: only ContentError lists come out, quickly ----------------------

# `make torture` (WORKBOOK_TORTURE=1) runs the long trials; `make test` a short form.
EXAMPLES = 3000 if os.environ.get("WORKBOOK_TORTURE") else 150
TARGETS = ("exercises/basics.yaml", "program.yaml", "agreement.yaml", "feelings.yaml")
KEYS = sorted(
    {spec.name for spec in EXERCISE_FIELDS + PROMPT_FIELDS}
    | {spec.name for _, fields in KIND_SCHEMAS.values() for spec in fields}
    | {"exercises", "sessions", "anytime", "groups", "name", "words", "points", "confirm"}
    | {"opening", "closing"}
)
TOKENS = [
    *KEYS,
    *KINDS,
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n    ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "&b ",
    "*b",
    "!!str ",
    "!!int ",
    "!x ",
    "'",
    '"',
    "|\n",
    ">\n",
    "#",
    "---\n",
    "? ",
    "~",
    "yes",
    "12",
    "-3",
    "0x1F",
    "2024-02-30",
    "1e9",
    "é",
    "\x00",
    "\ufeff",
    "<<: ",
]
yamlish = st.lists(st.sampled_from(TOKENS), max_size=60).map("".join)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 300),
    st.floats(allow_nan=False),
    st.text(max_size=8),
    st.sampled_from(KINDS),
    st.sampled_from(["a-b", "quick-pause", "choice", "scale", "shared"]),
)
structures = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5),
        st.dictionaries(st.sampled_from(KEYS), inner, max_size=8),
    ),
    max_leaves=40,
)


def _check_random(root: Path, target: str, data: str | bytes) -> None:
    path = root / target
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8", errors="surrogatepass")
    errors = validate(root)
    assert isinstance(errors, list)
    assert all(type(error) is ContentError for error in errors)
    assert all(isinstance(e.line, int) and e.line >= 1 and e.message for e in errors)


@pytest.fixture(scope="module")
def scratch_root():
    """One writable copy of the minimal folder, shared by the random tests."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "root"
        shutil.copytree(MINIMAL, root)
        yield root


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), data=st.one_of(yamlish, st.text(), st.binary()))
def test_random_text_gives_only_content_errors(scratch_root: Path, target: str, data) -> None:
    original = (MINIMAL / target).read_bytes()
    try:
        _check_random(scratch_root, target, data)
    finally:
        (scratch_root / target).write_bytes(original)


@pytest.mark.slow
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(target=st.sampled_from(TARGETS), doc=structures, wrap=st.sampled_from(KEYS))
def test_random_structures_give_only_content_errors(
    scratch_root: Path, target: str, doc, wrap: str
) -> None:
    original = (MINIMAL / target).read_bytes()
    for shaped in (doc, {wrap: doc}, {wrap: [doc, doc]}):
        try:
            _check_random(scratch_root, target, yaml.safe_dump(shaped, allow_unicode=True))
        finally:
            (scratch_root / target).write_bytes(original)


# The real shipped content ------------------------------------------------------


def test_shipped_content_loads_and_is_consistent() -> None:
    assert (shipped_content_dir() / "program.yaml").is_file()
    content = load_content()
    assert validate() == []
    assert content.sessions and content.anytime and content.feelings and content.needs
    assert [s.number for s in content.sessions] == list(range(1, len(content.sessions) + 1))
    named = {i for s in content.sessions for i in s.exercises} | set(content.anytime)
    assert named <= set(content.exercises)
    assert {e.kind for e in content.exercises.values()} <= set(KINDS)
    assert all(e.source.startswith("content/exercises/") for e in content.exercises.values())
