"""Where the workbook keeps its data, in one place, with overrides for tests.

``WORKBOOK_DATA_DIR`` moves the whole data folder; ``WORKBOOK_DB`` (or the
``--db`` option) points at one workbook file.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "couple-workbook"
DB_FILENAME = "workbook.json"


def data_dir() -> Path:
    """The folder for the workbook file and the user's own content."""
    override = os.environ.get("WORKBOOK_DATA_DIR")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db_path() -> Path:
    """The workbook file used when no ``--db`` is given."""
    override = os.environ.get("WORKBOOK_DB")
    if override:
        return Path(override).expanduser()
    return data_dir() / DB_FILENAME


def user_content_dir() -> Path:
    """The folder where a couple can add their own exercise YAML files."""
    return data_dir() / "content"
