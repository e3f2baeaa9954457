"""Figure 1: spawn -> home screen complete, against a bare Textual app."""

from __future__ import annotations

from bench import startup
from bench.core import Budget, Context, Figure, Row

TITLE = "start-up to home complete"
BUDGET = Budget(1.35, None, "≤ 1.35× at any size")
"""The same at every size: start-up must not grow with the history."""


def row(ctx: Context, size: int, budget: Budget | None, label: str) -> Row:
    """A start-up row at ``size`` (shared with the growth figure)."""
    samples = startup.measure(ctx, size)
    return Row(
        label,
        size,
        ours=samples.ours,
        anchor=samples.bare,
        budget=budget,
        extra={"anchor_name": "bare Textual app (Header, Static, Footer)"},
    )


def run(ctx: Context) -> list[Row]:
    small, large = ctx.config.small, ctx.config.large
    label = f"1 {TITLE} (vs bare app)"
    rows = [row(ctx, small, BUDGET, label)]
    if large != small:
        rows.append(row(ctx, large, BUDGET, label))
    return rows


FIGURE = Figure(1, TITLE, run)
