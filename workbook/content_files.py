"""Where the content lives: the shipped folder and the names of the files that matter.

A module of its own so that both ``content`` (loading, the cache) and
``content_build`` (reading and checking YAML) can use it without importing
each other.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

#: The package the shipped YAML is installed as (pyproject maps ``content/`` to
#: it). It cannot be ``workbook.content``: in an installed wheel a data folder
#: ``workbook/content/`` would hide this module, and in an editable install this
#: module hides the data package from ``importlib.resources``.
SHIPPED_PACKAGE = "workbook.shipped_content"

#: The files that make a folder a full content root (see :func:`validate`).
ROOT_FILES = ("program.yaml", "agreement.yaml", "feelings.yaml", "needs.yaml")

#: The private support page. Shipped always; a full content folder may bring its own.
SUPPORT_FILE = "support.yaml"


def shipped_content_dir() -> Path:
    """The folder holding the YAML shipped with the workbook."""
    # find_spec rather than importlib.resources, whose import costs start-up time.
    try:
        spec = importlib.util.find_spec(SHIPPED_PACKAGE)
    except ModuleNotFoundError:
        spec = None
    if spec is not None and spec.submodule_search_locations:
        return Path(next(iter(spec.submodule_search_locations)))
    # A source checkout whose install does not map the data package yet.
    return Path(__file__).resolve().parent.parent / "content"
