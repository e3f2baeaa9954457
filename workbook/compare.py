"""Two partners' answers to the same question, side by side: what they share.

The reveal after a question may add one gentle line: "you both chose the
same", "you both put this first", or, for numbers far apart, that it is worth
asking each other what the numbers mean. It never judges who is right, and a
private answer is never compared with anything.
"""

from __future__ import annotations

import re
from typing import Any

from workbook.model import Answer, Visibility

SCALE_GAP = 3
"""Two scale answers this far apart get a gentle "worth a few words" note."""


def same_answer(one: Any, other: Any) -> bool:
    """Equal, ignoring upper and lower case, spaces and a full stop at the end."""
    return _normal(one) == _normal(other) and _normal(one) != ""


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
