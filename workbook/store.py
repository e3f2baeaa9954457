"""The workbook as the rest of the program sees it: the couple, sessions and answers.

``WorkbookStore`` wraps one opened TinyDB file (see ``workbook.storage``) and
speaks in the dataclasses of ``workbook.model``. Every change is written
through to disk before the method returns, so "saved" on screen always means
saved on disk. All methods are safe to call from a worker thread: one lock
serialises them, because TinyDB itself is not thread-safe.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, TypeVar

from tinydb.table import Document, Table

from workbook.envelope import KeyRing, Secret
from workbook.model import Answer, Couple, PartnerKey, Run, SessionRecord, new_id, now_iso
from workbook.schema import (
    ANSWERS_TABLE,
    COUPLE_TABLE,
    RUNS_TABLE,
    SESSIONS_TABLE,
    SETTINGS_TABLE,
)
from workbook.storage import (
    CopiesNotCleared,
    OpenDatabase,
    SafeJSONStorage,
    open_database,
    relock_opened,
    remove_kept_copies,
    scrub_backup,
    scrub_kept_copies,
)

T = TypeVar("T")

# Short names for the tables, as the store uses them everywhere.
COUPLE, SESSIONS, RUNS = COUPLE_TABLE, SESSIONS_TABLE, RUNS_TABLE
ANSWERS, SETTINGS = ANSWERS_TABLE, SETTINGS_TABLE


class WorkbookStore:
    """Read and write one couple's workbook file."""

    def __init__(self, opened: OpenDatabase) -> None:
        self._opened = opened
        self._lock = threading.RLock()
        self._answer_index: _AnswerIndex | None = None
        """Answer uuid -> TinyDB doc id; built on first use, dropped after a failed write."""
        self.generation = 0
        """Counts successful changes, so views built from the data know when to rebuild."""

    @classmethod
    def open(cls, path: str | os.PathLike[str], secret: Secret | None = None) -> WorkbookStore:
        """Open (or create) the workbook at ``path``; raises ``StorageError`` subclasses.

        A workbook locked with a passphrase needs ``secret`` (``WorkbookIsLocked``).
        """
        return cls(open_database(path, secret=secret))

    # -- the file ---------------------------------------------------------

    @property
    def path(self) -> Path:
        """The workbook file."""
        return self._opened.path

    @property
    def key_ring(self) -> KeyRing | None:
        """The keys of a workbook locked with a passphrase (to lock its backups); None if plain."""
        return self._opened.key_ring

    def relock(self, ring: KeyRing | None) -> list[Path]:
        """Lock the open workbook and every copy kept beside it with ``ring`` (None: plain).

        One atomic rewrite, like ``workbook passphrase``; every later save
        uses ``ring``. Returns the copies that could not be rewritten.
        """
        with self._lock:
            return relock_opened(self._opened, ring)

    @property
    def read_only(self) -> bool:
        """True when the file may be read but not changed."""
        return self._opened.read_only

    @property
    def read_only_reason(self) -> str | None:
        """Why the workbook is read-only, in plain words."""
        return self._opened.read_only_reason

    def close(self) -> None:
        """Release the file (and its lock). Safe to call twice."""
        with self._lock:
            self._opened.close()

    @property
    def complete(self) -> bool:
        """True once the answers have been read (see ``finish_loading``)."""
        return self._storage.complete

    def finish_loading(self) -> bool:
        """Parse the answers now, if opening left them for later.

        Opening a big workbook parses only the small tables (the couple,
        sessions, runs, settings), so home shows at once; the answers are
        parsed here, or by whatever needs them first. Raises CorruptDatabase
        if they turn out to be damaged; nothing can be saved then. Returns
        False if the small tables read at first were not all there was (a
        file edited by hand): what was shown from them should be shown again.
        """
        with self._lock:
            self._storage.read()
            self._index()  # built here, off the UI thread, and kept up to date by each write
            return self._storage.small_tables_were_whole

    @property
    def _storage(self) -> SafeJSONStorage:
        return self._opened.db.storage  # type: ignore[return-value]

    def _docs(self, name: str) -> list[dict[str, Any]]:
        """The documents of a small table, read without waiting for the answers."""
        return list(self._storage.table(name).values())

    def _table(self, name: str) -> Table:
        # cache_size=0: TinyDB's query cache would keep a second copy of results.
        return self._opened.db.table(name, cache_size=0)

    def _write(self, change: Callable[[], T]) -> T:
        """Run one change; on failure forget derived indexes (the file is unchanged).

        Any failure, not only a failed write: a change made of several steps
        (``commit_step``) may have touched the tables in memory before it
        stopped, and none of that was saved.
        """
        with self._lock:
            try:
                result = change()
                self.generation += 1
                return result
            except Exception:
                self._answer_index = None
                for name in (COUPLE, SESSIONS, ANSWERS, SETTINGS, RUNS):
                    self._table(name).clear_cache()
                raise

    # -- couple -------------------------------------------------------------

    def couple(self) -> Couple | None:
        """The two partners, or None before the first-run setup."""
        with self._lock:
            docs = self._docs(COUPLE)
            return Couple.from_doc(docs[0]) if docs else None

    def save_couple(self, couple: Couple) -> None:
        """Store the partners' names, colours and agreement time."""

        def change() -> None:
            table = self._table(COUPLE)
            table.truncate()
            table.insert(couple.to_doc())

        self._write(change)

    # -- settings -------------------------------------------------------------

    def setting(self, key: str, default: Any = None) -> Any:
        """A stored preference (such as the theme), or ``default``."""
        with self._lock:
            for doc in self._docs(SETTINGS):
                if doc.get("key") == key:
                    return doc.get("value", default)
            return default

    def set_setting(self, key: str, value: Any) -> None:
        """Store a preference."""

        def change() -> None:
            table = self._table(SETTINGS)
            for doc in table:
                if doc.get("key") == key:
                    if doc.get("value") != value:
                        table.update({"value": value}, doc_ids=[doc.doc_id])
                    return
            table.insert({"key": key, "value": value})

        self._write(change)

    # -- sessions -----------------------------------------------------------

    def session_records(self) -> list[SessionRecord]:
        """Every started session, oldest first."""
        with self._lock:
            records = [SessionRecord.from_doc(doc) for doc in self._docs(SESSIONS)]
        return sorted(records, key=lambda r: r.started)

    def start_session(self, program_session: str) -> SessionRecord:
        """Record that the couple began a session of the program."""
        record = SessionRecord(id=new_id(), program_session=program_session, started=now_iso())
        self._write(lambda: self._table(SESSIONS).insert(record.to_doc()))
        return record

    def complete_session(self, record_id: str) -> SessionRecord:
        """Mark a started session as finished."""

        def change() -> SessionRecord:
            table = self._table(SESSIONS)
            for doc in table:
                if doc["id"] == record_id:
                    done = now_iso()
                    table.update({"completed": done}, doc_ids=[doc.doc_id])
                    return SessionRecord.from_doc({**doc, "completed": done})
            raise KeyError(record_id)

        return self._write(change)

    # -- exercise runs ----------------------------------------------------------

    def start_run(self, exercise: str, session: str | None, state: dict[str, Any]) -> Run:
        """Begin an attempt at an exercise."""
        stamp = now_iso()
        run = Run(new_id(), exercise, session, started=stamp, updated=stamp, state=state)
        self._write(lambda: self._table(RUNS).insert(run.to_doc()))
        return run

    def _update_run(self, run_id: str, fields: dict[str, Any]) -> Run:
        return self._write(lambda: self._put_run_fields(run_id, fields))

    def _put_run_fields(self, run_id: str, fields: dict[str, Any]) -> Run:
        """Change an attempt's fields (call inside ``_write``)."""
        table = self._table(RUNS)
        for doc in table:
            if doc["id"] == run_id:
                table.update(fields, doc_ids=[doc.doc_id])
                return Run.from_doc({**doc, **fields})
        raise KeyError(run_id)

    def save_run_state(self, run_id: str, state: dict[str, Any]) -> Run:
        """Remember where an attempt stands (whose turn, which step)."""
        return self._update_run(run_id, _run_fields(state, complete=False))

    def complete_run(self, run_id: str, state: dict[str, Any] | None = None) -> Run:
        """Mark an attempt as finished."""
        return self._update_run(run_id, _run_fields(state, complete=True))

    def commit_step(
        self,
        run_id: str,
        state: dict[str, Any],
        *,
        answer: Answer | None = None,
        complete: bool = False,
    ) -> Run:
        """Save a step's answer (if it has one) and the attempt's next state in ONE atomic write.

        Either both land or neither does, so after a crash the attempt never
        points past an answer that was not saved, nor keeps an answer while
        still asking for it. ``complete`` also marks the attempt finished.
        """

        def change() -> Run:
            with self._storage.one_write():
                if answer is not None:
                    self._put_answer(answer)
                return self._put_run_fields(run_id, _run_fields(state, complete=complete))

        return self._write(change)

    def runs(self, *, exercise: str | None = None, session: str | None = None) -> list[Run]:
        """Attempts, oldest first, optionally for one exercise and/or one session record."""
        with self._lock:
            docs = [
                doc
                for doc in self._docs(RUNS)
                if (exercise is None or doc["exercise"] == exercise)
                and (session is None or doc.get("session") == session)
            ]
        return sorted((Run.from_doc(d) for d in docs), key=lambda r: r.started)

    def unfinished_run(self, exercise: str, session: str | None) -> Run | None:
        """The latest attempt at ``exercise`` in ``session`` that was left half-way."""
        open_runs = [r for r in self.runs(exercise=exercise) if r.session == session]
        open_runs = [r for r in open_runs if not r.is_done]
        return open_runs[-1] if open_runs else None

    # -- answers --------------------------------------------------------------

    def _index(self) -> _AnswerIndex:
        if self._answer_index is None:
            self._answer_index = _AnswerIndex(self._table(ANSWERS))
        return self._answer_index

    def _ids(self) -> dict[str, int]:
        return self._index().doc_ids

    def save_answer(self, answer: Answer) -> Answer:
        """Insert a new answer or update the stored one with the same uuid.

        An update keeps the stored ``created`` time: answers are never
        silently replaced, they are edited.
        """

        return self._write(lambda: self._put_answer(answer))

    def _put_answer(self, answer: Answer) -> Answer:
        """Insert or update ``answer`` by uuid (call inside ``_write``)."""
        table = self._table(ANSWERS)
        ids = self._ids()
        doc_id = ids.get(answer.uuid)
        if doc_id is None:
            self._index().add(table.insert(answer.to_doc()), answer)
            return answer
        stored = table.get(doc_id=doc_id)
        created = stored["created"] if stored else answer.created
        saved = Answer.from_doc({**answer.to_doc(), "created": created})
        table.update(saved.to_doc(), doc_ids=[doc_id])
        if stored is not None:
            self._index().move(stored, saved)
        return saved

    def add_history(self, records: list[SessionRecord], answers: list[Answer]) -> int:
        """Add session records and new answers (by uuid) in ONE atomic write.

        Used by imports and sample data: either everything lands or nothing.
        Returns how many answers were new.
        """

        def change() -> int:
            ids = self._ids()
            fresh = [a for a in answers if a.uuid not in ids]
            with self._storage.one_write():  # both tables in one write
                self._table(SESSIONS).insert_multiple(r.to_doc() for r in records)
                new_ids = self._table(ANSWERS).insert_multiple(a.to_doc() for a in fresh)
            index = self._index()
            for added, doc_id in zip(fresh, new_ids, strict=True):
                index.add(doc_id, added)
            return len(fresh)

        return self._write(change)

    def delete_answer(self, uuid: str) -> bool:
        """Remove an answer for good: from the file and from every copy the app keeps.

        One atomic write removes it; then the ``.bak`` (which still held it) is
        atomically replaced by a copy of the new file, and every other kept
        copy that holds it (older backups, damaged copies kept by a restore,
        copies from before an upgrade, changes kept aside) is rewritten
        without it (``scrub_kept_copies``). Returns False, changing nothing,
        if there is no answer with this uuid. Raises WriteFailed if the answer
        could not be removed.

        Raises CopiesNotCleared (a StorageError) when the answer is gone from
        the workbook but some copies still hold it, such as a damaged copy
        that can't be parsed: its ``paths`` name exactly those files, for the
        couple to remove (``remove_copies``). An exception rather than a
        return value, so that no caller can miss it and say "deleted".
        """
        with self._lock:
            doc_id = self._ids().get(uuid)
            doc = self._table(ANSWERS).get(doc_id=doc_id) if doc_id is not None else None
            value = doc.get("value") if isinstance(doc, dict) else None

            def change() -> bool:
                doc_id = self._ids().get(uuid)
                if doc_id is None:
                    return False
                self._table(ANSWERS).remove(doc_ids=[doc_id])
                self._index().remove(uuid, doc if isinstance(doc, dict) else {})
                return True

            if not self._write(change):
                return False
            left: list[Path] = []
            try:
                scrub_backup(self.path)
            except OSError:
                left.append(Path(f"{self.path}.bak"))
            left += scrub_kept_copies(self.path, uuid, value, self._opened.key_ring)
            if left:
                raise CopiesNotCleared(left)
            return True

    def remove_copies(self, copies: list[Path]) -> list[Path]:
        """Delete kept copies that ``delete_answer`` could not clear; return those still there.

        Only backups and kept copies of this workbook are ever removed (see
        ``workbook.storage.remove_kept_copies``), whatever the list says.
        """
        with self._lock:
            return remove_kept_copies(self.path, copies)

    def raw_tables(self) -> Mapping[str, Mapping[str, Any]]:
        """The stored tables as they are in the file: ``{table: {"doc id": doc}}``.

        The very dicts the storage keeps (no copy): read them, never change
        them. Used by imports to plan a merge.
        """
        with self._lock:
            return self._opened.db.storage.read() or {}

    def append_rows(
        self, rows: Mapping[str, Sequence[dict[str, Any]]], *, couple: dict[str, Any] | None = None
    ) -> None:
        """Add raw documents to tables (and set the couple if given) in ONE atomic write.

        Used by imports: either everything lands or nothing. The documents are
        stored as given, unknown fields included.
        """

        def change() -> None:
            with self._storage.one_write():  # every table in one write
                for name, docs in rows.items():
                    self._table(name).insert_multiple(docs)
                if couple is not None:
                    self._table(COUPLE).truncate()  # the couple is always document 1
                    self._table(COUPLE).insert(couple)
            self._answer_index = None

        self._write(change)

    def answer(self, uuid: str) -> Answer | None:
        """The answer with this uuid, if any."""
        with self._lock:
            doc_id = self._ids().get(uuid)
            if doc_id is None:
                return None
            doc = self._table(ANSWERS).get(doc_id=doc_id)
            return Answer.from_doc(doc) if doc else None

    def answer_docs(self) -> list[dict[str, Any]]:
        """Every stored answer document itself, in the order they were first saved.

        No copies are made (Review reads tens of thousands of these at once):
        treat the documents as read-only, and save changes through
        ``save_answer``.
        """
        with self._lock:
            return list(self._storage.table(ANSWERS).values())

    def iter_answers(self) -> Iterator[Answer]:
        """Every stored answer, in the order they were first saved."""
        with self._lock:
            docs = list(self._table(ANSWERS))
        for doc in docs:
            yield Answer.from_doc(doc)

    def answers(
        self,
        *,
        session: str | None = None,
        exercise: str | None = None,
        run: str | None = None,
        partner: PartnerKey | None = None,
    ) -> list[Answer]:
        """Answers matching every filter given."""
        wanted = {
            key: value
            for key, value in (
                ("session", session),
                ("exercise", exercise),
                ("run", run),
                ("partner", partner),
            )
            if value is not None
        }
        with self._lock:
            table = self._table(ANSWERS)
            if run is not None:
                # An attempt's own answers, by index: no walk through every answer.
                ids = self._ids()
                candidates: Iterable[dict[str, Any]] = [
                    doc
                    for uuid in self._index().by_run.get(run, ())
                    if (doc := table.get(doc_id=ids[uuid])) is not None
                ]
            else:
                candidates = table
            docs = [
                doc
                for doc in candidates
                if all(doc.get(key) == value for key, value in wanted.items())
            ]
        return [Answer.from_doc(doc) for doc in docs]

    def answers_at_step(self, step: str) -> list[Answer]:
        """Every answer saved under ``step``, drafts included, in the order first saved.

        Read through the index, so it costs as many answers as the step has,
        not as many as the workbook holds.
        """
        with self._lock:
            table = self._table(ANSWERS)
            index = self._index()
            docs = [
                doc
                for uuid in index.by_step.get(step, ())
                if (doc := table.get(doc_id=index.doc_ids[uuid])) is not None
            ]
        return [Answer.from_doc(doc) for doc in docs]

    def answers_at_place(self, exercise: str, step: str, partner: PartnerKey) -> list[Answer]:
        """``partner``'s answers to ``step`` of ``exercise``, drafts included, first saved first.

        Read through the index, like :meth:`answers_at_step`.
        """
        with self._lock:
            table = self._table(ANSWERS)
            index = self._index()
            docs = [
                doc
                for uuid in index.by_place.get((exercise, step, partner), ())
                if (doc := table.get(doc_id=index.doc_ids[uuid])) is not None
            ]
        return [Answer.from_doc(doc) for doc in docs]

    def answer_count(self) -> int:
        """How many answers are stored."""
        with self._lock:
            return len(self._table(ANSWERS))


class _AnswerIndex:
    """Where each answer is: its TinyDB document id by uuid, and the uuids of each group.

    The groups are each attempt's answers, each step's, and each partner's
    answers to one step of one exercise. Built with one walk through the
    answers, then kept up to date by every change the store makes, so
    finding an attempt's answers (each step of an exercise does), every
    answer to one step (the statement library does) or a partner's earlier
    answers to the same question (Review's answer page does) never walks
    through all of them again.
    """

    def __init__(self, docs: Iterable[Document]) -> None:
        self.doc_ids: dict[str, int] = {}
        """Document id by answer uuid."""
        self.by_run: dict[str, list[str]] = {}
        """Each attempt's answer uuids, in the order they were first saved."""
        self.by_step: dict[str, dict[str, None]] = {}
        """Each step's answer uuids, in the order they were first saved (a dict as an ordered set:
        a step such as a check-in's can hold thousands, and a delete must not walk them)."""
        self.by_place: dict[tuple[str, str, str], dict[str, None]] = {}
        """Each (exercise, step, partner)'s answer uuids, in the order they were first saved."""
        for doc in docs:
            self._add(doc["uuid"], doc.doc_id, doc)

    def add(self, doc_id: int, answer: Answer) -> None:
        """Note a newly stored answer."""
        self._add(answer.uuid, doc_id, _filed_under(answer))

    def _add(self, uuid: str, doc_id: int, doc: Mapping[str, Any]) -> None:
        self.doc_ids[uuid] = doc_id
        run, step, place = _groups(doc)
        if run is not None:
            self.by_run.setdefault(run, []).append(uuid)
        if step is not None:
            self.by_step.setdefault(step, {})[uuid] = None
        if place is not None:
            self.by_place.setdefault(place, {})[uuid] = None

    def remove(self, uuid: str, doc: Mapping[str, Any]) -> None:
        """Forget a removed answer (``doc`` is how it was stored)."""
        self.doc_ids.pop(uuid, None)
        run, step, place = _groups(doc)
        uuids = self.by_run.get(run) if run is not None else None
        if uuids is not None and uuid in uuids:
            uuids.remove(uuid)
        if step is not None:
            self.by_step.get(step, {}).pop(uuid, None)
        if place is not None:
            self.by_place.get(place, {}).pop(uuid, None)

    def move(self, stored: Mapping[str, Any], saved: Answer) -> None:
        """An edit may have changed which attempt, step or place the answer belongs to."""
        doc = _filed_under(saved)
        if _groups(stored) == _groups(doc):
            return
        uuid = saved.uuid
        doc_id = self.doc_ids[uuid]
        self.remove(uuid, stored)
        self._add(uuid, doc_id, doc)
        # Keep each group's answers in the order they were first saved.
        run, step, place = _groups(doc)
        first_saved = self.doc_ids.__getitem__
        if run is not None:
            self.by_run[run].sort(key=first_saved)
        if step is not None:
            self.by_step[step] = dict.fromkeys(sorted(self.by_step[step], key=first_saved))
        if place is not None:
            self.by_place[place] = dict.fromkeys(sorted(self.by_place[place], key=first_saved))


def _filed_under(answer: Answer) -> dict[str, Any]:
    """Just the fields of ``answer`` the index files it by (no copy of its value)."""
    return {
        "run": answer.run, "step": answer.step,
        "exercise": answer.exercise, "partner": answer.partner,
    }


def _groups(
    doc: Mapping[str, Any],
) -> tuple[str | None, str | None, tuple[str, str, str] | None]:
    """The attempt, the step and the (exercise, step, partner) an answer is filed under.

    Imported documents are stored as given: only text counts as any of them.
    """
    run, step = doc.get("run"), doc.get("step")
    exercise, partner = doc.get("exercise"), doc.get("partner")
    run = run if isinstance(run, str) else None
    step = step if isinstance(step, str) else None
    place = (
        (exercise, step, partner)
        if step is not None and isinstance(exercise, str) and isinstance(partner, str)
        else None
    )
    return run, step, place


def _run_fields(state: dict[str, Any] | None, *, complete: bool) -> dict[str, Any]:
    """The fields that record an attempt's progress: its state, and when it finished."""
    stamp = now_iso()
    fields: dict[str, Any] = {"updated": stamp}
    if complete:
        fields["completed"] = stamp
    if state is not None:
        fields["state"] = state
    return fields
