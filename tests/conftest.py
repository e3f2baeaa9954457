"""Shared fixtures: every test runs with its data in tmp_path and no blinking cursors."""

from __future__ import annotations

from pathlib import Path

import pytest

from workbook.model import Couple, Partner

#: How long a child process or a wait may take before a test calls it hung.
#: Only a guard against hangs, never a measure of speed: it is set far above
#: what any step takes on a busy machine, so load cannot make a test fail.
HANG_SECONDS = 300


@pytest.fixture(autouse=True)
def isolated_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the data folder at tmp_path so no test touches real answers."""
    data = tmp_path / "data"
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    monkeypatch.delenv("WORKBOOK_DB", raising=False)
    return data


@pytest.fixture(autouse=True)
def no_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """Blinking cursors make screenshots differ from run to run."""
    from textual.widgets import Input, TextArea

    monkeypatch.setattr(Input, "_toggle_cursor", lambda self: None)
    monkeypatch.setattr(TextArea, "_toggle_cursor", lambda self: None, raising=False)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """A workbook file path that does not exist yet."""
    return tmp_path / "workbook.json"


COUPLE = Couple(
    Partner("a", "Alex", "dodgerblue"),
    Partner("b", "Sam", "darkorange"),
    agreed_at="2026-11-01T18:00:00+00:00",
)


@pytest.fixture
def lock(request: pytest.FixtureRequest):  # -> tests.locking.Lock
    """Plain unless a test is parametrized with it (``indirect=True``): see tests/locking.py."""
    from tests.locking import Lock

    return Lock(getattr(request, "param", "plain"))


@pytest.fixture
def ready_db(db_path: Path, lock) -> Path:
    """A workbook whose couple has finished setup and the agreement (locked, if ``lock`` is)."""
    store = lock.open_store(db_path)
    store.save_couple(COUPLE)
    store.close()
    return db_path


def make_app(db_path: Path, content_dir: Path | None = None):
    """A WorkbookApp on ``db_path`` with animations off."""
    from workbook.app import WorkbookApp

    app = WorkbookApp(db_path=db_path, content_dir=content_dir)
    app.animation_level = "none"
    return app


def exercise_busy(app) -> bool:
    """True while an exercise screen is still starting, saving, or putting a step on screen.

    Saving a step and showing the next one both run as the screen's Textual
    workers, so one still running means the screen is not ready for keys yet.
    """
    from workbook.screens.exercise import ExerciseScreen

    screen = app.screen
    if not isinstance(screen, ExerciseScreen):
        return False
    running = any(not worker.is_finished for worker in app.workers if worker.node is screen)
    return screen.run is None or screen.saving or running


async def until_quiet(pilot, limit: int = 1500) -> None:
    """Wait until the app has nothing left in motion that would change the screen.

    Quiet means: no step is being saved or put on screen, no draft is waiting
    to be kept, the saver has written everything, and no button still shows
    its brief pressed look. Waits on state, in short steps; ``limit`` steps
    only stop a hang.
    """
    app = pilot.app
    for _ in range(limit):
        await pilot.pause()
        screen = app.screen
        drafts = getattr(screen, "drafts", None)
        busy = (
            exercise_busy(app)
            or (drafts is not None and drafts.waiting)
            or not app.saver.flush(0)
            or bool(screen.query(".-active"))
        )
        if not busy:
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError(f"the app never came to rest on {app.screen!r}")


async def screen_on_top(pilot, kind: type, limit: int = 1500):
    """Wait until a screen of type ``kind`` is on top and mounted, and return it.

    Pushing a screen from a key press takes a few turns of the event loop, more
    on a busy machine; ``limit`` steps only stop a hang.
    """
    for _ in range(limit):
        await pilot.pause()
        screen = pilot.app.screen
        if isinstance(screen, kind) and screen.is_mounted:
            return screen
        await pilot.pause(0.02)
    raise AssertionError(f"{kind.__name__} never came on top; {pilot.app.screen!r} did")


async def read_agreement(pilot, limit: int = 1500) -> None:
    """Scroll the agreement to its end, as a couple reading it would.

    The agree buttons only work once the whole text has been on screen; this
    presses End (the text has focus until someone moves it) and waits until
    they do. ``limit`` steps only stop a hang.
    """
    from workbook.screens.agreement import AgreementScreen

    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen), screen
    await pilot.press("end")
    for _ in range(limit):
        if screen.read_to_end:
            await until_quiet(pilot)
            return
        await pilot.pause(0.02)
    raise AssertionError("the agreement's buttons never woke up after scrolling to its end")


@pytest.fixture
def snap_compare(snap_compare, monkeypatch: pytest.MonkeyPatch):
    """The snapshot plugin's ``snap_compare``, taken only once the app is quiet.

    Under load a draft can be kept, or a pressed button can still look
    pressed, a moment later than on a quiet machine; waiting for rest makes
    the picture the same on any machine. For the same reason the pause's
    clock stands still: its countdown always shows the full time.
    """
    import types

    import workbook.screens.pause

    still = types.SimpleNamespace(monotonic=lambda: 1000.0)
    monkeypatch.setattr(workbook.screens.pause, "time", still)

    def compare(app, *, press=(), run_before=None, **kwargs):
        async def before(pilot) -> None:
            await pilot.pause()
            if run_before is not None:
                await run_before(pilot)
            if press:
                await pilot.press(*press)
            await until_quiet(pilot)

        return snap_compare(app, run_before=before, **kwargs)

    return compare


async def until_palette_offers(
    pilot, text: str, *, highlighted: bool = False, limit: int = 3000
) -> None:
    """Wait until the command palette lists an entry holding ``text`` (highlighted, if asked).

    The palette searches in the background, so its list fills in a moment
    after each key; on a busy machine, later still. Fails if the entry never
    comes; ``limit`` steps only stop a hang.
    """
    from textual.command import CommandList

    for _ in range(limit):
        await pilot.pause(0.02)
        for found in pilot.app.screen.query(CommandList):
            if highlighted:
                option = found.highlighted_option
                prompts = [option.prompt] if option is not None else []
            else:
                prompts = [found.get_option_at_index(i).prompt for i in range(found.option_count)]
            if any(text in str(prompt) for prompt in prompts):
                await pilot.pause()
                return
    raise AssertionError(f"the palette never offered {text!r}")
