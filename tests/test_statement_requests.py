"""The "I" statement reads as whole sentences whatever shape the request and situation take.

The coach suggests "Would you be willing to…?" and "Last Tuesday, when…";
people fit those after the builder's "I'd like" and "when" in many ways.
Every variant, with every way checked here, must come out as correct sentences:
never "and I would like you would be willing to…".
"""

from __future__ import annotations

import re

import pytest

from workbook.statements import VARIANTS, StatementParts, assemble

#: Ways of writing the coach's request, and what the partner is asked to do.
WILLING = [
    ("Would you be willing to call me at lunch", "call me at lunch"),
    ("would you be willing to call me at lunch?", "call me at lunch"),
    ("you would be willing to call me at lunch", "call me at lunch"),
    ("you'd be willing to call me at lunch", "call me at lunch"),
    ("if you would be willing to call me at lunch", "call me at lunch"),
    ("that you would be willing to call me at lunch", "call me at lunch"),
    ("and would you be willing to call me at lunch", "call me at lunch"),
    ("I would like you to be willing to call me at lunch", "call me at lunch"),
    ("I'd like you would be willing to call me at lunch", "call me at lunch"),
    ("are you willing to call me at lunch", "call me at lunch"),
    ("willing to call me at lunch", "call me at lunch"),
    ("you being willing to call me at lunch", "call me at lunch"),
]

#: Asking what the partner would do, in a shape that needs "you to" after "I would like".
YOU_DO = [
    "that you call me at lunch",
    "if you would call me at lunch",
    "if you'd call me at lunch",
    "you would call me at lunch",
    "you could call me at lunch",
]

BASE = {"feeling": "lonely", "situation": "you worked late", "need": "time together"}


def whole(text: str) -> None:
    """Sentences that start with a capital, end with a mark, and never say a lead twice."""
    assert re.fullmatch(r"[A-Z].*[.?]", text), text
    lowered = text.lower()
    for doubled in ("would like you would", "would like would", "like you'd be", "willing to you",
                    "willing to to", "willing to would", "willing to willing", "like that you",
                    "like if you", "when when", "?.", ".?", ".."):
        assert doubled not in lowered, (doubled, text)


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize(("request_text", "action"), WILLING)
def test_a_willing_request_is_its_own_question(
    variant: str, request_text: str, action: str
) -> None:
    text = assemble(StatementParts(variant=variant, request=request_text, **BASE))
    whole(text)
    assert text.endswith(f" Would you be willing to {action}?"), text


@pytest.mark.parametrize("variant", list(VARIANTS))
@pytest.mark.parametrize("request_text", YOU_DO)
def test_asking_what_the_partner_would_do_reads_whole(variant: str, request_text: str) -> None:
    text = assemble(StatementParts(variant=variant, request=request_text, **BASE))
    whole(text)
    if variant == "three_part":
        assert text.endswith(", and I would like you to call me at lunch."), text
    else:
        assert text.endswith(" Would you be willing to call me at lunch?"), text


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_the_coachs_words_pasted_as_they_are(variant: str) -> None:
    text = assemble(StatementParts(
        variant=variant, request="Would you be willing to… this week?", **BASE,
    ))
    assert text.endswith(" Would you be willing to … this week?"), text


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_an_unfinished_willing_request_shows_its_slot(variant: str) -> None:
    text = assemble(StatementParts(variant=variant, request="you would be willing to", **BASE))
    assert text.endswith(" Would you be willing to …?"), text


def test_a_moment_first_situation_gets_one_when() -> None:
    parts = dict(BASE, situation="Last Tuesday, when you worked late")
    three = assemble(StatementParts(variant="three_part", **parts))
    assert three == (
        "I feel lonely when, last Tuesday, you worked late because I need time together."
    )
    four = assemble(StatementParts(variant="observation_feeling_need_request", **parts))
    assert four.startswith("When, last Tuesday, you worked late, I feel lonely, because")
    gentle = assemble(StatementParts(variant="gentle_startup", **parts))
    assert gentle.startswith("I'm feeling lonely about last Tuesday, when you worked late, and")


def test_other_requests_keep_their_shape() -> None:
    def three(request: str) -> str:
        return assemble(StatementParts(variant="three_part", request=request, **BASE))

    assert three("you to call me").endswith(", and I would like you to call me.")
    assert three("to rest more").endswith(", and I would like to rest more.")
    assert three("us to talk on Sundays").endswith(", and I would like us to talk on Sundays.")
    assert three("Could you call me").endswith(" time together. Could you call me?")
