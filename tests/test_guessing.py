"""The guessing games, as a couple plays them: a written guess is judged by the person whose
answer it guessed ("close enough?"), a picked guess matches on the choice, and love languages
asks every guess before anything it guesses is shown."""

from __future__ import annotations

from pathlib import Path

import pytest
from workbook.screens.reflection import ReflectionScreen

from tests.conftest import COUPLE, make_app
from tests.exercise_helpers import choose, proceed, screen_text
from tests.test_reflection import answers, begin, confirm, hand_over, open_reflection, type_keys
from workbook.compare import guess_knew
from workbook.content import ContentInvalid, load_content
from workbook.export import Snapshot, to_markdown
from workbook.model import Answer
from workbook.review import History

SIZE = (80, 24)

GUESSES = """\
exercises:
  - id: guessing
    kind: reflection
    mode: private_reveal
    title: Guessing
    why: Guessing each other's answers, then finding out.
    minutes: 5
    prompts:
      - text: What is stressing you at the moment?
        type: guess
      - text: Which evening suits you best?
        type: guess
        choices: [Friday, Saturday, Sunday]
"""


@pytest.fixture
def guessing(tmp_path: Path) -> Path:
    """A user content folder with one written guess and one picked from choices."""
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "guessing.yaml").write_text(GUESSES, encoding="utf-8")
    return folder


async def write_guess(pilot, own: str, guess: str) -> None:
    await type_keys(pilot, own)
    await pilot.press("tab")
    await type_keys(pilot, guess)
    await confirm(pilot)


async def pick_guess(pilot, own: int, guess: int) -> None:
    """Pick the ``own``-th choice (from 0) in the first list, then the ``guess``-th in the next."""
    await pilot.press(*["down"] * own, "enter")
    await pilot.press(*["down"] * guess, "enter")
    await confirm(pilot)


async def test_the_answerer_says_a_written_guess_was_close_enough_and_the_tick_shows(
    ready_db: Path, guessing: Path
) -> None:
    app = make_app(ready_db, guessing)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, "guessing")
        await begin(pilot)
        await hand_over(pilot, "Alex", "Sam")
        await write_guess(pilot, "Work deadlines", "Moving house")
        await hand_over(pilot, "Sam", "Alex", hidden=("Work deadlines", "Moving house"))
        await write_guess(pilot, "The move", "Deadlines at work")

        # Both answers and guesses show; Alex, whose answer Sam guessed, says first.
        text = screen_text(app)
        assert "Alex's answer\nWork deadlines\nSam guessed\nDeadlines at work" in text
        assert "Alex, was Sam's guess close enough?" in text
        assert "knew this one" not in text
        await choose(pilot, "Yes, close enough")

        text = screen_text(app)
        assert "✓ Sam knew this one" in text  # Alex said so
        assert "Sam, was Alex's guess close enough?" in text
        await choose(pilot, "Not really")

        # The reveal: only the guess its answerer called close enough has the tick.
        assert isinstance(app.screen, ReflectionScreen)
        text = screen_text(app)
        assert "✓ Sam knew this one" in text
        assert "Alex knew this one" not in text
        assert "close enough?" not in text
        # Only one guess was close enough: the note names who knew, and says nothing of a score.
        assert "Sam knew Alex's answer; Alex has something new to learn about Sam." in text
        assert "You know each other well here." not in text
        await proceed(pilot)
        await hand_over(pilot, "Alex", "Sam")
        assert "Which evening suits you best?" in screen_text(app)

    saved = [(a["partner"], a["step"], a["value"]) for a in answers(ready_db)]
    assert saved == [
        ("a", "prompt-1", {"self": "Work deadlines", "guess": "Moving house"}),
        ("b", "prompt-1", {"self": "The move", "guess": "Deadlines at work"}),
        ("a", "prompt-1.knew", "yes"),
        ("b", "prompt-1.knew", "no"),
    ]


async def test_a_picked_guess_matches_on_the_choice_with_nothing_to_judge(
    ready_db: Path, guessing: Path
) -> None:
    app = make_app(ready_db, guessing)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, "guessing")
        await begin(pilot)
        for writer, looker in (("Alex", "Sam"), ("Sam", "Alex")):
            await hand_over(pilot, writer, looker)
            await write_guess(pilot, "Rest", "rest.")
        # The very same words know each other: nobody is asked.
        assert "close enough?" not in screen_text(app)
        assert "✓ Alex knew this one" in screen_text(app)
        await proceed(pilot)

        await hand_over(pilot, "Alex", "Sam")
        text = screen_text(app)
        assert "what will Sam pick?" in text and text.count("Saturday") == 2
        await confirm(pilot)
        assert "Pick your own answer and your guess" in screen_text(app)
        await pick_guess(pilot, 1, 0)  # Alex: Saturday; guesses Sam says Friday
        await hand_over(pilot, "Sam", "Alex")
        await pick_guess(pilot, 0, 2)  # Sam: Friday; guesses Alex says Sunday

        text = screen_text(app)
        assert "close enough?" not in text  # the choice decides: nobody is asked
        assert "✓ Alex knew this one" in text  # Sam's Friday, guessed by Alex
        assert "Sam knew this one" not in text
        await proceed(pilot)
        assert "every question" in screen_text(app)

    saved = [(a["partner"], a["step"], a["value"]) for a in answers(ready_db)]
    assert saved[2:] == [
        ("a", "prompt-2", {"self": "Saturday", "guess": "Friday"}),
        ("b", "prompt-2", {"self": "Friday", "guess": "Sunday"}),
    ]


async def test_nobody_is_asked_about_a_private_answer_or_guess(
    ready_db: Path, guessing: Path
) -> None:
    app = make_app(ready_db, guessing)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, "guessing")
        await begin(pilot)
        await hand_over(pilot, "Alex", "Sam")
        await pilot.press("ctrl+o")  # Alex keeps this one private
        await write_guess(pilot, "Work deadlines", "the move")
        await hand_over(pilot, "Sam", "Alex")
        await write_guess(pilot, "The move.", "Money")

        # Alex kept answer and guess private: nothing of them shows, so nobody is asked.
        text = screen_text(app)
        assert "close enough?" not in text
        assert "Work deadlines" not in text
        assert "✓ Alex knew this one" not in text  # Alex's guess is private too
        await proceed(pilot)
        await hand_over(pilot, "Alex", "Sam")
        assert "Which evening suits you best?" in screen_text(app)

    assert [a["step"] for a in answers(ready_db)] == ["prompt-1", "prompt-1"]


async def test_love_languages_asks_the_guess_before_any_ranking_is_shown(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await open_reflection(app, pilot, "love-languages")
        await begin(pilot)
        await hand_over(pilot, "Alex", "Sam")
        text = screen_text(app)
        assert "Question 1 of 5" in text and "what will Sam pick?" in text
        await pick_guess(pilot, 1, 0)
        await hand_over(pilot, "Sam", "Alex")
        await pick_guess(pilot, 0, 1)
        text = screen_text(app)
        assert "✓ Alex knew this one" in text and "✓ Sam knew this one" in text
        assert "You know each other well here." in text  # both guesses knew
        await proceed(pilot)
        await hand_over(pilot, "Alex", "Sam")
        assert "Put these in order by how loved you feel" in screen_text(app)

    saved = answers(ready_db)
    assert [(a["step"], a["content_version"]) for a in saved] == [
        ("prompt-3", 2), ("prompt-3", 2),
    ]
    assert saved[0]["value"] == {
        "self": "Time: having your full attention",
        "guess": "Words: hearing what I mean to you",
    }


def test_love_languages_every_guess_comes_before_what_it_guesses() -> None:
    """No guess is asked after a question whose reveal could give it away."""
    options = load_content().exercise("love-languages").options
    kinds = [prompt.type for prompt in options.prompts]
    assert kinds.index("guess") < kinds.index("ranking")
    guess = options.prompts[kinds.index("guess")]
    assert set(guess.choices) == set(options.prompts[kinds.index("ranking")].choices)


def docs_of(exercise: str, rows: list[tuple[str, str, object]]) -> list[dict]:
    """Answers of one attempt, oldest first, as the workbook file holds them."""
    return [
        Answer(uuid=f"u-{n}", exercise=exercise, step=step, partner=partner, value=value,
               run="run-1", created=f"2025-01-01T10:0{n}:00+00:00").to_doc()
        for n, (step, partner, value) in enumerate(rows)
    ]


def test_old_love_languages_answers_keep_their_question() -> None:
    """Answers saved before the guess moved to the front still show with their own question."""
    content = load_content()
    ranking = ["Touch: a hug, a hand, being close", "Words: hearing what I mean to you",
               "Time: having your full attention", "Help: you taking something off my plate",
               "Gifts: a thoughtful little something"]
    docs = docs_of("love-languages", [
        ("prompt-1", "a", ranking),
        ("prompt-3", "a", {"self": "Touch, always", "guess": "Words"}),
    ])
    history = History(docs, content, [])
    assert history.question(docs[0]).startswith("Put these in order by how loved you feel")
    assert history.question(docs[1]) == "Which of these five makes you feel most loved?"
    export = to_markdown(Snapshot(schema=1, couple=COUPLE.to_doc(), answers=docs), content)
    heading = export.index("**Put these in order by how loved you feel")
    guess = export.index("**Which of these five makes you feel most loved?**")
    assert heading < export.index("1. Touch: a hug") < guess < export.index("Touch, always")


def test_a_judged_guess_shows_in_review_and_the_export(guessing: Path) -> None:
    content = load_content(guessing)
    docs = docs_of("guessing", [
        ("prompt-1", "a", {"self": "Work deadlines", "guess": "Money"}),
        ("prompt-1", "b", {"self": "The move", "guess": "Deadlines"}),
        ("prompt-1.knew", "a", "yes"),
        ("prompt-1.knew", "b", "no"),
    ])
    row = History(docs, content, []).row(docs[2])
    # The row's name is Alex, who judged: the question says it was the guess of their answer.
    assert row.partner == "a"
    assert row.question == (
        "Was the guess of their own answer close enough? What is stressing you at the moment?"
    )
    assert row.words == "yes"
    export = to_markdown(Snapshot(schema=1, couple=COUPLE.to_doc(), answers=docs), content)
    assert "**What is stressing you at the moment? Was each guess close enough?**" in export
    # Each judgement names whose guess of whose answer it was about, not a bare yes/no table.
    assert "*Sam's guess of Alex's answer:* close enough (Alex said)" in export
    assert "*Alex's guess of Sam's answer:* not really (Sam said)" in export
    assert "| yes | no |" not in export
    assert "prompt-1.knew" not in export


def test_guess_knew() -> None:
    assert guess_knew("The move", "the move.", picked=False) is True
    assert guess_knew("The move", "Moving house", picked=False) is None
    assert guess_knew("The move", "Moving house", picked=False, said="yes") is True
    assert guess_knew("The move", "Moving house", picked=False, said="no") is False
    assert guess_knew("Friday", "Sunday", picked=True) is False
    assert guess_knew("Friday", "Friday", picked=True) is True
    assert guess_knew(None, "Friday", picked=True) is False


def test_guess_choices_and_saved_as_are_checked(tmp_path: Path) -> None:
    folder = tmp_path / "content"
    folder.mkdir()
    bad = GUESSES.replace(
        "        choices: [Friday, Saturday, Sunday]\n",
        "        choices: [Friday, Saturday, Sunday]\n        saved_as: prompt-1\n",
    ).replace(
        "      - text: What is stressing you at the moment?\n        type: guess\n",
        "      - text: What is stressing you at the moment?\n        type: guess\n"
        "        saved_as: step-one\n",
    )
    (folder / "guessing.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(ContentInvalid) as raised:
        load_content(folder)
    messages = [error.message for error in raised.value.errors]
    assert any("must look like 'prompt-3'" in message for message in messages), messages

    (folder / "guessing.yaml").write_text(bad.replace("saved_as: step-one", "saved_as: prompt-2")
                                          .replace("saved_as: prompt-1", "saved_as: prompt-2"),
                                          encoding="utf-8")
    with pytest.raises(ContentInvalid) as raised:
        load_content(folder)
    assert any("saved as 'prompt-2', like item 1" in error.message
               for error in raised.value.errors), raised.value.errors

    (folder / "guessing.yaml").write_text(GUESSES, encoding="utf-8")
    prompt = load_content(folder).exercise("guessing").options.prompts[1]
    assert prompt.type == "guess" and prompt.choices == ("Friday", "Saturday", "Sunday")


def test_saved_as_answers_are_found_by_their_step() -> None:
    options = load_content().exercise("love-languages").options
    assert [options.step_of(i) for i in range(len(options.prompts))] == [
        "prompt-3", "prompt-1", "prompt-2", "prompt-4", "prompt-5",
    ]
    assert options.prompt_for("prompt-3") is options.prompts[0]
    assert options.prompt_for("prompt-3.knew") is options.prompts[0]
    assert options.prompt_for("prompt-9") is None
