"""The machinery every exercise kind shares.

A kind's screen is a small state machine: ``current_step(state)`` says what
happens now, ``advance(state, step, value)`` moves on once an answer is
saved. This base class does the rest: the turn banner, the hand-off before a
private step, drafts kept while typing, saving before moving on, resuming
where the couple stopped, the pause, "this is too much right now" (skip a
question, or end for today), and the finish.
"""

from __future__ import annotations

import copy
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dialogs.resume import ResumeDialog
from workbook.screens.dialogs.too_much import TooMuch, TooMuchDialog
from workbook.screens.footer import CalmFooter
from workbook.screens.text import prose
from workbook.screens.widgets import (
    AnswerBox,
    CountdownTimer,
    RevealView,
    SaveStatus,
    TurnBanner,
    describe_value,
)

from workbook.content import Content as WorkbookContent
from workbook.content import Exercise
from workbook.model import Answer, Couple, PartnerKey, Run, Visibility, new_id, other_key
from workbook.saver import BackgroundSaver
from workbook.storage import ReadOnlyDatabase, StorageError, WorkbookChanged, WriteFailed
from workbook.store import WorkbookStore

CANNOT_RESUME = (
    "Where you stopped last time could not be read back, so this starts from the beginning. "
    "Your earlier answers are still in the workbook."
)

#: Longest answer accepted; far beyond anything typed, small enough to stay fast.
MAX_ANSWER_CHARS = 200_000
DRAFT_IDLE_SECONDS = 0.5
DRAFT_MAX_SECONDS = 1.0


@dataclass(frozen=True)
class Turn:
    """Who acts in a step, what they do, and what the other partner does meanwhile."""

    partner: PartnerKey
    doing: str
    meanwhile: str


@dataclass(frozen=True)
class TextStep:
    """A partner writes an answer."""

    step: str
    turn: Turn
    prompt: str
    role: str | None = None
    hint: str = ""
    placeholder: str = ""
    private: bool = False
    """Ask the other partner to look away first; hide the answer until both answered."""
    allow_private: bool = True
    optional: bool = False
    private_first: bool = False
    """The answer starts kept private: it is shown only if its writer unticks "keep private"."""


@dataclass(frozen=True)
class ChoiceStep:
    """A partner (or both together) picks one of a few buttons."""

    step: str
    prompt: str
    choices: tuple[tuple[str, str], ...]
    """(value, label) pairs."""
    turn: Turn | None = None
    role: str | None = None
    hint: str = ""
    save: bool = True
    """False for choices that only steer the exercise (who goes first)."""
    steer_only: tuple[str, ...] = ()
    """Values that only steer (such as "our own topic…") and are not saved as answers."""


@dataclass(frozen=True)
class RevealStep:
    """Both partners' answers to ``step``, side by side."""

    step: str
    title: str
    hint: str = ""


@dataclass(frozen=True)
class InfoStep:
    """Words to read together, then Continue."""

    title: str
    text: str
    button: str = "Continue"
    turn: Turn | None = None


@dataclass(frozen=True)
class FormStep:
    """A partner fills in a form the kind's screen provides (``compose_form``, ``form_value``)."""

    step: str
    turn: Turn
    prompt: str
    role: str | None = None
    hint: str = ""
    private: bool = False
    """Ask the other partner to look away first; hide the answer until both answered."""
    private_first: bool = False
    """The answer starts kept private: it is shown only if its writer unticks "keep private"."""


Step = TextStep | ChoiceStep | RevealStep | InfoStep | FormStep


class ChoiceList(OptionList):
    """A list of choices for a step; Enter or a click picks one."""

    DEFAULT_CSS = """
    ChoiceList { height: auto; max-height: 12; margin-top: 1; }
    """

    BINDINGS = [Binding("enter", "select", "Choose")]


@dataclass
class _Draft:
    """The answer being typed in the current text step."""

    uuid: str
    created: str | None = None
    last_saved_text: str | None = None
    last_save_at: float = field(default_factory=time.monotonic)


#: The label of the button beside Done that offers a skip or a stop for today.
TOO_MUCH_LABEL = "Too much right now (F3)"


class ExerciseScreen(Screen[None]):
    """Base class for one exercise kind; subclasses describe the steps."""

    RULES: str = ""
    """A short reminder of the method's rules, always visible (a screen may set its own)."""

    BINDINGS = [
        Binding("ctrl+s", "confirm", "Done", priority=True),
        Binding("ctrl+o", "toggle_private", "Private", priority=True),
        Binding("ctrl+g", "toggle_timer", "Timer", priority=True),
        Binding("f3", "too_much", "Too much right now", show=False, priority=True),
        Binding("escape", "leave", "Leave"),
    ]

    EXTRA_HELP = """\
### This is too much right now

On any question, **F3** (or the *Too much right now* button) offers two ways
out, with nothing to explain: **skip this question**, which saves nothing
for it and moves on, or **end for today**, which goes back home and keeps
everything saved so far. Neither records a reason.
"""
    """Help every exercise shares, shown after the kind's own."""

    def __init__(
        self,
        *,
        store: WorkbookStore,
        content: WorkbookContent,
        exercise: Exercise,
        couple: Couple,
        saver: BackgroundSaver,
        session: str | None = None,
    ) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.content = content
        """All content (feelings, needs…)."""
        self.exercise = exercise
        """The exercise being done."""
        self.couple = couple
        """The two partners."""
        self.saver = saver
        """Writes in the background so typing never waits."""
        self.session = session
        """The session record this attempt belongs to, or None for an anytime tool."""
        self.run: Run | None = None
        """The attempt being made."""
        self.state: dict[str, Any] = {}
        """The subclass's state (JSON-ready), saved after every step."""
        self._step: Step | None = None
        self._draft: _Draft | None = None
        self._draft_timer: Any = None
        self._saving = False
        self._timer_key: str | None = None
        self._swaps = 0
        self._start_failed = False

    # -- for subclasses ----------------------------------------------------------

    def initial_state(self) -> dict[str, Any]:
        """The state of a fresh attempt."""
        return {}

    def current_step(self, state: dict[str, Any]) -> Step | None:
        """What happens now; None when the exercise is finished."""
        raise NotImplementedError

    def advance(self, state: dict[str, Any], step: Step, value: Any) -> None:
        """Move ``state`` on after ``step`` was answered with ``value``."""
        raise NotImplementedError

    def previous_first(self) -> PartnerKey | None:
        """Who went first in the latest earlier attempt at an exercise of this kind."""
        same_kind = {e.id for e in self.content.exercises.values() if e.kind == self.exercise.kind}
        earlier = [
            run for run in self.store.runs()
            if run.exercise in same_kind
            and run.state.get("first") in ("a", "b")
            and (self.run is None or run.id != self.run.id)
        ]
        return earlier[-1].state["first"] if earlier else None

    def suggested_first(self) -> PartnerKey:
        """Whoever did not go first last time (the first partner, the very first time)."""
        last = self.previous_first()
        return other_key(last) if last else "a"

    def who_goes_first(self, prompt: str, verb: str) -> ChoiceStep:
        """The opening choice of who starts, suggesting whoever did not start last time.

        ``verb`` completes "NAME ... first", e.g. "speaks" or "shares". The
        choice steers the exercise (saved in its state), not an answer.
        """
        first = self.suggested_first()
        second = other_key(first)
        last = self.previous_first()
        if last is None:
            hint = "Either way is fine; next time the other one starts."
        else:
            hint = f"Suggested: {self.partner(first).name}, as {self.partner(last).name} " \
                   "went first last time."
        return ChoiceStep(
            step="first",
            prompt=prompt,
            hint=hint,
            choices=(
                (first, f"{self.partner(first).name} {verb} first (suggested)"),
                (second, f"{self.partner(second).name} {verb} first"),
            ),
            save=False,
        )

    def timer_minutes(self, state: dict[str, Any]) -> tuple[str, int] | None:
        """(key, minutes) of the turn timer to show now, or None. A new key restarts it."""
        return None

    def describe(self, value: Any) -> str:
        """How a stored value reads in a reveal."""
        return describe_value(value)

    def compose_form(self, step: FormStep, value: Any) -> list[Any]:
        """Widgets for a form step, filled from ``value`` (a saved draft) if given."""
        raise NotImplementedError

    def form_value(self, step: FormStep) -> Any:
        """The value of the form on screen now."""
        raise NotImplementedError

    def form_visibility(self, step: FormStep) -> Visibility:
        """Whether the form's answer is shared or kept private."""
        return Visibility.SHARED

    def form_problem(self, step: FormStep, value: Any) -> str | None:
        """Why this value can't be confirmed yet, or None."""
        return None

    def form_changed(self) -> None:
        """Call when the form changes, so a draft is kept."""
        self._edited()

    def finished_text(self) -> str:
        """What to say when the exercise is done."""
        return "Well done, both of you. Everything you wrote is saved."

    def skip_label(self, step: Step) -> str | None:
        """How "skip" reads for ``step`` in the too-much dialog; None if it can't be skipped.

        Kinds whose steps hang together (a drill) skip more than one step and
        say so, e.g. "Skip the rest of this turn".
        """
        return "Skip this question" if isinstance(step, TextStep | FormStep) else None

    def skip(self, state: dict[str, Any], step: Step) -> None:
        """Move ``state`` past ``step`` without an answer (only if ``skip_label`` offers it).

        Nothing is recorded about the skip: no answer, no reason, no mark.
        """
        self.advance(state, step, None)

    # -- layout ----------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield TurnBanner(id="turn")
        with Horizontal(id="exercise-bar"):
            yield Static(self.RULES, id="rules", markup=False)
            yield CountdownTimer(1, id="timer")
        yield VerticalScroll(id="step")
        yield SaveStatus(id="save-status")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = self.exercise.title
        self.query_one("#timer", CountdownTimer).display = False
        unfinished = self.store.unfinished_run(self.exercise.id, self.session)
        if unfinished is None:
            self._begin(None)
            return

        def chosen(resume: bool | None) -> None:
            self._begin(unfinished if resume is not False else None)

        where = unfinished.state.get("_where") or "the beginning"
        self.app.push_screen(ResumeDialog(self.exercise.title, where), chosen)

    def _begin(self, run: Run | None) -> None:
        restarted = run is not None and not self._resumable(run)
        if restarted:
            run = None  # a new attempt; the old one and its answers stay in the workbook
        try:
            if run is None:
                run = self.store.start_run(self.exercise.id, self.session, self.initial_state())
        except StorageError as error:
            self._could_not_start(error)
            return
        self._start_failed = False
        self.run = run
        self.state = copy.deepcopy(run.state)
        self.show_step()
        if restarted:
            self.query_one(SaveStatus).failed(CANNOT_RESUME)

    def _resumable(self, run: Run) -> bool:
        """True if this screen can carry on from ``run``'s saved state.

        The state comes from the file, which may have been imported or edited
        by hand: workbook.schema checks the type of each key, but only the
        kind's own ``current_step`` knows whether they fit together.
        """
        held = self.run
        self.run = run  # current_step may look up this attempt's answers
        try:
            self.current_step(copy.deepcopy(run.state))
        except Exception:  # any state this version can't read means: start over, not crash
            return False
        finally:
            self.run = held
        return True

    def _could_not_start(self, error: StorageError) -> None:
        """Starting needs one save (the attempt), and it failed: say so, offer to retry or go back.

        Without this the screen stayed blank, and ctrl+s did nothing.
        """
        self._start_failed = True
        # Save messages speak of an answer still on screen; here there is none yet.
        if isinstance(error, WriteFailed):
            reason = error.reason
        elif isinstance(error, ReadOnlyDatabase):
            reason = "This workbook is open read-only"
        else:
            reason = error.message.rstrip(".")
        text = (
            f"{reason}, so this exercise could not be started. Nothing saved before is "
            "affected. Try again (ctrl+s) once that is fixed, or go back (Escape)."
        )
        if isinstance(error, WorkbookChanged):
            text += f"\n\n{error.message}"
        self._replace_body(
            [
                Static(text, classes="prose", markup=False),
                Horizontal(
                    Button("Try again (ctrl+s)", id="retry-start", variant="primary"),
                    Button("Back (Escape)", id="back-start"),
                    classes="choices",
                ),
            ],
            lambda: self.query_one("#retry-start", Button).focus(),
        )

    @on(Button.Pressed, "#retry-start")
    def _retry_start(self) -> None:
        if self._start_failed and self.run is None:
            self._begin(None)

    @on(Button.Pressed, "#back-start")
    def _back_from_start(self) -> None:
        self.action_leave()

    # -- showing a step ------------------------------------------------------------------

    def partner(self, key: PartnerKey):
        """The partner with this key."""
        return self.couple.partner(key)

    def show_step(self) -> None:
        """Render whatever ``current_step`` says, after a hand-off if it is private."""
        step = self.current_step(self.state)
        self._step = step
        self._draft = None
        self._sync_turn_timer()
        if step is None:
            self._finish()
            return
        if (
            isinstance(step, TextStep | FormStep)
            and step.private
            and self.state.get("_handed") != _hand_key(step)
        ):
            self._show_blank()
            writer = self.partner(step.turn.partner)
            looker = self.partner(other_key(step.turn.partner))

            def ready(go: bool | None) -> None:
                if go:
                    self.state["_handed"] = _hand_key(step)
                    self._mount_step(step)
                else:
                    self.action_leave()

            self.app.push_screen(HandOffScreen(writer, looker), ready)
            return
        self._mount_step(step)

    def _show_blank(self) -> None:
        self._replace_body([])
        self.query_one(TurnBanner).show_both("Taking turns")

    def _replace_body(self, widgets: list[Any], focus: Callable[[], object] | None = None) -> None:
        """Swap the step's widgets; the old ones must be gone before ids are reused."""

        self._swaps += 1

        async def swap() -> None:
            body = self.query_one("#step", VerticalScroll)
            await body.remove_children()
            await body.mount_all(widgets)
            body.scroll_home(animate=False)
            if focus is not None:
                focus()
            self.refresh_bindings()
            # Focus moves on the next turn of the loop; only after the next refresh
            # is the step truly ready for keys.
            self.call_after_refresh(self._swap_done)

        self.call_later(swap)

    def _swap_done(self) -> None:
        self._swaps -= 1

    @property
    def settled(self) -> bool:
        """True when nothing is being saved or put on screen (tests wait for this)."""
        return not self._saving and self._swaps == 0 and self.run is not None

    def _banner(self, turn: Turn | None, fallback: str) -> None:
        banner = self.query_one(TurnBanner)
        if turn is None:
            banner.show_both(fallback)
        else:
            banner.show_turn(
                self.partner(turn.partner), turn.doing,
                self.partner(other_key(turn.partner)), turn.meanwhile,
            )

    def _mount_step(self, step: Step) -> None:
        widgets: list[Any] = []
        if isinstance(step, TextStep):
            self._banner(step.turn, "")
            widgets.append(Static(prose(step.prompt), classes="step-prompt", markup=False))
            if step.hint:
                widgets.append(Static(prose(step.hint), classes="hint", markup=False))
            existing = self._existing_answer(step.step, step.turn.partner)
            self._draft = _Draft(
                uuid=existing.uuid if existing else new_id(),
                created=existing.created if existing else None,
                last_saved_text=existing.value if existing else None,
            )
            widgets.append(
                AnswerBox(
                    text=existing.value if existing and isinstance(existing.value, str) else "",
                    placeholder=step.placeholder,
                    private=starts_private(step, existing),
                    allow_private=step.allow_private,
                    other_name=self.partner(other_key(step.turn.partner)).name,
                    id="answer",
                )
            )
            label = "Done (ctrl+s)" if not step.optional else "Done — or leave it empty (ctrl+s)"
            widgets.append(self.step_buttons(Button(label, id="confirm", variant="primary")))
        elif isinstance(step, ChoiceStep):
            self._banner(step.turn, "Together")
            widgets.append(Static(prose(step.prompt), classes="step-prompt", markup=False))
            if step.hint:
                widgets.append(Static(prose(step.hint), classes="hint", markup=False))
            # Labels hold names, topics and content choices: Content, so never markup.
            if len(step.choices) > 3:
                options = [
                    Option(Content(label), id=f"choice-{index}")
                    for index, (_value, label) in enumerate(step.choices)
                ]
                widgets.append(ChoiceList(*options, classes="choice"))
            else:
                buttons = [
                    Button(Content(label), id=f"choice-{index}", classes="choice")
                    for index, (_value, label) in enumerate(step.choices)
                ]
                widgets.append(Horizontal(*buttons, classes="choices"))
        elif isinstance(step, FormStep):
            self._banner(step.turn, "")
            widgets.append(Static(prose(step.prompt), classes="step-prompt", markup=False))
            if step.hint:
                widgets.append(Static(prose(step.hint), classes="hint", markup=False))
            existing = self._existing_answer(step.step, step.turn.partner)
            self._draft = _Draft(
                uuid=existing.uuid if existing else new_id(),
                created=existing.created if existing else None,
                last_saved_text=existing.value if existing else None,
            )
            widgets += self.compose_form(step, existing.value if existing else None)
            widgets.append(
                self.step_buttons(Button("Done (ctrl+s)", id="confirm", variant="primary"))
            )
        elif isinstance(step, RevealStep):
            self._banner(None, "Together: read both answers")
            widgets.append(Static(step.title, classes="step-prompt", markup=False))
            if step.hint:
                widgets.append(Static(prose(step.hint), classes="hint", markup=False))
            pairs = [
                (self.partner(key), self._existing_answer(step.step, key))
                for key in ("a", "b")
            ]
            widgets.append(RevealView(pairs, describe=self.describe))
            widgets.append(Button("Continue (ctrl+s)", id="confirm", variant="primary"))
        else:
            self._banner(step.turn, "Together")
            widgets.append(Static(step.title, classes="step-prompt", markup=False))
            widgets.append(Static(prose(step.text), classes="prose", markup=False))
            widgets.append(Button(f"{step.button} (ctrl+s)", id="confirm", variant="primary"))
        self._replace_body(widgets, self._focus_step)

    def step_buttons(self, done: Button) -> Horizontal:
        """A prompt's Done button with "Too much right now" beside it."""
        return Horizontal(
            done, Button(TOO_MUCH_LABEL, id="too-much"), classes="step-buttons"
        )

    def _focus_step(self) -> None:
        for selector in ("#answer-text", ".form-first", ".choice", "#confirm"):
            found = self.query(selector)
            if found:
                found.first().focus()
                return

    def latest_text(self, step: str, partner: PartnerKey) -> str:
        """The text of an answer given earlier in this attempt ("" if none)."""
        answer = self._existing_answer(step, partner)
        return answer.value if answer is not None and isinstance(answer.value, str) else ""

    def _existing_answer(self, step: str, partner: PartnerKey) -> Answer | None:
        if self.run is None:
            return None
        found = [
            a for a in self.store.answers(run=self.run.id, partner=partner) if a.step == step
        ]
        return found[-1] if found else None

    # -- timer ---------------------------------------------------------------------------

    def _sync_turn_timer(self) -> None:
        timer = self.query_one("#timer", CountdownTimer)
        wanted = self.timer_minutes(self.state) if self._step is not None else None
        if wanted is None:
            timer.display = False
            self._timer_key = None
            return
        key, minutes = wanted
        if key != self._timer_key:
            self._timer_key = key
            timer.reset(minutes)
        timer.display = True

    def action_toggle_timer(self) -> None:
        """Start or pause the turn timer."""
        timer = self.query_one("#timer", CountdownTimer)
        if timer.display:
            timer.toggle()
            timer.refresh()

    # -- drafts ----------------------------------------------------------------------------

    @on(AnswerBox.Edited)
    def _edited(self) -> None:
        if self._draft is None:
            return
        if time.monotonic() - self._draft.last_save_at >= DRAFT_MAX_SECONDS:
            self._save_draft()
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_IDLE_SECONDS, self._save_draft)

    def _answer_from_box(self, *, draft: bool) -> Answer | None:
        step = self._step
        if isinstance(step, FormStep) and self._draft is not None and self.run is not None:
            visibility = self.form_visibility(step)
            return self._make_answer(step, self.form_value(step), visibility, draft=draft)
        if not isinstance(step, TextStep) or self._draft is None or self.run is None:
            return None
        boxes = self.query("#answer")
        if not boxes:
            return None
        box = boxes.first(AnswerBox)
        return self._make_answer(step, box.text, box.visibility, draft=draft)

    def _make_answer(
        self,
        step: TextStep | ChoiceStep | FormStep,
        value: Any,
        visibility: Visibility,
        *,
        draft: bool,
    ) -> Answer:
        assert self.run is not None
        partner = step.turn.partner if step.turn is not None else "a"
        uuid = self._draft.uuid if self._draft is not None else new_id()
        answer = Answer(
            uuid=uuid,
            exercise=self.exercise.id,
            step=step.step,
            partner=partner,
            value=value,
            session=self.session,
            run=self.run.id,
            role=step.role,
            visibility=visibility,
            content_version=self.exercise.version,
            draft=draft,
        )
        if self._draft is not None and self._draft.created:
            answer = Answer.from_doc({**answer.to_doc(), "created": self._draft.created})
        return answer

    def _save_draft(self) -> None:
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self._saving or self._draft is None:
            return
        answer = self._answer_from_box(draft=True)
        if answer is None or answer.value == self._draft.last_saved_text:
            return
        if not _worth_keeping(answer.value):
            if isinstance(answer.value, str) and len(answer.value) > MAX_ANSWER_CHARS:
                # Not kept: the status must stop saying that closing won't lose it.
                self.query_one(SaveStatus).failed(
                    f"That is longer than the {MAX_ANSWER_CHARS:,} characters an answer can "
                    "hold, so it can't be kept as a draft. Please shorten it."
                )
            return
        self._draft.last_saved_text = answer.value
        self._draft.last_save_at = time.monotonic()
        if self._draft.created is None:
            self._draft.created = answer.created
        store = self.store

        def done(_result: Any, error: BaseException | None) -> None:
            self.app.call_from_thread(self._draft_saved, error)

        self.saver.submit(answer.uuid, lambda: store.save_answer(answer), done)

    def _draft_saved(self, error: BaseException | None) -> None:
        if self._saving or not self.is_mounted:
            return
        status = self.query_one(SaveStatus)
        if error is None:
            status.draft_kept()
        elif isinstance(error, StorageError):
            status.failed(f"Your draft could not be kept: {error.message}")
        else:
            status.failed("Your draft could not be kept. Your text is still here.")

    # -- confirming ------------------------------------------------------------------------

    def action_confirm(self) -> None:
        """Save this step's answer (or move past a reveal or a note)."""
        if self._start_failed:
            self._retry_start()
            return
        step = self._step
        if step is None or self._saving or self.run is None:
            return
        if isinstance(step, TextStep):
            boxes = self.query("#answer")
            if not boxes:
                return  # the step is still being put on screen
            box = boxes.first(AnswerBox)
            text = box.text
            if not text.strip() and not step.optional:
                self.query_one(SaveStatus).failed(
                    "Write a few words first — even a short note of what was said is enough."
                )
                return
            if len(text) > MAX_ANSWER_CHARS:
                self.query_one(SaveStatus).failed(
                    f"That is longer than the {MAX_ANSWER_CHARS:,} characters an answer can "
                    "hold. Please shorten it; your text is still here."
                )
                return
            answer = self._make_answer(step, text, box.visibility, draft=False)
            self._commit(step, text, answer)
        elif isinstance(step, FormStep):
            value = self.form_value(step)
            problem = self.form_problem(step, value)
            if problem:
                self.query_one(SaveStatus).failed(problem)
                return
            answer = self._make_answer(step, value, self.form_visibility(step), draft=False)
            self._commit(step, value, answer)
        elif isinstance(step, RevealStep | InfoStep):
            self._commit(step, None, None)

    @on(Button.Pressed, "#confirm")
    def _confirm_pressed(self) -> None:
        self.action_confirm()

    @on(Button.Pressed, ".choice")
    def _choice_pressed(self, event: Button.Pressed) -> None:
        self._choose(event.button.id)

    @on(OptionList.OptionSelected, ".choice")
    def _choice_selected(self, event: OptionList.OptionSelected) -> None:
        self._choose(event.option.id)

    def _choose(self, choice_id: str | None) -> None:
        step = self._step
        if not isinstance(step, ChoiceStep) or self._saving or choice_id is None:
            return
        index = int(choice_id.removeprefix("choice-"))
        value = step.choices[index][0]
        answer = None
        if step.save and value not in step.steer_only:
            self._draft = None
            answer = self._make_answer(step, value, Visibility.SHARED, draft=False)
        self._commit(step, value, answer)

    def _commit(self, step: Step, value: Any, answer: Answer | None) -> None:
        """Save the answer and the next state together, then show the next step."""
        new_state = copy.deepcopy(self.state)
        self.advance(new_state, step, value)
        self._move_on(new_state, answer)

    def _move_on(
        self, new_state: dict[str, Any], answer: Answer | None, *, drop: str | None = None
    ) -> None:
        """Save ``answer`` (if any) and ``new_state``, then show the next step.

        ``drop`` is the uuid of a draft to delete first: a skipped question's.
        """
        assert self.run is not None
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        new_state.pop("_handed", None)
        following = self.current_step(new_state)
        new_state["_where"] = _where(following)
        finished = following is None
        store, run_id = self.store, self.run.id
        self._saving = True
        status = self.query_one(SaveStatus)
        status.saving()
        for widget in self.query("Button, ChoiceList"):
            widget.disabled = True

        def job() -> Run:
            if drop is not None and store.answer(drop) is not None:
                store.delete_answer(drop)
            return store.commit_step(run_id, new_state, answer=answer, complete=finished)

        def done(result: Any, error: BaseException | None) -> None:
            self.app.call_from_thread(self._committed, new_state, result, error)

        key = answer.uuid if answer is not None else drop or f"run:{run_id}"
        self.saver.submit(key, job, done)

    def _committed(
        self, new_state: dict[str, Any], run: Run | None, error: BaseException | None
    ) -> None:
        self._saving = False
        status = self.query_one(SaveStatus)
        if error is not None:
            for widget in self.query("Button, ChoiceList"):
                widget.disabled = False
            message = error.message if isinstance(error, StorageError) else (
                "Something went wrong while saving, so this answer was NOT saved. "
                "Your text is still here; try again."
            )
            status.failed(message)
            return
        if run is not None:
            self.run = run
        # A copy: the store keeps ``new_state`` itself, and "_handed" set on
        # self.state must never reach the file (a resume would skip the hand-off).
        self.state = copy.deepcopy(new_state)
        status.saved()
        self.show_step()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Offer "private" only where an answer can be kept private."""
        if action == "toggle_private":
            return bool(self.query("#answer-private"))
        if action == "toggle_timer":
            return self.query_one("#timer").display
        return True

    def action_toggle_private(self) -> None:
        """Tick or untick "keep this private" on the answer being typed."""
        boxes = self.query("#answer")
        if boxes:
            boxes.first(AnswerBox).toggle_private()

    # -- "this is too much right now" ---------------------------------------------------

    @on(Button.Pressed, "#too-much")
    def _too_much_pressed(self) -> None:
        self.action_too_much()

    def action_too_much(self) -> None:
        """Offer a way out of this question: skip it, or end for today."""
        step = self._step
        if step is None or self._saving or self.run is None or self.app.screen is not self:
            return
        skip = self.skip_label(step)

        def chosen(choice: TooMuch | None) -> None:
            if choice == "skip" and skip is not None and self._step is step:
                self._skip_step(step)
            elif choice == "end":
                self._end_for_today()

        self.app.push_screen(TooMuchDialog(skip), chosen)

    def _skip_step(self, step: Step) -> None:
        """Move past ``step`` saving nothing for it; its draft, if one was kept, goes."""
        if self._saving:
            return
        draft = self._draft.uuid if self._draft is not None else None
        self._draft = None  # nothing more of this question is kept from here on
        new_state = copy.deepcopy(self.state)
        self.skip(new_state, step)
        self._move_on(new_state, None, drop=draft)

    def _end_for_today(self) -> None:
        """Back to home, keeping everything saved (and the draft, as leaving does)."""
        from workbook.screens.home import HomeScreen

        self._save_draft()
        app = self.app
        while len(app.screen_stack) > 1 and not isinstance(app.screen, HomeScreen):
            app.pop_screen()
        app.notify(
            "Stopped for today. Everything you saved is kept, and you can pick up again "
            "whenever you're ready.",
            title="That's fine",
            markup=False,
        )

    # -- finishing and leaving ------------------------------------------------------------

    def _finish(self) -> None:
        self.query_one(TurnBanner).show_both("Finished")
        self._replace_body(
            [
                Static(self.exercise.title, classes="step-prompt", markup=False),
                Static(self.finished_text(), classes="prose", markup=False),
                Button("Back (Escape)", id="finished", variant="primary"),
            ],
            lambda: self.query_one("#finished", Button).focus(),
        )

    @on(Button.Pressed, "#finished")
    def _finished_pressed(self) -> None:
        self.action_leave()

    def action_leave(self) -> None:
        """Back to where the exercise was opened; your place and drafts are kept."""
        self._save_draft()
        if self.app.screen is self:
            self.dismiss()


def starts_private(step: TextStep | FormStep, existing: Answer | None) -> bool:
    """Whether "keep private" starts ticked: as the writer left it, or as the step says."""
    if existing is not None:
        return existing.visibility == Visibility.PRIVATE
    return step.private_first


def _worth_keeping(value: Any) -> bool:
    """A draft is kept when it has some words and is not absurdly long."""
    if isinstance(value, str):
        return bool(value.strip()) and len(value) <= MAX_ANSWER_CHARS
    if isinstance(value, dict):
        return any(_worth_keeping(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None and value is not False


def _hand_key(step: TextStep | FormStep) -> str:
    return f"{step.step}/{step.turn.partner}"


def _where(step: Step | None) -> str:
    """A few words about a step, for "you stopped at…"."""
    if step is None:
        return "the end"
    if isinstance(step, TextStep | ChoiceStep | FormStep):
        return " ".join(step.prompt.split())[:80]
    return step.title[:80]
