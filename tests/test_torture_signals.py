"""SIGHUP, SIGTERM and SIGINT to the running app while answers are confirmed and typed.

Each trial starts the real app (tests/torture_app.py) on a fresh workbook.
It confirms answers in the listening drill and types the next one key by
key; after a random 0.5-4.5 s it gets a signal. Afterwards:

* every answer shown as "✓ Saved" is on disk, confirmed, word for word, and
  so is every choice made ("Not quite");
* the answer being typed is on disk as a draft that is a beginning of what
  was typed (how much typing a signal costs depends on timing and load, so
  it is not asserted here);
* nothing else was saved; the file opens strictly, with no lock problem
  (the next open works at once) and no temp file left; files stay 0600;
* SIGTERM and SIGINT close the app as ctrl+q does, and SIGHUP ends it.

Closing the app (ctrl+q, SIGTERM, SIGINT) while saves are still queued
behind a slow disk writes every one of them, promptly.

Half the trials run headless; the others run on a real terminal (a pty),
where "closing the terminal" is done for real, by closing the pty's master
side (the kernel then sends SIGHUP), and where SIGTERM and SIGINT must leave
the terminal restored (out of full-screen mode). ``WORKBOOK_TORTURE=1``
(``make torture``) runs many more trials.
"""

from __future__ import annotations

import json
import os
import pty
import random
import select
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import orjson
import pytest
from textual.widgets import TextArea

from tests.conftest import COUPLE, HANG_SECONDS
from tests.locking import Lock, sampled
from tests.torture_ui import at_the_first_piece, stored
from workbook.store import WorkbookStore

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
APP = HERE / "torture_app.py"
TORTURE = os.environ.get("WORKBOOK_TORTURE") == "1"
SEED = 20261122
SIGNALS = {"SIGHUP": signal.SIGHUP, "SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT}
LEAVE_FULL_SCREEN = b"\x1b[?1049l"


@dataclass
class Report:
    """What the child said, line by line."""

    lines: list[str] = field(default_factory=list)

    def add(self, raw: bytes) -> None:
        self.lines += raw.decode().splitlines()

    @property
    def ready(self) -> bool:
        return "ready" in self.lines

    def begun(self) -> dict[str, str]:
        return {
            parts[1]: json.loads(parts[2])
            for parts in (line.split(" ", 2) for line in self.lines)
            if parts[0] == "begin"
        }

    def confirmed(self) -> dict[str, str]:
        return {
            parts[1]: json.loads(parts[2])
            for parts in (line.split(" ", 2) for line in self.lines)
            if parts[0] == "confirmed"
        }

    def steps(self, kind: str) -> set[str]:
        return {line.split()[1] for line in self.lines if line.startswith(f"{kind} ")}

    def typed_by(self, step: str, moment: float) -> int:
        count = 0
        for parts in (line.split() for line in self.lines):
            if parts[:2] == ["typed", step] and float(parts[3]) <= moment:
                count = int(parts[2])
        return count


def new_workbook(folder: Path) -> Path:
    folder.mkdir()
    db = folder / "workbook.json"
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    store.close()
    return db


def child_env(folder: Path) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "WORKBOOK_DATA_DIR": str(folder / "data"),
        "TEXTUAL_ANIMATIONS": "none",
    }


def read_some(fd: int, timeout: float) -> bytes | None:
    """Whatever ``fd`` has within ``timeout`` (b"" if nothing); None at end of file."""
    ready, _, _ = select.select([fd], [], [], timeout)
    if not ready:
        return b""
    try:
        return os.read(fd, 65536) or None
    except OSError:  # a pty's master reads EIO once the child is gone
        return None


def run_headless(folder: Path, name: str, rng: random.Random) -> tuple[Report, float, int]:
    """One headless trial; returns the report, when the signal was sent, and the exit status."""
    db = new_workbook(folder)
    child = subprocess.Popen(
        [sys.executable, str(APP), str(db), str(rng.randrange(10**6))],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=child_env(folder),
    )
    report = Report()
    out = child.stdout.fileno()
    try:
        deadline = time.monotonic() + HANG_SECONDS
        while not report.ready and time.monotonic() < deadline:
            chunk = read_some(out, 0.1)
            if chunk is None:
                break
            report.add(chunk)
        assert report.ready, child.stderr.read() if child.poll() is not None else "never ready"
        # The signal comes a random moment after the first confirmed answer:
        # waiting on what the app reports, not the clock, keeps a busy machine
        # from sending every signal before anything was saved.
        deadline = time.monotonic() + HANG_SECONDS
        while not report.confirmed() and time.monotonic() < deadline:
            chunk = read_some(out, 0.1)
            if chunk is None:
                break
            report.add(chunk)
        stop = time.monotonic() + rng.uniform(0.5, 4.5)
        while time.monotonic() < stop:
            report.add(read_some(out, 0.05) or b"")
        sent = time.monotonic()
        child.send_signal(SIGNALS[name])
        try:
            child.wait(HANG_SECONDS)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the app was still running {HANG_SECONDS} s after {name}")
        report.add(child.stdout.read())
        errors = child.stderr.read().decode()
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
        child.stderr.close()
    assert "Traceback" not in errors, errors
    return report, sent, child.returncode


def run_on_a_terminal(
    folder: Path, name: str, rng: random.Random
) -> tuple[Report, float, int, bytes]:
    """One trial on a pty; returns the report, the signal time, the exit status and the
    bytes the app wrote to the terminal after the signal."""
    db = new_workbook(folder)
    ack_read, ack_write = os.pipe()
    os.set_inheritable(ack_write, True)
    command = [sys.executable, str(APP), str(db), str(rng.randrange(10**6))]
    command += ["--pty", str(ack_write)]
    env = child_env(folder)
    pid, master = pty.fork()
    if pid == 0:  # the child: the app, with the pty as its controlling terminal
        try:
            os.close(ack_read)
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    os.close(ack_write)
    report, screen, after = Report(), bytearray(), bytearray()
    status = None
    try:
        import fcntl
        import struct
        import termios

        fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))

        def pump(seconds: float, into: bytearray) -> bool:
            """Drain the terminal and the reports for ``seconds``; False once the app is gone."""
            end = time.monotonic() + seconds
            alive = True
            while time.monotonic() < end:
                ready, _, _ = select.select([master, ack_read], [], [], 0.05)
                if ack_read in ready:
                    report.add(os.read(ack_read, 65536))
                if master in ready:
                    try:
                        chunk = os.read(master, 65536)
                    except OSError:
                        chunk = b""
                    if not chunk:
                        alive = False
                        break
                    into += chunk
            return alive

        deadline = time.monotonic() + HANG_SECONDS
        while not report.ready and time.monotonic() < deadline:
            pump(0.1, screen)
        assert report.ready, bytes(screen[-2000:])
        deadline = time.monotonic() + HANG_SECONDS  # the first confirm, as headless
        while not report.confirmed() and time.monotonic() < deadline:
            pump(0.1, screen)
        pump(rng.uniform(0.5, 4.5), screen)
        sent = time.monotonic()
        if name == "SIGHUP":
            os.close(master)  # the terminal window is closed: the kernel hangs up
            master = -1
        else:
            os.kill(pid, SIGNALS[name])
        deadline = time.monotonic() + HANG_SECONDS
        while time.monotonic() < deadline:
            if master != -1:
                pump(0.1, after)
            else:
                time.sleep(0.05)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            pytest.fail(f"the app was still running {HANG_SECONDS} s after {name}")
        while True:  # the reports written just before the end
            chunk = read_some(ack_read, 0.2)
            if not chunk:
                break
            report.add(chunk)
        if master != -1:
            pump(0.3, after)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(ack_read)
        if master != -1:
            os.close(master)
    return report, sent, os.waitstatus_to_exitcode(status), bytes(after)


def check_workbook(folder: Path, report: Report, sent: float) -> dict:
    """Everything the user was shown as saved, and the draft, are on disk."""
    db = folder / "workbook.json"
    for name in ("workbook.json", "workbook.json.bak", "workbook.json.lock"):
        if (folder / name).exists():
            assert stat.S_IMODE((folder / name).stat().st_mode) == 0o600, name
    store = WorkbookStore.open(db)  # strict parse; DatabaseLocked would mean a stale lock
    store.close()
    assert not [n for n in os.listdir(folder) if n.endswith(".tmp")]
    tables = orjson.loads(db.read_bytes())
    stored = {a["step"]: a for a in tables.get("answers", {}).values()}
    assert len(stored) == len(tables.get("answers", {})), "one answer per step"

    confirmed = report.confirmed()
    for step, text in confirmed.items():
        assert step in stored, f"confirmed {step!r} is not on disk"
        assert stored[step]["value"] == text and stored[step]["draft"] is False, step

    begun = report.begun()
    typing = [step for step in begun if step not in confirmed]
    assert len(typing) <= 1
    draft_chars = 0
    for step in typing:
        wanted = begun[step]
        value = stored[step]["value"] if step in stored else ""
        assert wanted.startswith(value), f"{step}: {value!r} is not what was typed"
        if value == wanted and not stored[step]["draft"]:
            pass  # the confirm was in flight and landed: fine
        elif step in stored:
            assert stored[step]["draft"] is True
        draft_chars = len(value)
    for step in report.steps("chose"):  # a choice shown as made is saved too
        assert stored[step]["value"] == "not_quite" and stored[step]["draft"] is False, step
    expected = set(begun) | report.steps("choosing")
    assert set(stored) <= expected, f"answers nobody gave: {set(stored) - expected}"
    return {
        "confirmed": len(confirmed),
        "chosen": len(report.steps("chose")),
        "draft_chars": draft_chars,
    }


def headless_trial(folder: Path, name: str, seed: str) -> dict:
    rng = random.Random(seed)
    report, sent, code = run_headless(folder, name, rng)
    if name == "SIGHUP":
        assert code == -signal.SIGHUP
    else:  # closed like ctrl+q: the app itself reported that it exited
        assert code == 0 and any(line.startswith("exited") for line in report.lines), code
    if name == "SIGTERM":
        assert "exited 143" in report.lines
    return check_workbook(folder, report, sent)


def terminal_trial(folder: Path, name: str, seed: str) -> dict:
    rng = random.Random(seed)
    report, sent, code, after = run_on_a_terminal(folder, name, rng)
    if name == "SIGHUP":
        assert code == -signal.SIGHUP
    else:
        assert code == 0, code
        assert LEAVE_FULL_SCREEN in after, f"{name} left the terminal in full-screen mode"
        assert b"Traceback" not in after
    return check_workbook(folder, report, sent)


def run_trials(trial, names: list[str], per_signal: int) -> None:
    base = Path(tempfile.mkdtemp(prefix="wb-signals-"))
    jobs = [
        (name, n, f"{SEED}-{trial.__name__}-{name}-{n}")
        for n in range(per_signal)
        for name in names
    ]
    try:
        with ThreadPoolExecutor(max_workers=3) as pool:
            futures = [
                pool.submit(trial, base / f"{name}-{n}", name, seed) for name, n, seed in jobs
            ]
            failures, results = [], []
            for (name, n, seed), future in zip(jobs, futures, strict=True):
                try:
                    results.append(future.result())
                except Exception as exc:
                    failures.append(f"{name} trial {n} (seed {seed}): {exc!r}")
        assert not failures, "\n".join(failures)
    finally:
        shutil.rmtree(base, ignore_errors=True)
    confirmed = sum(r["confirmed"] for r in results)
    chosen = sum(r["chosen"] for r in results)
    drafts = sum(1 for r in results if r["draft_chars"])
    print(
        f"\n{len(jobs)} {trial.__name__}s: {confirmed} confirmed answers, {chosen} choices "
        f"and {drafts} drafts checked"
    )
    assert confirmed + drafts > 0, "the trials did not exercise saving"


@pytest.mark.slow
@pytest.mark.parametrize("trial", [headless_trial, terminal_trial], ids=["headless", "terminal"])
def test_signals_while_saving_and_typing(trial) -> None:
    """One trial per signal and way of running in ``make test``; 25 in ``make torture``."""
    run_trials(trial, list(SIGNALS), per_signal=25 if TORTURE else 1)


# On a locked workbook too, under make torture (tests/locking.py). The signal trials
# above stay plain: their child (tests/torture_app.py) opens a plain workbook.
@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_closing_while_saves_are_queued_writes_them_all(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    app = lock.app(ready_db)
    real_fsync = os.fsync

    def slow_fsync(fd: int) -> None:  # a slow disk, for the writer thread only
        if threading.current_thread().name == "workbook-saver":
            time.sleep(0.4)
        real_fsync(fd)

    async with app.run_test(size=(80, 24)) as pilot:
        screen = await at_the_first_piece(app, pilot)
        monkeypatch.setattr(os, "fsync", slow_fsync)
        area = screen.query_one("#answer-text", TextArea)
        area.insert("Sundays feel empty")
        while (screen.drafts is not None and screen.drafts.waiting) or app.saver.flush(0):
            await pilot.pause(0.02)  # until the draft's save is under way
        area.insert(" without our walks")
        await pilot.press("ctrl+s")  # queued behind the draft's save
        await pilot.press("ctrl+q")
    answer = stored(ready_db, lock)["chunk-1"]
    assert answer["value"] == "Sundays feel empty without our walks"
    assert answer["draft"] is False
    lock.open_store(ready_db).close()
