"""Every field is checked before use: a hand-edited file and an import meet one schema.

Each case below breaks one field of an otherwise healthy workbook. Written
into the workbook file by hand, it must be refused when the file is opened
(the problem screen offers the backup; nothing crashes later); written into
a workbook file or a JSON export that is imported, it must be refused before
anything is written. Both say which table, document and field is wrong.

The files are written with the standard library's json, which writes what
orjson would not: a 30-digit integer as digits, a lone surrogate as the
escape ``\\ud800``.

Every storage and import case runs on a plain workbook and on one locked
with a passphrase (tests/locking.py): the same schema is behind the
envelope, and the hand-edited file is then locked. The cases through the
app run locked for a sample in ``make test`` and all under ``make torture``.
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from workbook.screens.home import HomeScreen
from workbook.screens.listening import ListeningScreen
from workbook.screens.problems import RecoveryScreen

from tests.conftest import COUPLE
from tests.exercise_helpers import screen_text, settle
from tests.hostile.corpus import ALL
from tests.locking import LOCKS, Lock, sampled, with_locks
from workbook import schema, storage
from workbook.cli import main
from workbook.importing import ImportRefused, import_file
from workbook.model import PARTNER_COLOURS, Answer
from workbook.storage import CorruptDatabase

SIZE = (80, 24)
STAMP = "2026-11-01T18:00:00+00:00"
EXERCISE = "listening-your-topic"
DELETE = object()
"""A case value meaning: remove the field."""


def nested(depth: int) -> Any:
    """A list inside a list ... ``depth`` levels deep."""
    value: Any = "bottom"
    for _ in range(depth):
        value = [value]
    return value


def base_tables() -> dict[str, dict[str, Any]]:
    """A healthy workbook: one document in each table, every field filled in."""
    answer = Answer(
        uuid="3c3a0f4e-51a5-4f0e-9d5e-1b0c8f1d2a01", exercise=EXERCISE, step="chunk-1",
        partner="a", value="I miss our evenings", run="r-1", role="speaker",
        created=STAMP, updated=STAMP,
    )
    return {
        "_meta": {"1": {"schema": 1, "created": STAMP, "app_version": "0.1.0"}},
        "couple": {"1": COUPLE.to_doc()},
        "sessions": {"1": {"id": "s-1", "program_session": "listening", "started": STAMP,
                           "completed": None}},
        "runs": {"1": {"id": "r-1", "exercise": EXERCISE, "session": None, "started": STAMP,
                       "updated": STAMP, "completed": STAMP,
                       "state": {"phase": "done", "side": 2, "round": 1, "attempt": 1,
                                 "empathy": 1, "first": "a", "speaker": "b",
                                 "durations": {"a": {"started": STAMP, "ended": STAMP}},
                                 "_where": "the end"}}},
        "settings": {"1": {"key": "theme", "value": "nord"}},
        "answers": {"1": answer.to_doc()},
    }


def broken(table: str, where: tuple[str, ...], value: Any) -> dict[str, dict[str, Any]]:
    """``base_tables`` with the field at ``where`` in document 1 of ``table`` set to ``value``."""
    tables = base_tables()
    doc = tables[table]["1"]
    for key in where[:-1]:
        doc = doc[key]
    if value is DELETE:
        del doc[where[-1]]
    else:
        doc[where[-1]] = value
    return tables


def write_workbook(path: Path, tables: dict, lock: Lock) -> bytes:
    """Hand-write ``tables`` as a workbook file (locked, if ``lock`` is); the bytes written."""
    raw = lock.seal(json.dumps(tables, separators=(",", ":")).encode())  # compact, as the app
    path.write_bytes(raw)
    return raw


def write_export(path: Path, tables: dict, lock: Lock) -> None:
    """The same documents as a JSON export (each list holds one document, so it is number 1)."""
    couples = list(tables["couple"].values())
    envelope = {
        "format": "couple-workbook-export", "version": 1, "schema": 1,
        "couple": couples[0] if couples else None,
        **{name: list(tables[name].values()) for name in ("sessions", "runs", "answers",
                                                          "settings")},
    }
    path.write_bytes(lock.seal(json.dumps(envelope).encode()))


# (table, field path, bad value, what the message must say). None for the words: refused,
# in whatever words the JSON reader gives (a lone surrogate never gets past it).
CASES: dict[str, tuple[str, tuple[str, ...], Any, str | None]] = {
    # -- the four reported --------------------------------------------------------------------
    "colour not a colour": ("couple", ("a", "colour"), "notacolour",
                            'the couple\'s "a.colour" is not one of the colours'),
    "value nested 300 deep": ("answers", ("value",), nested(300),
                              'answer 1\'s "value" is nested too deeply'),
    "30-digit integer": ("answers", ("value",), 123456789012345678901234567890,
                         'answer 1\'s "value" holds a number too large to keep exactly'),
    "lone surrogate": ("answers", ("value",), "half \ud800 a pair", None),
    # -- partners and colours ------------------------------------------------------------------
    "partner c": ("answers", ("partner",), "c", 'answer 1\'s "partner" is neither "a" nor "b"'),
    "partner missing": ("answers", ("partner",), DELETE, 'answer 1 has no "partner"'),
    "partner a number": ("answers", ("partner",), 1, '"partner" is neither "a" nor "b"'),
    "colour with style words": ("couple", ("b", "colour"), "red on blue link=x",
                                'the couple\'s "b.colour" is not one of the colours'),
    "colour a number": ("couple", ("b", "colour"), 3, '"b.colour" is not one of the colours'),
    "colour missing": ("couple", ("a", "colour"), DELETE, 'the couple has no "a.colour"'),
    # -- names -----------------------------------------------------------------------------------
    "name empty": ("couple", ("a", "name"), "", 'the couple\'s "a.name" is empty'),
    "name only spaces": ("couple", ("b", "name"), "   ", 'the couple\'s "b.name" is empty'),
    "name too long": ("couple", ("a", "name"), "x" * 101, '"a.name" is longer than 100'),
    "name a number": ("couple", ("a", "name"), 7, 'the couple\'s "a.name" is not text'),
    "partner not a record": ("couple", ("a",), "Alex", 'the couple\'s "a" is not a record'),
    "partner missing from couple": ("couple", ("b",), DELETE, 'the couple has no "b"'),
    "agreed_at not a time": ("couple", ("agreed_at",), "last week", '"agreed_at" is not a date'),
    # -- answers: every field ---------------------------------------------------------------------
    "uuid a number": ("answers", ("uuid",), 5, 'answer 1\'s "uuid" is not text'),
    "uuid empty": ("answers", ("uuid",), "", 'answer 1\'s "uuid" is empty'),
    "uuid missing": ("answers", ("uuid",), DELETE, 'answer 1 has no "uuid"'),
    "exercise null": ("answers", ("exercise",), None, 'answer 1\'s "exercise" is not text'),
    "step a list": ("answers", ("step",), ["chunk-1"], 'answer 1\'s "step" is not text'),
    "session a number": ("answers", ("session",), 3, 'answer 1\'s "session" is not text'),
    "run a record": ("answers", ("run",), {"id": "r-1"}, 'answer 1\'s "run" is not text'),
    "role a number": ("answers", ("role",), 7, 'answer 1\'s "role" is not text'),
    "visibility public": ("answers", ("visibility",), "public",
                          'answer 1\'s "visibility" is neither "shared" nor "private"'),
    "visibility null": ("answers", ("visibility",), None, '"visibility" is neither'),
    "created not a time": ("answers", ("created",), "yesterday",
                           'answer 1\'s "created" is not a date and time'),
    "created 30 February": ("answers", ("created",), "2026-02-30T10:00:00+00:00",
                            '"created" is not a date and time'),
    "created without offset": ("answers", ("created",), "2026-11-01T18:00:00",
                               '"created" is not a date and time'),
    "created year 1": ("answers", ("created",), "0001-01-01T00:00:00+00:00",
                       '"created" is not a date and time'),
    "created in other digits": ("answers", ("created",), "٢٠٢٦-11-01T18:00:00+00:00",
                                '"created" is not a date and time'),
    "created a number": ("answers", ("created",), 1700000000, '"created" is not a date and time'),
    "created missing": ("answers", ("created",), DELETE, 'answer 1 has no "created"'),
    "updated a number": ("answers", ("updated",), 5, 'answer 1\'s "updated" is not a date'),
    "content_version text": ("answers", ("content_version",), "1",
                             'answer 1\'s "content_version" is not a whole number'),
    "content_version true": ("answers", ("content_version",), True, '"content_version" is not'),
    "content_version 0": ("answers", ("content_version",), 0, '"content_version" is not'),
    "content_version 1.5": ("answers", ("content_version",), 1.5, '"content_version" is not'),
    "draft text": ("answers", ("draft",), "no", 'answer 1\'s "draft" is not true or false'),
    "draft 1": ("answers", ("draft",), 1, 'answer 1\'s "draft" is not true or false'),
    "conflict_of a number": ("answers", ("conflict_of",), 5, '"conflict_of" is not text'),
    "big number inside a value": ("answers", ("value",), {"trust": 10**30},
                                  '"value" holds a number too large'),
    "huge decimal": ("answers", ("value",), 1e300, '"value" holds a number too large'),
    "unknown field nested 300 deep": ("answers", ("future",), nested(300),
                                      'answer 1\'s "future" is nested too deeply'),
    # -- session records ---------------------------------------------------------------------------
    "session id a number": ("sessions", ("id",), 5, 'session record 1\'s "id" is not text'),
    "program_session missing": ("sessions", ("program_session",), DELETE,
                                'session record 1 has no "program_session"'),
    "session started soon": ("sessions", ("started",), "soon",
                             'session record 1\'s "started" is not a date'),
    "session completed a number": ("sessions", ("completed",), 7, '"completed" is not a date'),
    # -- exercise runs, and their state ------------------------------------------------------
    "run id a list": ("runs", ("id",), [], 'exercise run 1\'s "id" is not text'),
    "run exercise a number": ("runs", ("exercise",), 3, 'exercise run 1\'s "exercise" is not'),
    "run session a number": ("runs", ("session",), 4, 'exercise run 1\'s "session" is not text'),
    "run started not a time": ("runs", ("started",), "x", '"started" is not a date'),
    "run updated a number": ("runs", ("updated",), 5, '"updated" is not a date'),
    "run completed later": ("runs", ("completed",), "later", '"completed" is not a date'),
    "state a list": ("runs", ("state",), [], 'exercise run 1\'s "state" is not a record'),
    "state text": ("runs", ("state",), "x", 'exercise run 1\'s "state" is not a record'),
    "state null": ("runs", ("state",), None, 'exercise run 1\'s "state" is not a record'),
    "state phase a number": ("runs", ("state", "phase"), 5,
                             'exercise run 1\'s "state.phase" is not text'),
    "state phase empty": ("runs", ("state", "phase"), "", '"state.phase" is empty'),
    "state speaker c": ("runs", ("state", "speaker"), "c",
                        '"state.speaker" is neither "a" nor "b"'),
    "state first a list": ("runs", ("state", "first"), ["a"], '"state.first" is neither'),
    "state round text": ("runs", ("state", "round"), "1",
                         '"state.round" is not a whole number of 1 or more'),
    "state round 0": ("runs", ("state", "round"), 0, '"state.round" is not a whole number'),
    "state side true": ("runs", ("state", "side"), True, '"state.side" is not a whole number'),
    "state index -1": ("runs", ("state", "index"), -1,
                       '"state.index" is not a whole number of 0 or more'),
    "state stopped text": ("runs", ("state", "stopped"), "yes", '"state.stopped" is not true'),
    "state where a list": ("runs", ("state", "_where"), ["x"], '"state._where" is not text'),
    "state durations text": ("runs", ("state", "durations", "a"), "x",
                             '"state.durations.a" is not a record'),
    "state nested 300 deep": ("runs", ("state", "extra"), nested(300),
                              'exercise run 1\'s "state.extra" is nested too deeply'),
    # -- settings ----------------------------------------------------------------------------
    "setting key a number": ("settings", ("key",), 5, 'setting 1\'s "key" is not text'),
    "setting key missing": ("settings", ("key",), DELETE, 'setting 1 has no "key"'),
    "setting value nested 300 deep": ("settings", ("value",), nested(300),
                                      'setting 1\'s "value" is nested too deeply'),
    "setting value 30 digits": ("settings", ("value",), 10**29, '"value" holds a number too'),
    # -- the version record (only in a workbook file) ----------------------------------------------
    "meta created not a time": ("_meta", ("created",), "x",
                                'the version record\'s "created" is not a date'),
    "meta app_version a number": ("_meta", ("app_version",), 5, '"app_version" is not text'),
    "meta answers_last text": ("_meta", ("answers_last",), "yes", '"answers_last" is not true'),
}


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
@pytest.mark.parametrize("case", list(CASES))
def test_a_hand_edited_file_is_refused_when_opened(db_path: Path, case: str, lock: Lock) -> None:
    table, where, value, words = CASES[case]
    raw = write_workbook(db_path, broken(table, where, value), lock)
    with pytest.raises(CorruptDatabase) as caught:
        lock.open_store(db_path).close()
    if words is not None:
        assert words in caught.value.reason
        assert words in str(caught.value)
    assert "Errno" not in str(caught.value) and "Traceback" not in str(caught.value)
    assert db_path.read_bytes() == raw  # refused, never rewritten


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
@pytest.mark.parametrize("case", list(CASES))
def test_an_imported_workbook_file_is_refused(
    db_path: Path, tmp_path: Path, case: str, lock: Lock
) -> None:
    table, where, value, words = CASES[case]
    source = tmp_path / "laptop.json"
    write_workbook(source, broken(table, where, value), lock)
    with pytest.raises(ImportRefused) as caught:
        import_file(source, db_path, source_secret=lock.secret)
    if words is not None:
        assert words in str(caught.value)
    assert str(caught.value).startswith("laptop.json can't be imported because")
    assert not db_path.exists()  # checked before the workbook was even opened


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
@pytest.mark.parametrize("case", [c for c in CASES if CASES[c][0] != "_meta"])
def test_an_imported_export_is_refused(
    ready_db: Path, tmp_path: Path, case: str, lock: Lock
) -> None:
    table, where, value, words = CASES[case]
    source = tmp_path / "backup.json"
    write_export(source, broken(table, where, value), lock)  # a locked workbook's backup
    before = ready_db.read_bytes()
    with pytest.raises(ImportRefused) as caught:
        import_file(source, ready_db, source_secret=lock.secret, secret=lock.secret)
    if words is not None:
        assert words in str(caught.value)
    assert str(caught.value).startswith("backup.json can't be imported because")
    assert ready_db.read_bytes() == before


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_the_command_line_import_says_which_field(
    ready_db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], lock: Lock
) -> None:
    source = tmp_path / "backup.json"
    write_export(source, broken("answers", ("value",), nested(300)), lock)
    key = lock.cli_args(tmp_path)
    assert main(["import", str(source), "--db", str(ready_db), *key]) == 1
    out, err = capsys.readouterr()
    assert out == "" and "Traceback" not in err
    assert 'answer 1\'s "value" is nested too deeply' in err


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_the_healthy_workbook_opens_and_imports(db_path: Path, tmp_path: Path, lock: Lock) -> None:
    """The cases above break a workbook the schema accepts, on both surfaces."""
    write_workbook(db_path, base_tables(), lock)
    store = lock.open_store(db_path)
    store.set_setting("theme", "gruvbox")  # and it can be saved
    store.close()
    source = tmp_path / "backup.json"
    write_export(source, base_tables(), lock)
    report = import_file(source, tmp_path / "fresh.json", source_secret=lock.secret)
    assert report.added == 1 and report.couple_taken


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
@pytest.mark.parametrize("name", list(ALL.values()), ids=list(ALL))
def test_unusual_names_are_data_not_problems(
    db_path: Path, tmp_path: Path, name: str, lock: Lock
) -> None:
    """Markup, control characters and right-to-left text are names like any other."""
    tables = broken("couple", ("a", "name"), name)
    write_workbook(db_path, tables, lock)
    store = lock.open_store(db_path)
    assert store.couple() is not None and store.couple().a.name == name
    store.close()
    source = tmp_path / "backup.json"
    write_export(source, tables, lock)
    import_file(source, tmp_path / "fresh.json", source_secret=lock.secret)


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
@pytest.mark.parametrize("colour", PARTNER_COLOURS)
def test_every_colour_the_app_offers_is_accepted(db_path: Path, colour: str, lock: Lock) -> None:
    write_workbook(db_path, broken("couple", ("b", "colour"), colour), lock)
    lock.open_store(db_path).close()


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_values_the_exercises_save_are_accepted(db_path: Path, lock: Lock) -> None:
    tables = base_tables()
    template = tables["answers"]["1"]
    values = [
        "", "text", 0, 10, -3, 2**64 - 1, -(2**63), 7.5, True, None, ["a", "b"],
        {"trust": 7, "mood": 3, "note": ""}, {"self": "x", "guess": "y"},
        {"variant": "three_part", "feeling": "calm", "text": "I feel calm"},
        nested(schema.MAX_DEPTH), "שלום 👩\u200d❤\ufe0f\u200d👨",
    ]
    tables["answers"] = {
        str(n): {**template, "uuid": f"u-{n}", "value": value}
        for n, value in enumerate(values, start=1)
    }
    write_workbook(db_path, tables, lock)
    store = lock.open_store(db_path)
    assert [a.value for a in store.iter_answers()] == values
    store.close()


def test_one_level_deeper_than_allowed_is_refused() -> None:
    """The limit is MAX_DEPTH, far below the 255 levels orjson can still write."""
    assert schema.json_problem(nested(schema.MAX_DEPTH)) is None
    assert schema.json_problem(nested(schema.MAX_DEPTH + 1)) == schema.TOO_DEEP
    assert schema.MAX_DEPTH + 3 < 255  # the file, a table and a document are three more


@pytest.mark.parametrize("year", [1900, 1999, 2000, 2023, 2024, 2100, 2400, 9996, 9998])
def test_times_are_real_calendar_days(year: int) -> None:
    for month in range(1, 13):
        for day in range(1, 32):
            stamp = f"{year:04d}-{month:02d}-{day:02d}T12:00:00+00:00"
            try:
                date(year, month, day)
                real = True
            except ValueError:
                real = False
            assert (schema._time(stamp) is None) == real, stamp


def test_the_quick_path_for_answers_agrees_with_the_field_by_field_check() -> None:
    """Big workbooks take a quick path through their answers: it keeps the same rules."""
    good = base_tables()["answers"]["1"]
    variants: list[dict[str, Any]] = [good, {**good, "conflict_of": "x"}, {**good, "extra": 1}]
    for case in CASES.values():
        if case[0] == "answers":
            variants.append(broken(*case[:3])["answers"]["1"])
    for field in [*good, "conflict_of"]:
        for bad in (None, "", "é", 5, True, 1.5, [], {}, "2026-11-01T18:00:00+00:00", "a"):
            variants.append({**good, field: bad})
    for doc in variants:
        field_by_field = schema.record_problem(schema.ANSWER, doc)
        quick = schema.table_problem("answers", {"1": doc})
        assert (quick is None) == (field_by_field is None), doc


# -- the app ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "lock"),
    with_locks(["colour not a colour", "value nested 300 deep", "30-digit integer",
                "lone surrogate", "partner c", "state a list"]),
    indirect=["lock"],
)
async def test_the_app_shows_the_problem_screen_not_a_crash(
    ready_db: Path, case: str, lock: Lock
) -> None:
    table, where, value, words = CASES[case]
    tables = lock.tables(ready_db)
    tables.update({name: docs for name, docs in base_tables().items() if name != "_meta"})
    doc = tables[table]["1"]
    for key in where[:-1]:
        doc = doc[key]
    doc[where[-1]] = value
    raw = write_workbook(ready_db, tables, lock)
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, RecoveryScreen)
        if words is not None:
            assert words.split('" ', 1)[-1] in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert ready_db.read_bytes() == raw


def big_file_with(tables: dict, path: Path, lock: Lock) -> None:
    """A workbook whose answers come last and are parsed after the first screen."""
    tables["_meta"]["1"]["answers_last"] = True
    tables["answers"] = tables.pop("answers")
    write_workbook(path, tables, lock)


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_a_big_files_answers_are_checked_when_they_are_parsed(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    monkeypatch.setattr(storage, "DEFER_ANSWERS_FROM", 0)
    big_file_with(broken("answers", ("value",), nested(300)), db_path, lock)
    store = lock.open_store(db_path)  # the small tables are fine: home can show
    try:
        assert store.couple() == COUPLE
        with pytest.raises(CorruptDatabase, match="nested too deeply"):
            store.finish_loading()
    finally:
        store.close()


@pytest.mark.parametrize("lock", LOCKS, indirect=True)
def test_a_big_files_small_tables_are_checked_before_home(
    db_path: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    monkeypatch.setattr(storage, "DEFER_ANSWERS_FROM", 0)
    big_file_with(broken("couple", ("a", "colour"), "notacolour"), db_path, lock)
    with pytest.raises(CorruptDatabase, match=re.escape('"a.colour" is not one of the')):
        lock.open_store(db_path)


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_a_big_files_bad_answer_ends_on_the_problem_screen(
    ready_db: Path, monkeypatch: pytest.MonkeyPatch, lock: Lock
) -> None:
    monkeypatch.setattr(storage, "DEFER_ANSWERS_FROM", 0)
    tables = lock.tables(ready_db)
    tables["answers"] = broken("answers", ("value",), 10**29)["answers"]
    big_file_with(tables, ready_db, lock)
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        for _ in range(3000):  # home first, then the answers are parsed: wait on that
            await pilot.pause(0.02)
            if isinstance(app.screen, RecoveryScreen) and app.screen.query("#restore"):
                break
        assert isinstance(app.screen, RecoveryScreen)
        assert "too large to keep exactly" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()


# -- resuming a half-done exercise whose state can't be read -------------------------------------


def unfinished_run(db: Path, state: Any, lock: Lock) -> None:
    store = lock.open_store(db)
    store.start_run(EXERCISE, None, state)
    store.close()


async def continue_the_drill(db: Path, lock: Lock) -> str:
    """Open the drill, press Continue in the resume dialog; the text of what follows."""
    app = lock.app(db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
        app.open_exercise(EXERCISE)
        await pilot.pause()
        await pilot.pause()
        assert "You started" in screen_text(app)
        await pilot.press("enter")  # Continue
        await settle(pilot)
        assert isinstance(app.screen, ListeningScreen)
        return screen_text(app)


@pytest.mark.parametrize(
    ("state", "lock"),
    with_locks(
        [{}, {"phase": "chunk"}, {"phase": "no such phase"}, {"phase": "mark", "speaker": "a"},
         {"_where": "a step from another version", "phase": "swap", "side": 9}],
        ids=["empty", "no speaker", "unknown phase", "no round", "side 9"],
    ),
    indirect=["lock"],
)
async def test_continue_starts_over_when_the_state_cant_be_read(
    ready_db: Path, state, lock: Lock
) -> None:
    unfinished_run(ready_db, state, lock)
    text = await continue_the_drill(ready_db, lock)
    assert "could not be read back, so this starts from the beginning" in text
    assert "who holds the floor first?" in text


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_an_imported_run_with_an_empty_state_can_be_continued(
    ready_db: Path, tmp_path: Path, lock: Lock
) -> None:
    tables = base_tables()
    tables["runs"]["1"].update(completed=None, state={})
    source = tmp_path / "backup.json"
    write_export(source, tables, lock)
    report = import_file(source, ready_db, source_secret=lock.secret, secret=lock.secret)
    assert report.runs_added == 1
    text = await continue_the_drill(ready_db, lock)
    assert "starts from the beginning" in text


@pytest.mark.parametrize("lock", sampled(in_sample=True), indirect=True)
async def test_a_readable_state_still_resumes_where_it_stopped(ready_db: Path, lock: Lock) -> None:
    unfinished_run(ready_db, {"phase": "topic", "side": 1, "round": 1, "attempt": 1,
                              "empathy": 1, "first": "b", "speaker": "b"}, lock)
    text = await continue_the_drill(ready_db, lock)
    assert "starts from the beginning" not in text
    assert "Who holds the floor first?" not in text
