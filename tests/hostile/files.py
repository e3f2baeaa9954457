"""Helpers for the hostile file-system tests: other accounts' files, snapshots, the CLI.

"Another account's file" is made for real when the tests run as root (the
file is given to ``nobody``, uid 65534, and the app under test runs as
``nobody`` where that matters). A normal user can't give a file away, so
then the nearest thing is used: a file of ours that we can neither read nor
write (mode 000). The app treats both the same way (see docs/data-format.md,
"Files the workbook keeps and how it treats paths"), so every test runs, and
means the same, either way.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent.parent

#: How long a command may take before it counts as hung. Only a guard: a
#: working command ends in well under a second; a hang is a failure.
HANG_GUARD = 60

NOBODY = 65534
ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


def make_foreign(path: Path) -> None:
    """Make ``path`` another account's file (root), or one we can't read or write (others)."""
    if ROOT:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)
    else:
        os.chmod(path, 0o000)


def as_app_user(path: Path) -> None:
    """Give ``path`` to the account the app runs as in ``run_python(..., as_user=True)``."""
    if ROOT:
        os.chown(path, NOBODY, NOBODY, follow_symlinks=False)


def state(path: Path) -> tuple[object, ...] | None:
    """What a file is, without following it: kind, mode, owner, inode, and bytes if ordinary.

    Two equal states mean the file was neither created, written, replaced,
    chmod-ed nor chown-ed (reading a file we can't read needs a moment of
    0400). None: there is nothing at ``path``.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        return ("link", os.readlink(path), st.st_ino)
    if not stat.S_ISREG(st.st_mode):
        return ("special", stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), st.st_uid)
    mode = stat.S_IMODE(st.st_mode)
    if not ROOT and not mode & stat.S_IRUSR:
        os.chmod(path, 0o400)
        try:
            data = path.read_bytes()
        finally:
            os.chmod(path, mode)
    else:
        data = path.read_bytes()
    return ("file", mode, st.st_uid, st.st_ino, data)


def folder_state(folder: Path) -> dict[str, tuple[object, ...] | None]:
    """``state`` of every entry in ``folder``, by name."""
    return {name: state(folder / name) for name in sorted(os.listdir(folder))}


def mode(path: Path) -> int:
    """The permission bits of ``path`` itself (a link is not followed)."""
    return stat.S_IMODE(os.lstat(path).st_mode)


def run_cli(*args: str, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess[str]:
    """``python -m workbook ARGS`` in a child process; a hang fails as TimeoutExpired."""
    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"},
    )


def run_python(
    code: str, *args: str, as_user: bool = False, timeout: float = HANG_GUARD
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter, as ``nobody`` if ``as_user`` and we are root."""
    command = [sys.executable, "-c", code, *args]
    if as_user and ROOT:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        stdin=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"},
    )


@contextmanager
def shared_sticky_folder() -> Iterator[Path]:
    """A folder like /tmp: anyone may add files, only owners may remove theirs (mode 1777).

    Made under the system temp folder, which ``nobody`` can reach (pytest's
    own temp folders are private to the user running the tests).
    """
    folder = Path(tempfile.mkdtemp(prefix="wb-shared-"))
    os.chmod(folder, 0o1777)
    try:
        yield folder
    finally:
        for name in os.listdir(folder):
            with_path = folder / name
            if not with_path.is_symlink() and with_path.is_dir():
                shutil.rmtree(with_path)
            else:
                os.unlink(with_path)
        os.rmdir(folder)
