"""Where an exercise attempt has got to: the typed state each kind keeps.

Every exercise kind moves through its own steps (who goes first, whose turn
it is, which question comes next). It keeps that in a small dataclass that
derives from :class:`RunState`. The fields are the keys saved in the run's
``state`` in the workbook file, so a state read back from the file is the
same state that was saved. A field whose default is None is an optional key
(a missing one reads as None); every other field is always saved, so a state
without it was not written by this kind, and is not resumed. A key the kind
does not know is left out.

``workbook.schema`` checks the type of every key when the file is read; only
the kind itself knows whether the keys fit together, and an attempt whose
state does not is started afresh rather than resumed.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any, Self

WHERE_KEY = "_where"
"""Saved beside a kind's own keys: a few words on where the couple stopped, for "resume"."""


@dataclass
class RunState:
    """The base of every kind's state: one field per key saved in the run's ``state``.

    A field set to None is not saved, so a key that no longer applies (whose
    turn it was, once the turns are over) leaves the file.
    """

    phase: str = "first"
    """The step the kind is at, in its own words ("first", "topic", "reveal"…)."""

    @classmethod
    def from_doc(cls, doc: Mapping[str, Any]) -> Self:
        """The state saved as ``doc``; keys this kind does not know are left out.

        Raises ValueError when a key that is always saved is missing.
        """
        missing = [item.name for item in fields(cls) if item.default is not None
                   and item.name not in doc]
        if missing:
            raise ValueError(f"not a saved state of this kind: no {', '.join(missing)}")
        known = {item.name for item in fields(cls)}
        return cls(**{key: copy.deepcopy(value) for key, value in doc.items() if key in known})

    def to_doc(self) -> dict[str, Any]:
        """The state as it is saved: JSON-ready, without the fields set to None."""
        doc: dict[str, Any] = {}
        for item in fields(self):
            value = getattr(self, item.name)
            if value is not None:
                doc[item.name] = copy.deepcopy(value)
        return doc

    def copy(self) -> Self:
        """A copy to move on from, leaving this one as it was if saving fails."""
        return copy.deepcopy(self)


@dataclass
class TwoSides(RunState):
    """A state for a kind done in two sides, one partner leading each (a drill, a dream)."""

    side: int = 1
    """1 for the first partner's side, 2 for the second's."""
    side_started: str | None = None
    """When this side began."""
    durations: dict[str, dict[str, str | None]] | None = None
    """Each partner's side: when it started and ended (None before any)."""

    def end_side(self, leader: str, ended: str) -> None:
        """Note that ``leader``'s side ended at ``ended``, and move to the swap or the end."""
        self.durations = {
            **(self.durations or {}),
            leader: {"started": self.side_started, "ended": ended},
        }
        self.phase = "swap" if self.side == 1 else "done"


def where_from(doc: Mapping[str, Any]) -> str | None:
    """The saved "where you stopped" words of a run's ``state``, if there are any."""
    where = doc.get(WHERE_KEY)
    return where if isinstance(where, str) and where else None
