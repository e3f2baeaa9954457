"""Who went first last time, so the other partner can be offered the first turn now.

An attempt counts only once something happened after the choice: it was
finished, or someone saved an answer (a draft included). A start abandoned
straight after "who goes first" is a false start, not a turn taken.
"""

from __future__ import annotations

from collections.abc import Collection

from workbook.model import PARTNER_KEYS, PartnerKey, Run
from workbook.store import WorkbookStore


def counts(store: WorkbookStore, run: Run) -> bool:
    """True when ``run`` got past its opening choice: finished, or with an answer saved."""
    if run.state.get("first") not in PARTNER_KEYS:
        return False
    return run.is_done or bool(store.answers(run=run.id))


def previous_first(
    store: WorkbookStore, exercises: Collection[str], *, exclude_run: str | None = None
) -> PartnerKey | None:
    """Who went first in the latest attempt at any of ``exercises`` that counts.

    ``exclude_run`` is the attempt under way, which never counts for itself.
    """
    for run in reversed(store.runs()):
        if run.exercise in exercises and run.id != exclude_run and counts(store, run):
            first = run.state["first"]
            return "a" if first == "a" else "b"
    return None
