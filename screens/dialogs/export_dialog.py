"""Choose how to export: a document to read, or a full backup, and where to put it."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, RadioButton, RadioSet, Static

from workbook.storage import StorageError, check_export_target

FORMATS = {
    "markdown": ("A document to read or print (Markdown)", ".md"),
    "json": ("A full backup of everything (JSON)", ".json"),
}

PRIVATE_NOTE = (
    "The document leaves private answers out. The backup keeps them, like everything else."
)
"""What each format does with private answers (a choice's label stays one short line)."""


def default_path(kind: str) -> Path:
    """``~/couple-workbook-YYYY-MM-DD.md`` (or ``.json``)."""
    return Path.home() / f"couple-workbook-{date.today().isoformat()}{FORMATS[kind][1]}"


class ExportDialog(ModalScreen[tuple[str, Path] | None]):
    """Dismisses with (format, path), or None when cancelled.

    Given the ``workbook`` path, a name that would touch the workbook or a
    file it keeps (or go through a link) is refused on the spot, with the
    same check as ``workbook export -o`` (``check_export_target``), and the
    dialog stays open for another name.
    """

    BINDINGS = [Binding("escape", "dismiss(None)", "Cancel")]

    def __init__(self, workbook: Path | None = None) -> None:
        super().__init__()
        self.workbook = workbook
        """The open workbook file, which an export must never replace."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export-dialog"):
            yield Static("Export your workbook", classes="screen-title")
            with RadioSet(id="export-format"):
                for kind, (label, _suffix) in FORMATS.items():
                    yield RadioButton(label, value=kind == "markdown", id=f"format-{kind}")
            yield Static(PRIVATE_NOTE, classes="hint", id="export-private", markup=False)
            yield Static("Save it as:")
            yield Input(
                str(default_path("markdown")), id="export-path", select_on_focus=False
            )
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
        self.dismiss((self._kind(), path))

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
