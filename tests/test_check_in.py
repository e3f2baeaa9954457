"""The check-in, driven as a couple would: private ratings, the reveal, then and now, leaving."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path

from textual.widgets import Input, Static
from workbook.screens.check_in import CheckInScreen, RatingForm
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.exercise import TOO_MUCH_LABEL
from workbook.screens.home import HomeScreen
from workbook.screens.pause import PauseScreen
from workbook.screens.widgets.countdown import CountdownTimer
from workbook.screens.widgets.save_status import SaveStatus
from workbook.screens.widgets.scale import Scale

from tests.conftest import make_app, screen_on_top
from tests.exercise_helpers import choose, proceed, screen_text, settle
from workbook import checkins
from workbook.checkin_tables import CUE
from workbook.model import Answer, Visibility
from workbook.store import WorkbookStore

SIZE = (80, 24)
QUICK = "quick-check-in"
ORDER = checkins.ASKED  # the scales on the form, top to bottom
SHOWN = checkins.RATINGS  # what is saved and revealed: all but safety
PROMPT_NUMBERS = "0 is very low, 10 as good as it gets"


def answers(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("answers", {}).values())


def runs(db: Path) -> list[dict]:
    return list(json.loads(db.read_bytes()).get("runs", {}).values())


async def open_check_in(app, pilot, exercise: str = QUICK) -> CheckInScreen:
    app.open_exercise(exercise)
    await settle(pilot)
    assert isinstance(app.screen, CheckInScreen)
    return app.screen


async def hand_over(pilot, writer: str, looker: str) -> str:
    """On the hand-off screen: check who looks away, return its text, then Enter."""
    app = pilot.app
    assert isinstance(app.screen, HandOffScreen)
    text = screen_text(app)
    assert f"{looker}, please look away" in text
    assert f"{writer}, press Enter" in text
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CheckInScreen)
    return text


def scale_keys(numbers: tuple[int, ...]) -> list[str]:
    """Keys that set the six scales in order, from the first scale, with Tab in between.

    A 10 is set with End; every other number with its digit.
    """
    keys: list[str] = []
    for index, number in enumerate(numbers):
        if index:
            keys.append("tab")
        keys.append("end" if number == 10 else str(number))
    return keys


async def rate(pilot, numbers: tuple[int, ...], note: str = "", *, private: bool = False) -> None:
    """Fill in the form with the keyboard only and confirm it."""
    assert isinstance(pilot.app.focused, Scale)
    assert pilot.app.focused.id == "scale-trust"
    await pilot.press(*scale_keys(numbers))
    if note:
        await pilot.press("tab", *note)
    if private:
        await pilot.press("ctrl+o")
    await pilot.press("ctrl+s")
    await settle(pilot)


def ratings(numbers: tuple[int, ...], note: str = "") -> dict:
    """The saved value of a check-in rated ``numbers`` on the form (safety is never saved)."""
    asked = dict(zip(ORDER, numbers, strict=True))
    return {**{key: asked[key] for key in SHOWN}, "note": note}


def table_rows(app, widget_id: str) -> dict[str, str]:
    """The lines of a table on screen, by the label they start with."""
    text = str(app.screen.query_one(f"#{widget_id}", Static).render())
    rows = {}
    for line in text.splitlines():
        for key in ORDER:
            label = checkins.LABELS[key]
            if line.startswith(label):
                rows[key] = line[len(label):]
    return rows


def numbers_in(cells: str) -> list[int]:
    return [int(n) for n in re.findall(r"\d+", cells)]


def digits_outside_prompt(app) -> list[str]:
    """Digits anywhere on screen other than the form's "0 … 10" prompt (and a hidden timer)."""
    text = screen_text(app)
    for timer in app.screen.query(CountdownTimer):
        if not timer.display:
            text = text.replace(str(timer.render()), "")
    text = text.replace(PROMPT_NUMBERS, "").replace(TOO_MUCH_LABEL, "")
    return re.findall(r"\d", text)


def seed_earlier(db: Path, exercise: str, a: tuple[int, ...], b: tuple[int, ...],
                 *, when: str, done: bool = True, private_b: bool = False) -> str:
    """An earlier check-in, as an earlier run would have saved it."""
    store = WorkbookStore.open(db)
    run = store.start_run(exercise, None, {"phase": "done", "first": "a"})
    for key, numbers in (("a", a), ("b", b)):
        store.save_answer(Answer(
            uuid=f"earlier-{key}-{run.id}", exercise=exercise, step="ratings", partner=key,
            value=ratings(numbers, "then"), run=run.id, created=when, updated=when,
            visibility=Visibility.PRIVATE if key == "b" and private_b else Visibility.SHARED,
        ))
    if done:
        store.complete_run(run.id, {"phase": "done", "first": "a"})
    store.close()
    return run.id


# -- the whole check-in ---------------------------------------------------------------


async def test_full_check_in_from_home_with_the_keyboard_only(ready_db: Path) -> None:
    alex = (7, 8, 5, 6, 9, 10)
    sam = (4, 8, 6, 9, 7, 5)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        menu = home.query_one("#home-menu")
        for _ in range(40):
            if menu.highlighted_option and menu.highlighted_option.id == f"tool:{QUICK}":
                break
            await pilot.press("down")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert "Alex rates first (suggested)" in screen_text(app)
        await pilot.press("enter")  # the suggested choice has the focus
        await settle(pilot)

        await hand_over(pilot, "Alex", "Sam")
        text = screen_text(app)
        assert "Alex — your check-in" in text and "Sam looks away" in text
        assert "In a sentence or two, how are you today?" in text  # the content's note prompt
        assert "Openness and honesty" in text
        assert "without a front" in text  # every pillar explains itself in a line
        await rate(pilot, alex, "Tired but hopeful")

        await hand_over(pilot, "Sam", "Alex")
        assert "Sam — your check-in" in screen_text(app)
        await rate(pilot, sam)

        text = screen_text(app)
        assert "Your check-in, side by side" in text
        rows = table_rows(app, "ratings-table")
        assert "safety" not in rows
        assert [numbers_in(rows[key]) for key in SHOWN] == [
            [a, b] for key, a, b in zip(ORDER, alex, sam, strict=True) if key in SHOWN
        ]
        assert "Safety: you both answered" in text
        assert "Tired but hopeful" in text and "(no note)" in text
        await proceed(pilot)
        assert "Then and now" not in screen_text(app)  # nothing earlier to compare with
        assert "Your check-in is saved" in screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    (run,) = runs(ready_db)
    assert run["completed"] and run["exercise"] == QUICK
    saved = answers(ready_db)
    assert [(a["partner"], a["step"], a["value"]) for a in saved] == [
        ("a", "ratings", ratings(alex, "Tired but hopeful")),
        ("b", "ratings", ratings(sam, "")),
    ]
    for answer in saved:
        assert all(type(answer["value"][key]) is int for key in SHOWN)
        assert "safety" not in answer["value"]
        assert answer["exercise"] == QUICK and answer["run"] == run["id"]
        assert answer["session"] is None and answer["role"] is None
        assert answer["visibility"] == "shared" and answer["draft"] is False
        created = datetime.fromisoformat(answer["created"])
        updated = datetime.fromisoformat(answer["updated"])
        assert created.utcoffset() is not None and created <= updated


async def test_no_rating_is_shown_before_both_have_rated(ready_db: Path) -> None:
    alex = (9, 9, 8, 8, 7, 7)
    secret_note = "Something I want you to read only later"
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        handoff = await hand_over(pilot, "Alex", "Sam")
        assert not re.findall(r"\d", handoff)
        await rate(pilot, alex, secret_note)

        # The hand-off to Sam: nothing of Alex's, not even behind it.
        assert isinstance(app.screen, HandOffScreen)
        handoff = screen_text(app)
        assert not re.findall(r"\d", handoff) and secret_note not in handoff
        behind = app.screen_stack[-2]
        assert isinstance(behind, CheckInScreen)
        assert not behind.query(RatingForm) and not behind.query(Scale)
        assert not behind.query("#ratings-table")

        await hand_over(pilot, "Sam", "Alex")
        screen = app.screen
        text = screen_text(app)
        assert "Sam — your check-in" in text
        assert secret_note not in text
        assert not digits_outside_prompt(app)
        assert [s.value for s in screen.query(Scale)] == [None] * 6  # Sam starts blank
        assert screen.query_one("#note", Input).value == ""
        assert not screen.query("#ratings-table")

        await pilot.press("3", "tab", "4")  # half-way through Sam's own ratings
        await pilot.pause()
        text = screen_text(app)
        assert secret_note not in text and not digits_outside_prompt(app)
        assert [s.value for s in screen.query(Scale)] == [3, 4, None, None, None, None]

        await pilot.press("shift+tab", *scale_keys((3, 4, 5, 5, 6, 6)), "ctrl+s")
        await settle(pilot)
        text = screen_text(app)
        assert "Your check-in, side by side" in text and secret_note in text
        assert numbers_in(table_rows(app, "ratings-table")["trust"]) == [9, 3]


async def test_worth_talking_about_only_where_three_or_more_apart(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (7, 8, 5, 6, 9, 2))
        await hand_over(pilot, "Sam", "Alex")
        await rate(pilot, (4, 6, 5, 9, 7, 5))
        # apart by:     3  2  0  3  2  3
        rows = table_rows(app, "ratings-table")
        flagged = {key for key, cells in rows.items() if CUE in cells}
        assert flagged == {"trust", "openness", "mood"}
        assert "worth talking about" in screen_text(app)
        assert "verdict" not in screen_text(app)


async def test_a_private_answer_shows_only_who_wrote_it(ready_db: Path) -> None:
    sam_note = "I am not ready to say this out loud"
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (5, 5, 5, 5, 5, 5), "Good week")
        await hand_over(pilot, "Sam", "Alex")
        assert "never shown to Alex (ctrl+o)" in screen_text(app)
        await rate(pilot, (1, 4, 3, 9, 8, 0), sam_note, private=True)

        text = screen_text(app)
        assert "🔒 private answer by Sam" in text
        assert sam_note not in text and "Good week" in text
        rows = table_rows(app, "ratings-table")
        for key in SHOWN:
            assert numbers_in(rows[key]) == [5]  # Alex's number only; Sam's shows a dash
            assert "—" in rows[key] and CUE not in rows[key]
        await proceed(pilot)
        assert sam_note not in screen_text(app)

    saved = {a["partner"]: a for a in answers(ready_db)}
    assert saved["a"]["visibility"] == "shared"
    assert saved["b"]["visibility"] == "private"
    assert saved["b"]["value"] == ratings((1, 4, 3, 9, 8, 0), sam_note)  # kept for Sam


async def test_every_rating_is_needed_before_confirming(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Sam rates first")
        await hand_over(pilot, "Sam", "Alex")
        await pilot.press("ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one(SaveStatus).render())
        assert "Pick a number on each scale first" in status
        await pilot.press("6", "tab", "tab", "7", "tab", "tab", "right", "ctrl+s")
        await settle(pilot)
        status = str(app.screen.query_one(SaveStatus).render())
        assert "Still to rate: safety, openness and honesty, and mood." in status
        assert "Sam — your check-in" in screen_text(app)  # still on the same step
        assert not answers(ready_db) or all(a["draft"] for a in answers(ready_db))


# -- then and now ------------------------------------------------------------------------


async def test_then_and_now_on_a_later_check_in(ready_db: Path) -> None:
    seed_earlier(ready_db, "first-check-in", (4, 5, 3, 6, 2, 5), (6, 6, 4, 5, 3, 7),
                 when="2026-10-04T12:00:00+00:00")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot, "second-check-in")
        assert "Sam rates first (suggested)" in screen_text(app)  # Alex went first last time
        await choose(pilot, "Sam rates first")
        await hand_over(pilot, "Sam", "Alex")
        assert "Then and now" not in screen_text(app)
        await rate(pilot, (7, 6, 4, 5, 1, 8))
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (7, 6, 5, 6, 2, 5))
        assert "Your check-in, side by side" in screen_text(app)
        await proceed(pilot)

        text = screen_text(app)
        assert "Then and now" in text
        assert "4 Oct 2026 → today" in text
        rows = table_rows(app, "then-now-table")
        # Alex then → now (change), Sam then → now (change)
        assert numbers_in(rows["trust"]) == [4, 7, 3, 6, 7, 1]
        assert "safety" not in rows
        assert numbers_in(rows["vulnerability"]) == [3, 5, 2, 4, 4]
        assert numbers_in(rows["sharing"]) == [2, 2, 3, 1, 2]
        assert "−2" in rows["sharing"] and "+" not in rows["sharing"]
        assert numbers_in(rows["mood"]) == [5, 5, 7, 8, 1]
        await proceed(pilot)
        assert "Your check-in is saved" in screen_text(app)

    assert runs(ready_db)[-1]["completed"]


async def test_then_and_now_keeps_an_earlier_private_answer_private(ready_db: Path) -> None:
    seed_earlier(ready_db, "first-check-in", (4, 5, 3, 6, 2, 5), (1, 1, 1, 1, 1, 1),
                 when="2026-10-04T12:00:00+00:00", private_b=True)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (9, 9, 9, 9, 9, 9))
        await hand_over(pilot, "Sam", "Alex")
        await rate(pilot, (8, 8, 8, 8, 8, 8))
        await proceed(pilot)
        assert "Sam kept their first check-in private" in screen_text(app)
        rows = table_rows(app, "then-now-table")
        assert all(1 not in numbers_in(rows[key]) for key in SHOWN)
        assert numbers_in(rows["trust"]) == [4, 9, 5, 8]


async def test_an_unfinished_earlier_check_in_is_not_compared(ready_db: Path) -> None:
    seed_earlier(ready_db, "first-check-in", (1, 1, 1, 1, 1, 1), (2, 2, 2, 2, 2, 2),
                 when="2026-10-04T12:00:00+00:00", done=False)
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (7, 7, 7, 7, 7, 7))
        await hand_over(pilot, "Sam", "Alex")
        await rate(pilot, (8, 8, 8, 8, 8, 8))
        await proceed(pilot)
        assert "Then and now" not in screen_text(app)
        assert "Your check-in is saved" in screen_text(app)


# -- leaving, resuming, pausing ----------------------------------------------------------


async def test_leave_half_way_and_resume_with_the_draft(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (6, 6, 6, 6, 6, 6))
        await hand_over(pilot, "Sam", "Alex")
        await pilot.press("4", "tab", "end", "tab", "left")  # numbers only, no note yet
        # (an arrow on an empty scale starts from the middle: 5)
        await pilot.pause()
        await pilot.press("escape")  # leave half-way
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)

    drafts = [a for a in answers(ready_db) if a["draft"]]
    assert [(d["partner"], d["step"], d["value"]) for d in drafts] == [
        ("b", "ratings", {"trust": 4, "vulnerability": 5, "note": ""})  # safety is never kept
    ]
    (left,) = runs(ready_db)
    assert left["state"]["phase"] == "rate" and left["state"]["writer"] == "b"
    assert "_handed" not in left["state"]

    again = make_app(ready_db)
    async with again.run_test(size=SIZE) as pilot:
        again.open_exercise(QUICK)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(again)
        await pilot.press("enter")  # Continue
        await settle(pilot)
        await hand_over(pilot, "Sam", "Alex")  # a private step asks again after a resume
        screen = again.screen
        assert "Sam — your check-in" in screen_text(again)
        assert [s.value for s in screen.query(Scale)] == [4, None, 5, None, None, None]
        # Safety was never kept, so it is asked again: the second scale.
        await pilot.press("tab", "6", "tab", "tab", "5", "tab", "5", "tab", "5", "tab",
                          *"Back again")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Your check-in, side by side" in screen_text(again)

    final = [a for a in answers(ready_db) if a["partner"] == "b"]
    assert len(final) == 1  # the draft became the answer
    assert final[0]["draft"] is False
    assert final[0]["value"] == ratings((4, 10, 5, 5, 5, 5), "Back again")


async def test_pause_and_back_to_the_same_step(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await pilot.press("3", "tab", "8")
        await pilot.press("ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, PauseScreen)
        await pilot.press("escape")
        await screen_on_top(pilot, HandOffScreen)  # whoever is back may not be Alex
        await hand_over(pilot, "Alex", "Sam")
        assert app.screen is screen
        assert "Alex — your check-in" in screen_text(app)
        assert [s.value for s in screen.query(Scale)][:2] == [3, 8]
        assert isinstance(app.focused, Scale)


async def test_next_time_the_other_partner_is_suggested_first(ready_db: Path) -> None:
    seed_earlier(ready_db, QUICK, (5,) * 6, (5,) * 6, when="2026-11-02T18:00:00+00:00")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)  # Alex went first in the earlier check-in
        assert "Sam rates first (suggested)" in screen_text(app)
        await choose(pilot, "Sam rates first")
        await hand_over(pilot, "Sam", "Alex")
        await rate(pilot, (6,) * 6)
        await pilot.press("escape")  # leave on the hand-off to Alex, Sam's turn taken
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.open_exercise(QUICK)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Start again"
        await settle(pilot)
        assert "Alex rates first (suggested)" in screen_text(app)


async def test_a_start_left_straight_after_the_choice_does_not_count(ready_db: Path) -> None:
    seed_earlier(ready_db, QUICK, (5,) * 6, (5,) * 6, when="2026-11-02T18:00:00+00:00")
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Sam rates first")  # as suggested, Alex having gone first before
        await pilot.press("escape")  # leave on the hand-off: nobody has rated
        await settle(pilot)
        assert isinstance(app.screen, HomeScreen)
        app.open_exercise(QUICK)
        await pilot.pause()
        await pilot.pause()
        await pilot.press("tab", "enter")  # "Start again"
        await settle(pilot)
        assert "Sam rates first (suggested)" in screen_text(app)


async def test_up_and_down_move_between_the_scales(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        assert isinstance(app.focused, Scale) and app.focused.id == "scale-trust"
        await pilot.press("up")  # already at the top: stays on trust
        assert app.focused is not None and app.focused.id == "scale-trust"
        keys: list[str] = []
        for number in (7, 8, 5, 6, 9, 3):
            keys += [str(number), "down"]
        await pilot.press(*keys)
        assert [s.value for s in screen.query(Scale)] == [7, 8, 5, 6, 9, 3]
        assert isinstance(app.focused, Input) and app.focused.id == "note"
        await pilot.press("up", "up", "4")  # from the note up past mood to sharing
        assert app.focused.id == "scale-sharing"
        assert [s.value for s in screen.query(Scale)] == [7, 8, 5, 6, 4, 3]


# -- the helpers without a screen ---------------------------------------------------------


def test_differences_missing_and_changes() -> None:
    a = ratings((7, 8, 5, 6, 9, 2))
    b = ratings((4, 6, 5, 9, 7, 5))
    assert checkins.differences(a, b) == ["trust", "openness", "mood"]
    assert checkins.differences(a, b, at_least=2) == ["trust", "openness", "sharing", "mood"]
    assert checkins.differences({**a, "safety": 0}, {**b, "safety": 10}) == [
        "trust", "openness", "mood"
    ]  # an unkept rating is never compared, even if a file holds one
    partial = {"trust": 3, "mood": 11, "safety": True, "note": ""}
    assert checkins.missing(partial) == ["vulnerability", "openness", "sharing", "mood"]
    assert checkins.missing(partial, checkins.ASKED) == [
        "safety", "vulnerability", "openness", "sharing", "mood"
    ]
    assert checkins.is_complete(a) and not checkins.is_complete({"trust": 1})
    assert checkins.changes(a, b)["trust"] == -3


def test_day_label() -> None:
    assert checkins.day_label("2026-10-04T12:00:00+00:00", today=date(2026, 11, 1)) == (
        "4 Oct 2026"
    )
    today = datetime.now().astimezone()
    assert checkins.day_label(today.isoformat()) == "today"
    assert checkins.day_label("not a time") == "an earlier day"


def test_check_ins_skip_drafts_unfinished_runs_and_the_current_run(ready_db: Path) -> None:
    seed_earlier(ready_db, "first-check-in", (1,) * 6, (2,) * 6, when="2026-10-01T12:00:00+00:00")
    latest_run = seed_earlier(
        ready_db, "quick-check-in", (3,) * 6, (4,) * 6, when="2026-10-08T12:00:00+00:00"
    )
    seed_earlier(ready_db, "quick-check-in", (5,) * 6, (6,) * 6, when="2026-10-15T12:00:00+00:00",
                 done=False)
    store = WorkbookStore.open(ready_db)
    try:
        store.save_answer(Answer(
            uuid="a-draft", exercise=QUICK, step="ratings", partner="a", value={"trust": 9},
            run=None, draft=True,
        ))
        store.save_answer(Answer(  # imported history: its run is not in the file
            uuid="imported", exercise=QUICK, step="ratings", partner="a",
            value=ratings((8,) * 6), run="gone", created="2026-10-20T12:00:00+00:00",
        ))
        found = checkins.check_ins(store, partner="a")
        assert [c.ratings["trust"] for c in found] == [1, 3, 8]
        first, latest = checkins.first_and_latest(store, "b", exclude_run=latest_run)
        assert first is not None and latest is not None
        assert first.ratings["trust"] == latest.ratings["trust"] == 2
        assert first.note == "then" and first.created == "2026-10-01T12:00:00+00:00"
        assert checkins.first_and_latest(store, "b", exclude_run="x")[1].ratings["mood"] == 4
    finally:
        store.close()


def test_checkins_module_does_not_import_textual() -> None:
    code = "import sys, workbook.checkins; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


async def test_at_60_columns_each_row_of_the_reveal_stays_on_one_line(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(60, 18)) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await rate(pilot, (7, 8, 5, 6, 9, 6))
        await hand_over(pilot, "Sam", "Alex")
        await rate(pilot, (4, 7, 5, 9, 8, 10))
        table = app.screen.query_one("#ratings-table", Static)
        shown = str(table.render())
        assert table.region.height == len(shown.splitlines())  # no row broken in two
        assert CUE not in shown and "◆" in shown  # the mark alone, explained by the hint
        assert "(◆)" in screen_text(app)
