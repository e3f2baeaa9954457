"""Optional tracks: every shipped exercise has a place, and a track is checked like a session."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from workbook import content as content_module
from workbook.content import load_content, validate

MINIMAL = Path(__file__).parent / "content_cases" / "minimal"


def places(content) -> dict[str, list[str]]:
    """Where each exercise can be found outside the full list: sessions, Any time, tracks."""
    found: dict[str, list[str]] = {key: [] for key in content.exercises}
    for session in content.sessions:
        for exercise_id in session.exercises:
            found[exercise_id].append(f"session {session.number}")
    for exercise_id in content.anytime:
        found[exercise_id].append("any time")
    for track in content.tracks:
        for exercise_id in track.exercises:
            found[exercise_id].append(f"track {track.id}")
    return found


def test_every_shipped_exercise_has_a_place() -> None:
    homeless = [key for key, where in places(load_content()).items() if not where]
    assert homeless == []


def test_no_exercise_is_in_two_tracks() -> None:
    content = load_content()
    in_tracks = [key for track in content.tracks for key in track.exercises]
    assert len(in_tracks) == len(set(in_tracks))
    assert all(track.intro.strip() and track.title.strip() for track in content.tracks)


#: Two exercises the minimal test folder defines.
MINIMAL_IDS = ["hello-check-in", "light-listening"]


def copy_minimal(tmp_path: Path, tracks: str, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The minimal test folder, with ``tracks`` added to its program, standing in for ours."""
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    program = root / "program.yaml"
    program.write_text(program.read_text(encoding="utf-8") + tracks, encoding="utf-8")
    monkeypatch.setattr(content_module, "shipped_content_dir", lambda: root)
    return root


def test_a_track_is_read_in_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = MINIMAL_IDS
    copy_minimal(
        tmp_path,
        f"tracks:\n  - id: more\n    title: More\n    intro: Later ones are harder.\n"
        f"    exercises: [{ids[1]}, {ids[0]}]\n",
        monkeypatch,
    )
    (track,) = load_content().tracks
    assert (track.id, track.title, track.exercises) == ("more", "More", (ids[1], ids[0]))


def test_a_track_naming_an_unknown_exercise_is_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = copy_minimal(
        tmp_path,
        "tracks:\n  - id: more\n    title: More\n    intro: x\n    exercises: [no-such-thing]\n",
        monkeypatch,
    )
    problems = [error.message for error in validate(root)]
    assert any("track 'more'" in m and "no-such-thing" in m for m in problems), problems


def test_two_tracks_with_one_id_are_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = MINIMAL_IDS[0]
    track = f"  - id: more\n    title: More\n    intro: x\n    exercises: [{first}]\n"
    root = copy_minimal(tmp_path, "tracks:\n" + track + track, monkeypatch)
    problems = [error.message for error in validate(root)]
    assert any("duplicate track id 'more'" in m for m in problems), problems


def test_the_three_appreciation_exercises_each_have_their_own_place() -> None:
    # Fondness in Session 1, a two-minute thank-you any time, and small deposits made on
    # purpose in the everyday track, once noticing bids has come just before.
    where = places(load_content())
    assert where["appreciation-exchange"] == ["session 1"]
    assert where["quick-appreciation"] == ["any time"]
    assert where["bank-account-deposits"] == ["track everyday-closeness"]
    everyday = next(t for t in load_content().tracks if t.id == "everyday-closeness")
    order = list(everyday.exercises)
    assert order.index("bank-account-deposits") == order.index("turning-toward-bids") + 1
