"""Where a couple stands in the program, worked out from their session records.

Only the small ``sessions`` table is read, never the answers, so the home
screen is ready at once however long the history is.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from workbook.model import SessionRecord


class Status(StrEnum):
    """How far a couple got with one program session."""

    NOT_STARTED = "not started"
    IN_PROGRESS = "in progress"
    DONE = "done"


@dataclass(frozen=True)
class SessionProgress:
    """The state of one program session for this couple."""

    session_id: str
    status: Status
    times_done: int
    open_record: SessionRecord | None
    """The unfinished sitting to resume, if there is one."""


@dataclass(frozen=True)
class Progress:
    """The whole program at a glance: per-session state and gentle totals."""

    sessions: tuple[SessionProgress, ...]
    next_session: str | None
    """The first session not yet done, or None when all are done."""
    sessions_done: int
    weeks_practised: int
    """Distinct calendar weeks in which the couple sat down together."""

    def of(self, session_id: str) -> SessionProgress:
        """The progress of one session."""
        for item in self.sessions:
            if item.session_id == session_id:
                return item
        raise KeyError(session_id)


def _week(timestamp: str) -> tuple[int, int] | None:
    try:
        day: date = datetime.fromisoformat(timestamp).date()
    except ValueError:
        return None
    year, week, _ = day.isocalendar()
    return year, week


def compute_progress(session_ids: Sequence[str], records: Iterable[SessionRecord]) -> Progress:
    """Combine the program's session ids (in order) with the couple's records."""
    records = list(records)
    items = []
    for session_id in session_ids:
        mine = [r for r in records if r.program_session == session_id]
        done = sum(1 for r in mine if r.is_done)
        unfinished = [r for r in mine if not r.is_done]
        open_record = max(unfinished, key=lambda r: r.started) if unfinished else None
        if open_record is not None:
            status = Status.IN_PROGRESS
        elif done:
            status = Status.DONE
        else:
            status = Status.NOT_STARTED
        items.append(SessionProgress(session_id, status, done, open_record))
    next_session = next((i.session_id for i in items if i.times_done == 0), None)
    weeks = {
        week
        for r in records
        for stamp in (r.started, r.completed)
        if stamp and (week := _week(stamp)) is not None
    }
    return Progress(
        sessions=tuple(items),
        next_session=next_session,
        sessions_done=sum(1 for i in items if i.times_done),
        weeks_practised=len(weeks),
    )
