"""Choose how to export: a document to read, or a full backup, and where to put it.

For a workbook locked with a passphrase the backup is locked too unless the
person ticks "unlocked", and the document says it is not locked.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, RadioButton, RadioSet, Static

from workbook.storage import StorageError, check_export_target

FORMATS = {
    "markdown": ("A document to read or print (Markdown)", ".md"),
    "json": ("A full backup of everything (JSON)", ".json"),
}

PRIVATE_NOTE = (
    "The document leaves private answers out. The backup keeps them, like everything else."
)
"""What each format does with private answers (a choice's label stays one short line)."""


LOCKED_NOTES = {
    "markdown": "Your workbook is locked, but this document won't be: anyone who gets the "
    "file can read it.",
    "json": "Locked with your passphrase, like the workbook.",
    "plain": "Not locked: it holds every answer in the clear, private ones too. Delete "
    "it when you are done.",
}
"""What the export of a locked workbook will be, for each choice."""


@dataclass(frozen=True)
class ExportChoice:
    """What the person chose: the format, the file, and whether a backup is left unlocked."""

    kind: str
    path: Path
    plain: bool = False


def default_path(kind: str) -> Path:
    """``~/couple-workbook-YYYY-MM-DD.md`` (or ``.json``)."""
    return Path.home() / f"couple-workbook-{date.today().isoformat()}{FORMATS[kind][1]}"


class ExportDialog(ModalScreen[ExportChoice | None]):
    """Dismisses with an ExportChoice, or None when cancelled.

    With ``locked`` (the workbook has a passphrase) a backup is locked unless
    "unlocked" is ticked, and a note says what the file will be.

    Given the ``workbook`` path, a name that would touch the workbook or a
    file it keeps (or go through a link) is refused on the spot, with the
    same check as ``workbook export -o`` (``check_export_target``), and the
    dialog stays open for another name.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, workbook: Path | None = None, *, locked: bool = False) -> None:
        super().__init__()
        self.workbook = workbook
        """The open workbook file, which an export must never replace."""
        self.locked = locked
        """True if the workbook is locked with a passphrase."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog -locked" if self.locked else "dialog", id="export-dialog"):
            yield Static("Export your workbook", classes="screen-title")
            with RadioSet(id="export-format"):
                for kind, (label, _suffix) in FORMATS.items():
                    yield RadioButton(label, value=kind == "markdown", id=f"format-{kind}")
            yield Static(PRIVATE_NOTE, classes="hint", id="export-private", markup=False)
            if self.locked:
                yield Checkbox("Write the backup unlocked", id="export-plain")
                yield Static(LOCKED_NOTES["markdown"], classes="hint", id="export-lock-note")
            yield Static("Save it as:")
            yield Input(
                str(default_path("markdown")), id="export-path", select_on_focus=False
            )
            if not self.locked:  # a locked workbook's note says what the file will be
                yield Static(
                    "The file is readable by your user only. Anyone who can use this "
                    "computer account can still open it, so keep it somewhere safe.",
                    classes="hint",
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Export", id="export", variant="primary")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one(RadioSet).focus()
        self._show_lock()

    def _plain(self) -> bool:
        boxes = self.query("#export-plain")
        return self._kind() == "json" and bool(boxes) and boxes.first(Checkbox).value

    def _show_lock(self) -> None:
        """Show the "unlocked" choice for a backup only, and say what the file will be."""
        if not self.locked:
            return
        kind = self._kind()
        self.query_one("#export-plain", Checkbox).display = kind == "json"
        note = self.query_one("#export-lock-note", Static)
        key = "plain" if self._plain() else kind
        note.update(LOCKED_NOTES[key])
        note.set_class(key != "json", "warning")

    @on(Checkbox.Changed, "#export-plain")
    def _plain_changed(self) -> None:
        self._show_lock()

    def _kind(self) -> str:
        pressed = self.query_one(RadioSet).pressed_button
        return "json" if pressed is not None and pressed.id == "format-json" else "markdown"

    @on(RadioSet.Changed)
    def _format_changed(self) -> None:
        box = self.query_one("#export-path", Input)
        path = Path(box.value)
        suffix = FORMATS[self._kind()][1]
        if path.suffix in (".md", ".json"):
            box.value = str(path.with_suffix(suffix))
        self._show_lock()

    @on(Input.Submitted)
    @on(Button.Pressed, "#export")
    def _export(self) -> None:
        raw = self.query_one("#export-path", Input).value.strip()
        if not raw:
            self.notify("Please give the file a name.", severity="warning")
            return
        path = Path(raw).expanduser()
        if self.workbook is not None:
            try:
                check_export_target(path, self.workbook)
            except StorageError as error:
                self.notify(
                    error.message, title="Choose another name", severity="warning", markup=False
                )
                return
        self.dismiss(ExportChoice(self._kind(), path, self._plain()))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
