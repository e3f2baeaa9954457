"""Figure 3: open Review to its first page, and one search keystroke, at 20,000.

Driven through the real app, headless, in a child process: from home, open
Review and wait until its first page is drawn; then type one letter into the
search box and wait until the narrowed list is drawn. The letter is the most
common kind of first keystroke: it matches most answers, so it is the slowest.

These budgets are absolute (≤ 150 ms, ≤ 50 ms), so the anchor column shows the
budget itself and the ratio is ours over the budget.
"""

from __future__ import annotations

from bench.core import Budget, Context, Figure, Row, spawn_child

TITLE = "Review open / search keystroke"
OPEN_BUDGET = 0.150
KEY_BUDGET = 0.050


def run(ctx: Context) -> list[Row]:
    size = ctx.config.large
    db = ctx.copy_of(size, "review")
    width, height = (str(n) for n in ctx.config.screen)
    rounds = max(3, ctx.config.runs)
    ctx.log(f"Review at {size:,} answers: {rounds} rounds")
    marks = spawn_child(
        ctx, "review_app.py", str(db), str(ctx.empty_content_dir), width, height, str(rounds)
    )
    opened = [v for k, v in marks.items() if k.startswith("opened_")]
    keystroke = [v for k, v in marks.items() if k.startswith("keystroke_")]
    ctx.raw["review"] = {"size": size, "opened": opened, "keystroke": keystroke}
    return [
        Row(
            f"3 {TITLE}: open (vs budget)", size, ours=opened,
            anchor=[OPEN_BUDGET], budget=Budget(1.0, size, "≤ 150 ms"),
            extra={"anchor_name": "the budget, 150 ms"},
        ),
        Row(
            f"3 {TITLE}: keystroke (vs budget)", size, ours=keystroke,
            anchor=[KEY_BUDGET], budget=Budget(1.0, size, "≤ 50 ms"),
            extra={"anchor_name": "the budget, 50 ms"},
        ),
    ]


FIGURE = Figure(3, TITLE, run)
