"""The check-in's two tables, as rows of cells: both partners side by side, and then and now.

The reveal shows each partner's numbers beside the other's and marks the
ones three or more apart; "then and now" shows each partner's first check-in
beside this one. Both are worked out here, without a screen, as lines of
:class:`Cell`; the screen only gives each cell its look (``tone``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from workbook.checkins import LABELS, RATINGS, CheckIn, day_label, differences, is_rating
from workbook.model import Partner

CUE = "◆ worth talking about"
"""Beside a rating where the two are three or more apart."""
LABEL_WIDTH = 22
"""Width of the column of names (the longest is 20)."""
NAME_WIDTH = 16
"""A partner's name is cut to this many characters in a column header."""

PLAIN = "plain"
MUTED = "muted"
STRONG = "strong"
"""In the partner's own colour, bold."""
CUED = "cue"


@dataclass(frozen=True)
class Cell:
    """Some text in a table and how it should look (``tone``; ``colour`` for a partner's)."""

    text: str
    tone: str = PLAIN
    colour: str = ""


Line = list[Cell]


def _centre(text: str, width: int) -> str:
    return f"{text:^{width}}"


def ratings_table(
    pairs: Sequence[tuple[Partner, Mapping[str, Any] | None]],
) -> tuple[list[Line], list[str]]:
    """The reveal's lines and the ratings marked worth talking about.

    A partner whose value is None has no numbers to show (kept private, or
    passed): their column shows a dash on every row, and no difference is
    worked out with them.
    """
    widths = [max(len(partner.name[:NAME_WIDTH]), 4) + 4 for partner, _ in pairs]
    header: Line = [Cell(" " * LABEL_WIDTH)]
    for (partner, _value), width in zip(pairs, widths, strict=True):
        header.append(Cell(_centre(partner.name[:NAME_WIDTH], width), STRONG, partner.colour))
    lines = [header]
    present = [value for _partner, value in pairs if value is not None]
    flagged = differences(present[0], present[1]) if len(present) == len(pairs) else []
    for key in RATINGS:
        line: Line = [Cell(f"{LABELS[key]:<{LABEL_WIDTH}}")]
        for (partner, value), width in zip(pairs, widths, strict=True):
            if value is None or not is_rating(value.get(key)):
                line.append(Cell(_centre("—", width), MUTED))
            else:
                line.append(Cell(_centre(str(value[key]), width), STRONG, partner.colour))
        if key in flagged:
            line.append(Cell(f"  {CUE}", CUED))
        lines.append(line)
    return lines, flagged


def then_now_table(
    rows: Sequence[tuple[Partner, CheckIn | None, CheckIn | None]],
) -> tuple[list[Line], list[str]]:
    """For each partner, their first check-in beside this one, and notes to show below.

    ``then`` or ``now`` is None when there is none; either is shown as a dash
    when it was kept private.
    """
    headers = []
    for _partner, then, now in rows:
        then_day = day_label(then.created) if then is not None else "—"
        now_day = day_label(now.created) if now is not None else "—"
        if then_day == now_day == "today":
            then_day = "earlier today"
        headers.append(f"{then_day} → {now_day}")
    widths = [
        max(len(header), len(partner.name[:NAME_WIDTH]), 14) + 3
        for header, (partner, _then, _now) in zip(headers, rows, strict=True)
    ]
    names: Line = [Cell(" " * LABEL_WIDTH)]
    days: Line = [Cell(" " * LABEL_WIDTH)]
    for (partner, _then, _now), header, width in zip(rows, headers, widths, strict=True):
        names.append(Cell(f"{partner.name[:NAME_WIDTH]:<{width}}", STRONG, partner.colour))
        days.append(Cell(f"{header:<{width}}", MUTED))
    lines = [names, days]
    for key in RATINGS:
        line: Line = [Cell(f"{LABELS[key]:<{LABEL_WIDTH}}")]
        for (partner, then, now), width in zip(rows, widths, strict=True):
            before = then.ratings[key] if then is not None and not then.private else None
            after = now.ratings[key] if now is not None and not now.private else None
            moved = "" if before is None or after is None else signed(after - before)
            cell = [
                Cell(f"{before:>2}" if before is not None else " —", MUTED),
                Cell(" → ", MUTED),
                Cell(f"{after:<2}" if after is not None else "— ", STRONG, partner.colour),
                Cell(f"  {moved}", MUTED),
            ]
            used = sum(len(part.text) for part in cell)
            line += [*cell, Cell(" " * max(1, width - used))]
        lines.append(line)
    notes: list[str] = []
    for partner, then, now in rows:
        if now is not None and now.private:
            notes.append(f"🔒 private answer by {partner.name}")
        elif then is None:
            notes.append(f"This is {partner.name}'s first check-in.")
        elif then.private:
            notes.append(f"🔒 {partner.name} kept their first check-in private.")
    return lines, notes


def signed(number: int) -> str:
    """A change in a rating: "+2", "−1" (a true minus sign), or "" for none."""
    if number > 0:
        return f"+{number}"
    if number < 0:
        return f"−{-number}"
    return ""


def plain_text(lines: Sequence[Line]) -> str:
    """The table as plain text, its lines' trailing spaces trimmed."""
    return "\n".join("".join(cell.text for cell in line).rstrip() for line in lines)
