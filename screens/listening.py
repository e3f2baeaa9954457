"""The active listening drill: one partner holds the floor, the other says back what they hear.

It opens with an appointment: before anyone speaks, the two check that now
is a good time, and may choose "not now" and agree a time instead. Then each
side runs: pick a topic → the speaker says a short piece → the listener
paraphrases → the speaker marks it "yes, that's it" or "not quite" (then
clarifies, and the listener tries again) → "is there more?" → the listener
validates and names a feeling guess → the speaker says whether it fits.
Then the roles swap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any, Self

from textual.widget import Widget
from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    InfoStep,
    Quote,
    Step,
    TextStep,
    Turn,
)

from workbook.content import ListeningOptions
from workbook.labels import choice_buttons
from workbook.model import PartnerKey, now_iso, other_key
from workbook.run_state import TwoSides
from workbook.statement_library import latest_statements

OWN_TOPIC = "__own__"

NOT_NOW = "not_now"
"""The opening choice that puts the drill off until a time that suits both."""

#: The phases inside one partner's turn holding the floor; skipping one skips the turn.
IN_A_TURN = frozenset({
    "topic", "topic_own", "chunk", "clarify", "paraphrase", "mark", "more", "summary",
    "validation", "empathy", "fits",
})


@dataclass
class ListeningState(TwoSides):
    """Where a listening drill has got to."""

    first: PartnerKey | None = None
    """Who held the floor first."""
    speaker: PartnerKey | None = None
    """Who holds the floor now."""
    round: int = 1
    """Which short piece of the speaker's this is."""
    attempt: int = 1
    """Which try at saying this piece back."""
    empathy: int = 1
    """Which guess at the speaker's feeling."""
    topic: str | None = None
    """What the speaker chose to talk about."""
    first_topic: str | None = None
    """What the first speaker talked about, offered to the second once they swap."""

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        """The saved state; a drill put off ("not now") picks up at its opening question.

        The couple come back at the time they agreed, so they are asked again
        whether now is a good time rather than shown the goodbye once more.
        """
        state = super().from_doc(doc)
        if state.phase == "later":
            state.phase = "first"
        return state


class ListeningScreen(ExerciseScreen[ListeningState]):
    """Speaker-listener turns with paraphrase, accuracy marks, validation and empathy."""

    RULES = (
        "The speaker holds the floor and speaks in short pieces. "
        "The listener says back what they heard: no rebuttal, no fixing, stay with their words."
    )

    HELP = """\
## The listening drill

One of you **holds the floor** (shown at the top in your colour) and speaks;
the other listens and says back what they heard. Only the one with the floor
speaks about the topic.

Start by asking each other: *is now a good time?* If it isn't, say so kindly
and agree a time that suits you both; **Not now** puts the drill off until then.

1. **Speaker:** say one short piece — a few sentences. Type it, or say it
   aloud and type a few words as a note.
2. **Listener:** say back what you heard, in your own words: *"What I hear
   is…"*. No answering back, no advice, no fixing.
3. **Speaker:** was that it? If *not quite*, say what was missed, and the
   listener tries again. Then: is there more?
4. **Listener:** once there is no more, sum up the whole of it (*"So, all in
   all…"*), then let the speaker know their view makes sense from where they
   stand (*"That makes sense, because…"*) — this is not the same as agreeing
   — and name a feeling you imagine they have.
5. The speaker thanks the listener. Swap, and the other partner holds the
   floor; they may take the same topic, to give their side of it.

**ctrl+s** confirms a step, **ctrl+o** keeps an answer private, **ctrl+g**
starts or pauses the turn timer (if this exercise has one), **ctrl+t**
pauses, **Escape** leaves (your place is kept).
"""

    state_type = ListeningState

    # Three choices with names in them do not fit side by side on a narrow
    # terminal: the opening step stacks them, one full-width button each.
    DEFAULT_CSS = """
    ListeningScreen .choices.appointment {
        layout: vertical;
    }
    ListeningScreen .choices.appointment Button {
        width: 100%;
        margin-right: 0;
    }
    """

    def topics(self) -> tuple[str, ...]:
        """The suggested topics from content."""
        options = self.exercise.options
        return options.topics if isinstance(options, ListeningOptions) else ()

    def timer_minutes(self, state: ListeningState) -> tuple[str, int] | None:
        options = self.exercise.options
        if not isinstance(options, ListeningOptions) or not options.turn_minutes:
            return None
        if state.phase in ("first", "later", "done"):
            return None
        return f"side-{state.side}", options.turn_minutes

    # -- steps -------------------------------------------------------------------------

    def current_step(self, state: ListeningState) -> Step | None:
        phase = state.phase
        if phase == "done":
            return None
        if phase == "first":
            return self.appointment(self.who_goes_first(
                "Before you start, ask each other: is now a good time to talk? If it is, "
                "who holds the floor first? The other one listens.",
                "speaks",
            ))
        if phase == "later":
            return InfoStep(
                title="Another time, then",
                text="That's fine. Listening goes best when you both have room for it, and "
                "saying “not now” kindly is part of the skill. Agree on a time that "
                "suits you both, today or another day, and come back to this then. "
                "It will start again from this same question.",
                button="Back",
            )
        speaker = state.speaker
        if speaker is None:
            raise ValueError("no speaker")
        listener = other_key(speaker)
        s_name, l_name = self.partner(speaker).name, self.partner(listener).name
        n, k = state.round, state.attempt
        speak = Turn(speaker, "you hold the floor", "listens")
        reply = Turn(listener, "say back what you heard", f"— the floor stays with {s_name}")
        topic = state.topic or ""
        if phase == "topic":
            same = state.first_topic if state.side == 2 else None
            choices = [(t, t) for t in self.topics() if t != same]
            if same:
                # The second speaker may give their side of the same thing.
                choices.insert(0, (same, f"The same topic: {same}"))
            choices += [(s, f"From my “I” statements: {s}") for s in self._statements(speaker)]
            choices.append((OWN_TOPIC, "Our own topic…"))
            return ChoiceStep(
                step="topic",
                turn=Turn(speaker, "choose what you'd like to talk about", "waits"),
                role="speaker",
                prompt=f"{s_name}, what would you like to talk about?",
                choices=tuple(choices),
                steer_only=(OWN_TOPIC,),
            )
        if phase == "topic_own":
            return TextStep(
                step="topic",
                turn=Turn(speaker, "name your topic", "waits"),
                role="speaker",
                prompt="In a few words, what would you like to talk about?",
                placeholder="For example: how our weekends have felt lately",
                allow_private=False,
            )
        if phase == "chunk":
            return TextStep(
                step=f"chunk-{n}",
                turn=speak,
                role="speaker",
                prompt=f"Topic: {topic}\n\n{s_name}, say one short piece of what's on your mind.",
                hint="Type it, or say it aloud and type a few words as a note. Keep it short "
                "enough for the listener to hold.",
                placeholder="What I'd like you to know is…",
                allow_private=False,  # the listener has to hear it to say it back
            )
        if phase == "clarify":
            return TextStep(
                step=f"clarify-{n}.{k}",
                turn=speak,
                role="speaker",
                prompt=f"{s_name}, what was missed, or what did you mean?",
                hint=(
                    "Say it again in other words. No blame: it is hard to hear everything."
                    if k < 3 else  # missed twice: the piece may be too long to hold
                    "Try a shorter piece this time, a sentence or two: it is much easier "
                    "to hold, and to say back."
                ),
                allow_private=False,
                quotes=(
                    self.piece(state, f"What you said, {s_name}"),
                    self.said_back(state, k - 1, f"What {l_name} said back"),
                ),
            )
        if phase == "paraphrase":
            return TextStep(
                step=f"paraphrase-{n}.{k}",
                turn=reply,
                role="listener",
                prompt=f"{l_name}, say back what you heard {s_name} say, in your own words.",
                hint="Only what they said — no answer, no advice, no 'but'.",
                # The speaker's piece stays off this step: the skill is listening, not copying.
                starter="What I hear is ",
                allow_private=False,  # the speaker judges it next
            )
        if phase == "mark":
            return ChoiceStep(
                step=f"mark-{n}.{k}",
                turn=Turn(speaker, "did that capture it?", "waits"),
                role="speaker",
                prompt=f"{s_name}, did {l_name} get it?",
                choices=choice_buttons("got_it", "not_quite"),
                quotes=(
                    self.piece(state, f"What {s_name} said"),
                    self.said_back(state, k, f"What {l_name} said back"),
                ),
            )
        if phase == "more":
            return ChoiceStep(
                step=f"more-{n}",
                turn=Turn(speaker, "anything else?", "waits"),
                role="speaker",
                prompt=f"{s_name}, is there more?",
                choices=choice_buttons("more", "enough"),
            )
        if phase == "summary":
            return TextStep(
                step="summary",
                turn=Turn(listener, "sum it all up", "listens"),
                role="listener",
                prompt=f"{l_name}, sum up everything {s_name} said, as a whole.",
                hint="A few sentences in your own words, then ask out loud: did I get it all?",
                # From memory, like each piece: the speaker's words stay off this step.
                starter="So, all in all, ",
                allow_private=False,
            )
        if phase == "validation":
            return TextStep(
                step="validation",
                turn=Turn(listener, "let them know it makes sense", "listens"),
                role="listener",
                prompt=f"{l_name}, let {s_name} know how their view makes sense from where "
                "they stand.",
                hint="Validating is not agreeing. You are showing you can see it their way.",
                starter="That makes sense, because ",
                quotes=(self.everything_said(state, f"What {s_name} said"),),
            )
        if phase == "empathy":
            attempt = state.empathy
            return TextStep(
                step=_empathy_step(attempt),
                turn=Turn(listener, "name a feeling you imagine", "listens"),
                role="listener",
                prompt=f"{l_name}, what do you imagine {s_name} feels about this?",
                hint="A guess is fine; they will tell you if it fits.",
                starter="I imagine you feel ",
                allow_private=False,  # the speaker says next whether it fits
                quotes=(self.everything_said(state, f"What {s_name} said"),),
            )
        if phase == "fits":
            return ChoiceStep(
                step="fits" if state.empathy == 1 else f"fits.{state.empathy}",
                turn=Turn(speaker, "does that fit?", "waits"),
                role="speaker",
                prompt=f"{s_name}, does {l_name}'s guess fit how you feel?",
                choices=choice_buttons("fits", "not_quite"),
                quotes=(self.quote(f"{l_name}'s guess", listener, _empathy_step(state.empathy)),),
            )
        if phase == "swap":
            return InfoStep(
                title="Swap roles",
                text=f"{s_name}, thank {l_name} for listening, out loud and in your own "
                f"words. Then {l_name} holds the floor and {s_name} listens.",
                button="Swap",
            )
        if phase == "thanks":
            return InfoStep(
                title="Before you finish",
                text=f"{s_name}, thank {l_name} for listening, out loud and in your own words.",
                button="Finish",
            )
        raise ValueError(f"unknown phase {phase!r}")

    def compose_step(self, step: Step) -> list[Widget]:
        """The step's widgets; the opening choice's buttons are stacked (see DEFAULT_CSS)."""
        widgets = super().compose_step(step)
        if isinstance(step, ChoiceStep) and step.step == "first":
            for widget in widgets:
                if widget.has_class("choices"):
                    widget.add_class("appointment")
        return widgets

    def appointment(self, step: ChoiceStep) -> ChoiceStep:
        """The "who goes first" choice, with a kind way to say now is not a good time."""
        return replace(
            step,
            hint=f"{step.hint} If now isn't a good time for one of you, that's fine: "
            "say so, and offer a time that suits you both.",
            choices=step.choices + choice_buttons(NOT_NOW),
        )

    def piece(self, state: ListeningState, label: str) -> Quote:
        """The speaker's piece being said back now, with what they added when it was missed."""
        assert state.speaker is not None
        n = state.round
        clarified = [f"clarify-{n}.{k}" for k in range(2, state.attempt + 1)]
        return self.quote(label, state.speaker, f"chunk-{n}", *clarified)

    def said_back(self, state: ListeningState, attempt: int, label: str) -> Quote:
        """What the listener said back at ``attempt`` of the piece being said back now."""
        assert state.speaker is not None
        return self.quote(label, other_key(state.speaker), f"paraphrase-{state.round}.{attempt}")

    def everything_said(self, state: ListeningState, label: str) -> Quote:
        """Every piece the speaker said in this turn, for the listener's reply to all of it."""
        assert state.speaker is not None
        steps = [f"chunk-{n}" for n in range(1, state.round + 1)]
        return self.quote(label, state.speaker, *steps)

    def _statements(self, partner: PartnerKey) -> list[str]:
        """This partner's latest "I" statements, for use as a topic."""
        return latest_statements(self.store, partner)

    def advance(self, state: ListeningState, step: Step, value: Any) -> None:
        phase = state.phase
        if phase == "first" and value == NOT_NOW:
            state.phase = "later"  # nothing is saved as an answer, and the drill is not done
        elif phase == "first":
            state.first = state.speaker = value
            state.phase = "topic"
            state.side_started = now_iso()
        elif phase == "topic":
            if value == OWN_TOPIC:
                state.phase = "topic_own"
            else:
                state.topic, state.phase = value, "chunk"
        elif phase == "topic_own":
            state.topic, state.phase = value.strip(), "chunk"
        elif phase in ("chunk", "clarify"):
            state.phase = "paraphrase"
        elif phase == "paraphrase":
            state.phase = "mark"
        elif phase == "mark":
            if value == "got_it":
                state.phase = "more"
            else:
                state.phase, state.attempt = "clarify", state.attempt + 1
        elif phase == "more":
            if value == "more":
                state.phase, state.round, state.attempt = "chunk", state.round + 1, 1
            else:
                state.phase = "summary"
        elif phase == "summary":
            state.phase = "validation"
        elif phase == "validation":
            state.phase = "empathy"
        elif phase == "empathy":
            state.phase = "fits"
        elif phase == "fits":
            if value == "fits":
                self._end_side(state)
            else:
                state.phase, state.empathy = "empathy", state.empathy + 1
        elif phase == "thanks":
            state.phase = "done"
        elif phase == "swap":
            assert state.speaker is not None
            state.side, state.speaker, state.phase = 2, other_key(state.speaker), "topic"
            state.round = state.attempt = state.empathy = 1
            state.side_started = now_iso()
            state.first_topic, state.topic = state.topic, None

    def action_confirm(self) -> None:
        """On the "another time" page, Back leaves: the drill waits for the agreed time."""
        if self.state.phase == "later" and isinstance(self.shown_step, InfoStep):
            self.action_leave()
            return
        super().action_confirm()

    def skip_label(self, step: Step) -> str | None:
        """Skipping a step of a turn skips what is left of that turn: it only works whole."""
        return "Skip the rest of this turn" if self.state.phase in IN_A_TURN else None

    def skip(self, state: ListeningState, step: Step) -> None:
        self._end_side(state)

    def _end_side(self, state: ListeningState) -> None:
        assert state.speaker is not None
        state.end_side(state.speaker, now_iso())
        if state.phase == "done":
            state.phase = "thanks"  # the last speaker thanks the listener before the end

    def finished_text(self) -> str:
        return (
            "You both held the floor and you both listened. That is the whole skill, and "
            "it gets easier every time. Everything you wrote is saved."
        )


def _empathy_step(attempt: int) -> str:
    """The saved step of the listener's feeling guess at ``attempt``."""
    return "empathy" if attempt == 1 else f"empathy.{attempt}"
