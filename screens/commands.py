"""The workbook's own entries in the command palette (ctrl+p)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider


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
            partial(app.notify, str(store.path), title="Your workbook file", timeout=15),
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
            yield DiscoveryHit(title, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        """Commands whose title matches what was typed."""
        matcher = self.matcher(query)
        for title, help_text, callback in self._commands():
            score = matcher.match(title)
            if score > 0:
                yield Hit(score, matcher.highlight(title), callback, help=help_text)
