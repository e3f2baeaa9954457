"""Bad input through the real UI (pilot, 80x24): the app never crashes, text round-trips exactly.

What a partner might put into an answer box, pasted or typed: a megabyte of
text, control characters and ESC sequences, right-to-left scripts, emoji
joined with ZWJ and skin tones, a lone surrogate, nothing at all; and the
terminal shrunk to 40x12 half-way through. Each answer is either saved
exactly as the box holds it (checked in the file), or refused with a plain
message while the text stays in the box and the file is not touched.
Control characters are stored as typed but never drawn: they would be
obeyed by the terminal. Names at setup get the same treatment.

The last two tests use a real terminal (a pty): bytes that are not UTF-8
typed into it, and a bracketed paste carrying ESC sequences.
"""

from __future__ import annotations

import json
import os
import pty
import random
import re
import select
import signal
import sys
import time
from pathlib import Path

import pytest
from textual import events
from textual.widgets import Input, TextArea
from workbook.screens.agreement import AgreementScreen
from workbook.screens.exercise import MAX_ANSWER_CHARS
from workbook.screens.listening import ListeningScreen
from workbook.screens.setup import NAME_MAX, SetupScreen

from tests.conftest import COUPLE, HANG_SECONDS, make_app
from tests.exercise_helpers import choose, settle, write
from tests.locking import Lock, sampled
from tests.torture_ui import (
    TECHNICAL,
    at_the_first_piece,
    drafts_landed,
    drawn_text,
    status_text,
    stored,
    temp_files,
)
from workbook.store import WorkbookStore

HERE = Path(__file__).resolve().parent
SIZE = (80, 24)
SMALL = (40, 12)
TORTURE = os.environ.get("WORKBOOK_TORTURE") == "1"
#: The tests through an open workbook run on one locked with a passphrase too, under
#: make torture (tests/locking.py); set-up names and the real terminal stay plain.
LOCKED_IN_TORTURE = pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
#: The characters a text box turns into line breaks (as str.splitlines does).
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
ESCAPES = "\x1b[31mred\x1b[0m \x1b]0;a new title\x07 \x1b[2J \x1b[6n \x9b31m"
RIGHT_TO_LEFT = "אני מתגעגעת לערבים שלנו. أشعر بالوحدة أحيانا. \u200fשלום\u200e ok \u202eevil\u202c"
SPACES_AND_JOINERS = "Bonjour\u00a0: ça va\u202f? 日本語\u3000です می\u200cخواهم soft\u00adhyphen"
EMOJI = (
    "👩\u200d❤️\u200d💋\u200d👨 👨\u200d👩\u200d👧\u200d👦 👍🏽 👋🏿 🇳🇴 1️⃣ "
    "🏳️\u200d🌈 e\u0301 我们 नमस्ते \u200b\ufeff ☺︎ ✌🏼"
)


def box(app) -> TextArea:
    return app.screen.query_one("#answer-text", TextArea)


async def paste(pilot, text: str) -> None:
    """Paste as a terminal does: one Paste event, routed by the app to the focused widget."""
    pilot.app.post_message(events.Paste(text))
    await pilot.pause()


async def type_in(pilot, text: str) -> None:
    """Type as a terminal does: its bytes through Textual's own input parser, key by key.

    (Pilot's ``press`` rebuilds each character from its Unicode name, which
    loses combining marks, emoji modifiers and the like; a terminal does not.)
    """
    from textual._xterm_parser import XTermParser

    parser = XTermParser()
    for event in parser.feed(text):
        pilot.app.post_message(event)
    await pilot.pause()


async def keep_draft(pilot) -> None:
    """Let the draft timer fire and its save land."""
    await drafts_landed(pilot)


async def confirm(pilot) -> None:
    await pilot.press("ctrl+s")
    await settle(pilot)


def assert_refused_plainly(app, *phrases: str) -> None:
    message = status_text(app)
    for phrase in phrases:
        assert phrase in message, message
    for word in TECHNICAL:
        assert word not in message, f"{word!r} in {message!r}"


def assert_nothing_raw_on_screen(app) -> None:
    drawn = drawn_text(app)
    assert not CONTROL.search(drawn.replace("\n", "")), "a control character reached the screen"


def without_breaks(text: str) -> list[str]:
    return [c for c in text if c not in LINE_BREAKS]


# --- a megabyte ----------------------------------------------------------------------


@LOCKED_IN_TORTURE
async def test_a_megabyte_paste_is_refused_plainly_and_kept_in_the_box(
    ready_db: Path, lock: Lock
) -> None:
    megabyte = ("We talked about the summer, and what we want from it. " * 19 + "\n") * 1000
    assert len(megabyte.encode()) > 1_000_000 > MAX_ANSWER_CHARS
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        box(app).insert("Before the paste: ")
        await keep_draft(pilot)
        assert stored(ready_db, lock)["chunk-1"]["value"] == "Before the paste: "
        before = ready_db.read_bytes()

        await paste(pilot, megabyte)
        await keep_draft(pilot)
        assert box(app).text == "Before the paste: " + megabyte
        # Too long to keep as a draft: the status must not promise that it is kept.
        assert "won't lose it" not in status_text(app)
        assert_refused_plainly(app, f"{MAX_ANSWER_CHARS:,} characters")
        assert ready_db.read_bytes() == before

        await confirm(pilot)
        assert_refused_plainly(app, f"{MAX_ANSWER_CHARS:,} characters", "still here")
        assert screen.shown_step.step == "chunk-1"
        assert box(app).text == "Before the paste: " + megabyte
        assert ready_db.read_bytes() == before
        assert temp_files(ready_db.parent) == []

        # Exactly at the limit, with characters of every width: saved exactly.
        unit = "é👩\u200d❤️\u200d👨 ok\n"
        at_limit = (unit * (MAX_ANSWER_CHARS // len(unit) + 1))[:MAX_ANSWER_CHARS]
        box(app).select_all()
        await paste(pilot, at_limit)
        assert box(app).text == at_limit
        await confirm(pilot)
        assert "Saved" in status_text(app)
        answer = stored(ready_db, lock)["chunk-1"]
        assert answer["value"] == at_limit and answer["draft"] is False
        assert screen.shown_step.step == "paraphrase-1.1"


# --- control characters ----------------------------------------------------------------


@LOCKED_IN_TORTURE
async def test_control_characters_round_trip_and_are_never_drawn(
    ready_db: Path, lock: Lock
) -> None:
    every_control = "".join(map(chr, range(0x20))) + "\x7f" + "".join(map(chr, range(0x80, 0xA0)))
    typed = f"start {every_control} {ESCAPES} end"
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        await paste(pilot, typed)
        await keep_draft(pilot)
        held = box(app).text
        assert without_breaks(held) == without_breaks(typed)  # only line breaks normalised
        assert_nothing_raw_on_screen(app)
        assert stored(ready_db, lock)["chunk-1"]["value"] == held  # the draft, exactly
        await confirm(pilot)
        assert stored(ready_db, lock)["chunk-1"]["value"] == held
        assert stored(ready_db, lock)["chunk-1"]["draft"] is False

        # Sam's paraphrase is shown to Alex to judge: drawn safely.
        await paste(pilot, "you \x1b[2J feel")  # after the box's "What I hear is "
        await confirm(pilot)
        said = stored(ready_db, lock)["paraphrase-1.1"]["value"]
        assert said == "What I hear is you \x1b[2J feel"
        assert screen.shown_step.step == "mark-1.1"
        assert "you [2J feel" in drawn_text(app)
        assert_nothing_raw_on_screen(app)


# --- scripts, emoji and surrogates ----------------------------------------------------


@pytest.mark.parametrize(
    "text", [RIGHT_TO_LEFT, EMOJI, SPACES_AND_JOINERS], ids=["right-to-left", "emoji", "spaces"]
)
@LOCKED_IN_TORTURE
@pytest.mark.parametrize("how", ["keys", "paste"])
async def test_scripts_and_emoji_round_trip(
    ready_db: Path, lock: Lock, text: str, how: str
) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        if how == "keys":
            await type_in(pilot, text)  # one code point per key event, as a terminal sends them
        else:
            await paste(pilot, text)
        assert box(app).text == text
        await pilot.resize_terminal(*SMALL)
        assert box(app).text == text
        assert_nothing_raw_on_screen(app)
        await confirm(pilot)
        assert stored(ready_db, lock)["chunk-1"]["value"] == text
        await write(pilot, text)  # the paraphrase, shown back on the next step
        assert screen.shown_step.step == "mark-1.1"
        await pilot.resize_terminal(*SIZE)
        assert stored(ready_db, lock)["paraphrase-1.1"]["value"] == "What I hear is " + text
        assert isinstance(app.screen, ListeningScreen)


@LOCKED_IN_TORTURE
async def test_a_lone_surrogate_is_refused_plainly_and_nothing_is_lost(
    ready_db: Path, lock: Lock
) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        box(app).insert("I feel ")
        await keep_draft(pilot)
        kept = ready_db.read_bytes()
        box(app).insert("\ud800 alone")
        await keep_draft(pilot)
        await pilot.resize_terminal(*SMALL)  # drawn at two sizes: no crash
        await pilot.resize_terminal(*SIZE)
        assert_refused_plainly(app, "draft could not be kept", "can't be saved")
        assert ready_db.read_bytes() == kept  # the earlier draft is still there
        await confirm(pilot)
        assert_refused_plainly(app, "can't be saved", "NOT saved", "still on screen")
        assert box(app).text == "I feel \ud800 alone"
        assert screen.shown_step.step == "chunk-1"
        assert ready_db.read_bytes() == kept and temp_files(ready_db.parent) == []
        assert stored(ready_db, lock)["chunk-1"]["value"] == "I feel "

        box(app).text = "I feel alone"  # the odd character taken out
        await confirm(pilot)
        assert stored(ready_db, lock)["chunk-1"]["value"] == "I feel alone"
        assert screen.shown_step.step == "paraphrase-1.1"


# --- nothing at all ----------------------------------------------------------------------


@LOCKED_IN_TORTURE
@pytest.mark.parametrize("blank", ["", "   ", " \n\t\n "])
async def test_an_empty_answer_is_refused_plainly(ready_db: Path, lock: Lock, blank: str) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        before = ready_db.read_bytes()
        box(app).insert(blank)
        await keep_draft(pilot)
        await confirm(pilot)
        assert_refused_plainly(app, "Write a few words first")
        assert screen.shown_step.step == "chunk-1"
        assert ready_db.read_bytes() == before  # not even a draft of nothing
        await write(pilot, "something after all")
        assert stored(ready_db, lock)["chunk-1"]["value"] == blank + "something after all"


# --- a terminal that shrinks ----------------------------------------------------------


@LOCKED_IN_TORTURE
async def test_resized_to_40x12_mid_exercise_and_back(ready_db: Path, lock: Lock) -> None:
    app = lock.app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        for char in "Sundays feel ":
            await pilot.press(char)
        await pilot.resize_terminal(*SMALL)
        for char in "empty lately":
            await pilot.press(char)
        assert box(app).text == "Sundays feel empty lately"
        await confirm(pilot)  # confirmed at 40x12
        assert stored(ready_db, lock)["chunk-1"]["value"] == "Sundays feel empty lately"
        await confirm(pilot)  # an empty paraphrase at 40x12: the message must be on screen
        assert "Write a few words first" in drawn_text(app)
        await write(pilot, "What I hear is that Sundays feel empty")
        await choose(pilot, "Not quite")  # a choice made at 40x12
        await pilot.resize_terminal(20, 6)  # smaller still, for a moment
        await pilot.resize_terminal(*SIZE)
        await write(pilot, "More the evenings")
        assert screen.shown_step.step == "paraphrase-1.2"
        assert stored(ready_db, lock)["clarify-1.2"]["value"] == "More the evenings"
        assert app.screen is screen


# --- many random texts -----------------------------------------------------------------


def random_text(rng: random.Random) -> str:
    """Words, then characters from every plane (no surrogates), controls included."""
    pools = [
        (0x20, 0x7E),
        (0x00, 0x1F),
        (0xA0, 0x2FF),
        (0x590, 0x6FF),
        (0x900, 0x97F),
        (0x2000, 0x206F),
        (0x4E00, 0x4EFF),
        (0xFE00, 0xFE0F),
        (0x1F300, 0x1FAFF),
        (0xE0000, 0xE007F),
        (0x10FF00, 0x10FFFF),
    ]
    chars = []
    for _ in range(rng.randint(1, 60)):
        low, high = rng.choice(pools)
        chars.append(chr(rng.randint(low, high)))
    return "word " + "".join(chars)


async def run_random_texts(db: Path, count: int, lock: Lock) -> None:
    rng = random.Random(f"torture-input-{count}")
    app = lock.app(db)
    async with app.run_test(size=SIZE) as pilot:
        screen = await at_the_first_piece(app, pilot)
        for n in range(count):
            while screen.shown_step.step.startswith("mark"):
                await choose(pilot, "Not quite")
            step = screen.shown_step.step
            starter = screen.shown_step.starter  # what the box starts with, kept
            text = random_text(rng)
            await paste(pilot, text)
            held = box(app).text
            assert without_breaks(held) == without_breaks(starter + text), (n, text)
            if n % 7 == 0:
                await pilot.resize_terminal(*(SMALL if n % 2 else SIZE))
            assert_nothing_raw_on_screen(app)
            await confirm(pilot)
            assert stored(db, lock)[step]["value"] == held, (n, text)
        await pilot.resize_terminal(*SIZE)
    lock.open_store(db).close()  # and the file still opens strictly
    print(f"\n{count} random texts through the answer box: each saved exactly as the box held it")


@LOCKED_IN_TORTURE
@pytest.mark.slow
async def test_random_texts_round_trip(ready_db: Path, lock: Lock) -> None:
    await run_random_texts(ready_db, 400 if TORTURE else 8, lock)


# --- names at setup ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("\x1b[31mDana\x00\x07\x1b]0;x\x07", "[31mDana]0;x"),  # controls dropped
        ("דנה", "דנה"),
        ("سارا \u200f", "سارا"),  # a trailing direction mark is dropped with the space
        ("Kim 🌻👍🏽", "Kim 🌻👍🏽"),
        ("x" * 1_000_000, None),  # too long for the field: refused, nothing taken
    ],
    ids=["control", "hebrew", "arabic", "emoji", "megabyte"],
)
async def test_names_at_setup(db_path: Path, typed: str, expected: str | None) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, SetupScreen)
        app.screen.query_one("#name-a", Input).focus()
        await paste(pilot, typed)
        app.screen.query_one("#name-b", Input).focus()
        await paste(pilot, "Sam")
        assert_nothing_raw_on_screen(app)
        await pilot.resize_terminal(*SMALL)
        await pilot.resize_terminal(*SIZE)
        await pilot.click("#continue")
        await pilot.pause()
        if expected is None:
            assert isinstance(app.screen, SetupScreen)
            assert app.screen.query_one("#name-a", Input).value == ""
            assert "Please type both names" in drawn_text(app)
            app.screen.query_one("#name-a", Input).focus()
            await paste(pilot, "x" * NAME_MAX)  # what fits is taken
            await pilot.click("#continue")
            await pilot.pause()
            expected = "x" * NAME_MAX
        assert isinstance(app.screen, AgreementScreen)
        assert_nothing_raw_on_screen(app)
    store = WorkbookStore.open(db_path)
    try:
        couple = store.couple()
    finally:
        store.close()
    assert couple is not None
    assert couple.a.name == expected
    assert couple.b.name == "Sam"


# --- a real terminal -------------------------------------------------------------------


def run_in_a_terminal(folder: Path, steps: list[tuple[str, bytes]]) -> tuple[list[str], bytes, int]:
    """Run tests/torture_terminal.py on a pty; after each report line in ``steps`` write its
    bytes to the terminal. Returns the report lines, all terminal output and the exit code."""
    import fcntl
    import struct
    import termios

    db = folder / "workbook.json"
    store = WorkbookStore.open(db)
    store.save_couple(COUPLE)
    store.close()
    ack_read, ack_write = os.pipe()
    os.set_inheritable(ack_write, True)
    command = [sys.executable, str(HERE / "torture_terminal.py"), str(db), str(ack_write)]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent), "WORKBOOK_DATA_DIR": str(folder / "d")}
    pid, master = pty.fork()
    if pid == 0:
        try:
            os.close(ack_read)
            os.execve(sys.executable, command, env)
        finally:
            os._exit(127)
    os.close(ack_write)
    fcntl.ioctl(master, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    lines: list[str] = []
    output = bytearray()
    pending = list(steps)
    status = None
    deadline = time.monotonic() + HANG_SECONDS
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([master, ack_read], [], [], 0.05)
            if ack_read in ready:
                chunk = os.read(ack_read, 65536)
                lines += chunk.decode().splitlines()
            if master in ready:
                try:
                    chunk = os.read(master, 65536)
                except OSError:
                    chunk = b""
                output += chunk
                if not chunk:
                    break
            while pending and pending[0][0] in lines:
                os.write(master, pending.pop(0)[1])
        done, status = os.waitpid(pid, 0 if time.monotonic() < deadline else os.WNOHANG)
        if not done:
            status = None
    finally:
        if status is None:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        os.close(master)
        os.close(ack_read)
    assert status is not None, f"the app did not finish: {lines} {bytes(output[-500:])!r}"
    return lines, bytes(output), os.waitstatus_to_exitcode(status)


def test_a_real_terminal_with_bad_bytes_and_an_escape_laden_paste(tmp_path: Path) -> None:
    pasted = "after \x1b]0;PWNED\x07 \x1b[5n \x1b[3;33;3;33m done"
    lines, output, code = run_in_a_terminal(
        tmp_path,
        [
            ("ready chunk-1", b"caf\xe9 \xff\xfe end"),  # not UTF-8: a Latin-1 terminal, say
            ("ready paraphrase-1.1", b"\x1b[200~" + pasted.encode() + b"\x1b[201~"),
        ],
    )
    assert code == 0, (lines, output[-1500:])
    assert b"Traceback" not in output and b"something went wrong" not in output, lines
    answers = stored(tmp_path / "workbook.json")
    boxes = {
        parts[1]: json.loads(parts[2])
        for parts in (line.split(" ", 2) for line in lines)
        if parts[0] == "box"
    }
    assert answers["chunk-1"]["value"] == boxes["chunk-1"] == "caf\ufffd \ufffd\ufffd end"
    # Textual's input parser ends a bracketed paste at its first ESC and types the rest
    # as keys (ESC as "^"); whatever the box ended up holding is what is saved.
    assert answers["paraphrase-1.1"]["value"] == boxes["paraphrase-1.1"]
    assert "after" in boxes["paraphrase-1.1"] and "PWNED" in boxes["paraphrase-1.1"]
    assert "drawn mark-1.1" in lines  # Alex was shown the paraphrase to judge
    for injected in (b"\x1b]0;PWNED", b"\x1b[5n", b"\x1b[3;33;3;33m"):
        assert injected not in output, f"{injected!r} reached the terminal"
    assert b"PWNED" in output  # the words themselves were drawn, harmlessly
    assert not [p for p in (tmp_path / "d").rglob("crash-report.txt")]
