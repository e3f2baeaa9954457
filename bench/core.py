"""The pieces every figure shares: the run's settings and data, child processes, rows."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

CHILDREN = Path(__file__).parent / "children"

#: The sizes at which docs/architecture.md, "Performance budgets", sets them.
BUDGET_SMALL = 1_000
BUDGET_LARGE = 20_000


class BenchError(Exception):
    """A measurement could not be taken (a child failed, data could not be made)."""


@dataclass
class Config:
    """What one run measures."""

    sizes: list[int]
    """Answer counts to generate; all of them feed the growth figure."""
    runs: int
    """Samples per side for spawned measurements (start-up, memory, commands)."""
    save_runs: int
    """Samples per side for the in-process save measurement."""
    quick: bool = False
    """Smoke mode: tiny sizes, one sample."""
    seed: int = 1
    """Seed for ``workbook sample-data``."""
    screen: tuple[int, int] = (100, 30)
    """Headless terminal size for the start-up children."""

    @property
    def small(self) -> int:
        """The size standing in for the 1,000-answer budgets."""
        return BUDGET_SMALL if BUDGET_SMALL in self.sizes else min(self.sizes)

    @property
    def large(self) -> int:
        """The size standing in for the 20,000-answer budgets."""
        return BUDGET_LARGE if BUDGET_LARGE in self.sizes else max(self.sizes)

    warmups: int = 1
    """Discarded samples per side before measuring (cold caches, .pyc files)."""


class Context:
    """One run: its settings, its work folder, generated data and shared measurements."""

    def __init__(self, config: Config, workdir: Path, *, log: Callable[[str], None]) -> None:
        self.config = config
        self.workdir = workdir
        self.log = log
        self._memo: dict[Any, Any] = {}
        self._datasets: dict[int, Path] = {}
        self.raw: dict[str, Any] = {}
        """Every raw measurement, by kind and size, for the JSON file."""

    def memo(self, key: Any, compute: Callable[[], T]) -> T:
        """``compute()`` once per run for ``key``; later calls share the result."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def folder(self, name: str) -> Path:
        """A new empty folder in the work folder."""
        path = self.workdir / name
        if path.exists():
            shutil.rmtree(path)
        path.mkdir(parents=True)
        return path

    def dataset(self, size: int) -> Path:
        """A pristine sample workbook of ``size`` answers, made once per run by the CLI."""
        if size not in self._datasets:
            folder = self.folder(f"data-{size}")
            path = folder / "sample.json"
            self.log(f"generating {size:,} answers with `workbook sample-data`")
            started = time.perf_counter()
            run_checked(
                [sys.executable, "-m", "workbook", "sample-data", "--db", str(path),
                 "--answers", str(size), "--seed", str(self.config.seed)],
                env=self.child_env(),
                cwd=self.workdir,
            )
            self.raw.setdefault("datasets", {})[str(size)] = {
                "bytes": path.stat().st_size,
                "generate_seconds": time.perf_counter() - started,
            }
            self._datasets[size] = path
        return self._datasets[size]

    def copy_of(self, size: int, name: str) -> Path:
        """A private copy of the sample workbook of ``size`` answers, in its own folder."""
        folder = self.folder(f"{name}-{size}")
        path = folder / "workbook.json"
        shutil.copyfile(self.dataset(size), path)
        os.chmod(path, 0o600)
        return path

    def child_env(self) -> dict[str, str]:
        """The environment for every child process.

        The data folder is in the work folder; Textual's devtools are off; and
        compiled bytecode is cached (in the work folder), as it is for an
        installed app: with ``PYTHONDONTWRITEBYTECODE`` set, as it is in some
        shells and containers, every start would compile the workbook's own
        modules from source while Textual's come precompiled from pip.
        """
        env = dict(os.environ)
        env["WORKBOOK_DATA_DIR"] = str(self.workdir / "user-data")
        env.pop("WORKBOOK_DB", None)
        env.pop("TEXTUAL", None)  # devtools and debug features change timings
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        env["PYTHONPYCACHEPREFIX"] = str(self.workdir / "pycache")
        return env

    @property
    def empty_content_dir(self) -> Path:
        """A folder for ``--content`` that holds no exercises of the couple's own."""
        path = self.workdir / "own-content"
        path.mkdir(exist_ok=True)
        return path


# --- child processes ------------------------------------------------------------


def run_checked(
    argv: Sequence[str], *, env: dict[str, str], cwd: Path, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run a command; raise BenchError with the end of its stderr if it fails."""
    try:
        proc = subprocess.run(
            list(argv), capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchError(f"`{_shown(argv)}` took longer than {timeout:.0f} s") from exc
    if proc.returncode != 0:
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        raise BenchError(f"`{_shown(argv)}` exited {proc.returncode}: {' | '.join(tail)}")
    return proc


def _shown(argv: Sequence[str]) -> str:
    """A short form of a command line for messages (no interpreter path)."""
    words = [Path(word).name if word.startswith("/") else word for word in argv[1:5]]
    return " ".join(words) + (" ..." if len(argv) > 5 else "")


def spawn_child(ctx: Context, script: str, *args: str) -> dict[str, float]:
    """Run ``children/<script>``; return its marks with ``spawned`` (time before spawning).

    Marks are absolute ``time.time()`` stamps from the child (or plain numbers).
    """
    argv = [sys.executable, str(CHILDREN / script), *args]
    env = ctx.child_env()
    spawned = time.time()
    proc = run_checked(argv, env=env, cwd=ctx.workdir, timeout=120)
    for line in proc.stdout.splitlines():
        if line.startswith("BENCH "):
            marks = {"spawned": spawned}
            for item in line.split()[1:]:
                key, _, value = item.partition("=")
                marks[key] = float(value)
            return marks
    raise BenchError(f"{script} printed no BENCH line: {proc.stdout[-200:]!r}")


def rotate(items: Sequence[T], round_number: int) -> list[T]:
    """``items`` rotated by the round number, so no side is always measured first."""
    shift = round_number % len(items)
    return [*items[shift:], *items[:shift]]


# --- rows of the table ------------------------------------------------------------


def median(samples: Sequence[float]) -> float:
    """The median of the samples."""
    return statistics.median(samples)


@dataclass(frozen=True)
class Budget:
    """``ours / anchor <= max_ratio``, judged at ``at_size`` answers (None: any size)."""

    max_ratio: float
    at_size: int | None
    text: str


@dataclass
class Row:
    """One line of the table: ours against an anchor, measured in the same run."""

    figure: str
    size: int | None = None
    unit: str = "s"
    """"s" (seconds) or "B" (bytes)."""
    ours: list[float] = field(default_factory=list)
    anchor: list[float] = field(default_factory=list)
    ours_median: float | None = None
    """Defaults to the median of ``ours``; set it for a figure combined from parts."""
    anchor_median: float | None = None
    """Defaults to the median of ``anchor``; set it for a composite anchor."""
    budget: Budget | None = None
    budget_text: str = "—"
    """Shown when there is no budget to judge (growth rows, for example)."""
    note: str = "—"
    """The verdict when there is no budget."""
    detail: str = ""
    """Added to the verdict in brackets (a speed-up, for example)."""
    not_measured: str | None = None
    """Why this figure was not measured; it is then shown as such, never guessed."""
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.ours_median is None and self.ours:
            self.ours_median = median(self.ours)
        if self.anchor_median is None and self.anchor:
            self.anchor_median = median(self.anchor)

    @property
    def ratio(self) -> float | None:
        """Ours over the anchor (medians)."""
        if self.ours_median is None or not self.anchor_median:
            return None
        return self.ours_median / self.anchor_median

    @property
    def verdict(self) -> str:
        """"within budget", "OVER by X%", or why there is no judgement."""
        verdict = self._judgement()
        return f"{verdict} ({self.detail})" if self.detail else verdict

    def _judgement(self) -> str:
        if self.not_measured:
            return f"not measured: {self.not_measured}"
        if self.budget is None or self.ratio is None:
            return self.note
        if self.budget.at_size is not None and self.size != self.budget.at_size:
            return f"not judged (budget is at {self.budget.at_size:,})"
        if self.ratio <= self.budget.max_ratio:
            return "within budget"
        return f"OVER by {(self.ratio / self.budget.max_ratio - 1) * 100:.0f}%"

    def to_json(self) -> dict[str, Any]:
        """Everything about this row, raw samples included."""
        return {
            "figure": self.figure,
            "size": self.size,
            "unit": self.unit,
            "ours_median": self.ours_median,
            "anchor_median": self.anchor_median,
            "ratio": self.ratio,
            "budget": None
            if self.budget is None
            else {
                "max_ratio": self.budget.max_ratio,
                "at_size": self.budget.at_size,
                "text": self.budget.text,
            },
            "verdict": self.verdict,
            "measured": self.not_measured is None,
            "ours_samples": self.ours,
            "anchor_samples": self.anchor,
            **self.extra,
        }


@dataclass(frozen=True)
class Figure:
    """A numbered figure of the table: ``run`` measures it and returns its rows."""

    number: int
    title: str
    run: Callable[[Context], list[Row]]
