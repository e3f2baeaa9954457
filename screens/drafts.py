"""Keeping the answer being typed as a draft, so closing the app loses nothing.

A :class:`DraftKeeper` belongs to one step on screen. It decides when to keep
(after a short pause in typing, and at least once a second while someone keeps
typing), keeps only what changed and is worth keeping, hands the write to the
background saver, and has the result reported on screen. Nothing else in the
app writes drafts.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any, Protocol

from textual.message import Message
from textual.timer import Timer

from workbook.model import Answer, Visibility, new_id
from workbook.saver import BackgroundSaver
from workbook.store import WorkbookStore

#: Longest answer accepted; far beyond anything typed, small enough to stay fast.
MAX_ANSWER_CHARS = 200_000
IDLE_SECONDS = 0.5
"""Keep a draft once typing has paused this long."""
MAX_SECONDS = 1.0
"""While typing goes on, keep a draft at least this often."""

TOO_LONG = (
    f"That is longer than the {MAX_ANSWER_CHARS:,} characters an answer can hold, "
    "so it can't be kept as a draft. Please shorten it."
)


class DraftOwner(Protocol):
    """What a keeper needs from the screen it keeps drafts for."""

    def draft_answer(self) -> Answer | None:
        """The answer on screen now, as a draft; None when there is nothing to keep."""

    def draft_worth_keeping(self, answer: Answer) -> bool:
        """Whether this draft is worth a write."""

    def draft_refused(self, message: str) -> None:
        """Tell the person that what they typed can't be kept, and why."""

    def post_message(self, message: Message) -> bool:
        """Queue a message for the screen (safe from any thread)."""

    def set_timer(self, delay: float, callback: Callable[[], Any]) -> Timer:
        """Call ``callback`` after ``delay`` seconds, on the screen's thread."""


class DraftSaved(Message):
    """A draft was written, or could not be (``error``); posted from the saver's thread."""

    def __init__(self, uuid: str, error: BaseException | None) -> None:
        super().__init__()
        self.uuid = uuid
        """The answer the draft belongs to."""
        self.error = error
        """Why the write failed, or None when it landed."""


class DraftKeeper:
    """The one owner of a step's draft: when to keep it, keeping it, and its answer's id.

    ``existing`` is the answer already saved for this step (a draft from last
    time, or a confirmed answer being changed): the draft carries on with its
    id and its creation time, and is not written again until it changes.
    """

    def __init__(
        self,
        owner: DraftOwner,
        store: WorkbookStore,
        saver: BackgroundSaver,
        existing: Answer | None = None,
    ) -> None:
        self._owner = owner
        self._store = store
        self._saver = saver
        self.uuid = existing.uuid if existing is not None else new_id()
        """The id of the answer this step saves, draft or confirmed."""
        self.created = existing.created if existing is not None else None
        """When the answer was first kept (None until it is)."""
        self._kept: tuple[Any, Visibility] | None = (
            (existing.value, existing.visibility) if existing is not None else None
        )
        self._kept_at = time.monotonic()
        self._timer: Timer | None = None

    @property
    def waiting(self) -> bool:
        """True while an edit is waiting for the pause after which it is kept."""
        return self._timer is not None

    def edited(self) -> None:
        """Something on screen changed: keep it soon, or now if the last keep is a while ago."""
        if time.monotonic() - self._kept_at >= MAX_SECONDS:
            self.keep()
            return
        self.cancel()
        self._timer = self._owner.set_timer(IDLE_SECONDS, self.keep)

    def cancel(self) -> None:
        """Forget a pending keep (the answer is being confirmed or skipped instead)."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def keep(self) -> None:
        """Write the draft if it changed and is worth keeping.

        What is too long to keep is not written, and the owner is told so: its
        screen must stop saying that closing the app won't lose it.
        """
        self.cancel()
        answer = self._owner.draft_answer()
        if answer is None or (answer.value, answer.visibility) == self._kept:
            return
        if isinstance(answer.value, str) and len(answer.value) > MAX_ANSWER_CHARS:
            self._owner.draft_refused(TOO_LONG)
            return
        if not self._owner.draft_worth_keeping(answer):
            return
        self._kept = (answer.value, answer.visibility)
        self._kept_at = time.monotonic()
        if self.created is None:
            self.created = answer.created
        store, owner = self._store, self._owner

        def done(_result: Any, error: BaseException | None) -> None:
            owner.post_message(DraftSaved(answer.uuid, error))

        self._saver.submit(answer.uuid, lambda: store.save_answer(answer), done)


def worth_keeping(value: Any) -> bool:
    """A draft is kept when it has some words (or a choice) and is not absurdly long."""
    if isinstance(value, str):
        return bool(value.strip()) and len(value) <= MAX_ANSWER_CHARS
    if isinstance(value, dict):
        return any(worth_keeping(v) for v in value.values())
    if isinstance(value, list):
        return bool(value)
    return value is not None and value is not False
