"""Each partner's library of finished "I" statements, newest first.

A partner's library is every statement they finished with the builder (see
``workbook.statement_library``). Each shared one shows its date, its feeling
and need, and the assembled sentence; Enter shows it whole, with every part.
A private one is listed only as "private statement by NAME", and cannot be
opened here.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.footer import CalmFooter
from workbook.screens.widgets.menus import OpenMenu

from workbook.dates import short_date
from workbook.model import PARTNER_KEYS, Answer, Couple, Partner, PartnerKey, other_key
from workbook.statement_library import (
    is_private,
    statement_field,
    statement_library,
    statement_parts,
    statement_summary,
    statement_text,
)
from workbook.statements import VARIANTS
from workbook.store import WorkbookStore

MUTED = "$foreground-muted"
"""Style for quiet text inside Content ("$text-muted" is "auto 60%" and comes out white there)."""

PREVIEW_CHARS = 150
"""How much of a statement the list shows before "…"; Enter shows the rest."""


def private_line(partner: Partner) -> str:
    """All that is shown of a private statement."""
    return f"🔒 private statement by {partner.name}"


class StatementView(ModalScreen[None]):
    """One statement, whole: the sentence and every part the writer filled in."""

    DEFAULT_CSS = """
    StatementView { align: center middle; }
    StatementView #statement-view { width: 70; max-width: 95%; height: auto; max-height: 90%; }
    StatementView #statement-body { height: auto; max-height: 16; }
    StatementView #statement-sentence { text-style: bold; margin: 1 0; }
    StatementView #statement-close { margin-top: 1; }
    """

    BINDINGS = [
        Binding("escape", "close", "Close"),
        Binding("enter", "close", "Close", show=False),
    ]

    def __init__(self, partner: Partner, answer: Answer) -> None:
        super().__init__()
        self.partner = partner
        """Who wrote it."""
        self.answer = answer
        """The statement (never a private one)."""

    def compose(self) -> ComposeResult:
        value = self.answer.value
        dialog = Vertical(id="statement-view", classes="dialog")
        # Content, not str: a str border title is read as markup.
        dialog.border_title = Content(f"{self.partner.name} · {short_date(self.answer.created)}")
        dialog.styles.border = ("round", self.partner.colour)
        with dialog:
            with VerticalScroll(id="statement-body"):
                yield Static(
                    Content(f"“{statement_text(value)}”"), id="statement-sentence"
                )
                yield Static(self._parts(value), id="statement-parts")
            yield Button("Close", id="statement-close", variant="primary")

    def _parts(self, value: Any) -> Content:
        rows: list[str | tuple[str, str]] = []
        for lead, text in statement_parts(value):
            rows += [(f"{lead:<16}", MUTED), text, "\n"]
        variant = statement_field(value, "variant")
        if variant in VARIANTS:
            rows += ["\n", (f"Shape: {VARIANTS[variant]}", MUTED), "\n"]
        return Content.assemble(*rows).rstrip()

    def on_mount(self) -> None:
        self.query_one("#statement-close", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()

    def action_close(self) -> None:
        """Back to the list."""
        self.dismiss()


class StatementsScreen(Screen[None]):
    """Each partner's finished "I" statements, newest first; tab shows the other partner's."""

    HELP = """\
## “I” statements

Every “I” statement each of you finished with the builder, newest first,
with the feeling and the need it named. It can help to read an old one
again before a hard conversation: you have found the words before.

- **Tab** (or **←** / **→**) shows the other partner's statements.
- **↑** / **↓** move, **Enter** shows the whole statement with its parts.
- **Escape** goes back.

A statement kept private shows only as “private statement by” its writer.
Statements still being written are not listed.
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("tab", "other_partner", "Other partner"),
        Binding("shift+tab", "other_partner", "Other partner", show=False),
        Binding("left", "other_partner", "Other partner", show=False),
        Binding("right", "other_partner", "Other partner", show=False),
    ]

    DEFAULT_CSS = """
    StatementsScreen #statements-switch { height: 1; padding: 0 1; margin: 1 0 0 0; }
    StatementsScreen #statements-list { height: 1fr; border: round $panel; }
    StatementsScreen #statements-empty { padding: 1 2; color: $text-muted; }
    """

    def __init__(self, store: WorkbookStore, couple: Couple) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.couple = couple
        """The two partners (names and colours)."""
        self.library: dict[PartnerKey, list[Answer]] = statement_library(store)
        """Each partner's finished statements, newest first, read once per visit."""
        self.showing: PartnerKey = "a"
        """Whose statements are listed."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="statements-switch")
        yield OpenMenu(id="statements-list")
        yield Static(id="statements-empty")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "“I” statements"
        self.show_partner(self.showing)

    # -- showing one partner ---------------------------------------------------------

    def show_partner(self, key: PartnerKey) -> None:
        """List ``key``'s statements."""
        self.showing = key
        partner = self.couple.partner(key)
        menu = self.query_one(OpenMenu)
        menu.border_title = Content(f"{partner.name}'s statements")
        menu.styles.border = ("round", partner.colour)
        menu.set_options(self._options(partner))
        empty = self.query_one("#statements-empty", Static)
        has_any = bool(self.library[key])
        menu.display = has_any
        empty.display = not has_any
        empty.update(
            Content(
                f"No “I” statements from {partner.name} yet. Each one you finish with the "
                "“I” statement builder is kept here, to read again whenever it helps."
            )
        )
        self.query_one("#statements-switch", Static).update(self._switch_line())
        first = next(
            (i for i, answer in enumerate(self.library[key]) if not is_private(answer)), None
        )
        if first is not None:
            menu.highlighted = first
        menu.focus()

    def _switch_line(self) -> Content:
        parts: list[str | Content | tuple[str, str]] = []
        for key in PARTNER_KEYS:
            partner = self.couple.partner(key)
            count = len(self.library[key])
            label = f" {partner.name} · {count} "
            if key == self.showing:
                parts.append((label, f"bold reverse {partner.colour}"))
            else:
                parts.append((label, MUTED))
            parts.append("  ")
        parts.append(("tab: the other partner", MUTED))
        return Content.assemble(*parts)

    def _options(self, partner: Partner) -> list[Option | None]:
        options: list[Option | None] = []
        for answer in self.library[partner.key]:
            if options:
                options.append(None)
            if is_private(answer):
                options.append(
                    Option(Content(private_line(partner)), id=answer.uuid, disabled=True)
                )
                continue
            options.append(Option(self._prompt(answer), id=answer.uuid))
        return options

    def _prompt(self, answer: Answer) -> Content:
        value = answer.value
        # Each part with its shape's own lead-in: a thank-you's reads "because it", not "need".
        about = [f"{lead} {part}" for lead, part in statement_summary(value)]
        text = statement_text(value)
        if len(text) > PREVIEW_CHARS:
            text = text[: PREVIEW_CHARS - 1].rstrip() + "…"
        return Content.assemble(
            (short_date(answer.created), "bold"),
            (" · " + " · ".join(about) if about else "", MUTED),
            "\n",
            f"“{text}”",
        )

    # -- actions ---------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#statements-list")
    def _open(self, event: OptionList.OptionSelected) -> None:
        answer = next(
            (a for a in self.library[self.showing] if a.uuid == event.option.id), None
        )
        if answer is None or is_private(answer):
            return
        self.app.push_screen(StatementView(self.couple.partner(self.showing), answer))

    def action_other_partner(self) -> None:
        """Show the other partner's statements."""
        self.show_partner(other_key(self.showing))

    def action_back(self) -> None:
        """Back to where the library was opened from."""
        self.dismiss()
