"""What a workbook's documents may hold: ONE set of rules for opening a file and for importing.

The app reads what it stored without asking again: ``Couple.from_doc`` takes
the colour as it is, Review styles text with it, resuming an exercise reads
its run's ``state``, and every save writes the whole file back with orjson.
So a field the app cannot use must be refused where the file is read, before
any screen relies on it, with words that say where the problem is::

    answer 12's "value" is nested too deeply

``storage`` calls :func:`workbook_problem` on every workbook file it parses
(the answers of a big file when they are parsed, see ``storage._small_tables``),
and ``importing`` calls it on the documents it is about to merge. The rules
are described for people in docs/data-format.md, "What the workbook checks
when it opens a file or imports one".

Fields the app does not know are allowed, and kept as they are (see the data
format): they only have to be something a save can write back unchanged.

This is core code: no Textual, no screens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from operator import itemgetter
from typing import Any

from workbook.model import PARTNER_COLOURS

#: How many lists and records a field may nest inside each other. orjson reads
#: JSON nested up to 1024 deep, but refuses to *write* anything nested 255
#: levels or more ("Recursion limit reached", orjson 3.13), counting the file's
#: own three levels (the file, a table, a document). A value that opened but
#: could never be saved again made every later save fail, even the delete that
#: would have removed it. What the app writes nests three levels at most.
MAX_DEPTH = 32

#: Longest partner name, in characters. Setup cuts names at 30; this leaves
#: room for names written by hand, and keeps a banner line a banner line.
NAME_MAX = 100

#: The whole numbers orjson reads back as whole numbers. Outside this range
#: ``orjson.loads`` quietly turns a number into a float (a 30-digit integer
#: opens as ``1e+29``), and ``orjson.dumps`` refuses a Python int, so such a
#: number could not be kept exactly.
INT_MIN = -(2**63)
INT_MAX = 2**64 - 1

#: Decimals must be smaller than this in size: above it a float holds no
#: fractions and is almost always a whole number that did not fit (see above).
FLOAT_LIMIT = 2.0**53

# -- the words -----------------------------------------------------------------------

NOT_TEXT = "is not text"
EMPTY = "is empty"
BROKEN_TEXT = "holds a broken character (half of a surrogate pair)"
NOT_TIME = "is not a date and time the app can read (like 2026-11-22T19:04:11+00:00)"
NOT_PARTNER = 'is neither "a" nor "b"'
NOT_VISIBILITY = 'is neither "shared" nor "private"'
NOT_COLOUR = "is not one of the colours the app offers (" + ", ".join(PARTNER_COLOURS) + ")"
LONG_NAME = f"is longer than {NAME_MAX} characters"
NOT_COUNT = "is not a whole number of 1 or more"
NOT_INDEX = "is not a whole number of 0 or more"
NOT_BOOL = "is not true or false"
NOT_RECORD = "is not a record (a JSON object)"
TOO_DEEP = "is nested too deeply"
TOO_BIG = "holds a number too large to keep exactly"
NOT_JSON = "holds something that is not a JSON value"

Check = Callable[[Any], "str | None"]
"""A rule for one field: the words for what is wrong with a value, or None."""

# -- text, times and choices -----------------------------------------------------------


def _broken(text: str) -> bool:
    """True if ``text`` holds a lone surrogate, which UTF-8 (and so the file) cannot hold."""
    # isascii() is O(1) in CPython; the UTF-16 encoder is the fastest strict
    # scan for surrogates (several times faster than a regex or UTF-8).
    if text.isascii():
        return False
    try:
        text.encode("utf-16-le")
    except UnicodeEncodeError:
        return True
    return False


def _text(value: Any) -> str | None:
    """Any text, even empty."""
    if type(value) is not str:
        return NOT_TEXT
    return BROKEN_TEXT if _broken(value) else None


def _some_text(value: Any) -> str | None:
    """Text with at least one character: ids, exercise ids, steps, keys."""
    return _text(value) or (None if value else EMPTY)


def _text_or_null(value: Any) -> str | None:
    return None if value is None else _text(value)


def _name(value: Any) -> str | None:
    """A partner's name: visible text, not longer than NAME_MAX."""
    words = _text(value)
    if words:
        return words
    if not value.strip():
        return EMPTY
    return LONG_NAME if len(value) > NAME_MAX else None


def _colour(value: Any) -> str | None:
    # Only the offered colours: Setup shows the saved colour in a Select of
    # PARTNER_COLOURS (any other value crashes it), and screens put the colour
    # into Textual styles ("bold " + colour), where other words could be read as
    # style instructions. Every colour the app ever offered is in the list.
    return None if value in PARTNER_COLOURS else NOT_COLOUR


def _partner_key(value: Any) -> str | None:
    return None if value == "a" or value == "b" else NOT_PARTNER


def _visibility(value: Any) -> str | None:
    return None if value == "shared" or value == "private" else NOT_VISIBILITY


_YEAR = r"(?:19\d\d|[2-8]\d\d\d|9[0-8]\d\d|99[0-8]\d|999[0-8])"
_LEAP_YEAR = r"(?:(?:19|[2-9]\d)(?:0[48]|[2468][048]|[13579][26])|(?:[2468][048]|[3579][26])00)"
_MONTH_DAY = (
    r"(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\d|3[01])"
    r"|(?:0[469]|11)-(?:0[1-9]|[12]\d|30)"
    r"|02-(?:0[1-9]|1\d|2[0-8]))"
)
_CLOCK = r"T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d(?:\.\d{1,6})?(?:Z|[+-](?:[01]\d|2[0-3]):[0-5]\d)"
_TIME_PATTERN = rf"(?:{_YEAR}-{_MONTH_DAY}|{_LEAP_YEAR}-02-29){_CLOCK}"
_TIME = re.compile(_TIME_PATTERN, re.ASCII)  # ASCII: \d would also match "٢"
"""An ISO-8601 time with a UTC offset, on a real calendar day of the years 1900–9998.

Stricter than ``datetime.fromisoformat`` on purpose: whatever matches, it
parses, and ``.timestamp()`` and ``.astimezone()`` work on the result (years
near 1 or 9999 overflow there once shifted to local time). A pattern, not a
parse, because the answers of a big workbook have tens of thousands of times
and one regex over all of them costs far less than a parse of each.
"""
_TIMES = re.compile(rf"{_TIME_PATTERN}(?:\n{_TIME_PATTERN})*", re.ASCII)


def _time(value: Any) -> str | None:
    return None if type(value) is str and _TIME.fullmatch(value) else NOT_TIME


def _time_or_null(value: Any) -> str | None:
    return None if value is None else _time(value)


def _count(value: Any) -> str | None:
    """A whole number of 1 or more (bool is an int in Python, and is not one here)."""
    return None if type(value) is int and 1 <= value <= INT_MAX else NOT_COUNT


def _index(value: Any) -> str | None:
    return None if type(value) is int and 0 <= value <= INT_MAX else NOT_INDEX


def _boolean(value: Any) -> str | None:
    return None if type(value) is bool else NOT_BOOL


# -- any JSON value ----------------------------------------------------------------------


def json_problem(value: Any, depth: int = 1) -> str | None:
    """Why ``value`` could not be saved and read back exactly; None if it can.

    Text must be valid Unicode, whole numbers within INT_MIN..INT_MAX,
    decimals smaller than FLOAT_LIMIT, and lists and records nested at most
    MAX_DEPTH deep (``depth`` is how deep ``value`` already is).
    """
    kind = type(value)
    if kind is str:
        return BROKEN_TEXT if _broken(value) else None
    if kind is int:
        return None if INT_MIN <= value <= INT_MAX else TOO_BIG
    if value is None or kind is bool:
        return None
    if kind is float:
        # Also false for NaN and the infinities, which orjson would write as null.
        return None if -FLOAT_LIMIT < value < FLOAT_LIMIT else TOO_BIG
    if kind is list or kind is dict:
        if depth > MAX_DEPTH:
            return TOO_DEEP
        if kind is dict:
            for key in value:
                if type(key) is not str:
                    return NOT_JSON
                if _broken(key):
                    return BROKEN_TEXT
            items = value.values()
        else:
            items = value
        for item in items:
            # Most items are plain text: skip the call for those.
            if type(item) is str and item.isascii():
                continue
            words = json_problem(item, depth + 1)
            if words:
                return words
        return None
    return NOT_JSON


# -- records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A JSON object with rules for some of its fields.

    Fields not named here are allowed (the file keeps what it does not know)
    and only have to pass :func:`json_problem`.
    """

    fields: Mapping[str, Check | Record]
    required: tuple[str, ...] = ()
    """Fields that must be there, in the order a message names a missing one."""


Problem = tuple[str, "str | None"]
"""Where (a field, dotted for fields inside fields) and the words; None words: it is missing."""

_PLAIN_NAME = re.compile(r"[A-Za-z0-9_.-]{1,40}")


def _shown(name: str) -> str:
    """A field or table name fit for a message: ours are plain, hand-made ones may not be."""
    if _PLAIN_NAME.fullmatch(name):
        return name
    return re.sub(r"[^A-Za-z0-9_.-]", "?", name[:40]) or "?"


def record_problem(record: Record, value: Any) -> Problem | None:
    """What is wrong with ``value`` as ``record``, as (field, words); None if nothing."""
    if type(value) is not dict:
        return "", NOT_RECORD
    for name in record.required:
        if name not in value:
            return name, None
    for name, item in value.items():
        rule = record.fields.get(name)
        if rule is None:
            if type(name) is not str:  # only from Python, never from JSON
                return "?", NOT_JSON
            words = BROKEN_TEXT if _broken(name) else json_problem(item)
            if words:
                return _shown(name), words
        elif isinstance(rule, Record):
            inner = record_problem(rule, item)
            if inner:
                where, words = inner
                return (f"{name}.{where}" if where else name), words
        else:
            words = rule(item)
            if words:
                return name, words
    return None


def _json_field(value: Any) -> str | None:
    return json_problem(value)


PARTNER = Record({"name": _name, "colour": _colour}, ("name", "colour"))

#: The keys the exercise screens keep in a run's ``state`` (screens/*.py
#: ``initial_state`` and ``advance``). Resuming reads them without asking, so
#: their types are checked here; whether they fit together is for the screen
#: (``ExerciseScreen._begin`` starts over when a state can't be resumed).
STATE = Record(
    {
        "phase": _some_text,
        "first": _partner_key,
        "speaker": _partner_key,
        "writer": _partner_key,
        "sharer": _partner_key,
        "side": _count,
        "round": _count,
        "attempt": _count,
        "empathy": _count,
        "turn": _count,
        "index": _index,
        "next": _index,
        "start": _index,
        "stopped_at": _index,
        "stopped": _boolean,
        "topic": _text,
        "first_topic": _text,
        "side_started": _time_or_null,
        "durations": Record(
            {
                "a": Record({"started": _time_or_null, "ended": _time_or_null}),
                "b": Record({"started": _time_or_null, "ended": _time_or_null}),
            }
        ),
        "_where": _text,
        "_handed": _text,
    }
)

META = Record(
    {"schema": _count, "created": _time, "app_version": _text, "answers_last": _boolean},
    ("schema",),
)
COUPLE = Record(
    {"a": PARTNER, "b": PARTNER, "agreed_at": _time_or_null}, ("a", "b")
)
SESSION = Record(
    {"id": _some_text, "program_session": _some_text, "started": _time, "completed": _time_or_null},
    ("id", "program_session", "started"),
)
RUN = Record(
    {
        "id": _some_text,
        "exercise": _some_text,
        "session": _text_or_null,
        "started": _time,
        "updated": _time,
        "completed": _time_or_null,
        "state": STATE,
    },
    ("id", "exercise", "started"),
)
ANSWER = Record(
    {
        "uuid": _some_text,
        "session": _text_or_null,
        "run": _text_or_null,
        "exercise": _some_text,
        "step": _some_text,
        "partner": _partner_key,
        "role": _text_or_null,
        "value": _json_field,
        "visibility": _visibility,
        "created": _time,
        "updated": _time,
        "content_version": _count,
        "draft": _boolean,
        "conflict_of": _some_text,
    },
    ("uuid", "exercise", "step", "partner", "created"),
)
SETTING = Record({"key": _some_text, "value": _json_field}, ("key",))

# The tables' names in the file: the one place they are spelled.
META_TABLE = "_meta"
COUPLE_TABLE = "couple"
SESSIONS_TABLE = "sessions"
RUNS_TABLE = "runs"
ANSWERS_TABLE = "answers"
SETTINGS_TABLE = "settings"

#: Table name -> (its documents' rules, how one is called, whether there is only one).
TABLES: dict[str, tuple[Record, str, bool]] = {
    META_TABLE: (META, "the version record", True),
    COUPLE_TABLE: (COUPLE, "the couple", True),
    SESSIONS_TABLE: (SESSION, "session record", False),
    RUNS_TABLE: (RUN, "exercise run", False),
    ANSWERS_TABLE: (ANSWER, "answer", False),
    SETTINGS_TABLE: (SETTING, "setting", False),
}
_ANY_DOCUMENT = Record({})


def _say(label: str, where: str, words: str | None) -> str:
    if not where:
        return f"{label} {words}"
    if words is None:
        return f'{label} has no "{where}"'
    return f'{label}\'s "{where}" {words}'


# -- tables ------------------------------------------------------------------------------


def table_problem(table: str, docs: Mapping[str, Any]) -> str | None:
    """Why a table's documents (``{id: document}``) can't be used, naming one; None if fine.

    ``id`` names the document in the message: the TinyDB id in a workbook
    file, the position (from 1) in an export's list.
    """
    record, noun, single = TABLES.get(table, (_ANY_DOCUMENT, "", False))
    if single and len(docs) > 1:
        return f"the file holds more than one document in its {table} table"
    if table == ANSWERS_TABLE:
        return _answers_problem(docs)
    for doc_id, doc in docs.items():
        problem = record_problem(record, doc)
        if problem:
            if single:
                label = noun
            elif noun:
                label = f"{noun} {doc_id}"
            else:
                label = f'document {doc_id} of the "{_shown(table)}" table'
            return _say(label, *problem)
    return None


def workbook_problem(tables: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Why a workbook's tables can't be used, in plain words naming the field; None if fine.

    ``tables`` is shaped as storage checks it first: table name -> document
    id -> document. Tables the app does not know are allowed; their fields
    only have to be savable.
    """
    for table, docs in tables.items():
        problem = table_problem(table, docs)
        if problem:
            return problem
    return None


#: The fields of an answer as the app writes it (``Answer.to_doc``), in that order.
_WRITTEN = (
    "uuid", "session", "run", "exercise", "step", "partner", "role", "value", "visibility",
    "created", "updated", "content_version", "draft",
)
_WRITTEN_FIELDS = itemgetter(*_WRITTEN)
_WRITTEN_SIZE = len(_WRITTEN)
_CONFLICT_COPY = _WRITTEN_SIZE + 1
"""An imported conflict copy is a written answer plus ``conflict_of``."""


def _answers_problem(docs: Mapping[str, Any]) -> str | None:
    """``table_problem`` for the answers, fast enough for tens of thousands of them.

    Checking field by field (``record_problem``, the rule of record) costs
    about as much as parsing the answers. So an answer with exactly the
    fields the app writes gets a quick test of the same rules in one
    expression; any other answer, or one that fails the quick test, is then
    checked field by field, which names what is wrong or finds it fine after
    all. The quick test gathers times and non-ASCII text and checks them all
    at once at the end.
    """
    stamps: set[str] = set()
    wide: list[str] = []
    for doc_id, doc in docs.items():
        size = len(doc) if type(doc) is dict else 0
        if size == _WRITTEN_SIZE or (
            size == _CONFLICT_COPY and _some_ascii(doc.get("conflict_of"))
        ):
            try:
                (uuid, session, run, exercise, step, partner, role, value, visibility,
                 created, updated, version, draft) = _WRITTEN_FIELDS(doc)
            except KeyError:
                pass  # other fields than the written ones: field by field, below
            else:
                if (
                    type(uuid) is str and type(exercise) is str and type(step) is str
                    and uuid and exercise and step
                    and (session is None or type(session) is str)
                    and (run is None or type(run) is str)
                    and (role is None or type(role) is str)
                    # One check for "no broken characters" in all the short texts.
                    and (uuid + exercise + step + (session or "") + (run or "")
                         + (role or "")).isascii()
                    and (partner == "a" or partner == "b")
                    and (visibility == "shared" or visibility == "private")
                    and type(created) is str and type(updated) is str
                    and type(version) is int and 1 <= version <= INT_MAX
                    and type(draft) is bool
                ):
                    if type(value) is str:
                        if not value.isascii():
                            wide.append(value)
                        stamps.add(created)
                        stamps.add(updated)
                        continue
                    if json_problem(value) is None:
                        stamps.add(created)
                        stamps.add(updated)
                        continue
        problem = record_problem(ANSWER, doc)
        if problem:
            return _say(f"answer {doc_id}", *problem)
    times = "\n".join(stamps)
    if (
        (stamps and not (_TIMES.fullmatch(times) and times.count("\n") == len(stamps) - 1))
        or _broken("".join(wide))
    ):
        # Something gathered above is wrong: find which answer, field by field.
        for doc_id, doc in docs.items():
            problem = record_problem(ANSWER, doc)
            if problem:
                return _say(f"answer {doc_id}", *problem)
    return None


def _some_ascii(value: Any) -> bool:
    return type(value) is str and bool(value) and value.isascii()
