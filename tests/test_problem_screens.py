"""Start-up problems end on a readable screen: bad content, a busy, damaged or read-only file."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from textual.widgets import Static
from workbook.screens.home import HomeScreen
from workbook.screens.problems import ContentErrorsScreen, ProblemScreen, RecoveryScreen

from tests.conftest import make_app

SIZE = (80, 24)


def screen_text(app) -> str:
    return "\n".join(str(w.render()) for w in app.screen.query(Static))


async def test_broken_user_content_shows_errors_not_a_traceback(
    ready_db: Path, tmp_path: Path
) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "mine.yaml").write_text("exercises:\n  - id: Bad Id\n    kind: nope\n")
    app = make_app(ready_db, content_dir=pack)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, ContentErrorsScreen)
        text = screen_text(app)
        assert "mine.yaml:2" in text
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1


async def test_second_instance_is_refused(ready_db: Path) -> None:
    before = ready_db.read_bytes()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            textwrap.dedent(
                f"""
                import sys, time
                from workbook.store import WorkbookStore
                s = WorkbookStore.open({str(ready_db)!r})
                print("open", flush=True)
                sys.stdin.read()
                """
            ),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        app = make_app(ready_db)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, ProblemScreen)
            assert "already open" in screen_text(app)
            await pilot.press("enter")
            await pilot.pause()
        assert app.return_code == 1
    finally:
        holder.communicate("")
    assert ready_db.read_bytes() == before


async def test_damaged_file_offers_backup_and_restores(ready_db: Path) -> None:
    # Two saves so that a .bak exists, then damage the file.
    from workbook.store import WorkbookStore

    store = WorkbookStore.open(ready_db)
    store.set_setting("theme", "nord")
    store.close()
    assert ready_db.with_name(ready_db.name + ".bak").exists()
    ready_db.write_bytes(ready_db.read_bytes()[:20])
    damaged = ready_db.read_bytes()

    app = make_app(ready_db)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, RecoveryScreen)
        assert "backup" in screen_text(app)
        assert ready_db.read_bytes() == damaged  # nothing touched just by looking
        await pilot.click("#restore")
        await pilot.pause()
        await pilot.click("#yes")
        await pilot.pause()
        await pilot.pause()
        assert isinstance(app.screen, HomeScreen)
    kept = [p for p in ready_db.parent.iterdir() if ".corrupt-" in p.name]
    assert len(kept) == 1 and kept[0].read_bytes() == damaged
    assert oct(kept[0].stat().st_mode & 0o777) == oct(0o600)


async def test_damaged_file_without_backup_is_left_alone(db_path: Path) -> None:
    db_path.write_bytes(b"\x00" * 64)
    app = make_app(db_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, RecoveryScreen)
        assert "no usable backup" in screen_text(app)
        await pilot.press("q")
        await pilot.pause()
    assert db_path.read_bytes() == b"\x00" * 64


async def test_read_only_file_opens_with_a_banner(ready_db: Path) -> None:
    before = ready_db.read_bytes()
    os.chmod(ready_db, 0o400)
    try:
        app = make_app(ready_db)
        async with app.run_test(size=SIZE) as pilot:
            assert isinstance(app.screen, HomeScreen)
            banner = app.screen.query_one("#read-only-banner", Static)
            assert "read-only" in str(banner.render())
            app.theme = "nord"  # a change the app would normally save
            await pilot.pause()
            await app.workers.wait_for_complete()
    finally:
        os.chmod(ready_db, 0o600)
    assert ready_db.read_bytes() == before
