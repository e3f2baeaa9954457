"""Review reads as a story: a sitting as a page, quiet steps folded, plain words when empty.

Also its keys (the filter menu, Escape in the search box) and its privacy
(a private answer opens wherever it is shown; deleting one asks its writer first).
"""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, OptionList, Static
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.history import HistoryList
from workbook.screens.review import (
    AnswerScreen,
    DeleteDialog,
    PrivateAnswerDialog,
    ReadHandOff,
    ReviewScreen,
)
from workbook.screens.review_filters import FilterMenu

from tests.conftest import COUPLE, make_app, screen_on_top, until_quiet
from tests.exercise_helpers import screen_text
from workbook.content import load_content
from workbook.labels import is_bookkeeping
from workbook.model import Answer, SessionRecord, Visibility, new_id
from workbook.review import Filters, History, date_problem, row_text, value_text
from workbook.sitting import sitting_parts
from workbook.store import WorkbookStore

SIZE = (120, 36)
STATEMENT = "I feel tired when the dishes wait until morning, because I need a fresh start"
SAY_BACK = "What I hear is that a clean kitchen in the morning helps you start fresh"
SECRET = "a worry I have not said out loud yet"
LONG_PROMPT = "What small thing did your partner do recently that felt like a deposit of goodwill?"
DEPOSIT_A = "You brought me soup when I was ill"
DEPOSIT_B = "You listened to the whole story about my sister"


def _answer(record, run, exercise, partner, step, value, minute, **extra) -> Answer:
    when = f"2026-10-01T19:{minute:02d}:00+00:00"
    return Answer(uuid=new_id(), exercise=exercise, step=step, partner=partner, value=value,
                  session=record.id, run=run, created=when, updated=when, **extra)


def seed(db: Path) -> None:
    """One sitting: an "I" statement with its say-back, a check-in, a reflection, a drill."""
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    record = SessionRecord(new_id(), "speaking", "2026-10-01T19:00:00+00:00",
                           "2026-10-01T20:00:00+00:00")
    statement, check_in, deposits, drill = new_id(), new_id(), new_id(), new_id()
    answers = [
        _answer(record, check_in, "quick-check-in", "a", "ratings",
                {"trust": 4, "vulnerability": 5, "openness": 6, "sharing": 5, "mood": 6,
                 "note": ""}, 1),
        _answer(record, check_in, "quick-check-in", "b", "ratings",
                {"trust": 8, "vulnerability": 6, "openness": 6, "sharing": 7, "mood": 7,
                 "note": "glad we sat down"}, 2),
        _answer(record, statement, "i-statement-everyday-irritation", "b", "statement",
                {"text": STATEMENT}, 3, role="writer"),
        _answer(record, statement, "i-statement-everyday-irritation", "a", "reflection",
                SAY_BACK, 4, role="reflector"),
        _answer(record, statement, "i-statement-everyday-irritation", "b", "heard", "got_it", 5,
                role="writer"),
        # A reflection where each answered every question before the other did.
        _answer(record, deposits, "bank-account-deposits", "a", "prompt-1", DEPOSIT_A, 6),
        _answer(record, deposits, "bank-account-deposits", "a", "prompt-2", "A hug", 7),
        _answer(record, deposits, "bank-account-deposits", "b", "prompt-1", DEPOSIT_B, 8),
        _answer(record, deposits, "bank-account-deposits", "b", "prompt-2", SECRET, 9,
                visibility=Visibility.PRIVATE),
        _answer(record, drill, "listening-light-topic", "a", "chunk-1", "Sundays feel rushed", 10,
                role="speaker"),
        _answer(record, drill, "listening-light-topic", "b", "paraphrase-1.1",
                "You feel Sundays are rushed", 11, role="listener"),
        _answer(record, drill, "listening-light-topic", "a", "mark-1.1", "got_it", 12,
                role="speaker"),
        _answer(record, drill, "listening-light-topic", "a", "more-1", "enough", 13,
                role="speaker"),
    ]
    store.add_history([record], answers)
    store.close()


def history_of(db: Path) -> History:
    store = WorkbookStore.open(db)
    try:
        return History(store.answer_docs(), load_content(), store.session_records())
    finally:
        store.close()


async def open_review(pilot) -> ReviewScreen:
    await until_quiet(pilot)
    await pilot.press("r")
    return await screen_on_top(pilot, ReviewScreen)


async def open_row(pilot, **fields) -> AnswerScreen:
    history = pilot.app.screen.query_one(HistoryList)
    history.cursor = next(
        index for index, row in enumerate(history.rows)
        if isinstance(row, dict) and all(row.get(k) == v for k, v in fields.items())
    )
    history.focus()
    await pilot.press("enter")
    screen = await screen_on_top(pilot, AnswerScreen)
    await until_quiet(pilot)
    return screen


def listed(pilot) -> list[dict]:
    return [row for row in pilot.app.screen.query_one(HistoryList).rows if isinstance(row, dict)]


# -- 1. a sitting reads as a page ---------------------------------------------------------


def test_a_statement_sits_beside_its_say_back_and_quiet_steps_are_apart(db_path: Path) -> None:
    seed(db_path)
    history = history_of(db_path)
    opened = next(d for d in history.docs if d["step"] == "statement")
    parts = sitting_parts(history.sitting(opened), history)
    assert [part.exercise for part in parts] == [
        "quick-check-in", "i-statement-everyday-irritation", "bank-account-deposits",
        "listening-light-topic",
    ]
    statement = parts[1].exchanges
    assert {key: doc["value"] for key, doc in statement[0].answers.items()} == {
        "b": {"text": STATEMENT}, "a": SAY_BACK,
    }
    assert statement[1].quiet and parts[1].folded == 1
    deposits = parts[2].exchanges  # each answered both questions in turn: still paired
    assert [sorted(ex.answers) for ex in deposits] == [["a", "b"], ["a", "b"]]
    assert deposits[0].question == LONG_PROMPT
    drill = parts[3].exchanges
    assert sorted(drill[0].answers) == ["a", "b"] and parts[3].folded == 2


async def test_the_page_shows_the_conversation_whole(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await open_row(pilot, step="statement")
        text = screen_text(app)
        page = app.screen.query_one("#sitting-page").text
        [pair] = [line for line in page.splitlines() if "I feel tired when" in line]
        assert "What I hear is that" in pair  # the say-back beside the statement
        assert "(no answer)" not in text
        assert LONG_PROMPT in text  # the full question, not cut
        assert "Trust" in text and "◆ worth talking about" in text  # the check-in's table
        assert "Sam's note: “glad we sat down”" in text
        assert "yes, that's it" not in text and "2 quick steps folded away" in text
        await pilot.press("a")
        await until_quiet(pilot)
        assert "yes, that's it" in screen_text(app)


async def test_the_page_keeps_full_questions_at_60_columns(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(60, 18)) as pilot:
        await open_review(pilot)
        await open_row(pilot, step="prompt-1", partner="a")
        page = app.screen.query_one("#sitting-page").text
        flat = " ".join(page.replace("▌", " ").split())
        assert LONG_PROMPT in flat
        [pair] = [line for line in page.splitlines() if "You brought me soup" in line]
        assert "You listened to the whole" in pair  # side by side, each wrapped in its column
        assert all(len(line) <= 60 for line in page.splitlines())
        assert "…" not in page and "◆ worth talking about" in page


def test_a_check_in_row_never_ends_with_an_empty_note() -> None:
    value = {"trust": 4, "safety": 2, "vulnerability": 5, "mood": 6, "note": ""}
    assert row_text(value) == "trust 4 · vulnerability 5 · mood 6"
    assert not value_text(value).endswith("note")
    assert row_text({**value, "note": " fine "}).endswith("“fine”")


def test_quiet_steps_are_folded_from_the_list_unless_asked(db_path: Path) -> None:
    seed(db_path)
    history = history_of(db_path)
    assert is_bookkeeping("mark-1.1") and is_bookkeeping("heard") and not is_bookkeeping("chunk-1")
    folded = history.matching(Filters())
    assert not any(is_bookkeeping(d["step"]) for d in folded)
    every = history.matching(Filters(every_step=True))
    assert len(every) == len(folded) + 3


# -- 2. cut-offs, empty results, dates ------------------------------------------------------


async def test_a_long_row_ends_with_an_ellipsis(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=(60, 18)) as pilot:
        await open_review(pilot)
        history = app.screen.query_one(HistoryList)
        row = next(r for r in history.rows if isinstance(r, dict) and r["step"] == "prompt-1")
        line = history.row_content(row, 40).plain
        assert len(line) == 40 and line.endswith("…")


async def test_an_empty_result_says_why_and_how_to_clear(db_path: Path) -> None:
    seed(db_path)
    story = len(history_of(db_path).story)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#review-dates", Input).value = "2025-03"
        screen.query_one("#review-search", Input).value = "soup"
        await until_quiet(pilot)
        history = screen.query_one(HistoryList)
        assert history.rows == []
        assert history.empty_text == (
            "Nothing matches ‘soup’ in 2025-03; press c to clear the search and filters."
        )
        history.focus()
        await pilot.press("c")
        await until_quiet(pilot)
        assert screen.query_one("#review-search", Input).value == ""
        assert len(listed(pilot)) == story


async def test_a_date_that_cannot_be_read_gets_a_plain_message(db_path: Path) -> None:
    assert date_problem("2025-13") and "not a date" in date_problem("2025-13")
    assert date_problem("2026..2025") and date_problem("2025-03-14") is None
    assert date_problem("2025-01..2025-06") is None and date_problem("") is None
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#review-dates", Input).value = "March"
        await until_quiet(pilot)
        count = str(screen.query_one("#review-count", Static).render())
        assert "“March” is not a date" in count and "2025-03" in count
        assert listed(pilot)  # the list stays as it was


# -- 3. search terms are highlighted ----------------------------------------------------------


async def test_search_terms_are_highlighted_as_spans(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        screen.query_one("#review-search", Input).value = "SOUP"
        await until_quiet(pilot)
        history = screen.query_one(HistoryList)
        [row] = listed(pilot)
        line = history.row_content(row, 120)
        start = line.plain.index("soup")
        match = history.get_component_rich_style("history--match")
        spans = [span for span in line.spans if (span.start, span.end) == (start, start + 4)]
        assert spans and any(
            getattr(span.style, "background", None) is not None for span in spans
        )
        assert match.bgcolor is not None


# -- 4. filters from a menu -------------------------------------------------------------


async def test_filters_come_from_a_menu_with_clear_all(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("f")
        menu = await screen_on_top(pilot, FilterMenu)
        options = menu.query_one(OptionList)
        options.highlighted = options.get_option_index("partner:2")  # Sam
        await pilot.press("enter")
        await screen_on_top(pilot, ReviewScreen)
        await until_quiet(pilot)
        assert listed(pilot) and {row["partner"] for row in listed(pilot)} == {"b"}
        assert "Sam" in str(screen.query_one("#review-chips", Static).render())
        await pilot.press("p")  # opens the menu at the partner filter
        menu = await screen_on_top(pilot, FilterMenu)
        options = menu.query_one(OptionList)
        assert options.highlighted == options.get_option_index("partner:2")
        options.highlighted = options.get_option_index("clear")
        await pilot.press("enter")
        await screen_on_top(pilot, ReviewScreen)
        await until_quiet(pilot)
        assert {row["partner"] for row in listed(pilot)} == {"a", "b"}
        await pilot.press("f")
        await screen_on_top(pilot, FilterMenu)
        await pilot.press("escape")  # nothing changes
        await screen_on_top(pilot, ReviewScreen)
        assert screen.chosen == {"partner": 0, "kind": 0, "session": 0}


# -- 5. Escape in the search box ----------------------------------------------------------


async def test_escape_in_the_search_clears_it_then_returns_to_the_list(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_review(pilot)
        await pilot.press("slash", *"soup")
        await until_quiet(pilot)
        assert len(listed(pilot)) == 1
        search = screen.query_one("#review-search", Input)
        await pilot.press("escape")
        await until_quiet(pilot)
        assert app.screen is screen and search.value == "" and search.has_focus
        assert len(listed(pilot)) > 1
        await pilot.press("escape")
        await until_quiet(pilot)
        assert app.screen is screen and screen.query_one(HistoryList).has_focus
        await pilot.press("escape")
        await until_quiet(pilot)
        assert not isinstance(app.screen, ReviewScreen)


# -- 7. privacy --------------------------------------------------------------------------


async def test_a_private_answer_opens_from_the_list_and_from_its_partners_page(
    db_path: Path,
) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        history = app.screen.query_one(HistoryList)
        history.cursor = next(
            i for i, row in enumerate(history.rows)
            if isinstance(row, dict) and row["visibility"] == "private"
        )
        history.focus()
        await pilot.press("o")
        handoff = await screen_on_top(pilot, ReadHandOff)
        text = screen_text(app)
        assert "Alex, please look away" in text and "ready to read privately" in text
        assert "ready to answer" not in text and SECRET not in text
        await pilot.press("enter")
        await screen_on_top(pilot, PrivateAnswerDialog)
        assert SECRET in screen_text(app)
        await pilot.press("escape")
        await screen_on_top(pilot, ReviewScreen)
        del handoff

        # Alex's answer to the same question: Sam's private answer is shown beside it.
        await open_row(pilot, step="prompt-2", partner="a")
        assert "private answer by Sam" in screen_text(app) and SECRET not in screen_text(app)
        await pilot.press("o")
        await screen_on_top(pilot, HandOffScreen)
        assert "Sam, press Enter when you're ready to read privately" in screen_text(app)
        await pilot.press("enter")
        await screen_on_top(pilot, PrivateAnswerDialog)
        assert SECRET in screen_text(app)


async def test_deleting_a_private_answer_asks_its_writer_first(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await open_row(pilot, visibility="private")
        await pilot.press("d")
        await screen_on_top(pilot, ReadHandOff)
        assert "Alex, please look away" in screen_text(app)
        await pilot.press("escape")  # Sam is not here: nothing is asked or deleted
        await screen_on_top(pilot, AnswerScreen)
        await pilot.press("d")
        await screen_on_top(pilot, ReadHandOff)
        await pilot.press("enter")
        dialog = await screen_on_top(pilot, DeleteDialog)
        assert dialog.query_one("#yes", Button).variant == "error"
        await pilot.click("#yes")
        await screen_on_top(pilot, ReviewScreen)
        await until_quiet(pilot)
    assert SECRET.encode() not in db_path.read_bytes()


async def test_deleting_a_shared_answer_asks_once_with_a_warning_colour(db_path: Path) -> None:
    seed(db_path)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await open_review(pilot)
        await open_row(pilot, step="reflection")
        await pilot.press("d")
        dialog = await screen_on_top(pilot, DeleteDialog)
        assert dialog.query_one("#yes", Button).variant == "error"
        await pilot.press("escape")
        await screen_on_top(pilot, AnswerScreen)
    assert SAY_BACK.encode() in db_path.read_bytes()
