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
