"""Saved times as dates a person reads: "14 March 2025", "3 Nov 2026", "today".

The workbook saves every time as ISO 8601 in UTC. Month names come from here
rather than from ``strftime``, whose names follow the process's locale.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

MONTHS = (
    "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December",
)
"""Month names, January first."""

UNKNOWN_DAY = "an earlier day"
"""What a short date says for a time that cannot be read."""


def long_date(stamp: Any) -> str:
    """The stored (UTC) date in full: "2025-03-14T19:02:00+00:00" → "14 March 2025".

    Something that is not a date comes back as its first ten characters, so an
    odd imported value shows as itself without filling the line.
    """
    text = str(stamp)
    try:
        day = date.fromisoformat(text[:10])
    except ValueError:
        return text[:10]
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def short_date(stamp: str, *, today: date | None = None) -> str:
    """The local date in short: "3 Nov 2026"; "today" for ``today``'s date, when given."""
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return UNKNOWN_DAY
    local = moment.astimezone() if moment.tzinfo is not None else moment
    if today is not None and local.date() == today:
        return "today"
    return f"{local.day} {MONTHS[local.month - 1][:3]} {local.year}"


def local_moment(moment: datetime) -> str:
    """A local date and time in full, for a file's own time: "14 March 2025 at 19:02"."""
    return f"{moment.day} {MONTHS[moment.month - 1]} {moment.year} at {moment:%H:%M}"
