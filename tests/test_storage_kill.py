"""kill -9 trials: a writer killed at a random moment never leaves a bad workbook.

Each trial starts tests/storage_writer.py on a seeded workbook, waits until
it has opened the file, lets it save for a random 20-300 ms, then SIGKILLs
it. The file must then parse strictly and hold exactly the state after the
last acknowledged save or after the one in flight: the edited answer at one
of those two revisions, every other answer unchanged, every acknowledged
insert present. ``.bak`` must hold the state one save earlier (or the same
state), all files stay 0600, and the next open leaves no temp file.

``WORKBOOK_TORTURE=1 pytest -m slow`` runs the long version: 500 trials at
100 and at 5,000 answers, on a plain workbook and on one locked with a
passphrase. ``make test`` runs 50 plain and 30 locked trials at 100 answers,
and the long test's 3 plain trials at each size.
"""

from __future__ import annotations

import importlib.util
import os
import random
import select
import signal
import stat
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import orjson
import pytest

from tests.conftest import HANG_SECONDS
from workbook import envelope
from workbook.envelope import TEST_COST, KeyRing, Secret, new_key_ring
from workbook.model import Answer
from workbook.storage import open_database

HERE = Path(__file__).resolve().parent
WRITER = HERE / "storage_writer.py"
TORTURE = os.environ.get("WORKBOOK_TORTURE") == "1"
SEED = 20240611

_spec = importlib.util.spec_from_file_location("storage_writer", WRITER)
writer = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(writer)

_seeds: dict[int, bytes] = {}


def seeded_bytes(answers: int, folder: Path) -> bytes:
    """The bytes of a workbook holding ``answers`` answers (~600 bytes each)."""
    if answers not in _seeds:
        path = folder / f"seed-{answers}.json"
        with open_database(path) as opened:
            opened.db.table("answers").insert_multiple(
                Answer(
                    uuid=f"uuid-{i}",
                    exercise=f"exercise-{i % 12}",
                    step=f"step-{i % 5}",
                    partner="ab"[i % 2],
                    value=f"answer {i}: " + "something we both want to remember " * 8,
                ).to_doc()
                for i in range(answers)
            )
        _seeds[answers] = path.read_bytes()
    return _seeds[answers]


def replay(seed_answers: dict, snapshots: set[int]) -> tuple[dict[int, dict], dict[int, str]]:
    """Apply the writer's ops to the seed answers, as TinyDB would.

    Returns the answers table after each number of ops in ``snapshots``, and
    the doc id each op wrote.
    """
    answers = orjson.loads(orjson.dumps(seed_answers))
    taken, ids = {}, {}
    for i in range(max(snapshots) + 1):
        if i in snapshots:
            taken[i] = orjson.loads(orjson.dumps(answers))
        kind, fields = writer.op(i)
        if kind == "insert":
            ids[i] = str(max(map(int, answers)) + 1)
            answers[ids[i]] = dict(fields)
        else:
            ids[i] = str(writer.EDITED)
            answers[ids[i]].update(fields)
    return taken, ids


def read_line(stream, timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else b""


def run_trial(
    folder: Path, seed: bytes, rng: random.Random, min_acks: int = 0, ring: KeyRing | None = None
) -> dict:
    """One kill -9 trial; returns what happened, raises AssertionError if anything is wrong.

    The kill comes a random moment after the writer has acknowledged
    ``min_acks`` saves: waiting on what it reports, not on the clock, is what
    makes sure some trials kill in the middle of real saving on a busy machine.
    With ``ring`` the workbook is locked (passphrase ``PASSPHRASE``), and no
    file beside it may hold an answer's words in the clear.
    """
    folder.mkdir()
    path = folder / "wb.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(envelope.seal(seed, ring) if ring is not None else seed)
    extra = []
    if ring is not None:
        extra = [str(folder / "passphrase.txt")]
        (folder / "passphrase.txt").write_text(PASSPHRASE, encoding="utf-8")
    child = subprocess.Popen(
        [sys.executable, str(WRITER), str(path), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "PYTHONPATH": str(HERE.parent)},
    )
    try:
        first = read_line(child.stdout, 30)
        assert first == b"ready\n", (first, child.stderr.read() if child.poll() else b"")
        early = b""
        while early.count(b"\n") < min_acks:
            line = read_line(child.stdout, HANG_SECONDS)
            assert line, "the writer stopped acknowledging saves"
            early += line
        time.sleep(rng.uniform(0.020, 0.300))
        child.send_signal(signal.SIGKILL)
        child.wait(HANG_SECONDS)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL, child.stderr.read()
    output = early + child.stdout.read()
    child.stdout.close()
    child.stderr.close()

    # Only complete lines count; a line cut by the kill was never acknowledged.
    lines = output.split(b"\n")[:-1]
    acks = [line.split() for line in lines]
    assert [int(i) for _, i, _ in acks] == list(range(len(acks)))
    acked = len(acks)

    seed_tables = orjson.loads(seed)
    states, ids = replay(seed_tables["answers"], {max(acked - 1, 0), acked, acked + 1})
    assert [doc_id.decode() for _, _, doc_id in acks] == [ids[i] for i in range(acked)]

    secret = Secret(passphrase=PASSPHRASE) if ring is not None else None
    with open_database(path, secret=secret) as opened:  # parses strictly, removes orphan temps
        tables = opened.db.storage.read()
        assert {k: v for k, v in tables.items() if k != "answers"} == {
            k: v for k, v in seed_tables.items() if k != "answers"
        }
        if tables["answers"] == states[acked]:
            saved = acked
        else:
            assert tables["answers"] == states[acked + 1], f"{acked} acked: file matches neither"
            saved = acked + 1
    assert not [name for name in os.listdir(folder) if name.endswith(".tmp")]

    backup = Path(f"{path}.bak")

    def backup_answers() -> dict:
        raw = backup.read_bytes()
        return orjson.loads(envelope.open_with_ring(raw, ring) if ring else raw)["answers"]

    if saved == 0:
        assert not backup.exists() or backup_answers() == states[0]
    else:
        assert backup_answers() in (states[saved - 1], states[saved])
    if ring is not None:
        for file in folder.iterdir():
            if file.name != "passphrase.txt":
                raw = file.read_bytes()
                assert b"remember" not in raw and b"rev " not in raw, f"{file.name} is plain"
    for name in ("wb.json", "wb.json.bak", "wb.json.lock"):
        if (folder / name).exists():
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    return {"acked": acked, "in_flight_landed": saved == acked + 1}


def run_trials(
    tmp_path: Path, answers: int, trials: int, ring: KeyRing | None = None
) -> list[dict]:
    seed = seeded_bytes(answers, tmp_path)
    rngs = [random.Random(f"{SEED}-{answers}-{n}") for n in range(trials)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        futures = [
            pool.submit(run_trial, tmp_path / f"trial-{n}", seed, rngs[n], n % 3, ring)
            for n in range(trials)
        ]
        results, failures = [], []
        for n, future in enumerate(futures):
            try:
                results.append(future.result())
            except Exception as exc:  # a CorruptDatabase is as much a failure as an assert
                failures.append(f"trial {n} (seed {SEED}-{answers}-{n}): {exc!r}")
    assert not failures, "\n".join(failures)
    total = sum(r["acked"] for r in results)
    landed = sum(r["in_flight_landed"] for r in results)
    print(f"\n{trials} kills at {answers} answers: {total} acknowledged saves, "
          f"{landed} kills landed after the in-flight save's rename")  # fmt: skip
    assert total > 0  # the trials did exercise saving
    return results


def test_kill_9_during_saves(tmp_path: Path) -> None:
    run_trials(tmp_path, answers=100, trials=50)


PASSPHRASE = "tea for two"


def test_kill_9_during_saves_of_a_locked_workbook(tmp_path: Path) -> None:
    ring, _ = new_key_ring(PASSPHRASE, recovery=False, cost=TEST_COST)
    run_trials(tmp_path, answers=100, trials=30, ring=ring)


@pytest.mark.slow
@pytest.mark.parametrize("answers", [100, 5000])
@pytest.mark.parametrize("kind", ["plain", "locked"] if TORTURE else ["plain"])
def test_kill_9_torture(tmp_path: Path, answers: int, kind: str) -> None:
    # Locked only in the long run: make test has its locked trials above.
    locked = kind == "locked"
    ring = new_key_ring(PASSPHRASE, recovery=False, cost=TEST_COST)[0] if locked else None
    run_trials(tmp_path, answers=answers, trials=500 if TORTURE else 3, ring=ring)
