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
from textual.widgets import Button, Header, Input, Static
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.handoff import HandOffScreen
from workbook.screens.footer import CalmFooter
from workbook.screens.history import HistoryList
from workbook.screens.widgets.reveal import RevealView

from workbook.content import Content as WorkbookContent
from workbook.dates import long_date
from workbook.kinds import EXERCISE_KINDS
from workbook.model import PARTNER_KEYS, Answer, Couple, PartnerKey, other_key
from workbook.review import Filters, History, prepared_history, value_text
from workbook.storage import CopiesNotCleared, StorageError
from workbook.store import WorkbookStore


def parse_dates(text: str) -> tuple[str, str]:
    """ "2025" / "2025-03" / "2025-01..2025-06" → (since, until) ISO prefixes."""
    text = text.strip()
    if ".." in text:
        since, _, until = text.partition("..")
        return since.strip(), until.strip()
    return text, text


class ReviewScreen(Screen[None]):
    """Every saved answer, grouped by sitting and exercise, newest first."""

    HELP = """\
## Review

Everything you have both saved, newest first, grouped by sitting and by
exercise.

- **/** jumps to the search box; the list narrows as you type. Private
  answers are listed, but their words are never searched.
- **p**, **k** and **s** (or a click on the filter) step through partner,
  kind of exercise and session. **Dates** takes a year (2025), a month
  (2025-03), a day, or a range (2025-01..2025-06).
- **↑ ↓ PgUp PgDn** move; **Enter** (or a click) opens an answer with your
  partner's answer beside it, and earlier answers to the same question.
- **t** shows how your check-ins have moved over time; **l** each of your
  "I" statements; **x** exports everything to a file (a document to read,
  or a full backup); **Escape** goes back home.

A private answer shows only who wrote it. Its writer can open it from the
answer's page, after the other partner has looked away.
"""

    BINDINGS = [
        Binding("slash", "search", "Search"),
        Binding("p", "cycle('partner')", "Partner", show=False),
        Binding("k", "cycle('kind')", "Kind", show=False),
        Binding("s", "cycle('session')", "Session", show=False),
        Binding("t", "trends", "Trends"),
        Binding("l", "statements", "Statements"),
        Binding("x", "export", "Export"),
        Binding("escape", "back", "Home"),
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
        """What each filter chip steps through: (value, label)."""
        self.chosen = {"partner": 0, "kind": 0, "session": 0}
        """The position of each chip."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(classes="review-filters"):
            yield Input(placeholder="Search (/)", id="review-search", compact=True)
            yield Input(placeholder="Dates: 2025, 2025-03, 2025-01..2025-06",
                        id="review-dates", compact=True, max_length=24)
        yield Static(self._chips(), id="review-chips")
        yield HistoryList(
            label_of=self.history.label,
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
        parts: list[str | tuple[str, str] | Content] = []
        for name, key in (("partner", "p"), ("kind", "k"), ("session", "s")):
            label = self.choices[name][self.chosen[name]][1]
            style = "bold $accent" if self.chosen[name] else "$text-muted"
            if parts:
                parts.append(("  ·  ", "$text-muted"))
            # Only the click action is markup, and it is ours (``name`` and ``key`` are
            # the literals above). The label, a partner's name or a session's title,
            # goes in as the template variable ``$label``: Textual substitutes variables
            # after parsing, as plain text, so a label can never open a tag or an action.
            parts.append(Content.from_markup(
                f"[@click=screen.cycle('{name}')]{key}[/] ", ).stylize("bold"))
            parts.append(Content.from_markup(
                f"[@click=screen.cycle('{name}')]$label[/]", label=label).stylize(style))
        return Content.assemble(*parts)

    def filters(self) -> Filters:
        """The filters as set on screen."""
        since, until = parse_dates(self.query_one("#review-dates", Input).value)
        return Filters(
            text=self.query_one("#review-search", Input).value,
            partner=self._chip_value("partner"),
            kind=self._chip_value("kind"),
            session=self._chip_value("session"),
            since=since,
            until=until,
        )

    def apply_filters(self) -> None:
        """Show the answers that pass the filters."""
        found = self.history.matching(self.filters())
        self.query_one(HistoryList).set_rows(self.history.lines(found))
        total = len(self.history.docs)
        if not total:
            text = "Nothing saved yet. Answers you confirm in any exercise appear here."
        elif len(found) == total:
            text = f"{total:,} answers"
        else:
            text = f"{len(found):,} of {total:,} answers"
        self.query_one("#review-count", Static).update(text)

    @on(Input.Changed)
    def _filters_changed(self) -> None:
        self.apply_filters()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.query_one(HistoryList).focus()

    def action_cycle(self, name: str) -> None:
        """Step one filter chip to its next choice."""
        self.chosen[name] = (self.chosen[name] + 1) % len(self.choices[name])
        self.query_one("#review-chips", Static).update(self._chips())
        self.apply_filters()

    # -- actions ---------------------------------------------------------------------------

    def action_search(self) -> None:
        """Put the cursor in the search box."""
        self.query_one("#review-search", Input).focus()

    def action_back(self) -> None:
        """Back home."""
        self.dismiss()

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

        choice = await self.app.push_screen_wait(ExportDialog(self.store.path))
        if choice is None:
            return
        kind, path = choice
        from workbook import export

        # Taken here, on the UI thread: saves also happen here, never mid-snapshot.
        self._write_export(kind, path, export.snapshot_from_tables(self.store.raw_tables()))

    @work(thread=True, exclusive=True, group="export", exit_on_error=False)
    def _write_export(self, kind: str, path: Path, snapshot: Any) -> None:
        from workbook import export
        from workbook.storage import write_private_file

        try:
            if kind == "json":
                payload = export.to_json(snapshot)
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
        self.app.call_from_thread(
            self.notify, f"Saved to {path} (readable by you only).", title="Exported",
            timeout=10, markup=False,
        )

    @on(HistoryList.Opened)
    def _open(self, event: HistoryList.Opened) -> None:
        def closed(changed: bool | None) -> None:
            if changed:
                self.history = prepared_history(self.store, self.content)
                self.query_one(HistoryList)._label_of = self.history.label
                self.apply_filters()

        page = AnswerScreen(self.store, self.history, self.couple, event.doc)
        self.app.push_screen(page, closed)


class AnswerScreen(Screen[bool]):
    """One answer with its partner answer beside it, and earlier answers to the same question.

    Dismisses with True when an answer was deleted (Review then rebuilds its list).
    """

    HELP = """\
## One answer

Both partners' answers to the same question in the same sitting, side by
side. Below are your earlier answers to the same question, so you can see
how things have changed.

- **o** opens a private answer for its writer, after the other partner has
  looked away.
- **d** deletes this answer, after asking you. It is removed from your
  workbook file and its backup; nothing can bring it back.
- **Escape** goes back to the list.
"""

    BINDINGS = [
        Binding("escape", "back", "Back"),
        Binding("o", "open_private", "Open private"),
        Binding("d", "delete", "Delete"),
    ]

    def __init__(
        self, store: WorkbookStore, history: History, couple: Couple, doc: dict[str, Any]
    ) -> None:
        super().__init__()
        self.store = store
        """The couple's workbook."""
        self.history = history
        """Titles and earlier answers."""
        self.couple = couple
        """Names and colours."""
        self.doc = doc
        """The answer opened."""

    def _pair(self) -> list[tuple[Any, Answer | None]]:
        """Both partners' answers to this step in the same attempt (looked up by attempt)."""
        run, step = self.doc.get("run"), self.doc.get("step")
        pair: dict[str, Answer] = {}
        if isinstance(run, str):
            for other in reversed(self.store.answers(run=run)):
                if other.step == step and not other.draft:
                    pair.setdefault(other.partner, other)
        pair.setdefault(self.doc["partner"], Answer.from_doc(self.doc))
        return [(self.couple.partner(key), pair.get(key)) for key in PARTNER_KEYS]

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

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="answer-page"):
            title = self.history.exercise_title(self.doc.get("exercise", ""))
            yield Static(title, classes="screen-title", markup=False)
            yield Static(
                f"{self.history.step_name(self.doc)} · {long_date(self.doc.get('created', ''))}",
                classes="hint", markup=False,
            )
            yield RevealView(self._pair(), describe=value_text)
            earlier = self._earlier()
            if earlier:
                name = self.couple.partner(self.doc["partner"]).name
                yield Static(
                    f"Then and now: {name}'s earlier answers", classes="step-prompt", markup=False
                )
                for old in earlier:
                    words = (
                        "(private answer)" if old.get("visibility") == "private"
                        else value_text(old.get("value"))
                    )
                    yield Static(f"{long_date(old.get('created', ''))}: {words}", markup=False,
                                 classes="then-answer")
        yield CalmFooter()

    def on_mount(self) -> None:
        self.sub_title = "Review"

    def action_back(self) -> None:
        """Back to the list."""
        self.dismiss(False)

    @work
    async def action_open_private(self) -> None:
        """Let the writer read their own private answer, after a hand-off."""
        if self.doc.get("visibility") != "private":
            self.notify("This answer is not private.", timeout=4)
            return
        writer_key: PartnerKey = self.doc["partner"]
        writer = self.couple.partner(writer_key)
        looker = self.couple.partner(other_key(writer_key))
        ready = await self.app.push_screen_wait(HandOffScreen(writer, looker))
        if ready:
            await self.app.push_screen_wait(PrivateAnswerDialog(writer.name, self.doc))

    @work
    async def action_delete(self) -> None:
        """Delete this answer for good, after asking."""
        confirmed = await self.app.push_screen_wait(
            ConfirmDialog(
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
