"""Home: the program with each session's status, the anytime tools and the way to Review."""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.footer import CalmFooter
from workbook.screens.registry import NOT_YET, is_available, open_if_available
from workbook.screens.text import prose
from workbook.screens.widgets.menus import OpenMenu

from workbook.content import Content as WorkbookContent
from workbook.content import Exercise, ProgramSession
from workbook.progress import Progress, SessionProgress, Status, compute_progress
from workbook.storage import StorageError
from workbook.store import WorkbookStore

if TYPE_CHECKING:
    pass

STATUS_MARK = {Status.DONE: "✓", Status.IN_PROGRESS: "◐", Status.NOT_STARTED: "○"}
REVIEW_ID = "review"
LIBRARY_ID = "library"
TRACKS_ID = "tracks"



class HomeMenu(OpenMenu):
    """The list of sessions, tools and Review; Enter or a click opens one."""

    _options_width: int | None = None
    """The width the drawn options were made for (None: not drawn since the width changed)."""

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw the options, noting the width they are made for."""
        if self._options_width is None:
            self._options_width = self.scrollable_content_region.width
        return super().render_lines(crop)

    def on_resize(self, event: events.Resize) -> None:
        """Keep the drawn options when the width they were made for has not changed."""
        # OptionList throws its drawn options away on every Resize, including
        # the one that arrives just after the first frame, when nothing has
        # changed: home's menu would be drawn twice before anyone can look.
        # The options depend only on the width, so keep them if it is the
        # same; stopping the default keeps OptionList's own handler from running.
        if self.scrollable_content_region.width == self._options_width:
            event.prevent_default()
        else:
            self._options_width = None  # OptionList redraws them at the new width


def _section(title: str) -> Option:
    return Option(Content.styled(title, "bold $text-muted"), disabled=True)


class HomeScreen(Screen[None]):
    """The program, the anytime tools and Review, with details of the highlighted one."""

    HELP = """\
## Home

This is where every sitting starts.

- **Program**: eight sessions that build on each other. ✓ means done,
  ◐ means started and not finished, ○ means not started yet. The next one
  to do is marked *next*. You can repeat a session whenever you like;
  earlier answers are kept.
- **Anytime**: tools you can use outside the sessions, such as the pause
  or a quick check-in. **Going further** holds optional tracks, each a
  short path of exercises from lighter to harder; **All exercises** lists
  every one.
- **Look back**: Review shows what you both wrote before.

Move with the **arrow keys** (or the mouse), and press **Enter** to open.
**ctrl+p** opens the command palette: type part of a name to find any
exercise, session or tool, from here or from inside an exercise. You can
change the theme there too.
**ctrl+q** quits; everything you confirmed is already saved.

### About your answers

Everything you write stays in one file on this computer; nothing is sent
anywhere. The file and its backup can be opened only by your user account
here (mode 0600), so other people who log in to this computer can't read
them, though anyone who can use *your* account can. Every save is written
in full beside the old file and then swapped in, so a crash or a closed
window never leaves half an answer, and the version before the last save
is kept as a backup.

You can lock the workbook with a passphrase: press **ctrl+p** and choose
"Lock our workbook with a passphrase" (change or remove it the same way).
The file, its backups and the copies kept beside it are then encrypted, so
someone who copies the file or finds this computer can't read them, and a
backup you export is locked too unless you choose otherwise. It does not
hide anything from someone who knows the passphrase (your partner needs it
too), nor from someone watching the screen; old unlocked copies, even
deleted ones, may still linger on the disk; and a forgotten passphrase
can't be recovered by anyone: keep the recovery key it shows you on paper,
somewhere you both know.

The screen is shared, though: it cannot protect a private answer from a
partner who is looking, or who asks you to show it. Nobody should ever be
pressed to share a private answer.

### This is not therapy

The workbook can help you talk and listen. It is not a replacement for a
licensed couples therapist or counsellor, and if anyone is unsafe, please
contact your local emergency services.
"""

    BINDINGS = [Binding("r", "review", "Review")]

    def __init__(self, store: WorkbookStore, content: WorkbookContent) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.content = content
        """The program and exercises."""
        self.progress: Progress = compute_progress(
            [s.id for s in content.sessions], store.session_records()
        )
        """Where the couple stands, worked out once per visit to home."""
        self._detail_shown: str | None = None
        self._first_showing = True

    # -- layout -----------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        if self.store.read_only:
            yield Static(
                self.store.read_only_reason or "Read-only.", id="read-only-banner", markup=False
            )
        with Horizontal(id="home"):
            yield HomeMenu(*self._menu_options(), id="home-menu")
            with VerticalScroll(id="home-detail"):
                # Filled now, so the first frame already shows the details.
                self._detail_shown = f"session:{self._start_session()}"
                yield Static(self._details(self._detail_shown), id="home-detail-text")
        yield Static(self._status_line(), id="home-status")
        yield CalmFooter()

    def on_mount(self) -> None:
        couple = self.store.couple()
        if couple is not None:
            self.sub_title = f"{couple.a.name} & {couple.b.name}"
        menu = self.query_one("#home-menu", OptionList)
        menu.highlighted = menu.get_option_index(f"session:{self._start_session()}")
        menu.focus()
        # Prepare Review while nobody is waiting, so opening it is quick.
        self.set_timer(1.0, self._prepare_review)

    def _start_session(self) -> str:
        """The session highlighted when home opens: the next one to do."""
        return self.progress.next_session or self.content.sessions[0].id

    def _prepare_review(self) -> None:
        from workbook.screens.review import prepared_history

        if not self.is_current:
            return  # a problem screen took over, or another screen is open
        with suppress(StorageError):  # damaged answers: WorkbookApp shows the recovery screen
            prepared_history(self.store, self.content)

    def on_screen_resume(self) -> None:
        """Back from a session or a tool: show where the couple stands now.

        The highlight stays where it was, unless a session was finished while
        away: then it moves on to the next session to do.
        """
        if self._first_showing:  # just composed from fresh progress
            self._first_showing = False
            return
        menu = self.query_one("#home-menu", OptionList)
        current = menu.highlighted_option.id if menu.highlighted_option else None
        finished_before = self._times_finished()
        self.progress = compute_progress(
            [s.id for s in self.content.sessions], self.store.session_records()
        )
        if self._times_finished() > finished_before and self.progress.next_session:
            current = f"session:{self.progress.next_session}"
        menu.set_options(self._menu_options())
        self._detail_shown = None  # the highlighted item's status may have changed
        if current is not None:
            menu.highlighted = menu.get_option_index(current)
        self.query_one("#home-status", Static).update(self._status_line())

    def _times_finished(self) -> int:
        """How many sittings of any session have been finished, repeats included."""
        return sum(item.times_done for item in self.progress.sessions)

    def _menu_options(self) -> list[Option | None]:
        options: list[Option | None] = [_section("Program")]
        for session in self.content.sessions:
            options.append(Option(self._session_label(session), id=f"session:{session.id}"))
        options += [None, _section("Anytime")]
        for exercise_id in self.content.anytime:
            exercise = self.content.exercise(exercise_id)
            # Content, not str: an OptionList reads a str prompt as markup.
            options.append(Option(Content(exercise.title), id=f"tool:{exercise.id}"))
        if self.content.tracks:
            options.append(Option("Going further…", id=TRACKS_ID))
        options.append(Option("All exercises…", id=LIBRARY_ID))
        options += [None, _section("Look back"), Option("Review your answers", id=REVIEW_ID)]
        return options

    def _session_label(self, session: ProgramSession) -> Content:
        state = self.progress.of(session.id)
        label = Content.assemble(
            (STATUS_MARK[state.status], "bold"), f" {session.number}. ", session.title
        )
        if session.id == self.progress.next_session:
            label = Content.assemble(label, ("  next", "italic $accent"))
        return label

    def _status_line(self) -> Content:
        total = len(self.content.sessions)
        done = self.progress.sessions_done
        weeks = self.progress.weeks_practised
        parts = [f"{done} of {total} sessions done"]
        if weeks:
            parts.append("1 week practised" if weeks == 1 else f"{weeks} weeks practised")
        if self.progress.next_session:
            nxt = self.content.session(self.progress.next_session)
            parts.append(f"next: {nxt.number}. {nxt.title}")
        else:
            parts.append("every session done — repeat any you like")
        return Content(" · ".join(parts))

    # -- details ------------------------------------------------------------------

    @on(OptionList.OptionHighlighted, "#home-menu")
    def _show_details(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id == self._detail_shown:
            return
        self._detail_shown = event.option.id
        self.query_one("#home-detail-text", Static).update(self._details(event.option.id))

    def _details(self, option_id: str | None) -> Content:
        if option_id is None:
            return Content()
        if option_id == LIBRARY_ID:
            return Content.assemble(
                ("All exercises\n\n", "bold"),
                f"Every one of the {len(self.content.exercises)} exercises, grouped by kind, "
                "to use whenever you like — outside the program too.",
            )
        if option_id == TRACKS_ID:
            titles = "\n".join(f"· {track.title}" for track in self.content.tracks)
            return Content.assemble(
                ("Going further\n\n", "bold"),
                "Optional tracks for when you want more of one skill, or the well-known "
                "exercises couples often ask about. Each runs from lighter to harder.\n\n",
                Content(titles),
            )
        if option_id == REVIEW_ID:
            return Content.assemble(
                ("Review your answers\n\n", "bold"),
                "Every answer you have saved, by session, exercise, partner or date, "
                "with both of you side by side. Search as you type, see how your "
                "check-ins have moved, and read your \u201cI\u201d statements again.",
            )
        kind, _, item_id = option_id.partition(":")
        if kind == "session":
            session = self.content.session(item_id)
            return self._session_details(session, self.progress.of(session.id))
        return self._exercise_details(self.content.exercise(item_id))

    def _session_details(self, session: ProgramSession, state: SessionProgress) -> Content:
        status = state.status.value
        if state.times_done > 1:
            status += f" (done {state.times_done} times)"
        parts: list[str | Content | tuple[str, str]] = [
            (f"Session {session.number} · {session.title}\n", "bold"),
            (f"About {session.minutes} minutes · {status}\n\n", "$text-muted"),
            prose(session.opening),
            ("\n\nExercises\n", "bold"),
        ]
        for number, exercise_id in enumerate(session.exercises, start=1):
            exercise = self.content.exercise(exercise_id)
            parts.append((f"{number}. {exercise.title}", "bold"))
            parts.append(f" · {exercise.minutes} min\n")
            parts.append((f"{prose(exercise.why)}\n", "$text-muted"))
            if not is_available(exercise.kind):
                parts.append((f"{NOT_YET}\n", "italic $warning"))
            parts.append("\n")
        parts += [("To close: ", "bold"), prose(session.closing)]
        return Content.assemble(*parts)

    def _exercise_details(self, exercise: Exercise) -> Content:
        parts: list[str | Content | tuple[str, str]] = [
            (f"{exercise.title}\n", "bold"),
            (f"About {exercise.minutes} minutes\n\n", "$text-muted"),
            prose(exercise.why),
        ]
        if exercise.intro:
            parts += ["\n\n", prose(exercise.intro)]
        if not is_available(exercise.kind):
            parts += ["\n\n", (NOT_YET, "italic $warning")]
        return Content.assemble(*parts)

    # -- opening things -------------------------------------------------------------

    @on(OptionList.OptionSelected, "#home-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self._open(event.option.id)

    def action_review(self) -> None:
        """Open Review."""
        self._open(REVIEW_ID)

    def highlight(self, option_id: str) -> None:
        """Move the menu to one item (used by the command palette)."""
        menu = self.query_one("#home-menu", OptionList)
        menu.highlighted = menu.get_option_index(option_id)
        menu.focus()

    def _open(self, option_id: str | None) -> None:
        if option_id is None:
            return
        if option_id == REVIEW_ID:
            from workbook.screens.review import ReviewScreen

            couple = self.store.couple()
            assert couple is not None
            self.app.push_screen(ReviewScreen(self.store, self.content, couple))
            return
        kind, _, item_id = option_id.partition(":")
        if kind == "session":
            from workbook.screens.session import SessionScreen

            session = self.content.session(item_id)
            self.app.push_screen(SessionScreen(self.store, self.content, session))
            return
        if option_id == LIBRARY_ID:
            from workbook.screens.library import LibraryScreen

            self.app.push_screen(LibraryScreen(self.content))
            return
        if option_id == TRACKS_ID:
            from workbook.screens.tracks import TracksScreen

            self.app.push_screen(TracksScreen(self.content, self.store))
            return
        open_if_available(self, self.content.exercise(item_id))
