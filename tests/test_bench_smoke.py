"""The benchmark harness still runs: ``python -m bench --quick`` end to end.

This checks that the harness works, never that a time, a size or a ratio is
under a limit: CI machines are too noisy for that, and the budgets are
judged by ``make bench`` on a known machine (see README, "Performance").
"""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

FIGURE_NAMES = [
    "start-up to home complete",
    "save one answer",
    "Review open / search keystroke",
    "peak memory, answers loaded",
    "growth",
    "workbook validate",
    "workbook export",
    "UI-thread handlers",
    "locked workbook: passphrase -> home",
    "locked workbook: save one answer",
]


def _positive(value: object) -> bool:
    return isinstance(value, (int, float)) and math.isfinite(value) and value > 0


def test_quick_bench_runs_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench", "--quick", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]

    header = proc.stdout.splitlines()[0].split()
    assert header == ["figure", "answers", "ours", "anchor", "ratio", "budget", "verdict"]
    for name in FIGURE_NAMES:
        assert name in proc.stdout, f"figure {name!r} missing from the table"

    report = json.loads(out.read_text())
    assert {"timestamp", "machine", "config", "figures", "raw", "total_seconds"} <= set(report)
    assert report["ok"] is True
    for key in ("cpu_count", "python", "textual", "platform"):
        assert report["machine"][key]
    assert report["config"]["quick"] is True

    assert [figure["number"] for figure in report["figures"]] == [1, 2, 3, 4, 5, 6, 7, 8]
    rows = [row for figure in report["figures"] for row in figure["rows"]]
    measured = [row for row in rows if row["measured"]]
    assert len(measured) >= 5
    for row in measured:
        assert row["verdict"], row
        assert row["ours_samples"] and row["anchor_samples"], row
        for value in [row["ours_median"], row["anchor_median"], row["ratio"]]:
            assert _positive(value), row
        assert all(_positive(sample) for sample in row["ours_samples"] + row["anchor_samples"])
    for row in rows:
        if not row["measured"]:
            assert row["verdict"].startswith("not measured: "), row

    raw = report["raw"]
    for kind in ("startup", "save", "data_peak", "commands", "datasets", "handlers", "locked"):
        assert raw[kind], kind
    startup = next(iter(raw["startup"].values()))
    assert all(_positive(value) for value in startup["ours_rss"] + startup["bare_rss"])
