"""The statement library reads the store's index of steps, and the index stays right.

Each check compares what the index gives with a walk through every answer,
after every kind of change the store makes: a save, an edit that moves an
answer to another step, a delete, an import, appended raw rows and a reload.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from workbook.labels import STATEMENT_STEP
from workbook.model import Answer, Visibility, new_id
from workbook.statement_library import (
    finished_statements,
    latest_statements,
    statement_field,
    statement_library,
    statement_parts,
    statement_summary,
    statement_text,
)
from workbook.storage import WriteFailed
from workbook.store import WorkbookStore


@pytest.fixture
def store(db_path: Path):
    opened = WorkbookStore.open(db_path)
    yield opened
    opened.close()


def statement(partner: str = "a", day: int = 1, text: str = "I feel calm.", **changes) -> Answer:
    fields = dict(
        uuid=new_id(), exercise="i-statement-anytime", step=STATEMENT_STEP, partner=partner,
        value={"feeling": "calm", "need": "rest", "text": text},
        created=f"2026-03-{day:02d}T10:00:00+00:00", updated=f"2026-03-{day:02d}T10:00:00+00:00",
    )
    fields.update(changes)
    return Answer(**fields)


def by_walking(store: WorkbookStore, step: str) -> list[str]:
    """A step's answers found the slow way, through every answer."""
    return [a.uuid for a in store.iter_answers() if a.step == step]


def by_index(store: WorkbookStore, step: str) -> list[str]:
    return [a.uuid for a in store.answers_at_step(step)]


STEPS = (STATEMENT_STEP, "reflection", "chunk-1", "ratings")


def assert_index_right(store: WorkbookStore) -> None:
    for step in STEPS:
        assert by_index(store, step) == by_walking(store, step), step
    places = {(a.exercise, a.step, a.partner) for a in store.iter_answers()}
    for exercise, step, partner in places:
        walked = [
            a.uuid for a in store.iter_answers()
            if (a.exercise, a.step, a.partner) == (exercise, step, partner)
        ]
        indexed = [a.uuid for a in store.answers_at_place(exercise, step, partner)]
        assert indexed == walked, (exercise, step, partner)


def test_the_step_index_stays_right_through_every_change(
    store: WorkbookStore, db_path: Path
) -> None:
    run = store.start_run("i-statement-anytime", None, {})
    one, two, three = (statement(day=n, run=run.id) for n in (1, 2, 3))
    for given in (one, two, three):
        store.save_answer(given)
    said_back = store.save_answer(statement("b", 4, step="reflection", value="You feel calm."))
    store.commit_step(run.id, {}, answer=statement("b", 5))
    assert_index_right(store)

    store.add_history([], [statement("b", 6), one])  # one is known: skipped
    store.delete_answer(two.uuid)
    store.save_answer(replace(said_back, step=STATEMENT_STEP))  # an edit that moves its step
    store.save_answer(replace(three, step="reflection"))  # and one that moves it away
    store.save_answer(replace(one, value={"text": "Edited"}))
    moved = store.save_answer(statement("a", 9))
    store.save_answer(replace(moved, partner="b", exercise="another"))  # to another place
    assert_index_right(store)
    assert by_index(store, STATEMENT_STEP)[:2] == [one.uuid, said_back.uuid]  # save order kept

    store.append_rows({"answers": [statement("a", 7).to_doc(), statement("b", 8).to_doc()]})
    assert_index_right(store)
    assert store.answers_at_step("no-such-step") == []
    store.close()

    reopened = WorkbookStore.open(db_path)
    try:
        reopened.finish_loading()
        assert_index_right(reopened)
    finally:
        reopened.close()


def test_a_failed_write_leaves_the_step_index_as_the_file_is(
    store: WorkbookStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    store.save_answer(statement())

    def broken_replace(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(WriteFailed):
        store.save_answer(statement("b", 2))
    monkeypatch.undo()
    assert_index_right(store)


def test_the_library_holds_each_partners_finished_statements_newest_first(
    store: WorkbookStore,
) -> None:
    old, new = statement("a", 2), statement("a", 9)
    private = statement("a", 5, visibility=Visibility.PRIVATE)
    draft = statement("a", 12, draft=True)
    theirs = statement("b", 3)
    store.add_history([], [new, old, private, draft, theirs, statement("a", 1, step="reflection")])

    library = statement_library(store)
    assert [a.uuid for a in library["a"]] == [new.uuid, private.uuid, old.uuid]
    assert [a.uuid for a in library["b"]] == [theirs.uuid]
    assert {a.uuid for a in finished_statements(store)} == {
        old.uuid, new.uuid, private.uuid, theirs.uuid
    }


def test_the_listening_drill_gets_the_latest_different_sentences(store: WorkbookStore) -> None:
    store.add_history([], [
        statement("a", 1, text="First."),
        statement("a", 2, text="Second."),
        statement("b", 3, text="Theirs."),
        statement("a", 4, text="Second."),  # the same words again count once
        statement("a", 5, text="Unfinished.", draft=True),
        statement("a", 6, value="not a statement form"),
    ])
    assert latest_statements(store, "a") == ["Second.", "First."]
    assert latest_statements(store, "a", limit=1) == ["Second."]
    assert latest_statements(store, "b") == ["Theirs."]


def test_the_listening_drill_never_offers_a_private_statement(store: WorkbookStore) -> None:
    """The topics are shown on a screen both can see: a private statement stays private."""
    store.add_history([], [
        statement("a", 1, text="Shared."),
        statement("a", 2, text="Kept to myself.", visibility=Visibility.PRIVATE),
    ])
    assert latest_statements(store, "a") == ["Shared."]


def test_a_statements_sentence_and_parts() -> None:
    value = {"feeling": " lonely ", "situation": "you work late", "need": "", "text": ""}
    assert statement_text(value) == "I feel lonely · when you work late"
    assert statement_text({"text": " I feel calm. "}) == "I feel calm."
    assert statement_text(" plain words ") == "plain words"
    assert statement_field(value, "feeling") == "lonely"
    assert statement_field(value, "request") == ""
    assert statement_field(["odd"], "feeling") == ""


def test_a_statements_parts_read_in_the_shape_it_was_written_in() -> None:
    thanks = {"feeling": "grateful", "situation": "you cooked", "need": "gave me rest",
              "variant": "gratitude"}
    assert statement_parts(thanks) == [
        ("I feel", "grateful"), ("when", "you cooked"), ("because it", "gave me rest")
    ]
    plain = {"feeling": "tired", "need": "rest", "variant": "no-such-shape"}
    assert statement_parts(plain) == [("I feel", "tired"), ("because I need", "rest")]


def test_a_statements_summary_names_feeling_and_need_in_its_shapes_words() -> None:
    thanks = {"feeling": "grateful", "situation": "you cooked", "need": "gave me rest",
              "variant": "gratitude"}
    assert statement_summary(thanks) == [("I feel", "grateful"), ("because it", "gave me rest")]
    soft = {"feeling": "hopeful", "situation": "Sundays", "need": "a slow morning",
            "variant": "gentle_startup"}
    assert statement_summary(soft) == [
        ("I'm feeling", "hopeful"), ("and I'd love", "a slow morning")
    ]
    assert statement_summary({"need": "rest"}) == [("because I need", "rest")]
