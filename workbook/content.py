"""The workbook's content: exercises, the program, the agreement and the word lists.

Content is YAML (format: ``docs/content-authoring.md``). :func:`load_content`
reads the shipped files plus an optional user folder, checks everything, and
either returns a :class:`Content` or raises :class:`ContentInvalid` listing
every problem as ``file:line: message``. :func:`validate` returns that list.

The pieces live in ``content_model`` (dataclasses), ``content_yaml`` (safe
parsing), ``content_fields`` (field readers) and ``content_schema`` (what
each file may hold); this module finds the files and checks ids across them.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import stat
import tempfile
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

import orjson

from workbook import __version__
from workbook.content_files import (
    ROOT_FILES,
    SUPPORT_FILE,
    shipped_content_dir,
)
from workbook.content_model import (
    KINDS,
    Agreement,
    CheckInOptions,
    Content,
    ContentError,
    ContentInvalid,
    DreamOptions,
    Exercise,
    IStatementOptions,
    ListeningOptions,
    NoOptions,
    PauseOptions,
    ProgramSession,
    Prompt,
    ReflectionOptions,
    Service,
    SupportPage,
    Track,
    WordGroup,
)

__all__ = [
    "KINDS",
    "Agreement",
    "CheckInOptions",
    "Content",
    "ContentError",
    "ContentInvalid",
    "DreamOptions",
    "Exercise",
    "IStatementOptions",
    "ListeningOptions",
    "NoOptions",
    "PauseOptions",
    "ProgramSession",
    "Prompt",
    "ReflectionOptions",
    "Service",
    "SupportPage",
    "Track",
    "WordGroup",
    "load_content",
    "shipped_content_dir",
    "shipped_support_page",
    "validate",
]

def shipped_support_page() -> SupportPage | None:
    """The shipped support page alone, for when the rest of the content failed to load."""
    from workbook.content_build import read_support_file

    return read_support_file(shipped_content_dir() / SUPPORT_FILE)


def load_content(user_dir: Path | None = None) -> Content:
    """The shipped content plus the exercises in ``user_dir`` (if it exists).

    Raises :class:`ContentInvalid` with every problem found.
    """
    shipped = shipped_content_dir()
    key = _fingerprint(shipped, user_dir)
    cached = _read_cache(key)
    if cached is not None:
        return cached
    from workbook.content_build import Builder

    content, errors = Builder().run(shipped, shipped=True, pack=user_dir)
    if content is None:
        raise ContentInvalid(errors)
    _write_cache(key, content)
    return content


def validate(path: Path | None = None, *, user_dir: Path | None = None) -> list[ContentError]:
    """Every problem in the content, in file order; an empty list when all is well.

    With no ``path``: the shipped content plus ``user_dir``. A ``path`` holding
    program.yaml (or another of :data:`ROOT_FILES`) is a full content folder,
    checked on its own; any other folder or file is a user folder, checked on
    top of the shipped content so that its ids resolve.
    """
    from workbook.content_build import Builder

    if path is None:
        return Builder().run(shipped_content_dir(), shipped=True, pack=user_dir)[1]
    if not path.exists():
        return [ContentError(str(path), 1, "no such file or folder")]
    if path.is_dir() and any((path / name).exists() for name in ROOT_FILES):
        return Builder().run(path, shipped=False, pack=None)[1]
    return Builder().run(shipped_content_dir(), shipped=True, pack=path)[1]


# -- the cache of checked content ---------------------------------------------------
#
# Reading and checking the YAML costs more than the rest of start-up put
# together, and it gives the same answer until a file changes. So the checked
# Content is kept in the workbook's private data folder, under a key made of
# every content file's path, size and modification time, plus the code that
# checks them. Any change to any of those means a fresh, full check.
#
# The cache is JSON, and never a pickle: loading a pickle runs whatever code
# the file names, so anyone who can write in the data folder (a shared or
# synced folder, a restored backup) could run code as the user. JSON is only
# data, and it becomes Content only through the fixed list of classes in
# _CACHE_CLASSES: a name in the file picks one of them or nothing. A cache
# file that another account owns, or that others may change (or whose folder
# they may change), is not even read; the content is then checked afresh.


def _fingerprint(shipped: Path, user_dir: Path | None) -> str:
    # The key is kept whole (a few kB), not hashed: importing hashlib costs more.
    parts = [__version__, str(_CACHE_FORMAT)]
    code = Path(__file__).parent
    sources = sorted(code.glob("content*.py"))
    folders = [shipped] + ([user_dir] if user_dir is not None else [])
    for folder in folders:
        parts.append(f"folder\0{folder}")
        if folder.is_dir():
            for root, dirs, names in os.walk(folder):
                dirs.sort()
                sources += sorted(Path(root) / n for n in names if n.endswith((".yaml", ".yml")))
    for source in sources:
        try:
            info = source.stat()
        except OSError:
            continue
        parts.append(f"{source}\0{info.st_size}\0{info.st_mtime_ns}")
    return "\n".join(parts)


#: Bumped whenever the cache file's layout changes (2: JSON instead of pickle; 3: the
#: support page; 4: private-first prompts; 5: optional tracks).
_CACHE_FORMAT = 5

#: The only classes a cache file can make, by the name it is stored under.
_CACHE_CLASSES: dict[str, type] = {
    cls.__name__: cls
    for cls in (
        Content,
        Exercise,
        ProgramSession,
        Track,
        Agreement,
        WordGroup,
        Prompt,
        ListeningOptions,
        IStatementOptions,
        DreamOptions,
        CheckInOptions,
        ReflectionOptions,
        PauseOptions,
        NoOptions,
        SupportPage,
        Service,
    )
}
_CACHE_FIELDS = {
    name: tuple(f.name for f in dataclasses.fields(cls)) for name, cls in _CACHE_CLASSES.items()
}
_TAG = "$"
"""The key that names a stored object's class (no dataclass field can be called that)."""
_MAPPING = "mapping"
"""The tag of a read-only mapping (``Content.exercises``), stored as ``{"$", "items"}``."""
_SCALARS = (str, int, bool, type(None))
_LEAVES = frozenset(_SCALARS)


def _cache_file() -> Path:
    from workbook.paths import data_dir

    return data_dir() / "cache" / "content.json"


def _to_cache(value: Any) -> Any:
    """``value`` as JSON-ready data: every object tagged with its class, tuples as lists."""
    if type(value) in _SCALARS:
        return value
    if type(value) is tuple:
        return [_to_cache(item) for item in value]
    if isinstance(value, Mapping):
        return {_TAG: _MAPPING, "items": {key: _to_cache(item) for key, item in value.items()}}
    name = type(value).__name__
    if _CACHE_CLASSES.get(name) is not type(value):
        raise TypeError(f"the content cache can't hold a {name}")
    stored = {_TAG: name}
    for field_name in _CACHE_FIELDS[name]:
        stored[field_name] = _to_cache(getattr(value, field_name))
    return stored


def _from_cache(value: Any) -> Any:
    """Undo ``_to_cache``; ValueError (or KeyError, TypeError) for anything else."""
    # Text, numbers and None are returned as they are without a call: they are
    # most of the content, and this runs at every start.
    kind = type(value)
    if kind is list:
        return tuple([item if type(item) in _LEAVES else _from_cache(item) for item in value])
    if kind is dict:
        name = value.get(_TAG)
        if name == _MAPPING and len(value) == 2 and type(value["items"]) is dict:
            return MappingProxyType({k: _from_cache(v) for k, v in value["items"].items()})
        fields = _CACHE_FIELDS[name]  # KeyError: not one of ours
        if len(value) != len(fields) + 1:
            raise ValueError(f"a stored {name} has other fields")
        # Filled in the way pickle would: the classes are plain frozen dataclasses
        # (no __post_init__, no slots), and their __init__ costs twice the rest.
        made: Any = object.__new__(_CACHE_CLASSES[name])
        attributes = made.__dict__
        for field_name in fields:
            item = value[field_name]  # KeyError: a field is missing
            attributes[field_name] = item if type(item) in _LEAVES else _from_cache(item)
        return made
    if kind in _LEAVES:
        return value
    raise ValueError(f"the content cache can't hold a {kind.__name__}")


def _ours_alone(info: os.stat_result) -> bool:
    """True if this user owns it and no one else may change it (group and others can't write)."""
    return info.st_uid == os.getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


_O_FLAGS = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)


def _read_private(path: Path) -> bytes | None:
    """The bytes of ``path`` if it and its folder are this user's alone; else None, unread.

    Opened through the folder's own descriptor and without following links,
    then checked with fstat before a byte is read, so what is checked is what
    would be read. Non-blocking, so a named pipe put there can't make the
    start wait.
    """
    if not hasattr(os, "getuid"):  # Windows: no owners or mode bits; the profile is private
        return path.read_bytes()
    folder = os.open(path.parent, _O_FLAGS | getattr(os, "O_DIRECTORY", 0))
    try:
        info = os.fstat(folder)
        if not (stat.S_ISDIR(info.st_mode) and _ours_alone(info)):
            return None
        fd = os.open(path.name, _O_FLAGS | os.O_NONBLOCK, dir_fd=folder)
    finally:
        os.close(folder)
    with open(fd, "rb") as handle:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and _ours_alone(info)):
            return None
        return handle.read()


def _read_cache(key: str) -> Content | None:
    try:
        raw = _read_private(_cache_file())
        if raw is None:
            return None
        stored = orjson.loads(raw)
        if type(stored) is not dict or stored.get("key") != key:
            return None  # another version's, or content that changed since
        content = _from_cache(stored["content"])
    except Exception:  # missing, unreadable, damaged or not ours: just check the YAML again
        return None
    return content if type(content) is Content else None


def _write_cache(key: str, content: Content) -> None:
    """Keep the checked content for next time (0600, in a 0700 folder); failing costs only speed."""
    # Here, not at the top: checking content (``workbook validate``) never needs storage.
    from workbook.storage import StorageError, make_private_folder

    target = _cache_file()
    try:
        payload = orjson.dumps({"key": key, "content": _to_cache(content)})
        # The data folder also holds the answers: created here first, it must be
        # as private as the one the storage would have made.
        make_private_folder(target.parent)
        if hasattr(os, "getuid"):
            info = os.lstat(target.parent)
            if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
                return  # not our folder: a cache there would never be read
            if info.st_mode & 0o077:
                os.chmod(target.parent, 0o700)  # opened up since (a restored backup, say)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".content.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(payload)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
        with contextlib.suppress(OSError):
            os.unlink(target.with_name("content.pickle"))  # an older version's: never read
    except (OSError, StorageError, TypeError, ValueError):
        pass
