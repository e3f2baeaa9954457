"""Review: everything you both wrote, newest first, with search, filters and a closer look."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Header, Input, OptionList, Static
from textual.widgets.option_list import Option
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.footer import CalmFooter
from workbook.screens.history import HistoryList
from workbook.screens.review_filters import FILTER_NAMES, FilterMenu, FilterPick
from workbook.screens.sitting_page import PageWriter, SittingView

from workbook.content import Content as WorkbookContent
from workbook.kinds import EXERCISE_KINDS
from workbook.model import Answer, Couple, Partner, PartnerKey, other_key
from workbook.review import (
    Filters,
    History,
    date_problem,
    parse_dates,
    prepared_history,
    value_text,
)
from workbook.sitting import sitting_parts
from workbook.storage import CopiesNotCleared, StorageError
from workbook.store import WorkbookStore

__all__ = ["AnswerScreen", "PrivateAnswerDialog", "ReviewScreen", "parse_dates"]

class ReviewScreen(Screen[None]):
    """Every saved answer, grouped by sitting and exercise, newest first."""

    HELP = """\
## Review

Everything you have both saved, newest first, grouped by sitting and by
exercise. The quick steps that only keep a drill moving ("was that it?",
"more?") are folded away; **a** shows every step.

- **/** jumps to the search box; the list narrows as you type, and the words
  you searched for are marked. Private answers are listed, but their words
  are never searched. **Escape** in the search box clears it; pressed again,
  it takes you back to the list.
- **f** opens the filters: whose answers, which kind of exercise, which
  session, or "clear all". **c** clears the search and every filter.
  **Dates** takes a year (2025), a month (2025-03), a day, or a range
  (2025-01..2025-06).
- **↑ ↓ PgUp PgDn** move; **Enter** (or a click) opens the sitting as a page
  to read: the conversation as it happened, both of you side by side.
- **o** opens a private answer for its writer, after the other partner has
  looked away.
- **t** shows how your check-ins have moved over time; **l** each of your
  "I" statements; **x** exports everything to a file (a document to read,
  or a full backup); **Escape** goes back home.
"""

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("f", "filters", "Filters"),
        Binding("p", "filters('partner')", "Partner", show=False),
        Binding("k", "filters('kind')", "Kind", show=False),
        Binding("s", "filters('session')", "Session", show=False),
        Binding("c", "clear", "Clear", show=False),
        Binding("a", "every_step", "Every step", show=False),
        Binding("o", "open_private", "Open private", show=False),
        # Home before the tools: on a narrow window the footer cuts off the last keys.
        Binding("escape", "back", "Home"),
        Binding("t", "trends", "Trends", show=False),  # in help and the palette
        Binding("l", "statements", "Statements", show=False),  # in help and the palette
        Binding("x", "export", "Export"),
    ]

    def __init__(self, store: WorkbookStore, content: WorkbookContent, couple: Couple) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.content = content
        """Titles of sessions and exercises."""
        self.couple = couple
        """Names and colours."""
        self.history = prepared_history(store, content)
        """The index of every confirmed answer."""
        self.choices: dict[str, list[tuple[str | None, str]]] = {
            "partner": [(None, "both of you"), ("a", couple.a.name), ("b", couple.b.name)],
            "kind": [(None, "all kinds")] + [
                (kind, label.short) for kind, label in EXERCISE_KINDS.items()
            ],
            "session": [
                (None, "all sessions"),
                *[(s.id, f"{s.number}. {s.title}") for s in content.sessions],
                ("anytime", "anytime"),
            ],
        }
        """What each filter offers: (value, label)."""
        self.chosen = {"partner": 0, "kind": 0, "session": 0}
        """The position of each filter."""
        self.every_step = False
        """True to list the quick steps that only keep a drill moving."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="review-filters"):
            yield Input(placeholder="Search (/)", id="review-search", compact=True)
            # Short enough to show whole at 60 columns; help spells out every form.
            yield Input(placeholder="Dates, e.g. 2025-03",
                        id="review-dates", compact=True, max_length=24)
        yield Static(self._chips(), id="review-chips")
        yield HistoryList(
            row_of=self.history.row,
            name_of=lambda key: self.couple.partner(key).name,  # type: ignore[arg-type]
            colour_of=lambda key: self.couple.partner(key).colour,  # type: ignore[arg-type]
            id="review-list",
        )
        yield Static(id="review-count")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self.apply_filters()
        self.query_one(HistoryList).focus()

    # -- filtering ------------------------------------------------------------------------

    def _chip_value(self, name: str) -> str | None:
        return self.choices[name][self.chosen[name]][0]

    def _chips(self) -> Content:
        parts: list[str | tuple[str, str] | Content] = [
            Content.from_markup("[@click=screen.filters]f[/] ").stylize("bold"),
        ]
        for name in FILTER_NAMES:
            label = self.choices[name][self.chosen[name]][1]
            style = "bold $accent" if self.chosen[name] else "$text-muted"
            if len(parts) > 1:
                parts.append(("  ·  ", "$text-muted"))
            # Only the click action is markup, and it is ours (``name`` is one of the
            # literals in FILTER_NAMES). The label, a partner's name or a session's title,
            # goes in as the template variable ``$label``: Textual substitutes variables
            # after parsing, as plain text, so a label can never open a tag or an action.
            parts.append(Content.from_markup(
                f"[@click=screen.filters('{name}')]$label[/]", label=label).stylize(style))
        if self.every_step:
            parts.append(("  ·  every step", "bold $accent"))
        return Content.assemble(*parts)

    def filters(self) -> Filters:
        """The filters as set on screen (dates that cannot be read are left out)."""
        dates = self.query_one("#review-dates", Input).value
        since, until = ("", "") if date_problem(dates) else parse_dates(dates)
        return Filters(
            text=self.query_one("#review-search", Input).value,
            partner=self._chip_value("partner"),
            kind=self._chip_value("kind"),
            session=self._chip_value("session"),
            since=since,
            until=until,
            every_step=self.every_step,
        )

    def nothing_found(self, filters: Filters) -> str:
        """Why the list is empty, in plain words, and how to see more."""
        needle = " ".join(filters.text.split())
        said = f"Nothing matches ‘{needle}’" if needle else "Nothing to show"
        where: list[str] = []
        if filters.partner:
            where.append(f"from {self.choices['partner'][self.chosen['partner']][1]}")
        if filters.kind:
            where.append(f"in {self.choices['kind'][self.chosen['kind']][1]}")
        if filters.session:
            where.append(f"in session {self.choices['session'][self.chosen['session']][1]}")
        if filters.since or filters.until:
            if filters.since == filters.until:
                where.append(f"in {filters.since}")
            else:
                where.append(f"from {filters.since or 'the start'} to {filters.until or 'now'}")
        text = " ".join([said, *where])
        if needle or where:
            return text + "; press c to clear the search and filters."
        return text + "."

    def apply_filters(self) -> None:
        """Show the answers that pass the filters."""
        filters = self.filters()
        found = self.history.matching(filters)
        total = len(self.history.docs)
        empty = ""
        if not total:
            empty = "Nothing saved yet. Answers you confirm in any exercise appear here."
        elif not found:
            empty = self.nothing_found(filters)
        needle = " ".join(filters.text.split())
        self.query_one(HistoryList).set_rows(
            self.history.lines(found), needle=needle, empty_text=empty
        )
        problem = date_problem(self.query_one("#review-dates", Input).value)
        listed = total if self.every_step else len(self.history.story)
        folded = total - listed
        if problem:
            text = problem
        elif not total:
            text = ""
        elif len(found) == listed:
            text = f"{listed:,} answers"
        else:
            text = f"{len(found):,} of {listed:,} answers"
        if folded and not problem:
            text += f" · {folded:,} quick steps folded (a shows them)"
        self.query_one("#review-count", Static).update(Content(text))

    @on(Input.Changed)
    def _filters_changed(self) -> None:
        self.apply_filters()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(HistoryList).focus()

    @work
    async def action_filters(self, name: str | None = None) -> None:
        """Open the filter menu (at one filter, when named)."""
        pick = await self.app.push_screen_wait(FilterMenu(self.choices, self.chosen, start=name))
        if isinstance(pick, FilterPick):
            self.set_filters(pick.chosen)

    def set_filters(self, chosen: dict[str, int] | Any) -> None:
        """Put each filter where ``chosen`` says, and list what passes."""
        for name in FILTER_NAMES:
            self.chosen[name] = int(chosen.get(name, 0)) % len(self.choices[name])
        self.query_one("#review-chips", Static).update(self._chips())
        self.apply_filters()

    def action_clear(self) -> None:
        """Clear the search, the dates and every filter."""
        with self.prevent(Input.Changed):
            self.query_one("#review-search", Input).value = ""
            self.query_one("#review-dates", Input).value = ""
        self.set_filters({})

    def action_every_step(self) -> None:
        """Show or fold away the quick steps that only keep a drill moving."""
        self.every_step = not self.every_step
        self.query_one("#review-chips", Static).update(self._chips())
        self.apply_filters()

    # -- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#review-search", Input).focus()

    def action_back(self) -> None:
        """Escape: clear the box being typed in, or leave it for the list, or go home."""
        focused = self.focused
        if isinstance(focused, Input):
            if focused.value:
                focused.value = ""
            else:
                self.query_one(HistoryList).focus()
            return
        self.dismiss()

    @work
    async def action_open_private(self) -> None:
        """Open the private answer under the cursor for its writer, after a hand-off."""
        doc = self.query_one(HistoryList).current
        if doc is None or doc.get("visibility") != "private":
            self.notify("The answer under the cursor is not private.", timeout=4)
            return
        await open_private(self, self.couple, doc)

    def action_trends(self) -> None:
        """How the check-ins have moved over time."""
        from workbook.screens.trends import TrendsScreen

        self.app.push_screen(TrendsScreen(self.store, self.couple))

    def action_statements(self) -> None:
        """Each partner's "I" statements."""
        from workbook.screens.statements import StatementsScreen

        self.app.push_screen(StatementsScreen(self.store, self.couple))

    @work
    async def action_export(self) -> None:
        """Write the answers to a file: a document to read, or a full backup."""
        from workbook.screens.dialogs.export_dialog import ExportDialog

        ring = self.store.key_ring
        dialog = ExportDialog(self.store.path, locked=ring is not None)
        choice = await self.app.push_screen_wait(dialog)
        if choice is None:
            return
        from workbook import export

        # Taken here, on the UI thread: saves also happen here, never mid-snapshot.
        snapshot = export.snapshot_from_tables(self.store.raw_tables())
        self._write_export(choice.kind, choice.path, snapshot, None if choice.plain else ring)

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_export(self, kind: str, path: Path, snapshot: Any, ring: Any = None) -> None:
        """Write the export; a backup is sealed with ``ring`` (the workbook's keys) if given."""
        from workbook import envelope, export
        from workbook.storage import write_private_file

        locked = kind == "json" and ring is not None
        try:
            if kind == "json":
                payload = export.to_json(snapshot)
                if locked:
                    payload = envelope.seal(payload, ring)
            else:
                payload = export.to_markdown(snapshot, self.content).encode("utf-8")
            write_private_file(path, payload)
        except OSError as error:
            reason = error.strerror or "it could not be written"
            self.app.call_from_thread(
                self.notify, f"{path} was not written: {reason}.", title="Not exported",
                severity="error", timeout=10, markup=False,
            )
            return
        how = "locked with your passphrase" if locked else "readable by you only"
        self.app.call_from_thread(
            self.notify, f"Saved to {path} ({how}).", title="Exported", timeout=10, markup=False,
        )

    @on(HistoryList.Opened)
    def _open(self, event: HistoryList.Opened) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.history = prepared_history(self.store, self.content)
                self.query_one(HistoryList).row_of = self.history.row
                self.apply_filters()

        page = AnswerScreen(self.store, self.history, self.couple, event.doc)
        self.app.push_screen(page, closed)


class ReadHandOff(HandOffScreen):
    """The hand-off before a private answer is read again (or deleted) by its writer.

    The same opaque screen as before a private answer is written; only its
    line to the writer says what they are about to do.
    """

    def __init__(self, writer: Partner, looker: Partner, *, ready_to: str = "read") -> None:
        super().__init__(writer, looker)
        self.ready_to = ready_to
        """What the writer is about to do: "read", or "decide about deleting"."""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#handoff-ready", Static).update(Content.assemble(
            Content.styled(self.writer.name, f"bold {self.writer.colour}"),
            f", press Enter when you're ready to {self.ready_to} privately.",
        ))


class DeleteDialog(ConfirmDialog):
    """Asks before an answer is deleted for good; its Delete button wears the error colour."""

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one("#yes", Button).variant = "error"


async def open_private(screen: Screen[Any], couple: Couple, doc: dict[str, Any]) -> None:
    """Show a private answer to its writer, after the other partner has looked away."""
    writer_key: PartnerKey = doc["partner"]
    writer = couple.partner(writer_key)
    looker = couple.partner(other_key(writer_key))
    if await screen.app.push_screen_wait(ReadHandOff(writer, looker)):
        await screen.app.push_screen_wait(PrivateAnswerDialog(writer.name, doc))


class PrivatePicker(ModalScreen[str | None]):
    """Which private answer to open, when the page shows more than one: dismisses with its uuid."""

    BINDINGS = [Binding("escape", "dismiss(None)", "Close")]

    DEFAULT_CSS = """
    PrivatePicker { align: center middle; }
    PrivatePicker #private-picker { width: 64; max-width: 95%; height: auto; }
    PrivatePicker OptionList { height: auto; max-height: 16; }
    """

    def __init__(self, choices: list[tuple[str, str]]) -> None:
        super().__init__()
        self.choices = choices
        """(uuid, what it is) for each private answer on the page."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="private-picker", classes="dialog"):
            yield Static("Which private answer?", classes="screen-title")
            yield OptionList(*[Option(Content(text), id=uuid) for uuid, text in self.choices])

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)


class AnswerScreen(Screen[bool]):
    """The sitting an answer belongs to, as a page: the conversation as it happened.

    Both partners' answers sit side by side, check-ins as a table, and the
    answer that was opened is marked at the left. Below are its writer's
    earlier answers to the same question. Dismisses with True when an answer
    was deleted (Review then rebuilds its list).
    """

    HELP = """\
## A sitting, as a page

The whole sitting the answer belongs to, in the order it happened: each
question in full, and both partners' answers side by side. The answer you
opened is marked at the left. Below are its writer's earlier answers to
the same question, so you can see how things have changed.

- **a** shows the quick steps that kept a drill moving ("was that it?"),
  folded away at first.
- **o** opens a private answer on this page for its writer, after the
  other partner has looked away.
- **d** deletes the answer you opened, after asking you. It is removed from
  your workbook file and its backup; nothing can bring it back. A private
  answer's writer is asked to take the keyboard first.
- **↑ ↓ PgUp PgDn** scroll; **Escape** goes back to the list.
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("o", "open_private", "Open private"),
        Binding("a", "every_step", "Every step"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(
        self, store: WorkbookStore, history: History, couple: Couple, doc: dict[str, Any]
    ) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.history = history
        """Titles and the sitting's answers."""
        self.couple = couple
        """Names and colours."""
        self.doc = doc
        """The answer opened."""
        self.sitting = history.sitting(doc)
        """Every answer of the sitting, oldest first."""
        self.parts = sitting_parts(self.sitting, history)
        """The sitting as attempts and exchanges."""

    def _pair(self) -> list[tuple[Any, Answer | None]]:
        """Both partners' answers in the exchange of the opened answer."""
        uuid = self.doc.get("uuid", "")
        for part in self.parts:
            for exchange in part.exchanges:
                if exchange.holds(uuid):
                    return [
                        (self.couple.partner(key), Answer.from_doc(doc) if doc else None)
                        for key in ("a", "b")
                        for doc in [exchange.answers.get(key)]
                    ]
        return []

    def _earlier(self) -> list[dict[str, Any]]:
        """Up to five earlier answers by the same partner to the same exercise and step.

        Looked up through the store's index, so opening an answer does not walk
        the whole history.
        """
        created = str(self.doc.get("created", ""))
        found = self.store.answers_at_place(
            str(self.doc.get("exercise", "")), str(self.doc.get("step", "")), self.doc["partner"]
        )
        earlier = [answer for answer in found if not answer.draft and answer.created < created]
        earlier.sort(key=lambda answer: answer.created, reverse=True)
        return [answer.to_doc() for answer in earlier[:5]]

    def lay_out(self, writer: PageWriter) -> None:
        """The page: each attempt of the sitting, then the opened answer's earlier ones."""
        opened = str(self.doc.get("uuid", ""))
        for part in self.parts:
            writer.part(part, opened)
        name = self.couple.partner(self.doc["partner"]).name
        writer.earlier(name, self._earlier())

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Content(self.history.sitting_title(self.doc)), classes="screen-title",
                     id="sitting-title")
        yield SittingView(self.lay_out, self.history, self.couple, id="sitting-page")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review"
        self.query_one(SittingView).focus()

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(False)

    def action_every_step(self) -> None:
        """Show or fold away the quick steps that kept a drill moving."""
        page = self.query_one(SittingView)
        page.every_step = not page.every_step
        page.relayout()

    def private_here(self) -> list[dict[str, Any]]:
        """The private answers this page shows: the opened answer's exchange first."""
        uuid = self.doc.get("uuid", "")
        mine: list[dict[str, Any]] = []
        rest: list[dict[str, Any]] = []
        for part in self.parts:
            for exchange in part.exchanges:
                private = [d for d in exchange.answers.values() if d.get("visibility") == "private"]
                (mine if exchange.holds(uuid) else rest).extend(private)
        return mine or rest

    @work
    async def action_open_private(self) -> None:
        """Let a private answer's writer read it, after a hand-off."""
        found = self.private_here()
        if not found:
            self.notify("There is no private answer on this page.", timeout=4)
            return
        doc: dict[str, Any] | None = found[0]
        if len(found) > 1:
            choices = [
                (str(d.get("uuid")),
                 f"{self.couple.partner(d['partner']).name} · {self.history.question(d)}")
                for d in found
            ]
            uuid = await self.app.push_screen_wait(PrivatePicker(choices))
            doc = next((d for d in found if d.get("uuid") == uuid), None)
        if doc is not None:
            await open_private(self, self.couple, doc)

    @work
    async def action_delete(self) -> None:
        """Delete the opened answer for good, after asking (its writer, when it is private)."""
        if self.doc.get("visibility") == "private":
            writer_key: PartnerKey = self.doc["partner"]
            writer = self.couple.partner(writer_key)
            looker = self.couple.partner(other_key(writer_key))
            ready = await self.app.push_screen_wait(
                ReadHandOff(writer, looker, ready_to="decide about deleting your answer")
            )
            if not ready:
                return
        confirmed = await self.app.push_screen_wait(
            DeleteDialog(
                "Delete this answer for good? It is removed from your workbook file, its "
                "backup and every copy the app keeps. Nothing can bring it back.",
                yes="Delete",
            )
        )
        if not confirmed:
            return
        delete = getattr(self.store, "delete_answer", None)
        if delete is None:
            self.notify("Deleting is not available in this version.", severity="warning")
            return
        try:
            delete(self.doc["uuid"])
        except CopiesNotCleared as left:
            await self._offer_to_remove(left)
            self.dismiss(True)
            return
        except StorageError as error:
            self.notify(
                error.message, title="Not deleted", severity="error", timeout=10, markup=False
            )
            return
        self.notify("The answer was deleted.", timeout=5)
        self.dismiss(True)

    async def _offer_to_remove(self, left: CopiesNotCleared) -> None:
        """Deleted, but kept copies still hold the words: name them and offer to remove them."""
        # The names come from the workbook's file name, which can hold anything;
        # ConfirmDialog shows its question as plain text, so they stay as named.
        remove = await self.app.push_screen_wait(
            ConfirmDialog(
                f"{left.message}\n\nRemove {'it' if len(left.paths) == 1 else 'them'} now?",
                yes="Remove",
                no="Keep",
            )
        )
        if not remove:
            self.notify(
                "The answer was deleted from your workbook. The files named still hold it.",
                timeout=10, markup=False,
            )
            return
        still = self.store.remove_copies(left.paths)
        if still:
            names = ", ".join(path.name for path in still)
            self.notify(
                f"The answer was deleted from your workbook, but {names} could not be removed.",
                title="Not all removed", severity="error", timeout=15, markup=False,
            )
        else:
            self.notify("The answer was deleted, and those files were removed.", timeout=5)


class PrivateAnswerDialog(ModalScreen[None]):
    """A private answer, shown only to its writer."""

    BINDINGS = [Binding("escape", "dismiss", "Close")]

    def __init__(self, writer: str, doc: dict[str, Any]) -> None:
        super().__init__()
        self.writer = writer
        """Whose answer this is."""
        self.doc = doc
        """The answer."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="private-answer"):
            yield Static(f"{self.writer}'s private answer", classes="screen-title", markup=False)
            yield Static(value_text(self.doc.get("value")), markup=False)
            yield Button("Close (Escape)", id="close", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#close", Button).focus()

    def on_button_pressed(self) -> None:
        self.dismiss()
