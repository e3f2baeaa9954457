"""The active listening drill: one partner holds the floor, the other says back what they hear.

Each side runs: pick a topic → the speaker says a short piece → the listener
paraphrases → the speaker marks it "yes, that's it" or "not quite" (then
clarifies, and the listener tries again) → "is there more?" → the listener
validates and names a feeling guess → the speaker says whether it fits.
Then the roles swap.
"""

from __future__ import annotations

from typing import Any

from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    InfoStep,
    Step,
    TextStep,
    Turn,
)

from workbook.content import ListeningOptions
from workbook.model import PartnerKey, now_iso, other_key

OWN_TOPIC = "__own__"

#: The phases inside one partner's turn holding the floor; skipping one skips the turn.
IN_A_TURN = frozenset({
    "topic", "topic_own", "chunk", "clarify", "paraphrase", "mark", "more", "validation",
    "empathy", "fits",
})


class ListeningScreen(ExerciseScreen):
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

1. **Speaker:** say one short piece — a few sentences. Type it, or say it
   aloud and type a few words as a note.
2. **Listener:** say back what you heard, in your own words: *"What I hear
   is…"*. No answering back, no advice, no fixing.
3. **Speaker:** was that it? If *not quite*, say what was missed, and the
   listener tries again. Then: is there more?
4. **Listener:** let the speaker know their view makes sense from where they
   stand (*"That makes sense, because…"*) — this is not the same as agreeing
   — and name a feeling you imagine they have.
5. Swap, and the other partner holds the floor.

**ctrl+s** confirms a step, **ctrl+o** keeps an answer private, **ctrl+g**
starts or pauses the turn timer (if this exercise has one), **ctrl+t**
pauses, **Escape** leaves (your place is kept).
"""

    # -- state ---------------------------------------------------------------------

    def initial_state(self) -> dict[str, Any]:
        return {"phase": "first", "side": 1, "round": 1, "attempt": 1, "empathy": 1}

    def topics(self) -> tuple[str, ...]:
        """The suggested topics from content."""
        options = self.exercise.options
        return options.topics if isinstance(options, ListeningOptions) else ()

    def timer_minutes(self, state: dict[str, Any]) -> tuple[str, int] | None:
        options = self.exercise.options
        if not isinstance(options, ListeningOptions) or not options.turn_minutes:
            return None
        if state.get("phase") in ("first", "done"):
            return None
        return f"side-{state.get('side', 1)}", options.turn_minutes

    # -- steps -------------------------------------------------------------------------

    def current_step(self, state: dict[str, Any]) -> Step | None:
        phase = state["phase"]
        if phase == "done":
            return None
        if phase == "first":
            return self.who_goes_first(
                'Who holds the floor first? The other one listens.',
                'speaks',
            )
        speaker: PartnerKey = state["speaker"]
        listener = other_key(speaker)
        s_name, l_name = self.partner(speaker).name, self.partner(listener).name
        n, k = state["round"], state["attempt"]
        speak = Turn(speaker, "you hold the floor", "listens")
        reply = Turn(listener, "say back what you heard", f"— the floor stays with {s_name}")
        topic = state.get("topic", "")
        if phase == "topic":
            choices = [(t, t) for t in self.topics()]
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
            )
        if phase == "clarify":
            return TextStep(
                step=f"clarify-{n}.{k}",
                turn=speak,
                role="speaker",
                prompt=f"{s_name}, what was missed, or what did you mean?",
                hint="Say it again in other words. No blame: it is hard to hear everything.",
            )
        if phase == "paraphrase":
            return TextStep(
                step=f"paraphrase-{n}.{k}",
                turn=reply,
                role="listener",
                prompt=f"{l_name}, say back what you heard {s_name} say, in your own words.",
                hint="Only what they said — no answer, no advice, no 'but'.",
                placeholder="What I hear is…",
            )
        if phase == "mark":
            heard = self.latest_text(f"paraphrase-{n}.{k}", listener)
            return ChoiceStep(
                step=f"mark-{n}.{k}",
                turn=Turn(speaker, "did that capture it?", "waits"),
                role="speaker",
                prompt=f"{l_name} said back:\n\n“{heard}”\n\n{s_name}, did {l_name} get it?",
                choices=(("got_it", "Yes, that's it"), ("not_quite", "Not quite")),
            )
        if phase == "more":
            return ChoiceStep(
                step=f"more-{n}",
                turn=Turn(speaker, "anything else?", "waits"),
                role="speaker",
                prompt=f"{s_name}, is there more?",
                choices=(("more", "There's more"), ("enough", "That's it for now")),
            )
        if phase == "validation":
            return TextStep(
                step="validation",
                turn=Turn(listener, "let them know it makes sense", "listens"),
                role="listener",
                prompt=f"{l_name}, let {s_name} know how their view makes sense from where "
                "they stand.",
                hint="Validating is not agreeing. You are showing you can see it their way.",
                placeholder="That makes sense, because…",
            )
        if phase == "empathy":
            attempt = state.get("empathy", 1)
            return TextStep(
                step="empathy" if attempt == 1 else f"empathy.{attempt}",
                turn=Turn(listener, "name a feeling you imagine", "listens"),
                role="listener",
                prompt=f"{l_name}, what do you imagine {s_name} feels about this?",
                hint="A guess is fine; they will tell you if it fits.",
                placeholder="I imagine you feel…",
            )
        if phase == "fits":
            return ChoiceStep(
                step="fits" if state.get("empathy", 1) == 1 else f"fits.{state['empathy']}",
                turn=Turn(speaker, "does that fit?", "waits"),
                role="speaker",
                prompt=f"{s_name}, does {l_name}'s guess fit how you feel?",
                choices=(("fits", "Yes, that fits"), ("not_quite", "Not quite")),
            )
        if phase == "swap":
            return InfoStep(
                title="Swap roles",
                text=f"Thank you, both. Now {l_name} holds the floor and {s_name} listens.",
                button="Swap",
            )
        raise ValueError(f"unknown phase {phase!r}")

    def _statements(self, partner: PartnerKey) -> list[str]:
        """This partner's latest "I" statements, for use as a topic."""
        found: list[str] = []
        for answer in reversed(self.store.answers(partner=partner)):
            if answer.step == "statement" and isinstance(answer.value, dict) and not answer.draft:
                text = answer.value.get("text")
                if isinstance(text, str) and text and text not in found:
                    found.append(text)
            if len(found) == 2:
                break
        return found

    def advance(self, state: dict[str, Any], step: Step, value: Any) -> None:
        phase = state["phase"]
        if phase == "first":
            state.update(first=value, speaker=value, phase="topic")
            state.setdefault("durations", {})
            state["side_started"] = now_iso()
        elif phase == "topic":
            if value == OWN_TOPIC:
                state["phase"] = "topic_own"
            else:
                state.update(topic=value, phase="chunk")
        elif phase == "topic_own":
            state.update(topic=value.strip(), phase="chunk")
        elif phase in ("chunk", "clarify"):
            state["phase"] = "paraphrase"
        elif phase == "paraphrase":
            state["phase"] = "mark"
        elif phase == "mark":
            if value == "got_it":
                state["phase"] = "more"
            else:
                state.update(phase="clarify", attempt=state["attempt"] + 1)
        elif phase == "more":
            if value == "more":
                state.update(phase="chunk", round=state["round"] + 1, attempt=1)
            else:
                state["phase"] = "validation"
        elif phase == "validation":
            state["phase"] = "empathy"
        elif phase == "empathy":
            state["phase"] = "fits"
        elif phase == "fits":
            if value == "fits":
                self._end_side(state)
            else:
                state.update(phase="empathy", empathy=state.get("empathy", 1) + 1)
        elif phase == "swap":
            state.update(
                side=2, speaker=other_key(state["speaker"]), phase="topic",
                round=1, attempt=1, empathy=1, side_started=now_iso(),
            )
            state.pop("topic", None)

    def skip_label(self, step: Step) -> str | None:
        """Skipping a step of a turn skips what is left of that turn: it only works whole."""
        return "Skip the rest of this turn" if self.state.get("phase") in IN_A_TURN else None

    def skip(self, state: dict[str, Any], step: Step) -> None:
        self._end_side(state)

    def _end_side(self, state: dict[str, Any]) -> None:
        durations = state.setdefault("durations", {})
        durations[state["speaker"]] = {"started": state.get("side_started"), "ended": now_iso()}
        state["phase"] = "swap" if state["side"] == 1 else "done"

    def finished_text(self) -> str:
        return (
            "You both held the floor and you both listened. That is the whole skill, and "
            "it gets easier every time. Everything you wrote is saved."
        )
