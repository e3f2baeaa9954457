"""The check-in tables, worked out without a screen."""

from __future__ import annotations

from workbook.checkin_tables import (
    CUE,
    MUTED,
    STRONG,
    plain_text,
    ratings_table,
    signed,
    then_now_table,
)
from workbook.checkins import LABELS, RATINGS, CheckIn
from workbook.model import Partner

ALEX = Partner("a", "Alex", "#e07a5f")
SAM = Partner("b", "Sam", "#3d85c6")


def ratings(**given: int) -> dict[str, int]:
    return {key: given.get(key, 5) for key in RATINGS}


def check_in(partner: str, created: str, private: bool = False, **given: int) -> CheckIn:
    return CheckIn(partner=partner, ratings=ratings(**given), note="", private=private,
                   created=created, exercise="check-in", run=None)


def row(lines, key: str) -> str:
    text = plain_text(lines)
    return next(line for line in text.splitlines() if line.startswith(LABELS[key]))


def test_three_or_more_apart_is_worth_talking_about_and_nothing_else() -> None:
    lines, flagged = ratings_table([(ALEX, ratings(trust=8)), (SAM, ratings(trust=5, mood=7))])
    assert flagged == ["trust"]
    assert CUE in row(lines, "trust") and CUE not in row(lines, "mood")
    numbers = [cell for cell in lines[1] if cell.tone == STRONG]
    assert [cell.colour for cell in numbers] == [ALEX.colour, SAM.colour]


def test_a_partner_with_nothing_to_show_gets_dashes_and_no_comparison() -> None:
    lines, flagged = ratings_table([(ALEX, ratings(trust=9)), (SAM, None)])
    assert flagged == []
    assert "—" in row(lines, "trust") and "9" in row(lines, "trust")
    assert all(cell.tone == MUTED for cell in lines[1][2:])


def test_then_and_now_shows_the_change_and_hides_a_private_check_in() -> None:
    then = check_in("a", "2026-01-05T10:00:00+00:00", trust=4)
    now = check_in("a", "2026-03-05T10:00:00+00:00", trust=7)
    hidden = check_in("b", "2026-03-05T10:00:00+00:00", private=True, trust=1)
    lines, notes = then_now_table([(ALEX, then, now), (SAM, None, hidden)])
    trust = row(lines, "trust")
    assert "4 → 7" in trust and "+3" in trust and "1" not in trust.split("+3")[1]
    assert notes == ["🔒 private answer by Sam"]


def test_a_change_reads_with_a_true_minus_sign() -> None:
    assert (signed(2), signed(-1), signed(0)) == ("+2", "−1", "")
