"""What each step, button choice and kind of exercise is called, in one place.

Answers are stored under short step names ("chunk-2.1", "statement") and
button choices under short values ("got_it"). The drills' buttons, Review,
the Markdown export and the library of exercises each put those into words. Review and the
export word the same fact differently on purpose (Review lists thousands of
answers on narrow lines; the export is read like a letter), so each table
keeps both wordings side by side: to rename a step, edit one row here.

This module imports nothing from the rest of the workbook, so any part of it
(the core, the screens, sample data) can read from here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

STATEMENT_STEP = "statement"
"""The step the "I" statement builder saves the writer's statement under.

The statement library, the listening drill's topics, Review, the export and
sample data all find statements by this name.
"""

CLOSING_EXERCISE = "_closing"
"""The exercise id a session's closing answers are saved under (no YAML defines it)."""

CLOSING_TITLE = "Closing the session"
"""How Review and the export title the closing answers of a session."""


class StepLabel(NamedTuple):
    """One step's names: in Review's list, and as a heading in the export."""

    review: str
    """Short and lower case, before the answer on one line of Review."""
    export: str
    """A heading in the Markdown export."""
    numbered: bool = False
    """True for steps saved once per part of a turn ("chunk-2"): the export adds the part."""
    choices: tuple[str, ...] = ()
    """The button values this step saves, which the export puts into its own words."""
    folded: bool = True
    """For a step with ``choices``: True when the choice only keeps the drill moving, so
    Review folds it away; False when the choice is itself the answer (what a partner offers)."""


STEP_LABELS: Mapping[str, StepLabel] = {
    "topic": StepLabel("topic", "The topic"),
    "chunk": StepLabel("said", "Speaking", numbered=True),
    "clarify": StepLabel("clarified", "What was missed", numbered=True),
    "paraphrase": StepLabel("heard", "Saying it back", numbered=True),
    "mark": StepLabel(
        "was that it?", "Was it heard right?", numbered=True, choices=("got_it", "not_quite")
    ),
    "more": StepLabel("more?", "More to say?", numbered=True, choices=("more", "enough")),
    "summary": StepLabel("summed up", "Summing it all up"),
    "validation": StepLabel("makes sense because", "What makes sense"),
    "empathy": StepLabel("imagined feeling", "Guessing the feeling"),
    "fits": StepLabel("did it fit?", "Did the guess fit?", choices=("fits", "not_quite")),
    STATEMENT_STEP: StepLabel("“I” statement", 'The "I" statement'),
    "reflection": StepLabel("said back", "Said back"),
    "heard": StepLabel("heard?", "Was it heard right?", choices=("got_it", "not_quite")),
    "dream": StepLabel("dream", "The dream"),
    "questions": StepLabel("asked", "Questions asked"),
    "learned": StepLabel("learned", "What the dream catcher learned"),
    "caught": StepLabel(
        "caught it?", "Did the dream catcher get it?", choices=("got_it", "not_quite")
    ),
    "honour": StepLabel(
        "can offer", "What the dream catcher can offer",
        choices=("understand_it", "support_it", "join_in"), folded=False,
    ),
    "support": StepLabel("support", "One way to support the dream"),
    "ratings": StepLabel("check-in", "Check-in"),
    "closing": StepLabel("to close", "Closing thoughts"),
}
"""Every named step, by its base name (the part before any "-part" or ".try")."""


class ChoiceLabel(NamedTuple):
    """A button's stored value in words: on the button, and in the export."""

    button: str
    export: str

    @property
    def review(self) -> str:
        """As Review reads it back inside a line: the button's words, "yes, that's it"."""
        return self.button[:1].lower() + self.button[1:]


CHOICE_LABELS: Mapping[str, ChoiceLabel] = {
    "got_it": ChoiceLabel("Yes, that's it", "Yes, heard right"),
    "not_quite": ChoiceLabel("Not quite", "Not quite"),
    "more": ChoiceLabel("There's more", "There is more to say"),
    "enough": ChoiceLabel("That's it for now", "That was all"),
    "fits": ChoiceLabel("Yes, that fits", "Yes, it fits"),
    # Not saved as an answer: it ends the listening drill's opening for another time.
    "not_now": ChoiceLabel("Not now — we'll pick a time", "Not now, another time"),
    # The ways of honouring a partner's dream, from the least asked to the most.
    "understand_it": ChoiceLabel("Understand it", "To understand it, and why it matters"),
    "support_it": ChoiceLabel("Support it", "To back it, with time, money or encouragement"),
    "join_in": ChoiceLabel("Join in", "To join in, and make it part of our life too"),
}
"""The drills' button values. The export words them only on a step whose ``choices`` list them."""


def choice_buttons(*values: str) -> tuple[tuple[str, str], ...]:
    """Buttons for a choice step: each value with its words, in the order given."""
    return tuple((value, CHOICE_LABELS[value].button) for value in values)


def step_base(step: str) -> str:
    """The name a step's labels are filed under: "mark-2.1" → "mark"."""
    return step.split("-")[0].split(".")[0]


def is_bookkeeping(step: str) -> bool:
    """True for a step that only keeps the drill moving ("was that it?", "more?").

    These are the steps answered with a button, unless the button is the
    answer itself (what a dream catcher can offer). Review folds them away by
    default, so a sitting reads as the conversation it was.
    """
    label = STEP_LABELS.get(step_base(step))
    return label is not None and bool(label.choices) and label.folded


def retired_question(step: str) -> str:
    """How Review and the export name a question the content no longer asks ("prompt-7").

    Its answers are kept, but not the words it was asked in, so it goes by its
    number, and says it is retired: never shown under a question it did not answer.
    """
    return f"Question {part_number(step)} (no longer asked)"


def part_number(step: str) -> str:
    """The part a numbered step belongs to ("chunk-2" and "mark-2.1" → "2"), or ""."""
    _, _, rest = step.partition("-")
    return rest.split(".")[0]
