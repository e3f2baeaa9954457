"""Text on a terminal: control characters shown, never obeyed.

Names, answers, titles, content keys and file paths are data. Printed raw,
a control character in them is an instruction to the terminal: ``ESC ] 52``
sets the clipboard, ``ESC ] 0`` the window title, ``ESC [ 2J`` clears the
screen, a carriage return or backspaces write over what was shown. So
everything the ``workbook`` command prints goes through :func:`visible`
first, which swaps each control character for a placeholder you can see:

* C0 (U+0000–U+001F) becomes its Unicode Control Picture, U+2400–U+241F:
  ESC shows as ``␛``, BEL as ``␇``, a carriage return as ``␍``, NUL as ``␀``;
* DEL (U+007F) becomes ``␡`` (U+2421);
* C1 (U+0080–U+009F) has no pictures, so it is spelled out as ``<U+009B>``:
  the standard way to name a code point, which no terminal acts on.

A tab passes: it only moves the cursor on to the next tab stop, so it can
neither hide nor overwrite text. A newline passes only when the caller says
the text is a document laid out in lines by the program (a Markdown export);
in a one-line message a newline can only come from data, and would let that
data start a line that looks like the program's own.

The placeholders are for the eye only: nothing reads them back, and files
keep text exactly as typed (see docs/data-format.md, "Text on a terminal and
in files"). This module is part of the core and never imports Textual or Rich.
"""

from __future__ import annotations

import re

_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")
"""Every C0 and C1 control and DEL, except the tab (which passes, see above)."""

_CONTROL_BUT_NEWLINE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
"""The same without the newline, for text laid out in lines by the program."""

_PLACEHOLDERS = {
    **{chr(code): chr(0x2400 + code) for code in range(0x20)},
    "\x7f": "\u2421",
    **{chr(code): f"<U+{code:04X}>" for code in range(0x80, 0xA0)},
}


def visible(text: str, *, newlines: bool = False) -> str:
    """``text`` with every control character except tab shown as a placeholder.

    C0 becomes a Control Picture (``"\\x1b"`` → ``"␛"``), DEL ``"␡"``, and C1
    ``"<U+0080>"`` to ``"<U+009F>"``. With ``newlines=True`` a newline passes
    too, for text the program itself lays out in lines; otherwise it shows as
    ``"␊"``. Text without control characters comes back unchanged.
    """
    pattern = _CONTROL_BUT_NEWLINE if newlines else _CONTROL
    return pattern.sub(lambda match: _PLACEHOLDERS[match.group()], text)
