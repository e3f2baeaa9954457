"""Put a few items in order, with the keyboard or the mouse.

Keys: ↑ ↓ move the highlight; **Enter** or **Space** picks the highlighted
item up, then ↑ ↓ carry it and **Enter** or **Space** puts it down;
**shift+↑** / **shift+↓** move it straight away. Mouse: click an item, then
the "Up" and "Down" buttons beside the list.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widgets import Button, OptionList
from textual.widgets.option_list import Option


class RankingList(OptionList):
    """The numbered list itself; a click only highlights, it never picks up."""

    DEFAULT_CSS = """
    RankingList { height: auto; max-height: 14; width: 1fr; }
    """

    BINDINGS = [
        Binding("enter", "grab", "Pick up / put down", show=False),
        Binding("space", "grab", "Pick up / put down", show=False),
        Binding("shift+up", "move(-1)", "Move up", show=False),
        Binding("shift+down", "move(1)", "Move down", show=False),
    ]

    class Moved(Message):
        """The order changed."""

        def __init__(self, ranking: RankingList) -> None:
            super().__init__()
            self.ranking = ranking

    def __init__(self, items: Iterable[str], *, id: str | None = None,
                 classes: str | None = None) -> None:
        self.order = list(items)
        """The items, first to last."""
        self.grabbed = False
        """True while the highlighted item is picked up and the arrows carry it."""
        super().__init__(
            *(Option(self._line(i), id=f"rank-{i}") for i in range(len(self.order))),
            id=id, classes=classes,
        )

    def _line(self, index: int) -> Content:
        number = Content.styled(f"{index + 1}. ", "bold")
        text = Content(self.order[index])
        if self.grabbed and index == self.highlighted:
            return Content.assemble(number, Content.styled("⇅ ", "bold $accent"),
                                    text.stylize("bold"))
        return Content.assemble(number, text)

    def _redraw(self) -> None:
        for index in range(len(self.order)):
            self.replace_option_prompt_at_index(index, self._line(index))

    def on_mount(self) -> None:
        self.highlighted = 0 if self.order else None

    async def on_click(self, event: events.Click) -> None:
        """Put down whatever was carried and highlight the clicked item; OptionList selects it."""
        clicked = event.style.meta.get("option")
        if clicked is not None:
            self.put_down()
            self.highlighted = clicked
            self.focus()

    def action_grab(self) -> None:
        """Pick the highlighted item up, or put it down."""
        if self.highlighted is None:
            return
        self.grabbed = not self.grabbed
        self._redraw()

    def put_down(self) -> None:
        """Stop carrying the item (nothing moves)."""
        if self.grabbed:
            self.grabbed = False
            self._redraw()

    def action_move(self, delta: int) -> None:
        """Move the highlighted item up (-1) or down (+1) one place."""
        index = self.highlighted
        if index is None:
            return
        target = index + delta
        if not 0 <= target < len(self.order):
            return
        self.order[index], self.order[target] = self.order[target], self.order[index]
        self.highlighted = target
        self._redraw()
        self.post_message(self.Moved(self))

    def action_cursor_up(self) -> None:
        if self.grabbed:
            self.action_move(-1)
        else:
            super().action_cursor_up()

    def action_cursor_down(self) -> None:
        if self.grabbed:
            self.action_move(1)
        else:
            super().action_cursor_down()

    def on_blur(self) -> None:
        self.put_down()


class Ranking(Vertical):
    """A ranking with "Up" and "Down" buttons for the mouse. ``order`` is the current order."""

    DEFAULT_CSS = """
    Ranking { height: auto; margin-top: 1; }
    Ranking > Horizontal { height: auto; }
    Ranking .ranking-buttons { width: 11; height: auto; padding: 1 0 0 1; }
    Ranking .ranking-buttons Button { width: 100%; min-width: 0; margin-bottom: 1; }
    """

    class Changed(Message):
        """The order changed."""

        def __init__(self, ranking: Ranking) -> None:
            super().__init__()
            self.ranking = ranking

        @property
        def control(self) -> Ranking:
            """The ranking that changed."""
            return self.ranking

    def __init__(self, items: Iterable[str], *, id: str | None = None,
                 list_classes: str | None = None) -> None:
        super().__init__(id=id)
        self._items = list(items)
        self._list_classes = list_classes

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield RankingList(self._items, classes=self._list_classes)
            with Vertical(classes="ranking-buttons"):
                for label, name in (("▲ Up", "up"), ("▼ Down", "down")):
                    button = Button(label, id=f"rank-{name}", compact=True)
                    button.can_focus = False  # the keys do this; Tab goes on to "Done"
                    yield button

    @property
    def order(self) -> list[str]:
        """The items, first to last."""
        return list(self.query_one(RankingList).order)

    @on(Button.Pressed, "#rank-up")
    def _up(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(RankingList).action_move(-1)

    @on(Button.Pressed, "#rank-down")
    def _down(self, event: Button.Pressed) -> None:
        event.stop()
        self.query_one(RankingList).action_move(1)

    @on(RankingList.Moved)
    def _moved(self, event: RankingList.Moved) -> None:
        event.stop()
        self.post_message(self.Changed(self))
