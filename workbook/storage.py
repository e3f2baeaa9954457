"""The workbook file: one private TinyDB JSON file that a crash cannot tear.

TinyDB's own ``JSONStorage`` rewrites the file in place, so a crash, a full
disk or a killed process can leave it cut off or silently shortened, and it
creates files anyone on the machine can read (see docs/architecture.md,
"Storage guarantees").
This module replaces it:

* ``SafeJSONStorage`` writes a complete new copy next to the file, syncs it
  to the disk, keeps the previous version as ``<db>.bak`` and then swaps the
  new copy in with one atomic rename. It reads strictly: an empty, cut-off or
  strangely shaped file is reported, never treated as an empty workbook.
* ``open_database`` takes a lock so only one window edits a workbook, makes
  files private (0600, folder 0700), notices read-only files, and upgrades
  files written by older versions (``MIGRATIONS``).
* Paths are treated as an attacker might set them (docs/data-format.md,
  "Files the workbook keeps and how it treats paths"): nothing is written
  through a symbolic link or to a file the app keeps by mistake
  (``check_export_target``), no pipe or device is ever read (so nothing
  hangs), another account's file is never touched, a save never writes
  over changes it has not seen (``WorkbookChanged``), and deleting an
  answer clears every copy the app keeps (``scrub_kept_copies``).

Every problem is raised as a ``StorageError`` whose message is written for the
person at the keyboard.

File layout: one JSON object of tables (``_meta``, ``couple``, ``sessions``,
``answers``, ``settings``); each table maps decimal document ids to objects.
``_meta`` holds exactly one document: ``{"schema", "created", "app_version"}``.
"""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage

from . import __version__, envelope
from .collector import pause_collector, resume_collector
from .compat import InPlaceTable
from .envelope import KeyRing, Secret
from .model import now_iso
from .schema import ANSWERS_TABLE, META_TABLE, workbook_problem

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: The schema version this code reads and writes.
CURRENT_SCHEMA: int = 1

#: ``MIGRATIONS[n]`` turns the tables of a schema-``n`` file into schema ``n + 1``.
#: Each is a pure function of the tables; it may change the dict it is given.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

ANSWERS_LAST = "answers_last"
"""The ``_meta`` field that promises the answers are the file's last table."""

_FILE_READ_ONLY = "This workbook file is read-only, so you can look but not change anything."
_FOLDER_READ_ONLY = (
    "The folder that holds this workbook is read-only, so you can look but not change anything."
)
# link() errors that mean "this file system has no hard links", not "the disk failed".
_NO_LINK_ERRNOS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


# --- errors -----------------------------------------------------------------


class StorageError(Exception):
    """Something went wrong with the workbook file.

    ``message`` is one or two plain sentences for the person at the keyboard;
    ``str(error)`` returns it. Technical detail is kept in ``__cause__``.
    """

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseLocked(StorageError):
    """Another window (process) already has this workbook open."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "This workbook is already open in another window. Close it there first, then try again."
        )
        self.path = path


class CorruptDatabase(StorageError):
    """The workbook file cannot be read as a workbook; it was left untouched.

    ``reason`` says what is wrong in plain words ("the file is empty");
    ``backup`` is the ``.bak`` file if that one is readable, else None.
    """

    def __init__(
        self, path: Path, reason: str, backup: Path | None = None, *, locked: bool = False
    ) -> None:
        message = f"The workbook file can't be opened because {reason}; it has not been changed."
        if locked:
            message += " It looks like a damaged workbook that was locked with a passphrase."
        if backup is not None:
            message += " A backup copy from the previous save can be restored."
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.backup = backup
        self.locked = locked
        """True if this looks like a damaged locked workbook (its bytes or its backup say so)."""


class InvalidDocument(CorruptDatabase):
    """The file is a workbook, but a field in it is one the app can't use (``workbook.schema``).

    ``reason`` names the table, the document and the field.
    """


class NewerSchema(StorageError):
    """The file was written by a newer version of the app; it is never rewritten."""

    def __init__(self, path: Path, found: int, supported: int) -> None:
        super().__init__(
            "This workbook was saved by a newer version of the app. "
            "Please update the app to open it; the file has not been changed."
        )
        self.path = path
        self.found = found
        self.supported = supported


class WorkbookIsLocked(StorageError):
    """The workbook is locked with a passphrase, and none was given to open it.

    Nothing was changed. Ask for the passphrase (or the recovery key) and
    open it again with a ``Secret``.
    """

    def __init__(self, path: Path, *, has_recovery_key: bool | None = None) -> None:
        super().__init__(
            f"The workbook {path.name} is locked with a passphrase. It opens only with its "
            "passphrase or its recovery key; nothing has been changed."
        )
        self.path = path
        self.has_recovery_key = has_recovery_key
        """Whether a recovery key opens it (its header says, unlocked); None if not known."""


class DamagedLockedWorkbook(WorkbookIsLocked):
    """The file can't be read, but it (or its backup) looks like a locked workbook.

    Raised, instead of CorruptDatabase, while no passphrase has been given:
    the passphrase is asked first, so that the backup can be checked and
    offered (opening again with a ``Secret`` then raises CorruptDatabase).
    """

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(path)
        self.message = (
            f"The workbook file {path.name} can't be read because {reason}. It looks like a "
            "damaged workbook that was locked with a passphrase: its passphrase (or recovery "
            "key) opens the backup copy, if there is one. Nothing has been changed."
        )
        self.args = (self.message,)
        self.reason = reason


class WrongKey(StorageError):
    """The passphrase (or recovery key) given does not open this workbook; the file looks whole.

    ``recovery`` is True when it was a recovery key.
    """

    def __init__(self, path: Path, message: str, *, recovery: bool = False) -> None:
        super().__init__(message)
        self.path = path
        self.recovery = recovery


class WriteFailed(StorageError):
    """A save did not happen; the file on disk still holds the previous save.

    ``cause`` is the underlying exception. Pass ``reason`` to override the
    first half of the message, which is otherwise chosen from the cause.
    """

    def __init__(self, cause: BaseException, reason: str | None = None) -> None:
        reason = reason or _write_failure_reason(cause)
        super().__init__(f"{reason}, so your answer was NOT saved. Your text is still on screen.")
        self.cause = cause
        self.reason = reason
        """The first half of the message ("The disk is full"), for other wordings."""


class ReadOnlyDatabase(StorageError):
    """A save was attempted on a workbook opened read-only."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "This workbook is open read-only, so your answer was NOT saved. "
            "Your text is still on screen."
        )
        self.path = path


class WorkbookChanged(WriteFailed):
    """The workbook file changed on disk since this window last read or wrote it.

    Something wrote it without the lock (the lock file was deleted, say, and
    ``workbook import`` ran). Nothing was written over it: the file on disk
    keeps the other changes, and what this window had is kept beside it in
    ``aside`` (``<db>.unsaved-<time>``, 0600), or None if even that failed.
    Every later save of this window is kept aside too, until it is reopened.
    """

    def __init__(self, path: Path, aside: Path | None, cause: BaseException | None = None) -> None:
        reason = (
            "Your workbook file was changed by another window or command while it was open here"
        )
        super().__init__(cause or RuntimeError("the workbook changed on disk"), reason)
        if aside is not None:
            kept = (
                "Nothing is lost: the file keeps those changes, and everything this window "
                f"had is kept in {aside.name} beside it. Your text is still on screen. Quit, "
                f"open the workbook again, then run: workbook import {aside}"
            )
        else:
            kept = (
                "The file keeps those changes, but what this window had could not be kept "
                "aside, so it is only on screen: copy your text somewhere safe, then quit and "
                "open the workbook again."
            )
        self.message = f"{reason}, so your answer was NOT written over those changes. {kept}"
        self.args = (self.message,)
        self.path = path
        self.aside = aside
        """Where this window's version was kept, or None."""


class NotRegularFile(StorageError):
    """A path the workbook was asked to read or write is not an ordinary file.

    A named pipe, a device, a socket or a folder: reading one could wait for
    ever, so it is found with ``stat`` and a non-blocking open, never read.
    ``kind`` says what it is ("a named pipe").
    """

    def __init__(self, path: Path, kind: str) -> None:
        super().__init__(
            f"{path} is {kind}, not an ordinary file, so the workbook does not read or "
            "write it. Nothing has been changed."
        )
        self.path = path
        self.kind = kind


class CopiesNotCleared(StorageError):
    """An answer was deleted from the workbook, but copies the app keeps still hold it.

    ``paths`` names them: a damaged copy that can't be parsed can't be edited,
    and a file of another account can't be rewritten. ``remove_kept_copies``
    deletes them, if the couple wants.
    """

    def __init__(self, paths: list[Path]) -> None:
        names = ", ".join(path.name for path in paths)
        these, them = ("this file", "it") if len(paths) == 1 else ("these files", "them")
        super().__init__(
            f"The answer was deleted from your workbook, but {these} kept beside it could "
            f"not be cleared and still hold its words: {names}. Removing {them} deletes "
            "those words for good."
        )
        self.paths = paths
        """The copies that still hold the answer."""


class UnsafeTarget(StorageError):
    """A file the app was asked to write is one it must never write (``check_export_target``)."""

    def __init__(self, path: Path, message: str) -> None:
        super().__init__(message)
        self.path = path


def _write_failure_reason(cause: BaseException) -> str:
    if isinstance(cause, (TypeError, ValueError)):
        return "Your text contains characters that can't be saved"
    code = getattr(cause, "errno", None)
    if code in (errno.ENOSPC, errno.EDQUOT):
        return "The disk is full"
    if code == errno.EFBIG:
        return "The workbook file has grown past the size this system allows"
    if code in (errno.EACCES, errno.EPERM, errno.EROFS):
        return "The app is not allowed to write the workbook file"
    if code == errno.EIO:
        return "The disk reported an error"
    if code is not None:
        return f"Something went wrong while saving ({os.strerror(code)})"
    return "Something went wrong while saving"


# --- reading and checking ---------------------------------------------------


def _meta_schema(data: Any) -> int | None:
    """The schema number in ``_meta``, or None if ``_meta`` is missing or malformed."""
    meta = data.get(META_TABLE) if isinstance(data, dict) else None
    if not isinstance(meta, dict) or len(meta) != 1:
        return None
    doc = next(iter(meta.values()))
    schema = doc.get("schema") if isinstance(doc, dict) else None
    if type(schema) is not int or schema < 1:
        return None
    return schema


_DOC_IDS = re.compile(r"(?:0|[1-9][0-9]*)(?: (?:0|[1-9][0-9]*))*")
"""Space-separated canonical decimal ids ("7", not "07" or "٧"), as TinyDB writes them."""


def _shape_problem(data: Any) -> str | None:
    """Why ``data`` is not a workbook's tables, in plain words; None if it is."""
    wrong = "the file is not laid out like a workbook"
    if not isinstance(data, dict):
        return wrong
    for table in data.values():
        if not isinstance(table, dict):
            return wrong
        # Checked in bulk (one regex over all ids, one set of value types): at
        # 20,000 answers a loop over every document was a quarter of opening.
        if table and not _DOC_IDS.fullmatch(" ".join(table)):
            return wrong
        if not set(map(type, table.values())) <= {dict}:
            return wrong
    if _meta_schema(data) is None:
        return "the file has no workbook version record"
    return None


def _why_unparsable(raw: bytes, pos: int) -> str:
    """Plain words for why ``raw`` is not JSON; ``pos`` is where the parser gave up."""
    if not raw:
        return "the file is empty"
    if envelope.MAGIC.startswith(raw):
        return "the file is cut off"  # a locked workbook, cut inside its first bytes
    if not raw.strip(b" \t\r\n\x00"):
        if b"\x00" in raw:
            return "the file holds nothing but zero bytes"
        return "the file holds nothing but blank space"
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data":  # cut in the middle of a character
            return "the file is cut off"
        return "the file contains bytes that are not text"
    # The parser's position counts characters, not bytes.
    if pos >= len(text.rstrip(" \t\r\n\x00")):
        return "the file is cut off"
    with suppress(orjson.JSONDecodeError):
        orjson.loads(text[:pos])
        return "the file has unexpected data after its end"
    return "the file's contents are scrambled"


def _check(raw: bytes, path: Path) -> dict:
    """Parse and validate the bytes of a workbook file and return its tables.

    Raises CorruptDatabase (without a backup) or NewerSchema, and
    WorkbookIsLocked for a locked workbook's bytes (``_plaintext`` opens them).
    """
    if envelope.is_locked(raw):
        raise WorkbookIsLocked(path)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise CorruptDatabase(path, _why_unparsable(raw, exc.pos)) from None
    problem = _shape_problem(data)
    if problem:
        raise CorruptDatabase(path, problem)
    schema = _meta_schema(data)
    assert schema is not None  # _shape_problem checked it
    if schema > CURRENT_SCHEMA:
        raise NewerSchema(path, schema, CURRENT_SCHEMA)
    # Every field, the answers too (this is where a big file's answers are
    # parsed). An older schema is checked once migrated (``_migrate``).
    problem = workbook_problem(data) if schema == CURRENT_SCHEMA else None
    if problem:
        raise InvalidDocument(path, problem)
    return data


def _plaintext(
    raw: bytes, path: Path, *, ring: KeyRing | None = None, secret: Secret | None = None
) -> tuple[bytes, KeyRing | None]:
    """The workbook document in the bytes of a file, and the key ring that opened it.

    A plain file's bytes are returned as they are (with ``ring`` unchanged).
    A locked one is opened with ``ring`` (no scrypt) or else ``secret``.
    Raises WorkbookIsLocked with neither, WrongKey, CorruptDatabase (without
    a backup) for a damaged envelope, and StorageError for a newer one.
    """
    if not envelope.is_locked(raw):
        return raw, ring
    # Without a key even a damaged file is "locked": the passphrase is asked
    # first, so that the damage is then told with its locked backup checked.
    try:
        if ring is not None:
            return envelope.open_with_ring(raw, ring), ring
        if secret is None:
            has_recovery_key = envelope.recovery_key_in_header(raw)
            if has_recovery_key is None:
                try:
                    envelope.check_header(raw)  # a newer envelope: told below
                except envelope.DamagedEnvelope as exc:
                    raise DamagedLockedWorkbook(path, exc.reason) from None
            raise WorkbookIsLocked(path, has_recovery_key=has_recovery_key)
        return envelope.unlock_with(raw, secret)
    except envelope.DamagedEnvelope as exc:
        raise CorruptDatabase(path, exc.reason, locked=True) from None
    except envelope.WrongRecoveryKey as exc:
        raise WrongKey(path, exc.message, recovery=True) from None
    except envelope.WrongPassphrase as exc:
        raise WrongKey(path, exc.message) from None
    except envelope.EnvelopeError as exc:  # a newer envelope
        raise StorageError(f"{exc.message} Nothing has been changed.") from None


def _looks_locked(path: Path, error: CorruptDatabase) -> bool:
    """True if the workbook that raised ``error`` looks like a damaged locked workbook.

    Either its own bytes said so, or it can't even be parsed and its backup
    is locked. A parsed workbook with a wrong field is a plain one's problem.
    """
    if error.locked:
        return True
    return not isinstance(error, InvalidDocument) and _backup_is_locked(path)


def _backup_is_locked(path: Path) -> bool:
    """True if ``<path>.bak`` is an ordinary file of ours that starts like a locked workbook."""
    backup = Path(f"{path}.bak")
    if _file_problem(backup) is not None:
        return False
    try:
        return envelope.is_locked(_read_regular(backup, follow=False)[0])
    except (OSError, StorageError):
        return False


def _parse(raw: bytes, path: Path) -> dict:
    """``_check`` with the garbage collector out of the way (see ``workbook.collector``)."""
    running = pause_collector()
    try:
        return _check(raw, path)
    finally:
        resume_collector(running)


#: Files at least this big have their answers parsed on first use (``SafeJSONStorage.open``).
DEFER_ANSWERS_FROM = 1 << 20
#: ``open`` reads a big file this much at a time until its small tables are whole...
_HEAD_PIECE = 1 << 20
#: ...and past this, reads and parses it whole: its small tables are not small.
_HEAD_LIMIT = 16 << 20

_ANSWERS_KEY = b',"answers":'


def _small_tables(raw: bytes) -> dict | None:
    """Every table but the answers, parsed from a file whose last table is the answers.

    The workbook is always written with its answers last (and says so in
    ``_meta``), so the rest is a short prefix of the file: the prefix, closed
    with ``}``, is parsed alone.
    Inside a JSON string every ``"`` is escaped, so ``,"answers":`` can only
    be a key; the first one whose prefix parses is the top-level one. Returns
    None, for the caller to parse the whole file, if there is no such prefix
    or it is not a healthy workbook of this version.
    """
    start = 0
    while (found := raw.find(_ANSWERS_KEY, start)) != -1:
        start = found + 1
        try:
            small = orjson.loads(raw[:found] + b"}")
        except orjson.JSONDecodeError:
            continue  # a key deeper down
        if (
            _shape_problem(small)
            or _meta_schema(small) != CURRENT_SCHEMA
            or workbook_problem(small)  # shown before the answers are parsed: check them now
        ):
            return None
        (meta,) = small[META_TABLE].values()
        return small if meta.get(ANSWERS_LAST) is True else None
    return None


# --- the files beside a workbook, and how paths are opened -------------------

_O_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_O_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_O_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
_O_NOCTTY = getattr(os, "O_NOCTTY", 0)

#: What each file the app keeps beside a workbook ``NAME`` is: (the part after
#: ``NAME``, in words). Temp files (``.NAME.*.tmp``) are recognised apart.
_KEPT_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\.bak"), "its backup"),
    (re.compile(r"\.lock"), "its lock file"),
    (re.compile(r"\.bak-.+"), "an older backup"),
    (re.compile(r"\.corrupt-.+"), "a damaged copy kept aside"),
    (re.compile(r"\.schema-v[0-9]+\.bak(?:-[0-9]+)?"), "a copy from before an upgrade"),
    (re.compile(r"\.unsaved-.+"), "changes kept aside"),
]
# The kinds that hold answers and are never the live file: scrubbed when an
# answer is deleted (the rolling .bak has its own way, ``scrub_backup``).
_COPIES = {"an older backup", "a damaged copy kept aside", "a copy from before an upgrade",
           "changes kept aside"}  # fmt: skip


def _kept_kind(name: str, db_name: str) -> str | None:
    """What the file ``name`` is to the workbook ``db_name`` in the same folder; None if nothing."""
    if name == db_name:
        return "the workbook"
    if name.startswith(f".{db_name}.") and name.endswith(".tmp"):
        return "a temporary file"
    if not name.startswith(f"{db_name}."):
        return None
    rest = name[len(db_name) :]
    for pattern, kind in _KEPT_NAMES:
        if pattern.fullmatch(rest):
            return kind
    return None


def kept_files(path: str | os.PathLike) -> list[Path]:
    """Every file beside the workbook at ``path`` that the app keeps, the workbook included.

    The backup, the lock, temp files of a save, older backups, damaged copies
    kept by a restore, copies from before an upgrade and changes kept aside
    (see docs/data-format.md). Names only: nothing is opened or followed.
    """
    real = Path(os.path.realpath(path))
    try:
        names = os.listdir(real.parent)
    except OSError:
        return []
    return sorted(real.parent / name for name in names if _kept_kind(name, real.name))


def _copies(real: Path) -> list[Path]:
    """The kept copies of the workbook ``real`` (a resolved path) that hold answers."""
    return [file for file in kept_files(real) if _kept_kind(file.name, real.name) in _COPIES]


def _describe_kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "something other than a file"


def _my_uid() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def _stat_problem(st: os.stat_result) -> str | None:
    """Why a file the app keeps (lstat ``st``) must not be written, changed or trusted; or None.

    Words that complete "The file X beside your workbook ...". A link is never
    followed, a pipe or device never opened, another account's file never
    touched, and a file its owner can't both read and write (root passes
    ``os.access`` on anything, so the owner's mode bits decide) is left as
    whoever made it so wanted.
    """
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link"
    if not stat.S_ISREG(st.st_mode):
        return f"is {_describe_kind(st.st_mode)}, not an ordinary file"
    me = _my_uid()
    if me is not None and st.st_uid != me:
        return "belongs to another user account"
    if (st.st_mode & (stat.S_IRUSR | stat.S_IWUSR)) != (stat.S_IRUSR | stat.S_IWUSR):
        return "can't be both read and written by you"
    return None


def _file_problem(path: Path) -> str | None:
    """``_stat_problem`` of ``path`` itself (never what a link points to); None if it is absent."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"can't be looked at ({exc.strerror or 'unknown error'})"
    return _stat_problem(st)


def _open_regular(path: str | os.PathLike, *, follow: bool = True) -> tuple[int, os.stat_result]:
    """Open an ordinary file for reading without ever blocking; return (fd, its fstat).

    A named pipe would block ``open`` until a writer came (for ever), a device
    might do anything: the type is checked with ``stat`` before opening, the
    open itself never waits (O_NONBLOCK), and ``fstat`` checks again what was
    really opened. ``follow=False`` refuses a symbolic link (OSError ELOOP).
    Raises NotRegularFile or OSError.
    """
    before = os.stat(path) if follow else os.lstat(path)
    if stat.S_ISLNK(before.st_mode):
        raise OSError(errno.ELOOP, "it is a symbolic link", os.fspath(path))
    if not stat.S_ISREG(before.st_mode):
        raise NotRegularFile(Path(path), _describe_kind(before.st_mode))
    flags = os.O_RDONLY | _O_NONBLOCK | _O_CLOEXEC | _O_NOCTTY | (0 if follow else _O_NOFOLLOW)
    fd = os.open(path, flags)
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # swapped between the stat and the open
            raise NotRegularFile(Path(path), _describe_kind(st.st_mode))
    except BaseException:
        os.close(fd)
        raise
    return fd, st


def _read_regular(
    path: str | os.PathLike, *, follow: bool = True, limit: int | None = None
) -> tuple[bytes, os.stat_result]:
    """The bytes of an ordinary file and its fstat, read without blocking (``_open_regular``).

    With ``limit``, at most that many bytes and one more are read, so a caller
    can tell a file that is too big without holding all of it.
    """
    fd, st = _open_regular(path, follow=follow)
    with os.fdopen(fd, "rb", buffering=0) as file:
        return (file.readall() if limit is None else file.read(limit + 1)), st


def read_regular_file(path: str | os.PathLike, *, limit: int | None = None) -> bytes:
    """The bytes of the ordinary file at ``path`` (a link is followed: reading writes nothing).

    Raises NotRegularFile for a named pipe, a device, a socket or a folder,
    before reading anything, so a pipe can't make the caller wait for ever;
    OSError if the file can't be read. With ``limit``, a file longer than that
    is read only to ``limit`` bytes and one more (the caller refuses it).
    """
    return _read_regular(path, limit=limit)[0]


def check_workbook_file(path: str | os.PathLike) -> None:
    """Refuse a workbook path that is not an ordinary file, before anything is opened.

    Raises NotRegularFile for a named pipe, a device, a socket or a folder
    (after following links, as opening does); a path that does not exist yet
    is fine. Cheap (one ``stat``), so the command line calls it before the
    full-screen app takes over the terminal.
    """
    try:
        st = os.stat(path)
    except OSError:
        return  # missing, or unreadable: opening says what is wrong
    if not stat.S_ISREG(st.st_mode):
        raise NotRegularFile(Path(path), _describe_kind(st.st_mode))


def _identity(st: os.stat_result) -> tuple[int, int, int, int]:
    """What says "this is still the same version of the file", cheaply, without reading it."""
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns)


# --- writing ----------------------------------------------------------------


def _put_answers_last(data: dict) -> None:
    """Move the answers to the end of ``data`` and say so in ``_meta`` (see ``_small_tables``)."""
    if ANSWERS_TABLE in data and next(reversed(data)) != ANSWERS_TABLE:
        data[ANSWERS_TABLE] = data.pop(ANSWERS_TABLE)
    for meta in data[META_TABLE].values():
        meta[ANSWERS_LAST] = True


def _sync(fd: int) -> None:
    """Push a file's data to the disk itself (macOS needs F_FULLFSYNC for that)."""
    if fcntl is not None and hasattr(fcntl, "F_FULLFSYNC"):
        try:
            fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
            return
        except OSError as exc:
            # Only "not supported here" falls back; any other error is a failed sync.
            if exc.errno not in (errno.ENOTSUP, errno.EINVAL, errno.ENOTTY):
                raise
    os.fsync(fd)


def _sync_folder(folder: str) -> None:
    """Make renames in ``folder`` durable (POSIX; Windows journals them itself)."""
    if os.name == "nt":
        return
    fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(fd)
    except OSError as exc:
        # Some file systems cannot sync a folder at all; that is not a failed save.
        if exc.errno not in (errno.EINVAL, errno.ENOTSUP):
            raise
    finally:
        os.close(fd)


def _new_temp_file(payload: bytes, folder: str, name: str) -> str:
    """Write ``payload`` to a new synced 0600 temp file in ``folder``; return its path."""
    return _write_temp_file(payload, folder, name)[0]


def _write_temp_file(payload: bytes, folder: str, name: str) -> tuple[str, os.stat_result]:
    """``_new_temp_file``, also returning the new file's fstat once it is complete."""
    # mkstemp creates the file with O_EXCL: it never opens, or follows, anything already there.
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600)  # mkstemp's 0600 is still reduced by a umask like 0277
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            _sync(fd)
            # A rename keeps the inode, size and mtime: this is how the file will look.
            written = os.fstat(fd)
        finally:
            os.close(fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp, written


def _copy_file(src: str, dst: str) -> None:
    """Copy ``src`` to the new file ``dst`` (0600) and sync it.

    ``src`` must be an ordinary file, not a link (it is never followed);
    ``dst`` is created new (O_EXCL), so nothing already there is written.
    """
    source_fd, _ = _open_regular(src, follow=False)
    with os.fdopen(source_fd, "rb") as source:
        fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_NOFOLLOW | _O_CLOEXEC, 0o600)
        with os.fdopen(fd, "wb") as out:
            os.fchmod(fd, 0o600)
            while chunk := source.read(1 << 20):
                out.write(chunk)
            out.flush()
            _sync(out.fileno())


def _link_or_copy(src: str, dst: str, db_name: str) -> None:
    """Make ``dst`` hold exactly what ``src`` holds, replacing ``dst`` atomically.

    A hard link costs nothing and shares the (0600) file; a copy is the
    fallback on file systems without hard links. The temp name is one that
    ``_remove_orphans`` recognises for the workbook ``db_name``.
    """
    tmp = os.path.join(os.path.dirname(dst), f".{db_name}.{os.urandom(6).hex()}.tmp")
    try:
        try:
            os.link(src, tmp)
        except OSError as exc:
            if exc.errno not in _NO_LINK_ERRNOS:
                raise
            _copy_file(src, tmp)
        os.replace(tmp, dst)
        # rename() does nothing if both names already link to one file (as the
        # workbook and .bak do after a rollback), which would leave tmp behind.
        with suppress(FileNotFoundError):
            os.unlink(tmp)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise


def _replace_atomically(
    path: Path, payload: bytes, *, keep_backup: bool = True
) -> tuple[int, int, int, int]:
    """Make the file at ``path`` hold ``payload``: all of it or, on error, none of it.

    With ``keep_backup`` the previous file becomes ``<path>.bak``, and on
    OSError the file holds exactly what it held before. ``path`` is used as
    it is: a rename replaces whatever entry has that name, a link itself
    rather than what it points to (callers resolve the workbook's path once,
    when it is opened). Returns the identity (``_identity``) of the new file.
    """
    target = os.path.abspath(path)
    folder, name = os.path.split(target)
    backup = target + ".bak"
    new_file, written = _write_temp_file(payload, folder, name)
    tmp: str | None = new_file  # None once it has become the file itself
    had_old = keep_backup and os.path.lexists(target)
    try:
        if had_old:
            _link_or_copy(target, backup, name)
        os.replace(new_file, target)
        tmp = None
    finally:
        if tmp is not None:
            with suppress(OSError):
                os.unlink(tmp)
    try:
        _sync_folder(folder)
    except BaseException:
        # The rename may not be durable; put the old file back so that what
        # the user sees matches the "not saved" message. Best effort only.
        with suppress(OSError):
            if had_old:
                _link_or_copy(backup, target, name)
            elif keep_backup:
                os.unlink(target)
            _sync_folder(folder)
        raise
    return _identity(written)


# --- the TinyDB storage -----------------------------------------------------


class SafeJSONStorage(Storage):
    """A TinyDB storage that writes atomically, durably and privately.

    The parsed tables are kept in memory after the first ``read()`` and the
    very same dict is returned each time, so a read costs nothing and no
    second copy of the data exists. Use it with one writer at a time, while
    ``open_database``'s lock is held.

    The lock only works if everyone takes it. So before every write the
    storage also checks, with one ``lstat``, that the file on disk is still
    the version it last read or wrote (same inode, size and modification
    time). If it is not, it writes nothing over it, keeps its own version
    aside and raises ``WorkbookChanged`` (see ``write``).

    A workbook locked with a passphrase (``workbook.envelope``) is opened
    with ``secret`` (the passphrase or the recovery key, once, with scrypt)
    or ``ring`` (a key ring already unlocked); from then on every write is
    encrypted with the same key ring (``key_ring``), and so is everything a
    write leaves behind: the temp file, the ``.bak`` (the previous save) and
    a copy kept aside. ``set_key_ring`` locks, relocks or unlocks it at the
    next write.
    """

    def __init__(
        self,
        path: str | os.PathLike,
        *,
        read_only: bool = False,
        secret: Secret | None = None,
        ring: KeyRing | None = None,
    ) -> None:
        """Use the workbook file at ``path``; nothing is read until ``read()``."""
        super().__init__()
        self.path = Path(path)
        self.read_only = read_only
        self._secret = secret
        self._ring = ring
        self.keep_backup = True
        """False for a write whose old version must not become the ``.bak`` (``relock``)."""
        self._data: dict | None = None
        self._raw: bytes | None = None
        """The start of the file as read by ``open``, while its answers wait to be parsed."""
        self._rest: io.FileIO | None = None
        """The open file, when ``open`` left the rest of it (the answers) to be read later."""
        self._small: dict | None = None
        """Every table but the answers, parsed from ``_raw``."""
        self._failure: CorruptDatabase | None = None
        self.small_tables_were_whole = True
        """False if the answers, once parsed, were not the file's last table after all."""
        self._looked = False
        """True once the file was read (or found missing) or written by this storage."""
        self._seen: tuple[int, int, int, int] | None = None
        """The identity of the file as last read or written (None: there was no file)."""
        self._changed_elsewhere = False
        """Set for good once the file was found changed by someone else."""
        self._aside: Path | None = None
        """Where this storage's own version is kept after that (``<db>.unsaved-<time>``)."""
        self._gathering = False
        """True inside ``one_write``: writes are held in memory until it ends."""
        self._gathered: dict | None = None
        """The tables as the last write inside ``one_write`` left them, not yet saved."""

    def open(self) -> dict | None:
        """Read the file, parsing every table but the answers now and the answers later.

        The answers of a big file are parsed on the first ``read()``, so the
        first screen can show while that happens. Returns the tables parsed so
        far (see ``table``); None if the file does not exist. Raises like
        ``read()`` for a file whose small tables are not a healthy workbook.
        """
        if self._data is None and self._raw is None:
            file = self._open_file()
            if file is None:
                return None
            raw, small = self._read_start(file)
            if small is None:
                with file:
                    raw += self._read_rest(file)
                if envelope.is_locked(raw):
                    raw = self._unlocked(raw)
                    # The document, once decrypted, is laid out as a plain one:
                    # a big one still shows home before its answers are parsed.
                    if len(raw) >= DEFER_ANSWERS_FROM and (small := _small_tables(raw)):
                        self._raw, self._small = raw, small
                        return small
                self._data = _parse(raw, self.path)
                return self._data
            if file.tell() == os.fstat(file.fileno()).st_size:
                file.close()
            else:
                self._rest = file
            self._raw, self._small = raw, small
        return self._data if self._data is not None else self._small

    def _open_file(self) -> io.FileIO | None:
        """The workbook file, open for reading (``_open_regular``); None if there is none."""
        try:
            fd, st = _open_regular(self.path, follow=False)
        except FileNotFoundError:
            self._looked, self._seen = True, None
            return None
        except OSError as exc:
            raise self._unreadable(exc) from exc
        self._looked, self._seen = True, _identity(st)
        return io.FileIO(fd, "rb", closefd=True)

    def _read_start(self, file: io.FileIO) -> tuple[bytes, dict | None]:
        """Read the file up to the end of its small tables, and parse them; (bytes read, tables).

        Reading 30 MB takes longer than drawing home, and home needs only the
        small tables at the front: so a big file is read a piece at a time
        until they are whole, and the rest waits for ``read``. The tables are
        None when the file is small, or not a workbook whose answers come last
        (it is then read and parsed whole, as any file would be).
        """
        raw = b""
        while len(raw) < _HEAD_LIMIT:
            piece = self._read_piece(file, _HEAD_PIECE)
            if not piece:
                return raw, None
            raw += piece
            if envelope.is_locked(raw):
                return raw, None  # encrypted whole: read whole, then decrypted (``open``)
            if len(raw) < DEFER_ANSWERS_FROM and len(piece) == _HEAD_PIECE:
                continue  # a big file's first megabyte: no need to look yet
            if len(raw) < DEFER_ANSWERS_FROM:
                return raw, None  # the whole file, and a small one
            if _ANSWERS_KEY in raw and (small := _small_tables(raw)) is not None:
                return raw, small
        return raw, None

    def _read_piece(self, file: io.FileIO, size: int) -> bytes:
        try:
            return file.read(size) or b""
        except OSError as exc:
            file.close()
            raise self._unreadable(exc) from exc

    def _read_rest(self, file: io.FileIO) -> bytes:
        try:
            return file.readall() or b""
        except OSError as exc:
            raise self._unreadable(exc) from exc

    def _unlocked(self, raw: bytes) -> bytes:
        """The document in a locked file's bytes; keeps the key ring that opened it."""
        plain, self._ring = _plaintext(raw, self.path, ring=self._ring, secret=self._secret)
        self._secret = None  # the ring is all a later read or write needs
        return plain

    @property
    def key_ring(self) -> KeyRing | None:
        """The key ring every write is encrypted with; None for a plain workbook."""
        return self._ring

    @property
    def secret(self) -> Secret | None:
        """The secret given to open the file, until it has opened it (then None)."""
        return self._secret

    def set_key_ring(self, ring: KeyRing | None) -> None:
        """Encrypt the next writes with ``ring`` (None: write the workbook plain)."""
        self._ring = ring

    @staticmethod
    def _unreadable(exc: OSError) -> StorageError:
        return StorageError(
            "The workbook file could not be read "
            f"({exc.strerror or 'unknown error'}). Nothing has been changed."
        )

    def table(self, name: str) -> dict:
        """One stored table (the cached dict itself), without parsing the answers for it."""
        if self._data is None and self._small is not None and name != ANSWERS_TABLE:
            return self._small.get(name, {})
        return (self.read() or {}).get(name, {})

    @property
    def complete(self) -> bool:
        """True once every table, the answers too, has been parsed."""
        return self._data is not None

    def read(self) -> dict | None:
        """The tables (the cached dict itself), or None if the file does not exist.

        Raises CorruptDatabase or NewerSchema for a file that is not a
        workbook this version can use, and StorageError if it can't be read.
        """
        if self._failure is not None:
            raise self._failure
        if self._data is None and self._raw is not None:
            assert self._small is not None  # open() sets _raw and _small together
            raw, rest, self._rest = self._raw, self._rest, None
            if rest is not None:
                with rest:  # the same file open() began: later replacements don't matter
                    raw += self._read_rest(rest)
            try:
                self._data = _parse(raw, self.path)
                # False only for a file edited by hand after it was last saved.
                self.small_tables_were_whole = list(self._data) == [*self._small, ANSWERS_TABLE]
            except CorruptDatabase as exc:
                # Found only now that home is showing; nothing was written meanwhile.
                backup = _valid_backup(self.path, ring=self._ring)
                locked = _looks_locked(self.path, exc)
                self._failure = CorruptDatabase(self.path, exc.reason, backup, locked=locked)
                raise self._failure from None
            finally:
                self._raw = self._small = None
        if self._data is None:
            whole = self._read_bytes()
            if whole is None:
                return None
            if envelope.is_locked(whole):
                whole = self._unlocked(whole)
            self._data = _parse(whole, self.path)
        return self._data

    def _read_bytes(self) -> bytes | None:
        # Never through a link, never blocking on a pipe (``_open_regular``).
        try:
            raw, st = _read_regular(self.path, follow=False)
        except FileNotFoundError:
            self._looked, self._seen = True, None
            return None
        except OSError as exc:
            raise StorageError(
                "The workbook file could not be read "
                f"({exc.strerror or 'unknown error'}). Nothing has been changed."
            ) from exc
        self._looked, self._seen = True, _identity(st)
        return raw

    def _unchanged_on_disk(self) -> bool:
        """True if the file is still the version this storage last read or wrote."""
        if not self._looked:
            return True  # nothing read yet, so nothing this write could overwrite unseen
        try:
            now: tuple[int, int, int, int] | None = _identity(os.lstat(self.path))
        except FileNotFoundError:
            now = None
        except OSError:
            return True  # can't look: the write itself will fail and say why
        return now == self._seen

    @contextmanager
    def one_write(self) -> Iterator[None]:
        """Gather every write made inside into ONE atomic write when the block ends.

        TinyDB writes the whole file once per insert or update, so a step
        that saves an answer and then the attempt's next state would be two
        writes, and a crash between them would keep one without the other.
        Inside this block each write only updates the tables in memory (reads
        see them); at the end they are saved once, all or nothing. If the
        block raises, nothing is saved and the next read starts again from
        the file. Blocks may nest; only the outermost one writes.
        """
        if self._gathering:
            yield
            return
        self._gathering, self._gathered = True, None
        try:
            yield
        except BaseException:
            if self._data is not None:
                # Forget any change made in memory, saved or not: the file is as it was.
                self._data = None
            raise
        finally:
            self._gathering = False
            gathered, self._gathered = self._gathered, None
        if gathered is not None:
            self.write(gathered)

    def write(self, data: dict) -> None:
        """Save ``data`` as the whole file; raise WriteFailed if it was not saved.

        Raises WorkbookChanged (a WriteFailed) if the file on disk is no
        longer the version this storage last read or wrote: someone wrote it
        without the lock. Nothing is written over it then; ``data`` is kept
        aside in a private ``<db>.unsaved-<time>`` file, and so is every later
        save, so neither version is lost.
        """
        if self._gathering:
            if self.read_only:
                raise ReadOnlyDatabase(self.path)
            self._data = self._gathered = data  # saved when ``one_write`` ends
            return
        # TinyDB changes the dict that read() returned *before* it calls
        # write(), so until this save succeeds the cache may show unsaved
        # changes. Drop it now: if the save fails, the file is unchanged and
        # the next read() parses it again, showing only what was really saved.
        self._data = None
        if self.read_only:
            raise ReadOnlyDatabase(self.path)
        if _meta_schema(data) is None:
            raise WriteFailed(
                ValueError("no valid _meta table"), "The workbook's version record is missing"
            )
        _put_answers_last(data)
        try:
            payload = orjson.dumps(data)  # first: a TypeError here leaves the disk untouched
        except Exception as exc:
            raise WriteFailed(exc) from exc
        if self._ring is not None:
            # Sealed before anything touches the disk: no temp file, backup or
            # copy kept aside ever holds the document in the clear.
            payload = envelope.seal(payload, self._ring)
        if self._changed_elsewhere or not self._unchanged_on_disk():
            self._keep_aside(data, payload)
        try:
            identity = _replace_atomically(self.path, payload, keep_backup=self.keep_backup)
        except Exception as exc:
            raise WriteFailed(exc) from exc
        self._looked, self._seen = True, identity
        self._data = data

    def _keep_aside(self, data: dict, payload: bytes) -> None:
        """Keep ``payload`` in ``<db>.unsaved-<time>``, not the workbook; raise WorkbookChanged.

        From now on this storage never writes the workbook again (it is not
        re-read either: what the other writer did must not silently become
        this window's view). It keeps its own version in memory, so each
        later save adds to the same aside file, which the couple can import.
        """
        self._changed_elsewhere = True
        self._data = data
        target = self._aside or _free_name(
            self.path.with_name(f"{self.path.name}.unsaved-{_stamp()}")
        )
        try:
            _replace_atomically(target, payload, keep_backup=False)
        except OSError as exc:
            raise WorkbookChanged(self.path, None, exc) from exc
        self._aside = target
        raise WorkbookChanged(self.path, target)

    def close(self) -> None:
        """Forget the cached tables and any key; close the file if its answers were never read."""
        self._data = self._raw = self._small = None
        self._ring = self._secret = None
        rest, self._rest = self._rest, None
        if rest is not None:
            rest.close()


# --- a TinyDB that edits tables in place -------------------------------------


class _WorkbookTinyDB(TinyDB):
    """TinyDB with in-place table updates (see ``workbook.compat.InPlaceTable``)."""

    table_class = InPlaceTable


# --- opening a workbook -----------------------------------------------------


@dataclass
class OpenDatabase:
    """A workbook opened by ``open_database``; holds the lock until ``close()``."""

    path: Path
    db: TinyDB
    read_only: bool
    read_only_reason: str | None
    migrated_from: int | None
    _lock: _LockFile | None = field(default=None, repr=False)

    @property
    def storage(self) -> SafeJSONStorage:
        """The storage under the database."""
        storage = self.db.storage
        assert isinstance(storage, SafeJSONStorage)
        return storage

    @property
    def key_ring(self) -> KeyRing | None:
        """The key ring the workbook is locked with; None for a plain workbook."""
        return self.storage.key_ring

    def close(self) -> None:
        """Close the database and release the lock. Calling it again does nothing."""
        self.db.close()
        lock, self._lock = self._lock, None
        if lock is not None:
            lock.release()

    def __enter__(self) -> OpenDatabase:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _writable(path: Path) -> bool:
    # Root passes os.access on anything, so the owner-write bit is checked too.
    return bool(path.stat().st_mode & stat.S_IWUSR) and os.access(path, os.W_OK)


def _folder_writable(folder: Path) -> bool:
    return _writable(folder) and os.access(folder, os.X_OK)


_FOREIGN_WORKBOOK = (
    "This workbook file belongs to another user account, so the app will not change it: "
    "you can look but not change anything."
)
_HARD_LINKED = (
    "This workbook file has a second name on this computer (a hard link), so another "
    "window could open it under that name and save over answers saved here. You can look "
    "but not change anything: remove the other name, then open the workbook again."
)


def _neighbour_problem(path: Path) -> tuple[Path, str] | None:
    """The first of the workbook's ``.lock`` and ``.bak`` that the app must not touch, and why."""
    for end in (".lock", ".bak"):
        neighbour = Path(f"{path}{end}")
        problem = _file_problem(neighbour)
        if problem is not None:
            return neighbour, problem
    return None


def _neighbour_sentence(neighbour: Path, problem: str) -> str:
    return (
        f"The file {neighbour.name} beside your workbook {problem}. The app never writes to "
        "or through such a file"
    )


def _extra_names(path: Path, st: os.stat_result) -> bool:
    """True if the workbook (lstat ``st``) has a name the app did not give it (a hard link).

    The app itself links the workbook to its backup (a save, a deletion) and,
    for a moment, to a temp file; those names are counted, any other is not.
    """
    if st.st_nlink <= 1:
        return False
    ours = 0
    for name in kept_files(path):
        with suppress(OSError):
            other = os.lstat(name)
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                ours += 1
    return st.st_nlink > ours


def _read_only_reason(path: Path) -> str | None:
    """Why the workbook at ``path`` can't be changed, or None if it can.

    Besides a read-only file or folder: a workbook of another account, one
    with a second name (a hard link, which would dodge the lock), and a
    ``.lock`` or ``.bak`` the app must not touch (a link, a pipe, another
    account's file). Then nothing is written, chmod-ed or locked.
    """
    try:
        st: os.stat_result | None = os.lstat(path)
    except FileNotFoundError:
        st = None
    if st is not None and not _writable(path):
        return _FILE_READ_ONLY
    me = _my_uid()
    if st is not None and me is not None and st.st_uid != me:
        return _FOREIGN_WORKBOOK
    if not _folder_writable(path.parent):
        return _FOLDER_READ_ONLY
    if st is not None and _extra_names(path, st):
        return _HARD_LINKED
    found = _neighbour_problem(path)
    if found is not None:
        neighbour = found[0]
        return (
            f"{_neighbour_sentence(*found)}, so you can look but not change anything. Move or "
            f"remove {neighbour.name}, then open the workbook again."
        )
    return None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with a counter added if that name is taken."""
    candidate, n = path, 1
    while os.path.lexists(candidate):  # a dangling link is taken too
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def make_private_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700; leave existing ones alone.

    The one way the workbook makes a folder (for the file, the content cache,
    a crash report). Raises StorageError, in plain words, if it can't.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    try:
        for new in reversed(missing):
            new.mkdir(mode=0o700)
            # mkdir's mode is reduced by the umask. Set through a descriptor of
            # the folder just made, never by name: the name could be swapped.
            fd = os.open(new, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | _O_NOFOLLOW)
            try:
                os.fchmod(fd, 0o700)
            finally:
                os.close(fd)
    except OSError as exc:
        raise StorageError(
            f"The folder for the workbook ({missing[0]}) could not be created "
            f"({exc.strerror or 'unknown error'})."
        ) from exc


class _LockFile:
    """An exclusive lock on ``<db>.lock``, held while its file stays open.

    ``flock`` on POSIX (the kernel drops it when the process ends, however it
    ends); the ``filelock`` package elsewhere. A small class of our own rather
    than ``filelock`` everywhere, because importing that costs start-up time.
    """

    def __init__(self, path: Path) -> None:
        """Take the lock at once; raise DatabaseLocked if another process holds it."""
        self._fd: int | None = None
        self._other: Any = None
        if sys.platform == "win32":  # no fcntl there; filelock is a Windows-only dependency
            import filelock

            self._other = filelock.FileLock(path, timeout=0, mode=0o600, thread_local=False)
            try:
                self._other.acquire()
            except filelock.Timeout:
                raise _Held from None
            return
        # Never through a link (O_NOFOLLOW: a link is refused, its target
        # neither created nor opened), never blocking on a pipe (O_NONBLOCK).
        flags = os.O_RDWR | _O_CLOEXEC | _O_NOFOLLOW | _O_NONBLOCK | _O_NOCTTY
        try:
            fd = os.open(path, flags | os.O_CREAT | os.O_EXCL, 0o600)
            created = True
        except FileExistsError:
            fd = os.open(path, flags)
            created = False
        try:
            st = os.fstat(fd)
            problem = None if created else _stat_problem(st)
            if problem is not None:
                raise _Unsafe(problem)
            # os.open's mode is reduced by the umask; an old lock may be loose.
            # Only a file of ours with no other name: chmod would reach them all.
            if stat.S_IMODE(st.st_mode) != 0o600 and st.st_nlink == 1:
                with suppress(OSError):
                    os.fchmod(fd, 0o600)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _Held from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        """Let go of the lock; calling it again does nothing."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)  # closing the only descriptor releases the flock
        other, self._other = self._other, None
        if other is not None:
            other.release()


class _Held(Exception):
    """Another process holds the lock."""


class _Unsafe(Exception):
    """The lock file is one the app must not use (see ``_stat_problem``)."""


def _take_lock(path: Path) -> _LockFile | None:
    """Lock ``<path>.lock``; None when the workbook will open read-only without it.

    That is a read-only folder that has no lock file, and a lock file the app
    must not touch (a link, a pipe, another account's file):
    ``_read_only_reason`` then says why.
    """
    lock_path = Path(f"{path}.lock")
    if not os.path.lexists(lock_path) and not _folder_writable(path.parent):
        return None  # create nothing in a read-only folder; nobody can write there anyway
    if _file_problem(lock_path) is not None:
        return None
    try:
        return _LockFile(lock_path)
    except _Held:
        raise DatabaseLocked(path) from None
    except _Unsafe as exc:  # swapped in after the check above
        raise StorageError(
            f"{_neighbour_sentence(lock_path, str(exc))}, so the workbook was not opened. "
            f"Move or remove {lock_path.name}, then try again."
        ) from None
    except OSError as exc:
        if not _folder_writable(path.parent):
            return None
        raise StorageError(
            "The workbook could not be opened because its lock file could not be "
            f"created ({exc.strerror or 'unknown error'})."
        ) from exc


def _remove_orphans(path: Path) -> None:
    """Delete temp files left by a save that was killed (call only under the lock)."""
    prefix, suffix = f".{path.name}.", ".tmp"
    me = _my_uid()
    with os.scandir(path.parent) as entries:
        for entry in entries:
            middle = entry.name[len(prefix) : -len(suffix)]
            if (
                entry.name.startswith(prefix)
                and entry.name.endswith(suffix)
                and middle
                and "." not in middle  # not the temp file of "<name>.something"
                and entry.is_file(follow_symlinks=False)
            ):
                # Only our own: in a shared folder another account's file is not
                # ours to delete (and trying must not stop the workbook opening).
                with suppress(OSError):
                    if me is None or entry.stat(follow_symlinks=False).st_uid == me:
                        os.unlink(entry.path)


def _make_private(path: Path) -> None:
    """Set 0600 on the workbook and its backup where others could read them.

    Through a descriptor of the file itself (never by name, never through a
    link, never opening a pipe), and only for ordinary files of this account
    that have no other name than the app's own: chmod on a hard link would
    reach a file the app did not make. The lock file is done as it is taken.
    """
    workbook: os.stat_result | None = None
    for file in (path, Path(f"{path}.bak")):
        try:
            fd, st = _open_regular(file, follow=False)
        except (OSError, StorageError):
            continue
        try:
            if file == path:
                workbook = st
            own_names = st.st_nlink == 1 or (
                workbook is not None
                and (st.st_dev, st.st_ino) == (workbook.st_dev, workbook.st_ino)
            )
            if st.st_mode & 0o077 and own_names and _stat_problem(st) is None:
                with suppress(OSError):
                    os.fchmod(fd, 0o600)
        finally:
            os.close(fd)


def _make_own_file_private(path: Path) -> None:
    """Set 0600 on a file the app just made at ``path``, through its descriptor, never a link."""
    fd, st = _open_regular(path, follow=False)
    try:
        if _stat_problem(st) is None and stat.S_IMODE(st.st_mode) != 0o600:
            os.fchmod(fd, 0o600)
    finally:
        os.close(fd)


def _create(path: Path, ring: KeyRing | None = None) -> None:
    """Write a brand-new workbook holding only ``_meta`` (locked with ``ring``, if given)."""
    data = {
        META_TABLE: {
            "1": {"schema": CURRENT_SCHEMA, "created": now_iso(), "app_version": __version__}
        }
    }
    _put_answers_last(data)
    old_backup = Path(f"{path}.bak")
    try:
        if os.path.lexists(old_backup):
            # The next save would turn the backup into a copy of this empty
            # workbook; keep the old one, it may hold the only copy of answers.
            os.replace(old_backup, _free_name(Path(f"{path}.bak-{_stamp()}")))
        payload = orjson.dumps(data)
        if ring is not None:
            payload = envelope.seal(payload, ring)
        _replace_atomically(path, payload, keep_backup=False)
    except OSError as exc:
        raise StorageError(
            f"A new workbook could not be created ({exc.strerror or 'unknown error'})."
        ) from exc


def _valid_backup(
    path: Path, *, ring: KeyRing | None = None, secret: Secret | None = None
) -> Path | None:
    """``<path>.bak`` if it is a workbook this version can open, else None.

    A locked backup counts only if ``ring`` or ``secret`` opens it.
    """
    backup = Path(f"{path}.bak")
    if _file_problem(backup) is not None:
        return None  # a link, a pipe or another account's file is no backup of ours
    try:
        raw = _read_regular(backup, follow=False)[0]
        _check(_plaintext(raw, backup, ring=ring, secret=secret)[0], backup)
    except (OSError, StorageError):
        return None
    return backup


def _keep_copy(path: Path, dest: Path) -> None:
    """Save a permanent, synced 0600 copy of ``path`` as ``dest`` (or a free variant)."""
    tmp = _new_temp_file(_read_regular(path, follow=False)[0], str(path.parent), path.name)
    try:
        os.replace(tmp, _free_name(dest))
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    _sync_folder(str(path.parent))


def _migrate(storage: SafeJSONStorage, data: dict) -> int:
    """Bring the file up to CURRENT_SCHEMA in one atomic save; return the old schema."""
    found = _meta_schema(data)
    assert found is not None
    failed = "This workbook could not be updated to the new format, so it was left as it was."
    try:
        tables = orjson.loads(orjson.dumps(data))  # a deep copy, cheaply
        for version in range(found, CURRENT_SCHEMA):
            tables = MIGRATIONS[version](tables)
            next(iter(tables[META_TABLE].values()))["schema"] = version + 1
        problem = _shape_problem(tables) or workbook_problem(tables)
        if problem:
            raise ValueError(f"migration result: {problem}")
        before, after = len(data.get(ANSWERS_TABLE, {})), len(tables.get(ANSWERS_TABLE, {}))
        if before != after:
            raise ValueError(f"migration changed the number of answers: {before} -> {after}")
    except Exception as exc:
        raise StorageError(failed) from exc
    try:
        _keep_copy(storage.path, storage.path.with_name(f"{storage.path.name}.schema-v{found}.bak"))
        storage.write(tables)
    except (OSError, WriteFailed) as exc:
        raise StorageError(failed) from exc
    return found


def open_database(
    path: str | os.PathLike, *, secret: Secret | None = None, new_ring: KeyRing | None = None
) -> OpenDatabase:
    """Open (or create) the workbook at ``path`` for this window.

    A locked workbook opens only with ``secret`` (its passphrase or recovery
    key): without one it raises WorkbookIsLocked, with a wrong one WrongKey,
    and nothing is changed. ``new_ring`` locks a workbook created now (so
    even the new file never holds a byte in the clear); an existing one
    keeps what it is.

    Takes ``<path>.lock`` (DatabaseLocked if another window has it), creates
    the folder and file privately if needed, reads the file strictly
    (CorruptDatabase, NewerSchema), upgrades an older schema, and opens
    read-only if the file or folder can't be written, or if a file beside it
    must not be touched (see ``_read_only_reason``). A file that can't be
    read is never changed, moved or overwritten; a named pipe, a device or a
    folder is refused before anything is opened (NotRegularFile).
    """
    path = Path(os.path.realpath(os.fspath(path)))
    check_workbook_file(path)
    make_private_folder(path.parent)
    lock = _take_lock(path)
    try:
        return _open_locked(path, lock, secret, new_ring)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_locked(
    path: Path, lock: _LockFile | None, secret: Secret | None, new_ring: KeyRing | None
) -> OpenDatabase:
    if lock is not None and _folder_writable(path.parent):
        with suppress(OSError):  # a folder that can't be listed: the temp files can wait
            _remove_orphans(path)  # first: a temp file linked to the workbook is no second name
    reason = _read_only_reason(path)
    if not os.path.lexists(path):
        neighbour = _neighbour_problem(path)
        if reason is not None and neighbour is not None and _folder_writable(path.parent):
            raise StorageError(
                f"A new workbook can't be created. {_neighbour_sentence(*neighbour)}. Move or "
                f"remove {neighbour[0].name}, then try again."
            )
        if reason is not None:
            raise StorageError(
                "A new workbook can't be created because the app is not allowed to "
                f"write in the folder {path.parent}."
            )
        _create(path, new_ring)
        secret, ring = None, new_ring
    else:
        ring = None
    db = _WorkbookTinyDB(
        path, storage=SafeJSONStorage, read_only=reason is not None, secret=secret, ring=ring
    )
    storage: SafeJSONStorage = db.storage  # type: ignore[assignment]
    try:
        try:
            data = storage.open()
        except CorruptDatabase as exc:
            locked = _looks_locked(path, exc)
            if locked and storage.secret is None and storage.key_ring is None:
                # Its locked backup may open with the passphrase: ask for it first
                # (``DamagedLockedWorkbook`` is a WorkbookIsLocked), then offer it.
                raise DamagedLockedWorkbook(path, exc.reason) from None
            # A locked backup is checked with the key ring if the passphrase opened
            # the file's key, else with the passphrase itself (scrypt once more).
            backup = _valid_backup(path, ring=storage.key_ring, secret=storage.secret)
            raise CorruptDatabase(path, exc.reason, backup, locked=locked) from None
        if data is None:  # removed between our check and the read
            backup = _valid_backup(path, ring=storage.key_ring, secret=storage.secret)
            raise CorruptDatabase(path, "the file is missing", backup)
        migrated_from = None
        if _meta_schema(data) != CURRENT_SCHEMA:  # only ever from a complete read
            if reason is not None:
                raise StorageError(
                    "This workbook needs updating to the new format, but it is read-only. "
                    "Make it writable, then open it again."
                )
            migrated_from = _migrate(storage, data)
        if reason is None:
            _make_private(path)
    except BaseException:
        db.close()
        raise
    return OpenDatabase(path, db, reason is not None, reason, migrated_from, lock)


def restore_backup(path: str | os.PathLike, *, secret: Secret | None = None) -> Path:
    """Replace a broken workbook with its ``.bak``; return where the broken file was kept.

    The broken file is kept as ``<path>.corrupt-<UTC time>`` (0600), then the
    backup's bytes become the workbook in one atomic step. Raises
    StorageError if there is no usable backup or the workbook is read-only.
    If there was no workbook file at all, the returned path does not exist.
    A locked backup is checked with ``secret`` and restored as it is, locked.
    """
    path = Path(os.path.realpath(os.fspath(path)))
    if not path.parent.is_dir():
        raise StorageError("There is no usable backup copy of this workbook to restore.")
    check_workbook_file(path)
    lock = _take_lock(path)
    try:
        reason = _read_only_reason(path)
        if reason in (_FILE_READ_ONLY, _FOLDER_READ_ONLY):
            raise StorageError(
                "The backup can't be restored because the workbook or its folder is read-only."
            )
        backup = Path(f"{path}.bak")
        if _file_problem(backup) is not None:  # a link, a pipe, another account's file
            raise StorageError("There is no usable backup copy of this workbook to restore.")
        if reason is not None:
            raise StorageError(f"The backup can't be restored. {reason}")
        try:
            payload = _read_regular(backup, follow=False)[0]
            _check(_plaintext(payload, backup, secret=secret)[0], backup)
        except WrongKey:
            raise
        except (OSError, StorageError) as exc:
            raise StorageError(
                "There is no usable backup copy of this workbook to restore."
            ) from exc
        kept = _free_name(path.with_name(f"{path.name}.corrupt-{_stamp()}"))
        try:
            if os.path.lexists(path):
                _link_or_copy(str(path), str(kept), path.name)
                _make_own_file_private(kept)
            _replace_atomically(path, payload, keep_backup=False)
        except OSError as exc:
            raise StorageError(
                f"The backup could not be restored ({exc.strerror or 'unknown error'})."
            ) from exc
        return kept
    finally:
        if lock is not None:
            lock.release()


# --- reading without the lock, private files, scrubbing the backup -------------


def parse_workbook(raw: bytes, path: str | os.PathLike) -> dict:
    """Check the bytes of a workbook file (named ``path`` in errors); return its tables.

    As strict as opening: raises CorruptDatabase (with no backup offered) or
    NewerSchema. Nothing is locked, cached or written.
    """
    return _check(raw, Path(path))


def read_snapshot(path: str | os.PathLike, *, secret: Secret | None = None) -> dict:
    """The tables of the workbook at ``path``, read once, WITHOUT taking the lock.

    Safe while the app has the file open: every save replaces the whole file
    in one rename, so a plain read sees one complete save, never half of one.
    Raises CorruptDatabase or NewerSchema like opening does, and StorageError
    if there is no file or it can't be read. Nothing is ever written. A
    locked workbook needs ``secret`` (else WorkbookIsLocked; WrongKey).
    """
    return read_snapshot_and_ring(path, secret=secret)[0]


def read_snapshot_and_ring(
    path: str | os.PathLike, *, secret: Secret | None = None
) -> tuple[dict, KeyRing | None]:
    """``read_snapshot``, with the key ring that opened a locked workbook (None if plain).

    The ring seals a backup of a locked workbook in the same envelope, so
    the same passphrase and recovery key open it (``envelope.seal``).
    """
    path = Path(path)
    try:
        # Never blocks: a named pipe or a device is refused before it is read.
        raw = read_regular_file(path)
        plain, ring = _plaintext(raw, path, secret=secret)
        return _parse(plain, path), ring
    except CorruptDatabase as exc:
        if exc.locked or not _looks_locked(path, exc):
            raise
        # Unreadable, beside a locked backup: most likely a locked workbook damaged.
        raise CorruptDatabase(path, exc.reason, locked=True) from None
    except FileNotFoundError:
        raise StorageError(f"There is no workbook file at {path}.") from None
    except NotRegularFile as exc:
        if exc.kind == "a folder":
            raise StorageError(f"{path} is a folder, not a workbook file.") from None
        raise
    except OSError as exc:
        raise StorageError(
            "The workbook file could not be read "
            f"({exc.strerror or 'unknown error'}). Nothing has been changed."
        ) from exc


def unlock_file_bytes(raw: bytes, path: str | os.PathLike, secret: Secret | None) -> bytes:
    """The plain bytes inside a locked file (a workbook or a locked backup) read from ``path``.

    Plain bytes are returned as they are. Raises WorkbookIsLocked without a
    ``secret``, WrongKey, CorruptDatabase for a damaged envelope.
    """
    return _plaintext(raw, Path(path), secret=secret)[0]


def write_private_file(path: str | os.PathLike, payload: bytes) -> None:
    """Make ``path`` hold ``payload`` (mode 0600): all of it or, on error, none of it.

    For files that hold answers outside the workbook, such as exports. Raises
    OSError; an existing ordinary file of this account at ``path`` is
    replaced (a new file renamed over it), never half-written. Nothing is
    ever written through a symbolic link, and nothing that is not an
    ordinary file of this account is replaced: those raise OSError, whose
    ``strerror`` says why in plain words, and leave everything as it was.
    Callers that write exports check the name first (``check_export_target``).
    """
    path = Path(path)
    # The folder may be reached through links (it is resolved); the file's own
    # name is never followed: what is there is checked, then replaced by rename.
    target = Path(os.path.realpath(path.parent)) / path.name
    problem = _target_problem(target)
    if problem is not None:
        raise OSError(errno.EPERM, f"it {problem}, so nothing was written", os.fspath(path))
    _replace_atomically(target, payload, keep_backup=False)


def _target_problem(target: Path) -> str | None:
    """Why an export must not replace ``target``, in words completing "it ..."; None if it may."""
    try:
        st = os.lstat(target)
    except FileNotFoundError:
        return None
    except OSError:
        return None  # the write itself will say what is wrong
    if stat.S_ISLNK(st.st_mode):
        return "is a symbolic link, and the workbook never writes through a link"
    if not stat.S_ISREG(st.st_mode):
        return f"is {_describe_kind(st.st_mode)}, not an ordinary file"
    me = _my_uid()
    if me is not None and st.st_uid != me:
        return "belongs to another user account"
    return None


def check_export_target(target: str | os.PathLike, workbook: str | os.PathLike) -> None:
    """Refuse to export to ``target`` if that could touch the workbook at ``workbook``.

    The one check for every way of exporting (``workbook export -o`` and
    Review's export dialog). Refused, with UnsafeTarget and a plain message:

    * the workbook itself or any file the app keeps beside it (``kept_files``:
      its backup, lock, temp files, older backups, damaged copies, copies from
      before an upgrade, changes kept aside), by name after resolving links,
      and by identity (same device and inode: a hard link to any of them);
    * a symbolic link (never written through), a folder, a named pipe or a
      device, and another account's file.

    Returns None when ``write_private_file(target, ...)`` may go ahead.
    """
    target = Path(target)
    real_db = Path(os.path.realpath(workbook))
    placed = Path(os.path.realpath(target.parent)) / target.name  # the name itself unresolved
    for where in (placed, Path(os.path.realpath(target))):
        if where.parent == real_db.parent:
            kind = _kept_kind(where.name, real_db.name)
            if kind == "the workbook":
                raise UnsafeTarget(
                    target, f"{target} is the workbook itself; choose another name for the export"
                )
            if kind is not None:
                raise UnsafeTarget(
                    target,
                    f"{target} is the workbook itself ({kind}); choose another name for the export",
                )
    problem = _target_problem(placed)
    if problem is not None:
        raise UnsafeTarget(target, f"{target} {problem}; choose another name for the export")
    try:
        st = os.stat(placed)
    except OSError:
        return  # nothing there yet (or nothing this check can see)
    for kept in kept_files(real_db):
        with suppress(OSError):
            other = os.lstat(kept)
            if (other.st_dev, other.st_ino) == (st.st_dev, st.st_ino):
                raise UnsafeTarget(
                    target,
                    f"{target} is the workbook itself (another name for {kept.name}); "
                    "choose another name for the export",
                )


def scrub_backup(path: str | os.PathLike) -> None:
    """Make ``<path>.bak`` hold exactly what the workbook at ``path`` holds now.

    After a deletion the rolling backup still holds the deleted text; this
    replaces it atomically (0600) with the current file, which is still a
    good backup. Call it under the lock. Raises OSError.
    """
    target = os.path.realpath(path)
    folder, name = os.path.split(target)
    _link_or_copy(target, target + ".bak", name)
    _sync_folder(folder)


def _strings(value: Any) -> Iterator[str]:
    """Every string inside an answer's value (text, or the fields of a form)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _drop_answer(data: Any, uuid: str) -> bool:
    """Remove every document with this ``uuid`` from the tables of ``data``; True if any was."""
    if not isinstance(data, dict):
        return False
    dropped = False
    for table in data.values():
        if isinstance(table, dict):
            doomed = [
                k for k, doc in table.items() if isinstance(doc, dict) and doc.get("uuid") == uuid
            ]
            for key in doomed:
                del table[key]
            dropped = dropped or bool(doomed)
        elif isinstance(table, list):
            kept = [doc for doc in table if not (isinstance(doc, dict) and doc.get("uuid") == uuid)]
            dropped = dropped or len(kept) != len(table)
            table[:] = kept
    return dropped


def scrub_kept_copies(
    path: str | os.PathLike, uuid: str, value: Any = None, ring: KeyRing | None = None
) -> list[Path]:
    """Remove the answer ``uuid`` from every copy the app keeps beside the workbook at ``path``.

    The copies are the older backups (``.bak-*``), the damaged files a restore
    keeps (``.corrupt-*``), the copies from before an upgrade
    (``.schema-v*.bak``) and the changes kept aside (``.unsaved-*``); the
    rolling ``.bak`` is ``scrub_backup``'s. A copy that holds the answer and
    parses as JSON is rewritten without it, atomically and 0600.

    Returns, in order, the copies that still hold the answer: one that can't
    be parsed (a damaged file can't be edited safely) and still contains its
    uuid or words (``value``, the deleted answer's value), one that could not
    be rewritten, and one this account can't read or write. Symbolic links
    and pipes are never followed or read: the app makes neither. Call it
    under the lock. A locked copy is opened with ``ring`` (the workbook's)
    and written back locked with it; one that ``ring`` can't open is left.
    """
    real = Path(os.path.realpath(path))
    words = {text for text in _strings(value) if len(text.strip()) >= 3}
    needles = [uuid.encode()]
    needles += [text.encode("utf-8", "surrogatepass") for text in words]
    needles += [orjson.dumps(text)[1:-1] for text in words if _encodable(text)]
    left: list[Path] = []
    for copy in _copies(real):
        try:
            st = os.lstat(copy)
        except OSError:
            continue
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            continue
        if _stat_problem(st) is not None:
            left.append(copy)  # can't be read or rewritten by us: can't be sure it is clean
            continue
        try:
            raw = _read_regular(copy, follow=False)[0]
        except FileNotFoundError:
            continue
        except (OSError, StorageError):
            left.append(copy)
            continue
        locked = envelope.is_locked(raw)
        if locked:
            try:
                raw = _plaintext(raw, copy, ring=ring)[0]
            except StorageError:
                left.append(copy)  # can't be read, so can't be sure it is clean
                continue
        if not any(needle in raw for needle in needles):
            continue
        try:
            data = orjson.loads(raw)
        except orjson.JSONDecodeError:
            left.append(copy)
            continue
        if not _drop_answer(data, uuid):
            if uuid.encode() in raw:
                left.append(copy)  # there, but not as a document this code can remove
            continue  # only the same words in another answer
        payload = orjson.dumps(data)
        if uuid.encode() in payload:
            left.append(copy)
            continue
        if locked:
            assert ring is not None  # it opened the copy
            payload = envelope.seal(payload, ring)
        try:
            _replace_atomically(copy, payload, keep_backup=False)
        except OSError:
            left.append(copy)
    return left


def _encodable(text: str) -> bool:
    try:
        orjson.dumps(text)
    except orjson.JSONEncodeError:
        return False
    return True


def remove_kept_copies(path: str | os.PathLike, copies: list[Path]) -> list[Path]:
    """Delete copies kept beside the workbook at ``path`` (as ``scrub_kept_copies`` names them).

    Only the backups and kept copies of this workbook are removed, never the
    workbook, its lock or anything else, whatever ``copies`` says; a link is
    removed itself, never what it points to. Returns those that could not
    be removed (another account's file, say).
    """
    real = Path(os.path.realpath(path))
    removable = {"its backup", *_COPIES}
    left: list[Path] = []
    for copy in map(Path, copies):
        where = Path(os.path.realpath(copy.parent)) / copy.name
        if where.parent != real.parent or _kept_kind(where.name, real.name) not in removable:
            left.append(copy)
            continue
        try:
            os.unlink(where)
        except FileNotFoundError:
            pass
        except OSError:
            left.append(copy)
    with suppress(OSError):
        _sync_folder(str(real.parent))
    return left


# --- locking, relocking and unlocking a workbook ------------------------------


def relock(
    path: str | os.PathLike,
    *,
    secret: Secret | None,
    ring: KeyRing | Callable[[KeyRing | None], KeyRing | None] | None,
) -> list[Path]:
    """Lock the workbook at ``path`` with ``ring``, or write it plain with None.

    ``secret`` opens it if it is locked now. ``ring`` may be a function of
    the key ring that opened it (to give it a new passphrase, say), so the
    passphrase is worked through scrypt once. The workbook is rewritten in one
    atomic replace, under the lock and with the change-on-disk check, like
    any save. Every copy the app keeps beside it (the ``.bak``, older
    backups, damaged copies, copies from before an upgrade, changes kept
    aside) is rewritten first the same way, so when a passphrase is set no
    file the app keeps holds the answers in the clear, and when it changes
    none still opens with the old one. The old version of the workbook does
    not become the ``.bak``: the ``.bak`` ends as the new file itself.

    Returns the copies that could not be rewritten (one locked with another
    key, one of another account): they are as they were. Raises like
    ``open_database``, and StorageError if the workbook is read-only.
    """
    opened = open_database(path, secret=secret)
    try:
        return relock_opened(opened, ring)
    finally:
        opened.close()


def relock_opened(
    opened: OpenDatabase, ring: KeyRing | Callable[[KeyRing | None], KeyRing | None] | None
) -> list[Path]:
    """``relock`` for a workbook this window already has open (the app's own).

    The same rewrite under the lock it already holds; afterwards every save
    of ``opened`` is locked with the new ring (or plain with None).
    """
    if opened.read_only:
        raise StorageError(
            f"{opened.read_only_reason or 'This workbook is read-only.'} "
            "Its passphrase was not changed."
        )
    storage = opened.storage
    data = storage.read()
    assert data is not None  # open_database read it
    old_ring = storage.key_ring
    new_ring = ring(old_ring) if callable(ring) else ring
    left = _relock_copies(opened.path, old_ring, new_ring)
    storage.set_key_ring(new_ring)
    keep_backup, storage.keep_backup = storage.keep_backup, False
    try:
        storage.write(data)
    except BaseException:
        # Not saved: the file is still locked as it was, so later saves must be too.
        storage.set_key_ring(old_ring)
        raise
    finally:
        storage.keep_backup = keep_backup
    try:
        scrub_backup(opened.path)
    except OSError:
        left.append(Path(f"{opened.path}.bak"))
    return left


def _relock_copies(real: Path, old: KeyRing | None, new: KeyRing | None) -> list[Path]:
    """Rewrite every kept copy (and the ``.bak``) of ``real`` locked with ``new``; the rest."""
    left: list[Path] = []
    for copy in [*_copies(real), Path(f"{real}.bak")]:
        try:
            st = os.lstat(copy)
        except FileNotFoundError:
            continue
        except OSError:
            left.append(copy)
            continue
        if stat.S_ISLNK(st.st_mode) or not stat.S_ISREG(st.st_mode):
            continue  # the app makes neither, and never writes through one
        if _stat_problem(st) is not None:
            left.append(copy)
            continue
        try:
            raw = _read_regular(copy, follow=False)[0]
            # Any bytes, even a damaged copy's: they are kept as they were, locked.
            plain = _plaintext(raw, copy, ring=old)[0]
            payload = envelope.seal(plain, new) if new is not None else plain
            _replace_atomically(copy, payload, keep_backup=False)
        except (OSError, StorageError):
            left.append(copy)
    return left
