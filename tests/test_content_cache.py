"""The cache of checked content: fast, private, and never stale."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from workbook.content import load_content


def test_cached_content_equals_fresh_content(isolated_data: Path) -> None:
    fresh = load_content()
    assert (isolated_data / "cache" / "content.json").exists()
    assert load_content() == fresh


def test_folders_and_file_are_private_under_a_loose_umask(isolated_data: Path) -> None:
    old = os.umask(0o000)
    try:
        load_content()
    finally:
        os.umask(old)
    for folder in (isolated_data, isolated_data / "cache"):
        assert oct(folder.stat().st_mode & 0o777) == oct(0o700)
    assert oct((isolated_data / "cache" / "content.json").stat().st_mode & 0o777) == oct(0o600)


def test_editing_a_user_file_is_seen_at_once(isolated_data: Path, tmp_path: Path) -> None:
    pack = tmp_path / "pack"
    pack.mkdir()
    mine = pack / "mine.yaml"
    entry = (
        "exercises:\n  - id: our-drill\n    kind: listening\n    title: {title}\n"
        "    why: Because it helps.\n    minutes: 10\n    topics: [Us]\n"
    )
    mine.write_text(entry.format(title="First title"))
    assert load_content(pack).exercise("our-drill").title == "First title"
    mine.write_text(entry.format(title="Second title"))
    os.utime(mine, ns=(time.time_ns() + 10**9, time.time_ns() + 10**9))
    assert load_content(pack).exercise("our-drill").title == "Second title"
    mine.write_text(entry.format(title="x").replace("minutes: 10", "minutes: ten"))
    os.utime(mine, ns=(time.time_ns() + 2 * 10**9, time.time_ns() + 2 * 10**9))
    try:
        load_content(pack)
    except Exception as error:  # the broken file is checked, not served from the cache
        assert "mine.yaml:6" in str(error)
    else:
        raise AssertionError("a broken file was served from the cache")


def test_a_damaged_cache_is_rebuilt(isolated_data: Path) -> None:
    fresh = load_content()
    (isolated_data / "cache" / "content.json").write_bytes(b"not a pickle")
    assert load_content() == fresh


def test_a_cached_start_does_not_import_yaml(isolated_data: Path) -> None:
    load_content()
    code = "import sys; from workbook.content import load_content; load_content(); " \
           "print('yaml' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**os.environ, "WORKBOOK_DATA_DIR": str(isolated_data)})
    assert out.stdout.strip() == "False"
