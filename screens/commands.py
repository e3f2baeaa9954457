"""The workbook's own entries in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial
from typing import cast

from textual.command import DiscoveryHit, Hit, Hits, Matcher, Provider
from textual.content import Content


def plain_highlight(matcher: Matcher, title: str) -> Content:
    """``title`` as plain text, with the letters the query matched highlighted.

    Textual's ``Matcher.highlight`` reads the title as markup, and a title can
    be an exercise's, from the couple's own content folder.
    """
    content = Content(title)
    score, offsets = matcher.fuzzy_search.match(matcher.query, title)
    if not score:
        return content
    for offset in offsets:
        if not title[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _plain_help(text: str) -> str:
    # The palette reads a help str as markup but passes Content through as it is
    # (``Content.from_markup`` returns Content unchanged), so Content keeps data
    # plain; the cast only satisfies Hit's ``str`` annotation.
    return cast(str, Content(text))


class WorkbookCommands(Provider):
    """Sessions, tools, the agreement and the file's location, by name."""

    def _commands(self) -> Iterator[tuple[str, str, Callable[[], object]]]:
        from workbook.screens.agreement import AgreementScreen
        from workbook.screens.home import HomeScreen

        app = self.app
        store = getattr(app, "store", None)
        content = getattr(app, "content", None)
        if store is None or content is None:
            return
        yield (
            "Where is our workbook file?",
            "Show the path of the file that holds your answers",
            partial(
                app.notify, str(store.path), title="Your workbook file", timeout=15, markup=False
            ),
        )
        if content.support is not None:
            yield (
                f"{content.support.label} (F2)",
                "A page for one of you alone; Escape brings you back",
                partial(app.run_action, "support"),
            )
        couple = store.couple()
        if couple is not None and couple.agreed_at is not None:
            yield (
                "Read the agreement again",
                "The points you both agreed to at the start",
                lambda: app.push_screen(
                    AgreementScreen(store, content.agreement, couple, review_only=True)
                ),
            )
        if isinstance(self.screen, HomeScreen):
            home = self.screen
            for session in content.sessions:
                yield (
                    f"Session {session.number}: {session.title}",
                    f"Show session {session.number} on the home screen",
                    partial(home.highlight, f"session:{session.id}"),
                )
            for exercise_id in content.anytime:
                exercise = content.exercise(exercise_id)
                yield (
                    f"Anytime: {exercise.title}",
                    exercise.why,
                    partial(home.highlight, f"tool:{exercise.id}"),
                )

    async def discover(self) -> Hits:
        """Everything, listed when the palette opens."""
        for title, help_text, callback in self._commands():
            yield DiscoveryHit(Content(title), callback, text=title, help=_plain_help(help_text))

    async def search(self, query: str) -> Hits:
        """Commands whose title matches what was typed."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(
                    score, plain_highlight(matcher, title), callback, text=title,
                    help=_plain_help(help_text),
                )
