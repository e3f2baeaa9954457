"""The pause: a calm time out with a countdown and a breathing cue, reachable from anywhere."""

from __future__ import annotations

import time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Static
from workbook.screens.dialogs.help import support_name
from workbook.screens.footer import CalmFooter
from workbook.screens.text import prose

from workbook.content import Exercise, PauseOptions

DEFAULT_CUES = ("Breathe in slowly…", "Hold it gently…", "Breathe out, a little longer…", "Rest…")
CUE_SECONDS = 5.0


class PauseScreen(Screen[None]):
    """A time out: nothing to answer, a countdown, a breathing cue, then come back."""

    HELP = """\
## Taking a pause

When either of you feels overwhelmed — heart racing, thoughts looping, wanting
to win rather than understand — a break helps more than pushing on.

- Spend the time apart doing something calming. Try not to rehearse the
  argument.
- The countdown is a suggestion. About twenty minutes is how long a body
  usually needs to settle.
- Come back when you're *both* ready. **Escape** or the button returns you
  to exactly where you were; nothing is lost.
- **r** shows repair phrases: the ones you chose in "Our repair phrases",
  and some that many couples use, to have at hand when you come back.
"""

    BINDINGS = [
        Binding("escape", "back", "Come back"),
        Binding("r", "repair_phrases", "Repair phrases"),
        Binding("ctrl+t", "back", "Back", show=False, priority=True),
    ]

    def __init__(self, exercise: Exercise | None) -> None:
        super().__init__()
        options = exercise.options if exercise is not None else None
        minutes = options.countdown_minutes if isinstance(options, PauseOptions) else 20
        cues = options.breathing if isinstance(options, PauseOptions) else ()
        self.seconds = minutes * 60
        """Length of the countdown."""
        self.cues = tuple(cues) or DEFAULT_CUES
        """Breathing cues shown in turn."""
        self.intro = prose(exercise.intro) if exercise is not None and exercise.intro else (
            "Let's take a break. Nothing needs to be solved right now."
        )
        """The calm words at the top."""
        self._started = time.monotonic()

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(id="pause"):
            yield Static("Taking a pause", classes="screen-title")
            yield Static(self.intro, classes="prose", markup=False)
            yield Static(id="pause-countdown")
            yield Static(id="pause-cue")
            yield Static(
                f"Your place is kept. r: repair phrases. F2: {support_name(self.app)}.",
                classes="hint",
                markup=False,
            )
            with Center():
                yield Button("We're ready to come back", id="back", variant="primary")

        yield CalmFooter()

    def on_mount(self) -> None:
        self._tick()
        self.set_interval(1.0, self._tick)

    def _tick(self) -> None:
        elapsed = time.monotonic() - self._started
        left = max(0, int(self.seconds - elapsed))
        minutes, seconds = divmod(left, 60)
        countdown = self.query_one("#pause-countdown", Static)
        if left:
            countdown.update(f"{minutes:02d}:{seconds:02d}")
        else:
            countdown.update("The time is up. Come back whenever you both feel ready.")
        cue = self.cues[int(elapsed // CUE_SECONDS) % len(self.cues)]
        self.query_one("#pause-cue", Static).update(Content(cue))  # from content: never markup

    def action_back(self) -> None:
        """Return to where the pause was taken."""
        self.dismiss()

    def action_repair_phrases(self) -> None:
        """Show repair phrases to have at hand when you come back."""
        from workbook.screens.dialogs.repair import RepairPhrasesDialog

        from workbook.repair import RepairPhrases, repair_phrases

        store = getattr(self.app, "store", None)
        content = getattr(self.app, "content", None)
        if store is None or content is None:
            phrases = RepairPhrases([], ())
            couple = None
        else:
            phrases = repair_phrases(store, content)
            couple = store.couple()
        self.app.push_screen(RepairPhrasesDialog(phrases, couple))

    def on_button_pressed(self) -> None:
        self.dismiss()
