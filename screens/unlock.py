"""The first screen of a workbook locked with a passphrase: type it to open the workbook."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Static
from textual.worker import get_current_worker
from workbook.screens.footer import CalmFooter

from workbook.envelope import Secret
from workbook.storage import StorageError, WrongKey
from workbook.store import WorkbookStore

FORGOT = (
    "Forgot it? The recovery key shown when the passphrase was set opens the workbook too: "
    "type it here instead. Nothing else can open it."
)
NO_RECOVERY_KEY = (
    "This workbook was locked without a recovery key: only its passphrase opens it."
)
DAMAGED_TITLE = "This locked workbook looks damaged"


class UnlockScreen(Screen[None]):
    """Ask for the passphrase (or the recovery key) of a locked workbook, then open it.

    ``opened`` is called with the store and the secret that opened it;
    ``failed`` with any other problem (a damaged file, say), to show it.
    The passphrase is never shown, kept in a file or put in a message.
    """

    HELP = """\
## This workbook is locked

Your workbook is kept encrypted on this computer. Type the passphrase the
two of you chose to open it. Nothing is shown as you type.

If the passphrase is forgotten, the recovery key (the groups of letters
shown once when the passphrase was set), if one was made, opens it instead:
type it in the same box. Without either, nobody can open the workbook, the
app's makers included.

Press **Enter** to open, **Escape** to quit.
"""

    BINDINGS = [Binding("escape", "leave", "Quit")]
    AUTO_FOCUS = "#passphrase"

    def __init__(
        self,
        path_name: str,
        open_store: Callable[[Secret], WorkbookStore],
        opened: Callable[[WorkbookStore, Secret], None],
        failed: Callable[[StorageError, Secret], None],
        *,
        has_recovery_key: bool | None = None,
        damage: str | None = None,
    ) -> None:
        super().__init__()
        self.path_name = path_name
        """The workbook file's name, to say which one is locked."""
        self.has_recovery_key = has_recovery_key
        """Whether a recovery key opens it (its header says so); None if not known."""
        self.damage = damage
        """What is wrong, when the file looks like a damaged locked workbook; else None."""
        self._open_store = open_store
        self._opened = opened
        self._failed = failed

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(classes="problem", id="unlock"):
            if self.damage is None:
                yield Static("This workbook is locked", classes="screen-title")
                yield Static(
                    Content(f"Type your passphrase to open {self.path_name}."), classes="prose"
                )
            else:
                yield Static(DAMAGED_TITLE, classes="screen-title")
                yield Static(Content(self.damage), classes="prose", id="unlock-damage")
                yield Static(
                    "Type your passphrase to look for a backup copy it opens.", classes="prose"
                )
            yield Input(password=True, placeholder="Passphrase", id="passphrase")
            yield Static("", id="unlock-problem")
            if self.has_recovery_key is False:
                yield Static(NO_RECOVERY_KEY, classes="prose", id="unlock-forgot")
            else:
                yield Static(FORGOT, classes="prose", id="unlock-forgot")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Open", id="open", variant="primary")
                yield Button("Quit", id="leave")
        yield CalmFooter()

    @on(Input.Submitted, "#passphrase")
    @on(Button.Pressed, "#open")
    def _try(self) -> None:
        box = self.query_one("#passphrase", Input)
        if not box.value:
            self._say("Please type the passphrase first.")
            return
        secret = Secret(passphrase=box.value)
        box.value = ""
        box.disabled = True
        self.query_one("#open", Button).disabled = True
        self._say("Opening… this takes a moment.", problem=False)
        self._unlock(secret)

    @work(thread=True, exclusive=True, group="unlock")
    def _unlock(self, secret: Secret) -> None:
        # scrypt takes about half a second on purpose: off the screen's thread.
        try:
            store = self._open_store(secret)
        except WrongKey as error:
            self.app.call_from_thread(self._wrong, error.message)
            return
        except StorageError as error:
            self.app.call_from_thread(self._failed, error, secret)
            return
        if get_current_worker().is_cancelled:
            store.close()
            return
        self.app.call_from_thread(self._opened, store, secret)

    def _wrong(self, message: str) -> None:
        box = self.query_one("#passphrase", Input)
        box.disabled = False
        self.query_one("#open", Button).disabled = False
        self._say(message)
        box.focus()

    def _say(self, text: str, *, problem: bool = True) -> None:
        line = self.query_one("#unlock-problem", Static)
        line.update(Content(text))
        line.set_class(problem, "error")

    @on(Button.Pressed, "#leave")
    def action_leave(self) -> None:
        """Quit without opening anything."""
        self.app.exit(return_code=1, message=Text("The workbook stays locked."))
