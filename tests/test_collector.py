"""The garbage collector's full walk runs while nobody is typing (``workbook.collector``)."""

from __future__ import annotations

import gc
from pathlib import Path

from workbook.collector import BUSY_LIMIT, IDLE_SECONDS, SCREEN_PACE, IdleCollector

from .conftest import make_app, until_quiet


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def collector(clock: Clock, walks: list[int], ran: list[str]) -> IdleCollector:
    """An IdleCollector on ``clock`` whose young-walk count is ``walks[0]``."""
    return IdleCollector(
        clock=clock, collect=lambda: ran.append("full"), young_walks=lambda: walks[0]
    )


def test_the_full_walk_waits_for_a_still_moment() -> None:
    clock, walks, ran = Clock(), [3], []
    idle = collector(clock, walks, ran)
    idle.touched()
    clock.now += IDLE_SECONDS / 2
    assert idle.tick() is False
    idle.touched()  # typing again: the still moment starts over
    clock.now += IDLE_SECONDS / 2 + 0.1
    assert idle.tick() is False and ran == []
    clock.now += IDLE_SECONDS
    assert idle.tick() is True
    assert ran == ["full"] and idle.full_walks == 1


def test_nothing_new_to_walk_means_no_walk() -> None:
    clock, walks, ran = Clock(), [0], []
    idle = collector(clock, walks, ran)
    clock.now += IDLE_SECONDS * 10
    assert idle.tick() is False and ran == []


def test_not_while_the_collector_is_paused_on_purpose() -> None:
    clock, ran, paused = Clock(), [], [True]
    idle = IdleCollector(
        clock=clock, collect=lambda: ran.append("full"), young_walks=lambda: 5,
        paused=lambda: paused[0],
    )
    clock.now += IDLE_SECONDS * 2
    assert idle.tick() is False and ran == []
    paused[0] = False
    assert idle.tick() is True and ran == ["full"]


def test_a_couple_who_never_stop_still_get_it_now_and_then() -> None:
    clock, walks, ran = Clock(), [BUSY_LIMIT - 1], []
    idle = collector(clock, walks, ran)
    idle.touched()
    assert idle.tick() is False
    walks[0] = BUSY_LIMIT
    idle.touched()
    assert idle.tick() is True and ran == ["full"]


def test_start_takes_the_full_walk_over_and_stop_gives_it_back() -> None:
    before = gc.get_threshold()
    idle = IdleCollector()
    try:
        idle.start()
        assert gc.get_threshold() == SCREEN_PACE
        idle.start()  # twice is once: stop still restores the pace from before
    finally:
        idle.stop()
    assert gc.get_threshold() == before


async def test_the_app_runs_it_and_keys_count_as_busy(ready_db: Path) -> None:
    before = gc.get_threshold()
    app = make_app(ready_db)
    clock, walks, ran = Clock(), [5], []
    app.idle_collector = collector(clock, walks, ran)
    async with app.run_test(size=(80, 24)) as pilot:
        await until_quiet(pilot)
        assert gc.get_threshold() == SCREEN_PACE  # taken over once home was drawn
        clock.now += IDLE_SECONDS / 2
        await pilot.press("down")
        clock.now += IDLE_SECONDS - 0.5  # still for less than IDLE_SECONDS since the key
        assert app.idle_collector.tick() is False
        clock.now += 1.0
        assert app.idle_collector.tick() is True and ran == ["full"]
    assert gc.get_threshold() == before  # given back when the app closed
