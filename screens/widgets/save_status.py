"""What has been kept: the line under an answer that says a draft or an answer is saved."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static


class SaveStatus(Static):
    """A one-line note about saving: drafts kept, saving, saved, or what went wrong."""

    DEFAULT_CSS = """
    SaveStatus { height: 1; padding: 0 1; color: $text-muted; }
    SaveStatus.-saved { color: $success; }
    SaveStatus.-error { color: $error; height: auto; }
    """

    def _set(self, text: str, kind: str = "") -> None:
        self.remove_class("-saved", "-error")
        if kind:
            self.add_class(f"-{kind}")
        self.update(Content(text))  # messages quote paths and storage errors: never markup

    had_problem = False
    """A problem was shown for the step on screen (cleared when the next step opens)."""

    def clear(self) -> None:
        """Nothing to report yet for the step on screen."""
        self.had_problem = False
        self._set("")

    def draft_kept(self) -> None:
        """Typing so far is safe on disk."""
        self._set("Draft kept — closing the window won't lose it.")

    def saving(self) -> None:
        """A confirmed answer is on its way to disk."""
        self._set("Saving…")

    def saved(self) -> None:
        """The write returned: it is on disk."""
        self._set("✓ Saved", "saved")

    def saved_after_failure(self) -> None:
        """After a problem was shown, the answer is on disk now (said on the next step)."""
        self._set("✓ Saved: your last answer is safe now.", "saved")

    def failed(self, message: str) -> None:
        """The write failed; the text stays on screen."""
        self.had_problem = True
        self._set(message, "error")
