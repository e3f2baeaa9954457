"""One of a few choices, picked with Enter, Space or a click and marked with a dot."""

from __future__ import annotations

from textual.binding import Binding
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class PickList(OptionList):
    """One of a few choices: Enter or a click picks it (marked ●)."""

    DEFAULT_CSS = """
    PickList { height: auto; max-height: 12; margin-top: 1; }
    """

    BINDINGS = [Binding("space", "select", "Pick", show=False)]

    class Picked(Message):
        """A choice was picked."""

        def __init__(self, picklist: PickList) -> None:
            super().__init__()
            self.picklist = picklist

    def __init__(self, choices: tuple[str, ...], picked: str | None = None, *,
                 classes: str | None = None) -> None:
        self.choices = choices
        """Every choice, in order."""
        self.picked = picked if picked in choices else None
        """The chosen text, or None."""
        super().__init__(
            *(Option(self._line(i), id=f"pick-{i}") for i in range(len(choices))),
            classes=classes,
        )

    def _line(self, index: int) -> Content:
        if self.choices[index] == self.picked:
            return Content.assemble(("● ", "bold $text-success"), (self.choices[index], "bold"))
        return Content.assemble(("○ ", "$text-muted"), self.choices[index])

    def on_mount(self) -> None:
        if self.picked is not None:
            self.highlighted = self.choices.index(self.picked)
        else:
            self.highlighted = 0 if self.choices else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.picked = self.choices[event.option_index]
        for index in range(len(self.choices)):
            self.replace_option_prompt_at_index(index, self._line(index))
        self.post_message(self.Picked(self))
