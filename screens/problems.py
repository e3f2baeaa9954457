"""Screens for when the workbook cannot start normally: bad content, an unreadable or busy file."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import Button, Header, Static
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.footer import CalmFooter

from workbook.content import ContentError
from workbook.dates import local_moment
from workbook.envelope import Secret
from workbook.storage import CorruptDatabase, StorageError, restore_backup


class ProblemScreen(Screen[None]):
    """A plain explanation of why the workbook can't open, and a way out."""

    HELP = """\
## Something is in the way

The workbook could not open normally. The message on the screen says why.
Nothing in your workbook file has been changed.

Press **Enter** or **q** to quit. The same message is printed in your
terminal so you can read it again.
"""

    BINDINGS = [
        Binding("q", "leave", "Quit", show=False),
        Binding("escape", "leave", "Quit", show=False),
    ]

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title_text = title
        """A short headline."""
        self.message = message
        """The explanation in plain words."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="problem"):
            # The message can quote the workbook's path, which is anyone's folder name.
            yield Static(self.title_text, classes="screen-title", markup=False)
            yield Static(self.message, classes="prose", markup=False)
            yield from self.compose_extra()
            with Horizontal(classes="dialog-buttons"):
                yield from self.compose_buttons()
        yield CalmFooter()

    def compose_extra(self) -> ComposeResult:
        """More content under the message (for subclasses)."""
        yield from ()

    def compose_buttons(self) -> ComposeResult:
        """The buttons at the bottom (for subclasses)."""
        yield Button("Quit", id="leave", variant="primary")

    def on_mount(self) -> None:
        self.query_one(Button).focus()

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Quit, repeating the message in the terminal."""
        # Text, not str: Textual prints a str exit message as Rich markup.
        self.app.exit(return_code=1, message=Text(f"{self.title_text}. {self.message}"))


class ContentErrorsScreen(ProblemScreen):
    """The list of problems found in the content files."""

    HELP = """\
## Problems in the content files

The exercises are read from YAML files, and some of them have mistakes.
Each line names the file, the line number and what is wrong. Fix them in a
text editor, then start the workbook again. `workbook validate` prints the
same list in your terminal.

Your answers are not affected: the workbook file was not opened.
"""

    def __init__(self, errors: list[ContentError]) -> None:
        count = len(errors)
        noun = "problem" if count == 1 else "problems"
        super().__init__(
            "The exercise files need fixing",
            f"{count} {noun} found in the content files. Your answers are safe; "
            "the workbook file was not opened.",
        )
        self.errors = errors
        """What was found, one per line."""

    def compose_extra(self) -> ComposeResult:
        yield Static("\n".join(str(e) for e in self.errors), id="content-errors", markup=False)

    def action_leave(self) -> None:
        lines = "\n".join(str(e) for e in self.errors)
        self.app.exit(return_code=1, message=Text(f"{self.message}\n{lines}"))


def _describe_backup(path) -> str:
    stat = path.stat()
    when = local_moment(datetime.fromtimestamp(stat.st_mtime))
    return f"saved on {when}"


class RecoveryScreen(ProblemScreen):
    """The workbook file is damaged: explain, and offer the backup if there is one."""

    HELP = """\
## The workbook file can't be read

The file that holds your answers is damaged, so the workbook will not
open it: opening it as if it were empty could lose everything.

If a backup is offered, restoring it puts back the version from just before
the last save. The damaged file is kept beside it under a new name, so
nothing is thrown away.

If there is no backup, quit and look for a copy of the file in your own
backups. Nothing has been changed.
"""

    def __init__(self, error: CorruptDatabase, *, secret: Secret | None = None) -> None:
        message = f"Your workbook file can't be read: {error.reason}."
        if error.locked:
            message += " It looks like a damaged workbook that was locked with a passphrase."
        message += " Nothing has been changed."
        if error.backup is not None:
            message += (
                f"\n\nThere is a backup {_describe_backup(error.backup)}. Restoring it keeps "
                "the damaged file aside under a new name, so nothing is thrown away. At most "
                "the last save before the damage may be missing."
            )
        else:
            message += (
                "\n\nThere is no usable backup beside it. Look for a copy in your own "
                f"backups. The file is: {error.path}"
            )
        super().__init__("Your workbook file is damaged", message)
        self.error = error
        """What was wrong with the file."""
        self._secret = secret

    def compose_buttons(self) -> ComposeResult:
        if self.error.backup is not None:
            yield Button("Restore the backup", id="restore", variant="primary")
        yield Button("Quit", id="leave")

    @on(Button.Pressed, "#restore")
    @work
    async def _restore(self) -> None:
        confirmed = await self.app.push_screen_wait(
            ConfirmDialog(
                "Restore the backup? The damaged file is kept under a new name.",
                yes="Restore",
            )
        )
        if not confirmed:
            return
        try:
            kept = restore_backup(self.error.path, secret=self._secret)
        except StorageError as error:
            self.notify(
                error.message, title="Could not restore", severity="error", timeout=15,
                markup=False,
            )
            return
        self.notify(
            f"Backup restored. The damaged file is kept as {kept.name}.",
            title="Restored",
            timeout=10,
            markup=False,
        )
        reopen = getattr(self.app, "reopen_after_recovery", None)
        if reopen is not None:
            reopen()
