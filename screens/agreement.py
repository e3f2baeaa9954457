"""The "how we'll use this" agreement, which both partners confirm before starting."""

from __future__ import annotations

from dataclasses import replace

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Header, Static
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.help import support_hint
from workbook.screens.footer import CalmFooter
from workbook.screens.navigation import replace_screen
from workbook.screens.text import prose

from workbook.content import Agreement
from workbook.model import Couple, PartnerKey, now_iso
from workbook.storage import StorageError
from workbook.store import WorkbookStore

#: Shown above the buttons while part of the agreement has not been on screen yet.
MORE_BELOW = "More below: scroll down (↓, PageDown or mouse wheel) to read it all first."


class AgreementText(VerticalScroll):
    """The scrolling agreement text; says so whenever its size or its text's size changes."""

    class Measured(Message):
        """The text area was laid out again: how far it scrolls may have changed."""

    def on_resize(self) -> None:
        self.post_message(self.Measured())


class AgreementScreen(Screen[None]):
    """Both partners read the agreement and each confirms it.

    The agree buttons only wake up once the text has been scrolled to its end
    (at once, when it all fits), so no point can be agreed to unseen.
    """

    HELP = """\
## The agreement

Before the first session, read these points together. Each of you then
presses your own button to say you agree. When the text is longer than the
screen, the buttons work once you have scrolled to its end (↓, PageDown or
the mouse wheel). You can come back to the agreement from the command
palette (**ctrl+p**, then type *agreement*).

The workbook is not therapy. If something you talk about feels too big to
hold on your own, a licensed couples therapist or counsellor can help. If
anyone is unsafe, contact your local emergency services.
"""

    DEFAULT_CSS = """
    AgreementScreen #agreement-more {
        display: none;
        height: auto;
        padding: 0 2;
        color: $text-accent;
    }

    AgreementScreen #agreement-more.shown {
        display: block;
    }
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
        self.read_to_end = review_only
        """True once the whole text has been on screen; the agree buttons work from then on."""

    def compose(self) -> ComposeResult:
        yield Header()
        with AgreementText(id="agreement"):
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
        if not self.review_only:
            yield Static(MORE_BELOW, id="agreement-more", markup=False)
        with Horizontal(id="agreement-buttons"):
            if self.review_only:
                yield Button("Back", id="back", variant="primary")
            else:
                for key in ("a", "b"):
                    partner = self.couple.partner(key)
                    button = Button(
                        Content(f"{partner.name}: I agree"), id=f"agree-{key}", disabled=True
                    )
                    button.styles.border = ("tall", partner.colour)
                    yield button
                yield Button("Change names", id="back")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = f"{self.couple.a.name} & {self.couple.b.name}"
        # The help names the private page as the content calls it, known only now.
        self.HELP = f"{type(self).HELP}\n{support_hint(self.app)}\n"  # type: ignore[misc]
        text = self.query_one("#agreement", AgreementText)
        text.focus()  # so ↓ and PageDown scroll it from the start
        if not self.review_only:
            self.watch(text, "scroll_y", self._check_read_to_end, init=False)

    @on(AgreementText.Measured)
    def _check_read_to_end(self) -> None:
        """Wake the agree buttons once the end of the text is (or has been) on screen."""
        if self.read_to_end:
            return
        text = self.query_one("#agreement", AgreementText)
        if not text.size:
            return  # not laid out yet: nothing is known about what shows
        more = self.query_one("#agreement-more", Static)
        if text.scroll_offset.y < text.max_scroll_y:
            more.add_class("shown")
            return
        self.read_to_end = True
        more.remove_class("shown")
        for key in ("a", "b"):
            self.query_one(f"#agree-{key}", Button).disabled = False

    @on(Button.Pressed, "#agree-a")
    def _agree_a(self) -> None:
        self._agree("a")

    @on(Button.Pressed, "#agree-b")
    def _agree_b(self) -> None:
        self._agree("b")

    def _agree(self, key: PartnerKey) -> None:
        if not self.read_to_end:
            return
        self.confirmed.add(key)
        button = self.query_one(f"#agree-{key}", Button)
        button.label = Content(f"✓ {self.couple.partner(key).name} agreed")
        button.disabled = True
        if self.confirmed == {"a", "b"}:
            self._finish()
            return
        # Tab must not reach a button whose Enter would undo this agreement: going
        # back to the names is still there for a click, and asks first.
        self.query_one("#back", Button).can_focus = False
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
            self.query_one("#back", Button).can_focus = True
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
        if not self.confirmed:
            self._change_names(True)
            return
        (key,) = self.confirmed
        name = self.couple.partner(key).name
        question = (
            f"{name} has already agreed. Go back and change the names? "
            "You would then both agree again."
        )
        self.app.push_screen(
            ConfirmDialog(question, yes="Change names", no="Stay here"), self._change_names
        )

    def _change_names(self, go: bool | None) -> None:
        from workbook.screens.setup import SetupScreen

        if go:
            replace_screen(self.app, SetupScreen(self.store, self.couple))
