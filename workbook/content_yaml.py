"""Reading one YAML file safely into a small tree of nodes that know their line.

``yaml.compose`` is not used: on a deeply nested file the C composer recurses
until the process crashes (100,000 nested ``[`` segfault it), and it cannot
stop early. Instead the parser's events are assembled here, iteratively,
with hard limits, so any file ends quickly in one :class:`ContentError`:

- at most :data:`MAX_BYTES` bytes, strict UTF-8;
- at most :data:`MAX_DEPTH` nested lists and mappings;
- at most :data:`MAX_NODES` values, counting every expansion of an alias, so
  a "billion laughs" file is refused while it is read;
- one document, no tags beyond the standard ones.

An anchor only becomes usable once its value is complete, so an alias can
never point into itself and the tree is always finite.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from workbook.content_model import ContentError

_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 1024 * 1024
MAX_DEPTH = 50
MAX_NODES = 100_000

SCALAR, SEQ, MAP = "scalar", "list", "mapping"

_STR_TAG = "tag:yaml.org,2002:str"
_COLLECTION_TAGS = {None, "!", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"}
_SCALAR_CONSTRUCTORS = {
    tag: construct
    for tag, construct in SafeConstructor.yaml_constructors.items()
    if tag is not None and tag.rsplit(":", 1)[-1] in {"null", "bool", "int", "float", "timestamp"}
}
_NOUNS = {
    "int": "a whole number",
    "float": "a number",
    "bool": "a yes/no value",
    "timestamp": "a date",
    "null": "an empty value",
}
# '<<' (merge) and '=' (value) are read as the text they are; merging is not supported.
_AS_TEXT_TAGS = {_STR_TAG, "tag:yaml.org,2002:merge", "tag:yaml.org,2002:value"}


class Node:
    """A value read from YAML: a scalar, a list of nodes, or a list of (key, value) pairs.

    ``raw`` is a scalar's source text; ``size`` counts this node and all below it.
    """

    __slots__ = ("kind", "line", "raw", "size", "value")

    def __init__(self, kind: str, value: Any, line: int, raw: str = "") -> None:
        self.kind = kind
        self.value = value
        self.line = line
        self.raw = raw
        self.size = 1


class _Fail(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def read_yaml(path: Path, display: str) -> Node | ContentError | None:
    """The file's tree (None when it holds no document), or the one error that stopped it."""
    try:
        if not path.is_file():
            return ContentError(display, 1, "not a regular file")
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as exc:
        return ContentError(display, 1, f"cannot read the file: {exc.strerror or exc}")
    if len(data) > MAX_BYTES:
        return ContentError(display, 1, "file is larger than 1 MB, the most a content file may be")
    return parse_yaml(data, display)


def parse_yaml(data: bytes, display: str) -> Node | ContentError | None:
    """Parse UTF-8 YAML bytes; see :func:`read_yaml`."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return ContentError(
            display, line, f"file is not UTF-8 text (byte 0x{bad} cannot be read); save it as UTF-8"
        )
    text = text.removeprefix("\ufeff")
    loader = None
    try:
        loader = _Loader(text)
        return _compose(loader)
    except _Fail as exc:
        return ContentError(display, exc.line, exc.message)
    except yaml.MarkedYAMLError as exc:
        return _syntax_error(exc, text, display)
    except yaml.YAMLError as exc:
        position = getattr(exc, "position", 0)
        reason = getattr(exc, "reason", None) or "the text cannot be read as YAML"
        # The C reader counts bytes, the pure-Python one characters.
        if _Loader is not yaml.SafeLoader:
            line = text.encode().count(b"\n", 0, position) + 1
        else:
            line = text.count("\n", 0, position) + 1
        return ContentError(display, line, f"YAML syntax error: {reason}")
    finally:
        if loader is not None:
            loader.dispose()


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, display: str) -> ContentError:
    mark = exc.problem_mark or exc.context_mark
    line = mark.line + 1 if mark is not None else 1
    source_line = text.split("\n", line)[line - 1] if line <= text.count("\n") + 1 else ""
    indent = source_line[: len(source_line) - len(source_line.lstrip(" \t"))]
    if "\t" in indent:
        return ContentError(
            display, line, "YAML syntax error: a tab is used for indentation; indent with spaces"
        )
    message = f"YAML syntax error: {exc.problem or exc.context or 'cannot read this'}"
    context = exc.context_mark
    if exc.problem and exc.context and context is not None and context.line + 1 != line:
        message += f" ({exc.context} started on line {context.line + 1})"
    return ContentError(display, line, message)


def _compose(loader: Any) -> Node | None:
    # Open collections: [node, anchor, flat children]; a mapping's children alternate key, value.
    stack: list[tuple[Node, str | None, list[Node]]] = []
    anchors: dict[str, Node] = {}
    root: Node | None = None
    documents = 0
    while True:
        event = loader.get_event()
        cls = type(event)
        if cls is StreamEndEvent:
            return root
        line = event.start_mark.line + 1
        if cls is ScalarEvent:
            node = _scalar(loader, event, line)
            anchor = event.anchor
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            if event.tag not in _COLLECTION_TAGS:
                raise _Fail(line, _unsupported_tag(event.tag))
            if len(stack) >= MAX_DEPTH:
                raise _Fail(line, f"nesting is too deep (more than {MAX_DEPTH} levels)")
            stack.append(
                (Node(MAP if cls is MappingStartEvent else SEQ, None, line), event.anchor, [])
            )
            continue
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            node, anchor, children = stack.pop()
            if node.kind == MAP:
                node.value = list(zip(children[::2], children[1::2], strict=True))
            else:
                node.value = children
        elif cls is AliasEvent:
            anchor = None
            node = anchors.get(event.anchor)  # type: ignore[assignment]
            if node is None:
                raise _Fail(
                    line,
                    f"alias '*{_short(event.anchor)}' has no complete anchor "
                    f"'&{_short(event.anchor)}' before it",
                )
        elif cls is DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise _Fail(
                    line, "file holds more than one YAML document ('---'); use one per file"
                )
            continue
        else:
            continue
        if anchor is not None:
            anchors[anchor] = node
        if stack:
            parent = stack[-1][0]
            parent.size += node.size
            if parent.size > MAX_NODES:
                raise _Fail(
                    line, f"too many values (over {MAX_NODES:,}, counting each use of an alias)"
                )
            stack[-1][2].append(node)
        else:
            root = node


def _scalar(loader: Any, event: ScalarEvent, line: int) -> Node:
    tag = event.tag
    if tag is None or tag == "!":
        # Quoted and block scalars are always text; only plain ones need resolving.
        plain = event.implicit[0]
        tag = loader.resolve(ScalarNode, event.value, event.implicit) if plain else _STR_TAG
    if tag in _AS_TEXT_TAGS:
        return Node(SCALAR, event.value, line, event.value)
    construct = _SCALAR_CONSTRUCTORS.get(tag)
    if construct is None:
        raise _Fail(line, _unsupported_tag(tag))
    try:
        value = construct(loader, ScalarNode(tag, event.value))
    except Exception:
        noun = _NOUNS.get(tag.rsplit(":", 1)[-1], "a value")
        raise _Fail(line, f"cannot read '{_short(event.value)}' as {noun}") from None
    return Node(SCALAR, value, line, event.value)


def _unsupported_tag(tag: str) -> str:
    tag = tag.replace("tag:yaml.org,2002:", "!!")
    return f"the tag '{_short(tag)}' is not supported in content files"


def _short(text: str, limit: int = 40) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
