"""``python -m bench``: options, the run, the one table and the JSON file."""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from bench.core import BenchError, Config, Context, Figure, Row
from bench.figures import all_figures

DEFAULT_SIZES = [1_000, 5_000, 20_000, 50_000]
QUICK_SIZES = [200]
DEFAULT_RUNS = 5
DEFAULT_SAVE_RUNS = 25
"""Saves are cheap but fsync times are noisy, so they get more samples."""
DEFAULT_OUT = Path(__file__).parent / "results.json"
COLUMNS = ("figure", "answers", "ours", "anchor", "ratio", "budget", "verdict")


def _sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part.replace("_", "")) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {text!r}") from None
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("sizes must be positive numbers of answers")
    return sizes


def _numbers(text: str) -> list[int]:
    try:
        numbers = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of figure numbers: {text!r}") from None
    if not numbers:
        raise argparse.ArgumentTypeError("name at least one figure number")
    return numbers


def chosen_figures(figures: list[Figure], numbers: list[int] | None) -> list[Figure]:
    """The figures asked for by number (all of them when ``numbers`` is None).

    An unknown number is an error rather than silently nothing measured.
    """
    if numbers is None:
        return figures
    known = {figure.number for figure in figures}
    unknown = [number for number in numbers if number not in known]
    if unknown:
        raise SystemExit(
            f"python -m bench: no figure {', '.join(map(str, unknown))}; "
            f"the figures are {', '.join(map(str, sorted(known)))}"
        )
    return [figure for figure in figures if figure.number in numbers]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m bench",
        description="Measure Couple Workbook against its anchors on this machine and print "
        "one table (medians, ratios, budgets); every raw sample goes to the JSON file.",
    )
    parser.add_argument("--quick", action="store_true",
                        help="smoke mode: 200 answers, one run (for CI)")
    parser.add_argument("--sizes", type=_sizes, metavar="N,N,...",
                        help="answer counts to generate (default: 1000,5000,20000,50000)")
    parser.add_argument("--runs", type=int, metavar="N",
                        help=f"samples per side for spawned figures (default {DEFAULT_RUNS})")
    parser.add_argument("--save-runs", type=int, metavar="N",
                        help=f"saves per side (default {DEFAULT_SAVE_RUNS}, or --runs if more)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, metavar="FILE",
                        help="where to write the JSON results (default: bench/results.json)")
    parser.add_argument("--figures", type=_numbers, metavar="N,N,...",
                        help="run only these figures, by number (default: all)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the generated data folder and print where it is")
    return parser


def config_from(args: argparse.Namespace) -> Config:
    runs = args.runs if args.runs is not None else (1 if args.quick else DEFAULT_RUNS)
    save_runs = args.save_runs
    if save_runs is None:
        save_runs = runs if args.quick else max(runs, DEFAULT_SAVE_RUNS)
    if runs < 1 or save_runs < 1:
        raise SystemExit("python -m bench: --runs and --save-runs must be at least 1")
    sizes = args.sizes or (QUICK_SIZES if args.quick else DEFAULT_SIZES)
    return Config(sizes=sizes, runs=runs, save_runs=save_runs, quick=args.quick)


# --- machine --------------------------------------------------------------------


def _version(package: str) -> str | None:
    try:
        return metadata.version(package)
    except metadata.PackageNotFoundError:
        return None


def _cpu_model() -> str | None:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or None


def _filesystem(path: Path) -> str | None:
    """The file system type holding ``path`` (Linux only), since fsync costs depend on it."""
    try:
        mounts = [line.split() for line in Path("/proc/mounts").read_text().splitlines()]
    except OSError:
        return None
    resolved = str(path.resolve())
    best = max(
        (m for m in mounts if len(m) > 2 and (resolved + "/").startswith(m[1].rstrip("/") + "/")),
        key=lambda m: len(m[1]),
        default=None,
    )
    return best[2] if best else None


def _load() -> list[float] | None:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except (OSError, AttributeError):
        return None


def machine_info(workdir: Path) -> dict[str, Any]:
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": _cpu_model(),
        "python": platform.python_version(),
        "python_implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "textual": _version("textual"),
        "tinydb": _version("tinydb"),
        "orjson": _version("orjson"),
        "couple_workbook": _version("couple-workbook"),
        "workdir_filesystem": _filesystem(workdir),
        "load_average_at_start": _load(),
    }


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


# --- the table ----------------------------------------------------------------------


def _value(value: float | None, unit: str) -> str:
    if value is None:
        return "—"
    if unit == "B":
        return f"{value / (1024 * 1024):.1f} MiB"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.01:
        return f"{value * 1000:.0f} ms"
    return f"{value * 1000:.1f} ms"


def _cells(row: Row) -> tuple[str, ...]:
    size = "—" if row.size is None else f"{row.size:,}"
    if row.not_measured:
        return (row.figure, size, "—", "—", "—", row.budget_text, row.verdict)
    ratio = "—" if row.ratio is None else f"{row.ratio:.2f}×"
    budget = row.budget.text if row.budget else row.budget_text
    return (
        row.figure,
        size,
        _value(row.ours_median, row.unit),
        _value(row.anchor_median, row.unit),
        ratio,
        budget,
        row.verdict,
    )


def render_table(rows: list[Row]) -> str:
    """The one table, in plain text with aligned columns."""
    lines = [COLUMNS, *(_cells(row) for row in rows)]
    widths = [max(len(line[i]) for line in lines) for i in range(len(COLUMNS))]
    right = {1, 2, 3, 4}  # numbers align right

    def fmt(line: tuple[str, ...]) -> str:
        cells = [
            cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
            for i, cell in enumerate(line)
        ]
        return "  ".join(cells).rstrip()

    rule = "  ".join("-" * width for width in widths)
    return "\n".join([fmt(lines[0]), rule, *(fmt(line) for line in lines[1:])])


# --- the run ------------------------------------------------------------------------


def run_figures(ctx: Context, figures: list[Figure]) -> tuple[list[dict[str, Any]], bool]:
    """Run every figure; a figure that fails shows as one not-measured row."""
    results, ok = [], True
    for figure in figures:
        started = time.perf_counter()
        try:
            rows = figure.run(ctx)
        except BenchError as error:
            ok = False
            rows = [Row(f"{figure.number} {figure.title}", not_measured=f"failed: {error}")]
        results.append(
            {
                "number": figure.number,
                "title": figure.title,
                "seconds": time.perf_counter() - started,
                "rows": rows,
            }
        )
    return results, ok


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    config = config_from(args)
    figures = chosen_figures(all_figures(), args.figures)
    started_at = datetime.now(UTC)
    started = time.perf_counter()
    workdir = Path(tempfile.mkdtemp(prefix="workbook-bench-"))

    def log(message: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f}s] {message}", file=sys.stderr, flush=True)

    machine = machine_info(workdir)
    log(
        f"sizes {', '.join(f'{n:,}' for n in config.sizes)}; {config.runs} runs per side, "
        f"{config.save_runs} saves per side; data in {workdir}"
    )
    ctx = Context(config, workdir, log=log)
    try:
        results, ok = run_figures(ctx, figures)
    finally:
        if args.keep:
            log(f"data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    total = time.perf_counter() - started
    machine["load_average_at_end"] = _load()
    rows = [row for result in results for row in result["rows"]]

    print(render_table(rows))
    print(
        f"\nMedians of {_plural(config.runs, 'run')} per side (saves: {config.save_runs}), "
        f"ours and anchor interleaved. {machine['cpu_count']} CPUs, Python {machine['python']}, "
        f"Textual {machine['textual']}. Took {total:.0f} s. Raw samples: {args.out}"
    )

    report = {
        "timestamp": started_at.isoformat(timespec="seconds"),
        "total_seconds": total,
        "ok": ok,
        "machine": machine,
        "config": {
            "sizes": config.sizes,
            "runs": config.runs,
            "save_runs": config.save_runs,
            "quick": config.quick,
            "seed": config.seed,
            "screen": list(config.screen),
            "small": config.small,
            "large": config.large,
        },
        "figures": [
            {**result, "rows": [row.to_json() for row in result["rows"]]} for result in results
        ],
        "raw": ctx.raw,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0 if ok else 1
