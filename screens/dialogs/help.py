"""Help for whichever screen is in front."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Markdown

GENERAL_KEYS = """\
### Keys that work everywhere

| key | what it does |
| --- | --- |
| F1 or ? | this help |
| F2 | a page for one of you alone, about looking after yourself; Escape brings you back here |
| ctrl+p | the command palette (themes, sessions, help) |
| Tab / shift+Tab | move between fields and buttons |
| Escape | close a dialog or go back |
| ctrl+q | quit — everything you confirmed is already saved |
"""

NO_HELP = """\
## Help

There is no special help for this screen.
"""


class HelpScreen(ModalScreen[None]):
    """A scrollable help text over the current screen."""

    BINDINGS = [
        Binding("escape", "dismiss", "Close"),
        Binding("f1", "dismiss", "Close", show=False),
        Binding("q", "dismiss", "Close", show=False),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        """The Markdown to show."""

    @classmethod
    def for_screen(cls, screen: Screen) -> HelpScreen:
        """Help for ``screen``, from its ``HELP`` attribute, plus the general keys."""
        text = getattr(screen, "HELP", None) or NO_HELP
        shared = getattr(screen, "EXTRA_HELP", "")
        if shared:
            text = f"{text.rstrip()}\n\n{shared}"
        return cls(f"{text.rstrip()}\n\n{GENERAL_KEYS}")

    def compose(self) -> ComposeResult:
        with Vertical(id="help-dialog"):
            with VerticalScroll(id="help-body"):
                yield Markdown(self.text, open_links=False)
            with Horizontal(id="help-buttons"):
                yield Button("Close", id="help-close", variant="primary")
                yield Button(support_label(self.app), id="help-support")

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    async def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "help-support":
            await self.app.run_action("support")
        else:
            self.dismiss()


def support_label(app: object) -> str:
    """The support page's button label, from the content, with its key."""
    return f"{support_name(app)} (F2)"


def support_hint(app: object) -> str:
    """One line naming the support page and its key, for screens that offer it."""
    return f"F2 opens {support_name(app)}, a page for one of you alone."


def support_name(app: object) -> str:
    """What the support page is called, from the content."""
    page_of = getattr(app, "support_page", None)
    page = page_of() if callable(page_of) else None
    return page.label if page is not None else "Looking after yourself"
