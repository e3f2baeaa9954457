"""Saving in the background, so typing never waits for the disk.

One worker thread writes, in order. Work is keyed (by answer uuid): if a
newer version of the same answer arrives before the older one was written,
only the newer one is written. A draft queued after its confirmed version
can therefore never overwrite it, and a burst of keystrokes costs one write.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Any

Job = Callable[[], Any]
Done = Callable[[Any, BaseException | None], None]


class BackgroundSaver:
    """A single writer thread with per-key coalescing."""

    def __init__(self, name: str = "workbook-saver") -> None:
        self._pending: OrderedDict[str, tuple[Job, Done | None]] = OrderedDict()
        self._lock = threading.Condition()
        self._busy = False
        self._closed = False
        self._thread = threading.Thread(target=self._work, name=name, daemon=True)
        self._thread.start()

    def submit(self, key: str, job: Job, done: Done | None = None) -> None:
        """Queue ``job``; it replaces a queued job with the same key that has not started."""
        with self._lock:
            if self._closed:
                raise RuntimeError("the saver is closed")
            self._pending.pop(key, None)
            self._pending[key] = (job, done)
            self._lock.notify()

    def flush(self, timeout: float | None = None) -> bool:
        """Wait until everything queued so far is written; False on timeout."""
        with self._lock:
            return self._lock.wait_for(lambda: not self._pending and not self._busy, timeout)

    def close(self, timeout: float | None = 5.0) -> None:
        """Write what is queued, then stop the thread."""
        self.flush(timeout)
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        self._thread.join(timeout)

    def _work(self) -> None:
        while True:
            with self._lock:
                self._lock.wait_for(lambda: self._pending or self._closed)
                if not self._pending:
                    return
                _key, (job, done) = self._pending.popitem(last=False)
                self._busy = True
            result: Any = None
            error: BaseException | None = None
            try:
                result = job()
            except BaseException as exc:  # reported to the caller, never lost in the thread
                error = exc
            if done is not None:
                # The callback reports to the UI; if the UI is already gone there
                # is no one left to tell, and the write itself has finished.
                with contextlib.suppress(Exception):
                    done(result, error)
            with self._lock:
                self._busy = False
                self._lock.notify_all()
