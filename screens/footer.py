"""The key footer used on every screen."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer

FIRST_KEYS = ("f1", "ctrl+t")
"""Help and the pause come first, so a narrow window never cuts them off."""


class CalmFooter(Footer):
    """Textual's footer, compact, with help and the pause first, rebuilt only when its keys change.

    Textual's own footer schedules a full rebuild of its keys for every
    change of bindings, and a screen being shown changes them several times
    before its first frame (focus, resume…): three rebuilds of the same keys
    on home. Here changes that arrive before the pending rebuild runs share
    it, and a rebuild that would show the very keys already shown is skipped.
    """

    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None
    """What the keys on show were built from (``_keys_wanted``); None before the first keys."""

    def __init__(self, *children: Any, **kwargs: Any) -> None:
        kwargs.setdefault("compact", True)
        super().__init__(*children, **kwargs)

    def compose(self) -> ComposeResult:
        """The keys Textual would show, with help and the pause moved to the front."""
        keys = list(super().compose())
        self._shown = self._keys_wanted() if keys else None
        first = [key for key in keys if getattr(key, "key", None) in FIRST_KEYS]
        yield from first
        yield from (key for key in keys if key not in first)

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild the keys after the next refresh, unless that is already planned."""
        if self._rebuild_pending:
            return  # the rebuild already planned will show these keys too
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._rebuild_pending = True  # Textual's footer plans a rebuild in this case
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Rebuild the keys unless they would come out the same; a later change plans a new one."""
        self._rebuild_pending = False
        if self._shown is not None and self.is_attached and self._keys_wanted() == self._shown:
            return
        await super().recompose()

    def _keys_wanted(self) -> tuple[object, ...]:
        """Everything the keys are built from: each binding, its label and whether it is enabled."""
        display = self.app.get_key_display
        bindings = tuple(
            (key, binding.action, binding.description, display(binding), binding.show,
             binding.group, binding.tooltip, enabled, tooltip)
            for key, (_node, binding, enabled, tooltip) in self.screen.active_bindings.items()
        )
        return bindings, self.compact, self.show_command_palette
