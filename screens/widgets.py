"""Widgets shared by every exercise: whose turn, saving state, answer box, timer, reveal."""

from __future__ import annotations

import time
import unicodedata
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.reactive import reactive
from textual.strip import Strip
from textual.widgets import Checkbox, Static, TextArea

from workbook.model import Answer, Partner, Visibility


def partner_name(partner: Partner) -> Content:
    """A partner's name, bold, in their colour."""
    return Content.styled(partner.name, f"bold {partner.colour}")


class TurnBanner(Static):
    """Whose turn it is, in their colour, and what the other partner does meanwhile."""

    DEFAULT_CSS = """
    TurnBanner {
        height: auto;
        padding: 0 1;
        background: $boost;
    }
    """

    def show_turn(self, partner: Partner, doing: str, other: Partner, meanwhile: str) -> None:
        """``partner`` does ``doing``; ``other`` does ``meanwhile``."""
        self.styles.border_left = ("thick", partner.colour)
        self.update(
            Content.assemble(
                ("● ", partner.colour),
                partner_name(partner),
                f" — {doing}",
                ("   ·   ", "$text-muted"),
                (f"{other.name} {meanwhile}", "$text-muted"),
            )
        )

    def show_both(self, text: str) -> None:
        """A step for both partners together."""
        self.styles.border_left = ("thick", "gray")
        self.update(Content.assemble(("● ", "$accent"), (text, "bold")))


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

    def draft_kept(self) -> None:
        """Typing so far is safe on disk."""
        self._set("Draft kept — closing the window won't lose it.")

    def saving(self) -> None:
        """A confirmed answer is on its way to disk."""
        self._set("Saving…")

    def saved(self) -> None:
        """The write returned: it is on disk."""
        self._set("✓ Saved", "saved")

    def failed(self, message: str) -> None:
        """The write failed; the text stays on screen."""
        self._set(message, "error")


class AnswerArea(TextArea):
    """A text area that also takes the typed characters Python does not call printable.

    Textual's TextArea inserts a typed character only if ``str.isprintable``,
    which drops format and space characters that people do type: the zero
    width joiner inside an emoji from an emoji picker (👩‍❤️‍👨), the zero width
    non-joiner of Persian, right-to-left marks, the no-break space of French
    keyboards, the ideographic space of Japanese input. Control characters
    (ctrl+letter, Enter, Escape…) are left to Textual as before.
    """

    async def on_key(self, event: events.Key) -> None:
        """Type a format or space character that TextArea would drop."""
        # Textual calls this, then TextArea's own key handler, unless the default is prevented.
        char = event.character
        if (
            not self.read_only
            and not event.is_printable
            and char is not None
            and len(char) == 1
            and unicodedata.category(char) in ("Cf", "Zs")
        ):
            event.stop()
            event.prevent_default()  # TextArea's own handler (called next, by Textual) skips it
            self.replace(char, *self.selection, maintain_selection_offset=False)

    def render_lines(self, crop: Region) -> list[Strip]:
        """Draw nothing while the area has no styles, instead of crashing.

        Textual 8.2 can draw a TextArea in the moment after a step change
        removed it (its component styles already cleared) and then raises
        KeyError 'text-area--gutter' (textual#6528), which would close the app.
        """
        try:
            self.get_component_styles("text-area--gutter")
        except KeyError:
            return [Strip.blank(crop.width, self.rich_style)] * crop.height
        return super().render_lines(crop)


class AnswerBox(Vertical):
    """Where a partner types an answer, with the choice to keep it private."""

    DEFAULT_CSS = """
    AnswerBox { height: auto; }
    AnswerBox TextArea { height: 8; min-height: 4; }
    AnswerBox Checkbox { border: none; padding: 0; margin: 0 0 0 1; }
    """

    class Edited(Message):
        """The text changed (the screen keeps a draft)."""

        def __init__(self, box: AnswerBox) -> None:
            super().__init__()
            self.box = box

    def __init__(
        self,
        *,
        text: str = "",
        placeholder: str = "",
        private: bool = False,
        allow_private: bool = True,
        other_name: str = "your partner",
        id: str | None = None,
    ) -> None:
        super().__init__(id=id)
        self._text = text
        self._placeholder = placeholder
        self._private = private
        self._allow_private = allow_private
        self._other_name = other_name

    def compose(self) -> ComposeResult:
        area = AnswerArea(
            self._text,
            soft_wrap=True,
            show_line_numbers=False,
            tab_behavior="focus",
            placeholder=self._placeholder,
            id="answer-text",
        )
        area.cursor_blink = False
        yield area
        if self._allow_private:
            yield Checkbox(
                Content(f"Keep this private — never shown to {self._other_name} (ctrl+o)"),
                value=self._private,
                id="answer-private",
            )

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)
        area.focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        event.stop()
        self.post_message(self.Edited(self))

    @property
    def text(self) -> str:
        """What is typed."""
        return self.query_one(TextArea).text

    @property
    def visibility(self) -> Visibility:
        """Shared, or private if the box is ticked."""
        boxes = self.query(Checkbox)
        if boxes and boxes.first().value:
            return Visibility.PRIVATE
        return Visibility.SHARED

    def toggle_private(self) -> None:
        """Flip the private tick box (if this answer may be private)."""
        for box in self.query(Checkbox):
            box.value = not box.value


class CountdownTimer(Static):
    """An optional countdown for a turn; it only informs, it never cuts anyone off."""

    DEFAULT_CSS = """
    CountdownTimer { width: auto; height: 1; padding: 0 1; color: $text-muted; }
    CountdownTimer.-done { color: $warning; text-style: bold; }
    """

    remaining: reactive[float] = reactive(0.0)

    def __init__(self, minutes: int, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.total = minutes * 60.0
        """The full length in seconds."""
        self._started_at: float | None = None
        self._left_at_pause = self.total
        self._finished = False

    def on_mount(self) -> None:
        self.remaining = self.total
        self.set_interval(1.0, self._tick)

    def reset(self, minutes: int) -> None:
        """Start over (paused) with a new length."""
        self.total = minutes * 60.0
        self._started_at = None
        self._left_at_pause = self.total
        self._finished = False
        self.remove_class("-done")
        self.remaining = self.total
        self.refresh()

    @property
    def running(self) -> bool:
        """True while counting down."""
        return self._started_at is not None

    def start(self) -> None:
        """Start or resume counting."""
        if self._started_at is None:
            self._started_at = time.monotonic()

    def stop(self) -> None:
        """Pause counting."""
        if self._started_at is not None:
            self._left_at_pause = self._current()
            self._started_at = None

    def toggle(self) -> None:
        """Start if paused, pause if running."""
        self.stop() if self.running else self.start()

    def _current(self) -> float:
        if self._started_at is None:
            return self._left_at_pause
        return max(0.0, self._left_at_pause - (time.monotonic() - self._started_at))

    def _tick(self) -> None:
        self.remaining = self._current()
        if self.remaining <= 0 and not self._finished:
            self._finished = True
            self.add_class("-done")

    def render(self) -> Content:
        minutes, seconds = divmod(int(self.remaining + 0.999), 60)
        if self._finished:
            return Content("⏱ Time's up — finish your thought, no rush")
        state = "" if self.running else " · ctrl+g starts"
        return Content(f"⏱ {minutes:02d}:{seconds:02d}{state}")


def describe_value(value: Any) -> str:
    """An answer's value as readable text, whatever its shape."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "\n".join(f"• {describe_value(v)}" for v in value)
    if isinstance(value, dict):
        return "\n".join(f"{k}: {describe_value(v)}" for k, v in value.items())
    return str(value)


class RevealView(Horizontal):
    """Both partners' answers side by side; a private one shows only who wrote it."""

    DEFAULT_CSS = """
    RevealView { height: auto; }
    RevealView > VerticalScroll {
        width: 1fr; height: auto; max-height: 16;
        border: round $panel; padding: 0 1; margin: 0 1 0 0;
    }
    RevealView .private-answer { color: $text-muted; text-style: italic; }
    """

    def __init__(
        self,
        pairs: list[tuple[Partner, Answer | None]],
        *,
        describe: Callable[[Any], str] = describe_value,
    ) -> None:
        super().__init__()
        self.pairs = pairs
        """Each partner with their answer (or None when they left it out)."""
        self.describe = describe
        """Turns a stored value into text."""

    def compose(self) -> ComposeResult:
        for partner, answer in self.pairs:
            panel = VerticalScroll()
            panel.border_title = Content(partner.name)  # a str border title is markup
            panel.styles.border = ("round", partner.colour)
            with panel:
                if answer is None:
                    yield Static("(no answer)", classes="private-answer")
                elif answer.visibility == Visibility.PRIVATE:
                    yield Static(
                        f"🔒 private answer by {partner.name}", classes="private-answer",
                        markup=False,
                    )
                else:
                    yield Static(self.describe(answer.value), markup=False)
