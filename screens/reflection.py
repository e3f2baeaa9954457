"""Reflection: a list of questions each partner answers, privately then revealed, or together.

``private_reveal``: for each question, partner A answers on their own (after
a hand-off), then partner B (after a hand-off), then both answers appear
side by side. ``shared``: the couple talks each question through aloud and
each writes a line in turn, in the open (the reader of the question first,
taking turns), then sees both lines together.

Questions can be free text, a choice, a 0–10 scale, a ranking, or a guess
(answer for yourself and guess the other's answer; always private, whatever
the mode, or the guess would be no guess). After each question the couple
may stop ("That's enough for today"): the attempt counts as done, and next
time the exercise offers to pick up at the following question.

Every answer is saved as ``prompt-N`` (N counting the content's questions
from 1, unless a question says it is ``saved_as`` another): text, the chosen
text, an integer 0–10, the list in order, or ``{"self": ..., "guess": ...}``.

A guess may offer choices: each partner picks their own answer and their
guess from the same list, and a guess of the same choice knew the answer. A
written guess is judged by the person whose answer it guessed, once both
are shown: "close enough?" is saved as ``prompt-N.knew`` (``"yes"`` or
``"no"``), and only a yes (or the very same words) earns the ✓.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Label, Static, TextArea
from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    FormStep,
    InfoStep,
    Quote,
    RevealStep,
    Step,
    TextStep,
    Turn,
    starts_private,
)
from workbook.screens.text import prose
from workbook.screens.widgets.picklist import PickList
from workbook.screens.widgets.ranking import Ranking
from workbook.screens.widgets.reveal import RevealView, describe_value
from workbook.screens.widgets.scale import Scale

from workbook.compare import (
    CLOSE_ENOUGH,
    NOT_REALLY,
    compare_note,
    guess_knew,
    knew_step,
    ranking_gap_note,
)
from workbook.content import Prompt, ReflectionOptions
from workbook.model import PARTNER_KEYS, Answer, Partner, PartnerKey, Visibility, other_key
from workbook.run_state import RunState

PRIVATE_REVEAL = "private_reveal"
SHARED = "shared"

ENOUGH = "enough"
"""The value of the reveal step when the couple stops for today."""


def shown_part(answer: Answer | None, part: str) -> str | None:
    """One half (``self`` or ``guess``) of a guess answer, or None when private or missing."""
    if answer is None or answer.visibility == Visibility.PRIVATE:
        return None
    if not isinstance(answer.value, dict):
        return None
    value = answer.value.get(part)
    return str(value) if value is not None else None


class GuessReveal(Horizontal):
    """For each partner: their own answer beside the other's guess, with matches marked."""

    DEFAULT_CSS = """
    GuessReveal { height: auto; }
    GuessReveal > VerticalScroll {
        width: 1fr; height: auto; max-height: 16;
        border: round $panel; padding: 0 1; margin: 0 1 0 0;
    }
    GuessReveal .guess-label { color: $text-muted; width: 100%; }
    GuessReveal .guess-value { margin-bottom: 1; }
    GuessReveal .private-answer { color: $text-muted; text-style: italic; margin-bottom: 1; }
    GuessReveal .guess-match { color: $text-success; text-style: bold; }
    """

    def __init__(
        self,
        answers: dict[PartnerKey, tuple[Partner, Answer | None]],
        said: dict[PartnerKey, Answer | None] | None = None,
        *,
        picked: bool = False,
    ) -> None:
        super().__init__()
        self.answers = answers
        """Each partner with their answer (``{"self", "guess"}``), or None."""
        self.said = said or {}
        """Each partner's word on the other's guess of their answer ("close enough?"), if any."""
        self.picked = picked
        """True when the guesses were picked from choices: the same choice knew it."""

    def shown(self, key: PartnerKey, part: str) -> str | None:
        """One half of a partner's answer, or None when it is private or missing."""
        return shown_part(self.answers[key][1], part)

    def knew(self, key: PartnerKey) -> bool | None:
        """Whether the other partner knew ``key``'s answer; None while only ``key`` can say."""
        own, guess = self.shown(key, "self"), self.shown(other_key(key), "guess")
        word = self.said.get(key)
        return guess_knew(own, guess, picked=self.picked,
                          said=word.value if word is not None else None)

    def matched(self, key: PartnerKey) -> bool:
        """True when the other partner knew ``key``'s answer: the ✓ shows."""
        return self.knew(key) is True

    def _hidden(self, key: PartnerKey) -> str:
        partner, answer = self.answers[key]
        if answer is None:
            return "(no answer)"
        return f"🔒 private answer by {partner.name}"

    def compose(self) -> ComposeResult:
        for key in ("a", "b"):
            partner, _answer = self.answers[key]
            other, _ = self.answers[other_key(key)]
            panel = VerticalScroll()
            panel.border_title = Content(partner.name)  # a str border title is markup
            panel.styles.border = ("round", partner.colour)
            with panel:
                own = self.shown(key, "self")
                yield Label(f"{partner.name}'s answer", classes="guess-label", markup=False)
                if own is None:
                    yield Static(self._hidden(key), classes="private-answer", markup=False)
                else:
                    yield Static(own, classes="guess-value", markup=False)
                guess = self.shown(other_key(key), "guess")
                yield Label(f"{other.name} guessed", classes="guess-label", markup=False)
                if guess is None:
                    yield Static(self._hidden(other_key(key)), classes="private-answer",
                                 markup=False)
                else:
                    yield Static(guess, classes="guess-value", markup=False)
                if self.matched(key):
                    yield Static(f"✓ {other.name} knew this one", classes="guess-match",
                                 markup=False)


@dataclass
class ReflectionState(RunState):
    """Where a set of questions has got to."""

    phase: str = "intro"
    index: int = 0
    """The question being answered or revealed (0-based)."""
    turn: int | None = None
    """1 while the first partner answers the question, 2 while the second does."""
    start: int | None = None
    """The question this attempt began at (after picking up where the last one stopped)."""
    stopped_at: int | None = None
    """Where the last attempt stopped, while offering to pick up from there."""
    stopped: bool | None = None
    """True when the couple chose "that's enough for today"."""
    next: int | None = None
    """The question after the last one answered, once finished."""


class ReflectionScreen(ExerciseScreen[ReflectionState]):
    """Questions answered privately then revealed side by side, or talked through together."""

    RULES = "Nothing shows until you've both answered. Meet each other's words with thanks."

    SHARED_RULES = "Read each question aloud and both answer, the reader first. Passing is fine."

    HELP = """\
## Questions to answer

Each question is answered by both of you.

- **Answered privately** (most of them): one of you answers while the other
  looks away, then you swap. Only when you have **both** answered do the two
  answers appear side by side. Tick **Keep this private** (**ctrl+o**) and
  your answer is never shown to your partner; it stays yours.
- **Answered together**: read the question aloud, talk it through, then each
  of you writes a line to remember it by, in turn. Leave it empty to pass.
- **Guess your partner**: give your own answer, then what you think your
  partner will say (in your own words, or picked from a list). Both answers
  and both guesses appear together. When a guess is in other words, the one
  whose answer it guessed says whether it was close enough, and a ✓ marks
  the guesses that were. It is not a test and nobody keeps score; a
  different answer is just something new to learn.

How to answer:

- **Words**: type, then **ctrl+s**.
- **A choice**: **↑ ↓** and **Enter**, or a click.
- **A 0–10 scale**: **← →**, a digit (**End** for 10), or a click.
- **Putting things in order**: **Enter** or **Space** picks the highlighted
  item up, **↑ ↓** carry it, **Enter** puts it down. **shift+↑ / shift+↓**
  move it straight away; with the mouse, click an item, then **Up** / **Down**.

After each question you can go on, or choose **That's enough for today**
(**Tab** to it, then **Enter**). The rest can wait: next time you open this
exercise, it offers to pick up at the next question.

**ctrl+s** confirms, **ctrl+o** keeps an answer private, **ctrl+t** pauses,
**Escape** leaves (your place and anything typed are kept).
"""

    DEFAULT_CSS = """
    ReflectionScreen .reveal-note { margin-top: 1; color: $text-muted; }
    ReflectionScreen .reveal-note.-match { color: $text-success; text-style: bold; }
    ReflectionScreen .scale-labels { color: $text-muted; }
    ReflectionScreen #scale { margin-top: 1; }
    ReflectionScreen .guess-field-label { margin-top: 1; }
    ReflectionScreen .guess-field-label.-second { margin-top: 0; }
    ReflectionScreen .guess-field { height: 3; }
    ReflectionScreen .guess-pick { margin-top: 0; }
    ReflectionScreen #answer-private { border: none; padding: 0; margin: 1 0 0 1; }
    ReflectionScreen #answer-private.-tight { margin: 0 0 0 1; }
    ReflectionScreen.-long-choices .choices { layout: vertical; }
    ReflectionScreen.-long-choices .choices Button { margin-bottom: 1; }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.mode == SHARED:
            self.RULES = self.SHARED_RULES

    # -- content --------------------------------------------------------------------

    @property
    def options(self) -> ReflectionOptions:
        """This exercise's mode and questions."""
        options = self.exercise.options
        if isinstance(options, ReflectionOptions):
            return options
        return ReflectionOptions(mode=PRIVATE_REVEAL, prompts=())

    @property
    def mode(self) -> str:
        """``private_reveal`` or ``shared``."""
        return self.options.mode

    @property
    def prompts(self) -> tuple[Prompt, ...]:
        """The questions, in order."""
        return self.options.prompts

    def is_private(self, prompt: Prompt) -> bool:
        """Answered after a hand-off and hidden until both answered.

        Guesses always are, and so are disclosures (``private_first``), even
        in an exercise answered together.
        """
        return self.mode == PRIVATE_REVEAL or prompt.type == "guess" or prompt.private_first

    def first_writer(self, index: int) -> PartnerKey:
        """Who answers a question first: A when answering privately; taking turns when shared."""
        if self.mode == SHARED and index % 2 == 1:
            return "b"
        return "a"

    def writer(self, state: ReflectionState) -> PartnerKey:
        """Who answers now."""
        first = self.first_writer(state.index)
        return first if (state.turn or 1) == 1 else other_key(first)

    # -- state ------------------------------------------------------------------------

    state_type = ReflectionState

    def initial_state(self) -> ReflectionState:
        stopped_at = self.stopped_last_time()
        if stopped_at is not None:
            return ReflectionState(phase="pickup", stopped_at=stopped_at)
        return ReflectionState()

    def stopped_last_time(self) -> int | None:
        """The next question (0-based) if the last finished attempt stopped early, else None."""
        finished = [
            run for run in self.store.runs(exercise=self.exercise.id)
            if run.is_done and (self.run is None or run.id != self.run.id)
        ]
        if not finished:
            return None
        state = max(finished, key=lambda r: r.completed or "").state
        following = state.get("next")
        if state.get("stopped") and isinstance(following, int) \
                and 0 < following < len(self.prompts):
            return following
        return None

    def current_step(self, state: ReflectionState) -> Step | None:
        phase = state.phase
        total = len(self.prompts)
        if phase == "done" or total == 0:
            return None
        if phase == "intro":
            return InfoStep(title=self.exercise.title, text=self._intro_text(), button="Begin")
        if phase == "pickup":
            done = state.stopped_at
            if done is None:
                raise ValueError("nowhere to pick up")
            return ChoiceStep(
                step="pickup",
                prompt=f"Last time you stopped after question {done} of {total}.",
                hint="Pick up where you left off, or start again from the first question. "
                "Your earlier answers stay either way.",
                choices=(
                    ("pickup", f"Pick up at question {done + 1}"),
                    ("restart", "Start from question 1"),
                ),
                save=False,
            )
        index = state.index
        prompt = self.prompts[index]
        if phase == "answer":
            return self._answer_step(index, prompt, self.writer(state), state.turn or 1)
        if phase == "reveal":
            judge = self._next_judge(index, state.turn or 1)
            if judge is not None:
                return self._judge_step(index, judge)
            title = " ".join(prompt.text.split())
            return RevealStep(step=self.step_name(index), title=title)
        raise ValueError(f"unknown phase {phase!r}")

    def step_name(self, index: int) -> str:
        """The step the question at ``index`` (0-based) is saved under (``prompt-1``…)."""
        return self.options.step_of(index)

    # -- a written guess: was it close enough? ---------------------------------------------

    def _judge_order(self, index: int) -> tuple[PartnerKey, PartnerKey]:
        first = self.first_writer(index)
        return first, other_key(first)

    def _next_judge(self, index: int, slot: int) -> PartnerKey | None:
        """Who says next whether a written guess of their answer was close enough, or None.

        ``slot`` is 1 for the first writer, 2 for the other. Only a written
        guess asks, only when both the answer and the guess are shown, and not
        when the words are the same anyway.
        """
        prompt = self.prompts[index]
        if prompt.type != "guess" or prompt.choices:
            return None
        name = self.step_name(index)
        for key in self._judge_order(index)[slot - 1:]:
            own = shown_part(self.answer_for(name, key), "self")
            guess = shown_part(self.answer_for(name, other_key(key)), "guess")
            if guess_knew(own, guess, picked=False) is None:
                return key
        return None

    def _guess_view(self, index: int) -> GuessReveal:
        """Both answers to the guess at ``index``, with what each said of the other's guess."""
        name = self.step_name(index)
        answers = {key: (self.partner(key), self.answer_for(name, key)) for key in PARTNER_KEYS}
        said = {key: self.answer_for(knew_step(name), key) for key in PARTNER_KEYS}
        return GuessReveal(answers, said, picked=bool(self.prompts[index].choices))

    def _judge_step(self, index: int, judge: PartnerKey) -> ChoiceStep:
        other = self.partner(other_key(judge)).name
        return ChoiceStep(
            step=knew_step(self.step_name(index)),
            turn=Turn(judge, "was the guess close?", "waits"),
            prompt=f"{self.partner(judge).name}, was {other}'s guess close enough?",
            hint="Close enough counts. Nobody keeps score.",
            choices=((CLOSE_ENOUGH, "Yes, close enough"), (NOT_REALLY, "Not really")),
        )

    def _intro_text(self) -> str:
        total = len(self.prompts)
        if self.exercise.intro:
            text = prose(self.exercise.intro)
        elif self.mode == SHARED:
            text = "Read each question aloud, talk it through, then each write a line."
        else:
            text = ("Each of you answers on your own while the other looks away. When you "
                    "have both answered, your answers appear side by side.")
        count = "One question." if total == 1 else (
            f"{total} questions. You can stop after any of them and do the rest another time."
        )
        return f"{text}\n\n{count}"

    def _answer_step(self, index: int, prompt: Prompt, writer: PartnerKey, turn: int) -> Step:
        name = self.step_name(index)
        other = self.partner(other_key(writer)).name
        where = f"Question {index + 1} of {len(self.prompts)}."
        question = " ".join(prompt.text.split())
        if self.is_private(prompt):
            first = prompt.private_first
            if prompt.type == "guess":
                shows = ("It stays yours unless you untick “Keep this private” (ctrl+o)."
                         if first else f"Both show once {other} has done the same.")
                return FormStep(
                    step=name,
                    turn=Turn(writer, "your answer, and your guess", "looks away"),
                    prompt=question,
                    hint=f"{where} First your own answer, then what you think {other} will "
                    f"{'pick' if prompt.choices else 'say'}. {shows}",
                    private=True,
                    private_first=first,
                )
            doing = Turn(writer, "answer on your own", "looks away")
            if first:
                hint = (f"{where} This one stays yours unless you choose to show it: untick "
                        f"“Keep this private” (ctrl+o) and {other} sees it once you've both "
                        "answered. Writing “not yet” is a whole answer.")
            else:
                hint = f"{where} {other} sees it only once you've both answered, and never " \
                    "if you keep it private."
            if prompt.type == "text":
                return TextStep(step=name, turn=doing, prompt=question, hint=hint,
                                placeholder="In your own words…", private=True,
                                private_first=first)
            return FormStep(step=name, turn=doing, prompt=question,
                            hint=f"{hint} {_how_to(prompt)}", private=True, private_first=first)
        quotes: tuple[Quote, ...] = ()
        if turn == 1:
            doing = Turn(writer, "read it aloud and answer first", "listens, then answers")
        else:
            doing = Turn(writer, "your turn to answer", "listens")
            quotes = (self._first_answer(name, prompt, other_key(writer)),)
        if prompt.type == "text":
            return TextStep(
                step=name, turn=doing, prompt=question,
                hint=f"{where} Talk it through, then write a line to remember your answer "
                "by. Passing is fine: leave it empty.",
                placeholder="A line to remember it by…", allow_private=False, optional=True,
                quotes=quotes,
            )
        if prompt.type == "choice":
            return ChoiceStep(
                step=name, turn=doing, prompt=question,
                hint=f"{where} Pick yours, then tell each other why.",
                choices=tuple((choice, choice) for choice in prompt.choices),
                quotes=quotes,
            )
        return FormStep(step=name, turn=doing, prompt=question,
                        hint=f"{where} Say why, out loud. {_how_to(prompt)}", quotes=quotes)

    def _first_answer(self, name: str, prompt: Prompt, first: PartnerKey) -> Quote:
        """What the partner who answered first said, for the one answering in reply."""
        answer = self.answer_for(name, first)
        label = f"{self.partner(first).name}'s answer"
        if answer is None:
            return Quote(first, label, "")
        if answer.visibility == Visibility.PRIVATE:
            return Quote(first, label, "", private=True)
        return Quote(first, label, describe_answer(prompt, answer.value))

    def advance(self, state: ReflectionState, step: Step, value: Any) -> None:
        phase = state.phase
        if phase == "intro":
            state.phase, state.index, state.turn = "answer", 0, 1
        elif phase == "pickup":
            start = (state.stopped_at or 0) if value == "pickup" else 0
            state.phase, state.index, state.turn, state.start = "answer", start, 1, start
            state.stopped_at = None
        elif phase == "answer":
            if (state.turn or 1) == 1:
                state.turn = 2
            else:
                state.phase, state.turn = "reveal", None
        elif phase == "reveal" and isinstance(step, ChoiceStep):
            # A word on a guess: the next one to say is whoever comes after this judge.
            slot = self._judge_order(state.index).index(step.turn.partner) + 1 \
                if step.turn is not None else 2
            state.turn = slot + 1
        elif phase == "reveal":
            state.turn = None
            following = state.index + 1
            if value == ENOUGH and following < len(self.prompts):
                state.phase, state.stopped, state.next = "done", True, following
            elif following < len(self.prompts):
                state.phase, state.index, state.turn = "answer", following, 1
            else:
                state.phase, state.next = "done", following

    def skip_label(self, step: Step) -> str | None:
        """Any question can be skipped by whoever is answering it."""
        return "Skip this question" if self.state.phase == "answer" else None

    def finished_text(self) -> str:
        total = len(self.prompts)
        if self.state.stopped:
            following = self.state.next or 0
            return (
                f"That's enough for today, and that's fine. You got as far as question "
                f"{following} of {total}. Next time you open this, you can pick up at "
                f"question {following + 1}. Everything you wrote is saved."
            )
        if self.mode == SHARED:
            return "That's every question. Thank you for listening to each other. " \
                "Everything you wrote is saved."
        return "You've both answered every question and read each other's answers. " \
            "Everything you wrote is saved."

    # -- the forms: choice, scale, ranking, guess ----------------------------------------

    def _prompt_now(self) -> Prompt | None:
        index = self.state.index
        if 0 <= index < len(self.prompts):
            return self.prompts[index]
        return None

    def compose_form(self, step: FormStep, value: Any) -> list[Any]:
        prompt = self._prompt_now()
        assert prompt is not None
        colour = self.partner(step.turn.partner).colour
        widgets: list[Any] = []
        if prompt.type == "scale":
            widgets.append(Scale(value if isinstance(value, int) else None, colour=colour,
                                 id="scale", classes="form-first"))
            labels = _scale_labels(prompt)
            if labels:
                widgets.append(Static(labels, classes="scale-labels", markup=False))
        elif prompt.type == "choice":
            widgets.append(PickList(prompt.choices, value if isinstance(value, str) else None,
                                    classes="form-first"))
        elif prompt.type == "ranking":
            order = list(prompt.choices)
            if isinstance(value, list) and sorted(value) == sorted(order):
                order = [str(v) for v in value]
            widgets.append(Ranking(order, id="ranking", list_classes="form-first"))
        elif prompt.type == "guess":
            saved = value if isinstance(value, dict) else {}
            other = self.partner(other_key(step.turn.partner)).name
            verb = "pick" if prompt.choices else "say"
            for part, label in (("self", "Your own answer"),
                                ("guess", f"Your guess: what will {other} {verb}?")):
                first = part == "self"
                widgets.append(Label(label, classes="guess-field-label" if first
                                     else "guess-field-label -second", markup=False))
                mine = saved.get(part)
                if prompt.choices:
                    widgets.append(PickList(
                        prompt.choices, mine if isinstance(mine, str) else None,
                        classes=f"guess-pick guess-pick-{part}" + (" form-first" if first else ""),
                    ))
                    continue
                area = TextArea(
                    str(mine or ""), soft_wrap=True, show_line_numbers=False,
                    tab_behavior="focus", compact=True, id=f"guess-{part}",
                    classes="guess-field form-first" if first else "guess-field",
                )
                area.cursor_blink = False
                widgets.append(area)
        if step.private:
            other = self.partner(other_key(step.turn.partner)).name
            existing = self.answer_for(step.step, step.turn.partner)
            widgets.append(Checkbox(
                Content(f"Keep this private — never shown to {other} (ctrl+o)"),
                value=starts_private(step, existing),
                id="answer-private",
                classes="-tight" if prompt.type == "guess" else "",
            ))
        return widgets

    def form_value(self, step: FormStep) -> Any:
        prompt = self._prompt_now()
        if prompt is None:
            return None
        if prompt.type == "scale":
            scales = self.query(Scale)
            return scales.first().value if scales else None
        if prompt.type == "choice":
            lists = self.query(PickList)
            return lists.first().picked if lists else None
        if prompt.type == "ranking":
            rankings = self.query(Ranking)
            return rankings.first().order if rankings else list(prompt.choices)
        if prompt.type == "guess" and prompt.choices:
            picked: dict[str, str | None] = {"self": None, "guess": None}
            for pick in self.query(".guess-pick").results(PickList):
                picked["self" if pick.has_class("guess-pick-self") else "guess"] = pick.picked
            return picked
        if prompt.type == "guess":
            fields = {part: self.query(f"#guess-{part}") for part in ("self", "guess")}
            return {
                part: found.first(TextArea).text.strip() if found else ""
                for part, found in fields.items()
            }
        return None

    def form_problem(self, step: FormStep, value: Any) -> str | None:
        prompt = self._prompt_now()
        kind = prompt.type if prompt is not None else ""
        if kind == "scale" and value is None:
            return "Pick a number first: ← →, a digit (End for 10), or a click."
        if kind == "choice" and value is None:
            return "Pick one first: ↑ ↓ and Enter, or a click."
        if kind == "guess" and prompt is not None and prompt.choices \
                and not (value.get("self") and value.get("guess")):
            return "Pick your own answer and your guess: ↑ ↓ and Enter in each list."
        if kind == "guess" and not (value.get("self") and value.get("guess")):
            return "Write your own answer and your guess. A few words each is enough."
        return None

    def form_visibility(self, step: FormStep) -> Visibility:
        boxes = self.query("#answer-private")
        if boxes and boxes.first(Checkbox).value:
            return Visibility.PRIVATE
        return Visibility.SHARED

    @on(Scale.Changed)
    @on(Ranking.Changed)
    @on(Checkbox.Changed, "#answer-private")
    @on(TextArea.Changed, ".guess-field")
    def _form_edited(self) -> None:
        if isinstance(self.shown_step, FormStep):
            self.form_changed()

    @on(PickList.Picked)
    def _picked(self, event: PickList.Picked) -> None:
        self.form_changed()
        # Your own answer picked: on to the guess; otherwise on to Done.
        after = ".guess-pick-guess" if event.picklist.has_class("guess-pick-self") else "#confirm"
        found = self.query(after)
        if found:
            found.first().focus()

    def action_toggle_private(self) -> None:
        """Tick or untick "keep this private" (also on a scale, a choice, a ranking, a guess)."""
        if self.query("#answer"):
            super().action_toggle_private()
            return
        for box in self.query("#answer-private").results(Checkbox):
            box.value = not box.value

    # -- the reveal ---------------------------------------------------------------------

    def compose_step(self, step: Step) -> list[Widget]:
        """A question's reveal is this kind's own; long choices stack one above another.

        Asking whether a guess was close enough shows the guesses above the question.
        """
        if isinstance(step, ChoiceStep) and self.state.phase == "reveal":
            index = self.state.index
            question = " ".join(self.prompts[index].text.split())
            heading = Static(f"{index + 1} of {len(self.prompts)} · {question}",
                             classes="step-prompt", markup=False)
            self.set_class(False, "-long-choices")
            return [heading, self._guess_view(index), *super().compose_step(step)]
        long_choices = isinstance(step, ChoiceStep) and len(step.choices) <= 3 and sum(
            len(label) + 5 for _value, label in step.choices
        ) > 74
        self.set_class(long_choices, "-long-choices")
        if isinstance(step, RevealStep):
            return self._reveal_widgets(step)
        return super().compose_step(step)

    def focus_step(self) -> None:
        """As every step; asking "close enough?" also brings its two buttons into view.

        The guesses above it can fill a small window, and the question is
        what needs an answer now.
        """
        super().focus_step()
        step = self.shown_step
        if isinstance(step, ChoiceStep) and self.state.phase == "reveal":
            focused = self.focused
            if focused is not None:
                self.call_after_refresh(focused.scroll_visible, animate=False)

    def _reveal_widgets(self, step: RevealStep) -> list[Widget]:
        index = self.state.index
        prompt = self.prompts[index]
        total = len(self.prompts)
        self.show_banner(None, "Together: read both answers" if self.is_private(prompt)
                     else "Together: what you each said")
        answers: dict[PartnerKey, tuple[Partner, Answer | None]] = {
            key: (self.partner(key), self.answer_for(step.step, key)) for key in PARTNER_KEYS
        }
        if prompt.type == "guess":
            hint = "Your own answers beside each other's guesses. Nobody keeps score."
        elif self.is_private(prompt):
            hint = "Read them to each other, slowly. A simple thank-you is enough."
        else:
            hint = "What you each wrote, kept to look back on."
        widgets: list[Widget] = [
            Static(f"{index + 1} of {total} · {step.title}", classes="step-prompt",
                   markup=False),
            Static(hint, classes="hint", markup=False),
        ]
        if prompt.type == "guess":
            view = self._guess_view(index)
            widgets.append(view)
            note = _guess_note(view)
        else:
            widgets.append(RevealView(
                [answers["a"], answers["b"]],
                describe=lambda value: describe_answer(prompt, value),
            ))
            note = compare_note(prompt.type, answers["a"][1], answers["b"][1])
        if note is not None:
            text, matched = note
            widgets.append(Static(text, classes="reveal-note -match" if matched
                                  else "reveal-note", markup=False))
        if prompt.type == "ranking":
            apart = ranking_gap_note(answers["a"][1], answers["b"][1],
                                     answers["a"][0].name, answers["b"][0].name)
            if apart is not None:
                widgets.append(Static(apart, classes="reveal-note", markup=False))
        last = index + 1 >= total
        buttons = [Button("Finish (ctrl+s)" if last else "Next question (ctrl+s)",
                          id="confirm", variant="primary")]
        if not last:
            buttons.append(Button("That's enough for today", id="enough"))
        widgets.append(Horizontal(*buttons, classes="step-buttons"))
        return widgets

    @on(Button.Pressed, "#enough")
    def _enough(self) -> None:
        self.action_enough()

    def action_enough(self) -> None:
        """Stop after this question; the rest can be done another time."""
        step = self.shown_step
        if isinstance(step, RevealStep):
            self.confirm_value(step, ENOUGH)


def _how_to(prompt: Prompt) -> str:
    if prompt.type == "scale":
        return "← → or a digit (End for 10), or a click."
    if prompt.type == "choice":
        return "↑ ↓ and Enter, or a click."
    if prompt.type == "ranking":
        return "Enter picks an item up, ↑ ↓ carry it, Enter puts it down."
    return ""


def _scale_labels(prompt: Prompt) -> str:
    """The meaning of 0 and 10, on one line under the scale when it fits."""
    low, high = prompt.low or "", prompt.high or ""
    if not low and not high:
        return ""
    left = f"0 = {low}" if low else ""
    right = f"10 = {high}" if high else ""
    width = 44
    if len(left) + len(right) + 2 <= width:
        return f"{left}{' ' * (width - len(left) - len(right))}{right}"
    return "\n".join(part for part in (left, right) if part)


def describe_answer(prompt: Prompt, value: Any) -> str:
    """How one answer reads in the reveal."""
    if prompt.type == "scale" and isinstance(value, int):
        return f"{value} out of 10\n{'■' * value}{'□' * (10 - value)}"
    if prompt.type == "ranking" and isinstance(value, list):
        return "\n".join(f"{n}. {item}" for n, item in enumerate(value, start=1))
    if isinstance(value, str) and not value.strip():
        return "(passed)"
    return describe_value(value)


def _guess_note(view: GuessReveal) -> tuple[str, bool] | None:
    """A line under the guesses that is true of them: both knew, one knew (named), or neither.

    No score is kept: when only one guess knew, the other is something new to learn.
    """
    matched: list[PartnerKey] = [key for key in PARTNER_KEYS if view.matched(key)]
    if len(matched) == 2:
        return "You know each other well here.", True
    if matched:
        # ``matched`` holds whose answer was known; the other partner made the good guess.
        known = matched[0]
        other = other_key(known)
        answerer = view.answers[known][0].name
        guesser = view.answers[other][0].name
        # A private answer or guess is never compared: say nothing about that guess then.
        both_shown = (view.shown(other, "self") is not None
                      and view.shown(known, "guess") is not None)
        if both_shown and view.knew(other) is False:
            return (f"{guesser} knew {answerer}'s answer; "
                    f"{answerer} has something new to learn about {guesser}."), True
        return f"{guesser} knew {answerer}'s answer here.", True
    if any(view.shown(key, "self") is None for key in ("a", "b")):
        return None
    return "Something new to learn about each other. That's what this is for.", False

