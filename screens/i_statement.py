"""The "I" statement builder: feeling, situation, need and request, with a live preview and a coach.

The writer fills in the parts, picks a sentence shape, and sees the whole
sentence as they type. A gentle checker points out phrases that tend to put
a partner on the defensive, with a kinder way to say them; the writer may
keep their own words. Then the partner says the statement back, and the
writer confirms they were heard. Finished statements form each partner's
library and can become the topic of a listening drill.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.containers import Horizontal
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Button, Input, Label, Select, Static
from workbook.screens.dialogs.word_picker import WordPicker
from workbook.screens.exercise import (
    ChoiceStep,
    ExerciseScreen,
    FormStep,
    Quote,
    Step,
    TextStep,
    Turn,
)

from workbook.content import IStatementOptions
from workbook.labels import STATEMENT_STEP, choice_buttons
from workbook.model import PartnerKey, other_key
from workbook.run_state import RunState
from workbook.statements import (
    FIELDS,
    SHAPES,
    VARIANTS,
    Flag,
    StatementParts,
    assemble,
    check,
)

#: The phases of one partner's statement; skipping one skips the statement.
IN_A_TURN = frozenset({"build", "reflect", "check"})

#: The parts a statement cannot do without; the request may stay empty.
REQUIRED = ("feeling", "situation", "need")


@dataclass
class IStatementState(RunState):
    """Where an "I" statement exercise has got to."""

    first: PartnerKey | None = None
    """Who wrote first."""
    writer: PartnerKey | None = None
    """Who is writing (and being said back to) now."""
    side: int = 1
    """1 for the first partner's statement, 2 for the second's."""
    attempt: int = 1
    """Which try at saying the statement back."""


class IStatementScreen(ExerciseScreen[IStatementState]):
    """Build an "I" statement, have it said back, and keep it in the writer's library."""

    RULES = (
        "Start from your own feeling, keep to one moment, say what matters to you. "
        "The coach only suggests; your words are yours."
    )

    HELP = """\
## The "I" statement builder

An "I" statement says what *you* feel and need, instead of what the other
person did wrong. It is much easier to hear.

- **I feel** — one feeling word. **Feelings…** (or **ctrl+f**) opens a list.
- **when** — one specific moment, described as a camera would have seen it.
- **because I need** — what matters to you underneath. **Needs…** (or
  **ctrl+n**) opens a list.
- **I'd like** — optional: a small, doable request.

Pick a sentence shape at the top. The words beside each box change to
follow it, and the preview shows the whole sentence:

- **Three parts** — I feel … when … because I need …
- **Soft opener** — I'm feeling … about …, and I'd love … Name one
  thing to do, said as what you'd love rather than what should stop:
  *us to plan one evening together this week*.
- **Observation, feeling, need, request** — When …, I feel …, because
  I need … Would you be willing to …? A request leaves room for a no.
- **Thanks: the need it met** — I feel … when … because it met my need
  for … Say what they did and what it gave you: a need (*rest*) or your
  own words (*because it gave me the rest I needed*).
The coach underneath points out words that often make a partner defensive
(*you always*, *you make me*, labels, demands) and offers a gentler way; in
a soft opener it also notices an ask for something to stop. It is a
suggestion only — you can keep your words.

Then your partner says it back in their own words, and you say whether they
got it. **ctrl+s** confirms, **ctrl+t** pauses, **Escape** leaves (your place
and your draft are kept).
"""

    BINDINGS = [
        ("ctrl+f", "pick('feeling')", "Feelings"),
        ("ctrl+n", "pick('need')", "Needs"),
    ]

    state_type = IStatementState

    def _variant(self) -> str:
        options = self.exercise.options
        return options.variant if isinstance(options, IStatementOptions) else "three_part"

    def current_step(self, state: IStatementState) -> Step | None:
        phase = state.phase
        if phase == "done":
            return None
        if phase == "first":
            return self.who_goes_first(
                'Who writes an “I” statement first?',
                'writes',
            )
        writer = state.writer
        if writer is None:
            raise ValueError("no writer")
        reflector = other_key(writer)
        w_name, r_name = self.partner(writer).name, self.partner(reflector).name
        k = state.attempt
        if phase == "build":
            options = self.exercise.options
            prompt = (
                options.prompt
                if isinstance(options, IStatementOptions) and options.prompt
                else "Think of one moment you'd like your partner to understand."
            )
            return FormStep(
                step=STATEMENT_STEP,
                turn=Turn(writer, "write your “I” statement", "waits, or makes tea"),
                role="writer",
                prompt=f"{w_name}: {prompt}",
            )
        statement = Quote(writer, f"{w_name} says", self._statement_text(writer))
        if phase == "reflect":
            return TextStep(
                step="reflection" if k == 1 else f"reflection.{k}",
                turn=Turn(reflector, "say it back in your own words", "listens"),
                role="reflector",
                prompt=f"{r_name}, say back what you heard {w_name} say, in your own words.",
                hint="Say it aloud to them, then type it. No defending, no explaining — "
                "just show you heard it.",
                starter="What I hear is that you feel ",
                allow_private=False,  # the writer says next whether they were heard
                quotes=(statement,),
            )
        if phase == "check":
            heard = self.quote(
                f"What {r_name} said back", reflector,
                "reflection" if k == 1 else f"reflection.{k}",
            )
            return ChoiceStep(
                step="heard" if k == 1 else f"heard.{k}",
                turn=Turn(writer, "were you heard?", "waits"),
                role="writer",
                prompt=f"{w_name}, did {r_name} get it?",
                choices=choice_buttons("got_it", "not_quite"),
                quotes=(statement, heard),
            )
        if phase == "offer":
            return ChoiceStep(
                step="offer",
                prompt=f"{r_name}, would you like to write one too?",
                choices=(("yes", f"Yes, {r_name} writes one"), ("no", "Not this time")),
                save=False,
            )
        raise ValueError(f"unknown phase {phase!r}")

    def _statement_text(self, writer: PartnerKey) -> str:
        answer = self.answer_for(STATEMENT_STEP, writer)
        if answer is not None and isinstance(answer.value, dict):
            return str(answer.value.get("text", ""))
        return ""

    def advance(self, state: IStatementState, step: Step, value: Any) -> None:
        phase = state.phase
        if phase == "first":
            state.first = state.writer = value
            state.phase = "build"
        elif phase == "build":
            state.phase, state.attempt = "reflect", 1
        elif phase == "reflect":
            state.phase = "check"
        elif phase == "check":
            if value == "got_it":
                state.phase = "offer" if state.side == 1 else "done"
            else:
                state.phase, state.attempt = "reflect", state.attempt + 1
        elif phase == "offer":
            if value == "yes":
                assert state.writer is not None
                state.side, state.writer = 2, other_key(state.writer)
                state.phase, state.attempt = "build", 1
            else:
                state.phase = "done"

    def skip_label(self, step: Step) -> str | None:
        """Skipping a step of a turn skips what is left of that turn: it only works whole."""
        return "Skip the rest of this turn" if self.state.phase in IN_A_TURN else None

    def skip(self, state: IStatementState, step: Step) -> None:
        state.phase = "offer" if state.side == 1 else "done"

    def finished_text(self) -> str:
        return (
            "Your statements are saved in your own library. You can bring one to a listening "
            "drill whenever you want to talk it through."
        )

    # -- the form ------------------------------------------------------------------

    def compose_form(self, step: FormStep, value: Any) -> list[Any]:
        saved = value if isinstance(value, dict) else {}
        variant = str(saved["variant"]) if saved.get("variant") in VARIANTS else self._variant()
        feelings = [w for g in self.content.feelings for w in g.words]
        needs = [w for g in self.content.needs for w in g.words]
        rows: list[Any] = [
            Horizontal(
                Label("Shape", classes="field-label"),
                Select(
                    [(name, key) for key, name in VARIANTS.items()],
                    value=variant,
                    allow_blank=False,
                    compact=True,
                    id="variant",
                ),
                classes="field-row",
            )
        ]
        shape = SHAPES[variant]
        for name in FIELDS:
            wording = shape.wording(name)
            suggester = None
            if name == "feeling":
                suggester = SuggestFromList(feelings, case_sensitive=False)
            elif name == "need":
                suggester = SuggestFromList(needs, case_sensitive=False)
            widgets: list[Any] = [
                Label(wording.label, id=f"label-{name}", classes="field-label"),
                Input(
                    str(saved.get(name, "")),
                    placeholder=wording.placeholder,
                    suggester=suggester,
                    compact=True,
                    max_length=2000,
                    id=f"field-{name}",
                    classes="form-first" if name == "feeling" else "",
                ),
            ]
            if name in ("feeling", "need"):
                # Reached with ctrl+f / ctrl+n or a click, so Tab goes field to field.
                picker = Button(
                    "Feelings…" if name == "feeling" else "Needs…",
                    id=f"pick-{name}",
                    compact=True,
                )
                picker.can_focus = False
                widgets.append(picker)
            rows.append(Horizontal(*widgets, classes="field-row"))
        rows.append(Static(id="preview", markup=False))
        rows.append(Static(id="coach"))
        self.call_after_refresh(self._refresh_preview)
        return rows

    def _parts(self) -> StatementParts:
        parts = self._parts_on_screen()
        if parts is None:
            raise LookupError("the statement's fields are not on screen")
        return parts

    def _parts_on_screen(self) -> StatementParts | None:
        """The statement as typed so far; None while its fields are not all on screen.

        A step's widgets are swapped in a worker, so a redraw or a message from
        a field can arrive while the old fields are going or the new ones are
        still coming.
        """
        fields = {field.id: field.value for field in self.query(".field-row Input").results(Input)}
        values = {name: fields.get(f"field-{name}") for name in FIELDS}
        variants = self.query("#variant").results(Select)
        variant = next(variants, None)
        if variant is None or any(value is None for value in values.values()):
            return None
        chosen = variant.value if variant.value in VARIANTS else "three_part"
        return StatementParts(variant=chosen, **{k: v or "" for k, v in values.items()})

    def form_value(self, step: FormStep) -> Any:
        parts = self._parts()
        return {
            "variant": parts.variant,
            "feeling": parts.feeling.strip(),
            "situation": parts.situation.strip(),
            "need": parts.need.strip(),
            "request": parts.request.strip(),
            "text": assemble(parts),
        }

    def form_problem(self, step: FormStep, value: Any) -> str | None:
        variant = value.get("variant")
        shape = SHAPES[variant if variant in SHAPES else "three_part"]
        missing = [shape.wording(key).missing for key in REQUIRED if not value.get(key)]
        if missing:
            return "Please add " + " and ".join(missing) + ". The request can stay empty."
        return None

    @on(Input.Changed, ".field-row Input")
    @on(Select.Changed, "#variant")
    def _form_edited(self) -> None:
        self._refresh_preview()
        self.form_changed()

    @on(Select.Changed, "#variant")
    def _shape_chosen(self, event: Select.Changed) -> None:
        """Word the labels and hints the way the chosen shape says its sentence."""
        if event.value not in SHAPES:
            return
        shape = SHAPES[str(event.value)]
        for name in FIELDS:
            wording = shape.wording(name)
            for label in self.query(f"#label-{name}").results(Label):
                label.update(wording.label)
            for box in self.query(f"#field-{name}").results(Input):
                box.placeholder = wording.placeholder

    def _refresh_preview(self) -> None:
        if not self.query("#preview"):
            return
        parts = self._parts_on_screen()
        if parts is None:
            # The rows' fields are still being put on screen (a redraw, such as a
            # change of window size, can come first): look again after it.
            self.call_after_refresh(self._refresh_preview)
            return
        self.query_one("#preview", Static).update(assemble(parts))
        self.query_one("#coach", Static).update(coach_text(check(parts)))

    @on(Button.Pressed, "#pick-feeling")
    def _pick_feeling(self) -> None:
        self.action_pick("feeling")

    @on(Button.Pressed, "#pick-need")
    def _pick_need(self) -> None:
        self.action_pick("need")

    def action_pick(self, field: str) -> None:
        """Choose a word from the feelings or needs list."""
        if not self.query(f"#field-{field}"):
            return
        groups = self.content.feelings if field == "feeling" else self.content.needs
        title = "Feelings" if field == "feeling" else "Needs"

        def picked(word: str | None) -> None:
            if word:
                box = self.query_one(f"#field-{field}", Input)
                box.value = word
                box.focus()

        self.app.push_screen(WordPicker(title, groups), picked)


def coach_text(flags: list[Flag]) -> Content:
    """The coach's notes, or a quiet all-clear."""
    if not flags:
        return Content.styled("✓ Nothing to point out: it reads as your own experience.",
                              "$success")
    parts: list[str | tuple[str, str]] = []
    for flag in flags[:4]:
        parts += [("⚑ ", "$warning"), (flag.message, "bold"), " ", flag.suggestion, "\n"]
    if len(flags) > 4:
        parts.append(f"…and {len(flags) - 4} more.\n")
    parts.append(("These are only suggestions — you can keep your words.", "$text-muted"))
    return Content.assemble(*parts)
