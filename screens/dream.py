"""Dream sharing: one partner shares a dream, the other catches it with open questions.

Each side runs: the sharer tells a dream and types a short note → the dream
catcher asks some of the content's open questions and ticks the ones they
asked → the catcher writes what they learned → the sharer says whether that
is it ("yes, that's it" or "not quite"; on "not quite" the catcher asks what
was missed and tries again) → the catcher chooses how they can honour the
dream (understand it, support it, or join in: each one a real gift) and may
add one thing they will do → the sharer reads what the catcher offered.
Then the roles swap.

Every step is saved under the documented step names (``dream``,
``questions``, ``learned``, ``caught``, ``honour``, ``support``) with the
partner's role in that side (``sharer`` or ``catcher``). A second try at
saying what was learned is ``learned.2`` and its answer ``caught.2``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    FormStep,
    InfoStep,
    Quote,
    Step,
    TextStep,
    Turn,
)
from workbook.screens.widgets.checklist import Checklist

from workbook.content import DreamOptions
from workbook.labels import choice_buttons
from workbook.model import Answer, PartnerKey, now_iso, other_key
from workbook.run_state import TwoSides

SHARER = "sharer"
CATCHER = "catcher"

#: The phases of one side, in order; the timer runs while the dream is talked about.
TALKING = ("dream", "questions", "learned", "caught")

#: The phases of the sharer's turn; skipping one skips the turn (the offer comes after).
IN_A_TURN = frozenset(TALKING)

#: The ways a dream catcher can honour a dream, from the least asked to the most.
LEVELS = ("understand_it", "support_it", "join_in")

#: Each way, as the catcher offers it to the sharer, in the catcher's own voice.
OFFERS = {
    "understand_it": "I want to understand your dream, and why it matters to you.",
    "support_it": "I'll back you in it, with time, money or encouragement, whatever fits.",
    "join_in": "I'd like to join in, and make it part of our life too.",
}


@dataclass
class DreamState(TwoSides):
    """Where a dream-sharing exercise has got to."""

    first: PartnerKey | None = None
    """Who shared first."""
    sharer: PartnerKey | None = None
    """Who shares a dream now (the other is the dream catcher)."""
    attempt: int | None = None
    """Which try the dream catcher is at, saying what they learned (None: the first).

    Optional, so an attempt saved before there were retries still resumes.
    """


class DreamScreen(ExerciseScreen[DreamState]):
    """One partner shares a dream, the other catches it, checks it and offers what they can."""

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
4. **Sharer:** is that it? If *not quite*, say out loud what was missed, and
   the dream catcher tries again.
5. **Dream catcher:** choose how you can honour the dream: *understand it*,
   *support it* or *join in*. Each one is a real gift, and understanding it
   is enough. Choose what you can honestly offer, and add one thing you will
   do if you like.
6. **Sharer:** read what was offered. Then swap, and the other one shares a
   dream.

**ctrl+s** confirms a step, **ctrl+g** starts or pauses the timer for each
side, **ctrl+t** pauses, **Escape** leaves (your place is kept).
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
        """This side's answer, told apart by role.

        Each partner catches one dream, but a run from an earlier version may hold a
        ``support`` note from each partner on both sides, one as sharer and one as catcher.
        """
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
        k = state.attempt or 1
        if phase == "learned":
            hint = "What it means to them, where it comes from, what they hope for or fear."
            quotes: tuple[Quote, ...] = (note,)
            prompt = f"{c_name}, what did you learn about {s_name}'s dream?"
            if k > 1:
                prompt = f"{c_name}, try again: what did you learn about {s_name}'s dream?"
                hint = (
                    f"Ask {s_name} what you missed, and listen. Then write it again in your "
                    "own words."
                    if k < 3 else  # missed twice: say it is normal, so nobody gives up hurt
                    f"It can take a few tries to catch a dream. Ask {s_name} for the part that "
                    "matters most, and say just that."
                )
                quotes = (note, self.quote("Your last try", catcher, _learned_step(k - 1)))
            return TextStep(
                step=_learned_step(k),
                turn=Turn(catcher, "write what you learned", "waits"),
                role=CATCHER,
                prompt=prompt,
                hint=hint,
                starter="I learned that ",
                allow_private=False,  # the sharer says next whether it is right
                quotes=quotes,
            )
        if phase == "caught":
            return ChoiceStep(
                step="caught" if k == 1 else f"caught.{k}",
                turn=Turn(sharer, "did they get it?", "waits"),
                role=SHARER,
                prompt=f"{s_name}, did {c_name} get your dream?",
                hint=f"If not quite, tell {c_name} out loud what was missed, and they can "
                "try again.",
                choices=choice_buttons("got_it", "not_quite"),
                quotes=(note, self.quote(f"What {c_name} learned", catcher, _learned_step(k))),
            )
        if phase == "honour":
            return ChoiceStep(
                step="honour",
                turn=Turn(catcher, "choose what you can offer", "waits"),
                role=CATCHER,
                prompt=f"{c_name}, how can you honour {s_name}'s dream?",
                hint="Understand it: you want to know the dream and why it matters. "
                "Support it: you'll back it, with time, money or encouragement. "
                "Join in: you'd like to make it part of your life together too.\n\n"
                "Each one is a real gift, and understanding it is enough. Choose what you "
                f"can honestly offer today, not what you think {s_name} hopes for.",
                choices=choice_buttons(*LEVELS),
            )
        if phase == "support":
            return TextStep(
                step="support",
                turn=Turn(catcher, "one thing you'll do, if you like", "waits"),
                role=CATCHER,
                prompt=f"{c_name}, is there one thing you'll do for {s_name}'s dream?",
                hint=f"Something small and real is enough. Or leave it empty: what you chose "
                f"already counts. {s_name} reads this next.",
                starter="I'll ",
                optional=True,
                allow_private=False,  # written to be read: leaving it empty is the way out
                quotes=(note,),
            )
        if phase in ("offered", "reveal"):  # "reveal": a run left at an earlier version's end
            return ChoiceStep(
                step="offered",
                turn=Turn(sharer, f"read what {c_name} offers", "waits"),
                prompt=f"{s_name}, this is what {c_name} can offer your dream.",
                hint=f"Whatever it is, it is a real gift. Thank {c_name} out loud, in your "
                "own words.",
                choices=(("thanks", "Thank you"),),
                save=False,
                quotes=self.offer(catcher, c_name),
            )
        if phase == "swap":
            return InfoStep(
                title="Swap roles",
                text=f"Thank you, both. Now {c_name} shares a dream and {s_name} is the "
                "dream catcher.",
                button="Swap",
            )
        raise ValueError(f"unknown phase {phase!r}")

    def offer(self, catcher: PartnerKey, c_name: str) -> tuple[Quote, ...]:
        """What the dream catcher offered: the way they chose, and the one thing, if any."""
        quotes = []
        chosen = self.answer_for("honour", catcher)
        if chosen is not None and chosen.value in OFFERS:
            quotes.append(Quote(catcher, f"What {c_name} can offer", OFFERS[chosen.value]))
        thing = self.quote(f"One thing {c_name} will do", catcher, "support")
        if thing.text:
            quotes.append(thing)
        if not quotes:  # an earlier version's run, or nothing chosen: still something kind
            quotes.append(Quote(catcher, f"What {c_name} can offer", OFFERS["understand_it"]))
        return tuple(quotes)

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
            state.phase, state.side_started, state.attempt = "dream", now_iso(), 1
        elif phase == "dream":
            state.phase = "questions"
        elif phase == "questions":
            state.phase = "learned"
        elif phase == "learned":
            state.phase = "caught"
        elif phase == "caught":
            if value == "got_it":
                state.phase = "honour"
            else:
                state.phase, state.attempt = "learned", (state.attempt or 1) + 1
        elif phase == "honour":
            state.phase = "support"
        elif phase == "support":
            state.phase = "offered"
        elif phase in ("offered", "reveal"):
            self._end_side(state)
        elif phase == "swap":
            assert state.sharer is not None
            state.side, state.sharer = 2, other_key(state.sharer)
            state.phase, state.side_started, state.attempt = "dream", now_iso(), 1

    def skip_label(self, step: Step) -> str | None:
        """The sharer's turn only works whole; what the catcher offers can be left out."""
        phase = self.state.phase
        if phase in IN_A_TURN:
            return "Skip the rest of this turn"
        return "Skip this question" if phase in ("honour", "support") else None

    def skip(self, state: DreamState, step: Step) -> None:
        if state.phase == "support":
            self.advance(state, step, None)  # what was chosen is still shown to the sharer
            return
        # Skipping the choice, or the sharer's turn, offers nothing: straight on to the swap.
        self._end_side(state)

    def _end_side(self, state: DreamState) -> None:
        assert state.sharer is not None
        state.end_side(state.sharer, now_iso())

    def finished_text(self) -> str:
        return (
            "You both shared a dream, and you both listened for one, and offered what you "
            "honestly could. Knowing each other's dreams makes it easier to pull in the same "
            "direction. Everything you wrote is saved."
        )


def _learned_step(attempt: int) -> str:
    """The saved step of the dream catcher's ``attempt`` at saying what they learned."""
    return "learned" if attempt == 1 else f"learned.{attempt}"
