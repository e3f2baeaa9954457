"""Never a traceback in front of a user: an unexpected error ends in a short, plain message.

Textual 8 answers an exception that escapes a handler by closing the app and
printing a traceback with the values of local variables, which can be a
partner's answer, into the terminal's scrollback. The workbook instead says
plainly that something went wrong and that everything confirmed is saved,
exits with status 1, and keeps the technical details (where, and what kind
of error; never its message or any variable) in a private crash report.

The first tests plant a bug (tests/torture_crash.py) and run the real
``workbook`` command on a real terminal (a pty); the others check the same
through pilot and in-process.

They run on plain workbooks only: the crash handling does not look at the
lock, and a locked workbook's crash report (no answer, no passphrase) is
tested in tests/test_cli_locked.py.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import pty
import select
import signal
import stat
import struct
import sys
import termios
import time
from pathlib import Path

import pytest
from rich.traceback import Traceback
from textual.worker import WorkerFailed

from tests.conftest import make_app
from tests.torture_crash import SECRET
from workbook import cli, crash
from workbook.store import WorkbookStore

HERE = Path(__file__).resolve().parent
LEAVE_FULL_SCREEN = b"\x1b[?1049l"
PLAIN = "workbook: something went wrong"


def run_with_a_bug(where: str, db: Path, data: Path, keys: bytes) -> tuple[int, str]:
    """Run the planted-bug workbook on a pty, type ``keys``; its exit code and what was
    left on the terminal after it left full-screen mode (the scrollback)."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent), "WORKBOOK_DATA_DIR": str(data)}
    command = [sys.executable, str(HERE / "torture_crash.py"), where, "--db", str(db)]
    pid, master = pty.fork()
    if pid == 0:
        try:
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()
    status = None
    started = time.monotonic()
    typed = False
    try:
        while time.monotonic() - started < 30:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                if not chunk:
                    break
                output += chunk
            if not typed and b"Program" in output:  # home is on screen
                time.sleep(0.5)
                os.write(master, keys)
                typed = True
        _, status = os.waitpid(pid, 0)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
    assert LEAVE_FULL_SCREEN in output, f"terminal not restored: {bytes(output[-500:])!r}"
    after = bytes(output[output.rindex(LEAVE_FULL_SCREEN) :])
    return os.waitstatus_to_exitcode(status), after.decode(errors="replace")


def assert_plain(shown: str) -> None:
    flat = " ".join(shown.split())
    assert PLAIN in flat
    assert "Everything you confirmed is saved in your workbook file" in flat
    for word in ("Traceback", SECRET, "RuntimeError", "KeyError", "Error:", ".py"):
        assert word not in flat, f"{word!r} shown: {flat!r}"


def assert_private_report(data: Path, *expected: str) -> None:
    report = data / crash.CRASH_REPORT
    assert stat.S_IMODE(report.stat().st_mode) == 0o600
    text = report.read_text()
    for part in expected:
        assert part in text, part
    assert SECRET not in text  # the error's message and the variables are left out


@pytest.mark.parametrize(
    ("where", "keys", "expected"),
    [
        ("review", b"r", ("action_review", "builtins.RuntimeError")),  # a key's handler
        ("mount", b"", ("on_mount", "builtins.KeyError")),  # while home is built
    ],
)
def test_a_bug_closes_the_app_with_a_plain_message(
    tmp_path: Path, ready_db: Path, where: str, keys: bytes, expected: tuple[str, ...]
) -> None:
    store = WorkbookStore.open(ready_db)
    store.set_setting("theme", "nord")  # something saved before the crash
    store.close()
    before = ready_db.read_bytes()
    data = tmp_path / "data"
    code, shown = run_with_a_bug(where, ready_db, data, keys)
    assert code == 1
    assert_plain(shown)
    assert str(data / crash.CRASH_REPORT) in "".join(shown.split())  # where the details are
    assert_private_report(data, *expected)
    assert ready_db.read_bytes() == before
    WorkbookStore.open(ready_db).close()  # opens at once: no stale lock, file intact


async def test_textual_panic_is_plain_too(ready_db: Path, capsys: pytest.CaptureFixture) -> None:
    """Textual's own last resort (its input thread dying, say) goes the same way."""
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        try:
            answer_text = SECRET
            raise ValueError(answer_text)
        except ValueError:
            trace = Traceback()
        app.call_later(app.panic, trace)
        await asyncio.sleep(0.5)  # the app closes by itself; pilot can't wait on it
    assert app.return_code == 1
    shown = capsys.readouterr()
    assert_plain(shown.err + shown.out)
    assert_private_report(Path(os.environ["WORKBOOK_DATA_DIR"]), "test_textual_panic_is_plain_too")


async def test_a_failed_worker_is_reported_with_its_own_frames(ready_db: Path, capsys) -> None:
    def sort_the_answers() -> None:
        answer_text = SECRET
        raise RuntimeError(answer_text)

    app = make_app(ready_db)
    with pytest.raises(WorkerFailed):
        async with app.run_test(size=(80, 24)) as pilot:
            app.run_worker(sort_the_answers, thread=True, exit_on_error=True)
            for _ in range(3000):  # until the app closes itself; the bound stops a hang
                if app.return_code is not None:
                    break
                await pilot.pause(0.02)
    assert app.return_code == 1
    shown = capsys.readouterr()
    assert_plain(shown.err + shown.out)
    assert_private_report(
        Path(os.environ["WORKBOOK_DATA_DIR"]), "sort_the_answers", "textual.worker.WorkerFailed"
    )


def test_a_bug_in_a_command_is_plain(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    from workbook import export

    def to_markdown(*args, **kwargs):
        answer_text = SECRET
        raise RuntimeError(answer_text)

    monkeypatch.setattr(export, "to_markdown", to_markdown)
    assert cli.main(["export", "--db", str(ready_db)]) == 1
    shown = capsys.readouterr()
    assert shown.out == ""
    assert_plain(shown.err)
    assert_private_report(Path(os.environ["WORKBOOK_DATA_DIR"]), "to_markdown")


def test_without_a_place_for_the_report_the_message_still_comes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture
) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(blocked / "data"))  # can't be made
    monkeypatch.setattr(cli, "cmd_validate", lambda args: 1 / 0)
    assert cli.main(["validate"]) == 1
    err = capsys.readouterr().err
    assert_plain(err)
    assert "Details" not in err
