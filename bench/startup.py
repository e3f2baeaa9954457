"""Start-up: spawn -> home screen complete, for the app and for a bare Textual app.

Both run headless in a child process (``bench/children``) at the same fixed
size; the parent takes ``time.time()`` just before spawning and the child
prints its own stamps, so a sample is ``done - spawned``, ``done`` being
the end of the first refresh after home was found complete (the child's
``os._exit`` keeps shut-down out of it). The two sides alternate, and the
peak RSS each child reports at that moment feeds the memory figure.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.core import Context, rotate, spawn_child

PHASES = ("started", "imported", "ready", "complete", "done")


@dataclass
class StartupSamples:
    """Every sample of one size; times in seconds, memory in bytes."""

    size: int
    ours: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    ours_rss: list[float] = field(default_factory=list)
    bare_rss: list[float] = field(default_factory=list)
    ours_phases: list[dict[str, float]] = field(default_factory=list)
    """Seconds after the spawn at which the child was running, had imported, got Ready,
    found home complete, and had drawn that frame (``done``: the sample)."""
    bare_phases: list[dict[str, float]] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def measure(ctx: Context, size: int) -> StartupSamples:
    """Start-up samples at ``size`` answers (measured once per run)."""
    return ctx.memo(("startup", size), lambda: _measure(ctx, size))


def _measure(ctx: Context, size: int) -> StartupSamples:
    config = ctx.config
    db = ctx.copy_of(size, "startup")
    width, height = (str(n) for n in config.screen)
    sides = {
        "ours": ("startup_app.py", str(db), str(ctx.empty_content_dir), width, height),
        "bare": ("startup_bare.py", width, height),
    }
    samples = StartupSamples(size)
    ctx.log(f"start-up at {size:,} answers: {config.runs} runs per side, interleaved")
    for _ in range(config.warmups):
        for script_and_args in sides.values():
            spawn_child(ctx, *script_and_args)
    for round_number in range(config.runs):
        for side in rotate(list(sides), round_number):
            marks = spawn_child(ctx, *sides[side])
            phases = {name: marks[name] - marks["spawned"] for name in PHASES}
            getattr(samples, side).append(phases["done"])
            getattr(samples, f"{side}_rss").append(marks["maxrss"])
            getattr(samples, f"{side}_phases").append(phases)
    ctx.raw.setdefault("startup", {})[str(size)] = samples.to_json()
    return samples
