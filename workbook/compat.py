"""The only place the workbook leans on Textual's or TinyDB's private names.

Everywhere else the code keeps to the libraries' public APIs. A workaround
lives here only when no public way exists and giving it up would cost the
couple something real; each one says what it relies on and what happens
without it.

Each workaround was written for one version of its library (``WRITTEN_FOR``,
the versions uv.lock pins). ``tests/test_compat.py`` fails as soon as the
installed version differs or a private name stops looking the way a
workaround expects, so an upgrade starts by re-reading this module. At run
time each workaround checks only that what it needs is still there, and falls
back to the library's own behaviour if not: reading package versions costs
tens of milliseconds, which start-up cannot spare.

This module is part of the core (``tests/test_layers.py``), so it never
imports Textual: the Textual pieces work on the objects they are handed.
"""

from __future__ import annotations

import codecs
from collections.abc import Callable, Iterator, MutableMapping
from types import ModuleType
from typing import Any

from tinydb.table import Table

#: The library versions these workarounds were written for and checked against.
WRITTEN_FOR = {"textual": "8.2.8", "tinydb": "4.9.0"}


def version_drift() -> dict[str, tuple[str, str]]:
    """Each library installed at another version: ``{name: (installed, written for)}``."""
    from importlib import metadata  # slow to import: only the tests ask

    drift = {}
    for name, expected in WRITTEN_FOR.items():
        installed = metadata.version(name)
        if installed != expected:
            drift[name] = (installed, expected)
    return drift


# --- Textual: an error no handler caught ---------------------------------------


class CrashHook:
    """Mixin for a Textual ``App``: an error nothing caught goes to ``crashed(error)``.

    Textual has no public hook for this. Its private ``App._handle_exception``
    prints a traceback with the values of local variables, which can be a
    partner's answer, into the terminal's scrollback. This override keeps
    Textual's bookkeeping (the return code, and the first error kept for test
    pilots to raise again) and hands the error to the app, which closes with
    one plain message through the public ``App.exit``.

    Put it before ``App`` in the bases, and define ``crashed``.
    """

    def crashed(self, error: BaseException) -> None:
        """Close the app plainly after ``error`` (the app defines this)."""
        raise NotImplementedError

    def _handle_exception(self, error: Exception) -> None:
        app: Any = self  # a Textual App: its private names are not in any type
        app._return_code = 1
        if getattr(app, "_exception", False) is None and hasattr(app, "_exception_event"):
            app._exception = error
            app._exception_event.set()
        self.crashed(error)


# --- Textual: keyboard input that is not UTF-8 -----------------------------------


def _forgiving_decoder(encoding: str) -> Callable[..., codecs.IncrementalDecoder]:
    decoder = codecs.getincrementaldecoder(encoding)
    return lambda errors="replace": decoder(errors)


def decode_input_forgivingly(linux_driver: ModuleType) -> None:
    """Have Textual's Linux driver read bytes that are not UTF-8 as U+FFFD.

    The driver's input thread decodes strictly, and one such byte (a paste
    from a Latin-1 terminal, say) kills the thread and with it the app, and
    with it whatever was being typed. The decoder factory the driver imported
    from ``codecs`` is swapped, in the driver's module only, for one that
    replaces bad bytes. There is no public way: the decoder is made inside
    ``LinuxDriver.run_input_thread``. Pass ``textual.drivers.linux_driver``.
    """
    current = getattr(linux_driver, "getincrementaldecoder", None)
    if current is codecs.getincrementaldecoder:  # as written for, and not yet swapped
        linux_driver.getincrementaldecoder = _forgiving_decoder  # type: ignore[attr-defined]


# --- TinyDB: changing a table without two copies of it ---------------------------


class IntKeys(MutableMapping):
    """A stored table (``{"7": doc}``) seen with int document ids, without a copy."""

    __slots__ = ("raw",)

    def __init__(self, raw: dict) -> None:
        self.raw = raw

    def __getitem__(self, doc_id: int) -> Any:
        return self.raw[str(doc_id)]

    def __setitem__(self, doc_id: int, doc: Any) -> None:
        self.raw[str(doc_id)] = doc

    def __delitem__(self, doc_id: int) -> None:
        del self.raw[str(doc_id)]

    def __contains__(self, doc_id: object) -> bool:
        return str(doc_id) in self.raw

    def __iter__(self) -> Iterator[int]:
        return map(int, self.raw)

    def __len__(self) -> int:
        return len(self.raw)

    def clear(self) -> None:
        """Empty the stored table."""
        self.raw.clear()


class InPlaceTable(Table):
    """A TinyDB table whose changes skip TinyDB's two re-keyed copies of the table.

    Every insert, update and removal goes through the private
    ``Table._update_table``, which copies the whole table into a dict keyed by
    int ids, applies the change, and copies it back to str ids before
    writing: a large part of saving one answer in a big workbook, enough to
    put saving past its budget. Here the change is made through ``IntKeys``
    on the stored dict itself; the stored result is the same dict TinyDB
    would have built, so the file is exactly what stock TinyDB writes.
    """

    def _update_table(self, updater: Callable[[dict[int, Any]], None]) -> None:
        tables = self.storage.read()
        if tables is None:
            tables = {}
        updater(IntKeys(tables.setdefault(self.name, {})))  # type: ignore[arg-type]
        self.storage.write(tables)
        self.clear_cache()
