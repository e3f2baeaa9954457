"""The memory floor: what the parsed data itself costs in a bare interpreter.

``json_peak.py load FILE`` reads and parses the file with orjson;
``json_peak.py base`` only imports orjson. Their peak RSS differ by the
memory the data takes (raw bytes and parsed objects at the peak), which is
the most a whole-file store must hold. The two alternate, like everything.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bench.core import Context, median, rotate, spawn_child


@dataclass
class DataPeakSamples:
    """Peak RSS in bytes of the bare interpreter, with and without the data."""

    size: int
    base: list[float] = field(default_factory=list)
    load: list[float] = field(default_factory=list)

    @property
    def data_cost(self) -> float:
        """Median peak with the data minus median peak without it."""
        return median(self.load) - median(self.base)

    def to_json(self) -> dict[str, object]:
        return {**self.__dict__, "data_cost": self.data_cost}


def measure(ctx: Context, size: int) -> DataPeakSamples:
    """Data-cost samples at ``size`` answers (measured once per run)."""
    return ctx.memo(("data-peak", size), lambda: _measure(ctx, size))


def _measure(ctx: Context, size: int) -> DataPeakSamples:
    path = ctx.dataset(size)
    sides = {"base": ("json_peak.py", "base"), "load": ("json_peak.py", "load", str(path))}
    samples = DataPeakSamples(size)
    ctx.log(f"orjson.loads peak at {size:,} answers: {ctx.config.runs} runs per side")
    for round_number in range(ctx.config.runs):
        for side in rotate(list(sides), round_number):
            getattr(samples, side).append(spawn_child(ctx, *sides[side])["maxrss"])
    ctx.raw.setdefault("data_peak", {})[str(size)] = samples.to_json()
    return samples
