"""Plain data shared by every layer: the couple, session records and answers.

Nothing here knows about files, YAML or Textual. Values are immutable; a
change makes a new value (``dataclasses.replace``).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

PartnerKey = Literal["a", "b"]
PARTNER_KEYS: tuple[PartnerKey, PartnerKey] = ("a", "b")

#: Colours a partner can pick; names are Textual colour names.
PARTNER_COLOURS: tuple[str, ...] = (
    "dodgerblue",
    "darkorange",
    "mediumseagreen",
    "orchid",
    "gold",
    "tomato",
    "turquoise",
    "slateblue",
)


def now_iso() -> str:
    """The current time as an ISO-8601 string in UTC, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def new_id() -> str:
    """A fresh random identifier (a UUID4 string)."""
    return str(uuid.uuid4())


def other_key(key: PartnerKey) -> PartnerKey:
    """The key of the other partner."""
    return "b" if key == "a" else "a"


class Visibility(StrEnum):
    """Who may see an answer once both partners have answered."""

    SHARED = "shared"
    PRIVATE = "private"


@dataclass(frozen=True)
class Partner:
    """One of the two people using the workbook."""

    key: PartnerKey
    name: str
    colour: str


@dataclass(frozen=True)
class Couple:
    """The two partners and when they confirmed the agreement."""

    a: Partner
    b: Partner
    agreed_at: str | None = None

    def partner(self, key: PartnerKey) -> Partner:
        """The partner with this key."""
        return self.a if key == "a" else self.b

    def other(self, key: PartnerKey) -> Partner:
        """The partner who is not ``key``."""
        return self.partner(other_key(key))

    def to_doc(self) -> dict[str, Any]:
        """The couple as a JSON-ready document."""
        return {
            "a": {"name": self.a.name, "colour": self.a.colour},
            "b": {"name": self.b.name, "colour": self.b.colour},
            "agreed_at": self.agreed_at,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Couple:
        """Rebuild a couple from its stored document."""
        return cls(
            a=Partner("a", doc["a"]["name"], doc["a"]["colour"]),
            b=Partner("b", doc["b"]["name"], doc["b"]["colour"]),
            agreed_at=doc.get("agreed_at"),
        )


@dataclass(frozen=True)
class SessionRecord:
    """One sitting of a program session (a session can be repeated)."""

    id: str
    program_session: str
    started: str
    completed: str | None = None

    @property
    def is_done(self) -> bool:
        """True once the session was finished."""
        return self.completed is not None

    def to_doc(self) -> dict[str, Any]:
        """The record as a JSON-ready document."""
        return {
            "id": self.id,
            "program_session": self.program_session,
            "started": self.started,
            "completed": self.completed,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> SessionRecord:
        """Rebuild a record from its stored document."""
        return cls(
            id=doc["id"],
            program_session=doc["program_session"],
            started=doc["started"],
            completed=doc.get("completed"),
        )


@dataclass(frozen=True)
class Answer:
    """One saved answer: a partner's words (or rating) for one step of an exercise.

    ``session`` is the session record the answer belongs to, or None for the
    anytime tools. ``run`` groups the answers of one attempt at an exercise,
    so an exercise done twice keeps both attempts apart. ``value`` is any
    JSON value: text, a number, or a small mapping for structured steps.
    """

    uuid: str
    exercise: str
    step: str
    partner: PartnerKey
    value: Any
    session: str | None = None
    run: str | None = None
    role: str | None = None
    visibility: Visibility = Visibility.SHARED
    created: str = field(default_factory=now_iso)
    updated: str = field(default_factory=now_iso)
    content_version: int = 1
    draft: bool = False

    def to_doc(self) -> dict[str, Any]:
        """The answer as a JSON-ready document."""
        return {
            "uuid": self.uuid,
            "session": self.session,
            "run": self.run,
            "exercise": self.exercise,
            "step": self.step,
            "partner": self.partner,
            "role": self.role,
            "value": self.value,
            "visibility": str(self.visibility),
            "created": self.created,
            "updated": self.updated,
            "content_version": self.content_version,
            "draft": self.draft,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Answer:
        """Rebuild an answer from its stored document."""
        return cls(
            uuid=doc["uuid"],
            session=doc.get("session"),
            run=doc.get("run"),
            exercise=doc["exercise"],
            step=doc["step"],
            partner=doc["partner"],
            role=doc.get("role"),
            value=doc.get("value"),
            visibility=Visibility(doc.get("visibility", "shared")),
            created=doc["created"],
            updated=doc.get("updated", doc["created"]),
            content_version=doc.get("content_version", 1),
            draft=bool(doc.get("draft", False)),
        )


@dataclass(frozen=True)
class Run:
    """One attempt at an exercise: where it stands, so it can be resumed later.

    ``state`` is the exercise screen's own small JSON document (whose turn,
    which step, which round); answers point back here through ``Answer.run``.
    """

    id: str
    exercise: str
    session: str | None
    started: str
    updated: str
    completed: str | None = None
    state: dict[str, Any] = field(default_factory=dict)

    @property
    def is_done(self) -> bool:
        """True once the exercise was finished."""
        return self.completed is not None

    def to_doc(self) -> dict[str, Any]:
        """The run as a JSON-ready document."""
        return {
            "id": self.id,
            "exercise": self.exercise,
            "session": self.session,
            "started": self.started,
            "updated": self.updated,
            "completed": self.completed,
            "state": self.state,
        }

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Run:
        """Rebuild a run from its stored document."""
        return cls(
            id=doc["id"],
            exercise=doc["exercise"],
            session=doc.get("session"),
            started=doc["started"],
            updated=doc.get("updated", doc["started"]),
            completed=doc.get("completed"),
            state=dict(doc.get("state") or {}),
        )
