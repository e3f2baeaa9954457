"""The workarounds in ``workbook/compat.py`` still fit the libraries, and nothing else reaches in.

These tests fail loudly when Textual or TinyDB changes: the versions must be
the ones the workarounds were written for (and uv.lock pins), and each
private name a workaround relies on must still be there, in the shape it
expects. When one fails after an upgrade, re-read ``workbook/compat.py``:
keep, adapt or drop each workaround, then update ``WRITTEN_FOR``.

The last tests scan our code (``tests/private_names.py``) so that no module
but compat.py uses the libraries' private names.
"""

from __future__ import annotations

import codecs
import inspect
import tomllib
from pathlib import Path

import pytest
from textual.app import App
from tinydb import TinyDB
from tinydb.storages import MemoryStorage
from tinydb.table import Table

from tests import private_names
from workbook import compat
from workbook.app import WorkbookApp

ROOT = Path(__file__).resolve().parent.parent


def locked_versions() -> dict[str, str]:
    """The versions uv.lock pins, by package name."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {package["name"]: package["version"] for package in lock["package"]}


def test_the_libraries_are_the_versions_the_workarounds_were_written_for() -> None:
    assert compat.version_drift() == {}, "re-check every workaround in workbook/compat.py"
    locked = locked_versions()
    assert {name: locked[name] for name in compat.WRITTEN_FOR} == compat.WRITTEN_FOR


# --- CrashHook ---------------------------------------------------------------


def test_textual_still_reports_unhandled_errors_where_crash_hook_listens() -> None:
    handle = App.__dict__["_handle_exception"]
    assert list(inspect.signature(handle).parameters) == ["self", "error"]
    stock = inspect.getsource(handle)
    # What CrashHook keeps doing in its place: the return code, and the first
    # error kept for test pilots to raise again.
    for line in (
        "self._return_code = 1",
        "if self._exception is None:",
        "self._exception = error",
        "self._exception_event.set()",
    ):
        assert line in stock
    app = App()
    assert app._exception is None and app.return_code is None
    assert callable(app._exception_event.set)
    assert WorkbookApp._handle_exception is compat.CrashHook._handle_exception
    # Textual's handlers all over call it: a renamed hook would bypass ours silently.
    callers = inspect.getsource(inspect.getmodule(App))  # type: ignore[arg-type]
    assert "self._handle_exception(error)" in callers


def test_crash_hook_keeps_textuals_bookkeeping_and_calls_crashed() -> None:
    seen: list[BaseException] = []

    class Hooked(compat.CrashHook, App[None]):
        def crashed(self, error: BaseException) -> None:
            seen.append(error)

    app = Hooked()
    first, second = RuntimeError("first"), RuntimeError("second")
    app._handle_exception(first)
    app._handle_exception(second)
    assert seen == [first, second]
    assert app.return_code == 1
    assert app._exception is first and app._exception_event.is_set()


# --- decode_input_forgivingly ------------------------------------------------


def test_the_linux_driver_still_makes_its_decoder_from_the_name_compat_swaps() -> None:
    linux_driver = pytest.importorskip("textual.drivers.linux_driver")
    source = inspect.getsource(linux_driver.LinuxDriver.run_input_thread)
    assert 'getincrementaldecoder("utf-8")()' in source
    assert "from codecs import getincrementaldecoder" in inspect.getsource(linux_driver)
    assert linux_driver.getincrementaldecoder in (
        codecs.getincrementaldecoder,
        compat._forgiving_decoder,
    )


def test_the_swapped_decoder_replaces_bytes_that_are_not_utf8() -> None:
    linux_driver = pytest.importorskip("textual.drivers.linux_driver")
    compat.decode_input_forgivingly(linux_driver)
    compat.decode_input_forgivingly(linux_driver)  # twice is harmless
    decode = linux_driver.getincrementaldecoder("utf-8")().decode
    assert decode(b"caf\xe9 \xff ok \xc3") == "caf\ufffd \ufffd ok "
    assert decode(b"\xa9", final=True) == "é"  # a character split across reads still joins


# --- InPlaceTable ------------------------------------------------------------


def test_every_change_of_a_tinydb_table_still_goes_through_update_table() -> None:
    update = Table.__dict__["_update_table"]
    assert list(inspect.signature(update).parameters) == ["self", "updater"]
    for name in ("insert", "insert_multiple", "update", "update_multiple", "remove", "truncate"):
        assert "self._update_table(" in inspect.getsource(getattr(Table, name)), name
    assert "updater(table)" in inspect.getsource(update)


def _changes(db: TinyDB) -> dict:
    table = db.table("answers")
    table.insert({"uuid": "a", "value": "one"})
    table.insert_multiple([{"uuid": "b"}, {"uuid": "c"}])
    table.update({"value": "two"}, doc_ids=[1])
    table.update_multiple([({"value": "three"}, lambda doc: doc["uuid"] == "b")])
    table.upsert({"uuid": "d"}, lambda doc: doc.get("uuid") == "d")
    table.remove(doc_ids=[3])
    db.table("gone").insert({"x": 1})
    db.table("gone").truncate()
    table.insert({"uuid": "e"})
    db.table("runs").insert({"id": "r"})
    return db.storage.read()


def test_in_place_tables_store_exactly_what_stock_tinydb_stores() -> None:
    class InPlace(TinyDB):
        table_class = compat.InPlaceTable

    stock = _changes(TinyDB(storage=MemoryStorage))
    ours = _changes(InPlace(storage=MemoryStorage))
    assert ours == stock
    assert list(ours["answers"]) == list(stock["answers"])  # the same order of ids


# --- nothing else reaches in -------------------------------------------------


def test_no_module_but_compat_uses_the_libraries_private_names() -> None:
    found = private_names.reaches()
    assert not found, "\n".join(map(str, found))


OLD_WAYS = '''
import codecs
from textual.app import App
from textual.drivers import linux_driver
from textual.widgets import Footer, OptionList
from textual._xterm_parser import XTermParser
from tinydb.table import Table


class Crashy(App):
    def _handle_exception(self, error):
        self._exception_event.set()
        self._exit_renderables.append("bye")
        self._close_messages_no_wait()


class Feet(Footer):
    def bindings_changed(self, screen):
        self._bindings_ready = True


class Menu(OptionList):
    def _clear_caches(self):
        super()._clear_caches()


class Fast(Table):
    def _update_table(self, updater):
        pass


def reset(store):
    store.table("answers")._next_id = None
    return store.table("answers")._read_table()


linux_driver.getincrementaldecoder = codecs.getincrementaldecoder
'''


def test_the_scan_finds_each_old_way_of_reaching_in(tmp_path: Path) -> None:
    module = tmp_path / "old_ways.py"
    module.write_text(OLD_WAYS, encoding="utf-8")
    found = "\n".join(str(reach) for reach in private_names.reaches([module]))
    for expected in (
        "imports private module textual._xterm_parser",
        "Crashy redefines _handle_exception",
        "Crashy uses self._exception_event",
        "Crashy uses self._exit_renderables",
        "Crashy uses self._close_messages_no_wait",
        "Feet uses self._bindings_ready",
        "Menu redefines _clear_caches",
        "Fast redefines _update_table",
        "reads or writes ._next_id",
        "reads or writes ._read_table",
        "patches linux_driver.getincrementaldecoder",
    ):
        assert expected in found, f"{expected!r} not in:\n{found}"


def test_the_scan_sees_the_reaches_compat_keeps() -> None:
    found = "\n".join(str(reach) for reach in private_names.reaches([private_names.ALLOWED]))
    assert "defines _handle_exception" in found
    assert "._exception_event" in found
    assert "defines _update_table" in found or "redefines _update_table" in found
