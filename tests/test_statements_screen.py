"""The "I" statement library: each partner's finished statements, newest first."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from workbook.screens.statements import StatementsScreen, StatementView
from workbook.screens.widgets.menus import OpenMenu

from tests.conftest import make_app
from tests.exercise_helpers import screen_text
from workbook.model import Answer, Visibility
from workbook.store import WorkbookStore

PRIVATE_TEXT = "I feel ashamed when money comes up because I need to feel capable."
DRAFT_TEXT = "I feel … when the dishes"


def _statement(
    uuid: str, partner: str, when: str, feeling: str, situation: str, need: str,
    request: str = "", *, private: bool = False, draft: bool = False, variant: str = "three_part",
) -> Answer:
    text = f"I feel {feeling} when {situation} because I need {need}"
    text += f", and I would like {request}." if request else "."
    stamp = f"{when}T20:30:00+00:00"
    return Answer(
        uuid=uuid, exercise="i-statement-anytime", step="statement", partner=partner,
        role="writer", run=f"run-{uuid}", created=stamp, updated=stamp, draft=draft,
        visibility=Visibility.PRIVATE if private else Visibility.SHARED,
        value={
            "variant": variant, "feeling": feeling, "situation": situation, "need": need,
            "request": request, "text": text,
        },
    )


def statement_answers() -> list[Answer]:
    """Alex: three shared, one private, one draft. Sam: two shared, one private."""
    alex_draft = _statement("a-draft", "a", "2026-09-01", "…", "the dishes", "…", draft=True)
    alex_draft = Answer.from_doc({**alex_draft.to_doc(), "value": {
        **alex_draft.value, "text": DRAFT_TEXT}})
    alex_private = _statement(
        "a-private", "a", "2026-06-10", "ashamed", "money comes up", "to feel capable",
        private=True,
    )
    alex_private = Answer.from_doc({**alex_private.to_doc(), "value": {
        **alex_private.value, "text": PRIVATE_TEXT}})
    return [
        _statement("a-1", "a", "2026-03-14", "lonely", "we eat in front of our phones",
                   "to feel close to you"),
        _statement("a-3", "a", "2026-08-02", "hopeful", "we plan the weekend together",
                   "to share what we look forward to", "to keep Sunday mornings for us",
                   variant="gentle_startup"),
        alex_private,
        _statement("a-2", "a", "2026-05-20", "worried", "plans change at the last minute",
                   "some predictability", "a message when things shift"),
        alex_draft,
        _statement("b-1", "b", "2026-04-02", "unheard", "I'm interrupted mid-sentence",
                   "to finish my thought"),
        _statement("b-private", "b", "2026-07-11", "jealous", "the old friend calls",
                   "reassurance", private=True),
        _statement("b-2", "b", "2026-07-30", "grateful", "you made space for me to talk",
                   "to feel heard", "more evenings like that one"),
    ]


def seed_statements(path: Path) -> None:
    """Add the statements above to a workbook."""
    store = WorkbookStore.open(path)
    try:
        store.add_history([], statement_answers())
    finally:
        store.close()


async def _open_library(pilot) -> StatementsScreen:
    app = pilot.app
    await pilot.pause()
    screen = StatementsScreen(app.store, app.store.couple())
    await app.push_screen(screen)
    await pilot.pause()
    return screen


def _listed(screen: StatementsScreen) -> list[str]:
    menu = screen.query_one(OpenMenu)
    return [str(menu.get_option_at_index(i).prompt) for i in range(menu.option_count)]


async def test_library_lists_finished_statements_newest_first(ready_db: Path) -> None:
    seed_statements(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        listed = _listed(screen)
        assert len(listed) == 4
        assert listed[0].startswith("2 Aug 2026 · I'm feeling hopeful · and I'd love to share")
        assert "keep Sunday mornings for us" in listed[0]
        assert listed[1] == "🔒 private statement by Alex"
        assert listed[2].startswith(
            "20 May 2026 · I feel worried · because I need some predictability")
        assert listed[3].startswith("14 Mar 2026 · I feel lonely")
        assert "I feel lonely when we eat in front of our phones" in listed[3]


async def test_drafts_are_not_listed_and_private_text_never_shows(ready_db: Path) -> None:
    seed_statements(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await _open_library(pilot)
        for _ in range(2):
            text = screen_text(app)
            assert DRAFT_TEXT not in text and "the dishes" not in text
            assert PRIVATE_TEXT not in text and "ashamed" not in text
            assert "jealous" not in text and "old friend" not in text
            assert "10 Jun 2026" not in text and "11 Jul 2026" not in text
            await pilot.press("tab")
            await pilot.pause()


async def test_a_thank_you_row_uses_its_own_wording(ready_db: Path) -> None:
    """A thank-you's row says "because it", as its sentence and the whole-statement view do."""
    thanks = _statement("b-thanks", "b", "2026-10-01", "grateful", "you cooked",
                        "gave me a quiet hour", variant="gratitude")
    store = WorkbookStore.open(ready_db)
    try:
        store.add_history([], [thanks])
    finally:
        store.close()
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        await pilot.press("tab")
        await pilot.pause()
        listed = _listed(screen)
        assert listed[0].startswith(
            "1 Oct 2026 · I feel grateful · because it gave me a quiet hour")
        assert "need" not in listed[0].split("\n")[0]


async def test_switching_partner_with_tab_and_arrows(ready_db: Path) -> None:
    seed_statements(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        assert screen.showing == "a"
        await pilot.press("tab")
        await pilot.pause()
        assert screen.showing == "b"
        listed = _listed(screen)
        assert listed[0].startswith("30 Jul 2026 · I feel grateful")
        assert listed[1] == "🔒 private statement by Sam"
        assert listed[2].startswith("2 Apr 2026 · I feel unheard")
        assert "Sam's statements" in str(screen.query_one(OpenMenu).border_title)
        await pilot.press("right")
        await pilot.pause()
        assert screen.showing == "a"
        await pilot.press("left")
        await pilot.pause()
        assert screen.showing == "b"


async def test_enter_shows_the_whole_statement(ready_db: Path) -> None:
    seed_statements(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        await pilot.press("down")  # skips the private one
        await pilot.pause()
        assert screen.query_one(OpenMenu).highlighted == 2
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, StatementView)
        sentence = str(app.screen.query_one("#statement-sentence", Static).render())
        parts = str(app.screen.query_one("#statement-parts", Static).render())
        assert "plans change at the last minute" in sentence
        assert "a message when things shift" in sentence and "…" not in sentence
        assert "worried" in parts and "some predictability" in parts
        assert "Three parts: feeling, situation, need" in parts
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, StatementsScreen)


async def test_private_statement_cannot_be_opened(ready_db: Path) -> None:
    seed_statements(ready_db)
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        menu = screen.query_one(OpenMenu)
        assert menu.get_option_at_index(1).disabled
        menu.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen


async def test_empty_library_invites_gently(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await _open_library(pilot)
        text = screen_text(app)
        assert "No “I” statements from Alex yet" in text
        assert not screen.query_one(OpenMenu).display
        await pilot.press("tab")
        await pilot.pause()
        assert "No “I” statements from Sam yet" in screen_text(app)
