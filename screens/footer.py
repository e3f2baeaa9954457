"""The key footer used on every screen."""

from __future__ import annotations

from textual.screen import Screen
from textual.widgets import Footer


class CalmFooter(Footer):
    """Textual's footer, rebuilt once per refresh however often the keys change.

    Textual's own footer schedules a full rebuild of its keys for every
    change of bindings, and a screen being shown changes them several times
    before its first frame (focus, resume…): three rebuilds of the same keys
    on home. Here changes that arrive before the pending rebuild runs share it.
    """

    _rebuild_pending = False

    def bindings_changed(self, screen: Screen) -> None:
        """Rebuild the keys after the next refresh, unless that is already planned."""
        if self._rebuild_pending:
            return  # the rebuild already planned will show these keys too
        if screen.app.app_focus and self.is_attached and screen is self.screen:
            self._rebuild_pending = True  # Textual's footer plans a rebuild in this case
        super().bindings_changed(screen)

    async def recompose(self) -> None:
        """Rebuild the keys; the next change of bindings plans a new rebuild."""
        self._rebuild_pending = False
        await super().recompose()
