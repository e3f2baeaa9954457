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
        self._bindings_ready = True
        if not screen.app.app_focus or self._rebuild_pending:
            return
        if self.is_attached and screen is self.screen:
            self._rebuild_pending = True
            self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        await self.recompose()
