"""Snapshot tests: what each screen looks like, at 80x24 and 120x36, and at 60x18.

Snapshot tests are plain ``def`` (the plugin runs the app itself). Review
changes in snapshot_report.html before ``make snapshots``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_app, read_agreement


async def settle(pilot) -> None:
    """Wait until no button shows its brief pressed look."""
    await pilot.pause()
    while pilot.app.screen.query(".-active"):
        await pilot.pause(0.05)


SIZES = [
    pytest.param((80, 24), id="80x24"),
    pytest.param((120, 36), id="120x36"),
    pytest.param((60, 18), id="60x18"),
]


@pytest.mark.parametrize("size", SIZES)
def test_setup(snap_compare, db_path: Path, size) -> None:
    assert snap_compare(make_app(db_path), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_setup_with_problem(snap_compare, db_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()  # the first frame, before typing
        await pilot.press(*"Sam", "enter", *"sam", "enter")
        await pilot.pause()

    assert snap_compare(make_app(db_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_agreement(snap_compare, db_path: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.pause()  # the first frame, before typing
        await pilot.press(*"Alex", "enter", *"Sam", "enter")
        await pilot.pause()
        await read_agreement(pilot)
        await pilot.click("#agree-a")
        await settle(pilot)

    assert snap_compare(make_app(db_path), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_home(snap_compare, ready_db: Path, size) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=size)


@pytest.mark.parametrize("size", SIZES)
def test_home_anytime_tool(snap_compare, ready_db: Path, size) -> None:
    async def run_before(pilot) -> None:
        await pilot.press("end")
        await pilot.press("up")
        await pilot.pause()

    assert snap_compare(make_app(ready_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES)
def test_help(snap_compare, ready_db: Path, size) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=size, press=["f1"])


@pytest.fixture
def fixed_dir(request):
    """A folder whose path is the same on every run (the screen shows it)."""
    import shutil

    folder = Path("/tmp/workbook-snapshots") / request.node.name.replace("[", "-").strip("]")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.parametrize("size", SIZES)
def test_recovery(snap_compare, fixed_dir: Path, size) -> None:
    db = fixed_dir / "workbook.json"
    db.write_bytes(b"")
    assert snap_compare(make_app(db), terminal_size=size)
