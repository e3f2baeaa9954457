"""Save one answer: our store against the rewrite floor and stock TinyDB, in-process.

Each side has its own copy of the same sample workbook and inserts the same
new answer document each round, so the three files grow alike:

* ours: ``WorkbookStore.save_answer`` (atomic write, fsync, ``.bak``, folder fsync);
* floor: ``orjson.dumps`` of the already-parsed data + write + fsync +
  ``os.replace``, nothing else (the least any whole-file rewrite can cost);
* stock: TinyDB's own ``JSONStorage`` inserting into its table (it re-reads
  the file with ``json`` on every operation and writes it in place + fsync).

Rounds rotate the order. The first save of each side is a discarded
warm-up; ours builds its answer index then, reported as ``first_save``.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB

from bench.core import Context, rotate
from workbook.model import Answer
from workbook.store import WorkbookStore

TEXT = (
    "When I look back on this week, I see the walk by the river last weekend, "
    "and I felt calm in a way I hadn't for a while, because it reminds me we are "
    "on the same side. I'd like us to keep Sunday mornings slow, phones away, "
    "and to tell each other one small thing we noticed about the other."
)


@dataclass
class SaveSamples:
    """Seconds per save for each side at one size."""

    size: int
    ours: list[float] = field(default_factory=list)
    floor: list[float] = field(default_factory=list)
    stock: list[float] = field(default_factory=list)
    first_save: float | None = None
    """Our first save of the run, which also builds the uuid index (not in ``ours``)."""

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def measure(ctx: Context, size: int) -> SaveSamples:
    """Save samples at ``size`` answers (measured once per run)."""
    return ctx.memo(("save", size), lambda: _measure(ctx, size))


def new_answer(number: int) -> Answer:
    """The answer saved in round ``number``: the same text each time, a new uuid."""
    return Answer(
        uuid=str(uuid.uuid4()),
        exercise="bench-exercise",
        step="bench-step",
        partner="a" if number % 2 else "b",
        value=f"{TEXT} ({number})",
        session=None,
    )


class _Floor:
    """The least a whole-file rewrite costs: dump, write, fsync, replace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.data: dict[str, Any] = orjson.loads(path.read_bytes())
        answers = self.data.setdefault("answers", {})
        self.next_id = max((int(key) for key in answers), default=0) + 1

    def save(self, doc: dict[str, Any]) -> None:
        self.data["answers"][str(self.next_id)] = doc
        self.next_id += 1
        payload = orjson.dumps(self.data)
        tmp = f"{self.path}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, self.path)


def _measure(ctx: Context, size: int) -> SaveSamples:
    config = ctx.config
    store = WorkbookStore.open(ctx.copy_of(size, "save-ours"))
    floor = _Floor(ctx.copy_of(size, "save-floor"))
    stock_db = TinyDB(ctx.copy_of(size, "save-stock"), encoding="utf-8")  # JSONStorage
    stock = stock_db.table("answers")
    samples = SaveSamples(size)
    before = store.answer_count()
    ctx.log(f"save at {size:,} answers: {config.save_runs} saves per side, interleaved")
    try:
        savers: dict[str, Callable[[Answer, dict[str, Any]], object]] = {
            "ours": lambda answer, _doc: store.save_answer(answer),
            "floor": lambda _answer, doc: floor.save(doc),
            "stock": lambda _answer, doc: stock.insert(doc),
        }
        for round_number in range(config.save_runs + 1):
            answer = new_answer(round_number)
            for side in rotate(list(savers), round_number):
                doc = answer.to_doc()
                started = time.perf_counter()
                savers[side](answer, doc)
                elapsed = time.perf_counter() - started
                if round_number == 0:  # warm-up
                    if side == "ours":
                        samples.first_save = elapsed
                    continue
                getattr(samples, side).append(elapsed)
        if store.answer_count() != before + config.save_runs + 1:
            raise AssertionError("the store did not keep every saved answer")
    finally:
        store.close()
        stock_db.close()
    ctx.raw.setdefault("save", {})[str(size)] = samples.to_json()
    return samples
