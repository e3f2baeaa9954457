"""Repair phrases from the pause: the couple's own (never a private one) and the well-tried list."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Static
from workbook.screens.dialogs.repair import RepairPhrasesDialog
from workbook.screens.pause import PauseScreen

from tests.conftest import make_app, screen_on_top, until_quiet
from workbook.content import load_content
from workbook.model import Answer, Visibility, new_id
from workbook.repair import EXERCISE, OWN_STEP, repair_phrases
from workbook.store import WorkbookStore

SIZE = (80, 24)


def own(partner: str, text: str, **kw) -> Answer:
    return Answer(uuid=new_id(), exercise=EXERCISE, step=OWN_STEP, partner=partner,  # type: ignore[arg-type]
                  value=text, run="run-1", **kw)


def test_the_latest_shared_phrases_of_each_partner_and_the_list(ready_db: Path) -> None:
    store = WorkbookStore.open(ready_db)
    try:
        store.add_history([], [
            own("a", "Can we start again?"),
            own("a", "I'm on your side."),
            own("b", "Only mine to read", visibility=Visibility.PRIVATE),
            own("b", "Still typing", draft=True),
        ])
        phrases = repair_phrases(store, load_content())
    finally:
        store.close()
    assert phrases.own == [("a", "I'm on your side.")]
    assert "That came out harsher than I meant." in phrases.suggested


async def test_r_on_the_pause_shows_them(ready_db: Path) -> None:
    store = WorkbookStore.open(ready_db)
    try:
        store.add_history([], [own("b", "[b]Let's breathe[/b] together")])
    finally:
        store.close()
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("ctrl+t")
        await screen_on_top(pilot, PauseScreen)
        await pilot.press("r")
        dialog = await screen_on_top(pilot, RepairPhrasesDialog)
        text = "\n".join(str(w.render()) for w in dialog.query(Static))
        assert "Sam: [b]Let's breathe[/b] together" in text  # as written, never markup
        assert "· Thank you for sticking with this." in text
        await pilot.press("escape")
        await screen_on_top(pilot, PauseScreen)
