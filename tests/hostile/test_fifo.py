"""Nothing hangs on a file that is not an ordinary file (here: named pipes).

Opening a named pipe to read waits until someone opens it to write, which
may be never. The workbook looks before it reads (``stat``, then an open
that never waits, then ``fstat``), and refuses plainly (docs/data-format.md,
"Files the workbook keeps and how it treats paths"):

* ``workbook --db PIPE`` says so and exits, before the full-screen app
  takes over the terminal (so the terminal is never left in full-screen
  mode), and the app itself, given a pipe, shows a plain problem screen;
* ``workbook import PIPE`` and ``workbook export --db PIPE`` are refused;
* a pipe as ``.bak`` or ``.lock`` never makes opening, offering the backup
  or restoring wait, and never keeps the lock held;
* a pipe given as ``--passphrase-file`` or ``--source-passphrase-file`` is
  refused, never read.

The tests with a workbook beside the pipe run on a plain workbook and on one
locked with a passphrase (tests/locking.py). The ones where the pipe stands
in for the workbook itself stay plain: there is no workbook file to lock.

Commands run in child processes with a hang guard (HANG_GUARD seconds): a
hang fails as a timeout. A hang inside this process is cut short by opening
the pipe's other end (``unstick``), so the test fails instead of waiting.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import stat
import struct
import sys
import termios
import textwrap
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import pytest
from workbook.screens.problems import ProblemScreen

from tests.conftest import make_app
from tests.exercise_helpers import screen_text
from tests.hostile.files import HANG_GUARD, REPO, folder_state, run_cli, run_python
from tests.locking import LOCKS, PASSPHRASE, Lock

BOTH = pytest.mark.parametrize("lock", LOCKS, indirect=True)

ENTER_FULL_SCREEN = b"\x1b[?1049h"


@pytest.fixture
def pipe(tmp_path: Path) -> Path:
    path = tmp_path / "pipe.json"
    os.mkfifo(path, 0o600)
    return path


@contextmanager
def unstick(*pipes: Path) -> Iterator[None]:
    """If this process blocks on opening one of ``pipes`` for reading, end the wait after a while.

    A hang guard only: after HANG_GUARD seconds a writer opens and closes each
    pipe (without waiting), so a blocked read sees an empty file and the test
    fails on what it then shows, instead of hanging the test run.
    """
    done = threading.Event()

    def guard() -> None:
        if done.wait(HANG_GUARD):
            return
        for path in pipes:
            with suppress(OSError):
                os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))

    thread = threading.Thread(target=guard, daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()


def is_pipe(path: Path) -> bool:
    return stat.S_ISFIFO(os.lstat(path).st_mode)


def run_on_a_terminal(*args: str, env: dict[str, str]) -> tuple[int | None, bytes]:
    """Run ``python -m workbook ARGS`` on a pty; its exit code (None: hung) and its output."""
    command = [sys.executable, "-m", "workbook", *args]
    pid, master = pty.fork()
    if pid == 0:  # the child: exec at once
        try:
            os.chdir(REPO)
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()
    status = None
    deadline = time.monotonic() + HANG_GUARD
    try:
        while time.monotonic() < deadline:  # a hang guard: a working run ends at once
            ready, _, _ = select.select([master], [], [], 0.1)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:  # the child closed the terminal
                    chunk = b""
                if not chunk:
                    break
                output += chunk
        while time.monotonic() < deadline:  # the terminal is closed: wait for the exit
            finished, code = os.waitpid(pid, os.WNOHANG)
            if finished:
                status = code
                break
            select.select([], [], [], 0.05)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
    return (None if status is None else os.waitstatus_to_exitcode(status)), bytes(output)


def test_the_app_refuses_a_pipe_before_taking_over_the_terminal(pipe: Path, tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO), "WORKBOOK_DATA_DIR": str(tmp_path / "data")}
    env.pop("WORKBOOK_DB", None)
    runs = {
        "--db PIPE": (["--db", str(pipe)], env),
        "WORKBOOK_DB=PIPE": ([], {**env, "WORKBOOK_DB": str(pipe)}),
    }
    for case, (args, run_env) in runs.items():
        code, output = run_on_a_terminal(*args, env=run_env)
        assert code is not None, f"{case}: the app hung (the terminal stayed taken over)"
        assert code == 1, (case, output)
        assert ENTER_FULL_SCREEN not in output, f"{case}: the terminal was taken over"
        text = " ".join(output.decode(errors="replace").split())
        assert "named pipe" in text and "not an ordinary file" in text, text
        assert "Traceback" not in text
        assert is_pipe(pipe)
    assert not (tmp_path / "data").exists()


async def test_the_app_given_a_pipe_shows_a_plain_problem(pipe: Path) -> None:
    app = make_app(pipe)
    with unstick(pipe):
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, ProblemScreen)
            text = screen_text(app)
            assert "named pipe" in text and "not an ordinary file" in text, text
            await pilot.press("q")
            await pilot.pause()
    assert app.return_code == 1
    assert is_pipe(pipe) and not Path(f"{pipe}.lock").exists()


@BOTH
def test_import_and_export_refuse_a_pipe(
    pipe: Path, ready_db: Path, tmp_path: Path, lock: Lock
) -> None:
    key = lock.cli_args(tmp_path)
    before = folder_state(ready_db.parent)
    out = tmp_path / "out.md"
    runs = [
        ["import", str(pipe), "--db", str(ready_db), *key],
        ["export", "--db", str(pipe)],
        ["export", "--db", str(pipe), "--format", "json", "-o", str(out)],
        ["export", "--db", str(pipe), "-o", str(out)],
        # A pipe where the passphrase should be: refused before anything reads it.
        ["export", "--db", str(ready_db), "--passphrase-file", str(pipe)],
        ["import", str(ready_db), "--db", str(tmp_path / "new.json"),
         "--source-passphrase-file", str(pipe)],
    ]  # fmt: skip
    for args in runs:
        result = run_cli(*args)  # a hang is a TimeoutExpired: a failure
        assert result.returncode == 1, (args, result.stdout, result.stderr)
        assert result.stderr.startswith("workbook: "), result.stderr
        assert "named pipe" in result.stderr and "Traceback" not in result.stderr
        assert result.stdout == ""
    assert folder_state(ready_db.parent) == before
    assert not out.exists() and not (tmp_path / "new.json").exists()


CHILD_DAMAGED_WITH_A_PIPE_FOR_BACKUP = """
import sys
from workbook.envelope import Secret
from workbook.storage import CorruptDatabase, StorageError, open_database, restore_backup
path = sys.argv[1]
secret = Secret(passphrase=sys.argv[2]) if len(sys.argv) > 2 else None
try:
    open_database(path, secret=secret)
except CorruptDatabase as error:
    print("damaged; backup offered:", error.backup is not None)
try:
    restore_backup(path, secret=secret)
except StorageError as error:
    print("restore:", error.message)
"""


@BOTH
def test_a_pipe_as_backup_never_hangs_or_keeps_the_lock(ready_db: Path, lock: Lock) -> None:
    lock.write(ready_db, b'{"_meta": {"1": {"sch')  # damaged: the backup would be offered
    backup = Path(f"{ready_db}.bak")
    backup.unlink()
    os.mkfifo(backup, 0o600)
    before = folder_state(ready_db.parent)
    key = [PASSPHRASE] if lock.locked else []

    result = run_python(textwrap.dedent(CHILD_DAMAGED_WITH_A_PIPE_FOR_BACKUP), str(ready_db), *key)

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "damaged; backup offered: False",
        "restore: There is no usable backup copy of this workbook to restore.",
    ]
    assert folder_state(ready_db.parent) == before
    # Nothing holds the lock now: the next window gets the same answer, at once.
    again = run_python(textwrap.dedent(CHILD_DAMAGED_WITH_A_PIPE_FOR_BACKUP), str(ready_db), *key)
    assert again.stdout == result.stdout


@BOTH
@pytest.mark.parametrize("end", [".bak", ".lock"])
def test_a_pipe_beside_a_healthy_workbook_opens_it_read_only(
    ready_db: Path, end: str, lock: Lock
) -> None:
    beside = Path(f"{ready_db}{end}")
    beside.unlink()
    os.mkfifo(beside, 0o644)
    before = folder_state(ready_db.parent)
    with unstick(beside):
        store = lock.open_store(ready_db)
    try:
        assert store.read_only
        reason = store.read_only_reason or ""
        assert beside.name in reason and "named pipe" in reason, reason
        assert store.couple() is not None  # you can still look
    finally:
        store.close()
    assert folder_state(ready_db.parent) == before  # the pipe's mode too: never chmod-ed
