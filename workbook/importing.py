"""``workbook import``: merge a JSON export or another workbook file into a workbook.

Answers are merged by ``uuid``, session records and runs by ``id``, settings
by ``key``; nothing already in the workbook is ever changed. An imported
answer whose uuid is known but whose value or visibility differs is a
*conflict*: the stored answer stays as it is, and the imported one is added
beside it under a new uuid, with ``conflict_of`` naming the original. That
uuid is derived from the original uuid and the imported words, so importing
the same file again adds nothing (and two computers that import the same
conflict make the same copy).

The source is read and checked completely before the workbook is even
opened, and everything new lands in ONE atomic write: a bad file, a workbook
that is open in the app, or a failed save changes nothing. This module never
imports Textual.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson

from workbook import export
from workbook.envelope import Secret
from workbook.export import ANSWERS, COUPLE, FORMAT, RUNS, SESSIONS, SETTINGS, VERSION, Snapshot
from workbook.schema import META_TABLE, workbook_problem
from workbook.storage import (
    CURRENT_SCHEMA,
    MIGRATIONS,
    CorruptDatabase,
    DatabaseLocked,
    InvalidDocument,
    NewerSchema,
    NotRegularFile,
    StorageError,
    WorkbookIsLocked,
    WriteFailed,
    WrongKey,
    parse_workbook,
    read_regular_file,
    unlock_file_bytes,
)

Doc = dict[str, Any]

CONFLICT_NAMESPACE = uuid.UUID("6f1d3c52-2b7e-4c41-9a8e-1f0a3b5d7c90")
"""Conflict copies get ``uuid5(CONFLICT_NAMESPACE, ...)`` (see :func:`conflict_uuid`)."""

LOCKED = (
    "This workbook is open in another window, or another workbook command is using it, "
    "so nothing was imported. Try again when that has finished."
)
"""Said when another process holds the workbook's lock: the app in another window, or
another command such as a second import. (The storage layer's message names a window only.)"""


class ImportRefused(Exception):
    """The import did not happen; the workbook is exactly as it was.

    ``str(error)`` is a plain sentence for the person at the keyboard.
    """


class SourceLocked(ImportRefused):
    """The file to import is locked with a passphrase, and none was given; nothing changed."""


class WorkbookNeedsPassphrase(ImportRefused):
    """The workbook to import into is locked, and no passphrase (or a wrong one) was given.

    ``wrong`` is True when a passphrase was given and did not open it.
    """

    def __init__(self, message: str, *, wrong: bool) -> None:
        super().__init__(message)
        self.wrong = wrong


# --- reading the source --------------------------------------------------------------------


def read_source(path: str | os.PathLike[str], *, secret: Secret | None = None) -> Snapshot:
    """The documents in a JSON export or a workbook file, checked; ImportRefused if unusable.

    A file locked with a passphrase (a locked workbook or a locked backup) is
    opened with ``secret``; without one it raises SourceLocked.
    """
    path = Path(path)
    name = path.name or str(path)
    try:
        raw = read_regular_file(path)  # a named pipe is refused, never read (it could block)
    except FileNotFoundError:
        raise ImportRefused(f"There is no file {path}.") from None
    except NotRegularFile as exc:
        raise ImportRefused(
            f"{path} is {exc.kind}, not a file to import. Nothing was changed."
        ) from None
    except OSError as exc:
        raise ImportRefused(
            f"{path} could not be read ({exc.strerror or 'unknown error'}). Nothing was changed."
        ) from exc
    raw = _unlocked(raw, path, name, secret)
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        data = None
    if isinstance(data, dict) and data.get("format") == FORMAT:
        snapshot = _from_export(data, name)
    elif data is None and _is_markdown_export(raw):
        raise ImportRefused(_markdown(name))
    else:
        snapshot = _from_workbook(raw, path, name, parsed=data is not None)
    _check_documents(snapshot, name)
    return snapshot


def _unlocked(raw: bytes, path: Path, name: str, secret: Secret | None) -> bytes:
    """The plain bytes of a source file that may be locked with a passphrase."""
    try:
        return unlock_file_bytes(raw, path, secret)
    except WorkbookIsLocked:
        raise SourceLocked(
            f"{name} is locked with a passphrase: it opens only with its passphrase or "
            "its recovery key. Nothing was changed."
        ) from None
    except WrongKey as exc:
        raise ImportRefused(f"{exc.message} ({name}) Nothing was changed.") from None
    except CorruptDatabase as exc:
        raise ImportRefused(_broken(name, exc.reason)) from None
    except StorageError as exc:  # locked by a newer version
        raise ImportRefused(f"{name}: {exc}") from None


def _is_markdown_export(raw: bytes) -> bool:
    """True for a file that begins like the Markdown of ``workbook export``.

    That document opens with "# NAME and NAME: our workbook" and then a line
    saying who "wrote in Couple Workbook" (see ``export._Writer.write``).
    Either one is enough: the file is refused anyway, and this only picks the
    message that says why.
    """
    head = raw[:65536].decode("utf-8", errors="replace").lstrip("\ufeff")
    lines = [line.strip() for line in head.splitlines() if line.strip()][:2]
    if not lines:
        return False
    heading = lines[0].startswith("# ") and lines[0].endswith(": our workbook")
    intro = len(lines) > 1 and "wrote in Couple Workbook" in lines[1]
    return heading or intro


def _markdown(name: str) -> str:
    return (
        f"{name} is a Markdown export, meant for reading or printing, so it can't be "
        "imported. Import takes a JSON backup: make one with "
        "`workbook export --format json -o FILE` and import that file. Nothing was changed."
    )


def _from_workbook(raw: bytes, path: Path, name: str, *, parsed: bool) -> Snapshot:
    try:
        tables = parse_workbook(raw, path)
    except NewerSchema:
        raise ImportRefused(_newer(name)) from None
    except CorruptDatabase as exc:
        if parsed and not isinstance(exc, InvalidDocument):  # a workbook, with a bad field
            raise ImportRefused(
                f"{name} is neither a Couple Workbook export nor a workbook file, "
                "so nothing was imported."
            ) from None
        raise ImportRefused(_broken(name, exc.reason)) from None
    schema = next(iter(tables[META_TABLE].values()))["schema"]  # checked by parse_workbook
    return export.snapshot_from_tables(_migrate(tables, schema, name))


def _from_export(data: dict[str, Any], name: str) -> Snapshot:
    version, schema = data.get("version"), data.get("schema")
    if type(version) is not int or type(schema) is not int or version < 1 or schema < 1:
        raise ImportRefused(_broken(name, "its version numbers are missing"))
    if version > VERSION or schema > CURRENT_SCHEMA:
        raise ImportRefused(_newer(name))
    tables: dict[str, Any] = {META_TABLE: {"1": {"schema": schema}}}
    for table in (SESSIONS, RUNS, ANSWERS, SETTINGS):
        docs = data.get(table, [])
        if not isinstance(docs, list) or not all(isinstance(d, dict) for d in docs):
            raise ImportRefused(_broken(name, f'its "{table}" are not a list of records'))
        tables[table] = {str(n): doc for n, doc in enumerate(docs, start=1)}
    couple = data.get("couple")
    if couple is not None and not isinstance(couple, dict):
        raise ImportRefused(_broken(name, "its couple is not a record"))
    tables[COUPLE] = {"1": couple} if couple is not None else {}
    return export.snapshot_from_tables(_migrate(tables, schema, name))


def _migrate(tables: dict[str, Any], schema: int, name: str) -> dict[str, Any]:
    """Bring an older schema's tables up to date, as opening a workbook would."""
    try:
        for version in range(schema, CURRENT_SCHEMA):
            tables = MIGRATIONS[version](tables)
    except Exception as exc:
        raise ImportRefused(
            f"{name} is in an older format that could not be updated, so nothing was imported."
        ) from exc
    return tables


def _newer(name: str) -> str:
    return (
        f"{name} was made by a newer version of the app. Update the app to import it; "
        "nothing was changed."
    )


def _broken(name: str, why: str) -> str:
    return f"{name} can't be imported because {why}. Nothing was changed."


def _check_documents(snapshot: Snapshot, name: str) -> None:
    """Refuse documents the app could not use: the rules of opening a file (``workbook.schema``).

    A document is named by its place in the file's list ("answer 3" is the
    third in ``answers``); a workbook file was already checked, by id, when
    it was parsed.
    """
    tables = {
        table: _numbered(getattr(snapshot, table)) for table in (SESSIONS, RUNS, ANSWERS, SETTINGS)
    }
    tables[COUPLE] = _numbered([snapshot.couple] if snapshot.couple is not None else [])
    problem = workbook_problem(tables)
    if problem:
        raise ImportRefused(_broken(name, problem))


def _numbered(docs: list[Doc]) -> dict[str, Doc]:
    return {str(number): doc for number, doc in enumerate(docs, start=1)}


# --- merging -------------------------------------------------------------------------------


def _canonical(value: Any) -> bytes:
    """The JSON bytes of a value, keys sorted: equal bytes mean the same JSON value."""
    return orjson.dumps(value, option=orjson.OPT_SORT_KEYS)


def _same_answer(stored: Doc, imported: Doc) -> bool:
    # Both as exported: a stored check-in from an earlier version still holds a
    # safety number that the import never carries (export.export_document).
    stored = export.without_unkept(stored)
    return stored.get("visibility", "shared") == imported.get("visibility", "shared") and (
        _canonical(stored.get("value")) == _canonical(imported.get("value"))
    )


def conflict_uuid(imported: Doc) -> str:
    """The uuid of the conflict copy of ``imported``: the same for the same words, always."""
    visibility = imported.get("visibility", "shared")
    value = _canonical(imported.get("value")).decode()
    return str(uuid.uuid5(CONFLICT_NAMESPACE, f"{imported['uuid']}\0{visibility}\0{value}"))


@dataclass
class ImportReport:
    """What an import did (or, from :func:`plan`, would do)."""

    added: int = 0
    present: int = 0
    conflicts: int = 0
    sessions_added: int = 0
    runs_added: int = 0
    settings_added: int = 0
    couple_taken: bool = False
    couple_note: str | None = None
    """Set when the two files name the partners differently (the workbook's names stay)."""
    conflict_copies: list[str] = field(default_factory=list)
    """The uuids of the conflict copies added."""
    rows: dict[str, list[Doc]] = field(default_factory=dict)
    """The documents to append, per table."""
    couple: Doc | None = None
    """The couple to store (only when the workbook had none)."""
    workbook_locked: bool | None = None
    """Whether the workbook merged into is locked with a passphrase (None from ``plan``)."""

    @property
    def changes(self) -> bool:
        """True when anything needs writing."""
        return any(self.rows.values()) or self.couple is not None

    def summary(self) -> list[str]:
        """Plain lines for the terminal."""
        lines = [
            f"{_count(self.added, 'answer')} added, {self.present} already present, "
            f"{_count(self.conflicts, 'conflict')}."
        ]
        extra = [
            _count(n, noun)
            for n, noun in (
                (self.sessions_added, "session sitting"),
                (self.runs_added, "exercise run"),
                (self.settings_added, "setting"),
            )
            if n
        ]
        if extra:
            lines.append("Also added: " + ", ".join(extra) + ".")
        if self.couple_taken:
            lines.append("The partners' names were taken from the imported file.")
        if self.couple_note:
            lines.append(self.couple_note)
        if self.conflicts:
            lines.append(
                "A conflict is an answer that is in both files with different words. Both "
                "were kept: yours as it was, and the imported one as a separate answer "
                "marked as a conflict copy."
            )
        return lines


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _names(couple: Mapping[str, Any]) -> tuple[str, str]:
    return (str(couple["a"].get("name")), str(couple["b"].get("name")))


def plan(target: Mapping[str, Mapping[str, Doc]], source: Snapshot, name: str) -> ImportReport:
    """Work out what importing ``source`` adds to the workbook tables ``target``.

    Pure: neither argument is changed. The documents to append are in
    ``report.rows``, in the source's order (answers by ``created``).
    """
    report = ImportReport(rows={SESSIONS: [], RUNS: [], ANSWERS: [], SETTINGS: []})
    ordered = export.export_document(source)

    answers: dict[str, Doc] = {
        doc["uuid"]: doc
        for doc in (target.get(ANSWERS) or {}).values()
        if isinstance(doc.get("uuid"), str)
    }
    for doc in ordered["answers"]:
        stored = answers.get(doc["uuid"])
        if stored is None:
            new = dict(doc)
            report.added += 1
        elif _same_answer(stored, doc):
            report.present += 1
            continue
        else:
            copy_uuid = conflict_uuid(doc)
            if copy_uuid in answers:
                report.present += 1
                continue
            new = {**doc, "uuid": copy_uuid, "conflict_of": doc["uuid"]}
            report.conflicts += 1
            report.conflict_copies.append(copy_uuid)
        answers[new["uuid"]] = new
        report.rows[ANSWERS].append(new)

    for table, key, counter in (
        (SESSIONS, "id", "sessions_added"),
        (RUNS, "id", "runs_added"),
        (SETTINGS, "key", "settings_added"),
    ):
        known = {doc.get(key) for doc in (target.get(table) or {}).values()}
        for doc in ordered[table]:
            if doc[key] not in known:
                known.add(doc[key])
                report.rows[table].append(dict(doc))
                setattr(report, counter, getattr(report, counter) + 1)

    stored_couples = list((target.get(COUPLE) or {}).values())
    if source.couple is not None:
        if not stored_couples:
            report.couple = dict(source.couple)
            report.couple_taken = True
        elif _names(stored_couples[0]) != _names(source.couple):
            theirs, ours = _names(source.couple), _names(stored_couples[0])
            report.couple_note = (
                f"{name} names the partners {theirs[0]} and {theirs[1]}; this workbook's "
                f"names, {ours[0]} and {ours[1]}, were kept."
            )
    return report


def import_file(
    source_path: str | os.PathLike[str],
    db_path: str | os.PathLike[str],
    *,
    source_secret: Secret | None = None,
    secret: Secret | None = None,
) -> ImportReport:
    """Merge the file at ``source_path`` into the workbook at ``db_path``; see the module doc.

    ``source_secret`` opens a locked source, ``secret`` a locked workbook.
    Raises ImportRefused with a plain message; the workbook is then unchanged.
    """
    # All checks first: a bad file never opens the workbook.
    source = read_source(source_path, secret=source_secret)
    return merge_source(source, Path(source_path).name or str(source_path), db_path, secret=secret)


def merge_source(
    source: Snapshot, name: str, db_path: str | os.PathLike[str], *, secret: Secret | None = None
) -> ImportReport:
    """Merge ``source`` (read by ``read_source`` from the file ``name``) into the workbook.

    A locked workbook needs ``secret``: without one, or with a wrong one, it
    raises WorkbookNeedsPassphrase. Raises ImportRefused with a plain message;
    the workbook is then unchanged.
    """
    from workbook.store import WorkbookStore

    try:
        store = WorkbookStore.open(db_path, secret=secret)
    except DatabaseLocked:
        raise ImportRefused(LOCKED) from None
    except WorkbookIsLocked as exc:
        raise WorkbookNeedsPassphrase(
            f"The workbook {exc.path.name} is locked with a passphrase, so nothing was imported.",
            wrong=False,
        ) from None
    except WrongKey as exc:
        raise WorkbookNeedsPassphrase(
            f"{exc.message} (the workbook) Nothing was imported.", wrong=True
        ) from None
    except StorageError as exc:
        raise ImportRefused(f"{exc} Nothing was imported.") from None
    try:
        report = plan(store.raw_tables(), source, name)
        report.workbook_locked = store.key_ring is not None
        if not report.changes:
            return report
        if store.read_only:
            raise ImportRefused(f"{store.read_only_reason} Nothing was imported.")
        try:
            store.append_rows(
                {table: docs for table, docs in report.rows.items() if docs}, couple=report.couple
            )
        except WriteFailed as exc:
            raise ImportRefused(
                f"{exc.reason}, so nothing was imported. Your workbook is as it was."
            ) from exc
        except StorageError as exc:
            raise ImportRefused(f"{exc} Nothing was imported.") from exc
        return report
    finally:
        store.close()
