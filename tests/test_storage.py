"""The workbook file: round trips, strict reading, privacy, read-only, locking, migrations.

Fault injection lives in test_storage_faults.py and kill -9 trials in
test_storage_kill.py.
"""

from __future__ import annotations

import errno
import os
import random
import stat
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tinydb import Query, TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Document

from tests.conftest import HANG_SECONDS
from workbook import storage
from workbook.model import Answer
from workbook.storage import (
    CURRENT_SCHEMA,
    CorruptDatabase,
    DatabaseLocked,
    NewerSchema,
    ReadOnlyDatabase,
    SafeJSONStorage,
    StorageError,
    WriteFailed,
    _put_answers_last,
    open_database,
    restore_backup,
)

REPO = Path(__file__).resolve().parent.parent


# --- helpers ------------------------------------------------------------------


def make_answer(i: int) -> dict:
    """A realistic answer document."""
    return Answer(
        uuid=f"uuid-{i}",
        exercise=f"ex-{i % 7}",
        step=f"step-{i % 3}",
        partner="ab"[i % 2],
        value=f"answer number {i}: " + "words " * (i % 11),
    ).to_doc()


def seed(path: Path, n: int = 5) -> bytes:
    """Create a workbook with ``n`` answers, saved twice so a valid .bak exists."""
    with open_database(path) as opened:
        answers = opened.db.table("answers")
        answers.insert_multiple(make_answer(i) for i in range(n))
        opened.db.table("settings").insert({"key": "theme", "value": "dark"})
    return path.read_bytes()


def meta(schema: int = CURRENT_SCHEMA) -> dict:
    return {"1": {"schema": schema, "created": "2025-01-01T00:00:00+00:00", "app_version": "0"}}


def write_tables(path: Path, tables: object) -> bytes:
    raw = orjson.dumps(tables)
    path.write_bytes(raw)
    return raw


def temp_files(folder: Path) -> list[str]:
    return sorted(name for name in os.listdir(folder) if name.endswith(".tmp"))


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "wb.json"


@pytest.fixture(params=[0o000, 0o277], ids=["umask000", "umask277"])
def any_umask(request):
    """A umask that would leave files world-readable, or owner-read-only."""
    old = os.umask(request.param)
    yield
    os.umask(old)


def run_python(code: str, *args: str, user: bool = False) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter (as an unprivileged user if ``user``)."""
    command = [sys.executable, "-c", code, *args]
    if user and os.geteuid() == 0:
        command = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", *command]
    return subprocess.run(
        command,
        capture_output=True,
        text=True,
        timeout=HANG_SECONDS,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONDONTWRITEBYTECODE": "1"},
    )


# --- creating and round trips ----------------------------------------------------


def test_new_workbook_holds_only_meta(db_path: Path) -> None:
    with open_database(db_path) as opened:
        assert opened.path == db_path.resolve()
        assert not opened.read_only
        assert opened.read_only_reason is None
        assert opened.migrated_from is None
        assert isinstance(opened.db, TinyDB)
    tables = orjson.loads(db_path.read_bytes())
    assert list(tables) == ["_meta"]
    (doc,) = tables["_meta"].values()
    assert doc["schema"] == CURRENT_SCHEMA
    assert isinstance(doc["created"], str) and "T" in doc["created"]
    assert isinstance(doc["app_version"], str)


def test_one_write_gathers_writes_and_saves_nothing_if_it_fails(db_path: Path) -> None:
    with open_database(db_path) as opened:
        table = opened.db.table("notes", cache_size=0)
        before = db_path.read_bytes()
        with opened.db.storage.one_write():
            table.insert({"n": 1})
            with opened.db.storage.one_write():  # nested: only the outer block writes
                table.insert({"n": 2})
            assert db_path.read_bytes() == before  # nothing on disk yet...
            assert len(table) == 2  # ...but reads see it
        assert [d["n"] for d in orjson.loads(db_path.read_bytes())["notes"].values()] == [1, 2]

        saved = db_path.read_bytes()
        with pytest.raises(RuntimeError), opened.db.storage.one_write():
            table.insert({"n": 3})
            raise RuntimeError("stopped half-way")
        assert db_path.read_bytes() == saved
        assert [d["n"] for d in table.all()] == [1, 2]  # the unsaved insert is forgotten


def test_round_trip_keeps_every_character(db_path: Path) -> None:
    values = [
        "plain",
        "emoji 💞🫶🏽 and a ZWJ family 👩‍❤️‍👨",
        "right-to-left: אני אוהב אותך / أحبك",
        "a NUL \x00 inside, tabs\tand\nnewlines",
        "x" * 1_000_000,
        {"rating": 7, "tags": ["a", "b"], "nested": {"ok": True, "none": None}},
        3.25,
    ]
    with open_database(db_path) as opened:
        answers = opened.db.table("answers")
        ids = [answers.insert({**make_answer(n), "value": v}) for n, v in enumerate(values)]
        answers.update({"value": "edited"}, doc_ids=[ids[0]])
        answers.remove(doc_ids=[ids[-1]])
    with open_database(db_path) as opened:
        stored = {doc.doc_id: doc["value"] for doc in opened.db.table("answers").all()}
    assert stored == {ids[0]: "edited", **dict(zip(ids[1:-1], values[1:-1], strict=True))}


def test_answer_model_round_trips(db_path: Path) -> None:
    answer = Answer(uuid="u1", exercise="e", step="s", partner="b", value={"scale": 4})
    with open_database(db_path) as opened:
        opened.db.table("answers").insert(answer.to_doc())
    with open_database(db_path) as opened:
        (doc,) = opened.db.table("answers").all()
    assert Answer.from_doc(doc) == answer


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**63), 2**63 - 1) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(docs=st.lists(st.dictionaries(st.text(), json_values, max_size=4), min_size=1, max_size=5))
def test_any_json_document_round_trips_exactly(docs: list[dict]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "wb.json"
        with open_database(path) as opened:
            # A table the app does not know: its documents only have to be JSON
            # (the app's own tables follow workbook.schema).
            ids = opened.db.table("extras").insert_multiple(docs)
        with open_database(path) as opened:
            back = {d.doc_id: dict(d) for d in opened.db.table("extras").all()}
    assert back == dict(zip(ids, docs, strict=True))


def test_storage_alone_reads_none_for_a_missing_file_then_creates_it(tmp_path: Path) -> None:
    path = tmp_path / "alone.json"
    store = SafeJSONStorage(path)
    assert store.read() is None
    store.write({"_meta": meta(), "answers": {"1": {**make_answer(1), "value": "hi"}}})
    assert orjson.loads(path.read_bytes())["answers"]["1"]["value"] == "hi"
    assert mode(path) == 0o600
    assert SafeJSONStorage(path).read()["answers"]["1"]["value"] == "hi"


def test_write_refuses_tables_without_meta(tmp_path: Path) -> None:
    path = tmp_path / "wb.json"
    seed(path)
    before = path.read_bytes()
    with open_database(path) as opened:
        with pytest.raises(WriteFailed, match="NOT saved"):
            opened.db.drop_tables()
        assert path.read_bytes() == before
        assert len(opened.db.table("answers")) == 5


# --- the cache --------------------------------------------------------------------


def test_reads_are_served_from_memory(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    seed(db_path, 50)
    with open_database(db_path) as opened:
        parses = []
        real_loads = orjson.loads
        monkeypatch.setattr(orjson, "loads", lambda raw: parses.append(1) or real_loads(raw))
        reads = []
        real_read_bytes = Path.read_bytes
        monkeypatch.setattr(Path, "read_bytes", lambda p: reads.append(p) or real_read_bytes(p))

        store = opened.db.storage
        answers = opened.db.table("answers")
        assert store.read() is store.read()
        for i in range(1, 51):
            assert answers.get(doc_id=i)["uuid"] == f"uuid-{i - 1}"
        assert len(answers.search(Query().partner == "a")) == 25
        answers.update({"value": "changed"}, doc_ids=[3])
        answers.insert(make_answer(99))
        assert answers.get(doc_id=3)["value"] == "changed"
        assert len(answers) == 51
        assert parses == [] and reads == []


def test_a_failed_write_never_shows_as_saved(db_path: Path) -> None:
    seed(db_path)
    with open_database(db_path) as opened:
        answers = opened.db.table("answers")
        with pytest.raises(WriteFailed, match="characters that can't be saved"):
            answers.update({"value": {1, 2}}, doc_ids=[1])  # a set is not JSON
        with pytest.raises(WriteFailed):
            answers.insert({"value": "bad \udcff surrogate"})
        assert answers.get(doc_id=1)["value"] == make_answer(0)["value"]
        assert len(answers) == 5
        assert opened.db.storage.read() == orjson.loads(db_path.read_bytes())


# --- in-place table updates match stock TinyDB ----------------------------------


def test_in_place_table_matches_stock_tinydb(db_path: Path) -> None:
    """Every TinyDB write operation gives the same tables, in the same order."""
    rng = random.Random(1234)
    stock = TinyDB(storage=MemoryStorage)
    with open_database(db_path) as opened:
        ours = opened.db
        stock.storage.write(orjson.loads(orjson.dumps(ours.storage.read())))
        q = Query()

        def ops(db: TinyDB) -> list:
            return [
                lambda: db.table("answers").insert({"n": rng_value, "k": rng_value % 3}),
                lambda: db.table("answers").insert_multiple(
                    [{"n": rng_value + j, "k": j % 3} for j in range(3)]
                ),
                lambda: db.table("answers").update({"u": rng_value}, doc_ids=[1, 2, 40]),
                lambda: db.table("answers").update({"c": rng_value}, q.k == rng_value % 3),
                lambda: db.table("answers").update(lambda d: d.update(f=1), q.n > rng_value),
                lambda: db.table("answers").update_multiple(
                    [({"m": 1}, q.k == 0), ({"m": 2}, q.k == 1)]
                ),
                lambda: db.table("answers").upsert({"n": rng_value, "k": 9}, q.n == rng_value),
                lambda: db.table("answers").upsert(Document({"doc": 1}, doc_id=rng_value % 30)),
                lambda: db.table("answers").remove(doc_ids=[rng_value % 20, 999]),
                lambda: db.table("answers").remove(q.k == 2),
                lambda: db.table("answers").insert(Document({"fixed": 1}, doc_id=rng_value)),
                lambda: db.table("sessions").insert({"s": rng_value}),
                lambda: db.table("sessions").truncate(),
                lambda: db.drop_table("settings"),
                lambda: db.table("settings").insert({"theme": rng_value}),
            ]

        for _ in range(300):
            choice = rng.randrange(15)
            rng_value = rng.randrange(1, 60)
            outcomes = []
            for db in (stock, ours):
                try:
                    outcomes.append(("ok", ops(db)[choice]()))
                except ValueError as exc:  # e.g. inserting a doc_id that exists
                    outcomes.append(("error", str(exc)))
            assert outcomes[0] == outcomes[1]
            # Same content *and* the same key order as TinyDB builds it, except
            # that ours always keeps the answers last and says so in _meta.
            expected = orjson.loads(orjson.dumps(stock.storage.read()))
            _put_answers_last(expected)
            assert orjson.dumps(ours.storage.read()) == orjson.dumps(expected)
        assert orjson.loads(db_path.read_bytes()) == expected
        assert len(ours.table("answers")) > 0


# --- strict reading ---------------------------------------------------------------

GOOD = orjson.dumps(
    {"_meta": meta(), "answers": {str(i): make_answer(i) for i in range(1, 6)}},
    option=orjson.OPT_INDENT_2,
)


def corrupt_variants() -> list[tuple[str, bytes, str]]:
    cut = "the file is cut off"
    shape = "the file is not laid out like a workbook"
    no_meta = "the file has no workbook version record"
    variants = [
        ("zero bytes", b"", "the file is empty"),
        ("NUL-filled", b"\x00" * 8192, "the file holds nothing but zero bytes"),
        ("whitespace", b" \n\t\r\n" * 50, "the file holds nothing but blank space"),
        ("cut then NULs", GOOD[: len(GOOD) // 2] + b"\x00" * 4096, cut),
        ("trailing garbage", GOOD + b'\n"answers"}', "the file has unexpected data after its end"),
        ("trailing JSON", GOOD + b'{"_meta": {}}', "the file has unexpected data after its end"),
        ("bad UTF-8", GOOD.replace(b"answer number 3", b"answer \xff\xfe 3"), "not text"),
        ("UTF-8 surrogate", GOOD.replace(b"number 2", b"\xed\xa0\x80"), "not text"),
        ("scrambled", b'{"_meta": {"1": {"schema": 1}}, "answers": {"1": {"a": tru}}}', "scram"),
        ("top level is a list", b"[1, 2, 3]", shape),
        ("top level is a string", b'"workbook"', shape),
        ("table is a list", orjson.dumps({"_meta": meta(), "answers": [1, 2]}), shape),
        ("id is not digits", orjson.dumps({"_meta": meta(), "answers": {"a1": {}}}), shape),
        ("id has a leading zero", orjson.dumps({"_meta": meta(), "answers": {"07": {}}}), shape),
        ("id is an Arabic digit", orjson.dumps({"_meta": meta(), "answers": {"٣": {}}}), shape),
        ("doc is a string", orjson.dumps({"_meta": meta(), "answers": {"1": "hi"}}), shape),
        ("missing _meta", orjson.dumps({"answers": {"1": {"v": 1}}}), no_meta),
        ("empty object", b"{}", no_meta),
        ("schema is a string", orjson.dumps({"_meta": {"1": {"schema": "1"}}}), no_meta),
        ("schema is true", orjson.dumps({"_meta": {"1": {"schema": True}}}), no_meta),
        ("schema is 0", orjson.dumps({"_meta": {"1": {"schema": 0}}}), no_meta),
        ("two meta docs", orjson.dumps({"_meta": {**meta(), "2": {"schema": 1}}}), no_meta),
    ]
    for at in (1, 2, 17, len(GOOD) // 3, len(GOOD) // 2, len(GOOD) - 2, len(GOOD) - 1):
        variants.append((f"cut at byte {at}", GOOD[:at], cut))
    # Cut in the middle of a multi-byte character and of an emoji-bearing answer.
    emoji = orjson.dumps({"_meta": meta(), "answers": {"1": {"v": "💞" * 20}}})
    variants.append(("cut inside UTF-8", emoji[: emoji.index("💞".encode()) + 2], cut))
    variants.append(("cut after emoji", emoji[: emoji.index("💞".encode()) + 12], cut))
    return variants


@pytest.mark.parametrize(("raw", "reason"), [v[1:] for v in corrupt_variants()],
                         ids=[v[0] for v in corrupt_variants()])  # fmt: skip
def test_corrupt_file_is_refused_and_left_alone(db_path: Path, raw: bytes, reason: str) -> None:
    seed(db_path)  # leaves a valid .bak
    db_path.write_bytes(raw)
    os.chmod(db_path, 0o644)  # even the mode must stay as it was
    before = (db_path.stat().st_ino, db_path.stat().st_mtime_ns, mode(db_path))
    listing = sorted(os.listdir(db_path.parent))

    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path)

    error = caught.value
    assert reason in error.reason
    assert error.path == db_path
    assert error.backup == Path(f"{db_path}.bak")
    assert error.reason in str(error) and "backup" in str(error)
    assert db_path.read_bytes() == raw
    assert (db_path.stat().st_ino, db_path.stat().st_mtime_ns, mode(db_path)) == before
    assert sorted(os.listdir(db_path.parent)) == listing
    # The lock was released: the next window can open the restored file.
    restore_backup(db_path)
    open_database(db_path).close()


def test_no_backup_offered_when_bak_is_missing(db_path: Path) -> None:
    db_path.write_bytes(b"")
    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path)
    assert caught.value.backup is None
    assert "backup" not in str(caught.value)


@pytest.mark.parametrize(
    "bak", [b"", GOOD[:100], orjson.dumps({"_meta": meta(99)})], ids=["empty", "cut", "newer"]
)
def test_no_backup_offered_when_bak_is_bad_too(db_path: Path, bak: bytes) -> None:
    db_path.write_bytes(b"\x00" * 100)
    Path(f"{db_path}.bak").write_bytes(bak)
    with pytest.raises(CorruptDatabase) as caught:
        open_database(db_path)
    assert caught.value.backup is None
    assert Path(f"{db_path}.bak").read_bytes() == bak


def test_newer_schema_is_refused_and_never_rewritten(db_path: Path) -> None:
    raw = write_tables(db_path, {"_meta": meta(99), "answers": {"1": {"future": True}}})
    os.chmod(db_path, 0o644)
    with pytest.raises(NewerSchema) as caught:
        open_database(db_path)
    assert (caught.value.found, caught.value.supported) == (99, CURRENT_SCHEMA)
    assert caught.value.path == db_path
    assert "newer version" in str(caught.value)
    assert db_path.read_bytes() == raw and mode(db_path) == 0o644
    assert not Path(f"{db_path}.bak").exists()
    with pytest.raises(NewerSchema):
        SafeJSONStorage(db_path).read()


def test_missing_workbook_with_a_backup_keeps_the_old_backup(db_path: Path) -> None:
    seed(db_path)
    old_backup = Path(f"{db_path}.bak").read_bytes()
    db_path.unlink()
    with open_database(db_path) as opened:
        assert len(opened.db.table("answers")) == 0
        opened.db.table("answers").insert({"value": "fresh"})
    kept = [p for p in db_path.parent.iterdir() if p.name.startswith("wb.json.bak-")]
    assert [p.read_bytes() for p in kept] == [old_backup]


# --- restoring the backup ---------------------------------------------------------


def test_restore_backup_keeps_the_bad_file_and_restores(db_path: Path, any_umask: None) -> None:
    seed(db_path)
    with open_database(db_path) as opened:
        opened.db.table("answers").insert({"value": "last save"})
    good_bak = Path(f"{db_path}.bak").read_bytes()
    torn = db_path.read_bytes()[:-40]
    db_path.write_bytes(torn)

    kept = restore_backup(db_path)

    assert kept.parent == db_path.parent and kept.name.startswith("wb.json.corrupt-")
    assert kept.read_bytes() == torn and mode(kept) == 0o600
    assert db_path.read_bytes() == good_bak and mode(db_path) == 0o600
    assert Path(f"{db_path}.bak").read_bytes() == good_bak
    assert temp_files(db_path.parent) == []
    with open_database(db_path) as opened:
        assert len(opened.db.table("answers")) == 5  # the save before the last one


def test_restore_backup_twice_keeps_both_bad_files(db_path: Path) -> None:
    seed(db_path)
    db_path.write_bytes(b"first")
    first = restore_backup(db_path)
    db_path.write_bytes(b"second")
    second = restore_backup(db_path)
    assert first != second
    assert (first.read_bytes(), second.read_bytes()) == (b"first", b"second")


@pytest.mark.parametrize("bak", [None, b"", b'{"_meta": '], ids=["missing", "empty", "cut"])
def test_restore_backup_without_a_usable_backup(db_path: Path, bak: bytes | None) -> None:
    db_path.write_bytes(b"garbage")
    if bak is not None:
        Path(f"{db_path}.bak").write_bytes(bak)
    listing = sorted(os.listdir(db_path.parent))
    with pytest.raises(StorageError, match="no usable backup"):
        restore_backup(db_path)
    assert db_path.read_bytes() == b"garbage"
    assert sorted(os.listdir(db_path.parent)) == sorted([*listing, "wb.json.lock"])


def test_restore_backup_waits_for_the_lock(db_path: Path) -> None:
    seed(db_path)
    with open_database(db_path), pytest.raises(DatabaseLocked):
        restore_backup(db_path)


# --- privacy ----------------------------------------------------------------------


def test_everything_is_private_whatever_the_umask(
    tmp_path: Path, any_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    existing = tmp_path / "home"
    existing.mkdir()
    os.chmod(existing, 0o755)
    db_path = existing / "new" / "deeper" / "wb.json"

    temp_modes = []
    real_replace = os.replace

    def spy_replace(src, dst):
        if str(src).endswith(".tmp"):
            temp_modes.append(mode(Path(src)))
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", spy_replace)
    with open_database(db_path) as opened:
        opened.db.table("answers").insert(make_answer(1))
        opened.db.table("answers").insert(make_answer(2))

    # The copy fallback for .bak (no hard links) is private too.
    def no_hard_links(*args):
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_hard_links)
    with open_database(db_path) as opened:
        opened.db.table("answers").insert(make_answer(3))
    assert mode(Path(f"{db_path}.bak")) == 0o600

    assert mode(existing) == 0o755  # a folder that existed is not ours to change
    assert mode(existing / "new") == 0o700
    assert mode(existing / "new" / "deeper") == 0o700
    for name in ("wb.json", "wb.json.bak", "wb.json.lock"):
        assert mode(db_path.parent / name) == 0o600, name
    assert temp_modes and set(temp_modes) == {0o600}

    db_path.write_bytes(b"")
    kept = restore_backup(db_path)
    assert mode(kept) == 0o600
    assert mode(db_path) == 0o600


def test_open_makes_existing_files_private(db_path: Path) -> None:
    seed(db_path)
    for name in ("wb.json", "wb.json.bak", "wb.json.lock"):
        os.chmod(db_path.parent / name, 0o644)
    open_database(db_path).close()
    for name in ("wb.json", "wb.json.bak", "wb.json.lock"):
        assert mode(db_path.parent / name) == 0o600, name


# --- read-only --------------------------------------------------------------------


def test_read_only_file_opens_read_only(db_path: Path) -> None:
    raw = seed(db_path)
    os.chmod(db_path, 0o400)
    bak = Path(f"{db_path}.bak").read_bytes()
    with open_database(db_path) as opened:
        assert opened.read_only
        assert opened.read_only_reason == (
            "This workbook file is read-only, so you can look but not change anything."
        )
        answers = opened.db.table("answers")
        assert len(answers) == 5
        with pytest.raises(ReadOnlyDatabase, match="NOT saved"):
            answers.insert({"value": "should not land"})
        assert len(answers) == 5  # no phantom answer
    assert db_path.read_bytes() == raw and mode(db_path) == 0o400
    assert Path(f"{db_path}.bak").read_bytes() == bak


def test_read_only_storage_refuses_to_write(db_path: Path) -> None:
    raw = seed(db_path)
    store = SafeJSONStorage(db_path, read_only=True)
    data = store.read()
    with pytest.raises(ReadOnlyDatabase):
        store.write(data)
    assert db_path.read_bytes() == raw


@pytest.mark.parametrize(
    ("file_mode", "says"),
    [
        (0o600, "The folder that holds this workbook is read-only"),
        (0o400, "This workbook file is read-only"),
    ],
)
def test_read_only_folder_opens_read_only_and_creates_nothing(
    tmp_path: Path, file_mode: int, says: str
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    db_path = folder / "wb.json"
    raw = seed(db_path)
    os.unlink(f"{db_path}.lock")
    (folder / ".wb.json.orphan.tmp").write_bytes(b"")
    listing = sorted(os.listdir(folder))
    os.chmod(db_path, file_mode)
    os.chmod(folder, 0o500)
    try:
        with open_database(db_path) as opened:
            assert opened.read_only
            assert opened.read_only_reason.startswith(says)
            with pytest.raises(ReadOnlyDatabase):
                opened.db.table("answers").insert({"value": "no"})
        assert sorted(os.listdir(folder)) == listing
        assert db_path.read_bytes() == raw
    finally:
        os.chmod(folder, 0o700)


def test_workbook_that_cannot_be_created_says_so(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir(mode=0o500)
    os.chmod(folder, 0o500)
    try:
        with pytest.raises(StorageError, match="can't be created"):
            open_database(folder / "wb.json")
        assert os.listdir(folder) == []
    finally:
        os.chmod(folder, 0o700)


CHILD_READ_ONLY = """
import os, sys
from workbook.storage import open_database, ReadOnlyDatabase
assert os.geteuid() != 0, "must run unprivileged"
with open_database(sys.argv[1]) as opened:
    print(opened.read_only, opened.read_only_reason)
    try:
        opened.db.table("answers").insert({"value": "x"})
    except ReadOnlyDatabase:
        print("refused")
"""


@pytest.mark.parametrize(("file_mode", "folder_mode"), [(0o400, 0o700), (0o600, 0o500)])
def test_read_only_for_a_real_unprivileged_user(file_mode: int, folder_mode: int) -> None:
    folder = Path(tempfile.mkdtemp(prefix="wb-ro-"))
    try:
        db_path = folder / "wb.json"
        raw = seed(db_path)
        if os.geteuid() == 0:
            os.chown(folder, 65534, 65534)
            for name in os.listdir(folder):
                os.chown(folder / name, 65534, 65534)
        os.chmod(db_path, file_mode)
        os.chmod(folder, folder_mode)
        result = run_python(CHILD_READ_ONLY, str(db_path), user=True)
        assert result.returncode == 0, result.stderr
        assert result.stdout.splitlines()[0].startswith("True ")
        assert result.stdout.splitlines()[1] == "refused"
        assert db_path.read_bytes() == raw
        assert stat.S_IMODE(db_path.stat().st_mode) == file_mode
    finally:
        os.chmod(folder, 0o700)
        for name in os.listdir(folder):
            os.unlink(folder / name)
        os.rmdir(folder)


# --- the single-window lock -------------------------------------------------------

CHILD_OPEN = """
import sys
from workbook.storage import open_database, DatabaseLocked
try:
    open_database(sys.argv[1]).close()
except DatabaseLocked as exc:
    print(exc)
    sys.exit(3)
print("opened")
"""


def test_second_process_is_refused_and_writes_nothing(db_path: Path) -> None:
    seed(db_path)
    with open_database(db_path):
        (db_path.parent / ".wb.json.orphan1.tmp").write_bytes(b"left by a crash")
        listing = sorted(os.listdir(db_path.parent))
        before = {n: (db_path.parent / n).read_bytes() for n in listing}
        stamp = db_path.stat().st_mtime_ns

        result = run_python(CHILD_OPEN, str(db_path))

        assert result.returncode == 3, result.stderr
        assert "already open in another window" in result.stdout
        assert sorted(os.listdir(db_path.parent)) == listing  # orphan not touched either
        assert {n: (db_path.parent / n).read_bytes() for n in listing} == before
        assert db_path.stat().st_mtime_ns == stamp
        with pytest.raises(DatabaseLocked):
            open_database(db_path)  # a second window in this process, too
    result = run_python(CHILD_OPEN, str(db_path))
    assert (result.returncode, result.stdout.strip()) == (0, "opened")


def test_close_is_idempotent_and_works_from_another_thread(db_path: Path) -> None:
    opened = open_database(db_path)
    lock = opened._lock  # held here so garbage collection can't be what releases it
    closer = threading.Thread(target=opened.close)
    closer.start()
    closer.join()
    opened.close()
    open_database(db_path).close()  # the lock was let go: a new window gets it
    del lock


def test_lock_is_released_when_open_fails(db_path: Path) -> None:
    db_path.write_bytes(b"{")
    with pytest.raises(CorruptDatabase):
        open_database(db_path)
    write_tables(db_path, {"_meta": meta()})
    open_database(db_path).close()


def test_orphan_temp_files_are_removed_only_under_the_lock(db_path: Path) -> None:
    seed(db_path)
    folder = db_path.parent
    ours = [".wb.json.abc123xy.tmp", ".wb.json.k.tmp"]
    others = [".wb.json.bak", ".wb.json.x.y.tmp", ".other.json.abc.tmp", "wb.json.tmp", "notes.txt"]
    for name in ours + others:
        (folder / name).write_text("junk")
    with open_database(db_path):
        pass
    assert [n for n in ours + others if (folder / n).exists()] == others


# --- migrations -------------------------------------------------------------------


def add_mood(tables: dict) -> dict:
    for doc in tables.get("answers", {}).values():
        doc["mood"] = None
    return tables


@pytest.fixture
def v1_workbook(db_path: Path) -> bytes:
    return seed(db_path)


def test_migration_upgrades_once_and_keeps_a_copy(
    db_path: Path, v1_workbook: bytes, any_umask: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(storage.MIGRATIONS, 1, add_mood)
    with open_database(db_path) as opened:
        assert opened.migrated_from == 1
        answers = opened.db.table("answers").all()
        assert len(answers) == 5 and all(doc["mood"] is None for doc in answers)
    tables = orjson.loads(db_path.read_bytes())
    assert next(iter(tables["_meta"].values()))["schema"] == 2
    assert tables["settings"] == {"1": {"key": "theme", "value": "dark"}}
    copy = Path(f"{db_path}.schema-v1.bak")
    assert copy.read_bytes() == v1_workbook and mode(copy) == 0o600
    with open_database(db_path) as opened:
        assert opened.migrated_from is None
    assert copy.read_bytes() == v1_workbook


def test_migrations_run_in_order(
    db_path: Path, v1_workbook: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = []

    def step(version: int):
        def migrate(tables: dict) -> dict:
            seen.append((version, next(iter(tables["_meta"].values()))["schema"]))
            tables["settings"]["1"][f"v{version + 1}"] = True
            return tables

        return migrate

    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 4)
    for version in (1, 2, 3):
        monkeypatch.setitem(storage.MIGRATIONS, version, step(version))
    with open_database(db_path) as opened:
        assert opened.migrated_from == 1
        assert opened.db.table("settings").get(doc_id=1) == {
            "key": "theme", "value": "dark", "v2": True, "v3": True, "v4": True
        }  # fmt: skip
    assert seen == [(1, 1), (2, 2), (3, 3)]


def raise_midway(tables: dict) -> dict:
    tables["answers"].clear()
    raise KeyError("boom")


def drop_an_answer(tables: dict) -> dict:
    tables["answers"].pop("1")
    return tables


def break_the_shape(tables: dict) -> dict:
    tables["answers"] = ["not", "a", "table"]
    return tables


@pytest.mark.parametrize("migration", [raise_midway, drop_an_answer, break_the_shape, None])
def test_failed_migration_leaves_the_file_byte_identical(
    db_path: Path, v1_workbook: bytes, monkeypatch: pytest.MonkeyPatch, migration
) -> None:
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    if migration is not None:  # None: no migration registered for version 1
        monkeypatch.setitem(storage.MIGRATIONS, 1, migration)
    bak = Path(f"{db_path}.bak").read_bytes()
    with pytest.raises(StorageError, match="could not be updated") as caught:
        open_database(db_path)
    assert caught.value.__cause__ is not None
    assert db_path.read_bytes() == v1_workbook
    assert Path(f"{db_path}.bak").read_bytes() == bak
    assert not Path(f"{db_path}.schema-v1.bak").exists()
    assert temp_files(db_path.parent) == []
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 1)
    open_database(db_path).close()  # the lock was released


def test_migration_whose_save_fails_leaves_the_file_alone(
    db_path: Path, v1_workbook: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(storage.MIGRATIONS, 1, add_mood)
    real_replace = os.replace

    def fail_on_the_workbook(src, dst):
        if str(dst) == str(db_path):
            raise OSError(errno.EIO, "I/O error")
        return real_replace(src, dst)

    monkeypatch.setattr(os, "replace", fail_on_the_workbook)
    with pytest.raises(StorageError, match="could not be updated"):
        open_database(db_path)
    assert db_path.read_bytes() == v1_workbook
    assert temp_files(db_path.parent) == []


def test_read_only_old_workbook_is_not_migrated(
    db_path: Path, v1_workbook: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(storage, "CURRENT_SCHEMA", 2)
    monkeypatch.setitem(storage.MIGRATIONS, 1, add_mood)
    os.chmod(db_path, 0o400)
    with pytest.raises(StorageError, match="read-only"):
        open_database(db_path)
    assert db_path.read_bytes() == v1_workbook


# --- symlinks and messages --------------------------------------------------------


def test_symlinked_workbook_stays_a_symlink(tmp_path: Path) -> None:
    real = tmp_path / "real" / "wb.json"
    seed(real)
    link = tmp_path / "link.json"
    link.symlink_to(real)
    with open_database(link) as opened:
        assert opened.path == real
        opened.db.table("answers").insert({"value": "through the link"})
    assert link.is_symlink()
    assert "through the link" in real.read_text()
    assert Path(f"{real}.bak").exists() and not Path(f"{link}.bak").exists()


@pytest.mark.parametrize(
    ("cause", "phrase"),
    [
        (OSError(errno.ENOSPC, "x"), "The disk is full"),
        (OSError(errno.EFBIG, "x"), "grown past the size this system allows"),
        (OSError(errno.EACCES, "x"), "not allowed to write"),
        (OSError(errno.EPERM, "x"), "not allowed to write"),
        (OSError(errno.EROFS, "x"), "not allowed to write"),
        (OSError(errno.EIO, "x"), "The disk reported an error"),
        (TypeError("surrogates"), "characters that can't be saved"),
        (ValueError("nan"), "characters that can't be saved"),
        (OSError(errno.ENOENT, "x"), "Something went wrong while saving"),
        (RuntimeError("?"), "Something went wrong while saving"),
    ],
)
def test_write_failed_messages_are_plain(cause: BaseException, phrase: str) -> None:
    error = WriteFailed(cause)
    assert error.cause is cause
    assert str(error) == error.message
    assert error.message.startswith(phrase) or phrase in error.message
    assert "NOT saved" in error.message and "still on screen" in error.message
    assert error.message.count(". ") <= 2 and "Errno" not in error.message


def test_private_folders_are_made_private_whatever_the_umask(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook.crash import keep_crash_report

    existing = tmp_path / "existing"
    existing.mkdir(mode=0o755)
    existing.chmod(0o755)
    old = os.umask(0o022)
    try:
        storage.make_private_folder(existing / "a" / "b")
        monkeypatch.setenv("WORKBOOK_DATA_DIR", str(tmp_path / "data" / "deeper"))
        report = keep_crash_report(["a line\n"])
    finally:
        os.umask(old)
    for made in (existing / "a", existing / "a" / "b", tmp_path / "data", report.parent):
        assert stat.S_IMODE(made.stat().st_mode) == 0o700, made
    assert stat.S_IMODE(existing.stat().st_mode) == 0o755  # not ours to change
