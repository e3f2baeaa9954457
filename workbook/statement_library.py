"""Each partner's library of finished "I" statements, and a statement's sentence.

The "I" statement builder saves each statement under one step
(``labels.STATEMENT_STEP``). The library is every confirmed (non-draft)
statement, found through the store's index of steps: at tens of thousands of
answers it costs as many answers as there are statements, not a walk through
all of them. The builder's own sentence rules are in ``workbook.statements``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from workbook.labels import STATEMENT_STEP
from workbook.model import PARTNER_KEYS, Answer, PartnerKey, Visibility
from workbook.statements import FIELDS, SHAPES
from workbook.store import WorkbookStore


def _when(answer: Answer) -> float:
    try:
        return datetime.fromisoformat(answer.created).timestamp()
    except ValueError:
        return float("-inf")


def finished_statements(store: WorkbookStore) -> list[Answer]:
    """Every confirmed statement, both partners', in the order first saved."""
    return [answer for answer in store.answers_at_step(STATEMENT_STEP) if not answer.draft]


def statement_library(store: WorkbookStore) -> dict[PartnerKey, list[Answer]]:
    """Each partner's finished statements, newest first (private ones included)."""
    found: dict[PartnerKey, list[Answer]] = {key: [] for key in PARTNER_KEYS}
    for answer in finished_statements(store):
        if answer.partner in found:
            found[answer.partner].append(answer)
    for answers in found.values():
        answers.sort(key=_when, reverse=True)
    return found


def latest_statements(store: WorkbookStore, partner: PartnerKey, limit: int = 2) -> list[str]:
    """The sentences of ``partner``'s last shared statements, different ones only, latest first.

    For the listening drill, which offers them as topics on a screen both
    partners can see: a statement its writer kept private is never offered.
    """
    found: list[str] = []
    for answer in reversed(finished_statements(store)):
        if answer.partner != partner or is_private(answer) or not isinstance(answer.value, Mapping):
            continue
        text = answer.value.get("text")
        if isinstance(text, str) and text and text not in found:
            found.append(text)
            if len(found) == limit:
                break
    return found


def is_private(answer: Answer) -> bool:
    """True for a statement its writer kept to themselves."""
    return answer.visibility == Visibility.PRIVATE


def statement_field(value: Any, name: str) -> str:
    """One part of a stored statement, trimmed ("" if it has none)."""
    if isinstance(value, Mapping):
        got = value.get(name)
        return got.strip() if isinstance(got, str) else ""
    return ""


def statement_parts(value: Any) -> list[tuple[str, str]]:
    """A stored statement's filled-in parts, in sentence order, each with its lead-in.

    The lead-ins are those of the shape the statement was written in (a thank-you
    reads "because it", not "because I need"); an unknown shape reads as three parts.
    """
    return statement_parts_of(value, FIELDS)


def statement_summary(value: Any) -> list[tuple[str, str]]:
    """The feeling and the need of a stored statement, each with its shape's lead-in.

    A list row names these two in the statement's own words ("I feel grateful ·
    because it gave me rest" for a thank-you), as the whole statement's parts do.
    """
    return statement_parts_of(value, ("feeling", "need"))


def statement_parts_of(value: Any, names: Sequence[str]) -> list[tuple[str, str]]:
    """The filled-in parts ``names`` of a stored statement, each with its shape's lead-in."""
    shape = SHAPES.get(statement_field(value, "variant")) or SHAPES["three_part"]
    parts = [(shape.wording(name).label, statement_field(value, name)) for name in names]
    return [(lead, text) for lead, text in parts if text]


def statement_text(value: Any) -> str:
    """The assembled sentence of a stored statement (or its parts, for an odd one)."""
    if isinstance(value, str):
        return value.strip()
    text = statement_field(value, "text")
    if text:
        return text
    return " · ".join(f"{lead} {text}" for lead, text in statement_parts(value))
