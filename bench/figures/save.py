"""Figure 2: save one answer, against the rewrite floor and stock TinyDB."""

from __future__ import annotations

from bench import save
from bench.core import BUDGET_LARGE, Budget, Context, Figure, Row

TITLE = "save one answer"
FLOOR_BUDGET = Budget(1.3, BUDGET_LARGE, "≤ 1.3× at 20,000")
STOCK_BUDGET = Budget(1 / 5, BUDGET_LARGE, "≥ 5× faster at 20,000")


def floor_row(ctx: Context, size: int, budget: Budget | None, label: str) -> Row:
    """Ours against orjson dump + write + fsync + replace (shared with growth)."""
    samples = save.measure(ctx, size)
    return Row(
        label,
        size,
        ours=samples.ours,
        anchor=samples.floor,
        budget=budget,
        extra={"anchor_name": "rewrite floor", "first_save": samples.first_save},
    )


def stock_row(ctx: Context, size: int, budget: Budget | None, label: str) -> Row:
    """Ours against stock TinyDB JSONStorage inserting the same document."""
    samples = save.measure(ctx, size)
    result = Row(
        label,
        size,
        ours=samples.ours,
        anchor=samples.stock,
        budget=budget,
        extra={"anchor_name": "stock TinyDB JSONStorage"},
    )
    if result.ratio:
        speedup = 1 / result.ratio
        result.extra["speedup"] = speedup
        result.detail = f"ours {speedup:.1f}× faster"
    return result


def run(ctx: Context) -> list[Row]:
    size = ctx.config.large
    return [
        floor_row(ctx, size, FLOOR_BUDGET, f"2 {TITLE} (vs rewrite floor)"),
        stock_row(ctx, size, STOCK_BUDGET, f"2 {TITLE} (vs stock TinyDB)"),
    ]


FIGURE = Figure(2, TITLE, run)
