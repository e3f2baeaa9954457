"""Figure 5: growth of start-up and save with the size of the history.

Every size of the run, each against its anchor measured alongside (the
bare app, the rewrite floor). The note shows how far our median moved
from the smallest size: save should grow gently and linearly with the file,
and start-up is held to its budget at every size.
"""

from __future__ import annotations

from bench.core import Context, Figure, Row
from bench.figures import save as save_figure
from bench.figures import startup as startup_figure

TITLE = "growth"


def _against_first(rows: list[Row]) -> None:
    first = rows[0]
    for row in rows:
        if row is first or first.ours_median is None or row.ours_median is None:
            row.note = "base of the curve"
            continue
        change = (row.ours_median - first.ours_median) * 1000
        row.note = f"{change:+.0f} ms vs {first.size:,}"


def run(ctx: Context) -> list[Row]:
    sizes = sorted(ctx.config.sizes)
    starts = [
        startup_figure.row(ctx, size, startup_figure.BUDGET, f"5 {TITLE}: start-up (vs bare app)")
        for size in sizes
    ]
    saves = [
        save_figure.floor_row(ctx, size, None, f"5 {TITLE}: save (vs rewrite floor)")
        for size in sizes
    ]
    _against_first(starts)  # each size is judged against the start-up budget too
    _against_first(saves)
    for row in saves:
        row.budget_text = "shape: gently linear"
    return starts + saves


FIGURE = Figure(5, TITLE, run)
