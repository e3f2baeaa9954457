"""A kind's typed state reads back exactly as it was saved, and refuses a state it never wrote."""

from __future__ import annotations

import pytest
from workbook.screens.listening import ListeningState
from workbook.screens.reflection import ReflectionState

from workbook.run_state import WHERE_KEY, where_from


def test_a_state_reads_back_as_it_was_saved() -> None:
    state = ListeningState(phase="chunk", first="a", speaker="b", side=2, topic="Sundays",
                           durations={"a": {"started": None, "ended": None}})
    doc = state.to_doc()
    assert ListeningState.from_doc(doc) == state
    doc["durations"]["a"]["ended"] = "changed"  # the doc is a copy, not the state's own
    assert state.durations == {"a": {"started": None, "ended": None}}


def test_a_key_that_no_longer_applies_leaves_the_file() -> None:
    doc = ReflectionState(phase="reveal", index=2, turn=None).to_doc()
    assert doc == {"phase": "reveal", "index": 2}


def test_the_base_keys_and_unknown_keys_are_left_out() -> None:
    doc = {**ListeningState().to_doc(), WHERE_KEY: "the beginning", "later_key": 1}
    assert ListeningState.from_doc(doc) == ListeningState()
    assert where_from(doc) == "the beginning"
    assert where_from({WHERE_KEY: 7}) is None


@pytest.mark.parametrize("drop", ["phase", "round", "side"])
def test_a_state_missing_a_key_that_is_always_saved_is_refused(drop: str) -> None:
    doc = ListeningState().to_doc()
    del doc[drop]
    with pytest.raises(ValueError):
        ListeningState.from_doc(doc)
