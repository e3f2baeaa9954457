"""A scrolling list of past answers that stays fast at any length.

Only the rows on screen are ever drawn (Textual's line API): each row is a
header (a sitting of a session, or an exercise within it) or one answer.
Rows are built from the stored answer documents themselves, without copies.

Each row is put together as :class:`~textual.content.Content`: the couple's
words go in as plain text, and their look (a partner's colour, the search
term found) as style spans over it, never as markup. A row too long for the
line ends with "…".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, ClassVar

from rich.style import Style
from textual import events
from textual.binding import Binding
from textual.color import Color
from textual.content import Content
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip
from textual.style import Style as VisualStyle

from workbook.review import Line, Row

QUESTION_SHARE = 0.4
"""At most this much of a row goes to the question, so the answer always shows."""
MIN_QUESTION = 14
"""A question is never cut shorter than this, however narrow the screen."""


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending with "…" when something was cut."""
    return Content(text).truncate(max(1, width), ellipsis=True).plain


def highlighted(text: str, needle: str, style: VisualStyle | str) -> Content:
    """``text`` as plain Content, with ``style`` spanned over every place ``needle`` occurs.

    The match ignores case, as the search does. The text is never read as
    markup, whatever it holds.
    """
    content = Content(text)
    if not needle:
        return content
    return content.highlight_regex(re.compile(re.escape(needle), re.IGNORECASE), style=style)


class HistoryList(ScrollView, can_focus=True):
    """Rows of answers under headers; Enter or a click opens the answer under the cursor."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "history--sitting",
        "history--exercise",
        "history--answer",
        "history--private",
        "history--cursor",
        "history--match",
        "history--empty",
    }

    DEFAULT_CSS = """
    HistoryList { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    HistoryList > .history--sitting { text-style: bold; color: $text-primary; }
    HistoryList > .history--exercise { text-style: bold; color: $text-muted; }
    HistoryList > .history--answer { color: $text; }
    HistoryList > .history--private { color: $text-muted; text-style: italic; }
    HistoryList > .history--cursor { background: $block-cursor-background; }
    HistoryList > .history--match { background: $warning 45%; text-style: bold; }
    HistoryList > .history--empty { color: $text-muted; }
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
        row_of: Callable[[dict[str, Any]], Row],
        name_of: Callable[[str], str],
        colour_of: Callable[[str], str],
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self.rows: list[Line | dict[str, Any]] = []
        """What is listed, top to bottom."""
        self.cursor = 0
        """Index of the highlighted row."""
        self.row_of = row_of
        """How an answer reads as a row (Review replaces it when its index is rebuilt)."""
        self.needle = ""
        """The search term to highlight in the rows."""
        self.empty_text = ""
        """What the list says when it has no rows: why nothing shows."""
        self._name_of = name_of
        self._colour_of = colour_of
        self._partner_styles: dict[str, Style] = {}
        self._looks: dict[str, Style | VisualStyle] = {}

    # -- content ----------------------------------------------------------------------

    def set_rows(
        self, rows: list[Line | dict[str, Any]], *, needle: str = "", empty_text: str = ""
    ) -> None:
        """Replace what is listed and put the cursor on the first answer."""
        self.rows = rows
        self.needle = needle
        self.empty_text = empty_text
        self.cursor = next((i for i, r in enumerate(rows) if isinstance(r, dict)), 0)
        self.virtual_size = Size(0, len(rows))
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
        return self._base() + Style(
            color=part.color, bold=part.bold, italic=part.italic
        )

    def _base(self) -> Style:
        """The widget's own style, worked out once until the styles change."""
        found = self._looks.get("")
        if found is None:
            found = self._looks[""] = self.rich_style
        assert isinstance(found, Style)
        return found

    def _visual(self, component: str) -> VisualStyle:
        """A component's look for Content, worked out once until the styles change."""
        found = self._looks.get(component)
        if found is None:
            if component == "history--match":
                rich = self.get_component_rich_style(component)
            else:
                rich = self._style(component)
            found = self._looks[component] = VisualStyle.from_rich_style(rich)
        assert isinstance(found, VisualStyle)
        return found

    def notify_style_update(self) -> None:
        """The styles changed (a theme, a focus): work every look out again."""
        self._looks.clear()
        super().notify_style_update()

    def row_content(self, row: Line | dict[str, Any], width: int) -> Content:
        """One row as Content, cut to ``width`` cells with "…" when it is longer."""
        if isinstance(row, Line):
            component = "history--sitting" if row.level == 0 else "history--exercise"
            text = Content.styled(("  " * row.level) + row.text, self._visual(component))
            return text.truncate(width, ellipsis=True)
        found: Row = self.row_of(row)
        base = self._visual("history--private" if found.private else "history--answer")
        name = self._name_of(found.partner)
        question_width = min(len(found.question), max(MIN_QUESTION, int(width * QUESTION_SHARE)))
        question = found.question
        if len(question) > question_width:
            question = cut(question, question_width)
        match = self._visual("history--match")
        words = (
            Content(found.words) if found.private
            else highlighted(found.words, self.needle, match)
        )
        line = Content.assemble(
            ("    ", base),
            (name, base + VisualStyle.from_rich_style(self._partner_style(found.partner))),
            (" · ", base),
            highlighted(question, self.needle, match).stylize_before(base),
            (": ", base) if found.words else "",
            words.stylize_before(base),
        )
        return line.truncate(width, ellipsis=True)

    def render_line(self, y: int) -> Strip:
        index = self.scroll_offset.y + y
        width = self.scrollable_content_region.width
        if index >= len(self.rows):
            if not self.rows and self.empty_text:
                quiet = self._visual("history--empty")
                lines = Content.styled(self.empty_text, quiet).wrap(max(1, width))
                if index < len(lines):
                    strip = Strip(lines[index].render_segments())
                    return strip.adjust_cell_length(width, self._base())
            return Strip.blank(width, self._base())
        text = self.row_content(self.rows[index], width)
        fill = self._base()
        if index == self.cursor:
            cursor = self.get_component_rich_style("history--cursor")
            text = text.stylize(VisualStyle.from_rich_style(
                Style(bgcolor=cursor.bgcolor, color=cursor.color)
            ))
            fill = fill + Style(bgcolor=cursor.bgcolor)
        strip = Strip(text.render_segments())
        return strip.adjust_cell_length(width, fill)

    def on_resize(self, event: events.Resize) -> None:
        self.virtual_size = Size(0, len(self.rows))
        self.refresh()

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
