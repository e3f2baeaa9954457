"""``workbook export``: the Markdown document, its filters and privacy, and private output files."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import COUPLE, HANG_SECONDS
from workbook.cli import main
from workbook.content import load_content
from workbook.export import Snapshot, to_markdown
from workbook.model import Answer, SessionRecord, Visibility
from workbook.store import WorkbookStore

REPO = Path(__file__).resolve().parent.parent

SECRET = "my secret worry about the move"
DRAFT = "half a thought still being typed"
LONG_A = "Something long and winding. " * 5
LONG_B = "Another long answer that goes on. " * 5

FOUNDATIONS = SessionRecord("rec-1", "foundations", "2026-11-01T18:00:00+00:00")
LISTENING = SessionRecord("rec-2", "listening", "2026-11-08T18:00:00+00:00")


def answer(uuid: str, partner: str, step: str, value, **fields) -> Answer:
    defaults = dict(
        exercise="appreciation-exchange",
        session=FOUNDATIONS.id,
        run="run-1",
        created="2026-11-01T18:05:00+00:00",
        updated="2026-11-01T18:05:00+00:00",
    )
    defaults.update(fields)
    return Answer(uuid=uuid, partner=partner, step=step, value=value, **defaults)  # type: ignore[arg-type]


RATINGS_A = {"trust": 7, "safety": 8, "vulnerability": 5, "openness": 6, "sharing": 7, "mood": 9,
             "note": "A calm week"}
RATINGS_B = {"trust": 4, "safety": 6, "vulnerability": 3, "openness": 5, "sharing": 2, "mood": 5,
             "note": ""}

ANSWERS = [
    answer("c-a", "a", "ratings", RATINGS_A, exercise="first-check-in", run="run-0"),
    answer("c-b", "b", "ratings", RATINGS_B, exercise="first-check-in", run="run-0"),
    answer("p1-a", "a", "prompt-1", "your steady kindness"),
    answer("p1-b", "b", "prompt-1", "how you make me laugh"),
    answer("p2-a", "a", "prompt-2", LONG_A),
    answer("p2-b", "b", "prompt-2", LONG_B),
    answer("p3-a", "a", "prompt-3", "you cook on Mondays"),
    answer("p3-b", "b", "prompt-3", SECRET, visibility=Visibility.PRIVATE),
    answer("p4-a", "a", "prompt-4", DRAFT, draft=True),
    answer("p6-a", "a", "prompt-6", 3),
    answer("p6-b", "b", "prompt-6", 8),
    answer("close-a", "a", "closing", "That you hum while cooking", exercise="_closing",
           run=FOUNDATIONS.id),
    answer("l-a", "a", "topic", "our weekend plans", exercise="listening-light-topic",
           session=LISTENING.id, run="run-2", role="speaker",
           created="2026-11-08T18:05:00+00:00"),
    answer("any-b", "b", "prompt-1", "the tea you brought me", exercise="quick-appreciation",
           session=None, run="run-3", created="2026-11-10T08:00:00+00:00"),
]


@pytest.fixture
def filled(ready_db: Path) -> Path:
    store = WorkbookStore.open(ready_db)
    store.add_history([FOUNDATIONS, LISTENING], ANSWERS)
    store.close()
    return ready_db


def markdown(db: Path, capsys, *extra: str) -> str:
    assert main(["export", "--db", str(db), *extra]) == 0
    return capsys.readouterr().out


def test_markdown_has_names_sessions_and_titles(filled: Path, capsys) -> None:
    out = markdown(filled, capsys)
    assert out.startswith("# Alex and Sam: our workbook\n")
    assert "## Session 1: Foundations" in out and "## Session 2: Listening" in out
    assert out.index("Session 1: Foundations") < out.index("Session 2: Listening")
    assert "### 1 November 2026" in out
    assert "#### Appreciation exchange" in out and "#### Our first check-in" in out
    assert "## Anytime exercises" in out and "### Quick appreciation, 10 November 2026" in out
    # Reflection steps are labelled with their question; the closing with the session's question.
    assert "What is one thing you learned about your partner today?" in out
    assert "*Alex:* That you hum while cooking" in out


def test_both_partners_side_by_side_when_short(filled: Path, capsys) -> None:
    out = markdown(filled, capsys)
    assert "| Alex | Sam |\n| --- | --- |\n| your steady kindness | how you make me laugh |" in out
    assert "| 3 out of 10 | 8 out of 10 |" in out  # a scale answer
    # Long answers come one after the other instead.
    assert "*Alex:*\n\n> " + LONG_A.strip() in out
    assert "*Sam:*\n\n> " + LONG_B.strip() in out


def test_check_in_ratings_are_a_table(filled: Path, capsys) -> None:
    out = markdown(filled, capsys)
    assert "| | Alex | Sam |" in out
    assert "| Trust | 7 | 4 |" in out and "| Mood | 9 | 5 |" in out
    assert "*Alex's note:*\n\n> A calm week" in out


def test_private_text_left_out_unless_asked(filled: Path, capsys) -> None:
    out = markdown(filled, capsys)
    assert SECRET not in out
    assert "(private answer by Sam)" in out
    assert "Private answers are left out" in out
    everything = markdown(filled, capsys, "--include-private")
    assert SECRET in everything
    assert "*Sam (private):*" in everything
    assert "(private answer by Sam)" not in everything


def test_private_text_left_out_of_a_file_too(filled: Path, tmp_path: Path) -> None:
    target = tmp_path / "ours.md"
    assert main(["export", "--db", str(filled), "-o", str(target)]) == 0
    data = target.read_bytes()
    assert SECRET.encode() not in data and b"(private answer by Sam)" in data


def test_drafts_are_left_out(filled: Path, capsys) -> None:
    assert DRAFT not in markdown(filled, capsys)
    assert DRAFT not in markdown(filled, capsys, "--include-private")


def test_session_filter(filled: Path, capsys) -> None:
    out = markdown(filled, capsys, "--session", "1")
    assert "Session 1: Foundations" in out and "your steady kindness" in out
    assert "Session 2" not in out and "our weekend plans" not in out
    assert "Anytime" not in out and "the tea you brought me" not in out
    two = markdown(filled, capsys, "--session", "2")
    assert "our weekend plans" in two and "your steady kindness" not in two
    empty = markdown(filled, capsys, "--session", "5")
    assert "Nothing to show here yet." in empty


def test_unknown_session_number_is_refused(filled: Path, capsys) -> None:
    assert main(["export", "--db", str(filled), "--session", "99"]) == 1
    assert "workbook: there is no session 99" in capsys.readouterr().err


def test_partner_filter(filled: Path, capsys) -> None:
    out = markdown(filled, capsys, "--partner", "a")
    assert "your steady kindness" in out
    assert "how you make me laugh" not in out and "the tea you brought me" not in out
    assert "(private answer by Sam)" not in out
    assert "What Alex wrote" in out
    sam = markdown(filled, capsys, "--partner", "b", "--include-private")
    assert SECRET in sam and "your steady kindness" not in sam


def test_unknown_exercises_and_sessions_are_shown_by_id(ready_db: Path, capsys) -> None:
    store = WorkbookStore.open(ready_db)
    record = SessionRecord("rec-x", "gone-session", "2026-01-01T10:00:00+00:00")
    store.add_history([record], [answer("x", "a", "step-x", "kept words", exercise="gone-drill",
                                        session="rec-x")])
    store.close()
    out = markdown(ready_db, capsys)
    assert "## gone-session" in out and "#### gone-drill" in out and "kept words" in out


def test_markdown_escapes_what_would_change_the_layout(ready_db: Path, capsys) -> None:
    store = WorkbookStore.open(ready_db)
    store.add_history([], [answer("x", "a", "prompt-1", "# not a heading\n- *not* a list",
                                  session=None)])
    store.close()
    out = markdown(ready_db, capsys)
    assert "> \\# not a heading  \n> \\- \\*not\\* a list" in out


def test_empty_workbook(db_path: Path, capsys) -> None:
    WorkbookStore.open(db_path).close()
    out = markdown(db_path, capsys)
    assert "Partner A and Partner B" in out and "Nothing to show here yet." in out


@pytest.mark.parametrize("fmt", ["markdown", "json"])
def test_output_file_is_private_and_replaces_an_old_one(
    filled: Path, tmp_path: Path, fmt: str
) -> None:
    target = tmp_path / f"export.{fmt}"
    target.write_text("an older export")
    os.chmod(target, 0o644)
    old = os.umask(0o022)
    try:
        assert main(["export", "--db", str(filled), "--format", fmt, "-o", str(target)]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text() != "an older export"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_json_export_holds_everything_sorted(filled: Path, tmp_path: Path) -> None:
    store = WorkbookStore.open(filled)
    store.set_setting("theme", "nord")
    run = store.start_run("pause", None, {"phase": "x"})
    store.close()
    target = tmp_path / "backup.json"
    assert main(["export", "--db", str(filled), "--format", "json", "-o", str(target)]) == 0
    data = orjson.loads(target.read_bytes())
    assert data["format"] == "couple-workbook-export" and data["version"] == 1
    assert data["schema"] == 1
    assert data["couple"] == COUPLE.to_doc()
    assert {a["uuid"] for a in data["answers"]} == {a.uuid for a in ANSWERS}  # drafts, private
    assert [s["id"] for s in data["sessions"]] == ["rec-1", "rec-2"]
    assert [r["id"] for r in data["runs"]] == [run.id]
    assert data["settings"] == [{"key": "theme", "value": "nord"}]
    created = [a["created"] for a in data["answers"]]
    assert created == sorted(created)
    text = target.read_text()
    assert SECRET in text and DRAFT in text
    assert list(data) == sorted(data)  # keys sorted


def test_json_needs_a_file_and_takes_no_filters(filled: Path, capsys) -> None:
    assert main(["export", "--db", str(filled), "--format", "json"]) == 1
    assert "-o FILE" in capsys.readouterr().err
    assert main(["export", "--db", str(filled), "--format", "json", "-o", "x.json",
                 "--partner", "a"]) == 1
    assert "always holds everything" in capsys.readouterr().err
    assert main(["export", "--db", str(filled), "--format", "json", "-o", "-"]) == 0
    assert orjson.loads(capsys.readouterr().out)["format"] == "couple-workbook-export"


def test_refuses_to_overwrite_the_workbook(filled: Path, capsys) -> None:
    before = filled.read_bytes()
    for name in (str(filled), f"{filled}.bak"):
        assert main(["export", "--db", str(filled), "-o", name]) == 1
        assert "is the workbook itself" in capsys.readouterr().err
    assert filled.read_bytes() == before


@pytest.mark.parametrize(
    ("raw", "phrase"),
    [(None, "There is no workbook file"), (b"", "the file is empty"),
     (b'{"_meta": {"1": {"sch', "cut off")],
)
def test_missing_or_broken_workbook_is_a_plain_error(
    db_path: Path, capsys, raw: bytes | None, phrase: str
) -> None:
    if raw is not None:
        db_path.write_bytes(raw)
    assert main(["export", "--db", str(db_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workbook: ") and phrase in err and "Traceback" not in err
    assert (db_path.read_bytes() if raw is not None else None) == raw


HOLD = """
import sys
from workbook.storage import open_database
opened = open_database(sys.argv[1])
print("ready", flush=True)
sys.stdin.read()
opened.close()
"""


def hold_open(db: Path) -> subprocess.Popen[str]:
    """A child process with the workbook open (its lock held) until its stdin closes."""
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    return child


def test_export_works_while_the_app_has_the_file_open(filled: Path, tmp_path: Path) -> None:
    child = hold_open(filled)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "workbook", "export", "--db", str(filled), "--format",
             "json", "-o", str(tmp_path / "b.json")],
            capture_output=True, text=True, timeout=HANG_SECONDS, cwd=REPO,
        )
        assert result.returncode == 0, result.stderr
        md = subprocess.run(
            [sys.executable, "-m", "workbook", "export", "--db", str(filled)],
            capture_output=True, text=True, timeout=HANG_SECONDS, cwd=REPO,
        )
        assert md.returncode == 0, md.stderr
        assert "your steady kindness" in md.stdout and SECRET not in md.stdout
    finally:
        child.communicate("", timeout=HANG_SECONDS)
    assert len(orjson.loads((tmp_path / "b.json").read_bytes())["answers"]) == len(ANSWERS)


def test_export_does_not_import_textual(filled: Path, tmp_path: Path) -> None:
    code = (
        "import sys\nfrom workbook.cli import main\n"
        f"main(['export', '--db', {str(filled)!r}, '-o', {str(tmp_path / 'x.md')!r}])\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN')\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO)
    assert out.stdout.strip().splitlines()[-1] == "CLEAN", out.stderr


# --- point 4, with any words: private text never reaches the Markdown ---------------------------

ANY_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=300)
SHAPES = st.sampled_from(["text", "check_in", "statement", "guess", "list"])


def shaped(shape: str, words: str) -> object:
    return {
        "text": words,
        "check_in": {"trust": 3, "safety": 4, "vulnerability": 5, "openness": 6, "sharing": 7,
                     "mood": 8, "note": words},
        "statement": {"variant": "three_part", "feeling": "x", "situation": "y", "need": "z",
                      "request": "", "text": words},
        "guess": {"self": words, "guess": "a guess"},
        "list": ["first", words],
    }[shape]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    rows=st.lists(
        st.tuples(ANY_TEXT, SHAPES, st.booleans(), st.booleans(), st.sampled_from(["a", "b"]),
                  st.sampled_from(["prompt-1", "ratings", "statement", "chunk-1", "support"])),
        min_size=1, max_size=12,
    )
)
def test_private_words_never_reach_the_markdown(rows: list) -> None:
    content = load_content()
    docs, secret, shared = [], [], []
    for n, (words, shape, private, draft, partner, step) in enumerate(rows):
        marker = f"zq{n}marker"
        doc = answer(f"u{n}", partner, step, shaped(shape, f"{words} {marker}"),
                     session=FOUNDATIONS.id if n % 2 else None, run=f"run-{n % 3}",
                     role=None if n % 4 else "speaker",
                     visibility=Visibility.PRIVATE if private else Visibility.SHARED,
                     draft=draft).to_doc()
        docs.append(doc)
        (secret if private or draft else shared).append((marker, draft))
    snapshot = Snapshot(schema=1, couple=COUPLE.to_doc(), sessions=[FOUNDATIONS.to_doc()],
                        answers=docs)
    for partner in (None, "a", "b"):
        out = to_markdown(snapshot, content, partner=partner)
        assert not any(marker in out for marker, _ in secret)
    everything = to_markdown(snapshot, content, include_private=True)
    assert all(marker in everything for marker, draft in secret if not draft)
    assert not any(marker in everything for marker, draft in secret if draft)
    assert all(marker in everything for marker, _ in shared)
