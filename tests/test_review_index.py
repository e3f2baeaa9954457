"""The Review index is built once per workbook change, and held no longer than its store."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from workbook.content import load_content
from workbook.model import Answer, new_id
from workbook.review import prepared_history
from workbook.store import WorkbookStore


def answer(value: str) -> Answer:
    when = "2026-10-05T08:00:00+00:00"
    return Answer(uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a",
                  value=value, created=when, updated=when)


def test_built_once_until_the_workbook_changes(db_path: Path) -> None:
    content = load_content()
    store = WorkbookStore.open(db_path)
    try:
        store.save_answer(answer("Thank you for the tea"))
        first = prepared_history(store, content)
        assert prepared_history(store, content) is first
        assert len(first.docs) == 1

        store.save_answer(answer("And for the walk"))
        second = prepared_history(store, content)
        assert second is not first and len(second.docs) == 2
        assert prepared_history(store, load_content()) is not second  # other content: rebuilt
    finally:
        store.close()


def test_a_closed_store_takes_its_index_with_it(db_path: Path) -> None:
    store = WorkbookStore.open(db_path)
    history = weakref.ref(prepared_history(store, load_content()))
    store.close()
    del store
    gc.collect()
    assert history() is None
