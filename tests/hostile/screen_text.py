"""What a person sees on the screen in front, as plain text, and what a click there could do.

The hostile tests look at the screen as drawn, not at widget attributes: if a
string had been read as markup, its brackets would be gone (or the screen
would have crashed), so finding it on screen character for character is the
proof that it stayed data. The screen is drawn by Textual's compositor, the
same way ``App.export_screenshot`` draws it, so every surface counts alike:
the header, border titles, buttons, options, labels, check boxes, statics,
the Review list and notifications.

The same drawing carries what markup would have attached to the text: a
``@click`` action in a segment's meta, a link in its style. Those are what a
click would run or open, so they are collected too.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.app import App
from textual.geometry import Offset
from textual.widgets._toast import Toast


def _segments(app: App) -> list[list[Segment]]:
    # The compositor is private, but it is exactly what reaches the terminal;
    # a public screenshot (SVG) would have to be parsed back into text.
    return [list(strip) for strip in app.screen._compositor.render_strips()]


def screen_lines(app: App) -> list[str]:
    """Each row of the screen in front, as the text a person reads there."""
    return ["".join(segment.text for segment in row) for row in _segments(app)]


def screen_text(app: App) -> str:
    """The whole screen in front, row by row, trailing spaces trimmed."""
    return "\n".join(line.rstrip() for line in screen_lines(app))


def locate(app: App, text: str) -> Offset | None:
    """Where ``text`` starts on screen (its column counted in cells), or None if not shown."""
    for y, line in enumerate(screen_lines(app)):
        found = line.find(text)
        if found >= 0:
            return Offset(cell_len(line[:found]), y)
    return None


def click_targets(app: App) -> tuple[set[str], set[str]]:
    """The ``@click`` actions and the links anywhere on screen: what a click could set off."""
    actions: set[str] = set()
    links: set[str] = set()
    for row in _segments(app):
        for segment in row:
            style = segment.style
            if style is None:
                continue
            action = style.meta.get("@click") if style.meta else None
            if action:
                actions.add(str(action))
            if style.link:
                links.add(style.link)
    return actions, links


def notifications(app: App) -> list[str]:
    """Each notification on screen, as the plain text it shows (title and message).

    A notification is narrow and folds a long line (a file's path) anywhere,
    so its text is taken whole from what the toast draws rather than from
    the screen's rows.
    """
    return [toast.render().plain for toast in app.screen.query(Toast)]
