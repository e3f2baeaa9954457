"""Review: the list, search, filters, the answer page, private answers and then-vs-now."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Input, Static
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.history import HistoryList
from workbook.screens.review import AnswerScreen, PrivateAnswerDialog, ReviewScreen

from tests.conftest import COUPLE, make_app
from tests.exercise_helpers import screen_text
from workbook.content import load_content
from workbook.model import Answer, SessionRecord, Visibility, new_id
from workbook.review import Filters, History
from workbook.store import WorkbookStore

SIZE = (80, 24)
SECRET = "my quiet fear about moving"


def seed(db: Path) -> None:
    """Two sittings of session 2 months apart, an anytime answer and a private one."""
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    then = SessionRecord(new_id(), "listening", "2025-03-01T19:00:00+00:00",
                         "2025-03-01T20:00:00+00:00")
    now = SessionRecord(new_id(), "listening", "2026-10-01T19:00:00+00:00",
                        "2026-10-01T20:00:00+00:00")
    run_then, run_now = new_id(), new_id()

    def answer(record, run, partner, step, value, when, **extra) -> Answer:
        return Answer(uuid=new_id(), exercise="listening-light-topic", step=step,
                      partner=partner, value=value, session=record.id, run=run,
                      role="speaker", created=when, updated=when, **extra)

    answers = [
        answer(then, run_then, "a", "chunk-1", "Sundays feel rushed lately",
               "2025-03-01T19:10:00+00:00"),
        answer(then, run_then, "b", "chunk-1", "I miss our garden evenings",
               "2025-03-01T19:20:00+00:00"),
        answer(now, run_now, "a", "chunk-1", "Sundays are calmer now", "2026-10-01T19:10:00+00:00"),
        answer(now, run_now, "b", "chunk-1", SECRET, "2026-10-01T19:20:00+00:00",
               visibility=Visibility.PRIVATE),
        Answer(uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="a",
               value="Thank you for the tea on Tuesday", created="2026-10-05T08:00:00+00:00",
               updated="2026-10-05T08:00:00+00:00"),
        Answer(uuid=new_id(), exercise="quick-appreciation", step="prompt-1", partner="b",
               value="a draft nobody confirmed", created="2026-10-06T08:00:00+00:00",
               updated="2026-10-06T08:00:00+00:00", draft=True),
    ]
    store.add_history([then, now], answers)
    store.close()


async def open_review(app, pilot) -> ReviewScreen:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ReviewScreen)
    return screen


def listed(app) -> list[str]:
    history = app.screen.query_one(HistoryList)
    return [row["value"] for row in history.rows if isinstance(row, dict)]


async def test_newest_first_grouped_without_drafts(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        assert listed(app)[0] == "Thank you for the tea on Tuesday"
        assert "a draft nobody confirmed" not in listed(app)
        text = screen_text(app)
        assert "5 answers" in text
        history = app.screen.query_one(HistoryList)
        headers = [row.text for row in history.rows if not isinstance(row, dict)]
        assert headers[0].startswith("Anytime · 5 October 2026")
        assert any(h.startswith("Session 2: Listening · 1 October 2026") for h in headers)


async def test_search_narrows_and_never_reads_private_words(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        await pilot.press("slash", *"sundays")
        await pilot.pause()
        assert sorted(listed(app)) == ["Sundays are calmer now", "Sundays feel rushed lately"]
        assert "2 of 5 answers" in str(app.screen.query_one("#review-count", Static).render())
        search = app.screen.query_one("#review-search", Input)
        search.value = "quiet fear"
        await pilot.pause()
        assert listed(app) == []  # the private answer's words are not searchable
        search.value = ""
        await pilot.pause()
        assert len(listed(app)) == 5
        assert SECRET not in screen_text(app)  # listed, but only as "(private answer)"


async def test_filter_menu_and_dates(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(app, pilot)
        screen.set_filters({"partner": 1})  # Alex only, as the filter menu would
        await pilot.pause()
        assert all("Sam" not in line for line in listed(app))
        assert len(listed(app)) == 3
        screen.set_filters({"partner": 1, "session": 2})  # and session 2
        await pilot.pause()
        assert sorted(listed(app)) == ["Sundays are calmer now", "Sundays feel rushed lately"]
        screen.query_one("#review-dates", Input).value = "2025"
        await pilot.pause()
        assert listed(app) == ["Sundays feel rushed lately"]
        screen.query_one("#review-dates", Input).value = "2026-09..2026-12"
        await pilot.pause()
        assert listed(app) == ["Sundays are calmer now"]


async def test_answer_page_side_by_side_then_and_now_and_private_open(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        app.screen.query_one("#review-search", Input).value = "calmer"
        await pilot.pause()
        app.screen.query_one(HistoryList).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, AnswerScreen)
        text = screen_text(app)
        assert "Sundays are calmer now" in text
        assert "private answer by Sam" in text and SECRET not in text
        assert "Then and now" in text and "Sundays feel rushed lately" in text
        await pilot.press("escape")
        await pilot.pause()

        app.screen.query_one("#review-search", Input).value = ""
        await pilot.pause()
        history = app.screen.query_one(HistoryList)
        history.cursor = next(
            i for i, row in enumerate(history.rows)
            if isinstance(row, dict) and row["visibility"] == "private"
        )
        history.action_open()
        await pilot.pause()
        await pilot.press("o")
        await pilot.pause()
        assert isinstance(app.screen, HandOffScreen)
        assert "Alex, please look away" in screen_text(app)
        assert SECRET not in screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PrivateAnswerDialog)
        assert SECRET in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert SECRET not in screen_text(app)


def test_history_filters_directly() -> None:
    content = load_content()
    docs = [
        {"uuid": "1", "exercise": "quick-check-in", "step": "ratings", "partner": "a",
         "value": {"trust": 7}, "visibility": "shared", "created": "2025-01-02T00:00:00+00:00",
         "session": None, "run": "r1", "draft": False},
        {"uuid": "2", "exercise": "listening-light-topic", "step": "chunk-1", "partner": "b",
         "value": "Bright morning", "visibility": "shared", "created": "2025-02-02T00:00:00+00:00",
         "session": None, "run": "r2", "draft": False},
    ]
    history = History(docs, content, [])
    assert [d["uuid"] for d in history.matching(Filters(kind="check_in"))] == ["1"]
    assert [d["uuid"] for d in history.matching(Filters(text="bright"))] == ["2"]
    assert [d["uuid"] for d in history.matching(Filters(text="brightx"))] == []
    assert [d["uuid"] for d in history.matching(Filters(text="b"))] == ["2"]  # shorter again
    assert [d["uuid"] for d in history.matching(Filters(until="2025-01"))] == ["1"]


async def test_export_from_review(db_path: Path, tmp_path: Path) -> None:
    from workbook.screens.dialogs.export_dialog import ExportDialog

    seed(db_path)
    target = tmp_path / "out" / "ours.md"
    target.parent.mkdir()
    app = make_app(db_path)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await open_review(app, pilot)
        await pilot.press("x")
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        app.screen.query_one("#export-path", Input).value = str(target)
        await pilot.click("#export")
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any("Saved to" in n.message for n in app._notifications)
    text = target.read_text()
    assert "Sundays are calmer now" in text and SECRET not in text
    assert oct(target.stat().st_mode & 0o777) == oct(0o600)


async def test_delete_from_the_answer_page(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(app, pilot)
        app.screen.query_one("#review-search", Input).value = "garden evenings"
        await pilot.pause()
        app.screen.query_one(HistoryList).focus()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        app.screen.query_one("#review-search", Input).value = ""
        await pilot.pause()
        assert "I miss our garden evenings" not in listed(app)
        assert "4 answers" in screen_text(app)
    assert b"garden evenings" not in db_path.read_bytes()
    assert b"garden evenings" not in db_path.with_name(db_path.name + ".bak").read_bytes()
