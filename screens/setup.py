"""First run: the two partners enter their names and pick a colour each."""

from __future__ import annotations

import re
import unicodedata

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Input, Label, Select, Static
from workbook.screens.footer import CalmFooter
from workbook.screens.navigation import replace_screen

from workbook.model import PARTNER_COLOURS, Couple, Partner, PartnerKey
from workbook.storage import StorageError
from workbook.store import WorkbookStore

NAME_MAX = 30

COLOUR_LABELS = {
    "dodgerblue": "Blue",
    "darkorange": "Orange",
    "mediumseagreen": "Green",
    "orchid": "Orchid",
    "gold": "Gold",
    "tomato": "Red",
    "turquoise": "Turquoise",
    "slateblue": "Violet",
}


def clean_name(raw: str) -> str:
    """A name as typed, without control characters or runs of spaces."""
    visible = "".join(ch for ch in raw if unicodedata.category(ch)[0] != "C" or ch == " ")
    return re.sub(r"\s+", " ", visible).strip()[:NAME_MAX]


def name_problem(name_a: str, name_b: str) -> str | None:
    """Why these two names can't be used, or None when they are fine."""
    if not name_a or not name_b:
        return "Please type both names, so the workbook can say whose turn it is."
    if name_a.casefold() == name_b.casefold():
        return "Please use two different names (a nickname works), so turns are never confused."
    return None


def colour_option(colour: str) -> tuple[Content, str]:
    """A Select option showing a swatch of the colour and its name."""
    # Styled and assembled, never parsed: the colour is a style, the name plain text.
    label = Content.assemble(
        Content.styled("██", colour), f" {COLOUR_LABELS.get(colour, colour)}"
    )
    return label, colour


class PartnerForm(Vertical):
    """Name and colour for one partner."""

    def __init__(self, key: PartnerKey, colour: str) -> None:
        super().__init__(id=f"partner-{key}", classes="partner-form")
        self.key = key
        """Which partner this form is for."""
        self.initial_colour = colour
        """The colour offered first."""
        self.border_title = "First partner" if key == "a" else "Second partner"

    def compose(self) -> ComposeResult:
        yield Label("Name")
        yield Input(
            placeholder="Name or nickname",
            max_length=NAME_MAX,
            id=f"name-{self.key}",
            select_on_focus=False,
        )
        yield Label("Colour")
        yield Select(
            [colour_option(c) for c in PARTNER_COLOURS],
            value=self.initial_colour,
            allow_blank=False,
            id=f"colour-{self.key}",
        )

    def on_mount(self) -> None:
        self.styles.border = ("round", self.initial_colour)

    @on(Select.Changed)
    def _recolour(self, event: Select.Changed) -> None:
        if isinstance(event.value, str):
            self.styles.border = ("round", event.value)

    def values(self) -> tuple[str, str]:
        """The cleaned name and the chosen colour."""
        name = clean_name(self.query_one(Input).value)
        colour = self.query_one(Select).value
        return name, str(colour)


LOCK_NOTE = (
    "A passphrase lock is there if you want it: ctrl+p, \u201cLock our workbook\u201d."
)
"""A calm pointer to the passphrase lock: offered, never asked for, so set-up stays short."""


class SetupScreen(Screen[None]):
    """Who's here: two names and two colours."""

    HELP = """\
## Getting started

The workbook is for the two of you, sitting together.

- Type each of your names. A nickname is fine; they only need to differ.
- Pick a colour each. Whenever it is one person's turn, the screen shows
  their name in their colour.
- Press **Continue** (or Enter in the second name) to read the agreement.

Names and colours are kept in your workbook file on this computer only.
If you want that file locked with a passphrase, press **ctrl+p** and choose
"Lock our workbook with a passphrase", now or whenever you like.
**Tab** moves between fields, **Enter** opens a colour list.
"""

    BINDINGS = [Binding("ctrl+s", "continue", "Continue")]
    AUTO_FOCUS = "#name-a"

    def __init__(self, store: WorkbookStore, couple: Couple | None = None) -> None:
        super().__init__()
        self.store = store
        """Where the couple is saved."""
        self.couple = couple
        """Names and colours chosen earlier, shown again for changing."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="setup"):
            yield Static(
                "Welcome. This workbook is for the two of you, side by side at one keyboard. "
                "First, tell it who you are.",
                id="setup-intro",
            )
            with Horizontal(id="partner-forms"):
                defaults: tuple[tuple[PartnerKey, str], ...] = (
                    ("a", PARTNER_COLOURS[0]),
                    ("b", PARTNER_COLOURS[1]),
                )
                for key, default in defaults:
                    earlier = self.couple.partner(key) if self.couple else None
                    yield PartnerForm(key, earlier.colour if earlier else default)
            yield Static("", id="setup-problem")
            with Center():
                yield Button("Continue", variant="primary", id="continue")
            yield Static(LOCK_NOTE, classes="hint", id="setup-lock")
        yield CalmFooter()

    def on_mount(self) -> None:
        if self.couple is not None:
            for key in ("a", "b"):
                self.query_one(f"#name-{key}", Input).value = self.couple.partner(key).name

    @on(Input.Submitted, "#name-a")
    def _next_name(self) -> None:
        self.query_one("#name-b", Input).focus()

    @on(Input.Submitted, "#name-b")
    @on(Button.Pressed, "#continue")
    def action_continue(self) -> None:
        """Check the names and colours, save them and go on to the agreement."""
        from workbook.screens.agreement import AgreementScreen

        name_a, colour_a = self.query_one("#partner-a", PartnerForm).values()
        name_b, colour_b = self.query_one("#partner-b", PartnerForm).values()
        problem = name_problem(name_a, name_b)
        if problem is None and colour_a == colour_b:
            problem = "Please pick two different colours, so each turn is easy to see."
        if problem:
            self._show_problem(problem)
            return
        couple = Couple(Partner("a", name_a, colour_a), Partner("b", name_b, colour_b))
        try:
            self.store.save_couple(couple)
        except StorageError as error:
            self._show_problem(error.message)
            return
        content = getattr(self.app, "content", None)
        assert content is not None
        replace_screen(self.app, AgreementScreen(self.store, content.agreement, couple))

    def _show_problem(self, text: str) -> None:
        problem = self.query_one("#setup-problem", Static)
        problem.update(Content(text))  # may quote a path or a name: never markup
        problem.add_class("visible")
