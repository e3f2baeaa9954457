"""A 0–10 scale you can set with the arrow keys, a digit, or a click.

Left and right change the number; up and down move to the field above or
below, as they do in a list, so a digit never lands on the wrong scale.
"""

from __future__ import annotations

from textual import events
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.widget import Widget

CELL = 4
"""Width of one number on the scale, in columns."""
NARROW_CELL = 3
"""Width of one number when the scale is given less room than it asks for (a narrow window)."""


def move_focus(widget: Widget, delta: int) -> None:
    """Focus the widget before (-1) or after (1) ``widget`` in its screen's focus order.

    Unlike Tab it stops at either end rather than wrapping round, so Up on the
    top scale stays put instead of jumping to the last button.
    """
    focused = widget.screen.focused
    # A container that scrolls other widgets takes the focus only to scroll: it
    # is not a field. (Fields such as Input and TextArea scroll themselves.)
    chain = [
        candidate
        for candidate in widget.screen.focus_chain
        if candidate is focused
        or isinstance(candidate, ScrollView)
        or not isinstance(candidate, ScrollableContainer)
    ]
    if focused not in chain:
        return
    index = chain.index(focused) + delta
    if 0 <= index < len(chain):
        chain[index].focus()


class Scale(Widget, can_focus=True):
    """Pick a whole number from 0 to 10. ``value`` is None until something is picked."""

    DEFAULT_CSS = """
    Scale { height: 1; width: auto; }
    Scale:focus { background: $accent 25%; }
    """

    BINDINGS = [
        Binding("left", "step(-1)", "Less", show=False),
        Binding("right", "step(1)", "More", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("home", "set(0)", "0", show=False),
        Binding("end", "set(10)", "10", show=False),
        *[Binding(str(d), f"set({d})", str(d), show=False) for d in range(10)],
    ]

    value: reactive[int | None] = reactive(None)

    class Changed(Message):
        """The value changed."""

        def __init__(self, scale: Scale, value: int | None) -> None:
            super().__init__()
            self.scale = scale
            self.value = value

        @property
        def control(self) -> Scale:
            """The scale that changed (for ``@on(Scale.Changed, "#id")``)."""
            return self.scale

    def __init__(
        self,
        value: int | None = None,
        *,
        low: str = "",
        high: str = "",
        colour: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.set_reactive(Scale.value, value)
        self.low = low
        """Label before 0."""
        self.high = high
        """Label after 10."""
        self.colour = colour
        """Colour of the chosen number (a partner's colour); the accent if empty."""

    def _offset(self) -> int:
        return len(self.low) + 1 if self.low else 0

    def _high_width(self) -> int:
        return len(self.high) + 1 if self.high else 0

    def get_content_width(self, container, viewport) -> int:
        return self._offset() + 11 * CELL + self._high_width()

    @property
    def cell(self) -> int:
        """Width of one number as drawn: narrower when the scale has less room than it asks."""
        room = self.content_size.width
        if room and room < self._offset() + 11 * CELL + self._high_width():
            return NARROW_CELL
        return CELL

    def render(self) -> Content:
        chosen = f"bold reverse {self.colour}" if self.colour else "bold reverse $accent"
        parts: list[str | tuple[str, str]] = []
        if self.low:
            parts.append((f"{self.low} ", "$text-muted"))
        width = self.cell
        for number in range(11):
            cell = f"{number:^{width}}"
            parts.append((cell, chosen) if number == self.value else (cell, "$text-muted"))
        if self.high:
            parts.append((f" {self.high}", "$text-muted"))
        return Content.assemble(*parts)

    def watch_value(self, value: int | None) -> None:
        self.post_message(self.Changed(self, value))

    def action_step(self, delta: int) -> None:
        """Move up or down by one (starting from the middle if nothing is set)."""
        start = 5 if self.value is None else self.value + delta
        self.value = max(0, min(10, start))

    def action_set(self, number: int) -> None:
        """Set a number directly."""
        self.value = max(0, min(10, number))

    def action_move(self, delta: int) -> None:
        """Move the focus to the field above (-1) or below (1), if there is one."""
        move_focus(self, delta)

    def on_click(self, event: events.Click) -> None:
        x = event.x - self._offset()
        width = self.cell
        if 0 <= x < 11 * width:
            self.value = x // width
            self.focus()
