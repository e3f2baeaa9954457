"""The "how we'll use this" agreement, which both partners confirm before starting."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, Header, Static
from workbook.screens.dialogs.help import support_hint
from workbook.screens.footer import CalmFooter
from workbook.screens.navigation import replace_screen
from workbook.screens.text import prose

from workbook.content import Agreement
from workbook.model import Couple, PartnerKey, now_iso
from workbook.storage import StorageError
from workbook.store import WorkbookStore


class AgreementScreen(Screen[None]):
    """Both partners read the agreement and each confirms it."""

    HELP = """\
## The agreement

Before the first session, read these points together. Each of you then
presses your own button to say you agree. You can come back to the agreement
from the command palette (**ctrl+p**, then type *agreement*).

The workbook is not therapy. If something you talk about feels too big to
hold on your own, a licensed couples therapist or counsellor can help. If
anyone is unsafe, contact your local emergency services.
"""

    def __init__(
        self,
        store: WorkbookStore,
        agreement: Agreement,
        couple: Couple,
        *,
        review_only: bool = False,
    ) -> None:
        super().__init__()
        self.store = store
        """Where the confirmation is saved."""
        self.agreement = agreement
        """The text to show."""
        self.couple = couple
        """Who is confirming."""
        self.review_only = review_only
        """True when opened again from home: nothing to confirm, just read."""
        self.confirmed: set[PartnerKey] = set()
        """Who has pressed their button so far."""

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="agreement"):
            yield Static(self.agreement.title, classes="screen-title", markup=False)
            yield Static(prose(self.agreement.intro), classes="prose", markup=False)
            for point in self.agreement.points:
                with Horizontal(classes="agreement-point"):
                    yield Static("•", classes="bullet")
                    yield Static(prose(point), markup=False)
            if not self.review_only:
                yield Static(
                    prose(self.agreement.confirm), classes="prose", id="agreement-confirm",
                    markup=False,
                )
                yield Static(
                    "Each of you presses your own button below "
                    "(Tab moves between them, Enter presses, or click).",
                    classes="hint",
                )
            yield Static(support_hint(self.app), classes="hint", markup=False)
        with Horizontal(id="agreement-buttons"):
            if self.review_only:
                yield Button("Back", id="back", variant="primary")
            else:
                for key in ("a", "b"):
                    partner = self.couple.partner(key)
                    button = Button(Content(f"{partner.name}: I agree"), id=f"agree-{key}")
                    button.styles.border = ("tall", partner.colour)
                    yield button
                yield Button("Change names", id="back")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.couple.a.name} & {self.couple.b.name}"

    @on(Button.Pressed, "#agree-a")
    def _agree_a(self) -> None:
        self._agree("a")

    @on(Button.Pressed, "#agree-b")
    def _agree_b(self) -> None:
        self._agree("b")

    def _agree(self, key: PartnerKey) -> None:
        self.confirmed.add(key)
        button = self.query_one(f"#agree-{key}", Button)
        button.label = Content(f"✓ {self.couple.partner(key).name} agreed")
        button.disabled = True
        if self.confirmed == {"a", "b"}:
            self._finish()
        else:
            self.query_one(f"#agree-{'b' if key == 'a' else 'a'}", Button).focus()

    def _finish(self) -> None:
        couple = replace(self.couple, agreed_at=now_iso())
        try:
            self.store.save_couple(couple)
        except StorageError as error:
            self.notify(
                error.message, title="Not saved", severity="error", timeout=10, markup=False
            )
            self.confirmed.clear()
            for key in ("a", "b"):
                button = self.query_one(f"#agree-{key}", Button)
                button.disabled = False
                button.label = Content(f"{self.couple.partner(key).name}: I agree")
            return
        from workbook.screens.home import HomeScreen

        content = getattr(self.app, "content", None)
        assert content is not None
        replace_screen(self.app, HomeScreen(self.store, content))

    @on(Button.Pressed, "#back")
    def _back(self) -> None:
        if self.review_only:
            self.app.pop_screen()
            return
        from workbook.screens.setup import SetupScreen

        replace_screen(self.app, SetupScreen(self.store, self.couple))
