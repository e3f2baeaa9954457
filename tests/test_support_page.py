"""The private support page: one key from anywhere, back with one key, and no trace.

"No trace" is checked on the files themselves: the workbook's bytes and
timestamps, and the list of files beside it and in the data folder, are the
same after the page was opened and closed as before, from every kind of screen.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from textual.widgets import TextArea
from workbook.screens.agreement import AgreementScreen
from workbook.screens.dialogs.help import HelpScreen
from workbook.screens.dialogs.support import SupportScreen
from workbook.screens.home import HomeScreen
from workbook.screens.pause import PauseScreen
from workbook.screens.review import ReviewScreen
from workbook.screens.setup import SetupScreen

from tests.conftest import make_app, until_palette_offers, until_quiet
from tests.exercise_helpers import choose, screen_text, settle, write
from workbook.content import load_content, validate

SIZE = (80, 24)


def file_state(*folders: Path) -> dict[str, tuple[int, int, bytes]]:
    """Every file in ``folders`` (recursively): size, modification time and bytes."""
    state = {}
    for folder in folders:
        if not folder.exists():
            continue
        for root, _dirs, names in os.walk(folder):
            for name in names:
                path = Path(root) / name
                info = path.stat()
                state[str(path)] = (info.st_size, info.st_mtime_ns, path.read_bytes())
    return state


async def open_and_close(pilot, how: str = "f2") -> None:
    """Open the page with ``how`` (a key, or a button id), check it, close it with Escape."""
    app = pilot.app
    under = app.screen
    if how.startswith("#"):
        await pilot.click(how)
    else:
        await pilot.press(how)
    await until_quiet(pilot)
    assert isinstance(app.screen, SupportScreen)
    page = app.support_page()  # the app's own: loading content here would write a cache
    assert page is not None
    assert page.title in screen_text(app)
    await pilot.press("escape")
    await until_quiet(pilot)
    assert app.screen is under


async def no_trace(pilot, db: Path, data: Path, how: str = "f2") -> None:
    """Open and close the page; nothing on disk may change."""
    await until_quiet(pilot)
    before = file_state(db.parent, data)
    await open_and_close(pilot, how)
    assert file_state(db.parent, data) == before


@pytest.fixture
def data(isolated_data: Path) -> Path:
    return isolated_data


async def test_from_set_up_and_the_agreement(db_path: Path, data: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, SetupScreen)
        await no_trace(pilot, db_path, data)
        await pilot.press(*"Alex", "enter", *"Sam", "enter")
        await until_quiet(pilot)
        assert isinstance(app.screen, AgreementScreen)
        await no_trace(pilot, db_path, data)
        assert "F2 opens Looking after yourself" in screen_text(app)


async def test_from_home_help_pause_and_review(ready_db: Path, data: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        assert isinstance(app.screen, HomeScreen)
        await no_trace(pilot, ready_db, data)
        await pilot.press("f1")
        await until_quiet(pilot)
        assert isinstance(app.screen, HelpScreen)
        await no_trace(pilot, ready_db, data)
        await no_trace(pilot, ready_db, data, how="#help-support")
        await pilot.press("escape")
        await until_quiet(pilot)
        await pilot.press("ctrl+t")
        await until_quiet(pilot)
        assert isinstance(app.screen, PauseScreen)
        await no_trace(pilot, ready_db, data)
        assert "F2: Looking after yourself" in screen_text(app)
        await pilot.press("escape")
        await until_quiet(pilot)
        await pilot.press("r")
        await until_quiet(pilot)
        assert isinstance(app.screen, ReviewScreen)
        await no_trace(pilot, ready_db, data)
        for key in ("t", "l", "x"):  # trends, the statements library, the export dialog
            await pilot.press(key)
            await until_quiet(pilot)
            assert not isinstance(app.screen, ReviewScreen)
            await no_trace(pilot, ready_db, data)
            await pilot.press("escape")
            await until_quiet(pilot)
            assert isinstance(app.screen, ReviewScreen)
        await pilot.press("escape")
        await until_quiet(pilot)
        await pilot.press("enter")  # the first session, highlighted on home
        await until_quiet(pilot)
        assert not isinstance(app.screen, HomeScreen)
        await no_trace(pilot, ready_db, data)


async def test_from_an_exercise_while_typing_keeps_the_words(ready_db: Path, data: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        app.open_exercise("listening-your-topic")
        await settle(pilot)
        await choose(pilot, "Alex speaks first")
        await choose(pilot, "Our own topic")
        await write(pilot, "Our Sundays")
        area = app.screen.query_one("#answer-text", TextArea)
        area.focus()
        await pilot.press(*"half a thought")
        await no_trace(pilot, ready_db, data)  # F2 works even with the cursor in the box
        assert app.screen.query_one("#answer-text", TextArea).text.endswith("half a thought")
        assert app.screen.focused is area


async def test_the_palette_offers_it(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        await until_quiet(pilot)
        await pilot.press("ctrl+p")
        await until_quiet(pilot)
        await pilot.press(*"Looking after")
        await until_palette_offers(pilot, "Looking after yourself", highlighted=True)
        await pilot.press("enter")
        await until_quiet(pilot)
        assert isinstance(app.screen, SupportScreen)


def test_the_shipped_page_says_what_it_must() -> None:
    page = load_content().support
    assert page is not None
    words = " ".join([page.intro, *page.signs, *page.steps, page.not_your_fault]).lower()
    for needed in ("afraid", "hit", "money", "phone", "checked", "sex", "harming yourself",
                   "affair", "emergency", "not a relationship problem", "escape"):
        assert needed in words, needed
    assert page.services == ()  # no number or address ships that could not be verified


def write_support(folder: Path, services: str) -> Path:
    """A full content folder copied from the shipped one, with its own support.yaml."""
    import shutil

    from workbook.content import shipped_content_dir

    shutil.copytree(shipped_content_dir(), folder, ignore=shutil.ignore_patterns("__*"))
    text = (folder / "support.yaml").read_text().replace("services: []\n", services)
    (folder / "support.yaml").write_text(text)
    return folder / "support.yaml"


def test_validate_checks_each_listed_service(tmp_path: Path) -> None:
    path = write_support(
        tmp_path / "ours",
        "services:\n"
        "  - name: Our town's support line\n"
        "    contact: [call 0000 000 000]\n"
        "  - contact: [a web address]\n"
        "    checked: 2026-11-30\n",
    )
    errors = validate(tmp_path / "ours")
    found = {(e.file, e.message.split(" ")[0]) for e in errors}
    assert any(e.file == str(path) and "checked" in e.message for e in errors), errors
    assert any(e.file == str(path) and "name" in e.message for e in errors), errors
    assert all(e.file == str(path) for e in errors), found


def test_a_checked_service_shows_on_the_page(tmp_path: Path) -> None:
    write_support(
        tmp_path / "ours",
        "services:\n"
        "  - name: \"[bold]Our town's[/] support line\"\n"
        "    contact: [call 0000 000 000]\n"
        "    region: Our town\n"
        "    checked: 2026-11-30\n",
    )
    assert validate(tmp_path / "ours") == []
    from workbook.screens.dialogs.support import service_lines

    from workbook.content_build import read_support_file

    page = read_support_file(tmp_path / "ours" / "support.yaml")
    assert page is not None and len(page.services) == 1
    lines = service_lines(page.services[0])
    assert "[bold]Our town's[/] support line" in lines and "2026-11-30" in lines


def test_support_page_snapshot(snap_compare, ready_db: Path) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZE, press=["f2"])
