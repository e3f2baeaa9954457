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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, NamedTuple

from workbook.checkins import kept
from workbook.content import Content, ReflectionOptions
from workbook.model import SessionRecord

Doc = dict[str, Any]

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)


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


class Line(NamedTuple):
    """A header row of the history: a sitting (``level`` 0) or an exercise attempt (1)."""

    level: int
    text: str


def nice_date(stamp: str) -> str:
    """ "2025-03-14T19:02:00+00:00" → "14 March 2025"."""
    try:
        day = date.fromisoformat(stamp[:10])
    except ValueError:
        return stamp[:10]
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


CHOICE_WORDS = {
    "got_it": "yes, that's it",
    "not_quite": "not quite",
    "more": "there's more",
    "enough": "that's it for now",
    "fits": "yes, that fits",
}
"""How the buttons' stored values read back."""


def value_text(value: Any) -> str:
    """Any stored value as plain text (for searching and previews)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return CHOICE_WORDS.get(value, value)
    if isinstance(value, dict):
        if isinstance(value.get("text"), str):
            return value["text"]
        if set(value) == {"self", "guess"}:
            return f"own answer: {value_text(value['self'])} · guess: {value_text(value['guess'])}"
        # A check-in from an earlier version may hold a safety number: never shown.
        return ", ".join(f"{k} {value_text(v)}" for k, v in kept(value).items())
    if isinstance(value, list):
        return ", ".join(value_text(v) for v in value)
    return str(value)


def short(text: str, limit: int = 28) -> str:
    """``text`` cut to about ``limit`` characters at a word, without end punctuation."""
    text = " ".join(text.split()).rstrip(".?!:")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"


STEP_NAMES = {
    "topic": "topic",
    "chunk": "said",
    "clarify": "clarified",
    "paraphrase": "heard",
    "mark": "was that it?",
    "more": "more?",
    "validation": "makes sense because",
    "empathy": "imagined feeling",
    "fits": "did it fit?",
    "statement": "“I” statement",
    "reflection": "said back",
    "heard": "heard?",
    "dream": "dream",
    "questions": "asked",
    "learned": "learned",
    "support": "support",
    "ratings": "check-in",
    "closing": "to close",
}


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
        self._records = {r.id: r for r in records}
        self._kinds = {e.id: e.kind for e in content.exercises.values()}
        self._last: tuple[Filters, list[Doc]] | None = None
        self._titles: dict[str, str] = {}

    # -- describing ---------------------------------------------------------------------

    def program_session_of(self, doc: Doc) -> str:
        """The program session id of an answer, or "anytime"."""
        record = self._records.get(doc.get("session") or "")
        return record.program_session if record is not None else "anytime"

    def exercise_title(self, exercise_id: str) -> str:
        """The exercise's title (or its id, if the content no longer has it)."""
        if exercise_id == "_closing":
            return "Closing the session"
        try:
            return self.content.exercise(exercise_id).title
        except KeyError:
            return exercise_id

    def step_name(self, doc: Doc) -> str:
        """A short human name for the step an answer belongs to."""
        step = str(doc.get("step", ""))
        if step.startswith("prompt-"):
            try:
                options = self.content.exercise(doc["exercise"]).options
                number = int(step.removeprefix("prompt-").split(".")[0])
                if isinstance(options, ReflectionOptions) and 0 < number <= len(options.prompts):
                    return short(options.prompts[number - 1].text)
            except (KeyError, ValueError):
                pass
            return step
        base = step.split("-")[0].split(".")[0]
        return STEP_NAMES.get(base, step)

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
            everything = base == Filters()
            pool = self.docs if everything else [d for d in self.docs if self._keeps(d, base)]
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
        of thousands of them, laid out again at every keystroke).
        """
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
        return lines

    def _sitting_title(self, doc: Doc) -> str:
        when = nice_date(doc.get("created", ""))
        record = self._records.get(doc.get("session") or "")
        if record is None:
            return f"Anytime · {when}"
        try:
            session = self.content.session(record.program_session)
        except KeyError:
            return f"{record.program_session} · {when}"
        return f"Session {session.number}: {session.title} · {when}"
