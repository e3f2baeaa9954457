"""Couples see what they are asked to judge: the words a step is about are on it.

A speaker judging a paraphrase sees their own piece beside it; a guess to
judge is quoted; the dream catcher sees the dream note, and the sharer sees it
beside what was learned; the writer of an "I" statement sees it beside what
was said back. While the listener says back,
the speaker's piece stays off the screen. Also: no private toggle on words
the partner must hear, sentence starters kept with the answer, and a status
line that only speaks of the step on screen.
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Input, Static
from workbook.screens.exercise import ExerciseScreen
from workbook.screens.session import ClosingScreen, closing_exercise
from workbook.screens.widgets.reveal import QuoteView
from workbook.screens.widgets.save_status import SaveStatus

from tests.conftest import make_app, screen_on_top, until_quiet
from tests.exercise_helpers import choose, screen_text, settle, write

SIZE = (80, 24)


def stored(db: Path) -> dict[str, dict]:
    """Each step's latest confirmed answer, by step name."""
    answers = json.loads(db.read_bytes()).get("answers", {}).values()
    ordered = sorted((a for a in answers if not a["draft"]), key=lambda a: a["updated"])
    return {a["step"]: a for a in ordered}


def quoted(app) -> list[tuple[str, str]]:
    """Each quoted panel on screen: its label and its words."""
    found = []
    for view in app.screen.query(QuoteView):
        for panel in view.children:
            words = "\n".join(str(w.render()) for w in panel.query(Static))
            found.append((str(panel.border_title), words))
    return found


def box_text(app) -> str:
    return app.screen.query_one("#answer-text").text


def status(app) -> str:
    return str(app.screen.query_one(SaveStatus).render())


async def until_there(pilot, selector: str, limit: int = 1500) -> None:
    """Wait until the step on screen has ``selector`` (a busy machine mounts slowly)."""
    for _ in range(limit):
        if pilot.app.screen.query(selector):
            return
        await pilot.pause(0.02)
    raise AssertionError(f"{selector} never came on screen: {screen_text(pilot.app)}")


async def add(pilot, text: str) -> None:
    """Type after whatever the box starts with, then confirm."""
    await write(pilot, text)


# -- the listening drill ------------------------------------------------------------------


async def test_listening_shows_what_is_judged_and_hides_the_piece_while_saying_back(
    ready_db: Path,
) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "our evenings")

        # The piece is for Sam to hear: nothing to keep private here.
        assert not app.screen.query("#answer-private")
        assert not app.screen.check_action("toggle_private", ())
        await write(pilot, "I miss our evenings")

        # Sam says back: Alex's piece is not on screen, the starter is in the box.
        assert "I miss our evenings" not in screen_text(app)
        assert box_text(app) == "What I hear is "
        assert not app.screen.query("#answer-private")
        await add(pilot, "you miss the evenings")

        # Alex judges: the piece and what was said back, side by side.
        assert quoted(app) == [
            ("What Alex said", "I miss our evenings"),
            ("What Sam said back", "What I hear is you miss the evenings"),
        ]
        assert "Alex, did Sam get it?" in screen_text(app)
        await choose(pilot, "Not quite")
        assert [label for label, _words in quoted(app)] == [
            "What you said, Alex", "What Sam said back",
        ]
        await write(pilot, "the quiet ones, without phones")

        # Sam tries again, still without the piece or the clarification on screen.
        text = screen_text(app)
        assert "I miss our evenings" not in text and "without phones" not in text
        await add(pilot, "you miss quiet evenings")
        (piece, heard) = quoted(app)
        assert piece == ("What Alex said", "I miss our evenings\n\nthe quiet ones, without phones")
        assert heard == ("What Sam said back", "What I hear is you miss quiet evenings")
        await choose(pilot, "Yes, that's it")
        await choose(pilot, "That's it for now")

        # Sam sums it all up from memory: none of Alex's words on screen.
        assert "sum up everything Alex said" in screen_text(app)
        assert quoted(app) == []
        await add(pilot, "you miss quiet evenings together")

        # Validating and guessing answer all of what Alex said.
        assert quoted(app) == [("What Alex said", "I miss our evenings")]
        await add(pilot, "work has taken them")
        await add(pilot, "lonely")

        # Alex judges the guess: it is on the screen.
        assert "Alex, does Sam's guess fit how you feel?" in screen_text(app)
        assert quoted(app) == [("Sam's guess", "I imagine you feel lonely")]

    saved = stored(ready_db)
    assert saved["paraphrase-1.1"]["value"] == "What I hear is you miss the evenings"
    assert saved["validation"]["value"] == "That makes sense, because work has taken them"
    assert saved["empathy"]["value"] == "I imagine you feel lonely"
    assert saved["chunk-1"]["visibility"] == "shared"


async def test_a_starter_alone_is_not_an_answer_nor_a_draft(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "our evenings")
        await write(pilot, "I miss our evenings")
        assert box_text(app) == "What I hear is "
        app.screen.query_one("#answer-text").insert(" ")
        await until_quiet(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Write a few words first" in status(app)
        assert app.screen.shown_step.step == "paraphrase-1.1"
        answers = json.loads(ready_db.read_bytes()).get("answers", {}).values()
        assert not [a for a in answers if a["step"] == "paraphrase-1.1"]
        # After a problem was shown, the next step says that this time it was saved.
        await add(pilot, "you miss our evenings")
        assert app.screen.shown_step.step == "mark-1.1"
        assert status(app).startswith("✓ Saved")


# -- the status line --------------------------------------------------------------------


async def test_the_status_line_speaks_only_of_the_step_on_screen(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "our evenings")
        await until_quiet(pilot)
        assert status(app) == ""  # just opened: nothing saved here yet
        app.screen.query_one("#answer-text").insert("I miss")
        await until_quiet(pilot)
        assert status(app).startswith("Draft kept")
        await pilot.press("ctrl+s")
        await settle(pilot)
        await until_quiet(pilot)
        assert app.screen.shown_step.step == "paraphrase-1.1"
        assert status(app) == ""


async def test_an_untouched_form_keeps_no_draft(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("i-statement-anytime")
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_there(pilot, "#field-feeling")
        await until_quiet(pilot)
        await pilot.pause(0.7)  # longer than the pause after which typing is kept
        await until_quiet(pilot)
        assert status(app) == ""
        answers = json.loads(ready_db.read_bytes()).get("answers", {})
        assert answers == {}
        box = app.screen.query_one("#field-feeling", Input)
        box.focus()
        box.value = "lonely"
        await until_quiet(pilot)
        assert status(app).startswith("Draft kept")


# -- the "I" statement ---------------------------------------------------------------------


async def test_the_writer_sees_their_statement_beside_what_was_said_back(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("i-statement-anytime")
        await settle(pilot)
        await choose(pilot, "Alex writes first")
        await until_there(pilot, "#field-feeling")
        for name, value in (("feeling", "lonely"), ("situation", "you work late"),
                            ("need", "time together")):
            box = app.screen.query_one(f"#field-{name}", Input)
            box.value = value
            await pilot.pause()
        await pilot.press("ctrl+s")
        await settle(pilot)
        statement = "I feel lonely when you work late because I need time together."
        assert quoted(app) == [("Alex says", statement)]
        assert box_text(app) == "What I hear is that you feel "
        assert not app.screen.query("#answer-private")
        await add(pilot, "lonely when I work late")
        assert "Alex, did Sam get it?" in screen_text(app)
        assert quoted(app) == [
            ("Alex says", statement),
            ("What Sam said back", "What I hear is that you feel lonely when I work late"),
        ]


# -- the dream ---------------------------------------------------------------------------


async def test_the_dream_catcher_sees_the_dream_note(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        app.open_exercise("dream-next-five-years")
        await settle(pilot)
        await choose(pilot, "Alex shares first")
        assert not app.screen.query("#answer-private")  # the catcher needs the note
        await write(pilot, "A small bakery of my own")
        assert "Sam — ask, and listen" in screen_text(app)
        assert quoted(app) == [("Alex's dream", "A small bakery of my own")]
        await pilot.press("space", "ctrl+s")
        await settle(pilot)
        assert quoted(app) == [("Alex's dream", "A small bakery of my own")]
        assert box_text(app) == "I learned that "
        await add(pilot, "baking is how Alex feels useful")
        # Alex judges what Sam learned, beside the dream itself.
        assert quoted(app) == [
            ("Alex's dream", "A small bakery of my own"),
            ("What Sam learned", "I learned that baking is how Alex feels useful"),
        ]
        await choose(pilot, "Yes, that's it")
        await choose(pilot, "Understand it")
        assert quoted(app) == [("Alex's dream", "A small bakery of my own")]
        assert box_text(app) == "I'll "


# -- questions answered together ---------------------------------------------------------

TOGETHER = """\
exercises:
  - id: together
    kind: reflection
    mode: shared
    title: Answered together
    why: Talking it through side by side.
    minutes: 5
    prompts:
      - What made you laugh this week?
      - text: Which evening suits you best?
        type: choice
        choices: [Friday, Saturday]
"""


async def test_answering_second_together_shows_the_first_answer(
    ready_db: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "together.yaml").write_text(TOGETHER, encoding="utf-8")
    app = make_app(ready_db, content_dir=folder)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        app.open_exercise("together")
        await settle(pilot)
        await pilot.press("ctrl+s")  # Begin
        await settle(pilot)
        assert quoted(app) == []  # the first to answer has nothing to reply to
        await write(pilot, "The dog and the hose")
        assert quoted(app) == [("Alex's answer", "The dog and the hose")]
        await write(pilot, "Same here")
        await pilot.press("ctrl+s")  # past the reveal
        await settle(pilot)
        await choose(pilot, "Saturday")  # Sam reads the second question first
        assert quoted(app) == [("Sam's answer", "Saturday")]


# -- the closing question ----------------------------------------------------------------


async def test_the_closing_hint_follows_who_has_answered(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        session = app.content.sessions[0]
        app.push_screen(ClosingScreen(
            store=app.store, content=app.content, exercise=closing_exercise(session),
            couple=app.store.couple(), saver=app.saver, session=None,
        ))
        await screen_on_top(pilot, ExerciseScreen)
        await settle(pilot)
        text = screen_text(app)
        assert "Sam answers next" in text
        await write(pilot, "To listen first")
        text = screen_text(app)
        assert "Sam: " in text
        assert "Alex has answered" in text
        assert "Sam answers next" not in text and "Alex answers next" not in text
