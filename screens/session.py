"""One session of the program: its opening, its exercises in order, and the closing.

Opening a session starts a sitting (a session record), or continues the one
left unfinished. Each exercise shows whether it is done in this sitting.
When every exercise is done, both partners answer the closing question and
the session is marked done. A session can be repeated; earlier sittings and
their answers stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.exercise import ExerciseScreen, RevealStep, Step, TextStep, Turn
from workbook.screens.footer import CalmFooter
from workbook.screens.registry import is_available
from workbook.screens.text import prose
from workbook.screens.widgets.menus import OpenMenu

from workbook.content import Content as WorkbookContent
from workbook.content import Exercise, ProgramSession, Prompt, ReflectionOptions
from workbook.labels import CLOSING_EXERCISE
from workbook.model import PartnerKey, SessionRecord, other_key
from workbook.run_state import RunState
from workbook.storage import StorageError
from workbook.store import WorkbookStore


class SessionScreen(Screen[None]):
    """A sitting of one program session."""

    HELP = """\
## A session

A session is a few exercises done in order, in one sitting or several.

- The list shows each exercise: ✓ done in this sitting, ◐ started,
  ○ not yet. **Enter** opens the highlighted one; the next one to do is
  highlighted for you.
- When every exercise is done, **To close** asks you both one question.
  Answering it marks the session as done.
- You can stop at any time with **Escape**. Everything is kept, and the
  session carries on from where you were next time.
- A finished session can be done again later. Your earlier answers stay,
  so you can compare then and now.
"""

    BINDINGS = [Binding("escape", "back", "Home")]

    def __init__(
        self, store: WorkbookStore, content: WorkbookContent, session: ProgramSession
    ) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.content = content
        """All content."""
        self.session = session
        """The program session being done."""
        self.record: SessionRecord | None = None
        """The sitting in progress (None until it is begun)."""

    # -- layout ---------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="home"):
            with VerticalScroll(id="session-intro"):
                yield Static(id="session-opening")
            yield OpenMenu(id="session-menu")
        yield Static(id="home-status")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = f"Session {self.session.number}: {self.session.title}"
        open_records = [
            r for r in self.store.session_records()
            if r.program_session == self.session.id and not r.is_done
        ]
        self.record = open_records[-1] if open_records else None
        self.refresh_state()

    def on_screen_resume(self) -> None:
        if self.record is not None:
            self.refresh_state()

    # -- state ------------------------------------------------------------------------

    def _done_here(self) -> dict[str, bool | None]:
        """Per exercise: True done, False started, None not started (in this sitting)."""
        state: dict[str, bool | None] = {e: None for e in self.session.exercises}
        if self.record is None:
            return state
        for run in self.store.runs(session=self.record.id):
            if run.exercise in state:
                state[run.exercise] = state[run.exercise] or run.is_done
        return state

    def refresh_state(self) -> None:
        """Redraw the opening, the list and the status line."""
        done = self._done_here()
        times = sum(
            1 for r in self.store.session_records()
            if r.program_session == self.session.id and r.is_done
        )
        intro: list[str | tuple[str, str]] = [
            (f"Session {self.session.number} · {self.session.title}\n", "bold"),
            (f"About {self.session.minutes} minutes", "$text-muted"),
        ]
        if times:
            intro.append((f" · done {times} time{'s' if times > 1 else ''} before", "$text-muted"))
        intro += ["\n\n", prose(self.session.opening)]
        self.query_one("#session-opening", Static).update(Content.assemble(*intro))

        menu = self.query_one(OpenMenu)
        options: list[Option | None] = []
        for number, exercise_id in enumerate(self.session.exercises, start=1):
            exercise = self.content.exercise(exercise_id)
            mark = {True: "✓", False: "◐", None: "○"}[done[exercise_id]]
            label = Content.assemble((mark, "bold"), f" {number}. {exercise.title}")
            if not is_available(exercise.kind):
                label = Content.assemble(label, (" (not available yet)", "italic $warning"))
            options.append(Option(label, id=f"exercise:{exercise_id}"))
        all_done = all(done.values())
        options.append(None)
        closing = Content.assemble(("✎", "bold"), " To close: ", prose(self.session.closing))
        options.append(Option(closing, id="closing", disabled=not all_done))
        menu.set_options(options)
        upcoming = next((e for e, d in done.items() if not d), None)
        menu.highlighted = menu.get_option_index(
            f"exercise:{upcoming}" if upcoming else "closing"
        )
        menu.focus()
        finished = sum(1 for d in done.values() if d)
        status = f"{finished} of {len(done)} exercises done in this sitting"
        if all_done:
            status += " · answer the closing question together to finish"
        self.query_one("#home-status", Static).update(status)

    # -- actions ------------------------------------------------------------------------

    def _ensure_record(self) -> SessionRecord | None:
        if self.record is None:
            try:
                self.record = self.store.start_session(self.session.id)
            except StorageError as error:
                self.notify(
                    error.message, title="Not saved", severity="error", timeout=10, markup=False
                )
                return None
        return self.record

    @on(OptionList.OptionSelected, "#session-menu")
    def _open(self, event: OptionList.OptionSelected) -> None:
        option_id = event.option.id or ""
        if option_id == "closing":
            self._open_closing()
            return
        exercise = self.content.exercise(option_id.removeprefix("exercise:"))
        if not is_available(exercise.kind):
            self.notify(
                f"{exercise.title} is not available yet in this version of the workbook.",
                title="Not yet", severity="warning", markup=False,
            )
            return
        record = self._ensure_record()
        if record is None:
            return
        opener = getattr(self.app, "open_exercise", None)
        if opener is not None:
            opener(exercise.id, session=record.id)

    def _open_closing(self) -> None:
        record = self._ensure_record()
        if record is None:
            return
        saver = getattr(self.app, "saver", None)
        couple = self.store.couple()
        assert saver is not None and couple is not None

        def closed(_result: Any) -> None:
            self._maybe_complete()

        self.app.push_screen(
            ClosingScreen(
                store=self.store, content=self.content,
                exercise=closing_exercise(self.session), couple=couple, saver=saver,
                session=record.id,
            ),
            closed,
        )

    def _maybe_complete(self) -> None:
        if self.record is None:
            return
        runs = self.store.runs(exercise=CLOSING_EXERCISE, session=self.record.id)
        if not any(r.is_done for r in runs):
            self.refresh_state()
            return
        try:
            self.store.complete_session(self.record.id)
        except StorageError as error:
            self.notify(
                error.message, title="Not saved", severity="error", timeout=10, markup=False
            )
            return
        self.notify(
            f"Session {self.session.number} is done. Thank you both for the time you gave it.",
            title="Session done",
            timeout=8,
            markup=False,
        )
        self.dismiss()

    def action_back(self) -> None:
        """Back home; the sitting stays open and carries on next time."""
        self.dismiss()


def closing_exercise(session: ProgramSession) -> Exercise:
    """The session's closing question, as a small exercise of its own."""
    return Exercise(
        id=CLOSING_EXERCISE,
        kind="closing",
        title=f"Closing session {session.number}",
        why="Naming one thing to keep helps it stay with you.",
        minutes=5,
        intro=None,
        version=1,
        options=ReflectionOptions(mode="shared", prompts=(Prompt(text=session.closing),)),
        source="",
    )


@dataclass
class ClosingState(RunState):
    """Where a session's closing question has got to: "a", "b", "reveal" or "done"."""

    phase: str = "a"


class ClosingScreen(ExerciseScreen[ClosingState]):
    """Both partners answer the session's closing question, then read both answers."""

    RULES = "One thing each. There is no right answer."

    HELP = """\
## Closing the session

Each of you writes one short answer to the closing question, then you read
both together. Answering it marks the session as done.
"""

    state_type = ClosingState

    def _question(self) -> str:
        options = self.exercise.options
        assert isinstance(options, ReflectionOptions)
        return options.prompts[0].text

    def current_step(self, state: ClosingState) -> Step | None:
        phase = state.phase
        if phase in ("a", "b"):
            writer: PartnerKey = "a" if phase == "a" else "b"
            other = self.partner(other_key(writer)).name
            if phase == "a":
                hint = f"{other} answers next, then you read both answers together."
            else:
                hint = f"{other} has answered. Once you have too, you read both answers together."
            return TextStep(
                step="closing",
                turn=Turn(writer, "your closing answer", "waits"),
                prompt=f"{self.partner(writer).name}: {self._question()}",
                placeholder="One thing…",
                allow_private=True,
                hint=hint,
            )
        if phase == "reveal":
            return RevealStep(step="closing", title=self._question())
        return None

    def advance(self, state: ClosingState, step: Step, value: Any) -> None:
        state.phase = {"a": "b", "b": "reveal", "reveal": "done"}[state.phase]

    def finished_text(self) -> str:
        return "That's the session done. Well done, both of you."
