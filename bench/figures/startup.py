"""Figure 1: spawn -> home screen complete, against a bare Textual app."""

from __future__ import annotations

from bench import startup
from bench.core import BUDGET_LARGE, BUDGET_SMALL, Budget, Context, Figure, Row

TITLE = "start-up to home complete"
BUDGETS = {
    BUDGET_SMALL: Budget(1.1, BUDGET_SMALL, "≤ 1.1× at 1,000"),
    BUDGET_LARGE: Budget(1.3, BUDGET_LARGE, "≤ 1.3× at 20,000"),
}


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
    rows = [row(ctx, small, BUDGETS[BUDGET_SMALL], label)]
    if large != small:
        rows.append(row(ctx, large, BUDGETS[BUDGET_LARGE], label))
    return rows


FIGURE = Figure(1, TITLE, run)
