"""Field tables and the readers that check one value each, reporting problems by line.

A reader takes a node, the :class:`Field` it fills (or None for a list item),
a label naming it in messages (``'minutes'``, ``item 2 of 'topics'``) and
the file's :class:`FileErrors`. It returns the checked Python value, or
:data:`INVALID` after recording why.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from workbook.content_model import ContentError
from workbook.content_yaml import MAP, SCALAR, SEQ, Node

MAX_ERRORS = 100
ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]*")
ID_MAX = 64
INVALID: Any = object()

Reader = Callable[[Node, "Field | None", str, "FileErrors"], Any]


class TooManyErrors(Exception):
    """Raised to stop reading a file once it has :data:`MAX_ERRORS` problems."""


class FileErrors:
    """The problems found in one file."""

    def __init__(self, file: str) -> None:
        self.file = file
        self.items: list[ContentError] = []

    def add(self, line: int, message: str) -> None:
        """Record a problem; stop the walk (TooManyErrors) when there are too many."""
        self.items.append(ContentError(self.file, line, message))
        if len(self.items) >= MAX_ERRORS:
            self.items.append(
                ContentError(self.file, line, f"too many problems; stopped after {MAX_ERRORS}")
            )
            raise TooManyErrors


class Field:
    """One key a mapping may hold.

    ``range`` bounds a whole number's value, or a list's number of items;
    None as the upper end means no limit. ``default`` is used when an
    optional key is absent.
    """

    # Plain classes, not dataclasses: each dataclass costs about a millisecond at import.
    __slots__ = ("default", "name", "range", "read", "required")

    def __init__(
        self,
        name: str,
        read: Reader,
        *,
        required: bool = False,
        default: Any = None,
        range: tuple[int, int | None] | None = None,
    ) -> None:
        self.name = name
        self.read = read
        self.required = required
        self.default = default
        self.range = range

    def __repr__(self) -> str:
        return f"Field({self.name!r}, required={self.required}, default={self.default!r})"


class Record:
    """A mapping read against a field table: the valid values and where each key was."""

    __slots__ = ("lines", "nodes", "ok", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.nodes: dict[str, Node] = {}
        self.lines: dict[str, int] = {}
        self.ok = True


def read_mapping(
    node: Node,
    fields: Sequence[Field],
    errs: FileErrors,
    what: str,
    *,
    check_unknown: bool = True,
    elsewhere: Mapping[str, str] | None = None,
) -> Record | None:
    """Check a mapping against ``fields``; None (after an error) if it is not a mapping.

    ``elsewhere`` explains keys that are valid somewhere else (for a hint).
    """
    if node.kind != MAP:
        errs.add(node.line, f"{what} must be a mapping (key: value lines), found {describe(node)}")
        return None
    by_name = {f.name: f for f in fields}
    record = Record()
    suggested: set[str | None] = set()  # a typo's message already names the key meant
    for key_node, value_node in node.value:
        key = key_node.value if key_node.kind == SCALAR else None
        if not isinstance(key, str):
            errs.add(key_node.line, f"keys must be text, found {describe(key_node)}")
            record.ok = False
            continue
        if key in record.lines:
            first = record.lines[key]
            errs.add(key_node.line, f"duplicate key '{short(key)}' (first at line {first})")
            record.ok = False
            continue
        record.lines[key] = key_node.line
        spec = by_name.get(key)
        if spec is None:
            if check_unknown:
                message, close = _unknown_key(key, list(by_name), elsewhere or {})
                errs.add(key_node.line, message)
                suggested.add(close)
                record.ok = False
            continue
        record.nodes[key] = value_node
        value = spec.read(value_node, spec, f"'{key}'", errs)
        if value is INVALID:
            record.ok = False
        else:
            record.values[key] = value
    for spec in fields:
        if spec.name in record.lines:
            continue
        if spec.required:
            if spec.name not in suggested:
                errs.add(node.line, f"{what} is missing the required key '{spec.name}'")
            record.ok = False
        else:
            record.values[spec.name] = spec.default
    return record


def _unknown_key(
    key: str, allowed: list[str], elsewhere: Mapping[str, str]
) -> tuple[str, str | None]:
    """The message for an unknown key, and the allowed key it suggests instead."""
    if key in elsewhere:
        return f"unknown key '{key}' ({elsewhere[key]})", None
    close = suggest(key, allowed)
    if close:
        return f"unknown key '{key}' (did you mean '{close}'?)", close
    if key == "<<":
        return "unknown key '<<' (merge keys are not supported; write the keys out)", None
    return f"unknown key '{short(key)}'; the keys allowed here are: {and_list(allowed)}", None


def and_list(words: Sequence[str]) -> str:
    """'a, b and c'."""
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def suggest(word: str, candidates: Sequence[str]) -> str | None:
    """The candidate closest to a misspelt word, if one is close enough."""
    import difflib  # only needed when something is wrong

    matches = difflib.get_close_matches(word, candidates, n=1, cutoff=0.6)
    return matches[0] if matches else None


def short(text: str, limit: int = 40) -> str:
    """Text squeezed to one line of at most ``limit`` characters, for messages."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def describe(node: Node) -> str:
    """How a found value is named in a message ("a list", "the number 5")."""
    if node.kind == MAP:
        return "a mapping"
    if node.kind == SEQ:
        return "a list"
    value = node.value
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the yes/no value '{node.raw}'"
    if isinstance(value, int | float):
        return f"the number {short(node.raw)}"
    if isinstance(value, datetime.date):
        return f"the date {short(node.raw)}"
    return f"'{short(str(value))}'"


def _items(count: int) -> str:
    return "1 item" if count == 1 else f"{count} items"


def _range_text(bounds: tuple[int, int | None]) -> str:
    low, high = bounds
    return f"{low} or more" if high is None else f"from {low} to {high}"


# Readers ------------------------------------------------------------------


def text(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """Non-empty text, stripped of surrounding blank space."""
    value = node.value if node.kind == SCALAR else INVALID
    if value is None or (isinstance(value, str) and not value.strip()):
        errs.add(node.line, f"{label} is empty")
        return INVALID
    if not isinstance(value, str):
        hint = "; put it in quotes to use it as text" if node.kind == SCALAR else ""
        errs.add(node.line, f"{label} must be text, found {describe(node)}{hint}")
        return INVALID
    return value.strip()


def one_line(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """Non-empty text without line breaks."""
    value = text(node, spec, label, errs)
    if value is not INVALID and "\n" in value:
        errs.add(node.line, f"{label} must be one line")
        return INVALID
    return value


def whole(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """A whole number (not a yes/no value), within the field's range."""
    value = node.value if node.kind == SCALAR else None
    bounds = spec.range if spec is not None else None
    if isinstance(value, bool) or not isinstance(value, int):
        wanted = f" {_range_text(bounds)}" if bounds else ""
        errs.add(node.line, f"{label} must be a whole number{wanted}, found {describe(node)}")
        return INVALID
    if bounds and (value < bounds[0] or (bounds[1] is not None and value > bounds[1])):
        errs.add(node.line, f"{label} must be {_range_text(bounds)}, found {value}")
        return INVALID
    return value


def yes_no(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """``true`` or ``false``."""
    value = node.value if node.kind == SCALAR else None
    if not isinstance(value, bool):
        errs.add(node.line, f"{label} must be true or false, found {describe(node)}")
        return INVALID
    return value


def ident(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """An id: lower case letters, digits and dashes, starting with a letter or digit."""
    value = node.value if node.kind == SCALAR else None
    if isinstance(value, int) and not isinstance(value, bool):
        value = node.raw  # an id made of digits reads as a number
    if not isinstance(value, str):
        errs.add(node.line, f"{label} must be an id like 'first-steps', found {describe(node)}")
        return INVALID
    if not ID_PATTERN.fullmatch(value):
        message = (
            f"{label} '{short(value)}' is not a valid id: use lower case letters, digits "
            "and dashes, starting with a letter or digit"
        )
        fixed = re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")
        if fixed:
            message += f" (like '{short(fixed)}')"
        errs.add(node.line, message)
        return INVALID
    if len(value) > ID_MAX:
        errs.add(
            node.line, f"{label} '{short(value)}' is too long: ids have at most {ID_MAX} characters"
        )
        return INVALID
    return value


def one_of(*choices: str, noun: str) -> Reader:
    """A reader accepting exactly one of ``choices``; ``noun`` names them in messages."""

    def read(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
        value = node.value if node.kind == SCALAR else None
        if isinstance(value, str) and value in choices:
            return value
        listed = ", ".join(choices)
        if isinstance(value, str):
            close = suggest(value, choices)
            hint = f" (did you mean '{close}'?)" if close else f"; use one of: {listed}"
            errs.add(node.line, f"unknown {noun} '{short(value)}'{hint}")
        else:
            errs.add(node.line, f"{label} must be one of: {listed}, found {describe(node)}")
        return INVALID

    return read


def list_of(item: Reader, *, unique: bool = False) -> Reader:
    """A reader for a list whose items ``item`` reads; ``unique`` refuses repeats."""

    def read(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
        if node.kind != SEQ:
            hint = " (put each item on its own line, starting with '- ')"
            errs.add(node.line, f"{label} must be a list, found {describe(node)}{hint}")
            return INVALID
        ok = True
        bounds = spec.range if spec is not None else None
        count = len(node.value)
        if bounds and count < bounds[0]:
            errs.add(
                node.line, f"{label} needs at least {_items(bounds[0])}, found {count or 'none'}"
            )
            ok = False
        if bounds and bounds[1] is not None and count > bounds[1]:
            errs.add(node.line, f"{label} can have at most {_items(bounds[1])}, found {count}")
            ok = False
        values: list[Any] = []
        seen: dict[Any, int] = {}
        for number, child in enumerate(node.value, 1):
            item_label = f"item {number} of {label}"
            value = item(child, None, item_label, errs)
            if value is INVALID:
                ok = False
                continue
            if unique:
                key = value.casefold() if isinstance(value, str) else value
                if key in seen:
                    errs.add(
                        child.line, f"{item_label} repeats item {seen[key]} ('{short(value)}')"
                    )
                    ok = False
                seen.setdefault(key, number)
            values.append(value)
        return tuple(values) if ok else INVALID

    return read


def any_node(node: Node, spec: Field | None, label: str, errs: FileErrors) -> Any:
    """The node itself, for items the caller checks (exercises, sessions, groups)."""
    return node


def lines_of(node: Node | None) -> list[int]:
    """The line of each item of a list node."""
    return [child.line for child in node.value] if node is not None and node.kind == SEQ else []
