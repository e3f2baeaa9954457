"""The UI-thread handler figure's arithmetic and the bench's ``--figures`` option.

Nothing here runs the app or times anything: these are the pure parts that
turn the child's samples into rows and verdicts.
"""

from __future__ import annotations

import pytest

from bench.cli import build_parser, chosen_figures
from bench.core import Config, Figure
from bench.figures import all_figures
from bench.figures.handlers import (
    MEDIAN_BUDGET,
    P95_BUDGET,
    SCENARIOS,
    by_handler,
    p95,
    scenario_rows,
    sizes_for,
    summary,
)

MS = 0.001


def test_p95_is_the_nearest_rank() -> None:
    assert p95([float(n) for n in range(1, 21)]) == 19.0
    assert p95([float(n) for n in range(1, 101)]) == 95.0
    assert p95([5.0]) == 5.0


def test_p95_of_a_few_samples_is_the_slowest() -> None:
    assert p95([0.010, 0.050, 0.012]) == 0.050


def test_p95_of_nothing_is_an_error() -> None:
    with pytest.raises(ValueError):
        p95([])


def test_warm_up_rounds_are_left_out_and_typing_counts_as_other() -> None:
    samples = [
        (0, "confirm", "ExerciseScreen.action_confirm", 0.900),
        (1, "confirm", "ExerciseScreen.action_confirm", 0.004),
        (2, "confirm", "ExerciseScreen.action_confirm", 0.006),
        (1, "typing", "ExerciseScreen._edited", 0.001),
        (1, "other", "HomeScreen.on_screen_resume", 0.002),
    ]
    grouped = by_handler(samples, warmups=1)
    assert grouped["confirm"] == {"ExerciseScreen.action_confirm": [0.004, 0.006]}
    assert grouped["other"] == {
        "ExerciseScreen._edited": [0.001],
        "HomeScreen.on_screen_resume": [0.002],
    }
    assert "typing" not in grouped


def _rows_for(scenario: str, handlers: dict[str, list[float]]):
    rows = scenario_rows(20_000, {scenario: handlers})
    return [row for row in rows if f": {scenario} (" in row.figure]


def test_a_scenario_within_budget() -> None:
    median_row, p95_row = _rows_for("confirm", {"A.on_mount": [2 * MS, 3 * MS, 4 * MS]})
    assert median_row.verdict == "within budget (slowest A.on_mount)"
    assert median_row.ours_median == pytest.approx(3 * MS)
    assert median_row.anchor_median == MEDIAN_BUDGET
    assert p95_row.ours_median == pytest.approx(4 * MS)
    assert p95_row.anchor_median == P95_BUDGET
    assert p95_row.verdict.startswith("within budget")


def test_one_slow_call_fails_the_p95_but_not_the_median() -> None:
    median_row, p95_row = _rows_for("reveal", {"A.show_step": [5 * MS, 6 * MS, 66 * MS]})
    assert median_row.verdict.startswith("within budget")
    assert p95_row.verdict == "OVER by 100% (slowest A.show_step)"


def test_each_row_names_its_own_slowest_handler() -> None:
    handlers = {
        "Steady.compose": [20 * MS, 20 * MS, 20 * MS],  # highest median
        "Spiky.on_mount": [1 * MS, 1 * MS, 40 * MS],  # highest p95
    }
    median_row, p95_row = _rows_for("open answer", handlers)
    assert median_row.extra["handler"] == "Steady.compose"
    assert median_row.verdict.startswith("OVER by 25%")
    assert p95_row.extra["handler"] == "Spiky.on_mount"
    assert p95_row.verdict.startswith("OVER by 21%")
    assert median_row.extra["samples_in_scenario"] == 6


def test_a_scenario_with_no_samples_says_so_rather_than_passing() -> None:
    rows = scenario_rows(50_000, {})
    assert len(rows) == len(SCENARIOS)
    assert all(row.verdict == "not measured: no handler of ours ran" for row in rows)


def test_summary_lists_the_worst_first() -> None:
    grouped = {"other": {"Fast.x": [1 * MS], "Slow.y": [2 * MS, 90 * MS]}}
    lines = summary(grouped)
    assert [line["handler"] for line in lines] == ["Slow.y", "Fast.x"]
    assert lines[0]["calls"] == 2 and lines[0]["p95"] == 90 * MS


def test_sizes_are_the_large_one_and_fifty_thousand_when_asked_for() -> None:
    def config(sizes: list[int]) -> Config:
        return Config(sizes=sizes, runs=3, save_runs=3)

    assert sizes_for(config([1_000, 5_000, 20_000, 50_000])) == [20_000, 50_000]
    assert sizes_for(config([1_000, 20_000])) == [20_000]
    assert sizes_for(config([200])) == [200]
    assert sizes_for(config([1_000, 50_000])) == [50_000]


def test_the_handlers_figure_is_registered() -> None:
    assert 7 in [figure.number for figure in all_figures()]


def _figures() -> list[Figure]:
    return [Figure(n, f"figure {n}", lambda ctx: []) for n in (1, 2, 7)]


def test_figures_option_picks_by_number_and_defaults_to_all() -> None:
    assert build_parser().parse_args([]).figures is None
    assert build_parser().parse_args(["--figures", "7,2"]).figures == [2, 7]
    assert [f.number for f in chosen_figures(_figures(), None)] == [1, 2, 7]
    assert [f.number for f in chosen_figures(_figures(), [7])] == [7]


def test_figures_option_refuses_an_unknown_number() -> None:
    with pytest.raises(SystemExit, match="no figure 9"):
        chosen_figures(_figures(), [7, 9])
    with pytest.raises(SystemExit):
        build_parser().parse_args(["--figures", "seven"])


def test_full_walks_are_told_apart_by_when_they_fell() -> None:
    from bench.figures.handlers import full_walks

    collections = [
        [0, "confirm", 2, 0.5],  # the warm-up round: left out
        [1, "confirm", 2, 0.2],
        [1, "reading", 2, 0.3],
        [2, "reading", 1, 0.9],  # a young walk: not a full one
        [2, "reading", 2, 0.1],
    ]
    walks = full_walks(collections, warmups=1)
    assert walks == {"busy": [0.2], "reading": [0.3, 0.1], "longest": 0.3}
