"""Looking back: every saved answer, newest first, grouped, filtered and searched fast.

Works on the stored answer documents themselves (see
``WorkbookStore.answer_docs``): nothing is copied, so Review costs no second
copy of a long history. Typing a longer search only narrows the previous
result, so each keystroke scans fewer answers.

Private answers are listed (as private answers) but their words are never
searched: a search must not reveal what a private answer says.
"""

from __future__ import annotations

import operator
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from workbook.checkins import LABELS, kept
from workbook.content import Content, Prompt, ReflectionOptions
from workbook.dates import long_date
from workbook.labels import (
    CHOICE_LABELS,
    CLOSING_EXERCISE,
    CLOSING_TITLE,
    STEP_LABELS,
    is_bookkeeping,
    part_number,
    retired_question,
    step_base,
)
from workbook.model import SessionRecord
from workbook.store import WorkbookStore

Doc = dict[str, Any]


@dataclass(frozen=True)
class Filters:
    """What to show. Empty fields mean "everything"."""

    text: str = ""
    partner: str | None = None
    kind: str | None = None
    session: str | None = None
    """A program session id, or "anytime" for answers outside the sessions."""
    since: str = ""
    """An ISO date prefix: "2025", "2025-03" or "2025-03-14" (inclusive)."""
    until: str = ""
    every_step: bool = False
    """True to list the steps that only keep a drill moving ("was that it?"), folded by default."""


class Row(NamedTuple):
    """What one answer row of the list says: whose it is, the question in full, the words."""

    partner: str
    question: str
    words: str
    private: bool


class Line(NamedTuple):
    """A header row of the history: a sitting (``level`` 0) or an exercise attempt (1)."""

    level: int
    text: str


def value_text(value: Any) -> str:
    """Any stored value as plain text (for searching and previews)."""
    if value is None:
        return ""
    if isinstance(value, str):
        choice = CHOICE_LABELS.get(value)
        return choice.review if choice is not None else value
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return value["text"]
        if set(value) == {"self", "guess"}:
            return f"own answer: {value_text(value['self'])} · guess: {value_text(value['guess'])}"
        # A check-in from an earlier version may hold a safety number: never shown.
        # An empty note is left out rather than read as a bare "note".
        return ", ".join(
            f"{_rating_name(k)} {value_text(v)}" for k, v in kept(value).items()
            if not (k == "note" and not str(v or "").strip())
        )
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return str(value)


def row_text(value: Any) -> str:
    """A value as one row of Review's list reads it: a check-in as "trust 7 · mood 6 · “ok”"."""
    if isinstance(value, dict) and not isinstance(value.get("text"), str) and (
        set(value) != {"self", "guess"}
    ):
        shown = kept(value)
        parts = [
            f"{_rating_name(key)} {value_text(item)}" for key, item in shown.items()
            if key != "note"
        ]
        note = shown.get("note")
        if isinstance(note, str) and note.strip():
            parts.append(f"“{note.strip()}”")
        return " · ".join(parts)
    return value_text(value)


DATE_HINT = "Try 2025, 2025-03, 2025-03-14, or a range such as 2025-01..2025-06."
"""What the dates box takes, in the words of the message about a date it cannot read."""


def parse_dates(text: str) -> tuple[str, str]:
    """ "2025" / "2025-03" / "2025-01..2025-06" → (since, until) ISO prefixes."""
    text = text.strip()
    if ".." in text:
        since, _, until = text.partition("..")
        return since.strip(), until.strip()
    return text, text


def _readable_day(part: str) -> bool:
    """True for "2025", "2025-03" or "2025-03-14" naming a real year, month or day."""
    pieces = part.split("-")
    if not 1 <= len(pieces) <= 3 or not all(p.isdigit() for p in pieces):
        return False
    if len(pieces[0]) != 4 or any(len(p) != 2 for p in pieces[1:]):
        return False
    try:
        date(int(pieces[0]), int(pieces[1]) if len(pieces) > 1 else 1,
             int(pieces[2]) if len(pieces) > 2 else 1)
    except ValueError:
        return False
    return True


def date_problem(text: str) -> str | None:
    """Why the dates box cannot be read, in plain words, or None when it can (or is empty)."""
    if not text.strip():
        return None
    since, until = parse_dates(text)
    for part in (since, until):
        if part and not _readable_day(part):
            return f"“{part}” is not a date the workbook can read. {DATE_HINT}"
    if since and until and since[: len(until)] > until:
        return f"The range starts after it ends ({since} is later than {until}). {DATE_HINT}"
    return None


def _rating_name(key: str) -> str:
    """A check-in rating as it reads inside a line: "openness and honesty 7"."""
    label = LABELS.get(key)
    return label.lower() if label is not None else key


def short(text: str, limit: int = 28) -> str:
    """``text`` cut to about ``limit`` characters at a word, without end punctuation."""
    text = " ".join(text.split()).rstrip(".?!:")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


class History:
    """All confirmed answers, newest first, with fast filtering and searching."""

    def __init__(
        self,
        docs: Iterable[Doc],
        content: Content,
        records: Sequence[SessionRecord],
    ) -> None:
        self.content = content
        """Exercise and session titles."""
        self.docs: list[Doc] = sorted(
            (d for d in docs if not d.get("draft")),
            key=operator.itemgetter("created"),
            reverse=True,
        )
        """Every confirmed answer, newest first."""
        self.story: list[Doc] = [d for d in self.docs if not is_bookkeeping(str(d.get("step", "")))]
        """The answers a sitting's story is told with: every step but the bookkeeping ones."""
        self._sittings: dict[Any, list[Doc]] = {}
        for doc in self.docs:
            self._sittings.setdefault(_sitting_key(doc), []).append(doc)
        self._records = {r.id: r for r in records}
        self._kinds = {e.id: e.kind for e in content.exercises.values()}
        self._last: tuple[Filters, list[Doc]] | None = None
        self._laid: tuple[Sequence[Doc], list[Line | Doc]] | None = None
        self._titles: dict[str, str] = {}

    # -- describing ---------------------------------------------------------------------

    def program_session_of(self, doc: Doc) -> str:
        """The program session id of an answer, or "anytime"."""
        record = self._records.get(doc.get("session") or "")
        return record.program_session if record is not None else "anytime"

    def exercise_title(self, exercise_id: str) -> str:
        """The exercise's title (or its id, if the content no longer has it)."""
        if exercise_id == CLOSING_EXERCISE:
            return CLOSING_TITLE
        try:
            return self.content.exercise(exercise_id).title
        except KeyError:
            return exercise_id

    def step_name(self, doc: Doc) -> str:
        """A short human name for the step an answer belongs to."""
        step = str(doc.get("step", ""))
        if step.startswith("prompt-"):
            prompt = self._prompt(doc)
            return short(prompt.text) if prompt is not None else retired_question(step)
        label = STEP_LABELS.get(step_base(step))
        return label.review if label is not None else step

    def _prompt(self, doc: Doc) -> Prompt | None:
        """The reflection question a ``prompt-N`` answer replies to, found by its saved step."""
        try:
            options = self.content.exercise(doc["exercise"]).options
        except KeyError:
            return None
        if not isinstance(options, ReflectionOptions):
            return None
        return options.prompt_for(str(doc.get("step", "")))

    def question(self, doc: Doc) -> str:
        """The question an answer replies to, in full: a prompt's own words, or the step's name."""
        step = str(doc.get("step", ""))
        if step.startswith("prompt-"):
            prompt = self._prompt(doc)
            if prompt is None:
                return retired_question(step)
            question = " ".join(prompt.text.split())
            # The answerer's word on a guess of their answer ("prompt-3.knew"). The row shows
            # the answerer's name, so "their own answer" says whose answer was guessed.
            if step.endswith(".knew"):
                return f"Was the guess of their own answer close enough? {question}"
            return question
        label = STEP_LABELS.get(step_base(step))
        if label is None:
            return step
        part = part_number(step)
        return f"{label.export}, part {part}" if label.numbered and part else label.export

    def row(self, doc: Doc) -> Row:
        """One answer as a row of the list: the question in full (the list cuts it to fit)."""
        private = doc.get("visibility") == "private"
        words = "(private answer)" if private else " ".join(row_text(doc.get("value")).split())
        step = str(doc.get("step", ""))
        label = STEP_LABELS.get(step_base(step))
        question = self.question(doc) if step.startswith("prompt-") or label is None else (
            label.review
        )
        return Row(str(doc.get("partner", "")), question, words[:400], private)

    def sitting(self, doc: Doc) -> list[Doc]:
        """Every confirmed answer of the sitting ``doc`` belongs to, oldest first.

        A sitting is a session's sitting; an answer outside the sessions is its
        own attempt. Read from an index built with the history, so opening a
        sitting costs its own answers only.
        """
        # Sorted afresh rather than reversed, so answers saved in the same second
        # keep the order they were saved in.
        return sorted(self._sittings.get(_sitting_key(doc), [doc]), key=_created)

    def label(self, doc: Doc) -> str:
        """One line for an answer: ``partner-key TAB step: words`` (private words hidden)."""
        if doc.get("visibility") == "private":
            words = "(private answer)"
        else:
            words = " ".join(value_text(doc.get("value")).split())
        return f"{doc.get('partner', '')}\t{self.step_name(doc)}: {words[:300]}"

    # -- choosing ------------------------------------------------------------------------

    def _keeps(self, doc: Doc, filters: Filters) -> bool:
        if filters.partner and doc.get("partner") != filters.partner:
            return False
        if filters.kind and self._kinds.get(doc.get("exercise", "")) != filters.kind:
            return False
        if filters.session and self.program_session_of(doc) != filters.session:
            return False
        created = doc.get("created", "")
        if filters.since and created[: len(filters.since)] < filters.since:
            return False
        return not (filters.until and created[: len(filters.until)] > filters.until)

    def matching(self, filters: Filters) -> list[Doc]:
        """The answers that pass ``filters``, newest first."""
        needle = " ".join(filters.text.casefold().split())
        base = replace(filters, text="")
        pool: list[Doc] | None = None
        if self._last is not None:
            last_filters, last_result = self._last
            if replace(last_filters, text="") == base and needle.startswith(last_filters.text):
                pool = last_result  # a longer search can only narrow the last result
        if pool is None:
            source = self.docs if base.every_step else self.story
            everything = replace(base, every_step=False) == Filters()
            pool = source if everything else [d for d in source if self._keeps(d, base)]
        if needle:
            pool = [d for d in pool if self._contains(d, needle)]
        self._last = (replace(base, text=needle), pool)
        return pool

    def _contains(self, doc: Doc, needle: str) -> bool:
        exercise = doc.get("exercise", "")
        title = self._titles.get(exercise)
        if title is None:
            title = self._titles[exercise] = self.exercise_title(exercise).casefold()
        if needle in title:
            return True
        if doc.get("visibility") == "private":
            return False
        value = doc.get("value")
        text = value if isinstance(value, str) else value_text(value)
        return needle in text.casefold()

    # -- laying out ------------------------------------------------------------------------

    def lines(self, docs: Sequence[Doc]) -> list[Line | Doc]:
        """Headers and answers: a header per sitting, then per exercise attempt.

        Answer rows are the answer documents themselves (a long history has tens
        of thousands of them, laid out again at every keystroke). The layout of
        the last list asked for is kept, so opening Review on the list built
        while home was shown costs nothing; treat the result as read-only.
        """
        if self._laid is not None and self._laid[0] is docs:
            return self._laid[1]
        lines: list[Line | Doc] = []
        sitting: object = object()
        attempt: object = object()
        for doc in docs:
            session = doc.get("session")
            run = doc.get("run")
            if session != sitting or (session is None and run != attempt):
                sitting = session
                attempt = object()
                lines.append(Line(0, self._sitting_title(doc)))
            if run != attempt:
                attempt = run
                lines.append(Line(1, self.exercise_title(doc.get("exercise", ""))))
            lines.append(doc)
        self._laid = (docs, lines)
        return lines

    def sitting_title(self, doc: Doc) -> str:
        """The heading of the sitting ``doc`` belongs to: "Session 2: Listening · 1 March 2025"."""
        return self._sitting_title(doc)

    def _sitting_title(self, doc: Doc) -> str:
        when = long_date(doc.get("created", ""))
        record = self._records.get(doc.get("session") or "")
        if record is None:
            return f"Anytime · {when}"
        try:
            session = self.content.session(record.program_session)
        except KeyError:
            return f"{record.program_session} · {when}"
        return f"Session {session.number}: {session.title} · {when}"


def _created(doc: Doc) -> str:
    return str(doc.get("created", ""))


def _sitting_key(doc: Doc) -> Any:
    """What the answers of one sitting share: their session's sitting, or else their attempt."""
    session = doc.get("session")
    if session:
        return session
    run = doc.get("run")
    return ("attempt", run) if run else ("answer", doc.get("uuid"))


class _Prepared(NamedTuple):
    """A built Review index, and what it was built from."""

    generation: int
    content: Content
    history: History


_prepared: weakref.WeakKeyDictionary[WorkbookStore, _Prepared] = weakref.WeakKeyDictionary()
"""The Review index of each store, held only as long as the store itself is."""


def prepared_history(store: WorkbookStore, content: Content) -> History:
    """The Review index of ``store``, built once and reused until the workbook changes.

    Home builds it while nobody is waiting, so that Review opens at once. Any
    change to the workbook (``store.generation``) or other content means it
    is built again on the next call.
    """
    cached = _prepared.get(store)
    if cached is not None and cached.generation == store.generation and cached.content is content:
        return cached.history
    generation = store.generation
    history = History(store.answer_docs(), content, store.session_records())
    history.lines(history.matching(Filters()))  # lay out the unfiltered list too
    _prepared[store] = _Prepared(generation, content, history)
    return history
