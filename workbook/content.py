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
import importlib.util
import os
import pickle
import tempfile
from pathlib import Path

from workbook import __version__
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
    PauseOptions,
    ProgramSession,
    Prompt,
    ReflectionOptions,
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
    "PauseOptions",
    "ProgramSession",
    "Prompt",
    "ReflectionOptions",
    "WordGroup",
    "load_content",
    "shipped_content_dir",
    "validate",
]

#: The package the shipped YAML is installed as (pyproject maps ``content/`` to
#: it). It cannot be ``workbook.content``: in an installed wheel a data folder
#: ``workbook/content/`` would hide this module, and in an editable install this
#: module hides the data package from ``importlib.resources``.
SHIPPED_PACKAGE = "workbook.shipped_content"

#: The files that make a folder a full content root (see :func:`validate`).
ROOT_FILES = ("program.yaml", "agreement.yaml", "feelings.yaml", "needs.yaml")


def shipped_content_dir() -> Path:
    """The folder holding the YAML shipped with the workbook."""
    # find_spec rather than importlib.resources, whose import costs start-up time.
    try:
        spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    # A source checkout whose install does not map the data package yet.
    return Path(__file__).resolve().parent.parent / "content"


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
# Content is kept (pickled) in the workbook's private data folder, under a key
# made of every content file's path, size and modification time, plus the
# code that checks them. Any change to any of those means a fresh, full check.


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
            stat = source.stat()
        except OSError:
            continue
        parts.append(f"{source}\0{stat.st_size}\0{stat.st_mtime_ns}")
    return "\n".join(parts)


_CACHE_FORMAT = 1


def _cache_file() -> Path:
    from workbook.paths import data_dir

    return data_dir() / "cache" / "content.pickle"


def _private_folder(folder: Path) -> None:
    """Create ``folder`` (and missing parents) readable by this user only.

    The data folder also holds the answers: a folder created here first must be
    as private (0700) as the one the storage would have created.
    """
    missing = []
    while not folder.exists():
        missing.append(folder)
        folder = folder.parent
    for created in reversed(missing):
        created.mkdir(mode=0o700)
        os.chmod(created, 0o700)


def _read_cache(key: str) -> Content | None:
    try:
        with _cache_file().open("rb") as handle:
            stored_key, content = pickle.load(handle)
    except Exception:  # missing, unreadable or from another version: just rebuild
        return None
    return content if stored_key == key and isinstance(content, Content) else None


def _write_cache(key: str, content: Content) -> None:
    """Keep the checked content for next time; any failure only costs speed."""
    target = _cache_file()
    try:
        _private_folder(target.parent.parent)
        _private_folder(target.parent)
        fd, temp = tempfile.mkstemp(dir=target.parent, prefix=".content.", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((key, content), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temp)
            raise
    except (OSError, pickle.PicklingError):
        pass


