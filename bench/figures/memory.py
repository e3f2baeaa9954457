"""Figure 4: peak memory of the app, every answer loaded, against bare app + 1.2 × the data.

Ours is the peak RSS that the start-up children of figure 1 report once home
is complete and the answers are parsed too. The anchor is the bare Textual app's peak (same
children) plus 1.2 × what ``orjson.loads`` of the same file adds to a bare
interpreter's peak (``bench.memory``).
"""

from __future__ import annotations

from bench import memory, startup
from bench.core import BUDGET_LARGE, Budget, Context, Figure, Row, median

TITLE = "peak memory, answers loaded"
BUDGET = Budget(1.0, BUDGET_LARGE, "≤ bare + 1.2×data")
FACTOR = 1.2
MIB = 1024 * 1024


def run(ctx: Context) -> list[Row]:
    size = ctx.config.large
    boot = startup.measure(ctx, size)
    data = memory.measure(ctx, size)
    bare_peak = median(boot.bare_rss)
    anchor = bare_peak + FACTOR * data.data_cost
    per_round = [
        bare + FACTOR * (load - base)
        for bare, load, base in zip(boot.bare_rss, data.load, data.base, strict=False)
    ]
    return [
        Row(
            f"4 {TITLE} (vs bare + 1.2×orjson)",
            size,
            unit="B",
            ours=boot.ours_rss,
            anchor=per_round,
            anchor_median=anchor,
            budget=BUDGET,
            detail=f"bare {bare_peak / MIB:.1f} + 1.2×{data.data_cost / MIB:.1f} MiB",
            extra={
                "anchor_name": "bare app peak + 1.2 × orjson.loads data cost",
                "bare_app_peak": bare_peak,
                "bare_app_samples": boot.bare_rss,
                "interpreter_base_samples": data.base,
                "interpreter_loaded_samples": data.load,
                "data_cost": data.data_cost,
                "factor": FACTOR,
            },
        )
    ]


FIGURE = Figure(4, TITLE, run)
