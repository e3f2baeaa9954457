"""Two partners' answers, side by side, once both have agreed to show them.

Also the words a step asks someone to judge or respond to (``QuoteView``):
what the other partner said, and what was said back, beside each other.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from workbook.model import Answer, Partner, Visibility


def describe_value(value: Any) -> str:
    """An answer's value as readable text, whatever its shape."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(f"• {describe_value(v)}" for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {describe_value(v)}" for k, v in value.items())
    return str(value)


class RevealView(Horizontal):
    """Both partners' answers side by side; a private one shows only who wrote it."""

    DEFAULT_CSS = """
    RevealView { height: auto; }
    RevealView > VerticalScroll {
        width: 1fr; height: auto; max-height: 16;
        border: round $panel; padding: 0 1; margin: 0 1 0 0;
    }
    RevealView .private-answer { color: $text-muted; text-style: italic; }
    """

    def __init__(
        self,
        pairs: list[tuple[Partner, Answer | None]],
        *,
        describe: Callable[[Any], str] = describe_value,
    ) -> None:
        super().__init__()
        self.pairs = pairs
        """Each partner with their answer (or None when they left it out)."""
        self.describe = describe
        """Turns a stored value into text."""

    def compose(self) -> ComposeResult:
        for partner, answer in self.pairs:
            panel = VerticalScroll()
            panel.border_title = Content(partner.name)  # a str border title is markup
            panel.styles.border = ("round", partner.colour)
            with panel:
                if answer is None:
                    yield Static("(no answer)", classes="private-answer")
                elif answer.visibility == Visibility.PRIVATE:
                    yield Static(
                        f"🔒 private answer by {partner.name}", classes="private-answer",
                        markup=False,
                    )
                else:
                    yield Static(self.describe(answer.value), markup=False)


@dataclass(frozen=True)
class Quoted:
    """Words shown beside a step: whose they are, what to call them, and the words."""

    partner: Partner
    """Who wrote them (their colour frames the words)."""
    label: str
    """What the words are, e.g. "What Robin said"."""
    text: str
    """The words themselves; never markup."""
    private: bool = False
    """True when the writer kept them private: only that, never the words, is shown."""


class QuoteView(Horizontal):
    """The words a step is about, each in its writer's colour; two sit side by side."""

    DEFAULT_CSS = """
    QuoteView { height: auto; margin: 0; }
    QuoteView > VerticalScroll {
        width: 1fr; height: auto; max-height: 8;
        border: round $panel; padding: 0 1; margin: 0 1 0 0;
    }
    QuoteView .private-answer { color: $text-muted; text-style: italic; }
    """

    def __init__(self, quotes: list[Quoted]) -> None:
        super().__init__(classes="quotes")
        self.quotes = quotes
        """What to show, in order (left to right)."""

    def compose(self) -> ComposeResult:
        for quote in self.quotes:
            panel = VerticalScroll(classes="quote")
            panel.border_title = Content(quote.label)  # a str border title is markup
            panel.styles.border = ("round", quote.partner.colour)
            with panel:
                if quote.private:
                    yield Static(
                        f"🔒 {quote.partner.name} kept this private", classes="private-answer",
                        markup=False,
                    )
                elif not quote.text.strip():
                    yield Static("(nothing written)", classes="private-answer")
                else:
                    yield Static(Content(quote.text), markup=False)
