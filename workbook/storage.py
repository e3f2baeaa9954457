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

Every problem is raised as a ``StorageError`` whose message is written for the
person at the keyboard.

File layout: one JSON object of tables (``_meta``, ``couple``, ``sessions``,
``answers``, ``settings``); each table maps decimal document ids to objects.
``_meta`` holds exactly one document: ``{"schema", "created", "app_version"}``.
"""

from __future__ import annotations

import errno
import gc
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator, MutableMapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Table

from . import __version__
from .model import now_iso

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]

#: The schema version this code reads and writes.
CURRENT_SCHEMA: int = 1

#: ``MIGRATIONS[n]`` turns the tables of a schema-``n`` file into schema ``n + 1``.
#: Each is a pure function of the tables; it may change the dict it is given.
MIGRATIONS: dict[int, Callable[[dict], dict]] = {}

META_TABLE = "_meta"
ANSWERS_TABLE = "answers"
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

    def __init__(self, path: Path, reason: str, backup: Path | None = None) -> None:
        message = f"The workbook file can't be opened because {reason}; it has not been changed."
        if backup is not None:
            message += " A backup copy from the previous save can be restored."
        super().__init__(message)
        self.path = path
        self.reason = reason
        self.backup = backup


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

    Raises CorruptDatabase (without a backup) or NewerSchema.
    """
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
    return data


def _load(path: Path) -> dict:
    """Read ``path`` and return its checked tables (see ``_check``)."""
    return _parse(path.read_bytes(), path)


def _parse(raw: bytes, path: Path) -> dict:
    """``_check`` with the garbage collector out of the way."""
    # Parsing makes about ten objects per answer. Left on, the garbage collector
    # would walk the growing heap again and again while they are made; and the
    # parsed data lives as long as the app, so afterwards it is moved out of the
    # collector's way for good (gc.freeze). At 20,000 answers this is most of
    # the cost of opening the file.
    collecting = gc.isenabled()
    gc.disable()
    try:
        data = _check(raw, path)
    finally:
        if collecting:
            gc.enable()
    gc.freeze()
    return data


#: Files at least this big have their answers parsed on first use (``SafeJSONStorage.open``).
DEFER_ANSWERS_FROM = 1 << 20

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
        if _shape_problem(small) or _meta_schema(small) != CURRENT_SCHEMA:
            return None
        (meta,) = small[META_TABLE].values()
        return small if meta.get(ANSWERS_LAST) is True else None
    return None


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
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        try:
            os.fchmod(fd, 0o600)  # mkstemp's 0600 is still reduced by a umask like 0277
            view = memoryview(payload)
            while view:
                view = view[os.write(fd, view) :]
            _sync(fd)
        finally:
            os.close(fd)
    except BaseException:
        with suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def _copy_file(src: str, dst: str) -> None:
    """Copy ``src`` to the new file ``dst`` (0600) and sync it."""
    fd = os.open(dst, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out, open(src, "rb") as source:
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


def _replace_atomically(path: Path, payload: bytes, *, keep_backup: bool = True) -> None:
    """Make the file at ``path`` hold ``payload``: all of it or, on error, none of it.

    With ``keep_backup`` the previous file becomes ``<path>.bak``, and on
    OSError the file holds exactly what it held before.
    """
    target = os.path.realpath(path)  # replace a symlink's target, not the symlink
    folder, name = os.path.split(target)
    backup = target + ".bak"
    new_file = _new_temp_file(payload, folder, name)
    tmp: str | None = new_file  # None once it has become the file itself
    had_old = keep_backup and os.path.exists(target)
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


# --- the TinyDB storage -----------------------------------------------------


class SafeJSONStorage(Storage):
    """A TinyDB storage that writes atomically, durably and privately.

    The parsed tables are kept in memory after the first ``read()`` and the
    very same dict is returned each time, so a read costs nothing and no
    second copy of the data exists. Use it with one writer at a time, while
    ``open_database``'s lock is held.
    """

    def __init__(self, path: str | os.PathLike, *, read_only: bool = False) -> None:
        """Use the workbook file at ``path``; nothing is read until ``read()``."""
        super().__init__()
        self.path = Path(path)
        self.read_only = read_only
        self._data: dict | None = None
        self._raw: bytes | None = None
        """The file as read by ``open``, while its answers wait to be parsed."""
        self._small: dict | None = None
        """Every table but the answers, parsed from ``_raw``."""
        self._failure: CorruptDatabase | None = None
        self.small_tables_were_whole = True
        """False if the answers, once parsed, were not the file's last table after all."""

    def open(self) -> dict | None:
        """Read the file, parsing every table but the answers now and the answers later.

        The answers of a big file are parsed on the first ``read()``, so the
        first screen can show while that happens. Returns the tables parsed so
        far (see ``table``); None if the file does not exist. Raises like
        ``read()`` for a file whose small tables are not a healthy workbook.
        """
        if self._data is None and self._raw is None:
            raw = self._read_bytes()
            if raw is None:
                return None
            small = _small_tables(raw) if len(raw) >= DEFER_ANSWERS_FROM else None
            if small is None:
                self._data = _parse(raw, self.path)
                return self._data
            self._raw, self._small = raw, small
        return self._data if self._data is not None else self._small

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
            try:
                self._data = _parse(self._raw, self.path)
                # False only for a file edited by hand after it was last saved.
                self.small_tables_were_whole = list(self._data) == [*self._small, ANSWERS_TABLE]
            except CorruptDatabase as exc:
                # Found only now that home is showing; nothing was written meanwhile.
                self._failure = CorruptDatabase(self.path, exc.reason, _valid_backup(self.path))
                raise self._failure from None
            finally:
                self._raw = self._small = None
        if self._data is None:
            raw = self._read_bytes()
            if raw is None:
                return None
            self._data = _parse(raw, self.path)
        return self._data

    def _read_bytes(self) -> bytes | None:
        try:
            return self.path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise StorageError(
                "The workbook file could not be read "
                f"({exc.strerror or 'unknown error'}). Nothing has been changed."
            ) from exc

    def write(self, data: dict) -> None:
        """Save ``data`` as the whole file; raise WriteFailed if it was not saved."""
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
            _replace_atomically(self.path, payload)
        except Exception as exc:
            raise WriteFailed(exc) from exc
        self._data = data

    def close(self) -> None:
        """Forget the cached tables; no file handle is ever held open."""
        self._data = self._raw = self._small = None


# --- a TinyDB that edits tables in place -------------------------------------


class _IntKeys(MutableMapping):
    """A stored table (``{"7": doc}``) seen with int document ids, without a copy."""

    __slots__ = ("raw",)

    def __init__(self, raw: dict) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self.raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self.raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw

    def __iter__(self) -> Iterator[int]:
        return map(int, self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def clear(self) -> None:
        self.raw.clear()


class _InPlaceTable(Table):
    """A TinyDB table whose changes skip TinyDB's two re-keyed copies of the table.

    Stock ``Table._update_table`` rebuilds the whole table twice per change
    (str ids to int and back), which costs about a quarter of a save at
    20,000 answers. Here the change is made through ``_IntKeys`` on the stored
    dict itself; the result is the same dict TinyDB would have built.
    """

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self._storage.read()
        if tables is None:
            tables = {}
        updater(_IntKeys(tables.setdefault(self.name, {})))  # type: ignore[arg-type]
        self._storage.write(tables)
        self.clear_cache()


class _WorkbookTinyDB(TinyDB):
    """TinyDB with in-place table updates (see ``_InPlaceTable``)."""

    table_class = _InPlaceTable


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


def _read_only_reason(path: Path) -> str | None:
    """Why the workbook at ``path`` can't be changed, or None if it can."""
    if path.exists() and not _writable(path):
        return _FILE_READ_ONLY
    if not _folder_writable(path.parent):
        return _FOLDER_READ_ONLY
    return None


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _free_name(path: Path) -> Path:
    """``path``, or ``path`` with a counter added if that name is taken."""
    candidate, n = path, 1
    while candidate.exists():
        n += 1
        candidate = path.with_name(f"{path.name}-{n}")
    return candidate


def _make_folder(folder: Path) -> None:
    """Create ``folder`` and any missing parents as 0700; leave existing ones alone."""
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    try:
        for new in reversed(missing):
            new.mkdir(mode=0o700)
            os.chmod(new, 0o700)  # mkdir's mode is reduced by the umask
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
        fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            if stat.S_IMODE(os.fstat(fd).st_mode) != 0o600:
                with suppress(OSError):
                    os.fchmod(fd, 0o600)  # os.open's mode is reduced by the umask
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise _Held from None
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    @property
    def is_locked(self) -> bool:
        """True until ``release``."""
        return self._fd is not None or self._other is not None

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


def _take_lock(path: Path) -> _LockFile | None:
    """Lock ``<path>.lock``; None for a read-only folder that has no lock file."""
    lock_path = Path(f"{path}.lock")
    if not lock_path.exists() and not _folder_writable(path.parent):
        return None  # create nothing in a read-only folder; nobody can write there anyway
    try:
        return _LockFile(lock_path)
    except _Held:
        raise DatabaseLocked(path) from None
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
                with suppress(FileNotFoundError):
                    os.unlink(entry.path)


def _make_private(path: Path) -> None:
    """chmod 0600 the workbook's files that others could read."""
    for file in (path, Path(f"{path}.bak"), Path(f"{path}.lock")):
        with suppress(FileNotFoundError):
            if file.stat().st_mode & 0o077:
                os.chmod(file, 0o600)


def _create(path: Path) -> None:
    """Write a brand-new workbook holding only ``_meta``."""
    data = {
        META_TABLE: {
            "1": {"schema": CURRENT_SCHEMA, "created": now_iso(), "app_version": __version__}
        }
    }
    _put_answers_last(data)
    old_backup = Path(f"{path}.bak")
    try:
        if old_backup.exists():
            # The next save would turn the backup into a copy of this empty
            # workbook; keep the old one, it may hold the only copy of answers.
            os.replace(old_backup, _free_name(Path(f"{path}.bak-{_stamp()}")))
        _replace_atomically(path, orjson.dumps(data), keep_backup=False)
    except OSError as exc:
        raise StorageError(
            f"A new workbook could not be created ({exc.strerror or 'unknown error'})."
        ) from exc


def _valid_backup(path: Path) -> Path | None:
    """``<path>.bak`` if it is a workbook this version can open, else None."""
    backup = Path(f"{path}.bak")
    try:
        _load(backup)
    except (OSError, StorageError):
        return None
    return backup


def _keep_copy(path: Path, dest: Path) -> None:
    """Save a permanent, synced 0600 copy of ``path`` as ``dest`` (or a free variant)."""
    tmp = _new_temp_file(path.read_bytes(), str(path.parent), path.name)
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
        problem = _shape_problem(tables)
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


def open_database(path: str | os.PathLike) -> OpenDatabase:
    """Open (or create) the workbook at ``path`` for this window.

    Takes ``<path>.lock`` (DatabaseLocked if another window has it), creates
    the folder and file privately if needed, reads the file strictly
    (CorruptDatabase, NewerSchema), upgrades an older schema, and opens
    read-only if the file or folder can't be written. A file that can't be
    read is never changed, moved or overwritten.
    """
    path = Path(os.path.realpath(os.fspath(path)))
    _make_folder(path.parent)
    lock = _take_lock(path)
    try:
        return _open_locked(path, lock)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_locked(path: Path, lock: _LockFile | None) -> OpenDatabase:
    reason = _read_only_reason(path)
    if lock is not None and _folder_writable(path.parent):
        _remove_orphans(path)
    if not path.exists():
        if reason is not None:
            raise StorageError(
                "A new workbook can't be created because the app is not allowed to "
                f"write in the folder {path.parent}."
            )
        _create(path)
    db = _WorkbookTinyDB(path, storage=SafeJSONStorage, read_only=reason is not None)
    storage: SafeJSONStorage = db.storage  # type: ignore[assignment]
    try:
        try:
            data = storage.open()
        except CorruptDatabase as exc:
            raise CorruptDatabase(path, exc.reason, _valid_backup(path)) from None
        if data is None:  # removed between our check and the read
            raise CorruptDatabase(path, "the file is missing", _valid_backup(path))
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


def restore_backup(path: str | os.PathLike) -> Path:
    """Replace a broken workbook with its ``.bak``; return where the broken file was kept.

    The broken file is kept as ``<path>.corrupt-<UTC time>`` (0600), then the
    backup's bytes become the workbook in one atomic step. Raises
    StorageError if there is no usable backup or the workbook is read-only.
    If there was no workbook file at all, the returned path does not exist.
    """
    path = Path(os.path.realpath(os.fspath(path)))
    if not path.parent.is_dir():
        raise StorageError("There is no usable backup copy of this workbook to restore.")
    lock = _take_lock(path)
    try:
        if _read_only_reason(path) is not None:
            raise StorageError(
                "The backup can't be restored because the workbook or its folder is read-only."
            )
        backup = Path(f"{path}.bak")
        try:
            payload = backup.read_bytes()
            _check(payload, backup)
        except (OSError, StorageError) as exc:
            raise StorageError(
                "There is no usable backup copy of this workbook to restore."
            ) from exc
        kept = _free_name(path.with_name(f"{path.name}.corrupt-{_stamp()}"))
        try:
            if path.exists():
                _link_or_copy(str(path), str(kept), path.name)
                os.chmod(kept, 0o600)
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


def read_snapshot(path: str | os.PathLike) -> dict:
    """The tables of the workbook at ``path``, read once, WITHOUT taking the lock.

    Safe while the app has the file open: every save replaces the whole file
    in one rename, so a plain read sees one complete save, never half of one.
    Raises CorruptDatabase or NewerSchema like opening does, and StorageError
    if there is no file or it can't be read. Nothing is ever written.
    """
    path = Path(path)
    try:
        return _load(path)
    except FileNotFoundError:
        raise StorageError(f"There is no workbook file at {path}.") from None
    except IsADirectoryError:
        raise StorageError(f"{path} is a folder, not a workbook file.") from None
    except OSError as exc:
        raise StorageError(
            "The workbook file could not be read "
            f"({exc.strerror or 'unknown error'}). Nothing has been changed."
        ) from exc


def write_private_file(path: str | os.PathLike, payload: bytes) -> None:
    """Make ``path`` hold ``payload`` (mode 0600): all of it or, on error, none of it.

    For files that hold answers outside the workbook, such as exports. Raises
    OSError; an existing file at ``path`` is replaced, never half-written.
    """
    _replace_atomically(Path(path), payload, keep_backup=False)


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
