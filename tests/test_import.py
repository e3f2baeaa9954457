"""``workbook import``: lossless round trips, idempotent merges, conflicts, refusals."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import COUPLE, HANG_SECONDS
from tests.test_export import hold_open
from workbook import checkins
from workbook.cli import main
from workbook.importing import ImportRefused, conflict_uuid, import_file, read_source
from workbook.model import Answer, Couple, Partner, SessionRecord, Visibility, new_id
from workbook.store import WorkbookStore

# --- building workbooks -------------------------------------------------------------

# Any character a file can hold: everything but lone surrogates (not encodable as UTF-8).
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
LONG_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=500, max_size=3000)
WORDS = st.sampled_from(
    ["", "שלום, מה שלומך؟ مرحبا", "I feel 🥲 when…", "e\u0301\u200d👩‍❤️‍👨", "line one\nline two",
     "tab\tand \"quotes\" and \\ back", "\x00nul\x7f", "ok"]
)
RATINGS = st.fixed_dictionaries(
    {k: st.integers(0, 10) for k in checkins.RATINGS},
    optional={"note": TEXT},
)
VALUES = st.one_of(
    TEXT, LONG_TEXT, WORDS, RATINGS,
    st.integers(0, 10),
    st.lists(TEXT, max_size=5),
    st.fixed_dictionaries({"self": TEXT, "guess": TEXT}),
    st.fixed_dictionaries({"variant": st.just("three_part"), "feeling": TEXT, "need": TEXT,
                           "situation": TEXT, "request": TEXT, "text": TEXT}),
    st.none(),
)
STAMPS = st.sampled_from(
    ["2021-03-01T10:00:00+00:00", "2021-03-01T10:00:01+00:00", "2024-12-31T23:59:59+00:00",
     "2026-11-22T19:04:11+00:00"]
)
SESSION_IDS = ["s-1", "s-2"]
# A partner's name is visible text (workbook.schema); any characters, as with TEXT.
NAMES = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=40).filter(
    str.strip
)


@st.composite
def answers(draw) -> Answer:
    return Answer(
        uuid=draw(st.uuids()).__str__(),
        exercise=draw(st.sampled_from(["first-check-in", "love-languages", "mystery", "_closing"])),
        step=draw(st.sampled_from(["ratings", "prompt-1", "chunk-1", "closing", "support"])),
        partner=draw(st.sampled_from(["a", "b"])),
        value=draw(VALUES),
        session=draw(st.sampled_from([None, *SESSION_IDS])),
        run=draw(st.sampled_from([None, "r-1", "r-2"])),
        role=draw(st.sampled_from([None, "speaker", "sharer"])),
        visibility=draw(st.sampled_from(list(Visibility))),
        created=draw(STAMPS),
        updated=draw(STAMPS),
        content_version=draw(st.integers(1, 3)),
        draft=draw(st.booleans()),
    )


def fill(db: Path, items: list[Answer], couple: Couple | None = COUPLE) -> None:
    """A workbook with a couple, two sittings, a run, a setting and ``items``."""
    store = WorkbookStore.open(db)
    if couple is not None:
        store.save_couple(couple)
    records = [
        SessionRecord("s-2", "listening", "2021-03-02T10:00:00+00:00"),
        SessionRecord("s-1", "foundations", "2021-03-01T10:00:00+00:00",
                      "2021-03-01T11:00:00+00:00"),
    ]
    store.add_history(records, items)
    store.append_rows({
        "runs": [{"id": "r-1", "exercise": "love-languages", "session": "s-1",
                  "started": "2021-03-01T10:00:00+00:00", "updated": "2021-03-01T10:00:00+00:00",
                  "completed": None, "state": {"phase": "prompt-1", "_where": "🙂"}}],
        "settings": [{"key": "theme", "value": "nord"}],
    })
    store.close()


def export_json(db: Path, out: Path) -> bytes:
    assert main(["export", "--db", str(db), "--format", "json", "-o", str(out)]) == 0
    return out.read_bytes()


def run_import(file: Path, db: Path, capsys) -> tuple[int, str, str]:
    code = main(["import", str(file), "--db", str(db)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def stored_answers(db: Path) -> dict[str, dict]:
    tables = orjson.loads(db.read_bytes())
    return {doc["uuid"]: doc for doc in tables.get("answers", {}).values()}


def answer(**fields) -> Answer:
    base = dict(uuid=new_id(), exercise="appreciation-exchange", step="prompt-1", partner="a",
                value="words", created="2026-01-01T10:00:00+00:00",
                updated="2026-01-01T10:00:00+00:00")
    base.update(fields)
    return Answer(**base)  # type: ignore[arg-type]


# --- point 2: export → import into an empty file → export is identical ----------------------


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=st.lists(answers(), max_size=25, unique_by=lambda a: a.uuid),
       names=st.tuples(NAMES, NAMES))
def test_export_import_export_is_identical(items: list[Answer], names: tuple[str, str]) -> None:
    folder = Path(tempfile.mkdtemp())
    try:
        couple = Couple(Partner("a", names[0], "gold"), Partner("b", names[1], "orchid"))
        first_db, second_db = folder / "first.json", folder / "second.json"
        fill(first_db, items, couple)
        first = export_json(first_db, folder / "one.json")

        report = import_file(folder / "one.json", second_db)
        assert (report.added, report.present, report.conflicts) == (len(items), 0, 0)
        second = export_json(second_db, folder / "two.json")

        assert second == first
        assert stored_answers(second_db) == {a.uuid: a.to_doc() for a in items}
        # The Markdown export copes with any of it too.
        assert main(["export", "--db", str(second_db), "-o", str(folder / "x.md")]) == 0
    finally:
        shutil.rmtree(folder)


def test_round_trip_keeps_unknown_fields_and_every_table(db_path: Path, tmp_path: Path) -> None:
    fill(db_path, [answer(value={"text": "I feel 🫶"}), answer(draft=True)])
    store = WorkbookStore.open(db_path)
    store.append_rows({"answers": [{**answer().to_doc(), "future_field": [1, {"x": None}]}]})
    store.close()
    first = export_json(db_path, tmp_path / "one.json")
    target = tmp_path / "new" / "restored.json"  # a folder that does not exist yet
    import_file(tmp_path / "one.json", target)
    assert export_json(target, tmp_path / "two.json") == first
    data = orjson.loads(first)
    assert any(a.get("future_field") == [1, {"x": None}] for a in data["answers"])
    assert [s["id"] for s in data["sessions"]] == ["s-1", "s-2"]  # by start time
    assert data["runs"][0]["state"]["_where"] == "🙂"


# --- point 3: importing twice adds nothing the second time ---------------------------------


def test_import_into_a_non_empty_file_is_idempotent(db_path: Path, tmp_path: Path, capsys) -> None:
    source_db = tmp_path / "other.json"
    shared = answer(value="we both have this one")
    fill(source_db, [shared, answer(partner="b", value="only in the import ✨"),
                     answer(visibility=Visibility.PRIVATE, value="private one")])
    export_json(source_db, tmp_path / "e.json")
    fill(db_path, [shared, answer(value="only here")])

    code, out, err = run_import(tmp_path / "e.json", db_path, capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "2 answers added, 1 already present, 0 conflicts."
    assert len(stored_answers(db_path)) == 4
    after_first = db_path.read_bytes()
    backup = Path(f"{db_path}.bak").read_bytes()

    code, out, err = run_import(tmp_path / "e.json", db_path, capsys)
    assert code == 0, err
    assert out.splitlines()[0] == "0 answers added, 3 already present, 0 conflicts."
    assert db_path.read_bytes() == after_first  # nothing to add: not even rewritten
    assert Path(f"{db_path}.bak").read_bytes() == backup


def test_merge_adds_sittings_runs_and_settings_once(db_path: Path, tmp_path: Path) -> None:
    fill(tmp_path / "other.json", [answer()])
    store = WorkbookStore.open(db_path)
    store.set_setting("theme", "gruvbox")
    store.close()
    report = import_file(tmp_path / "other.json", db_path)
    assert (report.sessions_added, report.runs_added, report.settings_added) == (2, 1, 0)
    store = WorkbookStore.open(db_path)
    assert store.setting("theme") == "gruvbox"  # the workbook's own setting stays
    assert [r.id for r in store.session_records()] == ["s-1", "s-2"]
    assert [r.id for r in store.runs()] == ["r-1"]
    later = store.save_answer(answer())  # TinyDB's ids keep counting after the merge
    assert store.answer(later.uuid) == later
    store.close()
    again = import_file(tmp_path / "other.json", db_path)
    assert (again.added, again.sessions_added, again.runs_added) == (0, 0, 0)


# --- conflicts --------------------------------------------------------------------------------


def test_conflicts_are_kept_marked_and_idempotent(db_path: Path, tmp_path: Path, capsys) -> None:
    original = answer(value="what I wrote here")
    fill(db_path, [original])
    edited_elsewhere = Answer.from_doc({**original.to_doc(), "value": "what I wrote there"})
    made_private = answer(value="same words")
    fill(tmp_path / "other.json", [edited_elsewhere, made_private])
    export_json(tmp_path / "other.json", tmp_path / "e.json")
    store = WorkbookStore.open(db_path)
    store.save_answer(Answer.from_doc({**made_private.to_doc(), "visibility": "private"}))
    store.close()

    code, out, _ = run_import(tmp_path / "e.json", db_path, capsys)
    assert code == 0
    assert out.splitlines()[0] == "0 answers added, 0 already present, 2 conflicts."
    assert "Both were kept" in out
    stored = stored_answers(db_path)
    assert stored[original.uuid]["value"] == "what I wrote here"  # untouched
    copies = [d for d in stored.values() if d.get("conflict_of")]
    assert {d["conflict_of"] for d in copies} == {original.uuid, made_private.uuid}
    copy = next(d for d in copies if d["conflict_of"] == original.uuid)
    assert copy["value"] == "what I wrote there"
    assert copy["uuid"] == conflict_uuid(edited_elsewhere.to_doc()) != original.uuid
    assert {k: v for k, v in copy.items() if k not in ("uuid", "conflict_of")} == {
        k: v for k, v in edited_elsewhere.to_doc().items() if k != "uuid"
    }

    before = db_path.read_bytes()
    code, out, _ = run_import(tmp_path / "e.json", db_path, capsys)
    assert out.splitlines()[0] == "0 answers added, 2 already present, 0 conflicts."
    assert db_path.read_bytes() == before

    # The app still reads the file, and the Markdown marks the copy.
    store = WorkbookStore.open(db_path)
    assert store.answer(copy["uuid"]).value == "what I wrote there"
    store.close()
    assert main(["export", "--db", str(db_path)]) == 0
    assert "an imported version that differs" in capsys.readouterr().out


def test_conflict_copies_travel_without_duplicating(db_path: Path, tmp_path: Path) -> None:
    """Two computers that merged the same conflict end up with one copy, not two."""
    original = answer(value="v1")
    fill(db_path, [original])
    other = tmp_path / "other.json"
    fill(other, [Answer.from_doc({**original.to_doc(), "value": "v2"})])
    import_file(other, db_path)
    third = tmp_path / "third.json"
    fill(third, [original])
    import_file(other, third)
    assert stored_answers(third) == stored_answers(db_path)
    report = import_file(third, db_path)
    assert (report.added, report.conflicts) == (0, 0)


# --- sources -------------------------------------------------------------------------------


def test_importing_another_workbook_file_directly(db_path: Path, tmp_path: Path, capsys) -> None:
    other = tmp_path / "laptop.json"
    fill(other, [answer(value="from the laptop"), answer(partner="b", draft=True)])
    code, out, _ = run_import(other, db_path, capsys)
    assert code == 0
    assert out.splitlines()[0] == "2 answers added, 0 already present, 0 conflicts."
    assert "names were taken" in out
    store = WorkbookStore.open(db_path)
    assert store.couple() == COUPLE
    assert {a.value for a in store.iter_answers()} >= {"from the laptop"}
    store.close()
    # Its lock was never taken: importing from a workbook that is open elsewhere works.
    child = hold_open(other)
    try:
        assert run_import(other, tmp_path / "third.json", capsys)[0] == 0
    finally:
        child.communicate("", timeout=HANG_SECONDS)


def test_different_names_keep_the_workbooks_own(db_path: Path, tmp_path: Path, capsys) -> None:
    fill(db_path, [])
    other = tmp_path / "other.json"
    fill(other, [answer()], Couple(Partner("a", "Robin", "gold"), Partner("b", "Kim", "tomato")))
    code, out, _ = run_import(other, db_path, capsys)
    assert code == 0
    assert "Robin and Kim" in out and "Alex and Sam, were kept" in out
    store = WorkbookStore.open(db_path)
    assert store.couple() == COUPLE
    store.close()


# --- refusals -----------------------------------------------------------------------------


def test_refused_while_the_workbook_is_open(db_path: Path, tmp_path: Path, capsys) -> None:
    fill(db_path, [answer(value="mine")])
    fill(tmp_path / "other.json", [answer(value="theirs")])
    names = ("", ".bak")
    before = {end: Path(f"{db_path}{end}").read_bytes() for end in names}
    child = hold_open(db_path)
    try:
        code, out, err = run_import(tmp_path / "other.json", db_path, capsys)
    finally:
        child.communicate("", timeout=HANG_SECONDS)
    assert code == 1 and out == ""
    assert err == (
        "workbook: This workbook is open in another window, or another workbook command is "
        "using it, so nothing was imported. Try again when that has finished.\n"
    )
    assert {end: Path(f"{db_path}{end}").read_bytes() for end in names} == before


def valid_export(tmp_path: Path) -> dict:
    fill(tmp_path / "src.json", [answer()])
    return orjson.loads(export_json(tmp_path / "src.json", tmp_path / "src-export.json"))


BROKEN = {
    "empty": (lambda e: b"", "the file is empty"),
    "cut off": (lambda e: orjson.dumps(e)[:-40], "cut off"),
    "not json": (lambda e: b"hello there", "scrambled"),
    "other json": (lambda e: b'{"answers": []}', "neither a Couple Workbook export"),
    "bad partner": (
        lambda e: orjson.dumps({**e, "answers": [{**e["answers"][0], "partner": "c"}]}),
        'answer 1\'s "partner" is neither "a" nor "b"',
    ),
    "no uuid": (
        lambda e: orjson.dumps({**e, "answers": [{**e["answers"][0], "uuid": None}]}),
        'answer 1\'s "uuid" is not text',
    ),
    "answers not a list": (lambda e: orjson.dumps({**e, "answers": {}}), '"answers"'),
    "newer": (lambda e: orjson.dumps({**e, "version": 2}), "newer version"),
    "newer workbook": (lambda e: b'{"_meta": {"1": {"schema": 99}}}', "newer version"),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_bad_file_is_refused_and_nothing_is_written(
    db_path: Path, tmp_path: Path, capsys, case: str
) -> None:
    make, phrase = BROKEN[case]
    bad = tmp_path / "bad.json"
    bad.write_bytes(make(valid_export(tmp_path)))
    capsys.readouterr()
    code, out, err = run_import(bad, db_path, capsys)
    assert code == 1 and out == ""
    assert err.startswith("workbook: ") and phrase in err and "Traceback" not in err
    assert not db_path.exists()  # not even an empty workbook was created

    fill(db_path, [answer()])
    before = sorted(os.listdir(db_path.parent)), db_path.read_bytes()
    assert run_import(bad, db_path, capsys)[0] == 1
    assert (sorted(os.listdir(db_path.parent)), db_path.read_bytes()) == before


def test_missing_file_and_folder(db_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportRefused, match="There is no file"):
        import_file(tmp_path / "nope.json", db_path)
    with pytest.raises(ImportRefused, match="is a folder"):
        read_source(tmp_path)
    assert not db_path.exists()


def test_a_failed_write_changes_nothing(
    db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fill(db_path, [answer(value="mine")])
    fill(tmp_path / "other.json", [answer(value="theirs")])
    before = db_path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full_disk)
    with pytest.raises(ImportRefused, match="The disk is full, so nothing was imported"):
        import_file(tmp_path / "other.json", db_path)
    monkeypatch.undo()
    assert db_path.read_bytes() == before
