"""The page one partner can open alone: when this workbook isn't the right tool.

It shows the support page from the content (``support.yaml``) and nothing
else. Opening and closing it writes nothing, anywhere: not to the workbook,
a draft, Review, an export or a log. Escape closes it and leaves the couple
exactly where they were, because it is a modal over whatever screen was in
front, which keeps its state underneath.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from workbook.screens.text import prose

from workbook.content_model import Service, SupportPage


def service_lines(service: Service) -> str:
    """One listed service as plain lines: name, how to reach it, where, when, checked."""
    lines = [service.name, *service.contact]
    details = [part for part in (service.region, service.hours) if part]
    if details:
        lines.append(" · ".join(details))
    if service.note:
        lines.append(service.note)
    lines.append(f"(checked {service.checked})")
    return "\n".join(lines)


class SupportScreen(ModalScreen[None]):
    """The private support page, over the screen that was in front."""

    BINDINGS = [
        Binding("escape", "dismiss", "Back to where you were"),
        Binding("f2", "dismiss", "Close", show=False),
    ]

    DEFAULT_CSS = """
    SupportScreen { align: center middle; }
    #support-dialog {
        width: 90%; max-width: 90; height: 90%;
        border: round $primary; background: $surface; padding: 0 1;
    }
    #support-body { height: 1fr; }
    #support-body Static { margin-bottom: 1; }
    #support-body .support-title { text-style: bold; }
    #support-body .support-heading { text-style: bold; margin-bottom: 0; }
    #support-close { width: auto; margin-top: 1; }
    """

    def __init__(self, page: SupportPage) -> None:
        super().__init__()
        self.page = page
        """The page to show, from the content."""

    def compose(self) -> ComposeResult:
        page = self.page
        with Vertical(id="support-dialog"):
            with VerticalScroll(id="support-body"):
                # Every text is the content's own words, shown as plain text.
                yield Static(page.title, classes="support-title", markup=False)
                yield Static(prose(page.intro), markup=False)
                yield Static(page.signs_heading, classes="support-heading", markup=False)
                yield Static(_bullets(page.signs), markup=False)
                yield Static(page.steps_heading, classes="support-heading", markup=False)
                yield Static(_bullets(page.steps), markup=False)
                yield Static(prose(page.not_your_fault), markup=False)
                yield Static(page.finding_help_heading, classes="support-heading", markup=False)
                yield Static(prose(page.finding_help), markup=False)
                for service in page.services:
                    yield Static(service_lines(service), classes="support-service", markup=False)
                yield Static(prose(page.limits), markup=False)
            yield Button("Back to where you were (Escape)", id="support-close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#support-body").focus()

    def on_button_pressed(self) -> None:
        self.dismiss()


def _bullets(items: tuple[str, ...]) -> str:
    return "\n".join(f"• {item}" for item in items)
