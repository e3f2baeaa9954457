"""The check-in's safety rating belongs to the person who gives it.

It is asked like the others, but never saved (not even in a draft), never
revealed, compared, trended or exported; the reveal only says both answered.
A low number quietly offers the support page to whoever gave it, before the
hand-off, while the screen is still theirs.
"""

from __future__ import annotations

import json
from pathlib import Path

from workbook.screens.check_in import CheckInScreen, RatingForm
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dialogs.just_for_you import JustForYouDialog
from workbook.screens.dialogs.support import SupportScreen
from workbook.screens.widgets.scale import Scale

from tests.conftest import make_app
from tests.exercise_helpers import choose, proceed, screen_text, settle
from tests.test_check_in import hand_over, open_check_in, scale_keys
from workbook import checkins
from workbook.cli import main
from workbook.model import Answer, Visibility
from workbook.review import value_text
from workbook.store import WorkbookStore

SIZE = (80, 24)


async def fill(pilot, numbers: tuple[int, ...]) -> None:
    """Set the six scales from the first one, without confirming."""
    assert isinstance(pilot.app.focused, Scale) and pilot.app.focused.id == "scale-trust"
    await pilot.press(*scale_keys(numbers))
    await settle(pilot)


def workbook_files(db: Path) -> dict[Path, bytes]:
    """The workbook and every file kept beside it (backup, drafts, copies)."""
    return {path: path.read_bytes() for path in db.parent.glob(f"{db.name}*") if path.is_file()}


async def test_a_low_safety_number_offers_the_page_to_its_writer_alone(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await fill(pilot, (6, 2, 5, 6, 6, 6))
        await pilot.press("ctrl+s")
        await settle(pilot)

        # Before any hand-off: the offer is over Alex's own turn, named for Alex.
        assert isinstance(app.screen, JustForYouDialog)
        assert "Just for you, Alex" in screen_text(app)
        under = app.screen_stack[-2]
        assert isinstance(under, CheckInScreen)
        assert not any(isinstance(s, HandOffScreen) for s in app.screen_stack)

        await pilot.click("#read")
        await settle(pilot)
        assert isinstance(app.screen, SupportScreen)
        await pilot.press("escape")
        await settle(pilot)

        # Back to Alex's numbers, exactly as they were; nothing was saved yet.
        assert app.screen is under
        form = under.query_one(RatingForm)
        assert form.ratings() == {
            "trust": 6, "safety": 2, "vulnerability": 5, "openness": 6, "sharing": 6,
            "mood": 6, "note": "",
        }
        confirmed = [a for a in json.loads(ready_db.read_bytes()).get("answers", {}).values()
                     if not a["draft"]]
        assert confirmed == []

        # Confirming again goes straight on: the offer is made once a turn.
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HandOffScreen)


async def test_carry_on_confirms_and_a_middling_number_offers_nothing(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await fill(pilot, (6, checkins.LOW, 5, 6, 6, 6))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JustForYouDialog)
        await pilot.click("#carry-on")
        await settle(pilot)
        assert isinstance(app.screen, HandOffScreen)  # confirmed, and on to Sam

        await hand_over(pilot, "Sam", "Alex")
        await fill(pilot, (6, checkins.LOW + 1, 5, 6, 6, 6))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not any(isinstance(s, JustForYouDialog) for s in app.screen_stack)
        assert "Your check-in, side by side" in screen_text(app)


async def test_escape_on_the_offer_goes_back_to_the_numbers_unsaved(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Sam rates first")
        await hand_over(pilot, "Sam", "Alex")
        await fill(pilot, (6, 0, 5, 6, 6, 6))
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, JustForYouDialog)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, CheckInScreen)
        assert "Sam — your check-in" in screen_text(app)


async def test_the_safety_number_is_never_revealed_compared_or_written(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_check_in(app, pilot)
        await choose(pilot, "Alex rates first")
        await hand_over(pilot, "Alex", "Sam")
        await fill(pilot, (7, 9, 7, 7, 7, 7))
        await pilot.press("ctrl+s")
        await settle(pilot)
        await hand_over(pilot, "Sam", "Alex")
        # Safety far apart, everything else equal: nothing is "worth talking about".
        await fill(pilot, (7, 4, 7, 7, 7, 7))
        await pilot.press("ctrl+s")
        await settle(pilot)

        text = screen_text(app)
        assert "Your check-in, side by side" in text
        assert "Safety: you both answered" in text
        table = str(app.screen.query_one("#ratings-table").render())
        assert "Safety" not in table
        assert "9" not in table and "4" not in table
        assert "neither of you is wrong" not in text.lower()
        assert "You are close on everything" in text
        await proceed(pilot)

    stored = json.loads(ready_db.read_bytes())["answers"].values()
    assert len(stored) == 2
    for answer in stored:
        assert set(answer["value"]) == {*checkins.RATINGS, "note"}
    kept = workbook_files(ready_db)
    assert ready_db.with_name(f"{ready_db.name}.bak") in kept
    for path, data in kept.items():
        assert b"safety" not in data.lower(), path


# -- check-ins saved by earlier versions, which kept a safety number --------------------


def legacy_check_ins(db: Path) -> None:
    store = WorkbookStore.open(db)
    for key, safety in (("a", 1), ("b", 9)):
        store.save_answer(Answer(
            uuid=f"legacy-{key}", exercise="first-check-in", step="ratings", partner=key,
            value={"trust": 6, "safety": safety, "vulnerability": 6, "openness": 6,
                   "sharing": 6, "mood": 6, "note": "from before"},
            created="2026-03-01T10:00:00+00:00", updated="2026-03-01T10:00:00+00:00",
            visibility=Visibility.SHARED,
        ))
    store.close()


def test_an_earlier_versions_safety_number_is_never_exported(ready_db: Path, capsys) -> None:
    legacy_check_ins(ready_db)
    assert main(["export", "--db", str(ready_db)]) == 0
    markdown = capsys.readouterr().out
    assert "from before" in markdown and "Trust" in markdown
    assert "safety" not in markdown.lower()

    backup = ready_db.with_name("backup.json")
    assert main(["export", "--db", str(ready_db), "--format", "json", "-o", str(backup)]) == 0
    answers = json.loads(backup.read_bytes())["answers"]
    assert [a["value"].get("note") for a in answers] == ["from before", "from before"]
    assert all("safety" not in a["value"] for a in answers)


def test_an_earlier_versions_safety_number_is_not_imported(ready_db: Path, tmp_path) -> None:
    old = tmp_path / "old" / "workbook.json"
    old.parent.mkdir()
    store = WorkbookStore.open(ready_db)
    couple = store.couple()
    store.close()
    other = WorkbookStore.open(old)
    assert couple is not None
    other.save_couple(couple)
    other.close()
    legacy_check_ins(old)

    assert main(["import", str(old), "--db", str(ready_db)]) == 0
    stored = json.loads(ready_db.read_bytes())["answers"].values()
    assert len(stored) == 2
    assert all("safety" not in a["value"] and a["value"]["trust"] == 6 for a in stored)

    # Importing the same file again finds them already there, not changed.
    assert main(["import", str(old), "--db", str(ready_db)]) == 0
    assert len(json.loads(ready_db.read_bytes())["answers"]) == 2


def test_review_never_shows_an_earlier_versions_safety_number() -> None:
    value = {"trust": 6, "safety": 1, "mood": 5, "note": ""}
    shown = value_text(value)
    assert "trust 6" in shown and "mood 5" in shown
    assert "safety" not in shown and "1" not in shown
