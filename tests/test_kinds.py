"""Every kind of exercise has one line in workbook.kinds, and everything else follows it."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
from textual.screen import Screen
from workbook.screens import registry
from workbook.screens.exercise import ExerciseScreen

import workbook.content as content_module
from workbook import content_schema
from workbook.content import KINDS, NoOptions, load_content
from workbook.kinds import EXERCISE_KINDS

MINIMAL = Path(__file__).parent / "content_cases" / "minimal"


def test_every_kind_names_a_screen_that_exists() -> None:
    for name, kind in EXERCISE_KINDS.items():
        screen = getattr(importlib.import_module(kind.screen_module), kind.screen_class)
        assert issubclass(screen, Screen), name
        if name != "pause":  # the time-out is a countdown, not a set of steps
            assert issubclass(screen, ExerciseScreen), name
        assert kind.short and kind.title, name


def test_the_content_checker_and_the_screens_follow_the_one_list() -> None:
    assert tuple(EXERCISE_KINDS) == KINDS
    assert {
        name: (kind.screen_module, kind.screen_class) for name, kind in EXERCISE_KINDS.items()
    } == registry.EXERCISE_SCREENS
    assert set(content_schema.KIND_SCHEMAS) <= set(KINDS)


def test_a_kind_with_no_fields_of_its_own_needs_no_schema(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """A new kind needs no table in content_schema unless its YAML has fields of its own."""
    monkeypatch.setattr(content_module, "shipped_content_dir", lambda: MINIMAL)
    monkeypatch.delitem(content_schema.KIND_SCHEMAS, "check_in")
    (tmp_path / "new.yaml").write_text(
        "exercises:\n"
        "  - id: plain-kind\n"
        "    kind: check_in\n"
        "    title: A kind with nothing of its own\n"
        "    why: To show it loads.\n"
        "    minutes: 5\n",
        encoding="utf-8",
    )
    exercise = load_content(tmp_path).exercise("plain-kind")
    assert exercise.options == NoOptions()
