"""The machinery every exercise kind shares.

A kind's screen is a small state machine: ``current_step(state)`` says what
happens now, ``advance(state, step, value)`` moves on once an answer is
saved. This base class does the rest: the turn banner, the hand-off before a
private step, drafts kept while typing, saving before moving on, resuming
where the couple stopped, the pause, "this is too much right now" (skip a
question, or end for today), and the finish.
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widget import Widget
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.dialogs.resume import ResumeDialog
from workbook.screens.dialogs.too_much import TooMuch, TooMuchDialog
from workbook.screens.drafts import MAX_ANSWER_CHARS, DraftKeeper, DraftSaved, worth_keeping
from workbook.screens.footer import CalmFooter
from workbook.screens.text import prose
from workbook.screens.widgets.answer_box import AnswerBox
from workbook.screens.widgets.banner import TurnBanner
from workbook.screens.widgets.countdown import CountdownTimer
from workbook.screens.widgets.menus import ChoiceButtons, ChoiceList
from workbook.screens.widgets.reveal import Quoted, QuoteView, RevealView, describe_value
from workbook.screens.widgets.save_status import SaveStatus

from workbook.content import Content as WorkbookContent
from workbook.content import Exercise
from workbook.first_turn import previous_first
from workbook.model import (
    PARTNER_KEYS,
    Answer,
    Couple,
    Partner,
    PartnerKey,
    Run,
    Visibility,
    new_id,
    other_key,
)
from workbook.run_state import WHERE_KEY, RunState, where_from
from workbook.saver import BackgroundSaver
from workbook.storage import ReadOnlyDatabase, StorageError, WorkbookChanged, WriteFailed
from workbook.store import WorkbookStore

CANNOT_RESUME = (
    "Where you stopped last time could not be read back, so this starts from the beginning. "
    "Your earlier answers are still in the workbook."
)



@dataclass(frozen=True)
class Turn:
    """Who acts in a step, what they do, and what the other partner does meanwhile."""

    partner: PartnerKey
    doing: str
    meanwhile: str


@dataclass(frozen=True)
class Quote:
    """Words a step asks someone to judge or respond to, shown under its prompt."""

    partner: PartnerKey
    """Whose words they are."""
    label: str
    """What they are, e.g. "What Robin said"."""
    text: str
    """The words (data, never markup)."""
    private: bool = False
    """The writer kept them private: the step says so and never shows them."""


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
    quotes: tuple[Quote, ...] = ()
    """The words this step is about (what the other partner said), shown under the prompt."""
    starter: str = ""
    """Words the answer starts with, already in the box and kept with the answer."""


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
    quotes: tuple[Quote, ...] = ()
    """The words being judged (a guess, a paraphrase beside the original), under the prompt."""


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
    quotes: tuple[Quote, ...] = ()
    """The words this step is about, shown under the prompt."""


Step = TextStep | ChoiceStep | RevealStep | InfoStep | FormStep


#: The label of the button beside Done that offers a skip or a stop for today.
TOO_MUCH_LABEL = "Too much right now (F3)"

StateT = TypeVar("StateT", bound=RunState)


class ExerciseScreen(Screen[None], Generic[StateT]):
    """Base class for one exercise kind; a kind describes its steps through the hooks below.

    A kind sets ``state_type`` to its :class:`~workbook.run_state.RunState`
    and implements ``current_step`` and ``advance``. The other hooks have
    sensible defaults: ``compose_step`` (a step of the kind's own), the
    ``form_*`` family (a step with a form), ``skip_label``/``skip``,
    ``timer_minutes``, ``answer_for``, ``draft_worth_keeping``, ``focus_step``
    and ``finished_text``. Everything else (hand-offs, drafts, saving,
    resuming, "too much right now") is the engine's, and no kind needs to
    reach into it.
    """

    RULES: str = ""
    """A short reminder of the method's rules, always visible (a screen may set its own)."""

    BINDINGS = [
        Binding("ctrl+s", "confirm_typed", "Done", priority=True),
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

    state_type: type[StateT]
    """The kind's state class: where an attempt has got to, saved after every step."""

    class Started(Message):
        """A new attempt was saved, or could not be (``error``)."""

        def __init__(
            self,
            state: RunState,
            run: Run | None,
            error: BaseException | None,
            *,
            restarted: bool,
        ) -> None:
            super().__init__()
            self.state = state
            """The attempt's first state."""
            self.run = run
            """The attempt as saved, or None when saving failed."""
            self.error = error
            """Why saving failed, or None."""
            self.restarted = restarted
            """True when an unfinished attempt could not be resumed, so this one starts afresh."""

    class StepSaved(Message):
        """A step's answer and the next state were saved, or could not be (``error``)."""

        def __init__(
            self,
            state: RunState,
            following: Step | None,
            run: Run | None,
            error: BaseException | None,
        ) -> None:
            super().__init__()
            self.state = state
            """The state that was saved (or should have been)."""
            self.following = following
            """The step to show next (None: the exercise is finished)."""
            self.run = run
            """The attempt as saved, or None when saving failed."""
            self.error = error
            """Why saving failed, or None."""

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
        self.state: StateT = self.state_type()
        """Where this attempt has got to; saved with every step."""
        self.shown_step: Step | None = None
        """The step on screen (None before the first, and once finished)."""
        self.drafts: DraftKeeper | None = None
        """Keeps the answer being typed as a draft (None on a step with nothing to type)."""
        self._handed_to: str | None = None
        """The private step whose hand-off was accepted; never saved, so a resume asks again."""
        self._saving = False
        self._timer_key: str | None = None
        self._start_failed = False
        self._starting = False
        self._swap_lock = asyncio.Lock()
        self._pending: Answer | None = None
        """The answer being saved with this step, seen by ``answer_for`` before it lands."""
        self._mounting = False
        """True while a step's widgets are being put on screen: nothing typed yet to keep."""
        self._untouched: tuple[Any, Visibility] | None = None
        """What the step showed when it opened: not a draft until someone changes it."""
        self._ask_again = False
        """A full screen (the pause) covered a private step: hand it over again on return."""

    # -- hooks for kinds ----------------------------------------------------------------

    def initial_state(self) -> StateT:
        """The state of a fresh attempt."""
        return self.state_type()

    def current_step(self, state: StateT) -> Step | None:
        """What happens now; None when the exercise is finished."""
        raise NotImplementedError

    def advance(self, state: StateT, step: Step, value: Any) -> None:
        """Move ``state`` on after ``step`` was answered with ``value``."""
        raise NotImplementedError

    def timer_minutes(self, state: StateT) -> tuple[str, int] | None:
        """(key, minutes) of the turn timer to show now, or None. A new key restarts it."""
        return None

    def describe(self, value: Any) -> str:
        """How a stored value reads in a reveal."""
        return describe_value(value)

    def compose_step(self, step: Step) -> list[Widget]:
        """The widgets that show ``step``, with the turn banner set for it.

        A kind with steps of its own (a table of ratings, a reveal of a special
        shape) handles those and passes every other step to this one.
        """
        if isinstance(step, TextStep):
            return self._text_widgets(step)
        if isinstance(step, ChoiceStep):
            return self._choice_widgets(step)
        if isinstance(step, FormStep):
            return self._form_widgets(step)
        if isinstance(step, RevealStep):
            self.show_banner(None, "Together: read both answers")
            widgets: list[Widget] = [Static(step.title, classes="step-prompt", markup=False)]
            if step.hint:
                widgets.append(Static(prose(step.hint), classes="hint", markup=False))
            pairs = [(self.partner(key), self.answer_for(step.step, key)) for key in PARTNER_KEYS]
            widgets.append(RevealView(pairs, describe=self.describe))
            widgets.append(Button("Continue (ctrl+s)", id="confirm", variant="primary"))
            return widgets
        self.show_banner(step.turn, "Together")
        return [
            Static(step.title, classes="step-prompt", markup=False),
            Static(prose(step.text), classes="prose", markup=False),
            Button(f"{step.button} (ctrl+s)", id="confirm", variant="primary"),
        ]

    def focus_step(self) -> None:
        """Put the focus where the step begins: the answer, the form, a choice, or Done."""
        for selector in ("#answer-text", ".form-first", ".choice", "#confirm"):
            found = self.query(selector)
            if found:
                # Scrolled into view once laid out (_focus_in_sight); on a reveal or a
                # note, the words above Done are what to read first.
                found.first().focus(scroll_visible=False)
                return

    def answer_for(self, step: str, partner: PartnerKey) -> Answer | None:
        """The latest answer (or draft) ``partner`` gave to ``step`` in this attempt."""
        pending = self._pending
        if pending is not None and pending.partner == partner \
                and self.answer_belongs(pending, step, partner):
            return pending
        if self.run is None:
            return None
        found = [
            answer for answer in self.store.answers(run=self.run.id, partner=partner)
            if self.answer_belongs(answer, step, partner)
        ]
        return found[-1] if found else None

    def answer_belongs(self, answer: Answer, step: str, partner: PartnerKey) -> bool:
        """Whether ``answer`` (one of ``partner``'s in this attempt) answers ``step``.

        A kind where one partner answers the same step twice, in two roles,
        tells them apart here.
        """
        return answer.step == step

    def compose_form(self, step: FormStep, value: Any) -> list[Widget]:
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
        if self.drafts is not None:
            self.drafts.edited()

    def draft_worth_keeping(self, answer: Answer) -> bool:
        """Whether a draft of ``answer`` is worth a write (some words, or a choice made)."""
        return worth_keeping(answer.value)

    def finished_text(self) -> str:
        """What to say when the exercise is done."""
        return "Well done, both of you. Everything you wrote is saved."

    def skip_label(self, step: Step) -> str | None:
        """How "skip" reads for ``step`` in the too-much dialog; None if it can't be skipped.

        Kinds whose steps hang together (a drill) skip more than one step and
        say so, e.g. "Skip the rest of this turn".
        """
        return "Skip this question" if isinstance(step, TextStep | FormStep) else None

    def skip(self, state: StateT, step: Step) -> None:
        """Move ``state`` past ``step`` without an answer (only if ``skip_label`` offers it).

        Nothing is recorded about the skip: no answer, no reason, no mark.
        """
        self.advance(state, step, None)

    # -- helpers for kinds ------------------------------------------------------------------

    def partner(self, key: PartnerKey) -> Partner:
        """The partner with this key."""
        return self.couple.partner(key)

    @property
    def saving(self) -> bool:
        """True while a step's answer is being saved (the step's buttons are off meanwhile)."""
        return self._saving

    def previous_first(self) -> PartnerKey | None:
        """Who went first in the latest earlier attempt at an exercise of this kind."""
        same_kind = {e.id for e in self.content.exercises.values() if e.kind == self.exercise.kind}
        return previous_first(
            self.store, same_kind, exclude_run=self.run.id if self.run is not None else None
        )

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

    def latest_text(self, step: str, partner: PartnerKey) -> str:
        """The text of an answer given earlier in this attempt ("" if none)."""
        answer = self.answer_for(step, partner)
        return answer.value if answer is not None and isinstance(answer.value, str) else ""

    def quote(self, label: str, partner: PartnerKey, *steps: str) -> Quote:
        """``partner``'s words at ``steps`` in this attempt, joined, as a :class:`Quote`.

        Several steps make one piece (a speaker's piece and what they added
        when it was not quite heard). If any of them was kept private, the
        quote says only that, so nothing private shows before its writer agrees.
        """
        found = [self.answer_for(step, partner) for step in steps]
        answers = [answer for answer in found if answer is not None]
        private = any(answer.visibility == Visibility.PRIVATE for answer in answers)
        texts = [answer.value for answer in answers if isinstance(answer.value, str)]
        text = "" if private else "\n\n".join(t.strip() for t in texts if t.strip())
        return Quote(partner, label, text, private)

    def show_banner(self, turn: Turn | None, fallback: str) -> None:
        """Say at the top whose turn it is, or ``fallback`` for a step done together."""
        banner = self.query_one(TurnBanner)
        if turn is None:
            banner.show_both(fallback)
        else:
            banner.show_turn(
                self.partner(turn.partner), turn.doing,
                self.partner(other_key(turn.partner)), turn.meanwhile,
            )

    def step_buttons(self, done: Button) -> Horizontal:
        """A prompt's Done button with "Too much right now" beside it."""
        return Horizontal(
            done, Button(TOO_MUCH_LABEL, id="too-much"), classes="step-buttons"
        )

    def confirm_value(self, step: Step, value: Any) -> None:
        """Move on from ``step`` with ``value`` and no answer saved (a reveal's "enough")."""
        if self.shown_step is step and not self._saving and self.run is not None:
            self._commit(step, value, None)

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
            if resume is None:  # "not now": back to where they came from
                self.dismiss()
                return
            self._begin(unfinished if resume else None)

        where = where_from(unfinished.state) or "the beginning"
        self.app.push_screen(ResumeDialog(self.exercise.title, where), chosen)

    def _begin(self, run: Run | None) -> None:
        state = self._resumed_state(run) if run is not None else None
        if run is not None and state is not None:
            self._started(run, state, restarted=False)
            return
        if self._starting:
            return
        # A new attempt; an old one that can't be resumed stays in the workbook.
        # Starting writes the file, which takes a while in a big workbook: the
        # saver does it, and the first step comes on screen once it has landed.
        self._starting = True
        fresh = self.initial_state()
        store, exercise, session = self.store, self.exercise.id, self.session
        restarted = run is not None

        def started(result: Any, error: BaseException | None) -> Message:
            return self.Started(fresh, result, error, restarted=restarted)

        self._in_background(
            f"start:{exercise}",
            lambda: store.start_run(exercise, session, fresh.to_doc()),
            started,
            "start",
        )

    @on(Started)
    def _start_landed(self, event: Started) -> None:
        self._starting = False
        if isinstance(event.error, StorageError):
            self._could_not_start(event.error)
        elif event.error is not None:
            raise event.error  # not a storage problem: a bug, reported as one
        elif event.run is not None:
            self._started(event.run, cast(StateT, event.state), restarted=event.restarted)

    def _started(self, run: Run, state: StateT, *, restarted: bool) -> None:
        self._start_failed = False
        self.run = run
        self.state = state
        self.show_step()
        if restarted:
            self.query_one(SaveStatus).failed(CANNOT_RESUME)

    def _in_background(
        self,
        key: str,
        job: Callable[[], Any],
        report: Callable[[Any, BaseException | None], Message],
        name: str,
    ) -> None:
        """Run ``job`` on the saver, in order with every other write, and post ``report``'s message.

        A worker waits for the saver, so the screen's own workers say when
        everything it asked for has landed.
        """
        saver = self.saver

        def save_and_wait() -> None:
            landed = threading.Event()
            outcome: list[Any] = [None, None]

            def done(result: Any, error: BaseException | None) -> None:
                outcome[:] = [result, error]
                landed.set()

            saver.submit(key, job, done)
            landed.wait()
            self.post_message(report(outcome[0], outcome[1]))

        self.run_worker(save_and_wait, name=name, group="save", thread=True)

    def _resumed_state(self, run: Run) -> StateT | None:
        """``run``'s saved state, if this screen can carry on from it; else None.

        The state comes from the file, which may have been imported or edited
        by hand: workbook.schema checks the type of each key, but only the
        kind's own ``current_step`` knows whether they fit together.
        """
        held = self.run
        self.run = run  # current_step may look up this attempt's answers
        try:
            state = self.state_type.from_doc(run.state)
            self.current_step(state.copy())
        except Exception:  # any state this version can't read means: start over, not crash
            return None
        finally:
            self.run = held
        return state

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

    def show_step(self) -> None:
        """Put what ``current_step`` says on screen, after a hand-off if it is private."""
        self._show(self.current_step(self.state))

    def _show(self, step: Step | None) -> None:
        self.shown_step = step
        self.drafts = None
        # The line under the step speaks of this step only: quiet until there is news.
        self.query_one(SaveStatus).clear()
        self.query_one("#step", VerticalScroll).display = True
        self._ask_again = False
        self._sync_turn_timer()
        if step is None:
            self._finish()
            return
        if (
            isinstance(step, TextStep | FormStep)
            and step.private
            and self._handed_to != _hand_key(step)
        ):
            self._show_blank()
            writer = self.partner(step.turn.partner)
            looker = self.partner(other_key(step.turn.partner))

            def ready(go: bool | None) -> None:
                if go:
                    self._handed_to = _hand_key(step)
                    self._mount_step(step)
                else:
                    self.action_leave()

            self.app.push_screen(HandOffScreen(writer, looker), ready)
            return
        self._mount_step(step)

    def _show_blank(self) -> None:
        self._replace_body([])
        self.query_one(TurnBanner).show_both("Taking turns")

    def _mount_step(self, step: Step) -> None:
        self._mounting = True
        self._untouched = None
        self._replace_body(self.compose_step(step), lambda: self._step_on_screen(step))

    def _step_on_screen(self, step: Step) -> None:
        """``step``'s widgets are mounted: focus them and note what they opened with."""
        self.focus_step()
        if self.shown_step is not step:
            return  # another step is already on its way; its own mounting will say
        self._mounting = False
        opened = self._answer_on_screen(draft=True) if self.drafts is not None else None
        self._untouched = (opened.value, opened.visibility) if opened is not None else None

    def on_screen_suspend(self) -> None:
        """A full screen such as the pause went over a private step: hide it, and ask again.

        Whoever comes back to the keyboard may not be the writer, so the step
        is hidden now (nothing shows between the pause and the hand-off) and
        handed over again on return, as resuming after Escape does.
        """
        step = self.shown_step
        cover = self.app.screen
        if cover is self or isinstance(cover, ModalScreen | HandOffScreen):
            return
        if isinstance(step, TextStep | FormStep) and step.private \
                and self._handed_to == _hand_key(step):
            self._keep_draft()
            self._handed_to = None
            self._ask_again = True
            self.query_one("#step", VerticalScroll).display = False

    def on_screen_resume(self) -> None:
        """Back from the pause onto a private step: the hand-off first, then the words."""
        step = self.shown_step
        if not self._ask_again or not isinstance(step, TextStep | FormStep):
            return
        self._ask_again = False
        self.query_one(TurnBanner).show_both("Taking turns")

        def ready(go: bool | None) -> None:
            if not go:
                self.action_leave()
                return
            if self.shown_step is step:
                self._handed_to = _hand_key(step)
                self.show_banner(step.turn, "")
                self.query_one("#step", VerticalScroll).display = True
                self.focus_step()

        writer = self.partner(step.turn.partner)
        looker = self.partner(other_key(step.turn.partner))
        self.app.push_screen(HandOffScreen(writer, looker), ready)

    def _replace_body(
        self, widgets: list[Widget], focus: Callable[[], object] | None = None
    ) -> None:
        """Swap the step's widgets, in a worker: the old ones must be gone before ids are reused."""

        async def swap() -> None:
            async with self._swap_lock:  # one swap at a time, in the order asked
                body = self.query_one("#step", VerticalScroll)
                await body.remove_children()
                await body.mount_all(widgets)
                body.scroll_home(animate=False)
                if focus is not None:
                    focus()
                    self.call_after_refresh(self._focus_in_sight)
                self.refresh_bindings()

        self.run_worker(swap(), name="show step", group="step")

    def _focus_in_sight(self) -> None:
        """Once the new step is laid out, the box to type in is in view (Done may stay below).

        Focusing scrolls before the new widgets have their places on a busy
        machine, so this looks again when they do, and always lands the same way.
        """
        widget = self.focused
        if widget is None or widget.id != "answer-text" or not widget.is_mounted:
            return  # a form or a choice starts near the top, where the step begins
        if not self.can_view_entire(widget):
            self.scroll_to_center(widget, animate=False, origin_visible=True)

    def _text_widgets(self, step: TextStep) -> list[Widget]:
        self.show_banner(step.turn, "")
        widgets = self._prompt_widgets(step.prompt, step.hint, step.quotes)
        existing = self.answer_for(step.step, step.turn.partner)
        self.drafts = DraftKeeper(self, self.store, self.saver, existing)
        widgets.append(
            AnswerBox(
                text=existing.value if existing and isinstance(existing.value, str)
                else step.starter,
                placeholder=step.placeholder,
                private=starts_private(step, existing),
                allow_private=step.allow_private,
                other_name=self.partner(other_key(step.turn.partner)).name,
                id="answer",
            )
        )
        label = "Done (ctrl+s)" if not step.optional else "Done — or leave it empty (ctrl+s)"
        widgets.append(self.step_buttons(Button(label, id="confirm", variant="primary")))
        return widgets

    def _choice_widgets(self, step: ChoiceStep) -> list[Widget]:
        self.show_banner(step.turn, "Together")
        widgets = self._prompt_widgets(step.prompt, step.hint, step.quotes)
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
            widgets.append(ChoiceButtons(*buttons, classes="choices"))
        return widgets

    def _form_widgets(self, step: FormStep) -> list[Widget]:
        self.show_banner(step.turn, "")
        widgets = self._prompt_widgets(step.prompt, step.hint, step.quotes)
        existing = self.answer_for(step.step, step.turn.partner)
        self.drafts = DraftKeeper(self, self.store, self.saver, existing)
        widgets += self.compose_form(step, existing.value if existing else None)
        widgets.append(self.step_buttons(Button("Done (ctrl+s)", id="confirm", variant="primary")))
        return widgets

    def _prompt_widgets(
        self, prompt: str, hint: str, quotes: tuple[Quote, ...] = ()
    ) -> list[Widget]:
        widgets: list[Widget] = [Static(prose(prompt), classes="step-prompt", markup=False)]
        if quotes:
            widgets.append(QuoteView([
                Quoted(self.partner(q.partner), q.label, q.text, q.private) for q in quotes
            ]))
        if hint:
            widgets.append(Static(prose(hint), classes="hint", markup=False))
        return widgets

    # -- timer ---------------------------------------------------------------------------

    def _sync_turn_timer(self) -> None:
        timer = self.query_one("#timer", CountdownTimer)
        wanted = self.timer_minutes(self.state) if self.shown_step is not None else None
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
        if self.drafts is not None:
            self.drafts.edited()

    def draft_answer(self) -> Answer | None:
        """The answer on screen as a draft, for the draft keeper (None: nothing to keep)."""
        if self._saving or self.drafts is None or self._mounting:
            return None
        answer = self._answer_on_screen(draft=True)
        if answer is not None and self._untouched is not None:
            if (answer.value, answer.visibility) == self._untouched:
                return None  # as the step opened: nobody has written anything yet
            self._untouched = None
        return answer

    def _answer_on_screen(self, *, draft: bool) -> Answer | None:
        step = self.shown_step
        if self.run is None:
            return None
        if isinstance(step, FormStep):
            visibility = self.form_visibility(step)
            return self._make_answer(step, self.form_value(step), visibility, draft=draft)
        if not isinstance(step, TextStep):
            return None
        boxes = self.query("#answer")
        if not boxes:
            return None
        box = boxes.first(AnswerBox)
        if draft and only_starter(step, box.text):
            return None  # the words the step starts with are not a draft of anyone's
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
        keeper = self.drafts
        answer = Answer(
            uuid=keeper.uuid if keeper is not None else new_id(),
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
        if keeper is not None and keeper.created:
            answer = Answer.from_doc({**answer.to_doc(), "created": keeper.created})
        return answer

    def _keep_draft(self) -> None:
        if self.drafts is not None and not self._saving:
            self.drafts.keep()

    def draft_refused(self, message: str) -> None:
        """Say why the draft could not be kept (the status stops promising it is)."""
        self.query_one(SaveStatus).failed(message)

    @on(DraftSaved)
    def _draft_saved(self, event: DraftSaved) -> None:
        if self._saving or not self.is_mounted:
            return
        if self.drafts is None or event.uuid != self.drafts.uuid:
            return  # an earlier step's draft: nothing to report on this one
        status = self.query_one(SaveStatus)
        if event.error is None:
            status.draft_kept()
        elif isinstance(event.error, StorageError):
            status.failed(f"Your draft could not be kept: {event.error.message}")
        else:
            status.failed("Your draft could not be kept. Your text is still here.")

    # -- confirming ------------------------------------------------------------------------

    def action_confirm_typed(self) -> None:
        """ctrl+s: confirm once the focused field has taken every key typed before it.

        ctrl+s is a priority key, so it is handled as soon as it arrives, while
        keys typed just before it (a fast burst, a paste, a text expander) may
        still wait in the field's own queue. Confirming from that queue puts
        the confirm behind them, so no typed word is left out of the answer.
        """
        focused = self.focused
        if focused is None:
            self.action_confirm()
        else:
            focused.call_later(self.action_confirm)

    def action_confirm(self) -> None:
        """Save this step's answer (or move past a reveal or a note)."""
        if self._start_failed:
            self._retry_start()
            return
        step = self.shown_step
        if step is None or self._saving or self.run is None:
            return
        if isinstance(step, TextStep):
            boxes = self.query("#answer")
            if not boxes:
                return  # the step is still being put on screen
            box = boxes.first(AnswerBox)
            text = box.text
            if only_starter(step, text):
                text = ""
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
        step = self.shown_step
        if not isinstance(step, ChoiceStep) or self._saving or choice_id is None:
            return
        index = int(choice_id.removeprefix("choice-"))
        value = step.choices[index][0]
        answer = None
        if step.save and value not in step.steer_only:
            self.drafts = None
            answer = self._make_answer(step, value, Visibility.SHARED, draft=False)
        self._commit(step, value, answer)

    def _commit(self, step: Step, value: Any, answer: Answer | None) -> None:
        """Save the answer and the next state together, then show the next step."""
        new_state = self.state.copy()
        self.advance(new_state, step, value)
        self._move_on(new_state, answer)

    def _move_on(
        self, new_state: StateT, answer: Answer | None, *, drop: str | None = None
    ) -> None:
        """Save ``answer`` (if any) and ``new_state`` in one write, then show the next step.

        ``drop`` is the uuid of a draft to delete first: a skipped question's.
        The write goes through the saver, so it lands after any draft of the
        same answer; a worker waits for it, and the result comes back as a
        :class:`StepSaved` message.
        """
        assert self.run is not None
        if self.drafts is not None:
            self.drafts.cancel()
        # The next step is worked out once, here, and shown once the save lands; it
        # may quote the answer being saved (the listener's words, for the speaker).
        self._pending = answer
        try:
            following = self.current_step(new_state)
        finally:
            self._pending = None
        doc = new_state.to_doc()
        doc[WHERE_KEY] = _where(following)
        finished = following is None
        store, run_id = self.store, self.run.id
        self._saving = True
        self.query_one(SaveStatus).saving()
        for widget in self.query("Button, ChoiceList"):
            widget.disabled = True
        key = answer.uuid if answer is not None else drop or f"run:{run_id}"

        def job() -> Run:
            if drop is not None and store.answer(drop) is not None:
                store.delete_answer(drop)
            return store.commit_step(run_id, doc, answer=answer, complete=finished)

        def saved(result: Any, error: BaseException | None) -> Message:
            return self.StepSaved(new_state, following, result, error)

        self._in_background(key, job, saved, "save step")

    @on(StepSaved)
    def _committed(self, event: StepSaved) -> None:
        self._saving = False
        status = self.query_one(SaveStatus)
        if event.error is not None:
            for widget in self.query("Button, ChoiceList"):
                widget.disabled = False
            error = event.error
            message = error.message if isinstance(error, StorageError) else (
                "Something went wrong while saving, so this answer was NOT saved. "
                "Your text is still here; try again."
            )
            status.failed(message)
            return
        if event.run is not None:
            self.run = event.run
        self._handed_to = None
        self.state = cast(StateT, event.state)
        troubled = status.had_problem
        self._show(event.following)
        if troubled:
            # After a problem was shown ("NOT saved", too long…), say that this time it worked.
            status.saved_after_failure()

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
        step = self.shown_step
        if step is None or self._saving or self.run is None or self.app.screen is not self:
            return
        skip = self.skip_label(step)

        def chosen(choice: TooMuch | None) -> None:
            if choice == "skip" and skip is not None and self.shown_step is step:
                self._skip_step(step)
            elif choice == "end":
                self._end_for_today()

        self.app.push_screen(TooMuchDialog(skip), chosen)

    def _skip_step(self, step: Step) -> None:
        """Move past ``step`` saving nothing for it; its draft, if one was kept, goes."""
        if self._saving:
            return
        keeper = self.drafts
        draft = keeper.uuid if keeper is not None else None
        if keeper is not None:
            keeper.cancel()
        self.drafts = None  # nothing more of this question is kept from here on
        new_state = self.state.copy()
        self.skip(new_state, step)
        self._move_on(new_state, None, drop=draft)

    def _end_for_today(self) -> None:
        """Back to home, keeping everything saved (and the draft, as leaving does)."""
        from workbook.screens.home import HomeScreen

        self._keep_draft()
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
        self._keep_draft()
        if self.app.screen is self:
            self.dismiss()


def starts_private(step: TextStep | FormStep, existing: Answer | None) -> bool:
    """Whether "keep private" starts ticked: as the writer left it, or as the step says."""
    if existing is not None:
        return existing.visibility == Visibility.PRIVATE
    return step.private_first


def only_starter(step: TextStep, text: str) -> bool:
    """Whether ``text`` is no more than the words the step put in the box to start with."""
    return bool(step.starter.strip()) and " ".join(text.split()) == " ".join(step.starter.split())


def _hand_key(step: TextStep | FormStep) -> str:
    return f"{step.step}/{step.turn.partner}"


def _where(step: Step | None) -> str:
    """A few words about a step, for "you stopped at…"."""
    if step is None:
        return "the end"
    if isinstance(step, TextStep | ChoiceStep | FormStep):
        return " ".join(step.prompt.split())[:80]
    return step.title[:80]
