"""Fault injection for saves, in the style of SQLite's I/O-error tests.

For each system call a save makes, the k-th call fails, for k = 1, 2, ...
until the save gets through. After every failure: WriteFailed with a plain
message, the workbook byte-identical to before, no temp file left, the same
storage reading back exactly what is on disk (no phantom answer), and the
next save working.

Every test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py): a locked save encrypts, then makes the same calls.
"""

from __future__ import annotations

import errno
import json
import os
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import orjson
import pytest

from tests.conftest import HANG_SECONDS
from tests.locking import LOCKS, PASSPHRASE, Lock
from workbook.storage import OpenDatabase, WriteFailed, open_database

pytestmark = pytest.mark.parametrize("lock", LOCKS, indirect=True)

REPO = Path(__file__).resolve().parent.parent

PHRASES = {
    errno.EIO: "The disk reported an error",
    errno.ENOSPC: "The disk is full",
    errno.EACCES: "not allowed to write",
    errno.EFBIG: "grown past the size this system allows",
}


class FailNth:
    """Stands in for an ``os`` function; its k-th matching call raises OSError(code)."""

    def __init__(
        self,
        real: Callable,
        k: int | None,
        code: int,
        *,
        chunk: int | None = None,
        when: Callable[..., bool] | None = None,
    ) -> None:
        self.real, self.k, self.code, self.chunk, self.when = real, k, code, chunk, when
        self.calls = 0
        self.fired = 0

    def __call__(self, *args):
        if self.when is None or self.when(*args):
            self.calls += 1
            if self.k is None or self.calls == self.k:  # None: every call fails
                self.fired += 1
                raise OSError(self.code, os.strerror(self.code))
        if self.chunk is not None:  # os.write: make writes short, so there are several
            args = (args[0], bytes(args[1][: self.chunk]))
        return self.real(*args)


def answer_doc(i: int, value: str, **extra: object) -> dict:
    """An answer the workbook can read (see workbook.schema) holding ``value``."""
    return {"uuid": f"uuid-{i}", "exercise": "ex", "step": "step", "partner": "a",
            "created": "2026-01-01T10:00:00+00:00", "value": value, **extra}


@pytest.fixture
def opened(tmp_path: Path, lock: Lock):
    with open_database(tmp_path / "wb.json", new_ring=lock.ring) as workbook:
        workbook.db.table("answers").insert_multiple(
            answer_doc(i, f"answer {i} " + "words " * 100, n=i) for i in range(20)
        )
        workbook.db.table("answers").update({"value": "first"}, doc_ids=[1])
        # The helpers below read the file as the open workbook says it is: check it is so.
        assert (workbook.key_ring is not None) == lock.locked
        yield workbook


def on_disk(opened: OpenDatabase) -> dict:
    """The tables in the workbook file now, read through its lock if it has one."""
    return orjson.loads(plain(opened, opened.path.read_bytes()))


def plain(opened: OpenDatabase, raw: bytes) -> bytes:
    """The JSON in ``raw``, bytes of this workbook or its backup (locked ones opened)."""
    lock = Lock("locked" if opened.key_ring is not None else "plain")
    return lock.plain_bytes(raw, opened.path)


def temp_files(folder: Path) -> list[str]:
    return [name for name in os.listdir(folder) if name.endswith(".tmp")]


def assert_nothing_changed(opened: OpenDatabase, before: bytes, backups: set[bytes]) -> None:
    """The workbook is exactly as before the failed save, and shows only that."""
    path = opened.path
    assert path.read_bytes() == before
    assert Path(f"{path}.bak").read_bytes() in backups  # the old .bak, or rotated to `before`
    orjson.loads(plain(opened, Path(f"{path}.bak").read_bytes()))
    assert temp_files(path.parent) == []
    assert opened.db.storage.read() == orjson.loads(plain(opened, before))


def assert_plain(error: WriteFailed, code: int) -> None:
    assert isinstance(error.cause, OSError) and error.cause.errno == code
    assert str(error) == error.message
    assert PHRASES[code] in error.message
    assert "NOT saved" in error.message and "still on screen" in error.message
    assert "Errno" not in error.message


def save_with_faults(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch, name: str, make_fault: Callable
) -> int:
    """Run the k-th-call loop for ``os.<name>``; return how many saves failed."""
    answers = opened.db.table("answers")
    path = opened.path
    for k in range(1, 60):
        before = path.read_bytes()
        backups = {Path(f"{path}.bak").read_bytes(), before}
        shown = answers.get(doc_id=1)["value"]
        wanted = f"revision {k} " + "x" * 500
        fault = make_fault(getattr(os, name), k)
        with monkeypatch.context() as patch:
            patch.setattr(os, name, fault)
            try:
                answers.update({"value": wanted}, doc_ids=[1])
            except WriteFailed as exc:
                error = exc
            else:
                error = None
        if error is None:
            assert not fault.fired
            assert on_disk(opened)["answers"]["1"]["value"] == wanted
            assert temp_files(path.parent) == []
            return k - 1  # every earlier k failed
        assert fault.fired == 1
        assert_plain(error, fault.code)
        assert_nothing_changed(opened, before, backups)
        assert answers.get(doc_id=1)["value"] == shown  # no phantom "saved" answer
        assert len(answers) == 20
        answers.update({"value": f"after failure {k}"}, doc_ids=[1])  # the next save works
        assert on_disk(opened)["answers"]["1"]["value"] == f"after failure {k}"
    pytest.fail(f"os.{name}: the save never got through")


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC])
@pytest.mark.parametrize(
    ("name", "calls_per_save"),
    [("fsync", 2), ("link", 1), ("replace", 2)],  # fsync: the file, then the folder
)
def test_kth_call_fails(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch, name: str, calls_per_save: int, code: int
) -> None:
    failures = save_with_faults(opened, monkeypatch, name, lambda real, k: FailNth(real, k, code))
    assert failures == calls_per_save


@pytest.mark.parametrize("code", [errno.EIO, errno.ENOSPC])
def test_kth_write_fails_after_short_writes(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    failures = save_with_faults(
        opened, monkeypatch, "write", lambda real, k: FailNth(real, k, code, chunk=4096)
    )
    writes_per_save = -(-len(opened.path.read_bytes()) // 4096)
    assert failures == writes_per_save >= 3


def test_permission_error_on_replace(opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch) -> None:
    failures = save_with_faults(
        opened, monkeypatch, "replace", lambda real, k: FailNth(real, k, errno.EACCES)
    )
    assert failures == 2


def is_folder(fd: int) -> bool:
    return stat.S_ISDIR(os.fstat(fd).st_mode)


def test_folder_fsync_failure_puts_the_old_file_back(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    failures = save_with_faults(
        opened, monkeypatch, "fsync", lambda real, k: FailNth(real, k, errno.EIO, when=is_folder)
    )
    assert failures == 1


@pytest.mark.parametrize("name", ["fsync", "replace", "write"])
def test_persistent_failure_then_recovery(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    answers = opened.db.table("answers")
    before = opened.path.read_bytes()
    backups = {Path(f"{opened.path}.bak").read_bytes(), before}
    with monkeypatch.context() as patch:
        patch.setattr(os, name, FailNth(getattr(os, name), None, errno.EIO))
        for attempt in range(3):
            with pytest.raises(WriteFailed) as caught:
                answers.insert(answer_doc(100 + attempt, f"attempt {attempt}"))
            assert_plain(caught.value, errno.EIO)
            assert_nothing_changed(opened, before, backups)
            assert len(answers) == 20
    answers.insert(answer_doc(200, "finally"))
    assert len(on_disk(opened)["answers"]) == 21


def test_no_hard_links_falls_back_to_a_copy(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = opened.path.read_bytes()
    monkeypatch.setattr(os, "link", FailNth(os.link, None, errno.EPERM))
    opened.db.table("answers").update({"value": "saved anyway"}, doc_ids=[1])
    assert on_disk(opened)["answers"]["1"]["value"] == "saved anyway"
    backup = Path(f"{opened.path}.bak")
    assert backup.read_bytes() == before
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert temp_files(opened.path.parent) == []


@pytest.mark.parametrize("value", ["lone surrogate \udcff", {"a set"}, 2**70], ids=repr)
def test_unsaveable_value_never_touches_the_disk(
    opened: OpenDatabase, monkeypatch: pytest.MonkeyPatch, value: object
) -> None:
    path = opened.path
    before = path.read_bytes()
    identity = (path.stat().st_ino, path.stat().st_mtime_ns)
    created = []
    monkeypatch.setattr(tempfile, "mkstemp", lambda *a, **kw: created.append(1) or None)
    answers = opened.db.table("answers")

    with pytest.raises(WriteFailed) as caught:
        answers.update({"value": value}, doc_ids=[1])

    error = caught.value
    assert isinstance(error.cause, TypeError)
    assert "characters that can't be saved" in error.message and "NOT saved" in error.message
    assert created == []  # serialising failed before any file was made
    assert path.read_bytes() == before
    assert (path.stat().st_ino, path.stat().st_mtime_ns) == identity
    assert opened.db.storage.read() == orjson.loads(plain(opened, before))
    assert answers.get(doc_id=1)["value"] == "first"
    monkeypatch.undo()
    answers.update({"value": "plain text"}, doc_ids=[1])
    assert on_disk(opened)["answers"]["1"]["value"] == "plain text"


CHILD_FILE_SIZE_LIMIT = r"""
import json, os, resource, signal, sys
import orjson
from workbook.envelope import Secret
from workbook.storage import WriteFailed, open_database, unlock_file_bytes

signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
path = sys.argv[1]
secret = Secret(passphrase=sys.argv[2]) if len(sys.argv) > 2 else None
report = {}
with open_database(path, secret=secret) as opened:
    answers = opened.db.table("answers")
    before = open(path, "rb").read()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 2000, hard))
    try:
        answers.update({"value": "y" * 50_000}, doc_ids=[1])
        report["error"] = None
    except WriteFailed as exc:
        report["error"] = exc.message
        report["errno"] = getattr(exc.cause, "errno", None)
    resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    after = open(path, "rb").read()
    report["unchanged"] = after == before
    report["temps"] = [n for n in os.listdir(os.path.dirname(path)) if n.endswith(".tmp")]
    after_json = unlock_file_bytes(after, path, secret)
    report["read_matches_disk"] = opened.db.storage.read() == orjson.loads(after_json)
    report["shown"] = answers.get(doc_id=1)["value"]
    answers.update({"value": "saved once the limit was lifted"}, doc_ids=[1])
print(json.dumps(report))
"""


def test_file_size_limit(tmp_path: Path, lock: Lock) -> None:
    path = tmp_path / "wb.json"
    with open_database(path, new_ring=lock.ring) as workbook:
        workbook.db.table("answers").insert_multiple(answer_doc(i, f"a{i}") for i in range(10))
    key = [PASSPHRASE] if lock.locked else []
    result = subprocess.run(
        [sys.executable, "-c", CHILD_FILE_SIZE_LIMIT, str(path), *key],
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["errno"] == errno.EFBIG
    assert PHRASES[errno.EFBIG] in report["error"] and "NOT saved" in report["error"]
    assert report["unchanged"] and report["read_matches_disk"]
    assert report["temps"] == []
    assert report["shown"] == "a0"
    assert lock.tables(path)["answers"]["1"]["value"] == (
        "saved once the limit was lifted"
    )
    assert temp_files(tmp_path) == []
