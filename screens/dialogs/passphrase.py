"""Lock the open workbook with a passphrase, change it or take it off, from the app.

The same as ``workbook passphrase set|change|remove`` (``workbook.passphrase``),
for the workbook the app has open: typed twice, at least eight characters,
and the recovery key shown once. Nothing typed is ever shown, kept or put in
a message.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from workbook import passphrase as pp
from workbook.envelope import Secret
from workbook.storage import StorageError
from workbook.store import WorkbookStore

if TYPE_CHECKING:
    from textual.app import App

Mode = Literal["set", "change", "remove"]

TITLES: dict[Mode, str] = {
    "set": "Lock our workbook with a passphrase",
    "change": "Change our passphrase",
    "remove": "Remove our passphrase",
}

WHAT_IT_DOES: dict[Mode, str] = {
    "set": (
        "Your workbook file, its backup and the copies kept beside it will be encrypted. "
        "Someone who copies the file or finds this computer can't read your answers "
        "without the passphrase. Choose it together: both of you will need it each time "
        "the workbook opens. It hides nothing from someone who knows it, or who sees the "
        "screen."
    ),
    "change": (
        "Type the passphrase you have now (or the recovery key), then the new one twice. "
        "The recovery key stays the same."
    ),
    "remove": (
        "The workbook will be kept on this computer unencrypted again, with its backup: "
        "anyone who gets the file can read every answer. Type the passphrase (or the "
        "recovery key) to remove it."
    ),
}

KEEP_THE_KEY = (
    "Write it down on paper now and keep it somewhere safe, away from this computer. "
    "Both of you should know where it is. If the passphrase is forgotten, this key opens "
    "the workbook instead. It is shown only this once."
)


RECOVERY_STAYS = (
    "The key is shown only this once, so it stays until you have it: copy it onto paper, "
    "then choose \"I have written it down\"."
)


@dataclass(frozen=True)
class PassphraseDone:
    """What the dialog did: its mode, the secret that now opens the workbook, copies left."""

    mode: Mode
    secret: Secret | None
    left: list[Path] = field(default_factory=list)


class PassphraseDialog(ModalScreen[PassphraseDone | None]):
    """Set, change or remove the open workbook's passphrase; None if nothing was changed.

    The work (scrypt, about half a second, and one rewrite) runs off the
    screen's thread. After "set", the recovery key is shown until the couple
    says they have written it down.
    """

    BINDINGS = [Binding("escape", "close", "Cancel")]

    def __init__(self, store: WorkbookStore, mode: Mode) -> None:
        super().__init__()
        self.store = store
        """The open workbook."""
        self.mode: Mode = mode
        """Which of the three this dialog does."""
        self.done: PassphraseDone | None = None
        """Set once the workbook has been rewritten."""
        self.showing_key = False
        """True while the recovery key is on screen: only its button closes the dialog."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="passphrase-dialog"):
            yield Static(TITLES[self.mode], classes="screen-title")
            yield Static(WHAT_IT_DOES[self.mode], classes="hint", id="passphrase-what")
            if self.mode != "set":
                yield Input(
                    password=True, placeholder="Passphrase now (or recovery key)", id="current"
                )
            if self.mode != "remove":
                yield Input(
                    password=True, placeholder=f"New passphrase ({pp.MIN_LENGTH}+ characters)",
                    id="new",
                )
                yield Input(password=True, placeholder="The same passphrase again", id="again")
            yield Static("", id="passphrase-problem")
            with Horizontal(classes="dialog-buttons", id="passphrase-buttons"):
                label = {"set": "Lock it", "change": "Change it", "remove": "Remove it"}
                yield Button(label[self.mode], id="go", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query(Input).first().focus()

    @on(Input.Submitted)
    def _next_box(self, event: Input.Submitted) -> None:
        boxes = list(self.query(Input))
        at = boxes.index(event.input)
        if at + 1 < len(boxes):
            boxes[at + 1].focus()
        else:
            self._go()

    def _value(self, box_id: str) -> str:
        boxes = self.query(f"#{box_id}")
        return boxes.first(Input).value if boxes else ""

    @on(Button.Pressed, "#go")
    def _go(self) -> None:
        current, new, again = self._value("current"), self._value("new"), self._value("again")
        if self.mode != "set" and not current:
            self._say("Please type the passphrase you have now.")
            return
        if self.mode != "remove":
            problem = pp.passphrase_problem(new)
            if problem:
                self._say(problem)
                self.query_one("#new", Input).value = ""
                self.query_one("#again", Input).value = ""
                self.query_one("#new", Input).focus()
                return
            if new != again:
                self._say("The two new passphrases are not the same. Please type them again.")
                self.query_one("#again", Input).value = ""
                self.query_one("#again", Input).focus()
                return
        for box in self.query(Input):
            box.value = ""
            box.disabled = True
        self.query_one("#go", Button).disabled = True
        self._say("Working… this takes a moment.", problem=False)
        self.query_one("#cancel", Button).disabled = True
        self._rewrite(current, new)

    @work(thread=True, exclusive=True, group="passphrase")
    def _rewrite(self, current: str, new: str) -> None:
        try:
            if self.mode == "set":
                outcome = pp.lock_open_workbook(self.store, new)
            elif self.mode == "change":
                outcome = pp.change_open_workbook(self.store, current, new)
            else:
                outcome = pp.unlock_open_workbook(self.store, current)
        except StorageError as error:
            self.app.call_from_thread(self._failed, error.message)
            return
        secret = Secret(passphrase=new) if self.mode != "remove" else None
        done = PassphraseDone(self.mode, secret, outcome.left)
        self.app.call_from_thread(self._finished, done, outcome.recovery_key)

    def _failed(self, message: str) -> None:
        for box in self.query(Input):
            box.disabled = False
        self.query_one("#go", Button).disabled = False
        self.query_one("#cancel", Button).disabled = False
        self._say(message)
        self.query(Input).first().focus()

    def _finished(self, done: PassphraseDone, recovery_key: str | None) -> None:
        self.done = done
        if recovery_key is None:
            self.dismiss(done)
            return
        # Shown once, here, never anywhere else: a Content, so nothing in it is markup.
        for box in self.query(Input):
            box.remove()
        self.query_one("#passphrase-buttons").remove()
        self.query_one(".screen-title", Static).update("The workbook is locked")
        self.query_one("#passphrase-what", Static).update(
            "Both of you will need the passphrase to open it. Your recovery key:"
        )
        self.query_one("#passphrase-problem", Static).remove()
        scroll = self.query_one("#passphrase-dialog", VerticalScroll)
        scroll.mount(Static(Content.styled(recovery_key, "bold"), id="recovery-key"))
        scroll.mount(Static(KEEP_THE_KEY, classes="prose", id="passphrase-keep"))
        scroll.mount(Static(pp.FORGOTTEN, classes="prose", id="passphrase-forgotten"))
        written = Button("I have written it down", id="written", variant="primary")
        scroll.mount(Horizontal(written, classes="dialog-buttons"))
        scroll.mount(Static("", classes="hint", id="recovery-stay"))
        self.showing_key = True
        self.call_after_refresh(written.focus)

    @on(Button.Pressed, "#written")
    def _written(self) -> None:
        self.dismiss(self.done)

    @on(Button.Pressed, "#cancel")
    def action_close(self) -> None:
        """Close: with what was done, if anything was; not while the rewrite is under way.

        Nor while the recovery key is shown: it is never shown again, so a stray
        Escape must not take it away; only "I have written it down" does.
        """
        if self.showing_key:
            stay = self.query_one("#recovery-stay", Static)
            stay.update(RECOVERY_STAYS)
            stay.add_class("error")
            self.call_after_refresh(stay.scroll_visible)  # below the button on a short screen
            return
        if self.done is None and self.query_one("#go", Button).disabled:
            return  # the rewrite can't be stopped halfway; it is over in a moment
        self.dismiss(self.done)

    def _say(self, text: str, *, problem: bool = True) -> None:
        line = self.query_one("#passphrase-problem", Static)
        line.update(Content(text))
        line.set_class(problem, "error")


DONE_MESSAGES: dict[Mode, str] = {
    "set": "Your workbook is locked with your passphrase.",
    "change": "Your passphrase is changed. The recovery key still opens the workbook.",
    "remove": "The passphrase is removed: your workbook is kept unencrypted again.",
}


def open_passphrase_dialog(app: App[object], store: WorkbookStore, mode: Mode) -> None:
    """Show the dialog; afterwards say what changed and remember what opens the workbook now.

    The app keeps the secret that opens the workbook (``app.secret``) to open a
    locked backup if the file is ever found damaged, so it follows the change.
    """

    def finished(done: PassphraseDone | None) -> None:
        if done is None:
            return
        if hasattr(app, "secret"):
            app.secret = done.secret
        app.notify(DONE_MESSAGES[done.mode], title=TITLES[done.mode], timeout=10, markup=False)
        for copy in done.left:
            app.notify(
                f"{copy.name} beside the workbook could not be rewritten and is as it was.",
                severity="warning", timeout=15, markup=False,
            )

    app.push_screen(PassphraseDialog(store, mode), finished)
