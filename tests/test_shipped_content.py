"""The shipped content itself: complete, consistent, and never repeating a prompt."""

from __future__ import annotations

import itertools
import re
from collections import Counter

import pytest

from workbook.content import (
    DreamOptions,
    ListeningOptions,
    ReflectionOptions,
    load_content,
    validate,
)
from workbook.export import Snapshot, to_markdown
from workbook.review import History

CONTENT = load_content()


def prompt_texts() -> list[tuple[str, str]]:
    """(where, text) for every question, topic and prompt the content asks."""
    found: list[tuple[str, str]] = []
    for exercise in CONTENT.exercises.values():
        options = exercise.options
        if isinstance(options, ListeningOptions):
            found += [(exercise.id, t) for t in options.topics]
        elif isinstance(options, DreamOptions):
            found += [(exercise.id, options.prompt)]
            found += [(exercise.id, q) for q in options.questions]
        elif isinstance(options, ReflectionOptions):
            found += [(exercise.id, p.text) for p in options.prompts]
        for name in ("prompt", "note_prompt"):
            value = getattr(options, name, None)
            if isinstance(value, str) and not isinstance(options, DreamOptions):
                found.append((exercise.id, value))
    found += [(s.id, s.closing) for s in CONTENT.sessions]
    return found


def test_validate_passes() -> None:
    assert validate() == []


@pytest.mark.parametrize("exercise", CONTENT.exercises.values(), ids=lambda e: e.id)
def test_every_exercise_says_why_and_how_long(exercise) -> None:
    assert exercise.why.strip() and "\n" not in exercise.why.strip()
    assert 1 <= exercise.minutes <= 180


def test_every_program_entry_resolves() -> None:
    assert len(CONTENT.sessions) == 8
    for session in CONTENT.sessions:
        assert 2 <= len(session.exercises) <= 4, session.id
        for exercise_id in session.exercises:
            assert exercise_id in CONTENT.exercises, (session.id, exercise_id)
        assert session.opening.strip() and session.closing.strip()
    for exercise_id in CONTENT.anytime:
        assert exercise_id in CONTENT.exercises


#: Minutes a sitting spends on a session's opening words and its closing question.
AROUND_THE_EXERCISES = 5


def test_a_sessions_minutes_cover_its_exercises_and_its_opening_and_closing() -> None:
    for session in CONTENT.sessions:
        exercises = sum(CONTENT.exercise(key).minutes for key in session.exercises)
        assert session.minutes >= exercises + AROUND_THE_EXERCISES, session.id
        assert f"{session.minutes} minutes" in session.opening, session.id


def test_no_prompt_text_is_repeated() -> None:
    texts = prompt_texts()
    assert len(texts) > 200
    counts = Counter(" ".join(t.casefold().split()) for _, t in texts)
    repeated = {t: n for t, n in counts.items() if n > 1}
    assert repeated == {}


#: Words that carry no meaning of their own when comparing two questions.
FILLER = frozenset((
    "a", "an", "the", "of", "to", "and", "or", "in", "on", "for", "you", "your", "yours",
    "i", "me", "my", "we", "us", "our", "is", "are", "was", "were", "be", "been", "it",
    "that", "this", "what", "when", "how", "which", "who", "do", "does", "did", "have",
    "has", "had", "with", "about", "at", "as", "by", "from", "if", "not", "one", "ever",
    "most", "more", "some", "any",
))
#: Two questions sharing this much of their meaning (after FILLER and word endings) are one.
NEAR = 0.7


def meaning(text: str) -> frozenset[str]:
    """The words of a question that carry its meaning, without their common endings."""
    words = re.findall(r"[a-z]+", text.casefold())
    stems = {re.sub(r"(ing|ed|es|s|ly)$", "", w) if len(w) > 4 else w for w in words}
    return frozenset(stems - FILLER)


def near_duplicates(texts: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Every pair of questions (in any exercises) that ask nearly the same thing."""
    found = []
    for (where_a, a), (where_b, b) in itertools.combinations(texts, 2):
        words_a, words_b = meaning(a), meaning(b)
        if words_a and words_b and len(words_a & words_b) / len(words_a | words_b) >= NEAR:
            found.append((f"{where_a}: {a}", f"{where_b}: {b}"))
    return found


def test_two_wordings_of_one_question_count_as_near_duplicates() -> None:
    pairs = [
        ("x", "When have you felt most loved by me?"), ("y", "When have you felt most loved?"),
        ("z", "What small thing made you smile this week?"),
    ]
    assert near_duplicates(pairs) == [
        ("x: When have you felt most loved by me?", "y: When have you felt most loved?")
    ]


def test_no_question_is_asked_twice_in_other_words() -> None:
    assert near_duplicates(prompt_texts()) == []


def test_the_core_kinds_have_enough_exercises() -> None:
    kinds = Counter(e.kind for e in CONTENT.exercises.values())
    assert kinds["listening"] >= 6 and kinds["i_statement"] >= 6 and kinds["dream"] >= 6
    assert kinds["check_in"] >= 2 and kinds["reflection"] >= 10 and kinds["pause"] == 1
    words = [w for g in CONTENT.feelings for w in g.words]
    needs = [w for g in CONTENT.needs for w in g.words]
    assert len(words) >= 60 and len(needs) >= 30


def test_deep_questions_come_in_three_rising_sets_of_twelve() -> None:
    sets = [e for e in CONTENT.exercises.values() if e.id.startswith("deep-questions")]
    assert len(sets) == 3
    for exercise in sets:
        assert isinstance(exercise.options, ReflectionOptions)
        assert len(exercise.options.prompts) >= 12


def _prompts(exercise_id: str) -> ReflectionOptions:
    options = CONTENT.exercise(exercise_id).options
    assert isinstance(options, ReflectionOptions)
    return options


def test_the_ladder_leaves_old_hurts_for_the_session_that_teaches_repair() -> None:
    ladder = _prompts("vulnerability-ladder")
    asked = " ".join(p.text for p in ladder.prompts).casefold()
    assert not re.search(r"hurt|grievance|wound|resent", asked)
    sessions = {s.id: s.number for s in CONTENT.sessions}
    at = next(s.number for s in CONTENT.sessions if "vulnerability-ladder" in s.exercises)
    assert at < sessions["trust-and-repair"]  # the ladder comes before repair is taught


def test_a_replaced_question_never_shows_an_old_answer_under_new_words() -> None:
    # Answers are found by step name: a question asked in other words takes a new one.
    assert CONTENT.exercise("vulnerability-ladder").version >= 2
    assert _prompts("vulnerability-ladder").prompt_for("prompt-7") is None
    assert CONTENT.exercise("bank-account-deposits").version >= 2
    deposits = _prompts("bank-account-deposits")
    for step in ("prompt-2", "prompt-3", "prompt-5"):
        assert deposits.prompt_for(step) is None, step
    kept = deposits.prompt_for("prompt-1")  # unchanged, so its answers keep their question
    assert kept is not None and "deposit of goodwill" in kept.text
    old = {"uuid": "u1", "exercise": "vulnerability-ladder", "step": "prompt-7",
           "partner": "a", "value": "an old hurt", "created": "2026-01-01T00:00:00+00:00"}
    history = History([old], CONTENT, [])
    assert history.question(old) == "Question 7 (no longer asked)"
    assert history.step_name(old) == "Question 7 (no longer asked)"
    exported = to_markdown(Snapshot(schema=1, answers=[old]), CONTENT, include_private=True)
    assert "Question 7 (no longer asked)" in exported and "an old hurt" in exported
    assert "Seventh rung" not in exported


def test_small_deposits_is_about_making_them_not_noticing_bids_or_saying_thanks() -> None:
    # Noticing reaches for attention is "Noticing each other's bids"; thanks for what a
    # partner did is Quick appreciation and the Appreciation exchange.
    deposits = _prompts("bank-account-deposits").prompts
    asked = " ".join(p.text for p in deposits).casefold()
    assert not re.search(r"\breach|\bbids?\b|\bnotic", asked)
    thanks = re.compile(r"partner do\b|from your partner")
    looking_back = [p.text for p in deposits if thanks.search(p.text)]
    assert len(looking_back) <= 1, looking_back
