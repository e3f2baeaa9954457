"""What each content file may hold, as field tables, and the readers for each file.

To add a field to a kind: add one :class:`Field` to its table in
:data:`KIND_SCHEMAS` and the matching attribute to its options dataclass.
"""

from __future__ import annotations

import datetime
import re
from typing import Any, NamedTuple

from workbook.content_fields import (
    INVALID,
    Field,
    FileErrors,
    Record,
    and_list,
    any_node,
    describe,
    ident,
    lines_of,
    list_of,
    one_line,
    one_of,
    read_mapping,
    short,
    text,
    whole,
    yes_no,
)
from workbook.content_model import (
    KINDS,
    Agreement,
    CheckInOptions,
    DreamOptions,
    Exercise,
    IStatementOptions,
    ListeningOptions,
    NoOptions,
    PauseOptions,
    ProgramSession,
    Prompt,
    ReflectionOptions,
    Service,
    SupportPage,
    Track,
    WordGroup,
)
from workbook.content_yaml import MAP, SCALAR, Node

TEXTS = list_of(text)
IDS = list_of(ident, unique=True)
NODES = list_of(any_node)

EXERCISE_FIELDS: tuple[Field, ...] = (
    Field("id", ident, required=True),
    Field("kind", one_of(*KINDS, noun="kind"), required=True),
    Field("title", text, required=True),
    Field("why", one_line, required=True),
    Field("minutes", whole, required=True, range=(1, 180)),
    Field("intro", text),
    Field("version", whole, default=1, range=(1, None)),
)

PROMPT_TYPES = ("text", "choice", "scale", "ranking", "guess")
CHOICE_TYPES = ("choice", "ranking")
"""Prompt types that need ``choices``."""
MAY_HAVE_CHOICES = (*CHOICE_TYPES, "guess")
"""Prompt types that may have ``choices``: a guess with choices is picked, not written."""
SAVED_AS = re.compile(r"prompt-[1-9][0-9]{0,3}")
"""What a prompt's ``saved_as`` looks like: the step name of another place in the list."""


def _saved_as(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """A step name such as ``prompt-3``: where a moved question's answers were saved before."""
    value = text(node, spec, label, errs)
    if value is INVALID:
        return INVALID
    if not SAVED_AS.fullmatch(value):
        errs.add(node.line, f"{label} must look like 'prompt-3', found '{short(value)}'")
        return INVALID
    return value

PROMPT_FIELDS: tuple[Field, ...] = (
    Field("text", text, required=True),
    Field("type", one_of(*PROMPT_TYPES, noun="prompt type"), default="text"),
    Field("choices", list_of(text, unique=True), default=(), range=(2, None)),
    Field("low", text),
    Field("high", text),
    Field("private_first", yes_no, default=False),
    Field("saved_as", _saved_as),
)


def _prompt(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """A reflection prompt: plain text, or a mapping checked against PROMPT_FIELDS."""
    if node.kind == SCALAR:
        value = text(node, spec, label, errs)
        return INVALID if value is INVALID else Prompt(value)
    record = read_mapping(node, PROMPT_FIELDS, errs, label)
    if record is None:
        return INVALID
    kind = record.values.get("type")
    if kind is not None:
        if kind in CHOICE_TYPES and "choices" not in record.lines:
            errs.add(node.line, f"a {kind} prompt needs 'choices' (a list of at least 2)")
            record.ok = False
        if "choices" in record.lines and kind not in MAY_HAVE_CHOICES:
            errs.add(
                record.lines["choices"],
                "'choices' is only used by choice, ranking and guess prompts, and this one "
                f"is {kind}",
            )
            record.ok = False
        for side in ("low", "high"):
            if side in record.lines and kind != "scale":
                errs.add(
                    record.lines[side],
                    f"'{side}' is only used by scale prompts, and this one is {kind}",
                )
                record.ok = False
    return Prompt(**record.values) if record.ok else INVALID


_PROMPT_LIST = list_of(_prompt)


def _prompts(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """A reflection's prompts, no two saved under the same step name.

    A prompt is saved under its place in the list (``prompt-2`` for the second)
    unless its ``saved_as`` names another; two sharing a name would mix their answers.
    """
    prompts = _PROMPT_LIST(node, spec, label, errs)
    if prompts is INVALID:
        return INVALID
    steps = ReflectionOptions(mode="", prompts=prompts)
    seen: dict[str, int] = {}
    ok = True
    for index in range(len(prompts)):
        step = steps.step_of(index)
        if step in seen:
            errs.add(
                node.value[index].line,
                f"item {index + 1} of {label} is saved as '{step}', like item {seen[step]}: "
                "give one of them another 'saved_as'",
            )
            ok = False
        seen.setdefault(step, index + 1)
    return prompts if ok else INVALID


#: Each kind with fields of its own: its options dataclass and its fields, added to
#: EXERCISE_FIELDS. A kind missing here has no fields of its own (``NoOptions``).
KIND_SCHEMAS: dict[str, tuple[type, tuple[Field, ...]]] = {
    "listening": (
        ListeningOptions,
        (
            Field("topics", TEXTS, required=True, range=(1, None)),
            Field("turn_minutes", whole, range=(1, 60)),
        ),
    ),
    "i_statement": (
        IStatementOptions,
        (
            Field(
                "variant",
                # The builder's shapes (workbook.statements.VARIANTS, which takes too long
                # to import here, at start-up); a test keeps the two lists in step.
                one_of(
                    "three_part",
                    "gentle_startup",
                    "observation_feeling_need_request",
                    "gratitude",
                    noun="variant",
                ),
                default="three_part",
            ),
            Field("prompt", text),
        ),
    ),
    "dream": (
        DreamOptions,
        (
            Field("prompt", text, required=True),
            Field("questions", TEXTS, required=True, range=(3, None)),
            Field("side_minutes", whole, default=15, range=(1, 60)),
        ),
    ),
    "check_in": (CheckInOptions, (Field("note_prompt", text),)),
    "reflection": (
        ReflectionOptions,
        (
            Field("mode", one_of("private_reveal", "shared", noun="mode"), required=True),
            Field("prompts", _prompts, required=True, range=(1, None)),
        ),
    ),
    "pause": (
        PauseOptions,
        (
            Field("countdown_minutes", whole, default=20, range=(1, 60)),
            Field("breathing", TEXTS, default=()),
        ),
    ),
}


def _key_hints() -> dict[str, dict[str, str]]:
    """Per kind, a hint for each key only other kinds use ("only dream exercises use it")."""
    owners: dict[str, list[str]] = {}
    for kind, (_, fields) in KIND_SCHEMAS.items():
        for spec in fields:
            owners.setdefault(spec.name, []).append(kind)
    return {
        kind: {
            name: f"only {' and '.join(users)} exercises use it, and this one is {kind}"
            for name, users in owners.items()
        }
        for kind in KIND_SCHEMAS
    }


_KEY_HINTS = _key_hints()

SESSION_FIELDS: tuple[Field, ...] = (
    Field("id", ident, required=True),
    Field("title", text, required=True),
    Field("opening", text, required=True),
    Field("minutes", whole, required=True, range=(1, 300)),
    Field("exercises", IDS, required=True, range=(1, 6)),
    Field("closing", text, required=True),
)
TRACK_FIELDS: tuple[Field, ...] = (
    Field("id", ident, required=True),
    Field("title", text, required=True),
    Field("intro", text, required=True),
    Field("exercises", IDS, required=True, range=(1, 12)),
)
PROGRAM_FIELDS: tuple[Field, ...] = (
    Field("version", whole, required=True, range=(1, None)),
    Field("sessions", NODES, required=True, range=(1, None)),
    Field("anytime", IDS, required=True),
    Field("tracks", NODES),
)
AGREEMENT_FIELDS: tuple[Field, ...] = (
    Field("title", text, required=True),
    Field("intro", text, required=True),
    Field("points", TEXTS, required=True, range=(1, None)),
    Field("confirm", text, required=True),
)
WORDS_FIELDS: tuple[Field, ...] = (Field("groups", NODES, required=True, range=(1, None)),)
GROUP_FIELDS: tuple[Field, ...] = (
    Field("name", text, required=True),
    Field("words", TEXTS, required=True, range=(1, None)),
)
EXERCISE_FILE_FIELDS: tuple[Field, ...] = (
    Field("exercises", NODES, required=True, range=(1, None)),
)


def read_top(root: Node | None, fields: tuple[Field, ...], errs: FileErrors) -> Record | None:
    """Check a file's top-level mapping; None (after an error) if it is empty or not a mapping."""
    keys = [f"'{spec.name}'" for spec in fields if spec.required]
    expected = f"a mapping with the key{'s' if len(keys) > 1 else ''} {and_list(keys)}"
    if root is None or (root.kind == SCALAR and root.value is None):
        errs.add(1, f"file is empty; it should hold {expected}")
        return None
    if root.kind == MAP:
        return read_mapping(root, fields, errs, "this file")
    errs.add(root.line, f"the top level must be {expected}, found {describe(root)}")
    return None


class ExerciseEntry(NamedTuple):
    """One exercise as read from a file: its id and line even when it is invalid."""

    id: str
    line: int
    exercise: Exercise | None


def read_exercise_file(root: Node | None, errs: FileErrors) -> list[ExerciseEntry]:
    """The exercises of one exercise file, each with the id and line it was given."""
    record = read_top(root, EXERCISE_FILE_FIELDS, errs)
    entries = []
    for item in record.values.get("exercises", ()) if record else ():
        entry = _read_exercise(item, errs)
        if entry is not None:
            entries.append(entry)
    return entries


def _peek(node: Node, key: str) -> str | None:
    """The source text of a scalar under ``key``, before any checks (to name things)."""
    if node.kind == MAP:
        for key_node, value_node in node.value:
            if key_node.value == key and value_node.kind == SCALAR and value_node.raw:
                return value_node.raw
    return None


def _read_exercise(node: Node, errs: FileErrors) -> ExerciseEntry | None:
    """One exercise, checked against the common fields and those of its kind."""
    # The kind decides which keys are allowed; with an unknown kind only its error is shown.
    kind = _peek(node, "kind")
    # A kind with no fields of its own has no table here, and no options.
    schema = KIND_SCHEMAS.get(kind, (NoOptions, ())) if kind in KINDS else None
    exercise_id = _peek(node, "id")
    what = f"exercise '{short(exercise_id)}'" if exercise_id else "this exercise"
    own = schema[1] if schema else ()
    record = read_mapping(
        node,
        EXERCISE_FIELDS + own,
        errs,
        what,
        check_unknown=schema is not None,
        elsewhere=_KEY_HINTS.get(kind) if schema and kind is not None else None,
    )
    if record is None or "id" not in record.values:
        return None
    exercise = None
    if record.ok and schema is not None:
        values = record.values
        exercise = Exercise(
            **{spec.name: values[spec.name] for spec in EXERCISE_FIELDS},
            options=schema[0](**{spec.name: values[spec.name] for spec in own}),
            source=f"{errs.file}:{node.line}",
        )
    return ExerciseEntry(record.values["id"], node.line, exercise)


class ProgramParts:
    """The program as read from program.yaml, before exercise ids are checked."""

    def __init__(self) -> None:
        self.version: int | None = None
        self.sessions: list[ProgramSession] = []
        self.anytime: tuple[str, ...] = ()
        self.tracks: list[Track] = []
        # (exercise id, line, where it is named) for every id the program names
        self.refs: list[tuple[str, int, str]] = []


def read_program(root: Node | None, errs: FileErrors) -> ProgramParts:
    """The sessions and anytime tools of program.yaml."""
    parts = ProgramParts()
    record = read_top(root, PROGRAM_FIELDS, errs)
    if record is None:
        return parts
    parts.version = record.values.get("version")
    first_line: dict[str, int] = {}
    for number, node in enumerate(record.values.get("sessions", ()), 1):
        name = _peek(node, "id")
        session = read_mapping(
            node, SESSION_FIELDS, errs, f"session '{short(name)}'" if name else f"session {number}"
        )
        if session is None:
            continue
        values = session.values
        session_id = values.get("id")
        if session_id in first_line:
            errs.add(
                session.lines["id"],
                f"duplicate session id '{session_id}' (first at line {first_line[session_id]})",
            )
            session.ok = False
        elif session_id is not None:
            first_line[session_id] = session.lines["id"]
        _add_refs(parts, session, f"session '{short(name)}'" if name else f"session {number}")
        if session.ok:
            parts.sessions.append(ProgramSession(number=number, **values))
    parts.anytime = record.values.get("anytime", ())
    _add_refs(parts, record, "'anytime'", key="anytime")
    _read_tracks(parts, record.values.get("tracks") or (), errs)
    return parts


def _read_tracks(parts: ProgramParts, nodes: Any, errs: FileErrors) -> None:
    """The optional tracks: each named once, each naming exercises like a session does."""
    seen: dict[str, int] = {}
    for number, node in enumerate(nodes, 1):
        name = _peek(node, "id")
        where = f"track '{short(name)}'" if name else f"track {number}"
        track = read_mapping(node, TRACK_FIELDS, errs, where)
        if track is None:
            continue
        track_id = track.values.get("id")
        if track_id in seen:
            first = seen[track_id]
            errs.add(track.lines["id"], f"duplicate track id '{track_id}' (first at line {first})")
            track.ok = False
        elif track_id is not None:
            seen[track_id] = track.lines["id"]
        _add_refs(parts, track, where)
        if track.ok:
            parts.tracks.append(Track(**track.values))


def _add_refs(parts: ProgramParts, record: Record, where: str, key: str = "exercises") -> None:
    ids = record.values.get(key, ())
    lines = lines_of(record.nodes.get(key))
    parts.refs.extend((ref, line, where) for ref, line in zip(ids, lines, strict=False))


def read_agreement(root: Node | None, errs: FileErrors) -> Agreement | None:
    """The agreement of agreement.yaml."""
    record = read_top(root, AGREEMENT_FIELDS, errs)
    return Agreement(**record.values) if record is not None and record.ok else None


def checked_date(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """A calendar date written as YYYY-MM-DD, kept as that text."""
    value = node.value if node.kind == SCALAR else None
    if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
        return value.isoformat()
    errs.add(node.line, f"{label} must be a date like 2026-11-30, found {describe(node)}")
    return INVALID


SUPPORT_FIELDS: tuple[Field, ...] = (
    Field("version", whole, required=True, range=(1, None)),
    Field("label", one_line, required=True),
    Field("title", one_line, required=True),
    Field("intro", text, required=True),
    Field("signs_heading", one_line, required=True),
    Field("signs", TEXTS, required=True, range=(1, None)),
    Field("steps_heading", one_line, required=True),
    Field("steps", TEXTS, required=True, range=(1, None)),
    Field("not_your_fault", text, required=True),
    Field("limits", text, required=True),
    Field("finding_help_heading", one_line, required=True),
    Field("finding_help", text, required=True),
    Field("services", NODES, default=()),
)
SERVICE_FIELDS: tuple[Field, ...] = (
    Field("name", one_line, required=True),
    Field("contact", TEXTS, required=True, range=(1, None)),
    Field("checked", checked_date, required=True),
    Field("region", one_line),
    Field("hours", one_line),
    Field("note", text),
)


def read_support(root: Node | None, errs: FileErrors) -> SupportPage | None:
    """The support page of support.yaml, with each listed service checked."""
    record = read_top(root, SUPPORT_FIELDS, errs)
    if record is None:
        return None
    services = []
    for number, node in enumerate(record.values.get("services", ()), 1):
        service = read_mapping(node, SERVICE_FIELDS, errs, f"service {number}")
        if service is None or not service.ok:
            record.ok = False
            continue
        services.append(Service(**service.values))
    if not record.ok:
        return None
    values = {key: value for key, value in record.values.items() if key != "version"}
    values["services"] = tuple(services)
    return SupportPage(**values)


def read_words(root: Node | None, errs: FileErrors) -> tuple[WordGroup, ...]:
    """The word groups of feelings.yaml or needs.yaml; names and words are unique in the file."""
    record = read_top(root, WORDS_FIELDS, errs)
    groups: list[WordGroup] = []
    names: dict[str, int] = {}
    words: dict[str, tuple[str, int]] = {}
    for number, node in enumerate(record.values.get("groups", ()) if record else (), 1):
        label = _peek(node, "name")
        group = read_mapping(
            node, GROUP_FIELDS, errs, f"group '{short(label)}'" if label else f"group {number}"
        )
        if group is None:
            continue
        name = group.values.get("name")
        if name is not None:
            if name.casefold() in names:
                first = names[name.casefold()]
                message = f"duplicate group name '{short(name)}' (first at line {first})"
                errs.add(group.lines["name"], message)
                group.ok = False
            names.setdefault(name.casefold(), group.lines["name"])
        word_lines = lines_of(group.nodes.get("words"))
        for word, line in zip(group.values.get("words", ()), word_lines, strict=False):
            if word.casefold() in words:
                first_group, first_line = words[word.casefold()]
                errs.add(
                    line,
                    f"the word '{short(word)}' appears twice in this file "
                    f"(first in group '{short(first_group)}' at line {first_line})",
                )
                group.ok = False
            words.setdefault(word.casefold(), (name or f"group {number}", line))
        if group.ok:
            groups.append(WordGroup(group.values["name"], group.values["words"]))
    return tuple(groups)
