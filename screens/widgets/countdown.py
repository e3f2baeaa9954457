"""A gentle countdown for timed turns; it never stops anyone mid-sentence."""

from __future__ import annotations

import time

from textual.content import Content
from textual.reactive import reactive
from textual.widgets import Static


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
