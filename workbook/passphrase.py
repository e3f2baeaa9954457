"""Setting, changing and removing a workbook's passphrase, and asking for one.

The passphrase comes from a no-echo prompt or from a file the person names;
never from the command line or the environment, where other programs and
shell history could see it. Nothing here prints or logs it.
"""

from __future__ import annotations

import getpass
import os
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from . import envelope
from .envelope import KeyRing, Secret
from .storage import (
    CorruptDatabase,
    StorageError,
    read_regular_file,
    read_snapshot_and_ring,
    relock,
)

if TYPE_CHECKING:
    from .store import WorkbookStore

#: Shorter than this is too easy to guess, even at half a second a guess.
MIN_LENGTH = 8

FORGOTTEN = (
    "Nothing and nobody can open a locked workbook without its passphrase or its recovery "
    "key: not this app, not its makers. A forgotten passphrase can't be recovered."
)


LONGEST_FILE = 4096
"""A passphrase file longer than this (in bytes) is refused, not read whole."""


class PassphraseProblem(StorageError):
    """A passphrase could not be had or used; ``message`` says why, plainly."""


def passphrase_problem(text: str) -> str | None:
    """Why ``text`` can't be a new passphrase, in plain words; None if it can."""
    if not text.strip():
        return "The passphrase is empty."
    if len(unicodedata.normalize("NFC", text)) < MIN_LENGTH:
        return f"The passphrase is too short: use at least {MIN_LENGTH} characters."
    if any(unicodedata.category(ch) == "Cc" for ch in text):
        return "The passphrase has a control character in it (a tab, say); leave those out."
    return None


def read_passphrase_file(path: str | os.PathLike) -> str:
    """The passphrase in the file at ``path``: its text, less one line end at the end.

    Only an ordinary file is read (a pipe could wait for ever). Raises
    PassphraseProblem if it can't be read or is not UTF-8 text.
    """
    try:
        raw = read_regular_file(path, limit=LONGEST_FILE)
    except (OSError, StorageError) as exc:
        reason = exc.message if isinstance(exc, StorageError) else exc.strerror
        raise PassphraseProblem(
            f"The passphrase file {Path(path).name} could not be read ({reason})."
        ) from None
    if len(raw) > LONGEST_FILE:
        raise PassphraseProblem(
            f"The passphrase file {Path(path).name} is too long to hold a passphrase "
            f"(more than {LONGEST_FILE:,} bytes). Is it the right file?"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise PassphraseProblem(
            f"The passphrase file {Path(path).name} is not text (UTF-8)."
        ) from None
    for end in ("\r\n", "\n"):
        if text.endswith(end):
            return text[: -len(end)]
    return text


Ask = Callable[[str], str]
"""Asks one question without showing what is typed (``getpass.getpass``)."""


def ask_new_passphrase(ask: Ask = getpass.getpass) -> str:
    """Ask for a new passphrase twice, without echo; raise PassphraseProblem if they differ."""
    first = ask("New passphrase: ")
    problem = passphrase_problem(first)
    if problem:
        raise PassphraseProblem(problem)
    if ask("The same passphrase again: ") != first:
        raise PassphraseProblem("The two passphrases were not the same. Nothing was changed.")
    return first


@dataclass
class Outcome:
    """What a passphrase command did: a recovery key to show once, copies left as they were."""

    recovery_key: str | None
    left: list[Path]


def is_locked_file(path: Path) -> bool:
    """True if the workbook file at ``path`` is locked (its first bytes say so)."""
    try:
        raw = read_regular_file(path)
    except FileNotFoundError:
        raise PassphraseProblem(f"There is no workbook file at {path}.") from None
    except OSError as exc:
        raise PassphraseProblem(
            f"The workbook file could not be read ({exc.strerror or 'unknown error'})."
        ) from None
    return envelope.is_locked(raw)


def set_passphrase(path: Path, passphrase: str, *, recovery: bool = True) -> Outcome:
    """Lock the plain workbook at ``path`` with ``passphrase`` (and a new recovery key)."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise PassphraseProblem(problem)
    if is_locked_file(path):
        raise PassphraseProblem(
            "This workbook is already locked with a passphrase. To change it, use "
            "`workbook passphrase change`."
        )
    ring, recovery_key = envelope.new_key_ring(
        passphrase, recovery=recovery, cost=envelope.DEFAULT_COST
    )
    return Outcome(recovery_key, relock(path, secret=None, ring=ring))


def change_passphrase(path: Path, current: str, new: str) -> Outcome:
    """Open the locked workbook at ``path`` with ``current`` and lock it with ``new`` instead.

    The data key and the recovery key stay the same (docs/data-format.md).
    """
    problem = passphrase_problem(new)
    if problem:
        raise PassphraseProblem(problem)
    _must_be_locked(path)

    def renew(ring: KeyRing | None) -> KeyRing:
        if ring is None:  # made plain by something else since the check above
            raise PassphraseProblem("This workbook has no passphrase any more.")
        return ring.with_passphrase(new, cost=envelope.DEFAULT_COST)

    return Outcome(None, relock(path, secret=Secret(passphrase=current), ring=renew))


def remove_passphrase(path: Path, current: str) -> Outcome:
    """Open the locked workbook at ``path`` with ``current`` and write it plain again."""
    _must_be_locked(path)
    return Outcome(None, relock(path, secret=Secret(passphrase=current), ring=None))


def _must_be_locked(path: Path) -> None:
    if not is_locked_file(path):
        try:
            read_snapshot_and_ring(path)
        except CorruptDatabase as exc:
            if exc.locked:  # unreadable, beside a locked backup: not "no passphrase"
                raise PassphraseProblem(
                    f"{exc.message} Start the app and give the passphrase: it offers the "
                    "backup copy if the passphrase opens it."
                ) from None
        except StorageError:
            pass
        raise PassphraseProblem("This workbook has no passphrase. To set one, use "
                                "`workbook passphrase set`.")  # fmt: skip


# --- the same, for the workbook the app has open --------------------------------


def lock_open_workbook(store: WorkbookStore, passphrase: str) -> Outcome:
    """Lock the plain workbook open in ``store`` with ``passphrase`` and a new recovery key."""
    problem = passphrase_problem(passphrase)
    if problem:
        raise PassphraseProblem(problem)
    if store.key_ring is not None:
        raise PassphraseProblem("This workbook is already locked with a passphrase.")
    ring, recovery_key = envelope.new_key_ring(passphrase, cost=envelope.DEFAULT_COST)
    return Outcome(recovery_key, store.relock(ring))


def _check_current(store: WorkbookStore, current: str) -> KeyRing:
    """The open workbook's key ring, if ``current`` (passphrase or recovery key) opens it.

    Asked again even though the workbook is open, so that nobody who finds
    the app open can change or remove the lock without knowing it.
    """
    ring = store.key_ring
    if ring is None:
        raise PassphraseProblem("This workbook has no passphrase.")
    try:
        _plain, found = envelope.unlock(read_regular_file(store.path), passphrase=current)
    except envelope.EnvelopeError as exc:
        raise PassphraseProblem(exc.message) from None
    except OSError as exc:
        raise PassphraseProblem(
            f"The workbook file could not be read ({exc.strerror or 'unknown error'})."
        ) from None
    if found.data_key != ring.data_key:  # the file was replaced by another workbook
        raise PassphraseProblem("The workbook file has changed since it was opened.")
    return ring


def change_open_workbook(store: WorkbookStore, current: str, new: str) -> Outcome:
    """Give the workbook open in ``store`` the passphrase ``new`` (the recovery key stays)."""
    problem = passphrase_problem(new)
    if problem:
        raise PassphraseProblem(problem)
    ring = _check_current(store, current)
    return Outcome(None, store.relock(ring.with_passphrase(new, cost=envelope.DEFAULT_COST)))


def unlock_open_workbook(store: WorkbookStore, current: str) -> Outcome:
    """Write the workbook open in ``store`` plain again, if ``current`` opens it."""
    _check_current(store, current)
    return Outcome(None, store.relock(None))
