"""Data is never markup: names, answers, content text and paths reach the screen as typed.

Every surface where data meets a widget is driven through the real screens:

(a) names typed at set-up, then the agreement, home, and a restart on the file;
(b) names and answers already in the file: home, each exercise kind, the
    reveals, the hand-off, help and the pause, Review (list, search, answer
    page, private answer), the statements library and trends;
(c) a content folder whose titles, prompts, choices and labels hold markup,
    opened from home, "All exercises" and the command palette;
(d) a ``--db`` path whose folders hold markup, on the problem screen, in the
    message printed on quitting, and in notifications;
(e) a locked workbook whose file name holds markup, on the unlock screen.

Every test runs on a plain workbook and on one locked with a passphrase
(tests/locking.py). In ``make test`` the locked runs are set-up and a restart
through the unlock screen, and (e); the rest run locked under ``make
torture`` (each drives many screens, and what they show does not depend on
the lock).

On each screen: nothing raises, every hostile string is on screen exactly as
written, no click action or link on screen came from data, and clicking the
hostile text itself never runs an action. Strings come from ``corpus``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.cells import cell_len
from textual.widgets import Input, OptionList, TextArea
from workbook.screens.agreement import AgreementScreen
from workbook.screens.check_in import CheckInScreen
from workbook.screens.dialogs.export_dialog import ExportDialog
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dialogs.help import HelpScreen
from workbook.screens.dialogs.resume import ResumeDialog
from workbook.screens.dream import DreamScreen
from workbook.screens.history import HistoryList
from workbook.screens.home import HomeScreen
from workbook.screens.i_statement import IStatementScreen
from workbook.screens.library import LibraryScreen
from workbook.screens.listening import ListeningScreen
from workbook.screens.pause import PauseScreen
from workbook.screens.problems import RecoveryScreen
from workbook.screens.reflection import ReflectionScreen
from workbook.screens.review import AnswerScreen, PrivateAnswerDialog, ReviewScreen
from workbook.screens.setup import NAME_MAX, SetupScreen
from workbook.screens.statements import StatementsScreen, StatementView
from workbook.screens.trends import TrendsScreen
from workbook.screens.unlock import UnlockScreen

from tests.conftest import COUPLE, make_app, screen_on_top, until_palette_offers, until_quiet
from tests.exercise_helpers import choose, settle
from tests.hostile.corpus import CONTROLS, LEGITIMATE, MARKUP
from tests.hostile.screen_text import (
    click_targets,
    locate,
    notifications,
    screen_text,
)
from tests.locking import PASSPHRASE, PLAIN, Lock, sampled, with_locks
from workbook.app import WorkbookApp
from workbook.checkins import RATINGS
from workbook.model import Answer, Couple, Partner, Visibility, new_id
from workbook.store import WorkbookStore

#: Wide enough that no hostile string is wrapped or cut where it is shown.
SIZE = (200, 60)

#: The click actions the screens themselves put on text (Review's filter chips).
OWN_ACTIONS = {"screen.filters"} | {
    f"screen.filters('{name}')" for name in ("partner", "kind", "session")
}

#: Pairs of names as they could be in a workbook file (imported, or hand-edited).
NAME_PAIRS = {
    "closing tag, click action": (MARKUP["closing tag"], MARKUP["click action"]),
    "emoji, link": (LEGITIMATE["zero-width joiner emoji"], MARKUP["link"]),
}

#: Texts that must be on screen exactly as written (answers, notes, content text).
TEXTS = [*MARKUP.values(), *LEGITIMATE.values()]


# -- helpers ---------------------------------------------------------------------------------


@pytest.fixture
def actions_run(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The app actions hostile markup aims at; a call is recorded instead of run.

    If one is ever called, something on screen ran an action that came from
    data: the tests check the list stays empty.
    """
    called: list[str] = []

    def recorder(name: str) -> Callable[..., Awaitable[None]]:
        async def action(self: WorkbookApp, *args: Any, **kwargs: Any) -> None:
            called.append(name)

        return action

    for name in ("screenshot", "quit"):
        monkeypatch.setattr(WorkbookApp, f"action_{name}", recorder(name))
    return called


def check_screen(app: WorkbookApp, *literals: str) -> str:
    """Assert each literal is on screen as written and nothing clickable came from data."""
    text = screen_text(app)
    missing = [literal for literal in literals if literal not in text]
    shown = "\n".join(line for line in text.splitlines() if line.strip())
    assert not missing, f"not shown as written: {missing!r} on {app.screen!r}:\n{shown}"
    actions, links = click_targets(app)
    assert not links, f"links on {app.screen!r}: {links!r}"
    assert actions <= OWN_ACTIONS, f"click actions from data on {app.screen!r}: {actions!r}"
    return text


async def click_text(pilot, text: str) -> None:
    """Click the middle of ``text`` where the screen shows it, as a person would."""
    where = locate(pilot.app, text)
    assert where is not None, f"{text!r} is not on screen:\n{screen_text(pilot.app)}"
    await pilot.click(offset=(where.x + (cell_len(text) - 1) // 2, where.y))
    await pilot.pause()


async def until(pilot, condition: Callable[[], bool], what: str, limit: int = 1500) -> None:
    """Wait, in short steps, until ``condition()`` holds (a thread's work shows, say)."""
    for _ in range(limit):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never came: {what}")


def seed_couple(db: Path, names: tuple[str, str], lock: Lock = PLAIN) -> WorkbookStore:
    """A workbook whose couple, named ``names``, has agreed; the store stays open to add more."""
    store = lock.open_store(db)
    store.save_couple(
        Couple(
            Partner("a", names[0], COUPLE.a.colour),
            Partner("b", names[1], COUPLE.b.colour),
            agreed_at=COUPLE.agreed_at,
        )
    )
    return store


def stamp(minute: int, day: str = "2026-10-01") -> str:
    """A fixed time, ``minute`` minutes into an evening (so the order is known)."""
    return f"{day}T19:{minute:02d}:00+00:00"


def answer(exercise: str, step: str, partner: str, value: Any, minute: int, *,
           day: str = "2026-10-01", **extra: Any) -> Answer:
    """A confirmed answer written at a known time."""
    return Answer(
        uuid=new_id(), exercise=exercise, step=step, partner=partner,  # type: ignore[arg-type]
        value=value, created=stamp(minute, day), updated=stamp(minute, day), **extra,
    )


def ratings(note: str, base: int = 5) -> dict[str, Any]:
    """A complete check-in with ``note``."""
    return {**{key: base for key in RATINGS}, "note": note}


# -- (a) names typed at set-up ------------------------------------------------------------------

#: Names typed at set-up (the field takes at most ``NAME_MAX`` characters).
TYPED_PAIRS = [
    (MARKUP["closing tag"], MARKUP["click quit"]),
    (MARKUP["variable"], MARKUP["escaped bracket"]),
]
assert all(len(name) <= NAME_MAX for pair in TYPED_PAIRS for name in pair)


async def unlock(pilot) -> None:
    """Type the passphrase on the unlock screen, as a person would, and wait for what follows."""
    app = pilot.app
    assert isinstance(app.screen, UnlockScreen), screen_text(app)
    box = app.screen.query_one("#passphrase", Input)
    box.value = PASSPHRASE
    box.focus()  # a click elsewhere on the screen may have taken the focus
    await pilot.pause()
    await pilot.press("enter")
    await app.workers.wait_for_complete()
    await until_quiet(pilot)


@pytest.mark.parametrize(
    ("names", "lock"), with_locks(TYPED_PAIRS, ids=["closing-quit", "variable-escaped"]),
    indirect=["lock"],
)
async def test_names_typed_at_setup_stay_text_through_agreement_home_and_a_restart(
    db_path: Path, actions_run: list[str], names: tuple[str, str], lock: Lock
) -> None:
    """Typed names on the agreement's buttons, in the header, and again after a restart.

    A locked workbook is made empty first (as ``workbook passphrase set``
    would), and the restart goes through the unlock screen.
    """
    name_a, name_b = names
    if lock.locked:
        lock.open_store(db_path).close()
    app = lock.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, SetupScreen)
        await pilot.press(*name_a, "enter", *name_b, "enter")
        await until_quiet(pilot)
        assert isinstance(app.screen, AgreementScreen), screen_text(app)
        check_screen(app, f"{name_a}: I agree", f"{name_b}: I agree", f"{name_a} & {name_b}")
        await click_text(pilot, f"{name_a}: I agree")  # on the button: it agrees, nothing else
        await until_quiet(pilot)
        check_screen(app, f"✓ {name_a} agreed")
        await click_text(pilot, f"{name_b}: I agree")
        await until_quiet(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        check_screen(app, f"{name_a} & {name_b}")
        assert app.is_running
    assert actions_run == []

    again = make_app(db_path)  # no passphrase given: a locked workbook asks for it
    async with again.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        if lock.locked:
            check_screen(again, db_path.name)
            await unlock(pilot)
        assert isinstance(again.screen, HomeScreen), screen_text(again)
        check_screen(again, f"{name_a} & {name_b}")
    assert actions_run == []


# -- (b) names and answers in the file: Review, statements, trends -------------------------------

REVIEWED = "quick-appreciation"
PRIVATE_TEXT = MARKUP["click quit"]


#: The day of the answers Review lists in full; everything else is from the month before.
REVIEW_DAY = "2026-10-01"
PAIRED = MARKUP["click action"]
"""The text whose attempt the second partner answered too (shown side by side)."""


def seed_review(db: Path, names: tuple[str, str], lock: Lock = PLAIN) -> None:
    """One attempt per text on ``REVIEW_DAY``; earlier: a private answer, statements, check-ins."""
    store = seed_couple(db, names, lock)
    answers = []
    for number, text in enumerate(TEXTS):
        run = new_id()
        answers.append(answer(REVIEWED, "prompt-1", "a", text, number, run=run))
        if text == PAIRED:
            answers.append(answer(REVIEWED, "prompt-1", "b", LEGITIMATE["skin tone"], number,
                                  run=run))
    day = "2026-09-01"
    answers.append(answer("appreciation-exchange", "prompt-1", "a", PRIVATE_TEXT, 50, day=day,
                          run=new_id(), visibility=Visibility.PRIVATE))
    for number, (partner, text) in enumerate((("a", MARKUP["open style"]),
                                              ("b", MARKUP["escaped bracket"]))):
        answers.append(answer("i-statement-anytime", "statement", partner, {
            "variant": "three_part", "feeling": MARKUP["lone brackets"],
            "situation": MARKUP["stray closing tag"], "need": MARKUP["emoji code"],
            "request": MARKUP["variable"], "text": text,
        }, 52 + number, day=day, run=new_id()))
    answers.append(answer("i-statement-anytime", "statement", "b", {"text": "hidden"}, 54,
                          day=day, run=new_id(), visibility=Visibility.PRIVATE))
    for number in range(2):
        answers.append(answer("quick-check-in", "ratings", "a",
                              ratings(MARKUP["closing tag"] if number else MARKUP["link"],
                                      4 + number),
                              55 + number, day=day))
        answers.append(answer("quick-check-in", "ratings", "b",
                              ratings(LEGITIMATE["combining marks"], 6 - number), 57 + number,
                              day=day))
    answers.append(answer("quick-check-in", "ratings", "a", ratings("secret"), 59, day=day,
                          visibility=Visibility.PRIVATE))
    store.add_history([], answers)
    store.close()


async def open_row(pilot, **fields: Any) -> None:
    """In Review's list, open the answer whose document has ``fields``, with Enter."""
    history = pilot.app.screen.query_one(HistoryList)
    history.cursor = next(
        index for index, row in enumerate(history.rows)
        if isinstance(row, dict) and all(row.get(k) == v for k, v in fields.items())
    )
    history.focus()
    await pilot.press("enter")
    await until_quiet(pilot)


async def pick_filter(pilot, option: str) -> None:
    """In Review's filter menu, choose ``option`` (its id, "partner:1") with Enter."""
    menu = pilot.app.screen.query_one(OptionList)
    menu.highlighted = menu.get_option_index(option)
    await pilot.press("enter")
    await until_quiet(pilot)


def _flat(text: str) -> str:
    """As the Review list shows a text: on one line, runs of spaces as one."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    ("names", "lock"), with_locks(list(NAME_PAIRS.values()), ids=list(NAME_PAIRS), sample=0),
    indirect=["lock"],
)
async def test_review_statements_and_trends_show_names_and_answers_as_written(
    db_path: Path, actions_run: list[str], names: tuple[str, str], lock: Lock
) -> None:
    """Review's list, chips, search, answer page and private answer; statements; trends."""
    name_a, name_b = names
    seed_review(db_path, names, lock)
    app = lock.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        check_screen(app, f"{name_a} & {name_b}")
        await pilot.press("r")
        await until_quiet(pilot)
        assert isinstance(app.screen, ReviewScreen)
        app.screen.query_one("#review-dates", Input).value = REVIEW_DAY
        await until_quiet(pilot)
        check_screen(app, name_a, name_b, *(_flat(text) for text in TEXTS))
        await pilot.press("p")  # the filter menu lists both partners as written
        await until_quiet(pilot)
        check_screen(app, f"○ {name_a}", f"○ {name_b}")
        await pick_filter(pilot, "partner:1")
        check_screen(app, f"f {name_a}  ·")
        await click_text(pilot, name_a)  # the filter's own action opens the menu again
        await until_quiet(pilot)
        await pick_filter(pilot, "partner:2")
        check_screen(app, f"f {name_b}  ·")
        await pilot.press("p")
        await until_quiet(pilot)
        await pick_filter(pilot, "partner:0")
        await pilot.press("slash", *MARKUP["lone brackets"], "enter")
        await until_quiet(pilot)
        check_screen(app, MARKUP["lone brackets"], "answers")

        # One answer: both partners' answers side by side, then the earlier ones.
        app.screen.query_one("#review-search", Input).value = PAIRED
        await until_quiet(pilot)
        await open_row(pilot, partner="a", value=PAIRED)
        assert isinstance(app.screen, AnswerScreen), screen_text(app)
        earlier = TEXTS[: TEXTS.index(PAIRED)]
        check_screen(app, name_a, name_b, PAIRED, LEGITIMATE["skin tone"],
                     f"Then and now: {name_a}'s earlier answers", *earlier)
        await click_text(pilot, name_b)  # on the border of the partner's answer
        await click_text(pilot, PAIRED)
        await pilot.press("escape")
        await until_quiet(pilot)

        # A private answer, opened by its writer after the hand-off.
        app.screen.query_one("#review-search", Input).value = ""
        app.screen.query_one("#review-dates", Input).value = ""
        await until_quiet(pilot)
        await open_row(pilot, exercise="appreciation-exchange", visibility="private")
        check_screen(app, f"🔒 private answer by {name_a}")
        await pilot.press("o")
        await until_quiet(pilot)
        assert isinstance(app.screen, HandOffScreen), screen_text(app)
        check_screen(app, f"{name_b}, please look away", f"I'm {name_a}, I'm ready")
        await click_text(pilot, f"I'm {name_a}, I'm ready")  # the button: ready, nothing else
        await until_quiet(pilot)
        assert isinstance(app.screen, PrivateAnswerDialog), screen_text(app)
        check_screen(app, f"{name_a}'s private answer", PRIVATE_TEXT)
        await click_text(pilot, PRIVATE_TEXT)
        await pilot.press("escape", "escape")
        await until_quiet(pilot)

        # Each partner's "I" statements, one of them opened whole.
        assert isinstance(app.screen, ReviewScreen), screen_text(app)
        await pilot.press("l")
        await until_quiet(pilot)
        assert isinstance(app.screen, StatementsScreen), screen_text(app)
        check_screen(app, f"{name_a}'s statements", f" {name_a} · 1 ", f" {name_b} · 2 ",
                     f"“{MARKUP['open style']}”", f"I feel {MARKUP['lone brackets']}",
                     f"need {MARKUP['emoji code']}")
        await click_text(pilot, f"{name_a}'s statements")
        await pilot.press("enter")
        await until_quiet(pilot)
        assert isinstance(app.screen, StatementView), screen_text(app)
        check_screen(app, f"{name_a} · ", f"“{MARKUP['open style']}”",
                     MARKUP["lone brackets"], MARKUP["stray closing tag"],
                     MARKUP["emoji code"], MARKUP["variable"])
        await pilot.press("escape", "tab")
        await until_quiet(pilot)
        check_screen(app, f"{name_b}'s statements", f"🔒 private statement by {name_b}",
                     f"“{MARKUP['escaped bracket']}”")

        # Check-ins over time, with the notes and the count of private ones.
        await pilot.press("escape", "t")
        await until_quiet(pilot)
        assert isinstance(app.screen, TrendsScreen), screen_text(app)
        check_screen(app, name_a, name_b, f"“{MARKUP['closing tag']}”", f"“{MARKUP['link']}”",
                     f"“{LEGITIMATE['combining marks']}”",
                     f"🔒 {name_a} kept 1 check-in private")
        await click_text(pilot, f"“{MARKUP['closing tag']}”")
        assert app.is_running
    assert actions_run == []


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_control_characters_beside_markup_never_break_a_screen(
    db_path: Path, actions_run: list[str], lock: Lock
) -> None:
    """Names and answers mixing control characters with markup, through Review and trends."""
    # How a control character itself is drawn is the terminal filter's business,
    # so only the text around it is looked for. What matters here: the markup
    # next to it stays text, and a control sequence's own "[" ("\x1b[2J") is
    # never taken for the start of a tag.
    every = list(CONTROLS.values())  # shared between the names: a name holds 100 at most
    half = len(every) // 2
    seed_review(db_path, (f"Ann{''.join(every[:half])}[/]",
                          f"{MARKUP['click quit']}{''.join(every[half:])}Bo[/]"), lock)
    store = lock.open_store(db_path)
    store.add_history([], [
        answer(REVIEWED, "prompt-1", "a", f"[b]says[/b] {control} here[/]", 59 - number,
               run=new_id())
        for number, control in enumerate(CONTROLS.values())
    ])
    store.close()
    app = lock.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        for keys in ("r", "enter", "escape", "l", "enter", "escape", "escape", "t"):
            await pilot.press(keys)
            await until_quiet(pilot)
            check_screen(app, "Ann")
        assert isinstance(app.screen, TrendsScreen)
        check_screen(app, MARKUP["click quit"].removesuffix("Sam[/]"), "Bo[/]")
        await pilot.press("escape")
        await until_quiet(pilot)
        check_screen(app, "[b]says[/b]", "here[/]")
        assert app.is_running
    assert actions_run == []


# -- (b) names and answers in the file: every exercise kind ---------------------------------------
#
# Each kind has a ``seed`` (run before the app opens the file: the app holds its
# lock) and a ``drive`` that walks the screens where names and answers show.


async def open_exercise(pilot, exercise: str) -> None:
    """Open ``exercise`` as home does; continue an attempt left half-way if there is one."""
    app = pilot.app
    app.open_exercise(exercise)
    await settle(pilot)
    if isinstance(app.screen, ResumeDialog):
        check_screen(app, WHERE)
        await pilot.press("enter")
        await settle(pilot)


WHERE = MARKUP["stray closing tag"]
"""Where an attempt left half-way stopped, as the resume dialog quotes it."""


def unfinished(store: WorkbookStore, exercise: str, state: dict[str, Any],
               answers: list[tuple[str, str, Any, dict[str, Any]]]) -> None:
    """An attempt left half-way at ``state``, with (step, partner, value, extra) answers."""
    run = store.start_run(exercise, None, {**state, "_where": WHERE})
    store.add_history([], [
        answer(exercise, step, partner, value, minute, run=run.id, **extra)
        for minute, (step, partner, value, extra) in enumerate(answers)
    ])


def seed_listening(store: WorkbookStore) -> None:
    """A statement the first partner may bring as a topic."""
    store.add_history([], [answer("i-statement-anytime", "statement", "a",
                                  {"text": MARKUP["click action"]}, 1, run=new_id())])


async def drive_listening(pilot, name_a: str, name_b: str) -> None:
    """Who speaks first, the topic list with the speaker's statements, the first turn."""
    app = pilot.app
    await open_exercise(pilot, "listening-light-topic")
    assert isinstance(app.screen, ListeningScreen)
    check_screen(app, f"{name_a} speaks first (suggested)", f"{name_b} speaks first")
    await click_text(pilot, f"{name_a} speaks first")  # the name is on a choice button
    await settle(pilot)
    statement = f"From my “I” statements: {MARKUP['click action']}"
    check_screen(app, f"{name_a}, what would you like to talk about?", statement)
    await choose(pilot, statement)
    # No "keep private" box here: the listener must hear the piece to say it back.
    check_screen(app, f"Topic: {MARKUP['click action']}", name_a, f"{name_b} listens")


def seed_i_statement(store: WorkbookStore) -> None:
    """A statement written, waiting to be said back."""
    unfinished(store, "i-statement-anytime",
               {"phase": "reflect", "first": "a", "writer": "a", "side": 1, "attempt": 1},
               [("statement", "a", {"text": MARKUP["click quit"]}, {"role": "writer"})])


async def drive_i_statement(pilot, name_a: str, name_b: str) -> None:
    """The statement said back: the writer's sentence in the other partner's prompt."""
    await open_exercise(pilot, "i-statement-anytime")
    assert isinstance(pilot.app.screen, IStatementScreen)
    check_screen(pilot.app, f"{name_a} says", MARKUP["click quit"],
                 f"{name_b}, say back what you heard {name_a} say")
    await click_text(pilot, MARKUP["click quit"])


def seed_dream(store: WorkbookStore) -> None:
    """The dream catcher has chosen how to honour the first partner's dream, and one thing."""
    unfinished(store, "dream-home", {"phase": "offered", "first": "a", "sharer": "a", "side": 1},
               [("honour", "b", "join_in", {"role": "catcher"}),
                ("support", "b", f"{MARKUP['open style']} {LEGITIMATE['skin tone']}",
                 {"role": "catcher"})])


async def drive_dream(pilot, name_a: str, name_b: str) -> None:
    """What the dream catcher offers, shown to the sharer in the catcher's own words."""
    await open_exercise(pilot, "dream-home")
    assert isinstance(pilot.app.screen, DreamScreen)
    check_screen(pilot.app, f"{name_a}, this is what {name_b} can offer your dream",
                 f"One thing {name_b} will do", MARKUP["open style"], LEGITIMATE["skin tone"])
    await click_text(pilot, MARKUP["open style"])


def seed_check_in(store: WorkbookStore) -> None:
    """A check-in both partners have rated, with notes, waiting to be revealed."""
    # "b" went first last time, so "a" is the one suggested for a new check-in.
    unfinished(store, "first-check-in", {"phase": "reveal", "first": "b"},
               [("ratings", "a", ratings(MARKUP["variable"], 2), {}),
                ("ratings", "b", ratings(LEGITIMATE["non-breaking space"], 9), {})])


async def drive_check_in(pilot, name_a: str, name_b: str) -> None:
    """Who rates first, the hand-off, the form, help and the pause; then the reveal with notes."""
    app = pilot.app
    await open_exercise(pilot, "quick-check-in")
    assert isinstance(app.screen, CheckInScreen)
    check_screen(app, f"{name_a} rates first (suggested)")
    await choose(pilot, f"{name_a} rates first")
    assert isinstance(app.screen, HandOffScreen), screen_text(app)
    check_screen(app, f"{name_b}, please look away", f"{name_a}, press Enter",
                 f"I'm {name_a}, I'm ready")
    await pilot.press("enter")
    await settle(pilot)
    check_screen(app, f"{name_a}, how does each feel right now?",
                 f"never shown to {name_b} (ctrl+o)")
    await click_text(pilot, f"never shown to {name_b}")  # the "keep private" box just ticks
    await pilot.press("f1")
    await until_quiet(pilot)
    assert isinstance(app.screen, HelpScreen)
    check_screen(app, "Keys that work everywhere")
    await pilot.press("escape", "ctrl+t")
    await until_quiet(pilot)
    assert isinstance(app.screen, PauseScreen)
    check_screen(app, "Taking a pause")
    await pilot.press("escape")
    await settle(pilot)
    # Back from the pause onto private ratings: the other partner looks away first.
    assert isinstance(app.screen, HandOffScreen), screen_text(app)
    check_screen(app, f"{name_b}, please look away", f"{name_a}, press Enter")
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(app.screen, CheckInScreen)
    await back_home(pilot)
    await open_exercise(pilot, "first-check-in")
    check_screen(app, name_a, name_b, MARKUP["variable"], LEGITIMATE["non-breaking space"])


def seed_reflection(store: WorkbookStore) -> None:
    """A private answer beside a shared one; two guesses beside two answers."""
    unfinished(store, "appreciation-exchange", {"phase": "reveal", "index": 0},
               [("prompt-1", "a", "secret words", {"visibility": Visibility.PRIVATE}),
                ("prompt-1", "b", MARKUP["escaped bracket"], {})])
    unfinished(store, "love-languages", {"phase": "reveal", "index": 0},
               [("prompt-3", "a", {"self": MARKUP["emoji code"], "guess": MARKUP["link"]}, {}),
                ("prompt-3", "b", {"self": MARKUP["link"], "guess": LEGITIMATE["right-to-left"]},
                 {})])


async def drive_reflection(pilot, name_a: str, name_b: str) -> None:
    """A private answer and a shared one revealed; guesses revealed beside own answers."""
    app = pilot.app
    await open_exercise(pilot, "appreciation-exchange")
    assert isinstance(app.screen, ReflectionScreen)
    check_screen(app, f"🔒 private answer by {name_a}", MARKUP["escaped bracket"], name_b)
    await back_home(pilot)
    await open_exercise(pilot, "love-languages")
    check_screen(app, f"{name_a}'s answer", f"{name_b} guessed", f"{name_b}'s answer",
                 f"{name_a} guessed", f"✓ {name_a} knew this one", MARKUP["emoji code"],
                 MARKUP["link"], LEGITIMATE["right-to-left"])
    await click_text(pilot, f"{name_b} guessed")


KINDS = {
    "listening": (seed_listening, drive_listening),
    "i_statement": (seed_i_statement, drive_i_statement),
    "dream": (seed_dream, drive_dream),
    "check_in": (seed_check_in, drive_check_in),
    "reflection": (seed_reflection, drive_reflection),
}


async def back_home(pilot) -> None:
    """Escape until home is in front (from an exercise, a dialog or the library)."""
    app = pilot.app
    for _ in range(6):
        if isinstance(app.screen, HomeScreen):
            return
        await pilot.press("escape")
        await until_quiet(pilot)
    raise AssertionError(f"could not get back home from {app.screen!r}")


@pytest.mark.parametrize(
    ("names", "lock"), with_locks(list(NAME_PAIRS.values()), ids=list(NAME_PAIRS), sample=0),
    indirect=["lock"],
)
async def test_every_exercise_kind_shows_names_and_answers_as_written(
    db_path: Path, actions_run: list[str], names: tuple[str, str], lock: Lock
) -> None:
    """Choices, prompts, banners, hand-offs and reveals of every kind, with help and the pause."""
    store = seed_couple(db_path, names, lock)
    for seed, _drive in KINDS.values():
        seed(store)
    store.close()
    app = lock.app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        for _seed, drive in KINDS.values():  # one kind after the other, from home
            await drive(pilot, *names)
            await back_home(pilot)
        assert app.is_running
    assert actions_run == []


# -- (c) a content folder with markup in its text ----------------------------------------------

M = MARKUP
HOSTILE_EXERCISES: list[dict[str, Any]] = [
    {
        "id": "hostile-shared", "kind": "reflection", "mode": "shared",
        "title": M["closing tag"], "why": M["click action"], "minutes": 5, "intro": M["link"],
        "prompts": [
            {"text": M["open style"], "type": "choice",
             "choices": [M["click quit"], M["variable"], M["lone brackets"]]},
            {"text": M["link"], "type": "choice",
             "choices": [M["closing tag"], M["stray closing tag"], M["escaped bracket"],
                         M["emoji code"]]},
            {"text": M["escaped bracket"], "type": "scale", "low": M["stray closing tag"],
             "high": M["variable"]},
        ],
    },
    {
        "id": "hostile-private", "kind": "reflection", "mode": "private_reveal",
        "title": M["stray closing tag"], "why": M["variable"], "minutes": 5,
        "prompts": [
            {"text": M["link"], "type": "ranking", "choices": [M["click action"], M["link"]]},
        ],
    },
    {
        "id": "hostile-listening", "kind": "listening", "title": M["open style"],
        "why": M["lone brackets"], "minutes": 5, "topics": [M["click action"], M["closing tag"]],
    },
    {
        "id": "hostile-dream", "kind": "dream", "title": M["variable"], "why": M["link"],
        "minutes": 5, "prompt": M["click quit"],
        "questions": [M["closing tag"], M["emoji code"], M["escaped bracket"]],
    },
    {
        "id": "hostile-statement", "kind": "i_statement", "title": M["lone brackets"],
        "why": M["closing tag"], "minutes": 5, "prompt": M["click action"],
    },
    {
        "id": "hostile-check-in", "kind": "check_in", "title": M["emoji code"],
        "why": M["open style"], "minutes": 5, "note_prompt": M["closing tag"],
    },
    {   # Replaces ours: it is an anytime tool, so it is also on home and in the palette.
        "id": "quick-appreciation", "kind": "reflection", "mode": "private_reveal",
        "title": M["click quit"], "why": M["closing tag"], "minutes": 5,
        "prompts": [M["open style"]],
    },
    {   # Replaces ours: ctrl+t shows it from anywhere.
        "id": "pause", "kind": "pause", "title": M["escaped bracket"], "why": M["link"],
        "minutes": 5, "intro": M["closing tag"], "breathing": [M["click action"]],
    },
]


def content_folder(tmp_path: Path) -> Path:
    """A user content folder holding the exercises above."""
    folder = tmp_path / "my-content"
    folder.mkdir()
    (folder / "hostile.yaml").write_text(
        yaml.safe_dump({"exercises": HOSTILE_EXERCISES}, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return folder


async def from_the_library(pilot, exercise_id: str) -> None:
    """Home → "All exercises…" → the exercise, with the keyboard as a person would."""
    app = pilot.app
    home = app.screen
    assert isinstance(home, HomeScreen)
    home.highlight("library")
    await pilot.press("enter")
    await until_quiet(pilot)
    assert isinstance(app.screen, LibraryScreen)
    menu = app.screen.query_one(OptionList)
    menu.highlighted = menu.get_option_index(exercise_id)
    await until_quiet(pilot)
    exercise = next(e for e in HOSTILE_EXERCISES if e["id"] == exercise_id)
    check_screen(app, exercise["title"], exercise["why"])  # in the list, and in the details
    await pilot.press("enter")
    await settle(pilot)


async def shared_questions(pilot) -> None:
    """Opening words, a choice of three (buttons), of four (a list), and a scale's labels."""
    app = pilot.app
    check_screen(app, M["closing tag"], M["link"])  # the title and the intro
    await pilot.press("ctrl+s")
    await settle(pilot)
    check_screen(app, M["open style"], M["click quit"], M["variable"], M["lone brackets"])
    await click_text(pilot, M["click quit"])  # a choice button: the click picks it
    await settle(pilot)
    await choose(pilot, M["click quit"])
    check_screen(app, f"1 of 3 · {M['open style']}", "You both chose the same.")
    await pilot.press("ctrl+s")
    await settle(pilot)
    check_screen(app, M["link"], *HOSTILE_EXERCISES[0]["prompts"][1]["choices"])
    await choose(pilot, M["emoji code"])
    await choose(pilot, M["escaped bracket"])
    check_screen(app, M["emoji code"], M["escaped bracket"])
    await pilot.press("ctrl+s")
    await settle(pilot)
    check_screen(app, M["escaped bracket"], f"0 = {M['stray closing tag']}",
                 f"10 = {M['variable']}")


async def private_ranking(pilot) -> None:
    """After the hand-off: the question and the items to put in order."""
    app = pilot.app
    await pilot.press("ctrl+s")  # past the opening words, to the hand-off
    await settle(pilot)
    await pilot.press("enter")
    await settle(pilot)
    check_screen(app, M["link"], f"1. {M['click action']}", f"2. {M['link']}")


async def listening_topics(pilot) -> None:
    """The suggested topics as choices, then the chosen one in the speaker's prompt."""
    await choose(pilot, "Alex speaks first")
    check_screen(pilot.app, M["click action"], M["closing tag"], "Our own topic…")
    await choose(pilot, M["closing tag"])
    check_screen(pilot.app, f"Topic: {M['closing tag']}")


async def dream_questions(pilot) -> None:
    """The sharer's prompt, then the catcher's questions to tick."""
    await choose(pilot, "Alex shares first")
    check_screen(pilot.app, M["click quit"])
    area = pilot.app.screen.query_one("#answer-text", TextArea)
    area.insert("a garden")
    await pilot.press("ctrl+s")
    await settle(pilot)
    check_screen(pilot.app, M["closing tag"], M["emoji code"], M["escaped bracket"])


async def statement_prompt(pilot) -> None:
    """The builder's prompt, and a typed feeling in the live preview."""
    await choose(pilot, "Alex writes first")
    check_screen(pilot.app, f"Alex: {M['click action']}")
    pilot.app.screen.query_one("#field-feeling", Input).value = M["variable"]
    await settle(pilot)
    check_screen(pilot.app, M["variable"])  # in the preview of the sentence


async def note_prompt(pilot) -> None:
    """After the hand-off: the invitation to a note under the ratings."""
    await choose(pilot, "Alex rates first")
    await pilot.press("enter")  # the hand-off
    await settle(pilot)
    check_screen(pilot.app, M["closing tag"])


async def anytime_tool(pilot) -> None:
    """A replaced anytime tool: its title over the opening words, then its question."""
    check_screen(pilot.app, M["click quit"])  # the title, over the opening words
    await pilot.press("ctrl+s")
    await settle(pilot)
    await pilot.press("enter")  # the hand-off
    await settle(pilot)
    check_screen(pilot.app, M["open style"])


async def pause_cues(pilot) -> None:
    """The pause (opened again with ctrl+t): its words and its breathing cue."""
    app = pilot.app
    await pilot.press("escape", "ctrl+t")
    await until_quiet(pilot)
    assert isinstance(app.screen, PauseScreen), screen_text(app)
    check_screen(app, M["closing tag"], M["click action"])
    await click_text(pilot, M["click action"])


#: Each exercise of the folder, by id, with the steps that show its text; in two groups,
#: each walked in one run of the app.
CONTENT_CASES = {
    "reflections": {
        "hostile-shared": shared_questions,
        "hostile-private": private_ranking,
        "quick-appreciation": anytime_tool,
    },
    "other kinds": {
        "hostile-listening": listening_topics,
        "hostile-dream": dream_questions,
        "hostile-statement": statement_prompt,
        "hostile-check-in": note_prompt,
        "pause": pause_cues,
    },
}


@pytest.mark.parametrize(
    ("group", "lock"), with_locks(list(CONTENT_CASES), sample=0), indirect=["lock"]
)
async def test_content_folder_text_stays_text_in_the_library_and_the_exercise(
    ready_db: Path, tmp_path: Path, actions_run: list[str], group: str, lock: Lock
) -> None:
    """Titles and texts from a content folder, on home, in the library and in each exercise."""
    app = lock.app(ready_db, content_dir=content_folder(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        check_screen(app, M["click quit"])  # the replaced anytime tool, on home
        for exercise_id, drive in CONTENT_CASES[group].items():
            await from_the_library(pilot, exercise_id)
            await drive(pilot)
            await back_home(pilot)
        assert app.is_running
    assert actions_run == []


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_content_titles_stay_text_in_the_command_palette(
    ready_db: Path, tmp_path: Path, actions_run: list[str], lock: Lock
) -> None:
    """A content title and its "why" in the palette, listed and found by typing."""
    app = lock.app(ready_db, content_dir=content_folder(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("ctrl+p")
        # Listed as written; where in the list depends on which search answers first.
        await until_palette_offers(pilot, M["click quit"])
        check_screen(app)
        await pilot.press(*"clickapp")
        await until_palette_offers(pilot, M["click quit"])
        check_screen(app, M["click quit"], M["closing tag"])
        await click_text(pilot, M["click quit"])  # the exercise opens, the markup does nothing
        await until_quiet(pilot)
        assert isinstance(app.screen, ReflectionScreen)
        assert app.is_running
    assert actions_run == []


# -- (d) a workbook path with markup in its folders ------------------------------------------------

HOSTILE_FOLDERS = ("[/]", "[@click=app.quit]")


def hostile_path(tmp_path: Path) -> Path:
    """``workbook.json`` two folders down, the folders named with markup."""
    folder = tmp_path.joinpath(*HOSTILE_FOLDERS)
    folder.mkdir(parents=True)
    return folder / "workbook.json"


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_a_damaged_file_in_a_markup_folder_is_described_as_it_is_named(
    tmp_path: Path, actions_run: list[str], capsys: pytest.CaptureFixture[str], lock: Lock
) -> None:
    """The recovery screen quotes the path as it is, and so does the message printed on quitting."""
    db = hostile_path(tmp_path)
    if lock.locked:  # a locked workbook cut off inside its encrypted part, with no backup
        seed_couple(db, (COUPLE.a.name, COUPLE.b.name), lock).close()
        db.write_bytes(db.read_bytes()[:-40])
        Path(f"{db}.bak").unlink()  # as the plain case: the screen then names the file
    else:
        db.write_bytes(b"\x00" * 64)
    app = lock.app(db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, RecoveryScreen), screen_text(app)
        check_screen(app, str(db))
        await click_text(pilot, HOSTILE_FOLDERS[1])
        assert app.is_running
        await pilot.press("q")  # quits, and prints the same message in the terminal
        await pilot.pause()
    assert app.return_code == 1
    assert actions_run == []
    printed = "".join(capsys.readouterr().err.splitlines())  # the terminal folds long lines
    assert str(db) in printed


@pytest.mark.parametrize("lock", sampled(in_sample=False), indirect=True)
async def test_notifications_quote_a_markup_path_as_it_is_named(
    tmp_path: Path, actions_run: list[str], lock: Lock
) -> None:
    """"Where is our workbook file?" and an export's notice quote their paths as they are."""
    db = hostile_path(tmp_path)
    seed_couple(db, (COUPLE.a.name, COUPLE.b.name), lock).close()
    app = lock.app(db)
    async with app.run_test(size=SIZE, notifications=True) as pilot:  # shown, this time
        await until_quiet(pilot)
        await pilot.press("ctrl+p", *"Where is our")
        await until_palette_offers(pilot, "Where is our")
        await pilot.press("down", "enter")  # the first match, as a person picks it
        await until_quiet(pilot)
        assert any(str(db) in shown for shown in notifications(app)), notifications(app)
        check_screen(app)

        target = db.with_name("[bold red]answers.md")
        await pilot.press("r")  # Review first, then its export: one key at a time
        await screen_on_top(pilot, ReviewScreen)
        await pilot.press("x")
        await screen_on_top(pilot, ExportDialog)
        await until_quiet(pilot)
        box = app.screen.query_one("#export-path", Input)
        box.value = str(target)
        box.focus()
        await pilot.press("enter")
        await until(pilot, lambda: any(f"Saved to {target}" in shown
                                       for shown in notifications(app)), "the export notice")
        assert target.exists()
        check_screen(app)
        assert app.is_running
    assert actions_run == []


# -- (e) a locked workbook whose name holds markup -------------------------------------------------


async def test_the_unlock_screen_shows_a_markup_file_name_as_it_is_named(
    tmp_path: Path, actions_run: list[str]
) -> None:
    """The unlock screen names the file as it is; clicking the name runs nothing; it opens."""
    lock = Lock("locked")
    # A file name can't hold "/", so no closing tag here: an action, a style and a variable.
    db = hostile_path(tmp_path).with_name("[@click=app.quit]ours [bold red]loud [$accent].json")
    seed_couple(db, (MARKUP["closing tag"], MARKUP["variable"]), lock).close()
    app = make_app(db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, UnlockScreen), screen_text(app)
        check_screen(app, db.name)
        await click_text(pilot, "[@click=app.quit]ours")
        assert app.is_running and isinstance(app.screen, UnlockScreen)
        await unlock(pilot)
        assert isinstance(app.screen, HomeScreen), screen_text(app)
        check_screen(app, f"{MARKUP['closing tag']} & {MARKUP['variable']}")
    assert actions_run == []
