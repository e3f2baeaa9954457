"""The ``workbook`` command: help, version, validate, sample-data, python -m."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from workbook import __version__
from workbook.cli import main


def run(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "workbook", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **env},
        timeout=120,
    )


def test_help_names_the_data_locations(isolated_data: Path) -> None:
    out = run("--help")
    assert out.returncode == 0
    assert str(isolated_data) in out.stdout
    assert "--db" in out.stdout and "WORKBOOK_DB" in out.stdout


def test_version() -> None:
    out = run("--version")
    assert out.stdout.strip() == f"workbook {__version__}"


def test_validate_shipped_content_passes(capsys) -> None:
    assert main(["validate"]) == 0
    assert "valid" in capsys.readouterr().out


def test_validate_reports_file_and_line(tmp_path: Path, capsys) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    (pack / "extra.yaml").write_text(
        "exercises:\n  - id: my-drill\n    kind: listening\n    title: Mine\n"
        "    why: Because.\n    minutes: ten\n    topics: [Us]\n"
    )
    assert main(["validate", str(pack)]) == 1
    out = capsys.readouterr().out
    assert f"{pack / 'extra.yaml'}:6:" in out


def test_validate_missing_folder(tmp_path: Path, capsys) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "not a folder" in capsys.readouterr().err


def test_sample_data_writes_and_refuses_existing(tmp_path: Path) -> None:
    target = tmp_path / "sample.json"
    out = run("sample-data", "--db", str(target), "--answers", "300", "--seed", "7")
    assert out.returncode == 0, out.stderr
    tables = json.loads(target.read_bytes())
    assert len(tables["answers"]) == 300
    before = target.read_bytes()
    again = run("sample-data", "--db", str(target), "--answers", "10")
    assert again.returncode == 1
    assert "already exists" in again.stderr
    assert "Traceback" not in again.stderr
    assert target.read_bytes() == before


def test_sample_data_is_reproducible(tmp_path: Path) -> None:
    from workbook.sample import write_sample_data

    first, second = tmp_path / "one.json", tmp_path / "two.json"
    write_sample_data(first, answers=200, seed=3)
    write_sample_data(second, answers=200, seed=3)
    assert json.loads(first.read_bytes())["answers"] == json.loads(second.read_bytes())["answers"]
