"""A sitting as one page to read: the conversation as it happened, both partners side by side.

The page is laid out here, line by line, for the width it has (the two
partners' columns are wrapped apart), and laid out again when the width
changes. Every word of
the couple's goes in as plain :class:`~textual.content.Content`; colours are
style spans over it, never markup. Full questions wrap; nothing is cut.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.color import Color
from textual.containers import VerticalScroll
from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from workbook.checkin_tables import CUE, CUED, MUTED, STRONG, ratings_table
from workbook.checkins import kept
from workbook.dates import long_date
from workbook.model import PARTNER_KEYS, Couple
from workbook.review import History, value_text
from workbook.sitting import Exchange, Part

NARROW = 50
"""Below this width the two partners' answers are stacked, not side by side."""
GUTTER = 2
"""Columns at the left of every line; the opened answer's lines are marked there."""
MARK = "▌ "
"""Beside the lines of the answer that was opened."""


@dataclass(frozen=True)
class Look:
    """The styles the page is drawn with, read from the widget's component classes."""

    base: Style
    title: Style
    question: Style
    muted: Style
    private: Style
    mark: Style
    cue: Style

    def partner(self, colour: str) -> Style:
        """A partner's name, bold in their colour."""
        return self.base + Style(foreground=Color.parse(colour), bold=True)


def _wrapped(text: str | Content, width: int, style: Style) -> list[Content]:
    content = text if isinstance(text, Content) else Content(text)
    return [line.stylize_before(style) for line in content.wrap(max(1, width))] or [Content("")]


class PageWriter:
    """Lays a sitting out as lines of Content for one width."""

    def __init__(
        self, history: History, couple: Couple, look: Look, width: int, *, every_step: bool
    ) -> None:
        self.history = history
        """Questions and titles."""
        self.couple = couple
        """Names and colours."""
        self.look = look
        """The styles."""
        self.width = max(20, width)
        """The page's width in cells."""
        self.every_step = every_step
        """True to show the steps that only kept the drill moving."""
        self.lines: list[Content] = []
        """What is laid out so far."""
        self.marked: list[bool] = []
        """For each line, True when it belongs to the opened answer."""

    def add(self, line: Content, *, marked: bool = False) -> None:
        """One line, after the gutter."""
        gutter = Content.styled(MARK, self.look.mark) if marked else Content(" " * GUTTER)
        self.lines.append(gutter + line)
        self.marked.append(marked)

    def blank(self) -> None:
        """An empty line, unless the page already ends with one."""
        if self.lines and self.lines[-1].plain.strip():
            self.add(Content(""))

    @property
    def inner(self) -> int:
        """The width left after the gutter."""
        return self.width - GUTTER

    def part(self, part: Part, opened: str) -> None:
        """One attempt: its title, its exchanges, and what was folded away."""
        for line in _wrapped(part.title, self.inner, self.look.title):
            self.add(line)
        self.blank()
        for exchange in part.exchanges:
            if exchange.quiet and not self.every_step:
                continue
            self.exchange(exchange, marked=exchange.holds(opened))
        if part.folded and not self.every_step:
            steps = "step" if part.folded == 1 else "steps"
            self.add(Content.styled(
                f"{part.folded} quick {steps} folded away (a shows every step)", self.look.muted
            ))
            self.blank()

    def exchange(self, exchange: Exchange, *, marked: bool) -> None:
        """A question and its answers: side by side, a table for a check-in, or one line."""
        if exchange.quiet:
            self.quiet(exchange, marked)
            return
        for line in _wrapped(exchange.question, self.inner, self.look.question):
            self.add(line, marked=marked)
        if exchange.step == "ratings":
            self.check_in(exchange, marked)
        else:
            self.answers(exchange, marked)
        self.blank()

    def quiet(self, exchange: Exchange, marked: bool) -> None:
        """A bookkeeping step, shown on request, on one quiet line."""
        for key, doc in exchange.answers.items():
            name = self.couple.partner(key).name  # type: ignore[arg-type]
            text = f"{name} · {exchange.question}: {value_text(doc.get('value'))}"
            for line in _wrapped(text, self.inner, self.look.muted):
                self.add(line, marked=marked)
        self.blank()

    def column(self, key: str, exchange: Exchange, width: int) -> list[Content]:
        """One partner's side of an exchange: their name, then their words, wrapped."""
        doc = exchange.answers.get(key)
        if doc is None:
            return []
        partner = self.couple.partner(key)  # type: ignore[arg-type]
        header = Content.styled(partner.name, self.look.partner(partner.colour))
        label = exchange.label_of(key, self.history)
        if label:
            header = header + Content.styled(f" · {label}", self.look.muted)
        lines = _wrapped(header, width, self.look.base)
        if doc.get("visibility") == "private":
            lines += _wrapped(
                f"🔒 private answer by {partner.name} (o opens it)", width, self.look.private
            )
        else:
            lines += _wrapped(value_text(doc.get("value")) or "—", width, self.look.base)
        return lines

    def answers(self, exchange: Exchange, marked: bool) -> None:
        """Both partners' answers side by side (stacked on a narrow screen)."""
        present = [key for key in PARTNER_KEYS if key in exchange.answers]
        if len(present) == 1 or self.inner < NARROW:
            for index, key in enumerate(present):
                if index:
                    self.add(Content(""), marked=marked)
                for line in self.column(key, exchange, self.inner):
                    self.add(line, marked=marked)
            return
        width = (self.inner - 3) // 2
        left = self.column("a", exchange, width)
        right = self.column("b", exchange, width)
        for index in range(max(len(left), len(right))):
            one = left[index] if index < len(left) else Content("")
            two = right[index] if index < len(right) else Content("")
            self.add(one.pad_right(width - one.cell_length) + Content("   ") + two, marked=marked)

    def check_in(self, exchange: Exchange, marked: bool) -> None:
        """A check-in as the check-in exercise shows it: a table of both partners' numbers."""
        pairs = []
        for key in PARTNER_KEYS:
            doc = exchange.answers.get(key)
            value = doc.get("value") if doc is not None else None
            shared = doc is not None and doc.get("visibility") != "private"
            pairs.append((
                self.couple.partner(key),
                kept(value) if shared and isinstance(value, dict) else None,
            ))
        lines, flagged = ratings_table(pairs)
        looks = {MUTED: self.look.muted, CUED: self.look.cue}
        narrow = max(sum(len(cell.text) for cell in cells) for cells in lines) > self.inner
        for cells in lines:
            parts: list[Content] = []
            for cell in cells:
                if cell.tone == STRONG:
                    style = self.look.partner(cell.colour or "white")
                else:
                    style = looks.get(cell.tone, self.look.base)
                # Too narrow for the cue's words: the mark alone, and its words below.
                text = "  ◆" if narrow and cell.tone == CUED else cell.text
                parts.append(Content.styled(text, style))
            self.add(Content.assemble(*parts).truncate(self.inner, ellipsis=True), marked=marked)
        if narrow and flagged:
            self.add(Content.styled(CUE, self.look.cue), marked=marked)
        for key in PARTNER_KEYS:
            doc = exchange.answers.get(key)
            if doc is None:
                continue
            name = self.couple.partner(key).name
            if doc.get("visibility") == "private":
                text = f"🔒 {name} kept this check-in private (o opens it)."
                style = self.look.private
            else:
                value = doc.get("value")
                note = value.get("note") if isinstance(value, dict) else None
                if not isinstance(note, str) or not note.strip():
                    continue
                text, style = f"{name}'s note: “{note.strip()}”", self.look.base
            for line in _wrapped(text, self.inner, style):
                self.add(line, marked=marked)

    def earlier(self, name: str, docs: Sequence[dict[str, Any]]) -> None:
        """The opened answer's writer's earlier answers to the same question."""
        if not docs:
            return
        self.blank()
        for line in _wrapped(f"Then and now: {name}'s earlier answers", self.inner,
                             self.look.title):
            self.add(line)
        for old in docs:
            words = (
                "(private answer)" if old.get("visibility") == "private"
                else value_text(old.get("value"))
            )
            for line in _wrapped(f"{long_date(old.get('created', ''))}: {words}", self.inner,
                                 self.look.base):
                self.add(line)


class SittingView(VerticalScroll, can_focus=True):
    """The laid-out page, one Static in a scroll; laid out again when its width changes."""

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "sitting--title",
        "sitting--question",
        "sitting--muted",
        "sitting--private",
        "sitting--mark",
        "sitting--cue",
    }

    DEFAULT_CSS = """
    SittingView { height: 1fr; overflow-x: hidden; scrollbar-gutter: stable; }
    SittingView > #sitting-text { width: 1fr; height: auto; }
    SittingView > .sitting--title { text-style: bold; color: $text-primary; }
    SittingView > .sitting--question { text-style: bold; }
    SittingView > .sitting--muted { color: $text-muted; }
    SittingView > .sitting--private { color: $text-muted; text-style: italic; }
    SittingView > .sitting--mark { color: $accent; }
    SittingView > .sitting--cue { color: $warning; }
    """

    def __init__(self, lay_out: Callable[[PageWriter], None], history: History, couple: Couple,
                 *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lay_out = lay_out
        """Writes the page into a PageWriter (called again for each new width)."""
        self.history = history
        """Questions and titles."""
        self.couple = couple
        """Names and colours."""
        self.every_step = False
        """True to show the steps that only kept the drill moving."""
        self.page: list[Content] = []
        """The page's lines at the current width."""
        self.first_marked = 0
        """The first line of the opened answer."""
        self._laid_at = -1
        self._scrolled = False

    def compose(self) -> ComposeResult:
        yield Static(id="sitting-text")

    def _style(self, component: str) -> Style:
        part = self.get_component_rich_style(component, partial=True)
        return Style.from_rich_style(part)

    def look(self) -> Look:
        """The page's styles, from the component classes above."""
        base = Style()
        return Look(
            base=base,
            title=self._style("sitting--title"),
            question=self._style("sitting--question"),
            muted=self._style("sitting--muted"),
            private=self._style("sitting--private"),
            mark=self._style("sitting--mark"),
            cue=self._style("sitting--cue"),
        )

    def relayout(self) -> None:
        """Lay the page out again for the current width (and the every-step choice)."""
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        writer = PageWriter(self.history, self.couple, self.look(), width,
                            every_step=self.every_step)
        self.lay_out(writer)
        self.page = writer.lines
        self.first_marked = next((i for i, m in enumerate(writer.marked) if m), 0)
        self._laid_at = width
        self.query_one("#sitting-text", Static).update(Content("\n").join(self.page))

    def on_resize(self, event: events.Resize) -> None:
        if self.scrollable_content_region.width != self._laid_at:
            self.relayout()
        if not self._scrolled and self.page:
            self._scrolled = True
            self.call_after_refresh(self.show_opened)

    def show_opened(self) -> None:
        """Scroll so the opened answer is near the top, with a line or two of what led to it."""
        self.scroll_to(y=max(0, self.first_marked - 3), animate=False)

    @property
    def text(self) -> str:
        """The page as plain text."""
        return "\n".join(line.plain.rstrip() for line in self.page)
