"""Privacy: answers live in the workbook (and its backup) and nowhere else, readable by you alone.

* After a whole listening drill through the real UI, under umask 000 and 022,
  with the workbook in a folder others can enter (as ``--db ~/our.json``
  would put it): every file the app made is 0600 and every folder 0700; a
  real other user (nobody, via setpriv, because root reads anything) can
  open none of them; and no file but the workbook and its ``.bak`` holds a
  word of any answer (the ``.lock`` and the content cache included).
* The ``workbook`` command prints no answer text, whatever it is asked
  (``workbook export`` to the screen excepted: that is its job).
* On a real terminal (a pty), after Review showed the answers and the app
  quit, nothing of them is left in the terminal's scrollback (everything is
  drawn on the alternate screen), and no log or other file anywhere under
  a fresh HOME holds them.
* The help on the home screen says plainly what protects the file, and what
  a shared screen cannot.

The drill and the command line run on a workbook locked with a passphrase
too (tests/locking.py): then no file at all holds a word in the clear, and
the workbook and its backup hold them only behind the passphrase. ``make
test`` runs the half drill locked; ``make torture`` runs all of them locked.
"""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import shutil
import signal
import stat
import struct
import subprocess
import sys
import tempfile
import termios
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Markdown
from workbook.screens.dialogs.help import HelpScreen
from workbook.screens.home import HomeScreen
from workbook.screens.review import ReviewScreen

from tests.conftest import COUPLE, HANG_SECONDS, make_app
from tests.exercise_helpers import choose, proceed, settle, write
from tests.locking import PLAIN, Lock, sampled, with_locks
from workbook.model import Answer

REPO = Path(__file__).resolve().parent.parent
TOKEN = "qzxv"
"""Every answer in these tests holds this, and nothing else the app writes ever does."""
ANSWER_FILES = {"workbook.json", "workbook.json.bak"}


def answer(n: int, extra: str = "") -> str:
    return f"{TOKEN}{n} words we only say to each other{extra}"


def forms(token: str) -> list[bytes]:
    """The ways a file could hold ``token``: UTF-8, JSON-escaped, UTF-16."""
    return [
        token.encode(),
        json.dumps(token).encode()[1:-1],
        token.encode("utf-16-le"),
        token.encode("utf-16-be"),
    ]


def holds_answers(path: Path, raw: bytes | None = None) -> bool:
    """True if the file at ``path`` (or ``raw``, its bytes opened) holds a word of an answer."""
    raw = path.read_bytes() if raw is None else raw
    return any(form in raw for token in (TOKEN, "Süßes-qz") for form in forms(token))


def holds_answers_as_it_should(path: Path, lock: Lock) -> None:
    """A file whose job is to hold answers holds them: behind the passphrase, if locked."""
    if lock.locked:
        assert not holds_answers(path), f"{path} holds answer text in the clear"
        assert holds_answers(path, lock.read(path)), path
    else:
        assert holds_answers(path), path


@pytest.fixture
def open_folder() -> Iterator[Path]:
    """A folder other users can reach (so a file's own mode is what protects it)."""
    folder = Path(tempfile.mkdtemp(prefix="wb-privacy-"))
    os.chmod(folder, 0o755)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def as_nobody(code: str, *args: str) -> subprocess.CompletedProcess:
    command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups"]
    command += [sys.executable, "-c", code, *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=HANG_SECONDS)


TRY_TO_READ = """
import json, os, sys
assert os.geteuid() != 0, "must run as another user"
result = {}
for path in sys.argv[1:]:
    try:
        if os.path.isdir(path):
            os.listdir(path)
        else:
            open(path, "rb").read(1)
        result[path] = "read"
    except PermissionError:
        result[path] = "refused"
    except FileNotFoundError:
        result[path] = "unreachable"
print(json.dumps(result))
"""


async def one_side(pilot, speaker: int, *, private: bool) -> None:
    """A whole turn holding the floor, with marked answers."""
    await choose(pilot, "Our own topic")
    await write(pilot, answer(speaker * 10 + 1))
    await write(pilot, answer(speaker * 10 + 2, " Süßes-qz"))
    await write(pilot, answer(speaker * 10 + 3))
    await choose(pilot, "Yes, that's it")
    await choose(pilot, "That's it for now")
    await write(pilot, answer(speaker * 10 + 6))  # the summary
    if private:
        # The pieces are heard and said back, so they can't be private; what makes
        # sense to the listener can.
        await pilot.press("ctrl+o")
    await write(pilot, answer(speaker * 10 + 4))
    await write(pilot, answer(speaker * 10 + 5))
    await choose(pilot, "Yes, that fits")


@pytest.mark.parametrize(
    ("umask", "lock"),
    with_locks([0o022, 0o000], ids=["umask022", "umask000"]),  # the first, shorter one locked
    indirect=["lock"],
)
async def test_only_the_workbook_holds_answers_and_only_you_can_read_anything(
    open_folder: Path, monkeypatch: pytest.MonkeyPatch, umask: int, lock: Lock
) -> None:
    shared = open_folder / "home"  # an existing folder others may enter
    shared.mkdir()
    os.chmod(shared, 0o755)
    data = open_folder / "data"  # made by the app
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    db = shared / "workbook.json"

    renamed_modes: dict[str, int] = {}
    real_replace = os.replace

    def spy(src, dst, *args, **kwargs):
        if str(src).endswith(".tmp"):  # a temp file about to become a real one
            renamed_modes[os.path.basename(dst)] = stat.S_IMODE(os.stat(src).st_mode)
        return real_replace(src, dst, *args, **kwargs)

    monkeypatch.setattr(os, "replace", spy)
    old_umask = os.umask(umask)
    try:
        store = lock.open_store(db)
        store.save_couple(COUPLE)
        store.close()
        app = lock.app(db, content_dir=data / "content")
        async with app.run_test(size=(80, 24)) as pilot:
            app.open_exercise("listening-your-topic")
            await settle(pilot)
            await choose(pilot, "Alex speaks first")
            await one_side(pilot, 1, private=True)
            if umask == 0o000:  # the whole drill once; half of it is enough for the modes
                await proceed(pilot)  # swap
                await one_side(pilot, 2, private=False)
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, HomeScreen)
            await pilot.press("r")  # Review, which shows the answers again
            for _ in range(3000):  # until Review is up; the bound only stops a hang
                await pilot.pause(0.02)
                if isinstance(app.screen, ReviewScreen):
                    break
            await app.workers.wait_for_complete()
            await pilot.pause()
    finally:
        os.umask(old_umask)

    tables = lock.tables(db)
    assert sum(TOKEN in a["value"] for a in tables["answers"].values()) == (
        12 if umask == 0o000 else 6  # six answers with words in a turn, the summary among them
    )
    assert any(a["visibility"] == "private" for a in tables["answers"].values())

    made = sorted(p for p in open_folder.rglob("*") if p != shared)
    files = [p for p in made if p.is_file()]
    assert {p.name for p in files} >= ANSWER_FILES | {"workbook.json.lock", "content.json"}
    for path in made:
        want = 0o700 if path.is_dir() else 0o600
        assert stat.S_IMODE(path.stat().st_mode) == want, path
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755  # not ours to change
    assert renamed_modes and set(renamed_modes.values()) == {0o600}, renamed_modes

    for path in files:
        if path.parent == shared and path.name in ANSWER_FILES:
            holds_answers_as_it_should(path, lock)
        else:
            assert not holds_answers(path), f"{path} holds answer text"

    # Root reads anything, so ask a real other user: first as things are, then with
    # every folder opened up, so that each file's own mode is all that protects it.
    # (Without root there is no other user to become; the modes above must do.)
    folders = [p for p in made if p.is_dir()]
    for opened_up in (False, True) if os.geteuid() == 0 else ():
        for folder in folders:
            os.chmod(folder, 0o755 if opened_up else 0o700)
        try:
            result = as_nobody(TRY_TO_READ, *map(str, files + ([] if opened_up else folders)))
        finally:
            for folder in folders:
                os.chmod(folder, 0o700)
        assert result.returncode == 0, result.stderr
        outcome = json.loads(result.stdout)
        assert set(outcome.values()) == {"refused"}, outcome


# --- the command line ----------------------------------------------------------------------


def seeded_workbook(folder: Path, lock: Lock = PLAIN) -> Path:
    db = folder / "workbook.json"
    store = lock.open_store(db)
    store.save_couple(COUPLE)
    for n in range(6):
        store.save_answer(
            Answer(
                uuid=f"answer-{n}",
                exercise="listening-your-topic",
                step="chunk-1" if n % 2 else "topic",
                partner="ab"[n % 2],
                value=answer(n),
                visibility="private" if n == 3 else "shared",
                draft=n == 5,
            )
        )
    store.close()
    return db


def workbook_command(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=REPO,
        env=env,
    )


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
def test_the_command_line_prints_no_answer_text(tmp_path: Path, lock: Lock) -> None:
    db = seeded_workbook(tmp_path, lock)
    key = lock.cli_args(tmp_path)
    env = {**os.environ, "WORKBOOK_DATA_DIR": str(tmp_path / "data"), "WORKBOOK_DB": str(db)}
    out = tmp_path / "out"
    out.mkdir()
    broken = tmp_path / "broken.json"
    broken.write_bytes(db.read_bytes()[:-40])
    commands = [
        ["--help"],
        ["--version"],
        ["validate"],
        ["export", "-o", str(out / "ours.md")],
        ["export", "--include-private", "-o", str(out / "all.md")],
        ["export", "--format", "json", "-o", str(out / "backup.json")],
        ["export", "--format", "json", "-o", str(db)],  # refused: that is the workbook
        ["export", "--session", "99"],
        ["export", "--db", str(broken)],
        ["import", str(out / "backup.json")],
        ["import", str(out / "backup.json"), "--db", str(tmp_path / "copy.json")],
        ["import", str(out / "backup.json"), "--db", str(tmp_path / "copy.json")],
        ["import", str(broken)],
        ["sample-data", "--db", str(db), "--answers", "3"],  # refused: not empty
    ]
    for args in commands:
        if args[0] in ("export", "import", "sample-data"):
            args = [*args, *key]  # a locked workbook opens with its passphrase
        result = workbook_command(*args, env=env)
        for stream in (result.stdout, result.stderr):
            assert TOKEN not in stream, f"workbook {' '.join(args)} printed answer text"
            assert "Traceback" not in stream
    for written in out.iterdir():
        assert stat.S_IMODE(written.stat().st_mode) == 0o600, written
        # The files do hold them: that is their job. A locked workbook's JSON
        # backup is locked too; a Markdown export never is.
        holds_answers_as_it_should(written, lock if written.suffix == ".json" else PLAIN)

    # Export to the screen is the one place answers are printed, on purpose.
    shown = workbook_command("export", *key, env=env)
    assert shown.returncode == 0 and TOKEN in shown.stdout
    assert answer(3) not in shown.stdout  # a private answer's words, unless asked
    assert answer(5) not in shown.stdout  # a draft


# --- the terminal -------------------------------------------------------------------------


def run_app_on_a_terminal(db: Path, env: dict[str, str], keys: list[tuple[float, bytes]]) -> bytes:
    """Run ``workbook --db DB`` on a pty, typing ``keys`` after each delay; all it wrote."""
    pid, master = pty.fork()
    if pid == 0:
        try:
            os.execve(sys.executable, [sys.executable, "-m", "workbook", "--db", str(db)], env)
        finally:
            os._exit(127)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    output = bytearray()
    status = None

    def pump(seconds: float) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            ready, _, _ = select.select([master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    return
                if not chunk:
                    return
                output.extend(chunk)

    try:
        for delay, data in keys:
            pump(delay)
            os.write(master, data)
        deadline = time.monotonic() + HANG_SECONDS
        while time.monotonic() < deadline:
            pump(0.1)
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
        else:
            status = None
        pump(0.2)
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
    assert status is not None and os.waitstatus_to_exitcode(status) == 0, bytes(output[-800:])
    return bytes(output)


def test_nothing_is_left_in_the_scrollback_or_in_stray_files(open_folder: Path) -> None:
    home = open_folder / "home"
    home.mkdir()
    db = seeded_workbook(open_folder)
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("XDG_", "TEXTUAL"))
    }
    env.update(HOME=str(home), WORKBOOK_DATA_DIR=str(home / "data"), TERM="xterm-256color")
    output = run_app_on_a_terminal(
        db,
        env,
        [(3.0, b"r"), (2.0, b"\x11")],  # open Review, look, then ctrl+q
    )
    enter, leave = b"\x1b[?1049h", b"\x1b[?1049l"
    assert enter in output and leave in output
    inside = output[output.index(enter) : output.rindex(leave)]
    assert TOKEN.encode() in inside, "Review should have shown the answers"
    before, after = output[: output.index(enter)], output[output.rindex(leave) :]
    assert TOKEN.encode() not in before + after, "answer text left in the scrollback"
    stray = [
        p for p in open_folder.rglob("*")
        if p.is_file() and p.parent != open_folder and holds_answers(p)
    ]
    assert stray == [], f"answer text in {stray}"


# --- the help -------------------------------------------------------------------------------


async def test_help_says_what_protects_the_file_and_what_cannot(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, HomeScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = " ".join(app.screen.query_one(Markdown).source.split())
    for phrase in (
        "one file on this computer",
        "nothing is sent anywhere",
        "only by your user account",
        "(mode 0600)",
        "anyone who can use *your* account can",
        "never leaves half an answer",
        "kept as a backup",
        "it cannot protect a private answer from a partner who is looking",
        "lock the workbook with a passphrase",
        "does not hide anything from someone who knows the passphrase",
        "a forgotten passphrase can't be recovered by anyone",
    ):
        assert phrase in text, phrase
