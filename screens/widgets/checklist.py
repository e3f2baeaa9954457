"""A list of items to tick, where long items wrap instead of being cut off."""

from __future__ import annotations

from collections.abc import Iterable

from textual.binding import Binding
from textual.content import Content
from textual.css.styles import RulesMap
from textual.message import Message
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, Visual
from textual.widgets import OptionList
from textual.widgets.option_list import Option


class _Item(Visual):
    """A checklist line: a tick box, then the item, wrapped under itself (not under the box)."""

    def __init__(self, box: Content, text: Content) -> None:
        self.box = box
        self.text = text

    def __str__(self) -> str:
        return self.box.plain + self.text.plain

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self.box.cell_length + self.text.get_optimal_width(rules, container_width)

    def get_height(self, rules: RulesMap, width: int) -> int:
        return self.text.get_height(rules, max(1, width - self.box.cell_length))

    def render_strips(
        self, width: int, height: int | None, style: Style, options: RenderOptions
    ) -> list[Strip]:
        indent = self.box.cell_length
        lines = self.text.render_strips(max(1, width - indent), height, style, options)
        box = self.box.render_strips(indent, 1, style, options)[0]
        blank = Strip.blank(indent, style.rich_style)
        return [Strip.join([box if n == 0 else blank, line]) for n, line in enumerate(lines)]


class Checklist(OptionList):
    """Items to tick; Space, Enter or a click ticks or unticks the highlighted one.

    Long items wrap onto more lines (a ``SelectionList`` keeps each item to
    one line and cuts off the end of a long question).
    """

    DEFAULT_CSS = """
    Checklist { height: auto; max-height: 14; margin-top: 1; }
    """

    BINDINGS = [Binding("space", "select", "Tick", show=False)]

    class Changed(Message):
        """An item was ticked or unticked."""

        def __init__(self, checklist: Checklist) -> None:
            super().__init__()
            self.checklist = checklist

    def __init__(
        self, items: Iterable[str], ticked: Iterable[str] = (), *, classes: str | None = None
    ) -> None:
        self.items = tuple(items)
        """Every item, in order."""
        self._ticked = {i for i, item in enumerate(self.items) if item in set(ticked)}
        super().__init__(
            *(Option(self._line(i), id=f"item-{i}") for i in range(len(self.items))),
            classes=classes,
        )

    def _line(self, index: int) -> _Item:
        if index in self._ticked:
            return _Item(Content.styled("☑ ", "bold $text-success"), Content(self.items[index]))
        return _Item(Content.styled("☐ ", "$text-muted"), Content(self.items[index]))

    def on_mount(self) -> None:
        self.highlighted = 0 if self.items else None

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle(event.option_index)

    def toggle(self, index: int) -> None:
        """Tick the item at ``index`` if it is not ticked, untick it if it is."""
        self._ticked ^= {index}
        self.replace_option_prompt_at_index(index, self._line(index))
        self.post_message(self.Changed(self))

    @property
    def ticked(self) -> list[str]:
        """The ticked items, in the list's order."""
        return [item for i, item in enumerate(self.items) if i in self._ticked]
