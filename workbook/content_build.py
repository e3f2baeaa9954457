"""Building :class:`~workbook.content.Content` from YAML files: read, check, cross-check ids.

Only needed when the content has changed since it was last checked (see the
cache in :mod:`workbook.content`), so importing it — and PyYAML with it — is
kept off the usual start-up path.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from workbook.content_fields import MAX_ERRORS, FileErrors, TooManyErrors, suggest
from workbook.content_files import ROOT_FILES, SUPPORT_FILE, shipped_content_dir
from workbook.content_model import Content, ContentError, Exercise, SupportPage, WordGroup
from workbook.content_schema import (
    ExerciseEntry,
    ProgramParts,
    read_agreement,
    read_exercise_file,
    read_program,
    read_support,
    read_words,
)
from workbook.content_yaml import Node, read_yaml

T = TypeVar("T")


class Builder:
    """One load: reads each file once, collects every problem, then cross-checks ids."""

    def __init__(self) -> None:
        self.errors: list[ContentError] = []
        self.counts: dict[str, int] = {}  # problems per file, in reading order
        # Every exercise id seen, in order; None when its exercise has problems.
        self.exercises: dict[str, Exercise | None] = {}
        self.overridden: list[str] = []

    def run(
        self, root: Path, *, shipped: bool, pack: Path | None
    ) -> tuple[Content | None, list[ContentError]]:
        """Load a full content folder and an optional user folder on top."""

        def display(path: Path) -> str:
            return f"content/{path.relative_to(root).as_posix()}" if shipped else str(path)

        def root_file(name: str, reader: Callable[[Node | None, FileErrors], T], default: T) -> T:
            path = root / name
            if path.exists():
                return self._read(path, display(path), reader, default)
            needed = ", ".join(ROOT_FILES)
            message = f"file is missing; a content folder needs {needed} and exercises/*.yaml"
            self._report(display(path), 1, message)
            return default

        program = root_file("program.yaml", read_program, ProgramParts())
        agreement = root_file("agreement.yaml", read_agreement, None)
        feelings: tuple[WordGroup, ...] = root_file("feelings.yaml", read_words, ())
        needs: tuple[WordGroup, ...] = root_file("needs.yaml", read_words, ())
        support = self._support(root, shipped, display)
        self._add_layer(sorted((root / "exercises").glob("*.yaml")), display, overriding=False)
        if pack is not None and pack.exists():
            self._add_layer(pack_files(pack), str, overriding=True)
        self._check_refs(program, display(root / "program.yaml"))

        if self.errors or agreement is None or program.version is None:
            order = {name: index for index, name in enumerate(self.counts)}
            self.errors.sort(key=lambda e: (order[e.file], e.line))
            return None, self.errors
        exercises = {key: value for key, value in self.exercises.items() if value is not None}
        content = Content(
            version=program.version,
            exercises=MappingProxyType(exercises),
            sessions=tuple(program.sessions),
            anytime=program.anytime,
            tracks=tuple(program.tracks),
            agreement=agreement,
            feelings=feelings,
            needs=needs,
            overridden=tuple(self.overridden),
            support=support,
        )
        return content, []

    def _support(
        self, root: Path, shipped: bool, display: Callable[[Path], str]
    ) -> SupportPage | None:
        """The support page: the folder's own support.yaml, else the shipped one.

        Every install must have the page, so a full content folder without
        the file gets the shipped page rather than none.
        """
        path = root / SUPPORT_FILE
        if path.exists():
            return self._read(path, display(path), read_support, None)
        if shipped:
            self._report(display(path), 1, "file is missing; the support page must ship")
            return None

        fallback = shipped_content_dir() / SUPPORT_FILE
        return self._read(fallback, str(fallback), read_support, None)

    def _report(self, file: str, line: int, message: str) -> bool:
        """Record a problem found across files; False once the file has too many."""
        count = self.counts.setdefault(file, 0)
        if count > MAX_ERRORS:
            return False
        if count == MAX_ERRORS:
            message = f"too many problems; stopped after {MAX_ERRORS}"
        self.errors.append(ContentError(file, line, message))
        self.counts[file] = count + 1
        return count < MAX_ERRORS

    def _read(
        self,
        path: Path,
        shown: str,
        reader: Callable[[Node | None, FileErrors], T],
        default: T,
    ) -> T:
        tree = read_yaml(path, shown)
        errs = FileErrors(shown)
        result = default
        if isinstance(tree, ContentError):
            errs.items.append(tree)
        else:
            with contextlib.suppress(TooManyErrors):
                result = reader(tree, errs)
        self.errors.extend(errs.items)
        self.counts[shown] = len(errs.items)
        return result

    def _add_layer(self, paths: list[Path], display: Callable[[Path], str], *, overriding: bool):
        """Add one layer's exercises; ids repeat within a layer only by mistake."""
        defined: dict[str, str] = {}
        for path in paths:
            shown = display(path)
            entries: list[ExerciseEntry] = self._read(path, shown, read_exercise_file, [])
            for entry in entries:
                if entry.id in defined:
                    first = defined[entry.id]
                    message = f"duplicate exercise id '{entry.id}' (first defined at {first})"
                    self._report(shown, entry.line, message)
                    continue
                defined[entry.id] = f"{shown}:{entry.line}"
                if overriding and entry.id in self.exercises:
                    self.overridden.append(entry.id)
                self.exercises[entry.id] = entry.exercise

    def _check_refs(self, program: ProgramParts, shown: str) -> None:
        known = list(self.exercises)
        for ref, line, where in program.refs:
            if ref in self.exercises:
                continue
            close = suggest(ref, known)
            hint = f" (did you mean '{close}'?)" if close else ""
            message = f"{where} names exercise '{ref}', which no exercise file defines{hint}"
            if not self._report(shown, line, message):
                return


def pack_files(pack: Path) -> list[Path]:
    """The YAML files of a user folder, subfolders included, hidden ones skipped."""
    if not pack.is_dir():
        return [pack]
    found: list[Path] = []
    for folder, subfolders, names in os.walk(pack):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        found.extend(
            Path(folder) / name
            for name in sorted(names)
            if name.endswith((".yaml", ".yml")) and not name.startswith(".")
        )
    return found


def read_support_file(path: Path) -> SupportPage | None:
    """Read and check one support.yaml on its own; None if it cannot be used."""
    builder = Builder()
    return builder._read(path, str(path), read_support, None)
