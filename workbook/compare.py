"""Two partners' answers to the same question, side by side: what they share.

The reveal after a question may add one gentle line: "you both chose the
same", "you both put this first", or, for numbers far apart, that it is worth
asking each other what the numbers mean. Two rankings also get a line on
where they differ most. It never judges who is right, and a
private answer is never compared with anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from workbook.model import Answer, Visibility

SCALE_GAP = 3
"""Two scale answers this far apart get a gentle "worth a few words" note."""


def same_answer(one: Any, other: Any) -> bool:
    """Equal, ignoring upper and lower case, spaces and a full stop at the end."""
    return _normal(one) == _normal(other) and _normal(one) != ""


KNEW = "knew"
"""The last part of a guess's "close enough?" step: ``prompt-3.knew``."""

CLOSE_ENOUGH = "yes"
"""Saved at ``prompt-N.knew`` when the answerer says the guess was close enough."""
NOT_REALLY = "no"
"""Saved at ``prompt-N.knew`` when the answerer says it was not really their answer."""


def knew_step(step: str) -> str:
    """Where the answerer's "close enough?" about the guess at ``step`` is saved."""
    return f"{step}.{KNEW}"


def guess_knew(own: Any, guess: Any, *, picked: bool, said: Any = None) -> bool | None:
    """Whether ``guess`` knew the answer ``own``: True, False, or None while nobody has said.

    A guess picked from the same choices knows the answer when it is the
    same choice. A written guess knows it when the words are the same
    (ignoring case, spaces and a full stop) or when the person who wrote
    ``own`` said it was close enough (``said``: ``"yes"`` or ``"no"``);
    None means only they can say, and have not yet.
    """
    if own is None or guess is None:
        return False
    if same_answer(own, guess):
        return True
    if picked:
        return False
    if said in (CLOSE_ENOUGH, NOT_REALLY):
        return said == CLOSE_ENOUGH
    return None


def _normal(value: Any) -> str:
    text = " ".join(str(value).split()).casefold()
    return re.sub(r"[\s.!?]+$", "", text)


def shown(answer: Answer | None) -> Any:
    """The value, or None when it is missing or private (private values are never compared)."""
    if answer is None or answer.visibility == Visibility.PRIVATE:
        return None
    return answer.value


def compare_note(kind: str, a: Answer | None, b: Answer | None) -> tuple[str, bool] | None:
    """A gentle line about two shared answers to a question of type ``kind``, or None.

    Returns the line and whether it marks something the two have in common.
    ``kind`` is the question's type: ``choice``, ``scale`` or ``ranking``
    (other types get no line).
    """
    one, two = shown(a), shown(b)
    if one is None or two is None:
        return None
    if kind == "choice" and same_answer(one, two):
        return "You both chose the same.", True
    if kind == "scale" and isinstance(one, int) and isinstance(two, int):
        if one == two:
            return "You both picked the same number.", True
        if abs(one - two) >= SCALE_GAP:
            return "You see this a little differently. Worth asking each other what your " \
                "number means.", False
    if kind == "ranking" and isinstance(one, list) and isinstance(two, list) \
            and one and two and one[0] == two[0]:
        return f"You both put “{one[0]}” first.", True
    return None


@dataclass(frozen=True)
class RankGap:
    """One item two rankings place apart: where each partner put it (1 is first)."""

    item: str
    first: int
    """Its place in the first partner's ranking."""
    second: int
    """Its place in the second partner's ranking."""

    @property
    def gap(self) -> int:
        """How many places apart the two put it."""
        return abs(self.first - self.second)


def ranking_gaps(one: list[Any], two: list[Any]) -> list[RankGap]:
    """The items the two rankings place furthest apart, in the first ranking's order.

    Only items in both rankings count. Empty when the two agree on every
    place. Several items come back when they share the largest gap.
    """
    places = {str(item): n for n, item in enumerate(two, start=1)}
    gaps = [
        RankGap(str(item), n, places[str(item)])
        for n, item in enumerate(one, start=1)
        if str(item) in places
    ]
    widest = max((gap.gap for gap in gaps), default=0)
    if widest == 0:
        return []
    return [gap for gap in gaps if gap.gap == widest]


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th … 11th, 12th, 13th … 21st."""
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ranking_gap_note(
    a: Answer | None, b: Answer | None, name_a: str, name_b: str
) -> str | None:
    """One line on where two shared rankings differ most, or None.

    None when either ranking is private or missing, or the two are the same.
    At most two items are named, so the line stays short.
    """
    one, two = shown(a), shown(b)
    if not isinstance(one, list) or not isinstance(two, list):
        return None
    gaps = ranking_gaps(one, two)
    if not gaps:
        return None
    named = [
        f"“{gap.item}” ({name_a} {ordinal(gap.first)}, {name_b} {ordinal(gap.second)})"
        for gap in gaps[:2]
    ]
    return (
        f"You differ most on {' and '.join(named)}. "
        "Worth asking each other what it means to you."
    )
