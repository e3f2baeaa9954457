"""The fast commands never load Textual, so validate, export and sample-data start fast.

The static rule for every core module is in test_layers.py.
"""

from __future__ import annotations

import subprocess
import sys

import pytest


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
