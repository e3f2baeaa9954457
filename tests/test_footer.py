"""The key footer is rebuilt only when the keys it shows change (``screens/footer.py``)."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from workbook.screens.footer import CalmFooter


class Toggled(App[None]):
    """One key, shown or not as ``allowed`` says."""

    BINDINGS = [Binding("x", "thing", "Thing"), Binding("y", "other", "Other")]
    allowed = True

    def compose(self) -> ComposeResult:
        yield CalmFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return self.allowed if action == "thing" else True

    def action_thing(self) -> None:
        """Nothing: the key only has to be shown."""

    def action_other(self) -> None:
        """Nothing: the key only has to be shown."""


def shown(footer: CalmFooter) -> list[str]:
    return [str(getattr(key, "description", "")) for key in footer.children]


async def test_the_same_keys_are_not_rebuilt_and_changed_ones_are() -> None:
    app = Toggled()
    async with app.run_test(size=(60, 10)) as pilot:
        footer = app.query_one(CalmFooter)
        await pilot.pause()
        first = list(footer.children)
        assert "Thing" in shown(footer) and "Other" in shown(footer)

        app.refresh_bindings()  # nothing about the keys changed
        await pilot.pause()
        await pilot.pause()
        assert list(footer.children) == first  # the very same widgets: no rebuild

        app.allowed = False
        app.refresh_bindings()
        await pilot.pause()
        await pilot.pause()
        assert "Thing" not in shown(footer) and "Other" in shown(footer)
