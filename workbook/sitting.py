"""A sitting as a page: the conversation as it happened, without any screen.

Review opens an answer on the page of its sitting. The answers are read in
the order they were given and gathered into *exchanges*: both partners'
answers to the same question side by side, or a thing said beside the
other's saying it back (a chunk and its paraphrase, an "I" statement and its
reflection). Steps that only keep a drill moving ("was that it?", "more?")
are kept apart as quiet exchanges, which the page folds away unless asked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from workbook.labels import STEP_LABELS, is_bookkeeping, step_base
from workbook.review import History

Doc = dict[str, Any]

ANSWERED_BY: dict[str, frozenset[str]] = {
    "chunk": frozenset({"paraphrase"}),
    "clarify": frozenset({"paraphrase"}),
    "statement": frozenset({"reflection"}),
    "dream": frozenset({"questions"}),
}
"""Steps whose words the other partner answers at the next step (said → heard back)."""


@dataclass
class Exchange:
    """One moment of the conversation: a question and the answers given to it."""

    step: str
    """The step of the first answer given."""
    question: str
    """The question in full, or what the step is called."""
    answers: dict[str, Doc] = field(default_factory=dict)
    """Each partner's answer, by partner key."""
    quiet: bool = False
    """True for a step that only kept the drill moving; folded away unless asked."""

    def label_of(self, partner: str, history: History) -> str:
        """What ``partner``'s answer is, when it answers a different step ("Saying it back")."""
        doc = self.answers.get(partner)
        if doc is None or doc.get("step") == self.step:
            return ""
        label = STEP_LABELS.get(step_base(str(doc.get("step", ""))))
        return label.export if label is not None else history.question(doc)

    def holds(self, uuid: str) -> bool:
        """True when the answer ``uuid`` is part of this exchange."""
        return any(doc.get("uuid") == uuid for doc in self.answers.values())


@dataclass
class Part:
    """One exercise attempt within the sitting, with its exchanges in order."""

    exercise: str
    title: str
    exchanges: list[Exchange] = field(default_factory=list)

    @property
    def folded(self) -> int:
        """How many quiet exchanges the page folds away."""
        return sum(1 for exchange in self.exchanges if exchange.quiet)


def _joins(exchange: Exchange, doc: Doc) -> bool:
    """True when ``doc`` belongs beside the answers already in ``exchange``."""
    partner = doc.get("partner")
    if exchange.quiet or partner in exchange.answers:
        return False
    step = str(doc.get("step", ""))
    if step == exchange.step:
        return True
    return step_base(step) in ANSWERED_BY.get(step_base(exchange.step), frozenset())


def sitting_parts(docs: Sequence[Doc], history: History) -> list[Part]:
    """The sitting's answers (oldest first) as parts, one per attempt, each a list of exchanges.

    An answer joins the exchange just before it when it is the other partner's
    reply to the same question, or their saying back of what was just said.
    A question both answer without taking sides (a reflection's prompt, a
    check-in) also finds its partner's answer further back in the attempt,
    however the two took turns.
    """
    parts: list[Part] = []
    by_attempt: dict[Any, Part] = {}
    last: dict[int, Exchange] = {}
    for doc in docs:
        attempt = doc.get("run") or ("answer", doc.get("uuid"))
        part = by_attempt.get(attempt)
        if part is None:
            exercise = str(doc.get("exercise", ""))
            part = by_attempt[attempt] = Part(exercise, history.exercise_title(exercise))
            parts.append(part)
        step = str(doc.get("step", ""))
        partner = str(doc.get("partner", ""))
        if is_bookkeeping(step):
            part.exchanges.append(
                Exchange(step, history.question(doc), {partner: doc}, quiet=True)
            )
            continue
        previous = last.get(id(part))
        target = previous if previous is not None and _joins(previous, doc) else None
        if target is None and not doc.get("role"):
            target = next(
                (ex for ex in part.exchanges if ex.step == step and _joins(ex, doc)), None
            )
        if target is None:
            target = Exchange(step, history.question(doc))
            part.exchanges.append(target)
        target.answers[partner] = doc
        last[id(part)] = target
    return parts
