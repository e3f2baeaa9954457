"""The agreement: every point must have been on screen before anyone can agree to it.

At 80x24 only half of the points show at first; the agree buttons stay off,
with a line saying there is more below, until the text has been scrolled to
its end (by keys or the mouse wheel). Where it all fits they work at once.
Snapshots at 80x24 (start and end) and at 60x18 (start) are at the bottom.
"""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.widgets import Button, Static
from workbook.screens.agreement import AgreementScreen, AgreementText
from workbook.screens.dialogs.confirm import ConfirmDialog
from workbook.screens.dialogs.help import HelpScreen, support_hint
from workbook.screens.home import HomeScreen
from workbook.screens.setup import SetupScreen

from tests.conftest import COUPLE, make_app, read_agreement, screen_on_top, until_quiet
from workbook.model import Couple
from workbook.store import WorkbookStore

SMALL = (80, 24)
BIG = (120, 60)  # the whole agreement fits


def not_agreed(db: Path) -> Path:
    """A workbook whose couple has finished set-up but not the agreement."""
    store = WorkbookStore.open(db)
    store.save_couple(Couple(COUPLE.a, COUPLE.b))
    store.close()
    return db


def stored_couple(app) -> Couple:
    couple = app.store.couple()
    assert couple is not None
    return couple


async def at_agreement(pilot) -> AgreementScreen:
    """Type two names at set-up and go on to the agreement."""
    await until_quiet(pilot)
    await pilot.press(*"Alex", "enter", *"Sam", "enter")
    await until_quiet(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, AgreementScreen), screen
    return screen


def gated(screen: AgreementScreen) -> bool:
    """True when the agree buttons are off and the "more below" line shows (and only then)."""
    buttons = [screen.query_one(f"#agree-{key}", Button) for key in ("a", "b")]
    more = screen.query_one("#agreement-more", Static)
    off = [button.disabled for button in buttons]
    assert off in ([True, True], [False, False]), off
    assert more.display is off[0], "the 'more below' line shows exactly while the buttons are off"
    assert screen.read_to_end is not off[0]
    return off[0]


async def until(pilot, condition, what: str, limit: int = 1500) -> None:
    """Wait, in short steps, until ``condition()`` holds."""
    for _ in range(limit):
        if condition():
            await until_quiet(pilot)
            return
        await pilot.pause(0.02)
    raise AssertionError(f"never came: {what}")


async def wheel_down(pilot, widget) -> None:
    """One turn of the mouse wheel over ``widget``, sent the way the terminal sends it."""
    region = widget.region
    x, y = region.x + region.width // 2, region.y + region.height // 2
    pilot.app.post_message(
        events.MouseScrollDown(None, x, y, 0, 1, 0, False, False, False, screen_x=x, screen_y=y)
    )
    await until_quiet(pilot)


async def test_the_buttons_wait_until_the_end_has_been_read(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await at_agreement(pilot)
        text = screen.query_one("#agreement", AgreementText)
        assert text.max_scroll_y > 0
        assert gated(screen)
        assert "More below" in str(screen.query_one("#agreement-more", Static).render())
        assert app.focused is text  # so ↓ and PageDown scroll it at once

        # Pressing an agree button does nothing yet, by mouse or keyboard.
        await pilot.click("#agree-a")
        await until_quiet(pilot)
        screen.query_one("#agree-b", Button).press()
        await until_quiet(pilot)
        assert screen.confirmed == set()
        assert app.screen is screen and stored_couple(app).agreed_at is None
        await pilot.press("tab")  # the off buttons are skipped
        assert app.focused is screen.query_one("#back", Button)
        await pilot.press("shift+tab")
        assert app.focused is text

        # One page down is not the end yet; the second is.
        await pilot.press("pagedown")
        await until_quiet(pilot)
        assert 0 < text.scroll_y < text.max_scroll_y
        assert gated(screen)
        await pilot.press("pagedown")
        await until(pilot, lambda: screen.read_to_end, "the buttons woke up")
        assert text.scroll_offset.y == text.max_scroll_y
        assert not gated(screen)

        # Going back up keeps them on.
        await pilot.press("home")
        await until_quiet(pilot)
        assert text.scroll_y == 0
        assert not gated(screen)

        await pilot.press("tab")
        assert app.focused is screen.query_one("#agree-a", Button)
        await pilot.press("enter")
        await until_quiet(pilot)
        assert screen.confirmed == {"a"}
        await pilot.press("enter")  # focus moved on to Sam's button
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert stored_couple(app).agreed_at


async def test_the_mouse_wheel_reads_to_the_end(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SMALL) as pilot:
        screen = await at_agreement(pilot)
        text = screen.query_one("#agreement", AgreementText)
        await wheel_down(pilot, text)
        assert text.scroll_y > 0, "the wheel scrolls the text"
        turns = 1
        while gated(screen):
            assert turns < 100, "the wheel never reached the end"
            await wheel_down(pilot, text)
            turns += 1
        assert turns > 1
        await pilot.click("#agree-a")
        await until_quiet(pilot)
        await pilot.click("#agree-b")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")
        assert stored_couple(app).agreed_at


async def test_on_at_once_where_everything_fits(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=BIG) as pilot:
        screen = await at_agreement(pilot)
        assert screen.query_one("#agreement", AgreementText).max_scroll_y == 0
        assert not gated(screen)
        await pilot.click("#agree-a")
        await until_quiet(pilot)
        await pilot.click("#agree-b")
        await until(pilot, lambda: isinstance(app.screen, HomeScreen), "home")


async def test_a_smaller_window_keeps_what_was_already_read(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=BIG) as pilot:
        screen = await at_agreement(pilot)
        assert not gated(screen)  # all of it was on screen
        await pilot.resize_terminal(*SMALL)
        await until(pilot, lambda: screen.query_one(AgreementText).max_scroll_y > 0, "smaller")
        assert not gated(screen)


async def test_a_resize_before_the_end_is_looked_at_again(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await at_agreement(pilot)
        text = screen.query_one(AgreementText)
        assert text.max_scroll_y > 0  # the last lines are below
        assert gated(screen)
        await pilot.resize_terminal(*SMALL)
        await until(pilot, lambda: text.size.height < 20, "the smaller window laid out")
        assert gated(screen)
        await pilot.resize_terminal(*BIG)  # now it all fits: all of it is on screen
        await until(pilot, lambda: screen.read_to_end, "the buttons woke up")
        assert not gated(screen)
        await pilot.resize_terminal(*SMALL)
        await until(pilot, lambda: text.max_scroll_y > 0, "smaller again")
        assert not gated(screen)


async def test_reopened_unagreed_workbook_starts_gated(db_path: Path) -> None:
    """Quitting before agreeing opens on the agreement again, and it waits again."""
    app = make_app(not_agreed(db_path))
    async with app.run_test(size=SMALL) as pilot:
        await until_quiet(pilot)
        screen = app.screen
        assert isinstance(screen, AgreementScreen)
        assert gated(screen)
        await read_agreement(pilot)
        assert not gated(screen)


async def test_reading_again_from_home_has_nothing_to_wait_for(ready_db: Path) -> None:
    app = make_app(ready_db)
    async with app.run_test(size=SMALL) as pilot:
        await until_quiet(pilot)
        home = app.screen
        assert isinstance(home, HomeScreen)
        assert app.content is not None
        await app.push_screen(
            AgreementScreen(app.store, app.content.agreement, COUPLE, review_only=True)
        )
        await until_quiet(pilot)
        screen = app.screen
        assert isinstance(screen, AgreementScreen) and screen.read_to_end
        assert not screen.query("#agreement-more") and not screen.query("#agree-a")
        assert app.focused is screen.query_one(AgreementText)
        await pilot.click("#back")
        await until(pilot, lambda: app.screen is home, "home again")


async def test_help_tells_about_the_end_and_the_private_page(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=SMALL) as pilot:
        await at_agreement(pilot)
        await pilot.press("f1")
        await until(pilot, lambda: isinstance(app.screen, HelpScreen), "help")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert "once you have scrolled to its end" in " ".join(help_screen.text.split())
        assert support_hint(app) in help_screen.text


# -- snapshots ---------------------------------------------------------------------------


async def test_tab_after_one_agrees_never_reaches_a_button_that_undoes_it(
    db_path: Path,
) -> None:
    app = make_app(db_path)
    async with app.run_test(size=BIG) as pilot:
        screen = await at_agreement(pilot)
        assert not gated(screen)
        screen.query_one("#agree-b", Button).focus()
        await pilot.press("enter")  # "Sam: I agree"
        await until_quiet(pilot)
        assert screen.confirmed == {"b"}
        assert app.focused is screen.query_one("#agree-a", Button)
        await pilot.press("tab", "enter")
        await until_quiet(pilot)
        assert app.screen is screen and screen.confirmed == {"b"}, "Sam's agreement kept"
        assert app.focused is not screen.query_one("#back", Button)

        # Changing the names is still there, on purpose: it asks first, and no keeps all.
        await pilot.click("#back")
        dialog = await screen_on_top(pilot, ConfirmDialog)
        assert "Sam has already agreed" in str(dialog.query_one("#confirm-question").render())
        await pilot.press("escape")
        await until_quiet(pilot)
        assert app.screen is screen and screen.confirmed == {"b"}
        await pilot.click("#back")
        await screen_on_top(pilot, ConfirmDialog)
        await pilot.click("#yes")
        assert await screen_on_top(pilot, SetupScreen)


async def type_names(pilot) -> None:
    await pilot.press(*"Alex", "enter", *"Sam", "enter")
    await until_quiet(pilot)


async def type_names_and_read(pilot) -> None:
    await type_names(pilot)
    await read_agreement(pilot)


def test_snapshot_start_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(make_app(db_path), terminal_size=SMALL, run_before=type_names)


def test_snapshot_read_to_the_end_80x24(snap_compare, db_path: Path) -> None:
    assert snap_compare(make_app(db_path), terminal_size=SMALL, run_before=type_names_and_read)


def test_snapshot_start_60x18(snap_compare, db_path: Path) -> None:
    assert snap_compare(make_app(db_path), terminal_size=(60, 18), run_before=type_names)
