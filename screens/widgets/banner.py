"""Whose turn it is: a partner's name in their colour, and the turn banner."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from workbook.model import Partner


def partner_name(partner: Partner) -> Content:
    """A partner's name, bold, in their colour."""
    return Content.styled(partner.name, f"bold {partner.colour}")


class TurnBanner(Static):
    """Whose turn it is, in their colour, and what the other partner does meanwhile."""

    DEFAULT_CSS = """
    TurnBanner {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    def show_turn(self, partner: Partner, doing: str, other: Partner, meanwhile: str) -> None:
        """``partner`` does ``doing``; ``other`` does ``meanwhile``."""
        self.styles.border_left = ("thick", partner.colour)
        self.update(
            Content.assemble(
                ("● ", partner.colour),
                partner_name(partner),
                f" — {doing}",
                ("   ·   ", "$text-muted"),
                (f"{other.name} {meanwhile}", "$text-muted"),
            )
        )

    def show_both(self, text: str) -> None:
        """A step for both partners together."""
        self.styles.border_left = ("thick", "gray")
        self.update(Content.assemble(("● ", "$accent"), (text, "bold")))
