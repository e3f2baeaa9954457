"""Trends: each partner's check-in numbers over time as sparklines, and the first beside the latest.

One row per pillar and mood, with a sparkline for each partner in their
colour (oldest on the left, latest on the right, always on the same 0–10
scale) and the first and latest number. Below, each partner's first
check-in beside their latest: the dates and the notes they wrote.

Private check-ins are never drawn: the page only says how many each partner
kept private (see ``workbook.trends``). No streaks, no scores.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from statistics import fmean

from textual.app import ComposeResult
from textual.binding import Binding
from textual.color import Color
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, Sparkline, Static
from workbook.screens.footer import CalmFooter

from workbook.checkins import HIGHEST, LABELS, LOWEST, RATINGS
from workbook.dates import short_date
from workbook.model import PARTNER_KEYS, Couple, Partner
from workbook.store import WorkbookStore
from workbook.trends import (
    CheckInPoint,
    PartnerTrend,
    Trends,
    changes_in_words,
    check_in_trends,
    span_of,
)

MUTED = "$foreground-muted"
"""Style for quiet text inside Content ("$text-muted" is "auto 60%" and comes out white there)."""

EMPTY_TITLE = "Nothing to draw yet"
EMPTY_TEXT = (
    "A line needs at least two check-ins. Do one now and then, in a session or "
    "from the home screen; from the second one on, this page shows how trust, "
    "safety, mood and the rest move for each of you over the weeks."
)
INTRO = (
    "Your first check-in is on the left, your latest on the right, and their numbers "
    "beside them, all on one 0–10 scale: a way into a conversation, not a score."
)


def _private_line(partner: Partner, count: int) -> str:
    many = "check-in" if count == 1 else "check-ins"
    return f"🔒 {partner.name} kept {count} {many} private; private ones are never drawn here."


class RatingSparkline(Sparkline):
    """A sparkline on the fixed 0–10 scale, in one partner's colour.

    Textual's own sparkline stretches each series between its own lowest and
    highest value, which would make a move from 7 to 8 look like a leap. Here
    every bar height means the same number in every row.
    """

    DEFAULT_CSS = """
    RatingSparkline { width: 1fr; height: 1; }
    """

    BARS = "▁▂▃▄▅▆▇█"

    def __init__(self, data: Sequence[int], colour: str, *, id: str | None = None) -> None:
        strong = Color.parse(colour)
        super().__init__(
            list(data),
            min_color=strong.with_alpha(0.45),
            max_color=strong,
            summary_function=fmean,
            id=id,
        )

    def render(self) -> Content:
        data = list(self.data or [])
        width = self.size.width
        if not data or width <= 0:
            return Content("")
        _, base = self.background_colors
        assert self.min_color is not None and self.max_color is not None
        low, high = base + self.min_color, base + self.max_color
        summary: Callable[[Sequence[float]], float] = self.summary_function
        top = len(self.BARS) - 1
        cells: list[tuple[str, str]] = []
        for cell in range(width):
            start = cell * len(data) // width
            end = max(start + 1, (cell + 1) * len(data) // width)
            value = summary(data[start:end])
            ratio = min(1.0, max(0.0, (value - LOWEST) / (HIGHEST - LOWEST)))
            cells.append((self.BARS[round(ratio * top)], low.blend(high, ratio).hex))
        return Content.assemble(*cells)


def _count(count: int) -> str:
    return "1 check-in" if count == 1 else f"{count} check-ins"


def _numbers(trend: PartnerTrend, rating: str) -> str:
    series = trend.series(rating)
    if not series:
        return "—"
    if len(series) == 1:
        return str(series[0])
    return f"{series[0]} → {series[-1]}"


class TrendsScreen(Screen[None]):
    """Check-in ratings over time for both partners, and the first check-in beside the latest."""

    HELP = """\
## Trends

How your check-in numbers moved over time, one row for each pillar and for
mood. Each partner has their own line, in their colour: the first check-in
is on the left, the latest on the right, and a taller bar means a higher
number on the 0–10 scale. The numbers beside it are the first and the
latest, and the dates under each name say when they were. "What changed"
says the same in words.

Below, each of you has your first check-in beside your latest, with the
notes you wrote.

A check-in you kept private is never drawn here; the page only says how
many there were. Nothing here counts days in a row: take check-ins when
they help.

**Up** and **Down** (or **Page Up** / **Page Down**) scroll,
**Escape** goes back.
"""

    BINDINGS = [Binding("escape", "back", "Back")]

    DEFAULT_CSS = """
    TrendsScreen #trends { padding: 0 1; }
    TrendsScreen .trends-intro { color: $text-muted; margin: 1 0; }
    TrendsScreen .trend-row { height: 1; }
    TrendsScreen .trend-label { width: 21; }
    TrendsScreen .trend-partner { width: 1fr; height: 1; }
    TrendsScreen .trend-name { width: 1fr; }
    TrendsScreen .trend-numbers { width: 9; text-align: right; padding: 0 1 0 0; }
    TrendsScreen .trend-none { width: 1fr; color: $text-muted; }
    TrendsScreen .trend-private { color: $text-muted; }
    TrendsScreen #trends-private { height: auto; margin: 1 0 0 0; }
    TrendsScreen .trends-heading { text-style: bold; margin: 1 0 0 0; }
    TrendsScreen .trend-words { height: auto; margin: 0 0 1 0; }
    TrendsScreen #trend-dates { height: auto; }
    TrendsScreen #trend-dates > .trend-name { height: auto; }
    TrendsScreen .first-latest { height: auto; border: round $panel; padding: 0 1; }
    TrendsScreen .first-latest > Static { width: 1fr; height: auto; padding: 0 1 0 0; }
    TrendsScreen .empty-title { text-style: bold; margin: 1 0 0 0; }
    TrendsScreen .empty-text { margin: 1 0; max-width: 72; }
    """

    def __init__(self, store: WorkbookStore, couple: Couple) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.couple = couple
        """The two partners (names and colours)."""
        self.trends: Trends = check_in_trends(store)
        """Both partners' check-in series, read once per visit."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="trends"):
            if self.trends.has_trend:
                yield from self._chart()
                yield from self._what_changed()
                yield from self._private_notes()
                yield from self._first_beside_latest()
            else:
                yield from self._empty()
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "Trends"
        self.query_one("#trends", VerticalScroll).focus()

    # -- parts -----------------------------------------------------------------

    def _partners(self) -> list[tuple[Partner, PartnerTrend]]:
        return [(self.couple.partner(key), self.trends.of(key)) for key in PARTNER_KEYS]

    def _chart(self) -> ComposeResult:
        yield Static(INTRO, classes="trends-intro")
        with Horizontal(classes="trend-row", id="trend-names"):
            yield Static("", classes="trend-label")
            for partner, trend in self._partners():
                label = Content.assemble(
                    (partner.name, f"bold {partner.colour}"),
                    (f" · {_count(trend.count)}", MUTED),
                )
                yield Static(label, classes="trend-name")
        with Horizontal(classes="trend-row", id="trend-dates"):
            yield Static("", classes="trend-label")
            for _partner, trend in self._partners():
                yield Static(Content.styled(span_of(trend), MUTED), classes="trend-name")
        for rating in RATINGS:
            with Horizontal(classes="trend-row", id=f"trend-{rating}"):
                yield Static(LABELS[rating], classes="trend-label")
                for partner, trend in self._partners():
                    with Horizontal(classes="trend-partner"):
                        if trend.count:
                            yield RatingSparkline(
                                trend.series(rating), partner.colour,
                                id=f"spark-{rating}-{partner.key}",
                            )
                        else:
                            yield Static("no check-ins shown", classes="trend-none")
                        yield Static(
                            Content.styled(_numbers(trend, rating), f"bold {partner.colour}"),
                            classes="trend-numbers",
                            id=f"numbers-{rating}-{partner.key}",
                        )

    def _what_changed(self) -> ComposeResult:
        """In words, what moved for each partner between their first check-in and their latest."""
        yield Static("What changed", classes="trends-heading")
        for partner, trend in self._partners():
            lines = changes_in_words(trend)
            if not lines:
                continue
            text = Content.assemble(
                (partner.name, f"bold {partner.colour}"), "\n",
                Content("\n".join(lines)),
            )
            yield Static(text, classes="trend-words", id=f"changed-{partner.key}")

    def _private_notes(self) -> ComposeResult:
        lines = [
            _private_line(partner, trend.private_count)
            for partner, trend in self._partners()
            if trend.private_count
        ]
        if lines:
            yield Static(
                "\n".join(lines), classes="trend-private", id="trends-private", markup=False
            )

    def _first_beside_latest(self) -> ComposeResult:
        yield Static("Your first check-in beside your latest", classes="trends-heading")
        for partner, trend in self._partners():
            box = Horizontal(classes="first-latest", id=f"first-latest-{partner.key}")
            box.border_title = Content(partner.name)  # a str border title is markup
            box.styles.border = ("round", partner.colour)
            with box:
                first, latest = trend.first, trend.latest
                if first is None or latest is None:
                    yield Static(Content.styled("No check-ins to show yet.", MUTED))
                elif trend.count == 1:
                    yield Static(_side("Only one so far", first))
                else:
                    yield Static(_side("First", first))
                    yield Static(_side("Latest", latest))

    def _empty(self) -> ComposeResult:
        yield Static(EMPTY_TITLE, classes="empty-title")
        yield Static(EMPTY_TEXT, classes="empty-text")
        if self.trends.shown_count:
            yield Static(
                "Your first check-in is already kept; the next one starts the line.",
                classes="empty-text",
            )
        yield from self._private_notes()

    # -- actions -----------------------------------------------------------------

    def action_back(self) -> None:
        """Back to where Trends was opened from."""
        self.dismiss()


def _side(heading: str, point: CheckInPoint) -> Content:
    note: Content = (
        Content(f"“{point.note}”") if point.note else Content.styled("(no note)", MUTED)
    )
    return Content.assemble(
        (f"{heading} · ", "bold"), (short_date(point.created), "bold"), "\n", note
    )
