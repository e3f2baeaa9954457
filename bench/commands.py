"""Wall time of ``workbook`` commands against spawning a bare ``python -c pass``.

A sample is the parent's wall time from spawn to exit, so interpreter
start-up and shut-down count on both sides.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

from bench.core import BenchError, Context, rotate, run_checked

PASS = (sys.executable, "-c", "pass")


@dataclass
class CommandSamples:
    """Seconds per run of the command and of ``python -c pass``."""

    argv: list[str]
    ours: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    imports_textual: bool | None = None

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def has_command(name: str) -> bool:
    """True if the ``workbook`` CLI offers the subcommand ``name``."""
    from workbook.cli import build_parser

    for action in build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction) and name in action.choices:
            return True
    return False


def imports_textual(ctx: Context, args: Sequence[str]) -> bool:
    """Whether ``workbook ARGS`` loads Textual (run once in its own process)."""
    code = (
        "import sys\n"
        "from workbook.cli import main\n"
        f"status = main({list(args)!r})\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
        "sys.exit(status)\n"
    )
    proc = run_checked([sys.executable, "-c", code], env=ctx.child_env(), cwd=ctx.workdir)
    return proc.stdout.strip().splitlines()[-1] == "TEXTUAL"


def measure(ctx: Context, key: str, args: Sequence[str]) -> CommandSamples:
    """Samples of ``python -m workbook ARGS`` against ``python -c pass`` (once per run)."""
    return ctx.memo(("command", key), lambda: _measure(ctx, key, args))


def _timed(ctx: Context, argv: Sequence[str]) -> float:
    env = ctx.child_env()
    started = time.perf_counter()
    proc = subprocess.run(list(argv), capture_output=True, env=env, cwd=ctx.workdir, timeout=300)
    elapsed = time.perf_counter() - started
    if proc.returncode != 0:
        tail = proc.stderr.decode(errors="replace").strip().splitlines()[-2:]
        raise BenchError(f"`{' '.join(argv[1:])}` exited {proc.returncode}: {' | '.join(tail)}")
    return elapsed


def _measure(ctx: Context, key: str, args: Sequence[str]) -> CommandSamples:
    argv = [sys.executable, "-m", "workbook", *args]
    samples = CommandSamples(argv=list(args))
    sides = {"ours": argv, "bare": list(PASS)}
    ctx.log(f"`workbook {' '.join(args[:2])}`: {ctx.config.runs} runs per side")
    for _ in range(ctx.config.warmups):
        for side_argv in sides.values():
            _timed(ctx, side_argv)
    for round_number in range(ctx.config.runs):
        for side in rotate(list(sides), round_number):
            getattr(samples, side).append(_timed(ctx, sides[side]))
    samples.imports_textual = imports_textual(ctx, args)
    ctx.raw.setdefault("commands", {})[key] = samples.to_json()
    return samples
