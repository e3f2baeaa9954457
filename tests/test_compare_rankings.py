"""Where two rankings differ most: worked out in the core, without a screen."""

from __future__ import annotations

from workbook.compare import RankGap, ordinal, ranking_gap_note, ranking_gaps
from workbook.model import Answer, Visibility


def ranked(partner: str, order: list[str], visibility: Visibility = Visibility.SHARED) -> Answer:
    return Answer(
        uuid=f"u-{partner}", exercise="love-languages", step="prompt-1", partner=partner,
        value=order, visibility=visibility,
    )


def test_the_item_placed_furthest_apart_is_found() -> None:
    one = ["Words", "Touch", "Help", "Time"]
    two = ["Time", "Words", "Help", "Touch"]
    assert ranking_gaps(one, two) == [RankGap("Time", 4, 1)]


def test_items_sharing_the_widest_gap_all_come_back_in_the_first_order() -> None:
    one = ["Time", "Words", "Help", "Touch"]
    two = ["Touch", "Words", "Help", "Time"]
    assert ranking_gaps(one, two) == [RankGap("Time", 1, 4), RankGap("Touch", 4, 1)]


def test_the_same_order_has_no_gap() -> None:
    assert ranking_gaps(["a", "b", "c"], ["a", "b", "c"]) == []


def test_only_items_in_both_rankings_count() -> None:
    # An item added to the content later, ranked by one partner only, is left out;
    # the places are the ones each partner sees in the reveal.
    assert ranking_gaps(["new", "a", "b"], ["b", "a"]) == [RankGap("b", 3, 1)]
    assert ranking_gaps(["new", "a"], ["a"]) == [RankGap("a", 2, 1)]


def test_ordinals() -> None:
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "111th",
    ]


def test_the_line_names_each_partner_and_place() -> None:
    note = ranking_gap_note(
        ranked("a", ["Words", "Touch", "Help", "Time"]),
        ranked("b", ["Time", "Words", "Help", "Touch"]),
        "Alex", "Sam",
    )
    assert note is not None
    assert note.startswith("You differ most on “Time” (Alex 4th, Sam 1st).")


def test_the_line_names_at_most_two_items() -> None:
    note = ranking_gap_note(
        ranked("a", ["a", "b", "c", "d"]), ranked("b", ["d", "c", "b", "a"]), "Alex", "Sam",
    )
    assert note is not None
    assert "“a” (Alex 1st, Sam 4th) and “d” (Alex 4th, Sam 1st)" in note


def test_a_private_or_missing_ranking_is_never_compared() -> None:
    shared = ranked("a", ["a", "b"])
    private = ranked("b", ["b", "a"], Visibility.PRIVATE)
    assert ranking_gap_note(shared, private, "Alex", "Sam") is None
    assert ranking_gap_note(private, shared, "Alex", "Sam") is None
    assert ranking_gap_note(shared, None, "Alex", "Sam") is None


def test_the_same_ranking_gets_no_line() -> None:
    assert ranking_gap_note(ranked("a", ["a", "b"]), ranked("b", ["a", "b"]), "A", "B") is None
