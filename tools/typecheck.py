"""Run mypy over workbook/, screens/ and bench/ as the installed package sees them.

pyproject.toml maps the top-level ``screens/`` folder to ``workbook.screens``
and ``content/`` to ``workbook.shipped_content``. Python's import system
follows that mapping through the editable install, but mypy reads folders, so
it would see ``screens`` as a package of its own and could not resolve
``workbook.screens``. This script builds the package's shape from symbolic
links in ``build/typecheck/`` (the files themselves are not copied), runs mypy
there with the settings in pyproject.toml, and prints every path as it is in
the repository.

Usage: python tools/typecheck.py [extra mypy arguments]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TREE = ROOT / "build" / "typecheck"


def mapped_folders() -> dict[str, str]:
    """pyproject's package-dir: dotted package name -> folder in the repository."""
    setuptools = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]
    return dict(setuptools.get("package-dir", {}))


def build_tree() -> dict[str, str]:
    """Lay out the link tree; returns link-tree path prefix -> repository prefix."""
    shutil.rmtree(TREE, ignore_errors=True)
    package = TREE / "workbook"
    package.mkdir(parents=True)
    for entry in (ROOT / "workbook").iterdir():
        if entry.name != "__pycache__":
            os.symlink(entry, package / entry.name)
    renames = {}
    for dotted, folder in mapped_folders().items():
        link = TREE.joinpath(*dotted.split("."))
        os.symlink(ROOT / folder, link)
        renames[link.relative_to(TREE).as_posix() + "/"] = folder.rstrip("/") + "/"
    os.symlink(ROOT / "bench", TREE / "bench")
    return renames


def main(argv: list[str]) -> int:
    """Build the tree, run mypy in it, and show its report with repository paths."""
    renames = build_tree()
    result = subprocess.run(
        [
            sys.executable, "-m", "mypy",
            "--config-file", str(ROOT / "pyproject.toml"),
            "--cache-dir", str(ROOT / ".mypy_cache"),
            *argv,
        ],
        cwd=TREE,
        capture_output=True,
        text=True,
    )
    for line in (result.stdout + result.stderr).splitlines():
        for tree_prefix, repo_prefix in renames.items():
            if line.startswith(tree_prefix):
                line = repo_prefix + line[len(tree_prefix) :]
                break
        print(line)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
