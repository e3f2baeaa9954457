"""The same test bodies on plain workbooks and on workbooks locked with a passphrase.

A test asks for the ``lock`` fixture (tests/conftest.py) and is parametrized
with ``LOCKS`` (both kinds, where running twice is cheap) or ``sampled(...)``
(the locked run only for a sample in ``make test``; every locked run under
``make torture``, i.e. WORKBOOK_TORTURE=1, as slow tests). ``ready_db`` is
then made plain or locked, and the test goes through ``lock`` to open, read,
hand-edit or start the app on the workbook, so a locked file is always read
through the envelope, never as JSON.

Locked workbooks here use ``TEST_COST``, the cheapest scrypt cost, and one key
ring for the whole run: unlocking takes a few milliseconds.
"""

from __future__ import annotations

import functools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import pytest

from workbook import envelope
from workbook.envelope import TEST_COST, KeyRing, Secret, new_key_ring
from workbook.storage import open_database, parse_workbook, unlock_file_bytes

TORTURE = os.environ.get("WORKBOOK_TORTURE") == "1"
PASSPHRASE = "tea for two"

#: Both kinds of workbook, for tests cheap enough to run twice in ``make test``.
LOCKS = ["plain", "locked"]


def sampled(in_sample: bool) -> list[Any]:
    """The kinds for a costly test: plain always, locked if ``in_sample`` or under torture.

    A locked run outside the sample is a slow test that exists only with
    WORKBOOK_TORTURE=1, so ``make torture`` (``-m slow``) runs it and ``make
    test`` does not (the convention of tests/test_classics.py).
    """
    if in_sample:
        return LOCKS
    return ["plain"] + ([pytest.param("locked", marks=pytest.mark.slow)] if TORTURE else [])


@functools.cache
def shared_ring() -> KeyRing:
    """One key ring for every locked workbook of the run (passphrase ``PASSPHRASE``)."""
    ring, _ = new_key_ring(PASSPHRASE, recovery=True, cost=TEST_COST)
    return ring


@dataclass(frozen=True)
class Lock:
    """How a test opens, reads and writes its workbook: plain, or locked with ``PASSPHRASE``."""

    kind: str

    @property
    def locked(self) -> bool:
        """True for a workbook locked with a passphrase."""
        return self.kind == "locked"

    @property
    def ring(self) -> KeyRing | None:
        """The key ring a new locked workbook is made with (None: plain)."""
        return shared_ring() if self.locked else None

    @property
    def secret(self) -> Secret | None:
        """What opens the workbook (None: nothing is needed)."""
        return Secret(passphrase=PASSPHRASE) if self.locked else None

    def open_store(self, path: str | os.PathLike[str]):  # -> WorkbookStore
        """``WorkbookStore.open``, creating a missing workbook locked if this kind is locked."""
        from workbook.store import WorkbookStore

        return WorkbookStore(open_database(path, secret=self.secret, new_ring=self.ring))

    def plain_bytes(self, raw: bytes, path: str | os.PathLike[str] = "workbook.json") -> bytes:
        """The JSON inside ``raw``: opened with the passphrase if locked, else as it is.

        A locked kind insists its bytes are locked: a plain file where a
        locked one belongs is a failure, not something to read.
        """
        if self.locked:
            assert envelope.is_locked(raw), f"{path} should be locked but is plain"
        return unlock_file_bytes(raw, path, self.secret)

    def read(self, path: str | os.PathLike[str]) -> bytes:
        """The JSON of the file at ``path`` (a workbook or any copy kept beside it)."""
        return self.plain_bytes(Path(path).read_bytes(), path)

    def tables(self, path: str | os.PathLike[str]) -> dict:
        """The tables of the file at ``path``, parsed without the app's checks."""
        return orjson.loads(self.read(path))

    def checked_tables(self, path: str | os.PathLike[str]) -> dict:
        """The tables of the file at ``path``, checked as strictly as opening it."""
        return parse_workbook(self.read(path), path)

    def seal(self, payload: bytes) -> bytes:
        """``payload`` as this kind's file holds it: locked with the test ring, or as it is."""
        return envelope.seal(payload, shared_ring()) if self.locked else payload

    def write(self, path: str | os.PathLike[str], tables: dict | bytes) -> None:
        """Hand-edit the file at ``path``: write ``tables`` (or JSON bytes) in this kind's form."""
        payload = tables if isinstance(tables, bytes) else orjson.dumps(tables)
        Path(path).write_bytes(self.seal(payload))

    def app(self, path: str | os.PathLike[str], content_dir: Path | None = None):
        """A test app on ``path`` that opens a locked workbook as if its passphrase was typed.

        The unlock screen itself is tested in tests/test_unlock_screen.py;
        here the app starts with the secret the screen would have given it.
        """
        from tests.conftest import make_app

        app = make_app(Path(path), content_dir)
        app.secret = self.secret
        return app

    def cli_args(self, folder: Path) -> list[str]:
        """What a command needs to open this workbook: ``--passphrase-file`` if locked."""
        if not self.locked:
            return []
        file = folder / "passphrase.txt"
        if not file.exists():
            file.write_text(PASSPHRASE + "\n")
            file.chmod(0o600)
        return ["--passphrase-file", str(file)]


def with_locks(values: list[Any], ids: list[str] | None = None, sample: int = 1) -> list[Any]:
    """``(value, kind)`` params for a test parametrized over ``values`` and ``lock``.

    Every value runs plain; the first ``sample`` values run locked in ``make
    test`` too, and the rest run locked only under torture, as slow tests.
    Use with ``indirect=["lock"]``.
    """
    params = []
    for n, value in enumerate(values):
        name = ids[n] if ids is not None else str(value)
        params.append(pytest.param(value, "plain", id=f"{name}-plain"))
        if n < sample:
            params.append(pytest.param(value, "locked", id=f"{name}-locked"))
        elif TORTURE:
            slow = pytest.mark.slow
            params.append(pytest.param(value, "locked", id=f"{name}-locked", marks=slow))
    return params


#: The plain kind, for helpers whose callers may not care about locks.
PLAIN = Lock("plain")
