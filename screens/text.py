"""Small helpers for showing content text on screen."""

from __future__ import annotations

import re

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def prose(text: str) -> str:
    """Content text reflowed like Markdown: lines join, blank lines separate paragraphs."""
    paragraphs = _PARAGRAPH_BREAK.split(text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs if p.strip())
