"""``WorkbookApp``: opens the workbook file and the content, then shows the right first screen."""

from __future__ import annotations

import asyncio
import os
import re
import signal
import threading
from pathlib import Path

from rich.segment import Segment
from textual import events
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.filter import LineFilter
from textual.screen import Screen

from workbook import paths
from workbook.collector import IdleCollector, resume_collector
from workbook.compat import CrashHook, decode_input_forgivingly
from workbook.content import Content, ContentInvalid, SupportPage, load_content
from workbook.envelope import Secret
from workbook.saver import BackgroundSaver
from workbook.screens.commands import WorkbookCommands
from workbook.storage import (
    CorruptDatabase,
    DamagedLockedWorkbook,
    DatabaseLocked,
    NewerSchema,
    StorageError,
    WorkbookIsLocked,
)
from workbook.store import WorkbookStore

_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


class _NoControlCharacters(LineFilter):
    """Drop control characters from the text on screen (they take no room anyway).

    Textual writes a widget's text to the terminal as it is, so an answer
    holding ESC sequences (pasted, or imported from another file) would be
    obeyed by the terminal: clearing it, retitling it, and worse. The stored
    text is left exactly as it was typed; only the drawing skips them.
    """

    def apply(self, segments: list[Segment], background: object) -> list[Segment]:
        if not _CONTROL_CHARACTERS.search("".join([segment.text for segment in segments])):
            return segments  # nearly every line: one search, nothing copied
        return [
            Segment(_CONTROL_CHARACTERS.sub("", text), style, control)
            if control is None and _CONTROL_CHARACTERS.search(text)
            else Segment(text, style, control)
            for text, style, control in segments
        ]


def _problem_screen(error: StorageError, secret: Secret | None = None) -> Screen:
    """The screen that explains why the workbook file could not be opened.

    ``secret`` opens a locked backup, if the backup is offered.
    """
    from workbook.screens.problems import ProblemScreen, RecoveryScreen

    if isinstance(error, CorruptDatabase):
        return RecoveryScreen(error, secret=secret)
    if isinstance(error, DatabaseLocked):
        return ProblemScreen("This workbook is already open", error.message)
    if isinstance(error, NewerSchema):
        return ProblemScreen("This workbook needs a newer version", error.message)
    return ProblemScreen("The workbook file can't be opened", error.message)


class WorkbookApp(CrashHook, App[None]):
    """The full-screen workbook for two partners at one keyboard."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    # Textual's header starts with its own "⭘" mark, which means nothing to a
    # couple. Hidden, not removed: its room stays, so the title stays centred.
    # ctrl+p, named in every footer, opens the palette a click on it would.
    CSS = "HeaderIcon { visibility: hidden; }"
    TITLE = "Couple Workbook"
    COMMANDS = App.COMMANDS | {WorkbookCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1", id="help"),
        Binding("question_mark", "help", "Help", show=False),
        # The private support page, from anywhere: priority, so dialogs and text
        # boxes cannot hold it back. Not in the footer: the help on every screen,
        # the pause and the agreement name it, under a label that reads as
        # ordinary self-care to anyone looking over a shoulder.
        Binding("f2", "support", "Looking after yourself", show=False, priority=True),
        Binding("ctrl+t", "pause", "Pause", priority=True, id="pause"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
    ]

    # Every screen gets a class for its size, so the stylesheet can make room at
    # 60x18 (the smallest size the workbook is made for) and use it at 120x36.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall"), (32, "-roomy")]

    def __init__(
        self,
        db_path: str | os.PathLike[str] | None = None,
        content_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path) if db_path is not None else paths.default_db_path()
        """The workbook file this app opens."""
        self.content_dir = (
            Path(content_dir) if content_dir is not None else paths.user_content_dir()
        )
        """The couple's own exercise folder (it need not exist)."""
        self.store: WorkbookStore | None = None
        """The opened workbook, once start-up succeeded."""
        self.secret: Secret | None = None
        """What opened a locked workbook (to open it again after a restore); never shown."""
        self.content: Content | None = None
        """The loaded content, once start-up succeeded."""
        self.saver = BackgroundSaver()
        """The one writer thread: answers are saved without making typing wait."""
        self._no_control_characters = _NoControlCharacters()
        self.idle_collector = IdleCollector()
        """Runs the garbage collector's full walk while nobody is typing (from the first frame)."""
        self._previous_sigterm: object = None
        self._crash_reported = False

    # -- start-up ----------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """Open the workbook and start where this couple left off (home, usually)."""
        return self.first_screen()

    def first_screen(self) -> Screen:
        """Open content and storage, and pick the first screen."""
        try:
            self.content = load_content(self.content_dir)
        except ContentInvalid as error:
            from workbook.screens.problems import ContentErrorsScreen

            return ContentErrorsScreen(error.errors)
        try:
            self.store = WorkbookStore.open(self.db_path, secret=self.secret)
        except WorkbookIsLocked as locked:
            return self._unlock_screen(locked)
        except StorageError as error:
            return _problem_screen(error, self.secret)
        self._restore_theme()
        return self.screen_for_couple()

    def _unlock_screen(self, locked: WorkbookIsLocked) -> Screen:
        """Ask for the passphrase of a locked workbook, then carry on as if it had just opened.

        A damaged one (``DamagedLockedWorkbook``) is told as such first: the
        passphrase then opens its backup, offered on the recovery screen.
        """
        from workbook.screens.unlock import UnlockScreen

        path = self.db_path

        def open_store(secret: Secret) -> WorkbookStore:
            return WorkbookStore.open(path, secret=secret)

        damage = locked.message if isinstance(locked, DamagedLockedWorkbook) else None
        return UnlockScreen(
            path.name,
            open_store,
            self._unlocked,
            self._unlock_failed,
            has_recovery_key=locked.has_recovery_key,
            damage=damage,
        )

    def _unlocked(self, store: WorkbookStore, secret: Secret) -> None:
        from workbook.screens.navigation import replace_screen

        self.store, self.secret = store, secret
        self._restore_theme()
        replace_screen(self, self.screen_for_couple())
        self.call_after_refresh(self._read_the_rest)

    def _unlock_failed(self, error: StorageError, secret: Secret) -> None:
        from workbook.screens.navigation import replace_screen

        self.secret = secret  # a damaged file's locked backup opens with it
        replace_screen(self, _problem_screen(error, secret))

    def screen_for_couple(self) -> Screen:
        """Setup, the agreement, or home: wherever this couple left off."""
        assert self.store is not None and self.content is not None
        couple = self.store.couple()
        if couple is None:
            from workbook.screens.setup import SetupScreen

            return SetupScreen(self.store)
        if couple.agreed_at is None:
            from workbook.screens.agreement import AgreementScreen

            return AgreementScreen(self.store, self.content.agreement, couple)
        from workbook.screens.home import HomeScreen

        return HomeScreen(self.store, self.content)

    def reopen_after_recovery(self) -> None:
        """Try opening the workbook again (after a backup was restored)."""
        from workbook.screens.navigation import replace_screen

        replace_screen(self, self.first_screen())
        self.call_after_refresh(self._read_the_rest)

    def on_ready(self) -> None:
        """The first screen is drawn: now read the rest of a big workbook."""
        self.call_after_refresh(self._after_first_frame)

    def _after_first_frame(self) -> None:
        resume_collector(restart=True)  # paused for start-up by ``workbook.cli.app_class``
        self.idle_collector.start()
        self.set_interval(1.0, self.idle_collector.tick, name="idle collector")
        self._read_the_rest()

    def _read_the_rest(self) -> None:
        """Parse the answers that opening left for later, off the UI thread.

        Home needs only the small tables, so it shows first. If the answers
        turn out to be damaged, the recovery screen takes over; nothing could
        have been saved meanwhile (every save reads the whole file first).
        """
        store = self.store
        if store is None or store.complete:
            return

        def read() -> None:
            try:
                if not store.finish_loading():
                    self.call_from_thread(self._show_again, store)
            except CorruptDatabase as error:
                self.call_from_thread(self._damaged_after_opening, store, error)
            except StorageError:
                pass  # a passing read error: whatever needs the answers reports it

        self.run_worker(read, thread=True, group="loading", exit_on_error=False)

    def _show_again(self, store: WorkbookStore) -> None:
        from workbook.screens.navigation import replace_screen

        if self.store is store:
            replace_screen(self, self.screen_for_couple())

    def _damaged_after_opening(self, store: WorkbookStore, error: CorruptDatabase) -> None:
        from workbook.screens.navigation import replace_screen

        if self.store is not store:
            return
        self.store = None
        store.close()  # lets go of the lock, so the backup can be restored
        replace_screen(self, _problem_screen(error, self.secret))

    def _restore_theme(self) -> None:
        assert self.store is not None
        saved = self.store.setting("theme")
        if isinstance(saved, str) and saved in self.available_themes:
            self.theme = saved
        self.theme_changed_signal.subscribe(self, self._remember_theme)

    def _remember_theme(self, _theme: object) -> None:
        store = self.store
        if store is None or store.read_only or store.setting("theme") == self.theme:
            return
        name = self.theme

        def save() -> None:
            try:
                store.set_setting("theme", name)
            except StorageError as error:
                self.call_from_thread(
                    self.notify, error.message, title="Theme not remembered", severity="warning",
                    markup=False,
                )

        self.run_worker(save, thread=True, group="settings", exit_on_error=False)

    # -- when something unexpected goes wrong ------------------------------------

    def crashed(self, error: BaseException) -> None:
        """A bug escaped a handler: close with a plain message instead of a traceback.

        Textual would print a traceback with the values of local variables,
        which can be a partner's answer, into the terminal's scrollback (see
        ``workbook.compat.CrashHook``). The details go to a private file
        instead (see ``workbook.crash.crash_details``). Shutting down still
        finishes queued saves (``on_unmount``).
        """
        from workbook.crash import crash_details

        self._close_plainly(crash_details(error))

    def panic(self, *renderables: object) -> None:
        """Textual's own last resort (its input thread failed, say): close plainly too."""
        from rich.traceback import Traceback

        details: list[str] = []
        for renderable in renderables:
            if isinstance(renderable, Traceback):
                for stack in renderable.trace.stacks:
                    details.append("Traceback (most recent call last):\n")
                    details += [
                        f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}\n'
                        for frame in stack.frames
                    ]
                    details.append(f"{stack.exc_type}\n\n")
        self._close_plainly(details)

    def _close_plainly(self, details: list[str]) -> None:
        """Keep ``details`` in the crash report and close with one short message."""
        from rich.text import Text

        from workbook.crash import crash_message, keep_crash_report

        if self._crash_reported:  # one message, however many errors follow
            return
        self._crash_reported = True
        self.bell()
        self.exit(return_code=1, message=Text(crash_message(keep_crash_report(details))))

    def get_line_filters(self):
        """Textual's filters, plus one that keeps control characters off the screen."""
        return [*super().get_line_filters(), self._no_control_characters]

    def get_driver_class(self):
        """Textual's driver, reading input that is not UTF-8 without crashing."""
        try:
            from textual.drivers import linux_driver
        except ImportError:  # Windows has its own driver
            pass
        else:
            decode_input_forgivingly(linux_driver)
        return super().get_driver_class()

    def on_mount(self) -> None:
        """Let ``kill`` (SIGTERM) close the app as ctrl+q does: saves finished, terminal restored.

        Python's default would end the process at once and leave the terminal
        in full-screen mode. A second SIGTERM still ends it at once. Closing
        the terminal (SIGHUP) keeps the default: there is no terminal left to
        restore, and every save is already on disk.
        """
        if threading.current_thread() is not threading.main_thread():
            return
        loop = asyncio.get_running_loop()

        def terminate(_signum: int, _frame: object) -> None:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
            loop.call_soon_threadsafe(self.exit, None, 128 + signal.SIGTERM)

        self._previous_sigterm = signal.signal(signal.SIGTERM, terminate)

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """A filled text field that gains the focus keeps its words, cursor at the end.

        Textual's Input selects all its text on focus, so the next key typed
        after Tab would wipe a name or a note. Every field in the app is set not
        to; this catches one made without saying so, before anything is typed.
        """
        from textual.widgets import Input
        from textual.widgets.input import Selection

        field = event.widget
        if isinstance(field, Input) and field.select_on_focus:
            field.select_on_focus = False
            field.selection = Selection.cursor(len(field.value))

    async def on_event(self, event: events.Event) -> None:
        """Note every key press and mouse event, so the collector knows when the couple is busy."""
        if isinstance(event, events.InputEvent):
            self.idle_collector.touched()
        await super().on_event(event)

    def on_unmount(self) -> None:
        """Finish queued saves, then release the workbook file and its lock."""
        self.idle_collector.stop()
        if self._previous_sigterm is not None:
            signal.signal(signal.SIGTERM, self._previous_sigterm)  # type: ignore[arg-type]
            self._previous_sigterm = None
        self.saver.close()
        if self.store is not None:
            self.store.close()

    # -- actions ----------------------------------------------------------------

    def open_exercise(self, exercise_id: str, session: str | None = None, callback=None) -> None:
        """Open an exercise (or the pause) over the current screen."""
        from workbook.screens.registry import exercise_screen

        assert self.store is not None and self.content is not None
        couple = self.store.couple()
        assert couple is not None
        screen = exercise_screen(
            self.content.exercise(exercise_id),
            store=self.store, content=self.content, couple=couple, saver=self.saver,
            session=session,
        )
        self.push_screen(screen, callback)

    def action_pause(self) -> None:
        """Take a pause from wherever you are; leaving it returns to the same place."""
        from workbook.screens.pause import PauseScreen

        if isinstance(self.screen, PauseScreen) or self.content is None:
            return
        try:
            pause = self.content.exercise("pause")
        except KeyError:
            pause = None
        self.push_screen(PauseScreen(pause if pause and pause.kind == "pause" else None))

    def action_help(self) -> None:
        """Show help for the screen in front."""
        from workbook.screens.dialogs.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen.for_screen(self.screen))

    def action_support(self) -> None:
        """Open the private support page over whatever is in front; F2 again closes it."""
        from workbook.screens.dialogs.support import SupportScreen

        if isinstance(self.screen, SupportScreen):
            self.screen.dismiss()
            return
        page = self.support_page()
        if page is not None:
            self.push_screen(SupportScreen(page))

    def support_page(self) -> SupportPage | None:
        """The support page from the loaded content, or the shipped one if none loaded."""
        if self.content is not None and self.content.support is not None:
            return self.content.support
        from workbook.content import shipped_support_page

        return shipped_support_page()

    def get_system_commands(self, screen: Screen):
        """Textual's system commands plus Help (ours come from ``WorkbookCommands``)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Help", "Show help for this screen (F1)", self.action_help, discover=True
        )
