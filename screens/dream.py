"""Dream sharing: one partner shares a dream, the other catches it with open questions.

Each side runs: the sharer tells a dream and types a short note → the dream
catcher asks some of the content's open questions and ticks the ones they
asked → the catcher writes what they learned → each partner privately
writes one way they could support the dream (partner A, then partner B,
each after a hand-off) → both answers are shown side by side. Then the
roles swap.

Every step is saved under the documented step names (``dream``,
``questions``, ``learned``, ``support``) with the partner's role in that
side (``sharer`` or ``catcher``). A partner writes ``support`` on both
sides, so the role is what tells the two apart.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook.screens.exercise import (
    ExerciseScreen,
    FormStep,
    InfoStep,
    RevealStep,
    Step,
    TextStep,
    Turn,
)
from workbook.screens.widgets.checklist import Checklist

from workbook.content import DreamOptions
from workbook.model import Answer, PartnerKey, now_iso, other_key
from workbook.run_state import TwoSides

SHARER = "sharer"
CATCHER = "catcher"

#: The phases of one side, in order; the timer runs while the dream is talked about.
TALKING = ("dream", "questions", "learned")

#: The phases of the sharer's turn; skipping one skips the turn (support notes come after).
IN_A_TURN = frozenset(TALKING)


@dataclass
class DreamState(TwoSides):
    """Where a dream-sharing exercise has got to."""

    first: PartnerKey | None = None
    """Who shared first."""
    sharer: PartnerKey | None = None
    """Who shares a dream now (the other is the dream catcher)."""
    writer: PartnerKey | None = None
    """Whose note of support is being written."""


class DreamScreen(ExerciseScreen[DreamState]):
    """One partner shares a dream, the other asks and listens; both note a way to support it."""

    RULES = (
        "One of you shares a dream; the other catches it with questions. "
        "No persuading, no solving, just curiosity."
    )

    HELP = """\
## Dream sharing

One of you **shares** a dream, a hope or a goal. The other is the **dream
catcher**: your only job is to understand it, the way a good friend would.
No persuading, no solving, no "but how would we pay for it". Just curiosity.

1. **Sharer:** tell your dream out loud, in your own time. Then type a few
   words as a note.
2. **Dream catcher:** ask some of the questions on the list, one at a time,
   and listen to the whole answer. Tick each one you ask (**Space** or
   **Enter**, or a click). Your own questions are welcome too.
3. **Dream catcher:** write down what you learned.
4. **Both of you**, one at a time while the other looks away: write one way
   you could support this dream. You see each other's answers together at
   the end, unless you keep yours private.
5. Swap, and the other one shares a dream.

**ctrl+s** confirms a step, **ctrl+o** keeps an answer private, **ctrl+g**
starts or pauses the timer for each side, **ctrl+t** pauses, **Escape**
leaves (your place is kept).
"""

    state_type = DreamState

    def options(self) -> DreamOptions:
        """This exercise's prompt and questions."""
        options = self.exercise.options
        if isinstance(options, DreamOptions):
            return options
        return DreamOptions(prompt="Share a dream, a hope or a goal.", questions=())

    def role_of(self, partner: PartnerKey, state: DreamState | None = None) -> str | None:
        """``sharer`` or ``catcher`` in the side being done now (None before it starts)."""
        sharer = (self.state if state is None else state).sharer
        if sharer is None:
            return None
        return SHARER if partner == sharer else CATCHER

    def timer_minutes(self, state: DreamState) -> tuple[str, int] | None:
        if state.phase not in TALKING:
            return None
        return f"side-{state.side}", self.options().side_minutes

    def answer_belongs(self, answer: Answer, step: str, partner: PartnerKey) -> bool:
        """This side's answer: a partner writes ``support`` on both sides, in two roles."""
        role = self.role_of(partner)
        return answer.step == step and (role is None or answer.role == role)

    # -- steps -------------------------------------------------------------------------

    def current_step(self, state: DreamState) -> Step | None:
        phase = state.phase
        if phase == "done":
            return None
        if phase == "first":
            return self.who_goes_first(
                'Who shares a dream first? The other one is the dream catcher.',
                'shares',
            )
        sharer = state.sharer
        if sharer is None:
            raise ValueError("no sharer")
        catcher = other_key(sharer)
        s_name, c_name = self.partner(sharer).name, self.partner(catcher).name
        note = self.quote(f"{s_name}'s dream", sharer, "dream")
        if phase == "dream":
            return TextStep(
                step="dream",
                turn=Turn(sharer, "share your dream", "listens, as the dream catcher"),
                role=SHARER,
                prompt=self.options().prompt,
                hint=f"Tell {c_name} out loud, in your own time, with no need to convince "
                "anyone. Then type a few words here as a note.",
                placeholder="My dream is…",
                allow_private=False,  # the dream catcher asks about it, and needs to see it
            )
        if phase == "questions":
            return FormStep(
                step="questions",
                turn=Turn(catcher, "ask, and listen", "answers: no need to defend it"),
                role=CATCHER,
                prompt=f"{c_name}, ask {s_name} about this dream. Tick each question you ask.",
                hint="One at a time, and hear the whole answer. Your own questions count too.",
                quotes=(note,),
            )
        if phase == "learned":
            return TextStep(
                step="learned",
                turn=Turn(catcher, "write what you learned", "waits"),
                role=CATCHER,
                prompt=f"{c_name}, what did you learn about {s_name}'s dream?",
                hint="What it means to them, where it comes from, what they hope for or fear.",
                starter="I learned that ",
                quotes=(note,),
            )
        if phase == "support":
            writer = state.writer
            if writer is None:
                raise ValueError("no writer")
            looker = self.partner(other_key(writer)).name
            if writer == sharer:
                prompt = f"{s_name}, what is one thing you could do to support your own dream?"
            else:
                prompt = f"{c_name}, what is one way you could support {s_name}'s dream?"
            return TextStep(
                step="support",
                turn=Turn(writer, "one way to support it", "looks away"),
                role=SHARER if writer == sharer else CATCHER,
                prompt=prompt,
                hint=f"Something small and real is enough. {looker} sees it only once you have "
                "both written, and never if you keep it private.",
                starter="I could ",
                private=True,
                quotes=(note,),
            )
        if phase == "reveal":
            return RevealStep(
                step="support",
                title=f"How you would each support {s_name}'s dream",
                hint="Read them together. No need to plan anything now: just notice what you "
                "each offered.",
            )
        if phase == "swap":
            return InfoStep(
                title="Swap roles",
                text=f"Thank you, both. Now {c_name} shares a dream and {s_name} is the "
                "dream catcher.",
                button="Swap",
            )
        raise ValueError(f"unknown phase {phase!r}")

    def compose_form(self, step: FormStep, value: Any) -> list[Any]:
        ticked = [v for v in value if isinstance(v, str)] if isinstance(value, list) else []
        return [Checklist(self.options().questions, ticked, classes="form-first")]

    def form_value(self, step: FormStep) -> Any:
        lists = self.query(Checklist)
        return lists.first().ticked if lists else []

    def on_checklist_changed(self, event: Checklist.Changed) -> None:
        event.stop()
        self.form_changed()

    def advance(self, state: DreamState, step: Step, value: Any) -> None:
        phase = state.phase
        if phase == "first":
            state.first = state.sharer = value
            state.phase, state.side_started = "dream", now_iso()
        elif phase == "dream":
            state.phase = "questions"
        elif phase == "questions":
            state.phase = "learned"
        elif phase == "learned":
            state.phase, state.writer = "support", "a"
        elif phase == "support":
            if state.writer == "a":
                state.writer = "b"
            else:
                state.phase, state.writer = "reveal", None
        elif phase == "reveal":
            self._end_side(state)
        elif phase == "swap":
            assert state.sharer is not None
            state.side, state.sharer = 2, other_key(state.sharer)
            state.phase, state.side_started = "dream", now_iso()

    def skip_label(self, step: Step) -> str | None:
        """The sharer's turn only works whole; each support note can be skipped alone."""
        phase = self.state.phase
        if phase in IN_A_TURN:
            return "Skip the rest of this turn"
        return "Skip this question" if phase == "support" else None

    def skip(self, state: DreamState, step: Step) -> None:
        if state.phase == "support":
            self.advance(state, step, None)
            return
        state.writer = None
        self._end_side(state)

    def _end_side(self, state: DreamState) -> None:
        assert state.sharer is not None
        state.end_side(state.sharer, now_iso())

    def finished_text(self) -> str:
        return (
            "You both shared a dream, and you both listened for one. Knowing each other's "
            "dreams makes it easier to pull in the same direction. Everything you wrote is saved."
        )
