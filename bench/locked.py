"""A workbook locked with a passphrase: opening it and saving into it, in the same run.

Opening (``children/locked_app.py``): the real app, headless, on a locked
copy of the sample workbook. A second after the unlock screen is up (as a
person would type), the child puts in the passphrase (read from a file,
never argv) and presses Open; a sample is
the time from that press to home complete and drawn, as figure 1 judges it.
The anchor is what that can't be faster than: one key derivation (scrypt at
the file's cost, timed in this process with ``envelope.passphrase_slot``,
interleaved with the children) plus 1.35 × the bare Textual app's start-up
(figure 1's samples at the same size, the budget figure 1 allows).

Saving (in-process, interleaved, like ``bench.save``): ``WorkbookStore.save_answer``
on a locked copy against the encrypted rewrite floor on another: orjson dump
of the same data + ``envelope.seal`` with the same keys + write + fsync +
``os.replace``, nothing else.

A real run locks with the app's own scrypt cost; ``--quick`` uses the cheap
test cost, so the smoke run stays quick (its figures are not judged anyway).
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from bench.core import Context, rotate, spawn_child
from bench.save import new_answer
from workbook import envelope
from workbook.envelope import Secret
from workbook.storage import relock
from workbook.store import WorkbookStore

PASSPHRASE = "bench: tea for two at four"


@dataclass
class LockedSamples:
    """Seconds per sample for each side at one size."""

    size: int
    unlock: list[float] = field(default_factory=list)
    """Open pressed -> home complete and drawn."""
    to_opened: list[float] = field(default_factory=list)
    """Open pressed -> the workbook open (the key derivation and the decryption)."""
    to_unlock_screen: list[float] = field(default_factory=list)
    """Spawn -> the unlock screen ready (the rest of what the couple waits for)."""
    kdf: list[float] = field(default_factory=list)
    save: list[float] = field(default_factory=list)
    save_floor: list[float] = field(default_factory=list)

    def to_json(self) -> dict[str, object]:
        return dict(self.__dict__)


def cost(ctx: Context) -> envelope.ScryptCost:
    """The scrypt cost the locked copies use: the app's own, or the test cost for --quick."""
    return envelope.TEST_COST if ctx.config.quick else envelope.DEFAULT_COST


def locked_copy(ctx: Context, size: int, name: str) -> Path:
    """A copy of the sample workbook of ``size`` answers, locked with PASSPHRASE."""
    path = ctx.copy_of(size, name)
    ring, _ = envelope.new_key_ring(PASSPHRASE, recovery=False, cost=cost(ctx))
    relock(path, secret=None, ring=ring)
    return path


def passphrase_file(ctx: Context) -> Path:
    """PASSPHRASE in a private file, for the child (never on its command line)."""
    path = ctx.workdir / "passphrase.txt"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as file:
        file.write(PASSPHRASE)
    return path


def measure(ctx: Context, size: int) -> LockedSamples:
    """Samples at ``size`` answers (measured once per run)."""
    return ctx.memo(("locked", size), lambda: _measure(ctx, size))


def _kdf_sample(ctx: Context) -> float:
    key = os.urandom(32)
    started = time.perf_counter()
    envelope.passphrase_slot(PASSPHRASE, key, cost(ctx))
    return time.perf_counter() - started


def _measure(ctx: Context, size: int) -> LockedSamples:
    config = ctx.config
    samples = LockedSamples(size)
    db = locked_copy(ctx, size, "locked-open")
    secret_file = passphrase_file(ctx)
    width, height = (str(n) for n in config.screen)
    args = ("locked_app.py", str(db), str(ctx.empty_content_dir), str(secret_file), width, height)
    ctx.log(f"locked workbook at {size:,} answers: {config.runs} opens, {config.save_runs} saves")
    for _ in range(config.warmups):
        spawn_child(ctx, *args)
    for round_number in range(config.runs):
        for side in rotate(["open", "kdf"], round_number):
            if side == "kdf":
                samples.kdf.append(_kdf_sample(ctx))
                continue
            marks = spawn_child(ctx, *args)
            samples.unlock.append(marks["done"] - marks["pressed"])
            samples.to_opened.append(marks["opened"] - marks["pressed"])
            samples.to_unlock_screen.append(marks["unlock_ready"] - marks["spawned"])
    _measure_saves(ctx, size, samples)
    ctx.raw.setdefault("locked", {})[str(size)] = samples.to_json()
    return samples


class _SealedFloor:
    """The least a locked whole-file rewrite costs: dump, seal, write, fsync, replace."""

    def __init__(self, path: Path) -> None:
        self.path = path
        plain, self.ring = envelope.unlock(path.read_bytes(), passphrase=PASSPHRASE)
        self.data: dict[str, Any] = orjson.loads(plain)
        answers = self.data.setdefault("answers", {})
        self.next_id = max((int(key) for key in answers), default=0) + 1

    def save(self, doc: dict[str, Any]) -> None:
        self.data["answers"][str(self.next_id)] = doc
        self.next_id += 1
        payload = envelope.seal(orjson.dumps(self.data), self.ring)
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


def _measure_saves(ctx: Context, size: int, samples: LockedSamples) -> None:
    store = WorkbookStore.open(locked_copy(ctx, size, "locked-save-ours"), Secret(PASSPHRASE))
    floor = _SealedFloor(locked_copy(ctx, size, "locked-save-floor"))
    before = store.answer_count()
    try:
        for round_number in range(ctx.config.save_runs + 1):
            answer = new_answer(round_number)
            for side in rotate(["ours", "floor"], round_number):
                doc = answer.to_doc()
                started = time.perf_counter()
                if side == "ours":
                    store.save_answer(answer)
                else:
                    floor.save(doc)
                elapsed = time.perf_counter() - started
                if round_number == 0:
                    continue  # warm-up: ours builds its answer index then
                (samples.save if side == "ours" else samples.save_floor).append(elapsed)
        if store.answer_count() != before + ctx.config.save_runs + 1:
            raise AssertionError("the store did not keep every saved answer")
        if not envelope.is_locked(store.path.read_bytes()):
            raise AssertionError("the locked workbook was saved unlocked")
    finally:
        store.close()
