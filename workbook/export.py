"""``workbook export``: the couple's answers as a readable Markdown document or a JSON backup.

Both are built from a snapshot of the workbook's tables (see
``storage.read_snapshot``), read without the lock: exporting works while the
app has the file open, and never writes to the workbook.

* :func:`to_json` is a lossless backup of everything (format in
  ``docs/data-format.md``, "Export and import"). It is deterministic: the same
  data always gives the same bytes, so export → import into an empty file →
  export gives identical files.
* :func:`to_markdown` is for reading or printing: session by session, both
  partners' answers side by side where they fit. Drafts are left out, and so
  is the text of private answers unless asked for.

This module never imports Textual.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson

from workbook.checkins import LABELS, RATINGS, UNKEPT, kept
from workbook.checkins import STEP as CHECK_IN_STEP
from workbook.compare import CLOSE_ENOUGH, KNEW, NOT_REALLY
from workbook.content import Content, ReflectionOptions
from workbook.dates import long_date
from workbook.labels import (
    CHOICE_LABELS,
    CLOSING_EXERCISE,
    CLOSING_TITLE,
    STEP_LABELS,
    retired_question,
)
from workbook.schema import (
    ANSWERS_TABLE,
    COUPLE_TABLE,
    META_TABLE,
    RUNS_TABLE,
    SESSIONS_TABLE,
    SETTINGS_TABLE,
)
from workbook.terminal import visible

FORMAT = "couple-workbook-export"
"""The ``format`` field of a JSON export."""

VERSION = 1
"""The version of the JSON export envelope this code writes and reads."""

COUPLE, SESSIONS, RUNS = COUPLE_TABLE, SESSIONS_TABLE, RUNS_TABLE
ANSWERS, SETTINGS = ANSWERS_TABLE, SETTINGS_TABLE

Doc = dict[str, Any]


# --- the snapshot ------------------------------------------------------------------


@dataclass
class Snapshot:
    """A workbook's documents, each table in file order (oldest first)."""

    schema: int
    couple: Doc | None = None
    sessions: list[Doc] = field(default_factory=list)
    runs: list[Doc] = field(default_factory=list)
    answers: list[Doc] = field(default_factory=list)
    settings: list[Doc] = field(default_factory=list)


def _in_file_order(table: Mapping[str, Doc] | None) -> list[Doc]:
    if not table:
        return []
    return [table[key] for key in sorted(table, key=int)]


def snapshot_from_tables(tables: Mapping[str, Mapping[str, Doc]]) -> Snapshot:
    """The documents of a workbook file's tables (as ``read_snapshot`` returns them)."""
    meta = _in_file_order(tables.get(META_TABLE))
    couples = _in_file_order(tables.get(COUPLE))
    return Snapshot(
        schema=meta[0]["schema"] if meta else 1,
        couple=couples[0] if couples else None,
        sessions=_in_file_order(tables.get(SESSIONS)),
        runs=_in_file_order(tables.get(RUNS)),
        answers=_in_file_order(tables.get(ANSWERS)),
        settings=_in_file_order(tables.get(SETTINGS)),
    )


# --- JSON -----------------------------------------------------------------------------


def _text_key(doc: Doc, name: str) -> str:
    value = doc.get(name)
    return value if isinstance(value, str) else ""


def export_document(snapshot: Snapshot) -> dict[str, Any]:
    """The JSON export envelope, lists in their documented order.

    Answers: by ``created``, ties in the order they were saved (Python's sort
    is stable). Sessions and runs: by ``started``, then ``id``. Settings: by
    ``key``. Documents are copied as stored, unknown fields included.
    """
    return {
        "format": FORMAT,
        "version": VERSION,
        "schema": snapshot.schema,
        "couple": snapshot.couple,
        "sessions": sorted(
            snapshot.sessions, key=lambda d: (_text_key(d, "started"), _text_key(d, "id"))
        ),
        "runs": sorted(snapshot.runs, key=lambda d: (_text_key(d, "started"), _text_key(d, "id"))),
        "answers": [
            without_unkept(doc)
            for doc in sorted(snapshot.answers, key=lambda d: _text_key(d, "created"))
        ],
        "settings": sorted(snapshot.settings, key=lambda d: _text_key(d, "key")),
    }


def without_unkept(doc: Doc) -> Doc:
    """An answer as exported: a check-in from an earlier version loses its safety number.

    That number is only ever for the partner who gave it (``checkins.UNKEPT``),
    so no copy of it leaves the workbook, not even in a backup.
    """
    value = doc.get("value")
    if doc.get("step") == CHECK_IN_STEP and isinstance(value, dict) and UNKEPT & value.keys():
        return {**doc, "value": kept(value)}
    return doc


def to_json(snapshot: Snapshot) -> bytes:
    """A lossless, deterministic JSON backup: UTF-8, keys sorted, two-space indents."""
    return (
        orjson.dumps(export_document(snapshot), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS)
        + b"\n"
    )


# DEL and C1 (U+007F-U+009F) as UTF-8. Outside strings JSON holds only
# printable ASCII and blank space, and inside them a backslash is always
# followed by an ASCII escape letter, so every match here is a whole
# character inside a string, and its \u00XX escape decodes to the same text.
_RAW_C1_AND_DEL = re.compile(rb"\x7f|\xc2[\x80-\x9f]")


def json_for_terminal(payload: bytes) -> bytes:
    """A :func:`to_json` backup with DEL and C1 controls written as ``\\u00XX`` escapes.

    JSON already escapes C0 (ESC is ``\\u001b``), but orjson writes DEL and
    U+0080-U+009F raw, and a terminal acts on those (U+009B starts a control
    sequence). Escaped, the output is still valid JSON holding exactly the
    same data, so a backup piped to a file restores exactly; only the bytes
    differ from the ``-o FILE`` backup, which keeps them as typed.
    """
    return _RAW_C1_AND_DEL.sub(
        lambda match: b"\\u%04x" % ord(match.group().decode("utf-8")), payload
    )


# --- Markdown: words -----------------------------------------------------------------


_STEP = re.compile(r"(?P<base>[A-Za-z_]+)(?:-(?P<n>\d+))?(?:\.(?P<k>\d+))?")

SHORT = 60
"""Answers up to this many characters (on one line) may sit side by side in a table."""

_ESCAPE = re.compile(r"([\\`*_\[\]<])")
_LINE_START = re.compile(r"^(#|>|[-+=]|\d+[.)])")


def _inline(text: str) -> str:
    """``text`` with Markdown's special characters escaped (one line)."""
    return _ESCAPE.sub(r"\\\1", text)


def _line(text: str) -> str:
    """One line of an answer: escaped, and never read as a heading, list or quote."""
    text = _inline(text.strip())
    return _LINE_START.sub(r"\\\1", text)


def _quote(text: str) -> list[str]:
    """Text as a block quote, keeping its line breaks and paragraphs."""
    if not text.strip():
        return ["*(left empty)*"]
    lines = text.replace("\r\n", "\n").replace("\r", "\n").strip("\n").split("\n")
    out: list[str] = []
    for i, raw in enumerate(lines):
        if not raw.strip():
            out.append(">")
            continue
        following = i + 1 < len(lines) and lines[i + 1].strip()
        out.append("> " + _line(raw) + ("  " if following else ""))
    return out


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


# --- Markdown: one answer ---------------------------------------------------------------


@dataclass(frozen=True)
class _Shown:
    """An answer as the document shows it."""

    doc: Doc
    name: str
    other: str
    hidden: bool
    """Private, and its text left out."""


class _Writer:
    """Builds the Markdown document line by line."""

    def __init__(
        self,
        snapshot: Snapshot,
        content: Content | None,
        *,
        session: int | None,
        partner: str | None,
        include_private: bool,
    ) -> None:
        self.snapshot = snapshot
        self.content = content
        self.session = session
        self.partner = partner
        self.include_private = include_private
        known = partner_names(snapshot)
        self.names = {key: known.get(key, f"Partner {key.upper()}") for key in ("a", "b")}
        self.out: list[str] = []

    # -- content lookups ---------------------------------------------------------------

    def exercise(self, exercise_id: str) -> Any:
        if self.content is None:
            return None
        return self.content.exercises.get(exercise_id)

    def title(self, exercise_id: str) -> str:
        if exercise_id == CLOSING_EXERCISE:
            return CLOSING_TITLE
        exercise = self.exercise(exercise_id)
        return exercise.title if exercise is not None else exercise_id

    def kind(self, exercise_id: str) -> str | None:
        exercise = self.exercise(exercise_id)
        return exercise.kind if exercise is not None else None

    def prompt(self, exercise_id: str, step: str) -> Any:
        """The reflection question saved at ``step`` (``prompt-3``, ``prompt-3.knew``), or None."""
        exercise = self.exercise(exercise_id)
        options = getattr(exercise, "options", None)
        if isinstance(options, ReflectionOptions):
            return options.prompt_for(step)
        return None

    def step_label(self, exercise_id: str, step: str, closing: str | None) -> str:
        if exercise_id == CLOSING_EXERCISE:
            return closing or STEP_LABELS["closing"].export
        if step.startswith("prompt-") and step.endswith(".knew"):
            # The answerer's word on the guess of their answer: "yes" or "no".
            prompt = self.prompt(exercise_id, step)
            if prompt is not None:
                return f"{prompt.text.strip()} Was each guess close enough?"
        match = _STEP.fullmatch(step)
        if match is None:
            return step
        base, n, k = match["base"], match["n"], match["k"]
        if base == "prompt" and n is not None:
            prompt = self.prompt(exercise_id, step)
            return prompt.text.strip() if prompt is not None else retired_question(step)
        label = STEP_LABELS.get(base)
        # A step is either saved once per part ("chunk-2") or not at all; anything else is odd.
        if label is None or label.numbered != (n is not None):
            return step
        retried = bool(k) and k != "1"
        if n is not None:
            try_k = f", try {k}" if retried else ""
            return f"{label.export} (part {n}{try_k})"
        return f"{label.export} (try {k})" if retried else label.export

    # -- values --------------------------------------------------------------------------

    def _token(self, exercise_id: str, step: str, value: str) -> str | None:
        if self.kind(exercise_id) not in ("listening", "i_statement", "dream", None):
            return None
        match = _STEP.fullmatch(step)
        label = STEP_LABELS.get(match["base"]) if match else None
        if label is None or value not in label.choices:
            return None
        return CHOICE_LABELS[value].export

    def short(self, shown: _Shown) -> str | None:
        """The answer as a few words on one line, or None if it is longer than that."""
        doc = shown.doc
        value = doc.get("value")
        if isinstance(value, bool):
            text = "yes" if value else "no"
        elif isinstance(value, int | float):
            text = self._number(doc, value)
        elif isinstance(value, str):
            text = self._token(doc["exercise"], doc["step"], value) or value
        elif isinstance(value, dict) and isinstance(value.get("text"), str):
            text = value["text"]
        else:
            return None
        text = text.strip()
        if not text or "\n" in text or len(text) > SHORT:
            return None
        return _line(text)

    def cell(self, shown: _Shown) -> str | None:
        """The answer as a table cell, or None if it does not fit in one."""
        text = self.short(shown)
        return text.replace("|", "\\|") if text is not None else None

    def block(self, shown: _Shown) -> list[str]:
        """The answer as Markdown lines."""
        doc = shown.doc
        value = doc.get("value")
        if isinstance(value, str):
            token = self._token(doc["exercise"], doc["step"], value)
            return [token] if token else _quote(value)
        if value is None:
            return ["*(no answer)*"]
        if isinstance(value, bool):
            return ["yes" if value else "no"]
        if isinstance(value, int | float):
            return [self._number(doc, value)]
        if isinstance(value, list):
            return self._list(doc, value)
        if isinstance(value, dict):
            if _is_check_in(value):
                return self._ratings([shown])
            if isinstance(value.get("text"), str):
                return _quote(value["text"])
            if set(value) == {"self", "guess"}:
                return [
                    f"*Own answer:* {_line(_plain(value['self']))}",
                    "",
                    f"*Guess for {_inline(shown.other)}:* {_line(_plain(value['guess']))}",
                ]
            return [f"- {_inline(str(key))}: {_line(_plain(item))}" for key, item in value.items()]
        return [_line(_plain(value))]

    def _prompt_of(self, doc: Doc) -> Any:
        match = _STEP.fullmatch(doc["step"])
        if match and match["base"] == "prompt" and match["n"]:
            return self.prompt(doc["exercise"], doc["step"])
        return None

    def _number(self, doc: Doc, value: float) -> str:
        prompt = self._prompt_of(doc)
        return f"{value} out of 10" if prompt is not None and prompt.type == "scale" else str(value)

    def _list(self, doc: Doc, value: list[Any]) -> list[str]:
        if not value:
            return ["*(nothing listed)*"]
        prompt = self._prompt_of(doc)
        ranked = prompt is not None and prompt.type == "ranking"
        return [
            f"{n}. {_line(_plain(item))}" if ranked else f"- {_line(_plain(item))}"
            for n, item in enumerate(value, start=1)
        ]

    def _ratings(self, shown: Sequence[_Shown]) -> list[str]:
        """Check-in ratings as a table, one column per partner, then the notes."""
        values = [s.doc["value"] for s in shown]
        keys = [k for k in RATINGS if any(k in v for v in values)]
        keys += sorted(
            {k for v in values for k in v if k not in LABELS and k != "note"}, key=str
        )
        lines = [
            "| | " + " | ".join(_inline(s.name) for s in shown) + " |",
            "| --- |" + " :---: |" * len(shown),
        ]
        for key in keys:
            label = LABELS.get(key, str(key))
            cells = [
                _line(_plain(v[key])).replace("|", "\\|") if _has(v, key) else "–" for v in values
            ]
            lines.append(f"| {_inline(label)} | " + " | ".join(cells) + " |")
        for one in shown:
            note = one.doc["value"].get("note")
            if isinstance(note, str) and note.strip():
                lines += ["", f"*{_inline(_possessive(one.name))} note:*", "", *_quote(note)]
        return lines

    # -- one step: one answer, or both side by side ---------------------------------------

    def name_line(self, shown: _Shown) -> str:
        notes = []
        if shown.doc.get("visibility") == "private":
            notes.append("private")
        if shown.doc.get("conflict_of"):
            notes.append("an imported version that differs from the one saved here; both kept")
        suffix = f" ({'; '.join(notes)})" if notes else ""
        return f"*{_inline(shown.name)}{suffix}:*"

    def hidden_line(self, shown: _Shown) -> str:
        return f"*(private answer by {_inline(shown.name)})*"

    def one(self, shown: _Shown) -> list[str]:
        if shown.hidden:
            return [self.hidden_line(shown)]
        text = self.short(shown)
        if text is not None:
            return [f"{self.name_line(shown)} {text}"]
        return [self.name_line(shown), "", *self.block(shown)]

    def step(self, label: str, answers: list[_Shown]) -> None:
        self.out += [f"**{_line(' '.join(label.split()))}**", ""]
        if _side_by_side(answers):
            values = [s.doc.get("value") for s in answers]
            if all(isinstance(v, dict) and _is_check_in(v) for v in values):
                self.out += [*self._ratings(answers), ""]
                return
            cells = [self.cell(s) for s in answers]
            if None not in cells:
                self.out += [
                    "| " + " | ".join(_inline(s.name) for s in answers) + " |",
                    "|" + " --- |" * len(answers),
                    "| " + " | ".join(c or "" for c in cells) + " |",
                    "",
                ]
                return
        for shown in answers:
            self.out += [*self.one(shown), ""]

    def judgements(self, label: str, answers: list[_Shown]) -> None:
        """Each partner's word on the guess of their own answer, one line each.

        A table with the two names over "yes" and "no" would not say whose
        guess each word was about, so each line names the guesser and the
        answerer plainly: "Sam's guess of Al's answer: close enough".
        """
        self.out += [f"**{_line(' '.join(label.split()))}**", ""]
        for shown in answers:
            if shown.hidden:
                self.out += [self.hidden_line(shown), ""]
                continue
            value = shown.doc.get("value")
            word = {CLOSE_ENOUGH: "close enough", NOT_REALLY: "not really"}.get(
                value if isinstance(value, str) else "")
            if word is None:
                self.out += [*self.one(shown), ""]
                continue
            whose = f"{_possessive(shown.other)} guess of {_possessive(shown.name)} answer"
            self.out += [f"*{_inline(whose)}:* {word} ({_inline(shown.name)} said)", ""]

    # -- one attempt at an exercise --------------------------------------------------------

    def shown(self, doc: Doc) -> _Shown:
        key = doc["partner"]
        return _Shown(
            doc=doc,
            name=self.names.get(key, str(key)),
            other=self.names.get("b" if key == "a" else "a", ""),
            hidden=doc.get("visibility") == "private" and not self.include_private,
        )

    def attempt(self, docs: list[Doc], closing: str | None) -> None:
        """The steps of one attempt, in the order they were answered.

        Answers to the same question by both partners (steps with no role, such
        as a check-in or a reflection prompt) are gathered together wherever
        they were saved; other steps pair up only when both partners answered
        the same step one after the other (a dream's support answers).
        """
        items: list[tuple[str, list[Doc]]] = []
        open_steps: dict[str, list[Doc]] = {}
        for doc in docs:
            step = doc["step"]
            if doc.get("role") is None:
                group = open_steps.get(step)
                if group is not None and all(d["partner"] != doc["partner"] for d in group):
                    group.append(doc)
                    continue
                group = [doc]
                open_steps[step] = group
                items.append((step, group))
                continue
            if items:
                last_step, last = items[-1]
                if (
                    last_step == step
                    and len(last) == 1
                    and last[0]["partner"] != doc["partner"]
                    and last[0].get("role") is not None
                ):
                    last.append(doc)
                    continue
            items.append((step, [doc]))
        exercise_id = docs[0]["exercise"]
        for step, group in items:
            group.sort(key=lambda d: d["partner"])  # the same column order everywhere
            label = self.step_label(exercise_id, step, closing)
            if step.startswith("prompt-") and step.endswith(f".{KNEW}"):
                self.judgements(label, [self.shown(d) for d in group])
                continue
            self.step(label, [self.shown(d) for d in group])

    # -- the document ----------------------------------------------------------------------

    def wanted(self, doc: Doc) -> bool:
        if doc.get("draft") or not _readable(doc):
            return False
        return self.partner is None or doc.get("partner") == self.partner

    def write(self) -> str:
        names = self.names
        self.out += [f"# {_inline(names['a'])} and {_inline(names['b'])}: our workbook", ""]
        intro = "What you wrote in Couple Workbook, session by session."
        if self.partner is not None:
            intro = f"What {_inline(names[self.partner])} wrote in Couple Workbook."
        if self.session is not None:
            intro += f" Only session {self.session}."
        if self.include_private:
            intro += " Private answers are included: keep this copy somewhere safe."
        else:
            intro += " Private answers are left out; only who wrote them is shown."
        self.out += [intro, ""]

        answers = [d for d in self.snapshot.answers if self.wanted(d)]
        by_session: dict[str | None, list[Doc]] = {}
        for doc in sorted(answers, key=lambda d: _text_key(d, "created")):
            by_session.setdefault(doc.get("session"), []).append(doc)
        records = sorted(
            (r for r in self.snapshot.sessions if _record(r)),
            key=lambda d: (_text_key(d, "started"), _text_key(d, "id")),
        )
        known = {r.get("id") for r in records}
        written = False
        for program_id, number, title, closing in self.program():
            if self.session is not None and number != self.session:
                continue
            sittings = [
                r
                for r in records
                if r.get("program_session") == program_id and by_session.get(r.get("id"))
            ]
            if not sittings:
                continue
            written = True
            heading = f"Session {number}: {title}" if number is not None else title
            self.out += [f"## {_inline(heading)}", ""]
            for record in sittings:
                self.out += [f"### {long_date(record.get('started'))}", ""]
                for docs in _attempts(by_session[record["id"]]):
                    self.out += [f"#### {_inline(self.title(docs[0]['exercise']))}", ""]
                    self.attempt(docs, closing)
        if self.session is None:
            loose = [
                doc
                for session_id, docs in by_session.items()
                if session_id is None or session_id not in known
                for doc in docs
            ]
            loose.sort(key=lambda d: _text_key(d, "created"))
            if loose:
                written = True
                self.out += ["## Anytime exercises", ""]
                for docs in _attempts(loose):
                    title = self.title(docs[0]["exercise"])
                    self.out += [f"### {_inline(title)}, {long_date(docs[0].get('created'))}", ""]
                    self.attempt(docs, None)
        if not written:
            self.out += ["Nothing to show here yet.", ""]
        while self.out and not self.out[-1]:
            self.out.pop()
        return "\n".join(self.out) + "\n"

    def program(self) -> Iterable[tuple[str, int | None, str, str | None]]:
        """(program session id, number, title, closing question), in program order.

        Sessions the content no longer has come last, titled by their id.
        """
        seen = set()
        if self.content is not None:
            for session in sorted(self.content.sessions, key=lambda s: s.number):
                seen.add(session.id)
                yield session.id, session.number, session.title, session.closing
        others = {
            r["program_session"]
            for r in self.snapshot.sessions
            if _record(r) and r["program_session"] not in seen
        }
        for program_id in sorted(others):
            yield program_id, None, program_id, None


def _attempts(docs: list[Doc]) -> list[list[Doc]]:
    """Answers grouped by attempt (run), in the order each began; the closing last."""
    groups: dict[Any, list[Doc]] = {}
    for doc in docs:
        key = doc.get("run") or ("exercise", doc.get("exercise"))
        groups.setdefault((doc.get("exercise") == CLOSING_EXERCISE, key), []).append(doc)
    return [groups[key] for key in sorted(groups, key=lambda k: k[0])]


def _readable(doc: Doc) -> bool:
    """True for an answer with the fields the document needs (odd ones are skipped)."""
    return (
        isinstance(doc.get("exercise"), str)
        and isinstance(doc.get("step"), str)
        and doc.get("partner") in ("a", "b")
        and isinstance(doc.get("session"), str | None)
        and isinstance(doc.get("run"), str | None)
    )


def _record(doc: Doc) -> bool:
    """True for a session record with the fields the document needs."""
    return isinstance(doc.get("id"), str) and isinstance(doc.get("program_session"), str)


def _side_by_side(answers: Sequence[_Shown]) -> bool:
    """True for one answer by each partner, both shown in full and neither marked."""
    return (
        len(answers) == 2
        and {s.doc["partner"] for s in answers} == {"a", "b"}
        and not any(
            s.hidden or s.doc.get("visibility") == "private" or s.doc.get("conflict_of")
            for s in answers
        )
    )


def _is_check_in(value: Mapping[str, Any]) -> bool:
    return any(key in value for key in LABELS) and all(
        key == "note" or not isinstance(item, dict | list) for key, item in value.items()
    )


def _has(value: Mapping[str, Any], key: str) -> bool:
    return key in value and value[key] is not None


def _plain(value: Any) -> str:
    """Any JSON value as one line of text."""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, bool):
        return "yes" if value else "no"
    return orjson.dumps(value).decode()


class UnknownPartner(ValueError):
    """``--partner`` names nobody in this workbook; the message lists what it takes."""


def _same_name(text: str) -> str:
    """A name as compared: composed, case folded, its spaces as typed at set-up."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def partner_names(snapshot: Snapshot) -> dict[str, str]:
    """Each partner's key and name as set up (no entry for a partner with no name)."""
    couple = snapshot.couple if isinstance(snapshot.couple, dict) else {}
    names = {}
    for key in ("a", "b"):
        partner = couple.get(key)
        name = partner.get("name") if isinstance(partner, dict) else None
        if isinstance(name, str) and name:
            names[key] = name
    return names


def partner_key(snapshot: Snapshot, wanted: str) -> str:
    """The key ("a" or "b") of the partner ``wanted`` means: a key, or a name, in any case.

    ``a`` and ``b`` always mean the first and second partner as set up, so
    either can be picked even if both share a name. Raises
    :class:`UnknownPartner`, whose message lists what is accepted.
    """
    asked = _same_name(wanted)
    if asked in ("a", "b"):
        return asked
    names = partner_names(snapshot)
    matches = [key for key, name in names.items() if _same_name(name) == asked]
    if len(matches) == 1:
        return matches[0]
    if matches:
        raise UnknownPartner(f'both of you are called "{wanted}" here; use a or b')
    accepted = ", ".join(
        f'{key} or "{names[key]}"' if key in names else key for key in ("a", "b")
    ) if names else "a or b"
    raise UnknownPartner(f'there is no partner called "{wanted}"; use {accepted}')


def to_markdown(
    snapshot: Snapshot,
    content: Content | None,
    *,
    session: int | None = None,
    partner: str | None = None,
    include_private: bool = False,
) -> str:
    """A document a couple can read or print.

    ``session`` keeps one program session (by its number); ``partner``
    (``"a"`` or ``"b"``, see :func:`partner_key` for a name) keeps one
    partner's answers. Drafts are left out;
    private answers show as "(private answer by NAME)" unless
    ``include_private``. With no ``content``, exercises are shown by id.
    Control characters in names and answers show as placeholders
    (``workbook.terminal.visible``).
    """
    document = _Writer(
        snapshot, content, session=session, partner=partner, include_private=include_private
    ).write()
    # Every control character but the line breaks is shown, never kept raw:
    # printing the document (`cat`) must not clear or retitle a terminal.
    return visible(document, newlines=True)
