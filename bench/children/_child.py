"""Shared by the child scripts: report marks on stdout, then leave at once."""

from __future__ import annotations

import os
import sys

try:
    import resource
except ImportError:  # Windows: no peak RSS from getrusage
    resource = None  # type: ignore[assignment]


def max_rss_bytes() -> int:
    """The peak resident set size of this process image so far, in bytes (0 if unknown).

    On Linux this is ``VmHWM`` from ``/proc/self/status``, not ``ru_maxrss``:
    the kernel carries ``ru_maxrss`` over from the parent's memory across
    fork/vfork + exec, so a child of a big parent would report the parent's
    peak. ``VmHWM`` belongs to the new program's own address space.
    """
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmHWM:"):
                    return int(line.split()[1]) * 1024  # kB
    except OSError:
        pass
    return ru_maxrss_bytes()


def ru_maxrss_bytes() -> int:
    """``getrusage(RUSAGE_SELF).ru_maxrss`` in bytes (0 where there is none)."""
    if resource is None:
        return 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024  # Linux reports KiB


def home_is_complete(screen: object) -> bool:
    """True once home shows the couple's names and the progress line, laid out.

    Where the start-up samples end (figures 1 and 8). The imports are here, not
    at the top, so a child that only reports pays nothing for them.
    """
    from textual.css.query import NoMatches
    from textual.widgets import Static
    from workbook.screens.home import HomeScreen

    if not isinstance(screen, HomeScreen) or " & " not in (screen.sub_title or ""):
        return False
    try:
        status = screen.query_one("#home-status", Static)
    except NoMatches:
        return False
    return "sessions done" in str(status.content) and status.region.width > 0


def report(**marks: float) -> None:
    """Print ``BENCH key=value ...`` and exit without any clean-up."""
    line = "BENCH " + " ".join(f"{key}={value!r}" for key, value in marks.items()) + "\n"
    os.write(1, line.encode())
    os._exit(0)


def fail(message: str) -> None:
    """Say what went wrong on stderr and exit with status 3."""
    os.write(2, f"bench child failed: {message}\n".encode())
    os._exit(3)
