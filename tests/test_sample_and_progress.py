"""Sample data looks like a real history; progress is worked out from session records."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from workbook.model import SessionRecord
from workbook.progress import Status, compute_progress
from workbook.sample import write_sample_data
from workbook.store import WorkbookStore


def test_sample_history_is_realistic(tmp_path: Path) -> None:
    path = tmp_path / "sample.json"
    assert write_sample_data(path, answers=2000, seed=11) == 2000
    store = WorkbookStore.open(path)
    try:
        answers = list(store.iter_answers())
        records = store.session_records()
        couple = store.couple()
    finally:
        store.close()
    assert couple is not None and couple.agreed_at
    assert len(answers) == 2000
    partners = Counter(a.partner for a in answers)
    assert partners["a"] > 600 and partners["b"] > 600
    years = {a.created[:4] for a in answers}
    assert len(years) >= 2
    lengths = [len(a.value) for a in answers if isinstance(a.value, str)]
    assert min(lengths) < 60 and max(lengths) > 600
    checkins = [a for a in answers if a.step == "ratings"]
    assert checkins and all(0 <= checkins[0].value[p] <= 10 for p in ("trust", "mood"))
    assert len({r.program_session for r in records}) >= 4
    assert len({a.uuid for a in answers}) == 2000


def rec(session: str, started: str, completed: str | None = None) -> SessionRecord:
    return SessionRecord(id=f"{session}-{started}", program_session=session, started=started,
                         completed=completed)


def test_progress_statuses_and_weeks() -> None:
    records = [
        rec("one", "2026-01-05T19:00:00+00:00", "2026-01-05T20:00:00+00:00"),
        rec("one", "2026-02-02T19:00:00+00:00", "2026-02-02T20:00:00+00:00"),
        rec("two", "2026-02-03T19:00:00+00:00"),
    ]
    progress = compute_progress(["one", "two", "three"], records)
    assert progress.of("one").status is Status.DONE
    assert progress.of("one").times_done == 2
    assert progress.of("two").status is Status.IN_PROGRESS
    assert progress.of("two").open_record == records[2]
    assert progress.of("three").status is Status.NOT_STARTED
    assert progress.next_session == "two"
    assert progress.sessions_done == 1
    assert progress.weeks_practised == 2  # 5 Jan, and 2-3 Feb share a week


def test_progress_when_everything_is_done() -> None:
    records = [rec("one", "2026-01-05T19:00:00+00:00", "2026-01-05T20:00:00+00:00")]
    progress = compute_progress(["one"], records)
    assert progress.next_session is None
    assert progress.sessions_done == 1


def test_prose_reflows_lines_and_keeps_paragraphs() -> None:
    from workbook.screens.text import prose

    assert prose("  one\ntwo  three\n\n\nfour\n") == "one two three\n\nfour"
    assert prose("") == ""
