"""Find where our code reaches into Textual's or TinyDB's private names.

Used by ``tests/test_compat.py``. Everything is read with ``ast``; the
libraries' classes are imported only to follow their inheritance. Four kinds
of reach are found:

- **attribute access** ``something._name`` where ``_name`` is a private name
  the libraries define and our own code never does (so it can only be
  theirs), or one of ``KNOWN`` whatever the object;
- **subclasses**: in a class that derives from a library class, a method,
  class attribute or ``self._name`` that is one of that library class's own
  private names (an override, a use, or a clash: all three break quietly
  when the library changes);
- **imports** of a private module or name (``textual._xterm_parser``);
- **patches**: assigning an attribute of a library module or class (in the
  shipped program; the benchmark may wrap public names to time them).

Only ``workbook/compat.py`` may do these things.
"""

from __future__ import annotations

import ast
import importlib
import inspect
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: The libraries whose private names we keep out of.
LIBRARIES = ("textual", "tinydb")

#: The folders scanned, and the one module allowed to reach in.
SCANNED = ("workbook", "screens", "bench")
ALLOWED = ROOT / "workbook" / "compat.py"

#: Where patching a library is looked for: the shipped program. The benchmark
#: wraps Textual's public ``on`` to time handlers, which is its job.
PATCHES_CHECKED = ("workbook", "screens")

#: Private names our code once reached for; flagged on any object, even one of ours.
KNOWN = frozenset(
    {
        "_handle_exception",
        "_exception",
        "_exception_event",
        "_exit_renderables",
        "_close_messages_no_wait",
        "_return_code",
        "_fatal_error",
        "_bindings_ready",
        "_clear_caches",
        "_on_resize",
        "_update_table",
        "_next_id",
        "_read_table",
        "_get_next_id",
    }
)


@dataclass(frozen=True)
class Reach:
    """One place our code reaches into a library's private name."""

    path: Path
    line: int
    what: str

    def __str__(self) -> str:
        return f"{shown(self.path)}:{self.line}: {self.what}"


def shown(path: Path) -> Path:
    """``path`` from the repository's root when it is inside it."""
    return path.relative_to(ROOT) if path.is_relative_to(ROOT) else path


def is_private(name: str) -> bool:
    """A name with one leading underscore (dunders are Python's, not the library's)."""
    return name.startswith("_") and not name.startswith("__")


def is_library(module: str) -> bool:
    """True for a module of Textual or TinyDB."""
    return module.split(".")[0] in LIBRARIES


def defined_names(tree: ast.AST) -> set[str]:
    """Private names a module defines: functions, class attributes, ``self._x = ...``."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for part in ast.walk(target):
                    if isinstance(part, ast.Name):
                        names.add(part.id)
                    elif isinstance(part, ast.Attribute):
                        names.add(part.attr)
    return {name for name in names if is_private(name)}


@cache
def library_names() -> frozenset[str]:
    """Every private name the libraries define, anywhere in their source."""
    names: set[str] = set()
    for library in LIBRARIES:
        folder = Path(importlib.import_module(library).__file__ or "").parent
        for path in folder.rglob("*.py"):
            names |= defined_names(ast.parse(path.read_text(encoding="utf-8")))
    return frozenset(names)


@cache
def class_names(cls: type) -> frozenset[str]:
    """The private names a library class and its library bases define or use on ``self``."""
    names: set[str] = set()
    for base in cls.__mro__:
        if not is_library(base.__module__):
            continue
        names |= {name for name in vars(base) if is_private(name)}
        try:
            tree = ast.parse(inspect.getsource(base))
        except (OSError, TypeError):
            continue
        names |= defined_names(tree)
        names |= {
            node.attr
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute)
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
            and is_private(node.attr)
        }
    return frozenset(names)


def our_files() -> list[Path]:
    """The scanned source files, compat.py left out."""
    return [
        path
        for folder in SCANNED
        for path in sorted((ROOT / folder).rglob("*.py"))
        if path != ALLOWED
    ]


def library_imports(tree: ast.AST) -> dict[str, object]:
    """Names a module binds to Textual or TinyDB objects (modules and classes), by name."""
    bound: dict[str, object] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and is_library(node.module):
            try:
                module = importlib.import_module(node.module)
            except ImportError:
                continue
            for alias in node.names:
                value = getattr(module, alias.name, None)
                if value is None:
                    try:
                        value = importlib.import_module(f"{node.module}.{alias.name}")
                    except ImportError:
                        continue
                bound[alias.asname or alias.name] = value
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if is_library(alias.name):
                    top = alias.name.split(".")[0]
                    if alias.asname:  # import textual.app as app: the module itself
                        bound[alias.asname] = importlib.import_module(alias.name)
                    else:
                        bound[top] = importlib.import_module(top)
    return bound


def _private_imports(path: Path, tree: ast.AST) -> Iterator[Reach]:
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and is_library(node.module):
            if any(is_private(part) for part in node.module.split(".")):
                yield Reach(path, node.lineno, f"imports private module {node.module}")
            for alias in node.names:
                if is_private(alias.name):
                    yield Reach(path, node.lineno, f"imports private {node.module}.{alias.name}")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                parts = alias.name.split(".")
                if is_library(alias.name) and any(is_private(part) for part in parts):
                    yield Reach(path, node.lineno, f"imports private module {alias.name}")


def _patches(path: Path, tree: ast.AST, bound: dict[str, object]) -> Iterator[Reach]:
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign | ast.Delete):
            continue
        targets = node.targets if isinstance(node, ast.Assign | ast.Delete) else [node.target]
        for target in targets:
            if (
                isinstance(target, ast.Attribute)
                and isinstance(target.value, ast.Name)
                and target.value.id in bound
            ):
                yield Reach(path, node.lineno, f"patches {target.value.id}.{target.attr}")


def _library_bases(
    tree: ast.AST, bound: dict[str, object], ours: dict[str, list[type]]
) -> dict[ast.ClassDef, list[type]]:
    """Each class of the module with the library classes it derives from."""
    found: dict[ast.ClassDef, list[type]] = {}
    for node in ast.walk(tree):
        if not isinstance(node, ast.ClassDef):
            continue
        bases: list[type] = []
        for base in node.bases:
            if isinstance(base, ast.Subscript):  # App[None]
                base = base.value
            name = base.attr if isinstance(base, ast.Attribute) else getattr(base, "id", "")
            value = bound.get(name)
            if isinstance(value, type):
                bases.append(value)
            bases += ours.get(name, [])
        found[node] = bases
    return found


def _subclass_reaches(node: ast.ClassDef, bases: list[type], path: Path) -> Iterator[Reach]:
    theirs: set[str] = set()
    for base in bases:
        theirs |= class_names(base)
    for item in node.body:
        names: list[tuple[str, int]] = []
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            names.append((item.name, item.lineno))
        elif isinstance(item, ast.Assign | ast.AnnAssign):
            targets = item.targets if isinstance(item, ast.Assign) else [item.target]
            names += [(t.id, item.lineno) for t in targets if isinstance(t, ast.Name)]
        for name, line in names:
            if name in theirs:
                yield Reach(path, line, f"{node.name} redefines {name}, private to its base")
    for part in ast.walk(node):
        if (
            isinstance(part, ast.Attribute)
            and isinstance(part.value, ast.Name)
            and part.value.id == "self"
            and part.attr in theirs
        ):
            what = f"{node.name} uses self.{part.attr}, private to its base"
            yield Reach(path, part.lineno, what)


def other_imports(tree: ast.AST) -> set[str]:
    """Names a module binds by importing anything that is not Textual or TinyDB (``os``…)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and not is_library(node.module or ""):
            names |= {alias.asname or alias.name for alias in node.names}
        elif isinstance(node, ast.Import):
            names |= {
                alias.asname or alias.name.split(".")[0]
                for alias in node.names
                if not is_library(alias.name)
            }
    return names


def _attribute_reaches(path: Path, tree: ast.AST, ours: set[str]) -> Iterator[Reach]:
    theirs = library_names()
    elsewhere = other_imports(tree)
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or not is_private(node.attr):
            continue
        if isinstance(node.value, ast.Name) and node.value.id in elsewhere:
            continue  # os._exit and the like: not the libraries'
        if node.attr in KNOWN or (node.attr in theirs and node.attr not in ours):
            yield Reach(path, node.lineno, f"reads or writes .{node.attr}")
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in KNOWN:
            yield Reach(path, node.lineno, f"defines {node.name}")


def reaches(files: list[Path] | None = None) -> list[Reach]:
    """Every reach into a library's private names in ``files`` (our scanned code by default)."""
    files = our_files() if files is None else files
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in files}
    ours: set[str] = set()
    for tree in trees.values():
        ours |= defined_names(tree)
    bound = {path: library_imports(tree) for path, tree in trees.items()}
    # Our classes with the library classes they derive from, followed across modules
    # (by class name) until nothing changes.
    derived: dict[str, list[type]] = {}
    for _ in range(10):
        before = {name: len(bases) for name, bases in derived.items()}
        for path, tree in trees.items():
            for node, bases in _library_bases(tree, bound[path], derived).items():
                if bases:
                    derived[node.name] = list(dict.fromkeys(bases))
        if before == {name: len(bases) for name, bases in derived.items()}:
            break
    found: list[Reach] = []
    for path, tree in trees.items():
        found += _private_imports(path, tree)
        if not path.is_relative_to(ROOT) or shown(path).parts[0] in PATCHES_CHECKED:
            found += _patches(path, tree, bound[path])
        found += _attribute_reaches(path, tree, ours)
        for node, bases in _library_bases(tree, bound[path], derived).items():
            found += _subclass_reaches(node, bases, path)
    return sorted(set(found), key=lambda reach: (str(reach.path), reach.line, reach.what))
