"""A scrolling list of past answers that stays fast at any length.

Only the rows on screen are ever drawn (Textual's line API): each row is a
header (a sitting of a session, or an exercise within it) or one answer.
Rows are built from the stored answer documents themselves, without copies.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from workbook.review import Line


class HistoryList(ScrollView, can_focus=True):
    """Rows of answers under headers; Enter or a click opens the answer under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "history--sitting",
        "history--exercise",
        "history--answer",
        "history--private",
        "history--cursor",
    }

    DEFAULT_CSS = """
    HistoryList { height: 1fr; }
    HistoryList > .history--sitting { text-style: bold; color: $text-primary; }
    HistoryList > .history--exercise { text-style: bold; color: $text-muted; }
    HistoryList > .history--answer { color: $text; }
    HistoryList > .history--private { color: $text-muted; text-style: italic; }
    HistoryList > .history--cursor { background: $block-cursor-background; }
    HistoryList:focus > .history--cursor { background: $block-cursor-background; }
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "jump(0)", "First", show=False),
        Binding("end", "jump(-1)", "Last", show=False),
        Binding("enter", "open", "Open"),
    ]

    class Opened(Message):
        """An answer was chosen (Enter or click)."""

        def __init__(self, doc: dict[str, Any]) -> None:
            super().__init__()
            self.doc = doc

    def __init__(
        self,
        *,
        label_of: Callable[[dict[str, Any]], str],
        name_of: Callable[[str], str],
        colour_of: Callable[[str], str],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.rows: list[Line | dict[str, Any]] = []
        """What is listed, top to bottom."""
        self.cursor = 0
        """Index of the highlighted row."""
        self._label_of = label_of
        self._name_of = name_of
        self._colour_of = colour_of
        self._partner_styles: dict[str, Style] = {}

    # -- content ----------------------------------------------------------------------

    def set_rows(self, rows: list[Line | dict[str, Any]]) -> None:
        """Replace what is listed and put the cursor on the first answer."""
        self.rows = rows
        self.cursor = next((i for i, r in enumerate(rows) if isinstance(r, dict)), 0)
        self.virtual_size = Size(self.size.width, len(rows))
        self.scroll_to(0, 0, animate=False)
        self.refresh()

    @property
    def current(self) -> dict[str, Any] | None:
        """The answer under the cursor, if the cursor is on an answer."""
        if 0 <= self.cursor < len(self.rows):
            row = self.rows[self.cursor]
            return row if isinstance(row, dict) else None
        return None

    # -- drawing ------------------------------------------------------------------------

    def _partner_style(self, key: str) -> Style:
        if key not in self._partner_styles:
            colour = Color.parse(self._colour_of(key)).rich_color
            self._partner_styles[key] = Style(color=colour, bold=True)
        return self._partner_styles[key]

    def _style(self, component: str) -> Style:
        """A component's colours and weight on this widget's own background."""
        part = self.get_component_rich_style(component)
        return self.rich_style + Style(
            color=part.color, bold=part.bold, italic=part.italic
        )

    def render_line(self, y: int) -> Strip:
        scroll_x, scroll_y = self.scroll_offset
        index = scroll_y + y
        width = self.size.width
        if index >= len(self.rows):
            return Strip.blank(width, self.rich_style)
        row = self.rows[index]
        if isinstance(row, Line):
            component = "history--sitting" if row.level == 0 else "history--exercise"
            # Styles go on spans: a Text's own base style does not survive render().
            text = Text()
            text.append(("  " * row.level) + row.text, self._style(component))
        else:
            private = row.get("visibility") == "private"
            base = self._style("history--private" if private else "history--answer")
            text = Text()
            text.append("    ", base)
            key, _, rest = self._label_of(row).partition("\t")
            text.append(self._name_of(key), base + self._partner_style(key))
            text.append(" · " + rest, base)
        text.truncate(width + scroll_x, overflow="ellipsis")
        fill = self.rich_style
        if index == self.cursor:
            cursor = self.get_component_rich_style("history--cursor")
            text.stylize(Style(bgcolor=cursor.bgcolor, color=cursor.color))
            fill = fill + Style(bgcolor=cursor.bgcolor)
        segments = list(text.render(self.app.console))
        strip = Strip(segments).crop(scroll_x, scroll_x + width)
        return strip.adjust_cell_length(width, fill)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(event.size.width, len(self.rows))

    # -- moving -----------------------------------------------------------------------------

    def _show_cursor(self) -> None:
        top = self.scroll_offset.y
        height = self.size.height
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False)
        elif self.cursor >= top + height:
            self.scroll_to(y=self.cursor - height + 1, animate=False)
        self.refresh()

    def action_move(self, delta: int) -> None:
        """Move to the next or previous answer (skipping headers)."""
        index = self.cursor + delta
        while 0 <= index < len(self.rows) and isinstance(self.rows[index], Line):
            index += delta
        if 0 <= index < len(self.rows):
            self.cursor = index
            self._show_cursor()

    def action_page(self, direction: int) -> None:
        """A screenful up or down."""
        step = direction * max(1, self.size.height - 1)
        target = max(0, min(len(self.rows) - 1, self.cursor + step))
        self.cursor = target
        if self.rows and isinstance(self.rows[target], Line):
            self.action_move(1 if direction > 0 else -1)
        self._show_cursor()

    def action_jump(self, where: int) -> None:
        """The first or the last answer."""
        if not self.rows:
            return
        self.cursor = 0 if where == 0 else len(self.rows) - 1
        if isinstance(self.rows[self.cursor], Line):
            self.action_move(1 if where == 0 else -1)
        self._show_cursor()

    def action_open(self) -> None:
        """Open the answer under the cursor."""
        doc = self.current
        if doc is not None:
            self.post_message(self.Opened(doc))

    def on_click(self, event: events.Click) -> None:
        index = self.scroll_offset.y + event.y
        if 0 <= index < len(self.rows) and isinstance(self.rows[index], dict):
            if index == self.cursor:
                self.action_open()
            self.cursor = index
            self.refresh()
