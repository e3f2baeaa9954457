"""The 0–10 scale: keys, digits, clicks, limits."""

from __future__ import annotations

from textual import on
from textual.app import App, ComposeResult
from workbook.screens.widgets.scale import CELL, Scale


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.seen: list[int | None] = []

    def compose(self) -> ComposeResult:
        yield Scale(low="not at all", high="completely", id="scale")

    @on(Scale.Changed)
    def _changed(self, event: Scale.Changed) -> None:
        self.seen.append(event.value)


async def test_keys_digits_and_limits() -> None:
    app = Host()
    async with app.run_test() as pilot:
        scale = app.query_one(Scale)
        scale.focus()
        assert scale.value is None
        await pilot.press("right")
        assert scale.value == 5  # the first arrow starts from the middle
        await pilot.press("7")
        assert scale.value == 7
        await pilot.press("end", "right")
        assert scale.value == 10
        await pilot.press("home", "left")
        assert scale.value == 0
        await pilot.pause()
        assert app.seen[-1] == 0 and 7 in app.seen


async def test_click_picks_the_number_under_the_pointer() -> None:
    app = Host()
    async with app.run_test(size=(100, 5)) as pilot:
        offset = len("not at all ") + 8 * CELL + 1
        await pilot.click(Scale, offset=(offset, 0))
        assert app.query_one(Scale).value == 8
        assert "completely" in str(app.query_one(Scale).render())


class Column(App[None]):
    def compose(self) -> ComposeResult:
        yield Scale(id="first")
        yield Scale(id="second")


async def test_up_and_down_move_between_scales_without_wrapping() -> None:
    app = Column()
    async with app.run_test() as pilot:
        app.query_one("#first", Scale).focus()
        await pilot.press("down", "3")
        assert app.focused is not None and app.focused.id == "second"
        await pilot.press("down")  # the last one: stays, rather than wrapping to the top
        assert app.focused.id == "second"
        await pilot.press("up", "up", "6")
        assert app.focused.id == "first"
        assert [s.value for s in app.query(Scale)] == [6, 3]
