"""Figure 3: open Review to its first page, and one search keystroke, at 20,000.

Budgets: ≤ 150 ms and ≤ 50 ms, driven through the real app headless. The
Review screen does not exist yet, so this figure says so instead of
guessing; when ``workbook.screens.review`` appears, measure it here.
"""

from __future__ import annotations

import importlib.util

from bench.core import Context, Figure, Row

TITLE = "Review open / search keystroke"


def _review_exists() -> bool:
    try:
        return importlib.util.find_spec("workbook.screens.review") is not None
    except ModuleNotFoundError:
        return False


def run(ctx: Context) -> list[Row]:
    if _review_exists():
        reason = "Review exists, but this figure is not written yet (bench/figures/review.py)"
    else:
        reason = "Review is not built yet"
    return [
        Row(f"3 {TITLE}", ctx.config.large, budget_text="≤ 150 ms / ≤ 50 ms",
            not_measured=reason)
    ]


FIGURE = Figure(3, TITLE, run)
