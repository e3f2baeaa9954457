"""``workbook COMMAND --help``: paragraphs apart, lines within 80 columns, nothing bare."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import HANG_SECONDS
from workbook.cli import main

COMMANDS = [
    "", "export", "import", "validate", "sample-data",
    "passphrase", "passphrase set", "passphrase change", "passphrase remove",
]  # fmt: skip


@pytest.fixture
def short_dir():
    """A data folder with a short path (pytest's own folders can be longer than a line)."""
    folder = tempfile.mkdtemp(prefix="wb")
    yield Path(folder)
    shutil.rmtree(folder, ignore_errors=True)


def help_text(command: str, capsys, monkeypatch: pytest.MonkeyPatch, columns: int = 80) -> str:
    """What ``workbook COMMAND --help`` prints on a terminal ``columns`` wide."""
    monkeypatch.setenv("COLUMNS", str(columns))
    with pytest.raises(SystemExit) as stopped:
        main([*command.split(), "--help"])
    assert stopped.value.code == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", COMMANDS)
def test_every_help_fits_80_columns(command: str, capsys, monkeypatch, short_dir: Path) -> None:
    # Short data paths, so only the help's own words decide how wide it is.
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(short_dir))
    out = help_text(command, capsys, monkeypatch)
    too_wide = [line for line in out.splitlines() if len(line) > 80]
    assert too_wide == []


@pytest.mark.parametrize("command", COMMANDS)
def test_every_option_says_what_it_is_for(command: str, capsys, monkeypatch) -> None:
    """No option or argument is listed bare, with nothing beside or under it."""
    lines = help_text(command, capsys, monkeypatch).splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("options:"))
    rows = [line for line in lines[start + 1:] if line.startswith("  ")]
    for here, below in zip(rows, [*rows[1:], ""], strict=True):
        if here.startswith("  -"):
            described = len(here.split("  ")) > 2 or below.startswith(" " * 8)
            assert described, here


def test_export_keeps_its_paragraphs_apart(capsys, monkeypatch) -> None:
    out = help_text("export", capsys, monkeypatch)
    paragraphs = [p.replace("\n", " ") for p in out.split("\n\n")]
    assert "Write your answers out." in paragraphs
    starts = [p.split(" ")[0] for p in paragraphs]
    for first_word in ("Markdown", "JSON", "Files", "--partner", "Examples:", "Your"):
        assert first_word in starts, first_word
    assert '  workbook export --session 3 --partner "Mary Ann"' in out.splitlines()


def test_the_data_locations_are_their_own_paragraphs(
    capsys, monkeypatch, isolated_data: Path
) -> None:
    out = help_text("", capsys, monkeypatch)
    paragraphs = [" ".join(p.split()) for p in out.split("\n\n")]
    assert any(p.startswith("Your workbook file is ") and p.endswith("variable.")
               for p in paragraphs)
    assert any(p.startswith("Your own exercises go in ") for p in paragraphs)


def test_a_long_path_is_never_broken(capsys, monkeypatch, tmp_path: Path) -> None:
    data = tmp_path / ("a-folder-with-a-long-hyphenated-name-" * 2)
    monkeypatch.setenv("WORKBOOK_DATA_DIR", str(data))
    out = help_text("import", capsys, monkeypatch, columns=60)
    path = str(data / "workbook.json")
    assert any(path in line for line in out.splitlines()), out


def test_help_through_the_command(short_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "workbook", "export", "--help"], capture_output=True, text=True,
        env={**os.environ, "COLUMNS": "80", "WORKBOOK_DATA_DIR": str(short_dir)},
        timeout=HANG_SECONDS,
    )
    assert done.returncode == 0
    assert "\n\nJSON (--format json)" in done.stdout
    assert max(len(line) for line in done.stdout.splitlines()) <= 80
