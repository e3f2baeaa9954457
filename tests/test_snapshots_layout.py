"""Snapshots of the layouts that once lost something at 80x24 or 60x18, at both sizes.

The listening speaker's Done button, the "I" statement's preview and coach
while typing, and the footer's help and pause keys must all be in sight.
Plain ``def`` tests: the plugin runs the app; driving happens in ``run_before``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import make_app
from tests.test_snapshots_exercises import drill, pick, statement

SIZES = {"80x24": (80, 24), "60x18": (60, 18), "120x36": (120, 36)}


@pytest.mark.parametrize("size", list(SIZES))
def test_listening_speaker_writes(snap_compare, ready_db: Path, size: str) -> None:
    run_before = drill(pick("Alex speaks first"), pick("Whatever is on your mind"))
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", list(SIZES))
def test_statement_builder_while_typing(snap_compare, ready_db: Path, size: str) -> None:
    run_before = statement(
        ("feeling", "frustrated"), ("situation", "you always leave dishes in the sink"),
    )
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], run_before=run_before)


@pytest.mark.parametrize("size", ["80x24", "60x18"])
def test_pause(snap_compare, ready_db: Path, size: str) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], press=["ctrl+t"])


@pytest.mark.parametrize("size", ["80x24", "60x18"])
def test_support_page(snap_compare, ready_db: Path, size: str) -> None:
    assert snap_compare(make_app(ready_db), terminal_size=SIZES[size], press=["f2"])
