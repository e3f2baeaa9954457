"""Figure 7: how long each of our handlers holds the UI thread, at 20,000 and 50,000 answers.

The budget: every UI-thread handler takes at most 16 ms at the median and
33 ms at the 95th percentile (one frame at 60 Hz, and two).

Driven through the real app, headless, in a child process over a copy of the
generated workbook (``children/handlers_app.py``): each round opens an
exercise from home through its session, goes from step to step, confirms a
typed answer, shows both partners' answers side by side, and opens an answer
in Review. The child times each of our handlers from the moment it is
entered until it returns (screen ``compose`` and ``on_mount``, ``action_*``,
message handlers, the saver's done callbacks such as ``_committed``), not
Textual's layout and painting. Round 0 is a warm-up and is not judged.

What is judged: every call of a handler is one sample, grouped by scenario
(what the couple was doing) and by handler. For each scenario, the median
row shows the handler with the highest median and the p95 row the handler
with the highest 95th percentile, each named in the verdict; a scenario is
within budget when both are. Steps the scenarios pass through on the way
(the hand-off dialogs, typing, going back home, opening Review) are judged
together as "other", except opening Review, whose budget is figure 3's
and which is kept in results.json only. Every sample, with its handler, goes to results.json,
with each handler's median and p95 and the garbage collections of 1 ms or
more (a collection inside a handler counts in its time; this shows when a
lone slow call was one). The log, and ``full_walks`` in results.json, say
where the collector's full walks fell: while the couple was busy, or while
they read both answers with no key pressed (the child's "reading" pause),
which is when the app runs them itself.

The budgets are absolute, so the anchor column shows the budget itself and
the ratio is ours over the budget, as in figure 3.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from bench.core import Budget, Config, Context, Figure, Row, median, spawn_child

TITLE = "UI-thread handlers"
MEDIAN_BUDGET = 0.016
P95_BUDGET = 0.033
MEDIAN_TEXT = "≤ 16 ms median"
P95_TEXT = "≤ 33 ms p95"
LARGEST = 50_000
"""Also measured when it is among the sizes: the history of ten years of weekly use."""

#: The scenarios judged, in the order the table shows them; "other" holds everything in
#: between. The child's "open Review" is measured and kept in results.json but not judged
#: here: opening Review has its own budget (figure 3, ≤ 150 ms to its first page).
SCENARIOS = ("open exercise", "step transition", "confirm", "reveal", "open answer", "other")
#: Scenarios of the child that are judged together under "other".
FOLDED = {"typing": "other", "setup": "other"}

Sample = tuple[int, str, str, float]
"""(round, scenario, handler, seconds) as the child wrote it."""


def sizes_for(config: Config) -> list[int]:
    """The sizes this figure runs at: the large size, and 50,000 if it was asked for."""
    sizes = {config.large}
    if LARGEST in config.sizes:
        sizes.add(LARGEST)
    return sorted(sizes)


def p95(samples: Sequence[float]) -> float:
    """The 95th percentile by nearest rank: the smallest sample with 95% of them at or below.

    With fewer than 20 samples this is the largest one, so a single slow call
    in a few rounds is never averaged away.
    """
    if not samples:
        raise ValueError("no samples")
    ordered = sorted(samples)
    rank = math.ceil(0.95 * len(ordered))
    return ordered[rank - 1]


def by_handler(samples: Iterable[Sample], *, warmups: int) -> dict[str, dict[str, list[float]]]:
    """Seconds per scenario, then per handler, leaving out the warm-up rounds."""
    grouped: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for round_number, scenario, handler, seconds in samples:
        if round_number < warmups:
            continue
        grouped[FOLDED.get(scenario, scenario)][handler].append(seconds)
    return {scenario: dict(handlers) for scenario, handlers in grouped.items()}


def _worst(handlers: dict[str, list[float]], statistic) -> tuple[str, list[float], float]:
    """The handler whose ``statistic`` is highest (by name on a tie, so the choice is stable)."""
    name = max(sorted(handlers), key=lambda handler: statistic(handlers[handler]))
    return name, handlers[name], statistic(handlers[name])


def scenario_rows(size: int, grouped: dict[str, dict[str, list[float]]]) -> list[Row]:
    """Two rows per scenario (median, p95), each for its slowest handler; missing ones say so."""
    rows = []
    for scenario in SCENARIOS:
        label = f"7 {TITLE}: {scenario}"
        handlers = grouped.get(scenario)
        if not handlers:
            rows.append(Row(label, size, budget_text=f"{MEDIAN_TEXT}, {P95_TEXT}",
                            not_measured="no handler of ours ran"))
            continue
        count = sum(len(samples) for samples in handlers.values())
        for kind, statistic, budget, text in (
            ("median", median, MEDIAN_BUDGET, MEDIAN_TEXT),
            ("p95", p95, P95_BUDGET, P95_TEXT),
        ):
            name, samples, value = _worst(handlers, statistic)
            rows.append(
                Row(
                    f"{label} ({kind} vs budget)", size, ours=samples, ours_median=value,
                    anchor=[budget], budget=Budget(1.0, size, text),
                    detail=f"slowest {name}",
                    extra={
                        "anchor_name": f"the budget, {budget * 1000:.0f} ms",
                        "statistic": kind,
                        "handler": name,
                        "handlers_in_scenario": len(handlers),
                        "samples_in_scenario": count,
                    },
                )
            )
    return rows


def summary(grouped: dict[str, dict[str, list[float]]]) -> list[dict[str, Any]]:
    """Every handler's count, median and p95 per scenario, slowest first (for results.json)."""
    lines = [
        {
            "scenario": scenario,
            "handler": handler,
            "calls": len(samples),
            "median": median(samples),
            "p95": p95(samples),
        }
        for scenario, handlers in grouped.items()
        for handler, samples in handlers.items()
    ]
    return sorted(lines, key=lambda line: line["p95"], reverse=True)


def run(ctx: Context) -> list[Row]:
    rows: list[Row] = []
    width, height = (str(n) for n in ctx.config.screen)
    warmups = max(1, ctx.config.warmups)
    rounds = max(3, ctx.config.runs)
    raw = ctx.raw.setdefault("handlers", {})
    for size in sizes_for(ctx.config):
        db = ctx.copy_of(size, "handlers")
        out = db.parent / "handler-samples.json"
        ctx.log(f"UI-thread handlers at {size:,} answers: {warmups} warm-up + {rounds} rounds")
        spawn_child(
            ctx, "handlers_app.py", str(db), str(ctx.empty_content_dir), width, height,
            str(warmups + rounds), str(out),
        )
        written = json.loads(out.read_text())
        samples: list[Sample] = [tuple(item) for item in written["samples"]]
        grouped = by_handler(samples, warmups=warmups)
        raw[str(size)] = {
            "warmup_rounds": warmups,
            "rounds": rounds,
            "columns": ["round", "scenario", "handler", "seconds"],
            "samples": samples,
            "by_handler": summary(grouped),
            "collections_columns": ["round", "scenario", "generation", "seconds"],
            "collections": written["collections"],
        }
        rows += scenario_rows(size, grouped)
        walks = raw[str(size)]["full_walks"] = full_walks(written["collections"], warmups=warmups)
        ctx.log(
            f"full garbage collections at {size:,} answers: {len(walks['busy'])} while busy, "
            f"{len(walks['reading'])} while reading (longest {walks['longest'] * 1000:.0f} ms)"
        )
    return rows


def full_walks(collections: Iterable[Sequence[Any]], *, warmups: int) -> dict[str, Any]:
    """Where the garbage collector's full walks fell: while the couple was busy, or reading.

    Not judged on its own (a walk inside a handler is already in that handler's
    time); it shows whether the app's idle collection (``workbook.collector``)
    kept them out of the way.
    """
    full = [
        (str(scenario), float(seconds))
        for round_number, scenario, generation, seconds in collections
        if generation == 2 and round_number >= warmups
    ]
    return {
        "busy": [seconds for scenario, seconds in full if scenario != "reading"],
        "reading": [seconds for scenario, seconds in full if scenario == "reading"],
        "longest": max((seconds for _, seconds in full), default=0.0),
    }


FIGURE = Figure(7, TITLE, run)
