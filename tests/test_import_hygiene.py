"""The core never imports Textual, so validate, export and sample-data start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

CORE = ["workbook.model", "workbook.content", "workbook.store", "workbook.storage",
        "workbook.progress", "workbook.sample", "workbook.paths", "workbook.cli",
        "workbook.export", "workbook.importing"]


@pytest.mark.parametrize("module", CORE)
def test_core_module_does_not_import_textual(module: str) -> None:
    code = f"import sys, {module}; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "argv", [["--help"], ["--version"], ["validate"]], ids=lambda a: " ".join(a)
)
def test_fast_commands_do_not_import_textual(argv: list[str]) -> None:
    code = (
        "import sys\n"
        "from workbook.cli import main\n"
        f"try:\n    main({argv!r})\nexcept SystemExit:\n    pass\n"
        "print('TEXTUAL' if 'textual' in sys.modules else 'CLEAN', file=sys.stderr)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stderr.strip().splitlines()[-1] == "CLEAN"


def test_the_app_module_does_import_textual() -> None:
    """The check above can fail: the app itself does load Textual."""
    code = "import sys, workbook.app; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "True"
