"""Long partner names (as long as set-up allows) still leave every button and label in sight.

Each test looks at where widgets landed on the live layout at 80x24 and 60x18,
with names that are long, markup-like, or mixed scripts and emoji.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.app import App, ComposeResult
from textual.widgets import Button, Label
from workbook.screens.agreement import AgreementScreen
from workbook.screens.reflection import GuessReveal
from workbook.screens.setup import NAME_MAX

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import settle
from workbook.model import Answer, Couple, Partner
from workbook.store import WorkbookStore

SIZES = [(80, 24), (60, 18)]

LONGEST = ("Abcdefghij Klmnopqrst Uvwxyzab"[:NAME_MAX], "Zyxwvutsrq Ponmlkjihg Fedcbazy"[:NAME_MAX])
ODD = ("[b]Al[/b][@click=app.quit]x", "سارة 王小明👩‍❤️‍👨[link=http://e.vil]L[/link]"[:NAME_MAX])


def long_couple(names: tuple[str, str], *, agreed: bool = True) -> Couple:
    """A couple with these names, past the agreement unless ``agreed`` is False."""
    return Couple(
        Partner("a", names[0], "dodgerblue"), Partner("b", names[1], "darkorange"),
        agreed_at="2026-11-01T18:00:00+00:00" if agreed else None,
    )


def saved(path: Path, couple: Couple) -> Path:
    store = WorkbookStore.open(path)
    try:
        store.save_couple(couple)
    finally:
        store.close()
    return path


def test_the_longest_names_are_as_long_as_set_up_allows() -> None:
    assert all(len(name) == NAME_MAX for name in LONGEST)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("names", [LONGEST, ODD])
async def test_both_who_goes_first_buttons_are_in_sight(
    tmp_path: Path, size: tuple[int, int], names: tuple[str, str]
) -> None:
    app = make_app(saved(tmp_path / "w.json", long_couple(names)))
    async with app.run_test(size=size) as pilot:
        app.open_exercise("i-statement-anytime")
        await settle(pilot)
        buttons = [b for b in app.screen.query(".choices Button").results(Button) if b.display]
        assert len(buttons) == 2
        for button in buttons:
            assert app.screen.region.contains_region(button.region), (str(button.label), size)


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("names", [LONGEST, ODD])
async def test_the_agreement_buttons_are_all_in_sight(
    tmp_path: Path, size: tuple[int, int], names: tuple[str, str]
) -> None:
    app = make_app(saved(tmp_path / "w.json", long_couple(names, agreed=False)))
    async with app.run_test(size=size) as pilot:
        screen = await screen_on_top(pilot, AgreementScreen)
        await until_quiet(pilot)
        buttons = list(screen.query("#agreement-buttons Button").results(Button))
        assert [b.id for b in buttons] == ["agree-a", "agree-b", "back"]
        for button in buttons:
            assert screen.region.contains_region(button.region), (button.id, size)


class RevealApp(App[None]):
    """Only a guess reveal, as the reflection screen shows it."""

    def __init__(self, couple: Couple) -> None:
        super().__init__()
        self.couple = couple

    def compose(self) -> ComposeResult:
        def answer(key: str) -> Answer:
            return Answer(uuid=f"u-{key}", exercise="x", step="prompt-1", partner=key,
                          value={"self": "Rest", "guess": "Work"}, run="r",
                          created="2026-01-01T10:00:00+00:00")

        yield GuessReveal({key: (self.couple.partner(key), answer(key)) for key in ("a", "b")})


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("names", [LONGEST, ODD])
async def test_the_guess_reveal_labels_are_never_cut(
    size: tuple[int, int], names: tuple[str, str]
) -> None:
    app = RevealApp(long_couple(names))
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        labels = list(app.screen.query(".guess-label").results(Label))
        assert len(labels) == 4
        for label in labels:
            panel = label.parent
            assert panel is not None
            # Cut labels ran past their panel's edge ("…x's answ"); whole ones wrap inside it.
            assert label.region.right <= panel.region.right, (str(label.render()), size)


@pytest.mark.parametrize("size", SIZES)
async def test_a_long_done_label_wraps_and_leaves_too_much_in_sight(size: tuple[int, int]) -> None:
    """An optional step's "Done — or leave it empty" beside "Too much right now", as laid out."""
    from textual.containers import Horizontal
    from workbook.screens.exercise import TOO_MUCH_LABEL

    import workbook.app

    class StepButtons(App[None]):
        CSS_PATH = Path(workbook.app.__file__).parent / "app.tcss"

        def compose(self) -> ComposeResult:
            yield Horizontal(
                Button("Done — or leave it empty (ctrl+s)", id="confirm", variant="primary"),
                Button(TOO_MUCH_LABEL, id="too-much"),
                classes="step-buttons",
            )

    app = StepButtons()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        for button in app.screen.query(Button):
            assert app.screen.region.contains_region(button.region), (str(button.label), size)
