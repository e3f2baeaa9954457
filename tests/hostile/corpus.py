"""The hostile corpus: strings and names that must stay data on every surface.

Every test under ``tests/hostile/`` draws its input from here, so a new trick
added once is tried everywhere: typed in the UI, imported, hand-edited into
the file, written in a content folder and passed on the command line.
"""

from __future__ import annotations

#: Rich/Textual markup that would style, break or act if it were read as markup.
MARKUP = {
    "closing tag": "Robin[/]",
    "stray closing tag": "[/bold] after",
    "open style": "[bold red]loud",
    "click action": "[@click=app.screenshot()]Click me[/]",
    "click quit": "[@click=app.quit]Sam[/]",
    "link": "[link=file:///etc/passwd]home[/link]",
    "variable": "[$accent]tinted[/]",
    "escaped bracket": "\\[not a tag]",
    "lone brackets": "[[[]]]",
    "emoji code": ":warning: :smile:",
}

#: Terminal control sequences: each must reach a terminal only as a visible placeholder.
CONTROLS = {
    "clipboard (OSC 52)": "\x1b]52;c;aGVsbG8=\x07",
    "window title (OSC 0)": "\x1b]0;pwned\x07",
    "clear screen": "\x1b[2J\x1b[H",
    "double-height test (ESC # 8)": "\x1b#8",
    "bell": "\x07",
    "backspace over text": "safe\x08\x08\x08\x08evil",
    "carriage return": "visible\rhidden",
    "C1 CSI": "\x9b31mred",
    "C1 OSC": "\x9d0;title\x9c",
    "NUL": "a\x00b",
    "DEL": "a\x7fb",
}

#: Text that is unusual but legitimate: it must round-trip exactly as typed.
LEGITIMATE = {
    "right-to-left": "שלום, مرحبا",
    "right-to-left override": "abc\u202edef",
    "zero-width joiner emoji": "👩\u200d❤\ufe0f\u200d👨",
    "skin tone": "👍🏽",
    "combining marks": "e\u0301 n\u0303",
    "non-breaking space": "a\u00a0b",
}

#: A name or answer for every trick above, by a readable case id.
ALL = {**MARKUP, **CONTROLS, **LEGITIMATE}


def has_raw_control(output: str) -> bool:
    """True when ``output`` holds a C0 or C1 control other than newline and tab."""
    return any(
        (ord(ch) < 0x20 and ch not in "\n\t") or 0x7F <= ord(ch) < 0xA0 for ch in output
    )
