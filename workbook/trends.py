"""Check-in ratings over time, per partner and pillar, without any screen.

A check-in answer (step ``ratings``) holds the five pillars and mood as whole
numbers from 0 to 10, and a note. This module gathers them into one series
per partner and rating, oldest first, for the Trends page. It never imports
Textual.

What counts, and what is left out:

- Drafts never count: a number still being chosen was never confirmed.
- Check-ins of an attempt left half-way never count either (when the source
  is a ``WorkbookStore``, or when ``open_runs`` names the attempt): they never
  reached the reveal, so the other partner never saw them.
- A check-in with a rating missing or out of range is skipped as a whole, so
  "first" and "latest" always mean the same sitting for every rating.
- A **private** check-in is never part of a series, a first, a latest or an
  average: its numbers must not reach the other partner, and Trends is a page
  both partners look at. It is only counted, so the page can say that a
  partner kept some check-ins private (``PartnerTrend.private_count``).

Progress is shown as a series, never as a streak or a score: nothing here
counts days in a row or turns the numbers into a grade.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from workbook.checkins import LABELS, RATINGS, STEP, is_complete
from workbook.dates import MONTHS, UNKNOWN_DAY
from workbook.model import PARTNER_KEYS, Answer, PartnerKey, Visibility
from workbook.store import WorkbookStore


@dataclass(frozen=True)
class CheckInPoint:
    """One shared check-in of one partner: when, the six numbers, and the note."""

    created: str
    ratings: Mapping[str, int]
    note: str = ""

    @classmethod
    def from_answer(cls, answer: Answer) -> CheckInPoint:
        """The point a complete check-in answer holds."""
        value = answer.value
        note = value.get("note")
        return cls(
            created=answer.created,
            ratings={key: value[key] for key in RATINGS},
            note=note.strip() if isinstance(note, str) else "",
        )


@dataclass(frozen=True)
class PartnerTrend:
    """One partner's shared check-ins, oldest first, and how many they kept private."""

    partner: PartnerKey
    points: tuple[CheckInPoint, ...] = ()
    private_count: int = 0

    @property
    def count(self) -> int:
        """How many check-ins are shown."""
        return len(self.points)

    @property
    def first(self) -> CheckInPoint | None:
        """The earliest shown check-in."""
        return self.points[0] if self.points else None

    @property
    def latest(self) -> CheckInPoint | None:
        """The most recent shown check-in."""
        return self.points[-1] if self.points else None

    def series(self, rating: str) -> list[int]:
        """The numbers given for ``rating``, oldest first."""
        return [point.ratings[rating] for point in self.points]



@dataclass(frozen=True)
class Trends:
    """Both partners' check-in series."""

    a: PartnerTrend = field(default_factory=lambda: PartnerTrend("a"))
    b: PartnerTrend = field(default_factory=lambda: PartnerTrend("b"))

    def of(self, key: PartnerKey) -> PartnerTrend:
        """One partner's series."""
        return self.a if key == "a" else self.b

    @property
    def shown_count(self) -> int:
        """How many check-ins are shown, both partners together."""
        return self.a.count + self.b.count

    @property
    def private_count(self) -> int:
        """How many check-ins were kept private, both partners together."""
        return self.a.private_count + self.b.private_count

    @property
    def has_trend(self) -> bool:
        """True once either partner has at least two shown check-ins to draw a line through."""
        return self.a.count >= 2 or self.b.count >= 2


def _when(answer: Answer) -> float:
    try:
        return datetime.fromisoformat(answer.created).timestamp()
    except ValueError:
        return float("-inf")


def check_in_trends(
    source: WorkbookStore | Iterable[Answer], *, open_runs: Collection[str] = ()
) -> Trends:
    """Gather check-in series from a workbook (or from answers already read).

    ``open_runs`` lists attempts left half-way whose answers must not count;
    a ``WorkbookStore`` supplies them itself (answers whose attempt is not in
    the file, such as imported history or sample data, count as finished).
    """
    if isinstance(source, WorkbookStore):
        open_runs = {run.id for run in source.runs() if not run.is_done} | set(open_runs)
        answers: Iterable[Answer] = source.iter_answers()
    else:
        answers = source
    shown: dict[PartnerKey, list[Answer]] = {key: [] for key in PARTNER_KEYS}
    private: dict[PartnerKey, int] = dict.fromkeys(PARTNER_KEYS, 0)
    for answer in answers:
        if (
            answer.step != STEP
            or answer.draft
            or answer.partner not in shown
            or (answer.run is not None and answer.run in open_runs)
            or not is_complete(answer.value)
        ):
            continue
        if answer.visibility == Visibility.PRIVATE:
            private[answer.partner] += 1
        else:
            shown[answer.partner].append(answer)
    trends = {}
    for key in PARTNER_KEYS:
        ordered = sorted(shown[key], key=_when)
        trends[key] = PartnerTrend(
            key, tuple(CheckInPoint.from_answer(a) for a in ordered), private[key]
        )
    return Trends(trends["a"], trends["b"])


def _local(stamp: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    return moment.astimezone() if moment.tzinfo is not None else moment


def day_and_month(stamp: str, *, beside: str = "", short: bool = False) -> str:
    """A saved time as a local day, "3 March" ("3 Mar" when ``short``).

    The year is left out when it is the year of ``beside`` (the latest
    check-in), so the words stay the same whatever today's date is.
    """
    local = _local(stamp)
    if local is None:
        return UNKNOWN_DAY
    other = _local(beside)
    month = MONTHS[local.month - 1]
    words = f"{local.day} {month[:3] if short else month}"
    return words if other is not None and other.year == local.year else f"{words} {local.year}"


def span_of(trend: PartnerTrend) -> str:
    """The days a partner's line runs between, short to fit a column: "3 Mar → 1 Oct 2026"."""
    first, latest = trend.first, trend.latest
    if first is None or latest is None:
        return ""
    end = day_and_month(latest.created, short=True)
    if trend.count == 1:
        return end
    return f"{day_and_month(first.created, beside=latest.created, short=True)} → {end}"


def changes_in_words(trend: PartnerTrend) -> list[str]:
    """What moved between a partner's first shown check-in and their latest, one line each.

    "Trust rose from 4 to 6 since 3 March." A rating that stayed the same is
    not named; when none moved, one line says so. Nothing is said with fewer
    than two check-ins, and nothing is judged: a number went up or down.
    """
    first, latest = trend.first, trend.latest
    if first is None or latest is None or trend.count < 2:
        return []
    since = day_and_month(first.created, beside=latest.created)
    lines = []
    for key in RATINGS:
        before, after = first.ratings[key], latest.ratings[key]
        if after > before:
            lines.append(f"{LABELS[key]} rose from {before} to {after} since {since}.")
        elif after < before:
            lines.append(f"{LABELS[key]} went down from {before} to {after} since {since}.")
    return lines or [f"Every number is where it was on {since}."]
