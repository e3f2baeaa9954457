"""The box an answer is typed into, with its "keep this private" switch."""

from __future__ import annotations

import unicodedata

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.geometry import Region
from textual.message import Message
from textual.strip import Strip
from textual.widgets import Checkbox, TextArea

from workbook.model import Visibility


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
        area.focus(scroll_visible=False)  # the screen brings it into view once laid out

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
