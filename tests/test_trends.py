"""Check-in trends: the series in ``workbook.trends`` and the Trends screen that draws them."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from pathlib import Path

from textual.widgets import Static
from workbook.screens.trends import RatingSparkline, TrendsScreen

from tests.conftest import make_app
from tests.exercise_helpers import screen_text
from workbook.model import Answer, SessionRecord, Visibility
from workbook.store import WorkbookStore
from workbook.trends import RATINGS, check_in_trends

#: Alex's eight shared check-ins, oldest first: one list per rating, in RATINGS order.
ALEX = {
    "trust": [4, 5, 5, 6, 6, 7, 7, 8],
    "safety": [5, 5, 6, 6, 6, 7, 7, 7],
    "vulnerability": [3, 3, 4, 4, 5, 5, 6, 6],
    "openness": [5, 6, 6, 6, 7, 7, 7, 8],
    "sharing": [4, 4, 5, 5, 5, 6, 6, 7],
    "mood": [6, 5, 7, 6, 7, 6, 8, 7],
}
#: Sam's seven shared check-ins (Sam's eighth, the latest, is private).
SAM = {
    "trust": [6, 6, 5, 6, 7, 7, 8],
    "safety": [7, 6, 6, 7, 7, 8, 8],
    "vulnerability": [4, 4, 5, 5, 5, 6, 6],
    "openness": [6, 6, 6, 7, 7, 7, 9],
    "sharing": [5, 5, 6, 6, 6, 7, 7],
    "mood": [5, 6, 6, 5, 7, 7, 6],
}
ALEX_NOTES = {0: "A bit tired, but glad we're starting.", 7: "We talk more in the evenings now."}
SAM_NOTES = {6: "Calmer than last month."}
PRIVATE_NOTE = "Sam's private worry about the move"
DRAFT_NOTE = "Alex is still choosing numbers"
UNFINISHED_NOTE = "Never reached the reveal"


def _stamp(index: int) -> str:
    """Check-in ``index``: every three weeks from 2 March 2026, in the evening."""
    month_days = [(3, 2), (3, 23), (4, 13), (5, 4), (5, 25), (6, 15), (7, 6), (7, 27), (8, 17)]
    month, day = month_days[index]
    return f"2026-{month:02d}-{day:02d}T19:00:00+00:00"


def _ratings(series: dict[str, list[int]], index: int, note: str = "") -> dict:
    return {**{key: series[key][index] for key in RATINGS}, "note": note}


def check_in_answers() -> list[Answer]:
    """Both partners' check-ins, shuffled out of date order, with the ones that must not count."""
    answers = []
    for index in range(8):
        run = f"run-{index}"
        stamp = _stamp(index)
        answers.append(Answer(
            uuid=f"a-{index}", exercise="quick-check-in", step="ratings", partner="a",
            value=_ratings(ALEX, index, ALEX_NOTES.get(index, "")), run=run,
            created=stamp, updated=stamp,
        ))
        if index < 7:
            value = _ratings(SAM, index, SAM_NOTES.get(index, ""))
            visibility = Visibility.SHARED
        else:
            value = {**dict.fromkeys(RATINGS, 0), "note": PRIVATE_NOTE}
            visibility = Visibility.PRIVATE
        answers.append(Answer(
            uuid=f"b-{index}", exercise="quick-check-in", step="ratings", partner="b",
            value=value, run=run, visibility=visibility, created=stamp, updated=stamp,
        ))
    late = _stamp(8)
    answers.append(Answer(
        uuid="a-draft", exercise="quick-check-in", step="ratings", partner="a",
        value={**dict.fromkeys(RATINGS, 10), "note": DRAFT_NOTE}, run="run-draft",
        created=late, updated=late, draft=True,
    ))
    answers.append(Answer(
        uuid="b-unfinished", exercise="quick-check-in", step="ratings", partner="b",
        value={**dict.fromkeys(RATINGS, 1), "note": UNFINISHED_NOTE}, run="run-open",
        created=late, updated=late,
    ))
    # Not check-ins at all: a reflection scale and an incomplete ratings value.
    answers.append(Answer(
        uuid="a-scale", exercise="obstacles", step="prompt-1", partner="a", value=3,
        created=late, updated=late,
    ))
    answers.append(Answer(
        uuid="a-partial", exercise="quick-check-in", step="ratings", partner="a",
        value={"trust": 2, "note": "half"}, created=late, updated=late,
    ))
    # Out of date order, as an import could leave them.
    return answers[1::2] + answers[::2]


def seed_check_ins(path: Path) -> None:
    """Add the check-ins above to a workbook; the unfinished attempt is really open in it."""
    store = WorkbookStore.open(path)
    try:
        run = store.start_run("quick-check-in", None, {"phase": "rate"})
        answers = [
            replace(a, run=run.id) if a.run == "run-open" else a for a in check_in_answers()
        ]
        store.add_history([], answers)
    finally:
        store.close()


# -- workbook.trends ---------------------------------------------------------------------


def test_series_per_partner_and_rating_oldest_first() -> None:
    trends = check_in_trends(check_in_answers(), open_runs={"run-open"})
    for rating in RATINGS:
        assert trends.a.series(rating) == ALEX[rating]
        assert trends.b.series(rating) == SAM[rating]
    assert trends.a.count == 8 and trends.b.count == 7
    assert trends.has_trend


def test_private_check_ins_are_counted_but_never_used() -> None:
    trends = check_in_trends(check_in_answers(), open_runs={"run-open"})
    assert trends.b.private_count == 1 and trends.a.private_count == 0
    assert trends.b.latest is not None
    assert trends.b.latest.created == _stamp(6)
    assert all(PRIVATE_NOTE not in point.note for point in trends.b.points)
    assert all(0 not in point.ratings.values() for point in trends.b.points)


def test_drafts_unfinished_attempts_and_other_answers_are_left_out() -> None:
    trends = check_in_trends(check_in_answers(), open_runs={"run-open"})
    notes = [p.note for p in (*trends.a.points, *trends.b.points)]
    assert DRAFT_NOTE not in notes and UNFINISHED_NOTE not in notes and "half" not in notes
    # Without knowing the attempt is open, the answer would count: the store knows.
    assert check_in_trends(check_in_answers()).b.count == 8


def test_store_source_knows_open_attempts(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    store = WorkbookStore.open(ready_db)
    try:
        trends = check_in_trends(store)
    finally:
        store.close()
    assert trends.b.count == 7
    assert trends.a.series("trust") == ALEX["trust"]


def test_first_and_latest_with_notes() -> None:
    trends = check_in_trends(check_in_answers(), open_runs={"run-open"})
    assert trends.a.first is not None and trends.a.latest is not None
    assert trends.a.first.note == ALEX_NOTES[0]
    assert trends.a.latest.note == ALEX_NOTES[7]
    assert trends.a.first.created == _stamp(0) and trends.a.latest.created == _stamp(7)


def test_no_check_ins_means_no_trend() -> None:
    trends = check_in_trends([])
    assert not trends.has_trend and trends.shown_count == 0
    assert trends.a.first is None and trends.a.series("trust") == []


def test_one_check_in_each_is_not_a_trend_yet() -> None:
    answers = [a for a in check_in_answers() if a.uuid in ("a-0", "b-0")]
    trends = check_in_trends(answers)
    assert not trends.has_trend and trends.shown_count == 2


def test_trends_module_does_not_import_textual() -> None:
    code = "import sys, workbook.trends; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# -- the Trends screen ----------------------------------------------------------------------


async def _open_trends(pilot) -> TrendsScreen:
    app = pilot.app
    await pilot.pause()
    screen = TrendsScreen(app.store, app.store.couple())
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def _numbers(screen: TrendsScreen, rating: str, key: str) -> str:
    return str(screen.query_one(f"#numbers-{rating}-{key}", Static).render())


async def test_trends_screen_draws_a_sparkline_per_pillar_and_partner(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        for rating in RATINGS:
            for key, series in (("a", ALEX), ("b", SAM)):
                spark = screen.query_one(f"#spark-{rating}-{key}", RatingSparkline)
                assert list(spark.data or []) == series[rating]
                first, latest = series[rating][0], series[rating][-1]
                assert _numbers(screen, rating, key) == f"{first} → {latest}"
        text = screen_text(app)
        for label in ("Trust", "Vulnerability", "Openness and honesty", "Sharing"):
            assert label in text
        assert "Safety" not in text  # the fixture's safety numbers are never trended
        assert "Mood" in text
        assert "Alex · 8 check-ins" in text and "Sam · 7 check-ins" in text


async def test_trends_screen_never_shows_private_numbers_or_notes(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        text = screen_text(app)
        assert PRIVATE_NOTE not in text and DRAFT_NOTE not in text and UNFINISHED_NOTE not in text
        assert "Sam kept 1 check-in private" in text
        for rating in RATINGS:
            assert not _numbers(screen, rating, "b").endswith("→ 0")
            assert 0 not in (screen.query_one(f"#spark-{rating}-b", RatingSparkline).data or [])


async def test_trends_screen_first_beside_latest(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        alex = "\n".join(str(s.render()) for s in screen.query("#first-latest-a Static"))
        sam = "\n".join(str(s.render()) for s in screen.query("#first-latest-b Static"))
        assert "First · 2 Mar 2026" in alex and "Latest · 27 Jul 2026" in alex
        assert ALEX_NOTES[0] in alex and ALEX_NOTES[7] in alex
        assert "First · 2 Mar 2026" in sam and "Latest · 6 Jul 2026" in sam
        assert "(no note)" in sam and SAM_NOTES[6] in sam


async def test_trends_screen_scrolls_and_goes_back_with_keys(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        scroller = screen.query_one("#trends")
        assert app.focused is scroller
        await pilot.press("end")
        await pilot.pause()
        assert scroller.scroll_y == scroller.max_scroll_y
        await pilot.press("home")
        await pilot.pause()
        assert scroller.scroll_y == 0
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TrendsScreen)


async def test_trends_screen_empty_state(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        text = screen_text(app)
        assert "Nothing to draw yet" in text
        assert "over the weeks" in text
        assert not screen.query(RatingSparkline)
        assert "streak" not in text.lower()


async def test_trends_screen_one_check_in_each_is_still_empty(ready_db: Path) -> None:
    store = WorkbookStore.open(ready_db)
    store.add_history(
        [SessionRecord("s1", "session-1", _stamp(0))],
        [a for a in check_in_answers() if a.uuid in ("a-0", "b-0")],
    )
    store.close()
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_trends(pilot)
        text = screen_text(app)
        assert "Nothing to draw yet" in text
        assert "first check-in is already kept" in text
        assert not screen.query(RatingSparkline)

