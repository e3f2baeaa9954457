"""Trends say when and, in words, what changed: "Trust rose from 4 to 6 since 3 March"."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from workbook.screens.trends import TrendsScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.test_trends import ALEX, check_in_answers, seed_check_ins
from workbook.checkins import LABELS, RATINGS
from workbook.trends import (
    CheckInPoint,
    PartnerTrend,
    changes_in_words,
    check_in_trends,
    day_and_month,
    span_of,
)


def point(day: str, **ratings: int) -> CheckInPoint:
    values = dict.fromkeys(RATINGS, 5) | ratings
    return CheckInPoint(created=f"{day}T12:00:00+00:00", ratings=values)


def test_what_rose_and_what_went_down_since_the_first() -> None:
    trend = PartnerTrend("a", (point("2026-03-03", trust=4, mood=7),
                               point("2026-06-01", trust=5),
                               point("2026-10-01", trust=6, mood=3)))
    assert changes_in_words(trend) == [
        "Trust rose from 4 to 6 since 3 March.",
        "Mood went down from 7 to 3 since 3 March.",
    ]
    assert span_of(trend) == "3 Mar → 1 Oct 2026"


def test_nothing_moved_and_too_few_to_say() -> None:
    same = PartnerTrend("b", (point("2025-12-24"), point("2026-02-01")))
    assert changes_in_words(same) == [
        "Every number is where it was on 24 December 2025."
    ]
    assert changes_in_words(PartnerTrend("b", (point("2026-01-05"),))) == []
    assert span_of(PartnerTrend("b")) == ""
    assert day_and_month("not a time") == "an earlier day"
    assert span_of(PartnerTrend("b", (point("2026-01-05"),))) == "5 Jan 2026"


async def test_the_page_shows_dates_and_words(ready_db: Path) -> None:
    seed_check_ins(ready_db)
    trends = check_in_trends(check_in_answers(), open_runs={"run-open"})
    expected = changes_in_words(trends.a)
    app = make_app(ready_db)
    async with app.run_test(size=(120, 36)) as pilot:
        await until_quiet(pilot)
        await app.push_screen(TrendsScreen(app.store, app.store.couple()))
        screen = await screen_on_top(pilot, TrendsScreen)
        words = str(screen.query_one("#changed-a", Static).render())
        assert expected and all(line in words for line in expected)
        moved = [key for key in RATINGS if ALEX[key][0] != ALEX[key][-1]]
        assert all(LABELS[key] in words for key in moved)
        dates = " ".join(str(s.render()) for s in screen.query("#trend-dates Static"))
        assert span_of(trends.a) in dates and "→" in dates
