"""``WorkbookApp``: opens the workbook file and the content, then shows the right first screen."""

from __future__ import annotations

import os
from pathlib import Path

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from workbook import paths
from workbook.commands import WorkbookCommands
from workbook.content import Content, ContentInvalid, load_content
from workbook.saver import BackgroundSaver
from workbook.storage import CorruptDatabase, DatabaseLocked, NewerSchema, StorageError
from workbook.store import WorkbookStore


class WorkbookApp(App[None]):
    """The full-screen workbook for two partners at one keyboard."""

    CSS_PATH = Path(__file__).parent / "app.tcss"
    TITLE = "Couple Workbook"
    COMMANDS = App.COMMANDS | {WorkbookCommands}
    BINDINGS = [
        Binding("f1", "help", "Help", key_display="F1", id="help"),
        Binding("question_mark", "help", "Help", show=False),
        Binding("ctrl+t", "pause", "Pause", priority=True, id="pause"),
        Binding("ctrl+q", "quit", "Quit", priority=True, id="quit"),
    ]

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
        self.content: Content | None = None
        """The loaded content, once start-up succeeded."""
        self.saver = BackgroundSaver()
        """The one writer thread: answers are saved without making typing wait."""

    # -- start-up ----------------------------------------------------------------

    def get_default_screen(self) -> Screen:
        """Open the workbook and start where this couple left off (home, usually)."""
        return self.first_screen()

    def first_screen(self) -> Screen:
        """Open content and storage, and pick the first screen."""
        from workbook.screens.problems import ContentErrorsScreen, ProblemScreen, RecoveryScreen

        try:
            self.content = load_content(self.content_dir)
        except ContentInvalid as error:
            return ContentErrorsScreen(error.errors)
        try:
            self.store = WorkbookStore.open(self.db_path)
        except DatabaseLocked as error:
            return ProblemScreen("This workbook is already open", error.message)
        except CorruptDatabase as error:
            return RecoveryScreen(error)
        except NewerSchema as error:
            return ProblemScreen("This workbook needs a newer version", error.message)
        except StorageError as error:
            return ProblemScreen("The workbook file can't be opened", error.message)
        self._restore_theme()
        return self.screen_for_couple()

    def screen_for_couple(self) -> Screen:
        """Setup, the agreement, or home: wherever this couple left off."""
        from workbook.screens.agreement import AgreementScreen
        from workbook.screens.home import HomeScreen
        from workbook.screens.setup import SetupScreen

        assert self.store is not None and self.content is not None
        couple = self.store.couple()
        if couple is None:
            return SetupScreen(self.store)
        if couple.agreed_at is None:
            return AgreementScreen(self.store, self.content.agreement, couple)
        return HomeScreen(self.store, self.content)

    def reopen_after_recovery(self) -> None:
        """Try opening the workbook again (after a backup was restored)."""
        from workbook.screens.navigation import replace_screen

        replace_screen(self, self.first_screen())

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
                    self.notify, error.message, title="Theme not remembered", severity="warning"
                )

        self.run_worker(save, thread=True, group="settings", exit_on_error=False)

    def on_unmount(self) -> None:
        """Finish queued saves, then release the workbook file and its lock."""
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

    def get_system_commands(self, screen: Screen):
        """Textual's system commands plus Help (ours come from ``WorkbookCommands``)."""
        yield from super().get_system_commands(screen)
        yield SystemCommand(
            "Help", "Show help for this screen (F1)", self.action_help, discover=True
        )
