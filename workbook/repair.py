"""The repair phrases shown from the pause: the couple's own, and the well-tried ones.

The "Our repair phrases" exercise ranks a list of phrases and ends with the
few the couple chose to try, in their own words. The pause shows both, so a
phrase is at hand when they come back to a talk that went wrong.
"""

from __future__ import annotations

from typing import NamedTuple

from workbook.content import Content, ReflectionOptions
from workbook.model import PARTNER_KEYS, PartnerKey, Visibility
from workbook.store import WorkbookStore

EXERCISE = "repair-phrases"
"""The exercise whose phrases these are."""
OWN_STEP = "prompt-3"
"""Its question where the couple write the phrases they chose."""


class RepairPhrases(NamedTuple):
    """What the pause shows: each partner's chosen phrases, and the list everyone starts from."""

    own: list[tuple[PartnerKey, str]]
    """(partner key, what they wrote), the latest confirmed, shared answer of each."""
    suggested: tuple[str, ...]
    """The well-tried phrases the exercise lists (empty if the content has no such exercise)."""


def repair_phrases(store: WorkbookStore, content: Content) -> RepairPhrases:
    """The couple's own repair phrases (never a private or draft answer) and the suggested ones."""
    try:
        exercise = content.exercise(EXERCISE)
    except KeyError:
        return RepairPhrases([], ())
    suggested: tuple[str, ...] = ()
    options = exercise.options
    if isinstance(options, ReflectionOptions) and options.prompts:
        suggested = options.prompts[0].choices  # the first question ranks the list
    own: list[tuple[PartnerKey, str]] = []
    for partner in PARTNER_KEYS:
        kept = [
            answer for answer in store.answers_at_place(EXERCISE, OWN_STEP, partner)
            if not answer.draft and answer.visibility != Visibility.PRIVATE
            and isinstance(answer.value, str) and answer.value.strip()
        ]
        if kept:
            own.append((partner, str(kept[-1].value).strip()))
    return RepairPhrases(own, suggested)
