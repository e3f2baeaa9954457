"""Check-in ratings without any screen: what they hold, where they differ, and the first one.

A check-in answer (step ``ratings``) is an object with four of the five
pillars and mood as whole numbers from 0 to 10, and a ``note``. The fifth,
safety, is asked too, but only for the person who gives it: it is never
saved, shown to the other partner, compared or exported (``UNKEPT``). This module reads them
back from a :class:`~workbook.store.WorkbookStore` for comparisons such as
"your first check-in beside today's". It never imports Textual.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from workbook.dates import short_date
from workbook.model import Answer, PartnerKey, Visibility
from workbook.store import WorkbookStore

STEP = "ratings"
"""The step every check-in saves its answer under."""

PILLARS: tuple[str, ...] = ("trust", "safety", "vulnerability", "openness", "sharing")
"""The five pillars, in the order they are asked."""

ASKED: tuple[str, ...] = (*PILLARS, "mood")
"""Everything a partner is asked to rate, in order."""

UNKEPT: frozenset[str] = frozenset({"safety"})
"""Ratings asked for the asker alone: never saved, revealed, compared or exported.

A partner who is afraid of the other cannot answer "how safe do you feel"
honestly if the answer will be shown, or kept where it can be read later.
"""

RATINGS: tuple[str, ...] = tuple(key for key in ASKED if key not in UNKEPT)
"""Everything a saved check-in holds, in order: what is revealed, compared and trended."""

LOWEST, HIGHEST = 0, 10
"""The scale every rating uses."""

LOW = 3
"""An unkept rating this low (or lower) quietly offers the support page to whoever gave it."""

LABELS: Mapping[str, str] = {
    "trust": "Trust",
    "safety": "Safety",
    "vulnerability": "Vulnerability",
    "openness": "Openness and honesty",
    "sharing": "Sharing",
    "mood": "Mood",
}
"""How each rating is named on screen."""

WORTH_TALKING_ABOUT = 3
"""Two numbers this far apart (or more) are worth a conversation."""


def is_rating(value: Any) -> bool:
    """True for a whole number from 0 to 10 (and not a bool)."""
    return isinstance(value, int) and not isinstance(value, bool) and LOWEST <= value <= HIGHEST


def missing(value: Any, asked: tuple[str, ...] = RATINGS) -> list[str]:
    """The ratings of ``asked`` not given yet in a (possibly partial) check-in value, in order."""
    given = value if isinstance(value, Mapping) else {}
    return [key for key in asked if not is_rating(given.get(key))]


def kept(value: Mapping[str, Any]) -> dict[str, Any]:
    """A check-in value without the unkept ratings: what may be saved, shown or exported.

    Check-ins saved by earlier versions may hold a safety number; everything
    that shows or exports an answer passes its value through here first.
    """
    return {key: item for key, item in value.items() if key not in UNKEPT}


def is_complete(value: Any) -> bool:
    """True when every pillar and mood has a rating from 0 to 10."""
    return isinstance(value, Mapping) and not missing(value)


def differences(
    first: Mapping[str, Any], second: Mapping[str, Any], *, at_least: int = WORTH_TALKING_ABOUT
) -> list[str]:
    """The ratings where the two differ by ``at_least`` or more, in order."""
    return [
        key for key in RATINGS
        if is_rating(first.get(key)) and is_rating(second.get(key))
        and abs(first[key] - second[key]) >= at_least
    ]


def changes(then: Mapping[str, Any], now: Mapping[str, Any]) -> dict[str, int]:
    """For each rating present in both, how far it moved (now minus then)."""
    return {
        key: now[key] - then[key]
        for key in RATINGS
        if is_rating(then.get(key)) and is_rating(now.get(key))
    }


@dataclass(frozen=True)
class CheckIn:
    """One partner's confirmed check-in."""

    partner: PartnerKey
    ratings: dict[str, int]
    note: str
    private: bool
    created: str
    exercise: str
    run: str | None

    @classmethod
    def from_answer(cls, answer: Answer) -> CheckIn:
        """The check-in an answer holds (the answer must hold a complete one)."""
        value = answer.value
        note = value.get("note")
        return cls(
            partner=answer.partner,
            ratings={key: value[key] for key in RATINGS},
            note=note if isinstance(note, str) else "",
            private=answer.visibility == Visibility.PRIVATE,
            created=answer.created,
            exercise=answer.exercise,
            run=answer.run,
        )


def check_ins(
    store: WorkbookStore, *, partner: PartnerKey | None = None, exclude_run: str | None = None
) -> list[CheckIn]:
    """Confirmed check-ins of finished attempts, oldest first.

    Drafts never count, and neither do attempts left half-way: a rating from
    an attempt that never reached its reveal was never seen by the other
    partner, so it must not turn up anywhere else. Answers whose attempt is
    not in the file (imported history, sample data) count as finished.
    """
    runs = {run.id: run for run in store.runs()}
    found = [
        answer for answer in store.iter_answers()
        if answer.step == STEP
        and not answer.draft
        and (partner is None or answer.partner == partner)
        and (exclude_run is None or answer.run != exclude_run)
        and is_complete(answer.value)
        and (answer.run not in runs or runs[answer.run].is_done)
    ]
    found.sort(key=_when_key)
    return [CheckIn.from_answer(answer) for answer in found]


def _when_key(answer: Answer) -> tuple[int, Any]:
    try:
        return (1, datetime.fromisoformat(answer.created).timestamp())
    except ValueError:
        return (0, 0)


def first_and_latest(
    store: WorkbookStore, partner: PartnerKey, *, exclude_run: str | None = None
) -> tuple[CheckIn | None, CheckIn | None]:
    """A partner's first and latest check-in (the same one if there is only one)."""
    found = check_ins(store, partner=partner, exclude_run=exclude_run)
    if not found:
        return None, None
    return found[0], found[-1]


def day_label(iso: str, *, today: date | None = None) -> str:
    """A saved time as a short local date ("3 Nov 2026"), or "today"."""
    return short_date(iso, today=today or date.today())

