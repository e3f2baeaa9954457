"""No code runs from data: the content cache in the data folder is JSON, never a pickle.

Anyone who can write in the data folder (a shared or synced folder, a restored
backup) can put a file where the cache goes. Loading a pickle from there
would run whatever code it names. The cache is JSON, made back into content
only through the content classes, and it is not even read unless it and its
folder are the user's alone.

These tests stay on a plain workbook: the cache is built from the content
folder and holds no answers, so a lock on the workbook changes nothing here.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

import orjson
import pytest

from workbook import content as content_module
from workbook.content import Content, load_content, shipped_content_dir

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="only root can give a file away"
)
NOBODY = 65534


class Planted:
    """Unpickled, it calls ``open(marker, "w")``: code from the data folder would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (open, (str(self.marker), "w"))


def cache_file() -> Path:
    return content_module._cache_file()


def planted_cache() -> Content:
    """Keep, under the right key, content whose agreement title is "Planted"; return the real one.

    Written by the module's own cache writer, so the test does not depend on
    the cache's format, only on whether a planted cache is used.
    """
    fresh = load_content()
    key = content_module._fingerprint(shipped_content_dir(), None)
    planted = replace(fresh, agreement=replace(fresh.agreement, title="Planted"))
    content_module._write_cache(key, planted)
    assert load_content().agreement.title == "Planted"  # a cache that is ours alone is used
    return fresh


def test_a_pickle_in_the_cache_folder_never_runs(isolated_data: Path, tmp_path: Path) -> None:
    marker = tmp_path / "code-ran"
    folder = isolated_data / "cache"
    folder.mkdir(parents=True)
    os.chmod(isolated_data, 0o700)
    os.chmod(folder, 0o700)
    bomb = pickle.dumps(Planted(marker))
    for name in {cache_file().name, "content.pickle"}:  # today's name, and the old pickle's
        (folder / name).write_bytes(bomb)
        os.chmod(folder / name, 0o600)
    content = load_content()
    assert not marker.exists()
    assert content.agreement.title == load_content().agreement.title
    assert not (folder / "content.pickle").exists()  # the old one is removed, never read


def test_the_cache_is_json_and_round_trips_to_equal_content() -> None:
    fresh = load_content()
    stored = orjson.loads(cache_file().read_bytes())
    assert stored["key"] == content_module._fingerprint(shipped_content_dir(), None)
    cached = load_content()
    assert cached == fresh and cached is not fresh
    assert isinstance(cached.exercises, MappingProxyType)
    for exercise_id, exercise in fresh.exercises.items():
        again = cached.exercise(exercise_id)
        assert type(again.options) is type(exercise.options)
        assert again == exercise
    assert cached.sessions == fresh.sessions and type(cached.sessions) is tuple


def test_loading_content_never_imports_pickle(isolated_data: Path) -> None:
    load_content()  # the cache exists: the next start reads it
    code = (
        "import sys; from workbook.content import load_content; load_content(); "
        "print('pickle' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True,
        env={**os.environ, "WORKBOOK_DATA_DIR": str(isolated_data)},
    )
    assert out.stdout.strip() == "False"


def test_a_class_outside_the_content_classes_is_not_made(isolated_data: Path) -> None:
    fresh = load_content()
    stored = orjson.loads(cache_file().read_bytes())
    stored["content"]["agreement"]["$"] = "WorkbookStore"
    stored["content"]["agreement"]["title"] = "Planted"
    cache_file().write_bytes(orjson.dumps(stored))
    assert load_content().agreement.title == fresh.agreement.title


@ROOT_ONLY
def test_a_cache_owned_by_another_account_is_ignored(isolated_data: Path) -> None:
    fresh = planted_cache()
    os.chown(cache_file(), NOBODY, NOBODY)
    assert load_content().agreement.title == fresh.agreement.title


@ROOT_ONLY
def test_a_cache_folder_owned_by_another_account_is_ignored(isolated_data: Path) -> None:
    fresh = planted_cache()
    os.chown(cache_file().parent, NOBODY, NOBODY)
    assert load_content().agreement.title == fresh.agreement.title


@pytest.mark.parametrize("mode", [0o620, 0o602, 0o666])
def test_a_cache_others_may_change_is_ignored(isolated_data: Path, mode: int) -> None:
    fresh = planted_cache()
    os.chmod(cache_file(), mode)
    assert load_content().agreement.title == fresh.agreement.title
    assert oct(cache_file().stat().st_mode & 0o777) == oct(0o600)  # written afresh, privately


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777])
def test_a_cache_in_a_folder_others_may_change_is_ignored(isolated_data: Path, mode: int) -> None:
    fresh = planted_cache()
    os.chmod(cache_file().parent, mode)
    assert load_content().agreement.title == fresh.agreement.title
    assert oct(cache_file().parent.stat().st_mode & 0o777) == oct(0o700)  # private again


def test_a_cache_reached_through_a_link_is_ignored(isolated_data: Path, tmp_path: Path) -> None:
    fresh = planted_cache()
    elsewhere = tmp_path / "elsewhere"
    os.replace(cache_file(), elsewhere)
    os.symlink(elsewhere, cache_file())
    assert load_content().agreement.title == fresh.agreement.title


@pytest.mark.timeout(120)
def test_a_named_pipe_in_place_of_the_cache_does_not_hang_the_start(isolated_data: Path) -> None:
    fresh = load_content()
    cache_file().unlink()
    os.mkfifo(cache_file(), 0o600)
    assert load_content() == fresh
