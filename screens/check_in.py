"""The check-in: each partner privately rates the five pillars and their mood, then both reveal.

Steps: who goes first → partner one rates, after a hand-off → partner two
rates, after a hand-off → both sets of numbers side by side, with a gentle
cue where they are 3 or more apart → (if either partner has checked in
before) their first check-in beside this one → done.

Each partner's answer is saved as step ``ratings``: an object with
``trust``, ``vulnerability``, ``openness``, ``sharing`` and ``mood`` (0–10)
and ``note``. Safety is asked too, but it belongs to the person who gives it:
it is never saved, not even in a draft, and the reveal only says that both
answered. A low safety number quietly offers the support page to whoever
gave it, before the hand-off. Nothing of one partner's numbers is on screen
until both have confirmed theirs; a partner may keep their whole answer
private, and then it is never shown at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Input, Static
from workbook.screens.dialogs.help import support_name
from workbook.screens.dialogs.just_for_you import Choice, JustForYouDialog
from workbook.screens.exercise import (
    ExerciseScreen,
    FormStep,
    InfoStep,
    RevealStep,
    Step,
    Turn,
)
from workbook.screens.text import prose
from workbook.screens.widgets.reveal import RevealView
from workbook.screens.widgets.scale import Scale, move_focus

from workbook.checkin_tables import (
    CUED,
    MUTED,
    STRONG,
    Line,
    ratings_table,
    then_now_table,
)
from workbook.checkins import (
    ASKED,
    LABELS,
    LOW,
    RATINGS,
    STEP,
    UNKEPT,
    CheckIn,
    first_and_latest,
    is_rating,
    kept,
    missing,
)
from workbook.content import CheckInOptions
from workbook.model import PARTNER_KEYS, Answer, Partner, PartnerKey, Visibility, other_key
from workbook.run_state import RunState

#: One plain line about each thing rated.
EXPLAINED: Mapping[str, str] = {
    "trust": "you can count on each other to treat what you share with care",
    "safety": "you can be yourself without fear; yours alone, never shown or saved",
    "vulnerability": "you can let your fears, hopes and old hurts be seen",
    "openness": "you say what you really feel and need, without a front",
    "sharing": "you tell each other things you'd tell no one else",
    "mood": "how you feel in yourself today, all things considered",
}

UNKEPT_LINE = "Safety: you both answered. Each number stays with the one who gave it."
"""All the reveal says about the unkept ratings."""
DEFAULT_NOTE_PROMPT = "Anything behind your numbers you'd like your partner to know?"


# -- steps of our own -----------------------------------------------------------------


@dataclass(frozen=True)
class RatingsReveal(RevealStep):
    """Both partners' ratings as a small table (rendered by the check-in screen)."""


@dataclass(frozen=True)
class ThenNow(InfoStep):
    """Each partner's first check-in beside this one (rendered by the check-in screen)."""


# -- widgets ----------------------------------------------------------------------------


class RatingForm(Vertical):
    """Six 0–10 scales with a line about each, an optional note, and "keep it private".

    Up and down move from one field to the next, the note and the tick box included.
    """

    BINDINGS = [
        Binding("up", "move(-1)", "Up", show=False),
        Binding("down", "move(1)", "Down", show=False),
    ]

    DEFAULT_CSS = """
    RatingForm { height: auto; }
    RatingForm .pillar-row { height: 1; }
    RatingForm .pillar-label { width: 22; text-style: bold; }
    RatingForm .pillar-about { color: $text-muted; margin: 0 0 0 2; }
    RatingForm #note-prompt { margin-top: 1; }
    RatingForm #note { margin: 0 0 0 2; width: 1fr; }
    """

    def __init__(
        self,
        partner: Partner,
        other: Partner,
        value: Mapping[str, Any],
        *,
        note_prompt: str,
        private: bool,
    ) -> None:
        super().__init__()
        self.partner = partner
        self.other = other
        self.value = value
        self.note_prompt = note_prompt
        self.private = private

    def compose(self) -> ComposeResult:
        for index, key in enumerate(ASKED):
            # An unkept rating never comes back from a draft: it was never saved.
            start = self.value.get(key) if key not in UNKEPT else None
            with Horizontal(classes="pillar-row"):
                yield Static(LABELS[key], classes="pillar-label", markup=False)
                yield Scale(
                    start if is_rating(start) else None,
                    colour=self.partner.colour,
                    id=f"scale-{key}",
                    classes="form-first" if index == 0 else "",
                )
            yield Static(EXPLAINED[key], classes="pillar-about", markup=False)
        yield Static(prose(self.note_prompt), id="note-prompt", markup=False)
        note = self.value.get("note")
        yield Input(
            note if isinstance(note, str) else "",
            placeholder="optional: a word, a line, or nothing",
            max_length=2000,
            compact=True,
            id="note",
            select_on_focus=False,
        )
        yield Checkbox(
            Content(
                f"Keep my numbers and note private — never shown to {self.other.name} (ctrl+o)"
            ),
            value=self.private,
            compact=True,
            id="answer-private",
        )

    def action_move(self, delta: int) -> None:
        """Move the focus up or down one field (from the note or the tick box)."""
        move_focus(self, delta)

    def ratings(self) -> dict[str, Any]:
        """What is set so far: every rating given (unset ones left out) and the note.

        This includes the unkept ratings; pass it through ``kept`` before saving.
        """
        value: dict[str, Any] = {}
        for key in ASKED:
            scales = self.query(f"#scale-{key}")
            if scales and scales.first(Scale).value is not None:
                value[key] = scales.first(Scale).value
        notes = self.query("#note")
        note = notes.first(Input).value if notes else ""
        value["note"] = note if note.strip() else ""
        return value

    @property
    def keep_private(self) -> bool:
        """True when the partner ticked "keep private"."""
        boxes = self.query("#answer-private")
        return bool(boxes and boxes.first(Checkbox).value)


SHORT_CUE = "  ◆"
"""The cue where its words do not fit beside the numbers (the hint above says what ◆ means)."""


def table_content(lines: list[Line], *, short_cue: bool = False) -> Content:
    """A check-in table on screen: each cell in its tone, a partner's numbers in their colour."""
    parts: list[str | tuple[str, str]] = []
    for number, line in enumerate(lines):
        if number:
            parts.append("\n")
        for cell in line:
            if cell.tone == STRONG:
                parts.append((cell.text, f"bold {cell.colour}"))
            elif cell.tone == MUTED:
                parts.append((cell.text, "$text-muted"))
            elif cell.tone == CUED:
                parts.append((SHORT_CUE if short_cue else cell.text, "italic"))
            else:
                parts.append(cell.text)
    return Content.assemble(*parts).rstrip()


class CheckInTable(Static):
    """A check-in table that keeps each row on one line.

    Where a row is wider than the window (60 columns), the "worth talking
    about" cue shortens to its mark rather than breaking the row in two.
    """

    def __init__(self, lines: list[Line], *, id: str) -> None:
        super().__init__(table_content(lines), id=id)
        self.lines = lines
        """The table's rows, as cells."""

    def render(self) -> Content:
        """The table, with the short cue when a row would not fit."""
        room = self.content_size.width
        widest = max((len(table_content([line]).plain) for line in self.lines), default=0)
        return table_content(self.lines, short_cue=bool(room) and widest > room)


# -- the screen ---------------------------------------------------------------------------


@dataclass
class CheckInState(RunState):
    """Where a check-in has got to."""

    first: PartnerKey | None = None
    """Who rated first."""
    writer: PartnerKey | None = None
    """Who is rating now."""


class CheckInScreen(ExerciseScreen[CheckInState]):
    """Each partner rates the pillars and mood in private; then both see them side by side."""

    RULES = "Rate on your own. The numbers start a conversation; they are not a score."

    HELP = """\
## Check-in

Each of you rates, on your own, how things feel right now: **trust**,
**safety**, **vulnerability**, **openness and honesty**, **sharing**, and your
**mood**, from 0 (very low) to 10 (as good as it gets). The other one looks
away meanwhile. There are no right numbers.

Your **safety** number is yours alone. It is never shown to your partner
and never saved, not even as a draft; the reveal only says that you both
answered.

When you have both finished, you see your other numbers side by side. Where you
are 3 or more apart, it says *worth talking about*: not a verdict, just a
good place to start asking, with curiosity. If you have checked in before,
you then see your first check-in beside this one.

- **↓** and **↑** (or **Tab** and **shift+Tab**) move from one scale to the
  next, then to the note.
- **← →** move a scale down or up, a digit **0–9** sets it, **End** sets 10,
  **Home** sets 0. A click on a number works too.
- The note is optional.
- **ctrl+o** keeps your whole answer private: your partner sees
  "private answer" instead of your numbers and your note.

**ctrl+s** confirms, **ctrl+t** pauses, **Escape** leaves (your place, and
the other numbers you have set so far, are kept).
"""

    state_type = CheckInState

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._offered: str | None = None
        """The writer (``a`` or ``b``) who has been offered the support page on this turn."""

    def options(self) -> CheckInOptions:
        """This check-in's settings."""
        options = self.exercise.options
        return options if isinstance(options, CheckInOptions) else CheckInOptions()

    def earlier(self, partner: PartnerKey) -> CheckIn | None:
        """This partner's first check-in from an earlier, finished attempt."""
        first, _latest = first_and_latest(
            self.store, partner, exclude_run=self.run.id if self.run else None
        )
        return first

    def current_step(self, state: CheckInState) -> Step | None:
        phase = state.phase
        if phase == "done":
            return None
        if phase == "first":
            return self.who_goes_first(
                "Who rates first? The other one looks away until it's their turn.",
                'rates',
            )
        if phase == "rate":
            writer = state.writer
            if writer is None:
                raise ValueError("no writer")
            name = self.partner(writer).name
            return FormStep(
                step=STEP,
                turn=Turn(writer, "your check-in", "looks away"),
                prompt=f"{name}, how does each feel right now? 0 is very low, "
                "10 as good as it gets.",
                private=True,
            )
        if phase == "reveal":
            return RatingsReveal(step=STEP, title="Your check-in, side by side")
        if phase == "then_now":
            return ThenNow(title="Then and now", text="")
        raise ValueError(f"unknown phase {phase!r}")

    def advance(self, state: CheckInState, step: Step, value: Any) -> None:
        phase = state.phase
        if phase == "first":
            state.first = state.writer = value
            state.phase = "rate"
        elif phase == "rate":
            if state.first is not None and state.writer == state.first:
                state.writer = other_key(state.first)
            else:
                state.phase, state.writer = "reveal", None
        elif phase == "reveal":
            seen_before = any(self.earlier(key) is not None for key in PARTNER_KEYS)
            state.phase = "then_now" if seen_before else "done"
        elif phase == "then_now":
            state.phase = "done"

    def finished_text(self) -> str:
        return (
            "Thank you, both. Your check-in is saved, so next time you can see how things "
            "have moved. If a number surprised you, ask about it over the next few days."
        )

    # -- the form ------------------------------------------------------------------

    def compose_form(self, step: FormStep, value: Any) -> list[Widget]:
        writer = step.turn.partner
        existing = self.answer_for(step.step, writer)
        private = existing is not None and existing.visibility == Visibility.PRIVATE
        return [
            RatingForm(
                self.partner(writer),
                self.partner(other_key(writer)),
                value if isinstance(value, Mapping) else {},
                note_prompt=self.options().note_prompt or DEFAULT_NOTE_PROMPT,
                private=private,
            )
        ]

    def focus_step(self) -> None:
        """Focus the first scale, with a one-line Done button so the whole form fits 80×24."""
        if self.query(RatingForm):
            for button in self.query(".step-buttons Button").results(Button):
                button.compact = True
            for row in self.query(".step-buttons"):
                row.styles.margin = (0, 0, 0, 0)
        super().focus_step()

    def _form(self) -> RatingForm | None:
        forms = self.query(RatingForm)
        return forms.first() if forms else None

    def form_value(self, step: FormStep) -> Any:
        form = self._form()
        return kept(form.ratings()) if form is not None else {"note": ""}

    def form_visibility(self, step: FormStep) -> Visibility:
        form = self._form()
        return Visibility.PRIVATE if form is not None and form.keep_private else Visibility.SHARED

    def form_problem(self, step: FormStep, value: Any) -> str | None:
        # ``value`` is what will be saved; the unkept ratings are asked all the same.
        form = self._form()
        asked = form.ratings() if form is not None else value
        left = [LABELS[key].lower() for key in missing(asked, ASKED)]
        if not left:
            return None
        if len(left) == len(ASKED):
            return (
                "Pick a number on each scale first. Any number is fine: go with your first sense."
            )
        if len(left) <= 2:
            listed = " and ".join(left)
        else:
            listed = ", ".join(left[:-1]) + ", and " + left[-1]
        message = f"Still to rate: {listed}."
        kindly = " Any number is fine: go with your first sense."
        # One line at 80 columns if it can be: a taller message pushes the form up.
        return message + kindly if len(message + kindly) <= 76 else message

    @on(Scale.Changed)
    @on(Input.Changed, "#note")
    @on(Checkbox.Changed, "#answer-private")
    def _rating_edited(self, event: Any) -> None:
        event.stop()
        self.form_changed()

    def action_confirm(self) -> None:
        """Confirm the ratings, first offering the support page after a low safety number.

        The offer comes before the hand-off, while only the writer is looking,
        once per turn. Whatever they choose, nothing about it is recorded.
        """
        step, form = self.shown_step, self._form()
        if (
            isinstance(step, FormStep)
            and form is not None
            and self._offered != step.turn.partner
            and self.form_problem(step, self.form_value(step)) is None
            and any(form.ratings()[key] <= LOW for key in UNKEPT)
        ):
            self._offered = step.turn.partner
            self._offer_support(step.turn.partner)
            return
        super().action_confirm()

    def _offer_support(self, writer: PartnerKey) -> None:
        def chosen(choice: Choice | None) -> None:
            if choice == "read":
                self.call_next(self.app.run_action, "support")
            elif choice == "carry_on":
                super(CheckInScreen, self).action_confirm()

        page = support_name(self.app)
        self.app.push_screen(JustForYouDialog(self.partner(writer).name, page), chosen)

    def action_toggle_private(self) -> None:
        """Tick or untick "keep private" on the check-in being filled in."""
        boxes = self.query("#answer-private")
        if boxes:
            box = boxes.first(Checkbox)
            box.value = not box.value

    def draft_worth_keeping(self, answer: Answer) -> bool:
        """A check-in's draft is mostly numbers: any rating set, a note begun, or "private"."""
        value = answer.value if isinstance(answer.value, Mapping) else {}
        note = value.get("note")
        return (
            any(is_rating(value.get(key)) for key in RATINGS)
            or (isinstance(note, str) and bool(note.strip()))
            or answer.visibility == Visibility.PRIVATE
        )

    # -- the reveal and then/now -----------------------------------------------------

    def _confirmed(self, partner: PartnerKey) -> Answer | None:
        """This attempt's confirmed check-in of ``partner`` (never a draft)."""
        answer = self.answer_for(STEP, partner)
        if answer is None or answer.draft or not isinstance(answer.value, Mapping):
            return None
        return answer

    def compose_step(self, step: Step) -> list[Widget]:
        """The ratings side by side, and then-and-now, are the check-in's own steps."""
        if isinstance(step, RatingsReveal):
            return self._reveal_widgets(step)
        if isinstance(step, ThenNow):
            return self._then_now_widgets(step)
        return super().compose_step(step)

    def _reveal_widgets(self, step: RatingsReveal) -> list[Widget]:
        self.show_banner(None, "Together: look at both")
        answers = {key: self._confirmed(key) for key in ("a", "b")}
        widgets: list[Widget] = [Static(step.title, classes="step-prompt", markup=False)]
        # A missing answer is a turn skipped as "too much right now" (or a file
        # edited by hand): that partner simply has no numbers here.
        pairs: list[tuple[Partner, Mapping[str, Any] | None]] = []
        why_hidden: dict[PartnerKey, str] = {}
        for key in ("a", "b"):
            answer = answers[key]
            if answer is None:
                why_hidden[key] = "passed on this one"
            elif answer.visibility == Visibility.PRIVATE:
                why_hidden[key] = "kept this check-in private"
            shown = answer.value if answer is not None and key not in why_hidden else None
            pairs.append((self.partner(key), shown))
        lines, flagged = ratings_table(pairs)
        if len(why_hidden) == 2:
            if set(why_hidden.values()) == {"kept this check-in private"}:
                hint = "You both kept this check-in private, so there are no numbers to show."
            else:
                hint = "There are no numbers to show this time, and that's fine."
        elif why_hidden:
            (key, why), = why_hidden.items()
            sharer = self.partner(other_key(key)).name
            hint = f"{self.partner(key).name} {why}, so only {sharer}'s numbers are shown."
        elif flagged:
            hint = (
                "Where you are 3 or more apart (◆), it is worth talking about. Ask what is "
                "behind the number, with curiosity; neither of you is wrong."
            )
        else:
            hint = (
                "You are close on everything. Still, ask each other what is behind a number "
                "or two."
            )
        widgets.append(Static(hint, classes="hint", markup=False))
        widgets.append(CheckInTable(lines, id="ratings-table"))
        if all(answer is not None for answer in answers.values()):
            widgets.append(Static(UNKEPT_LINE, id="unkept-line", classes="hint", markup=False))
        notes = [
            (self.partner(key), answers[key]) for key in ("a", "b")
        ]
        widgets.append(RevealView(notes, describe=_describe_note))
        widgets.append(Button("Continue (ctrl+s)", id="confirm", variant="primary"))
        return widgets

    def _then_now_widgets(self, step: ThenNow) -> list[Widget]:
        self.show_banner(None, "Together: then and now")
        rows = []
        for key in ("a", "b"):
            answer = self._confirmed(key)
            now = CheckIn.from_answer(answer) if answer is not None else None
            rows.append((self.partner(key), self.earlier(key), now))
        lines, notes = then_now_table(rows)
        widgets: list[Widget] = [
            Static(step.title, classes="step-prompt", markup=False),
            Static(
                "Your first check-in beside this one. Change is slow, and any movement is "
                "something to talk about, not a grade.",
                classes="hint",
                markup=False,
            ),
            CheckInTable(lines, id="then-now-table"),
        ]
        if notes:
            widgets.append(Static("\n".join(notes), classes="hint", id="then-now-notes",
                                  markup=False))
        widgets.append(Button("Continue (ctrl+s)", id="confirm", variant="primary"))
        return widgets


def _describe_note(value: Any) -> str:
    note = value.get("note") if isinstance(value, Mapping) else None
    return note if isinstance(note, str) and note.strip() else "(no note)"
