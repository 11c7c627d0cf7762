"""Job-change notifications in one process: wake waiters when a job changes or is queued.

In one process a write wakes its waiters directly. Across processes a `ChangeFeed` carries the
news: PostgreSQL's LISTEN/NOTIFY (postgres_listener.py; the store NOTIFYs inside each write
transaction), or SQLite's commit watcher (sqlite_watcher.py). Where neither runs (PgBouncer in
transaction mode) waiters fall back to short polling: every wait is bounded, and callers re-read
the database after each wake-up, so a missed notification costs at most one poll interval,
never correctness.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from typing import Protocol

JOB_CHANNEL = "bina_job_changed"
QUEUE_CHANNEL = "bina_job_queued"


class ChangeBroadcaster:
    """In-process wake-ups, keyed by job id, plus one key for "a job was queued"."""

    QUEUE_KEY = "\x00queue"

    def __init__(self) -> None:
        self._waiters: defaultdict[str, set[asyncio.Event]] = defaultdict(set)

    def publish(self, key: str) -> None:
        for event in self._waiters.get(key, ()):
            event.set()

    def subscribe(self, key: str, event: asyncio.Event) -> None:
        """Set `event` on every publish of `key` until unsubscribed."""
        self._waiters[key].add(event)

    def unsubscribe(self, key: str, event: asyncio.Event) -> None:
        waiters = self._waiters.get(key)
        if waiters is not None:
            waiters.discard(event)
            if not waiters:
                self._waiters.pop(key, None)

    def job_changed(self, job_id: str) -> None:
        self.publish(job_id)

    def job_queued(self) -> None:
        self.publish(self.QUEUE_KEY)

    def publish_all(self) -> None:
        for key in list(self._waiters):
            self.publish(key)

    def watched_jobs(self) -> list[str]:
        """The job ids somebody in this process is waiting on."""
        return [key for key in self._waiters if key != self.QUEUE_KEY]

    @property
    def queue_watched(self) -> bool:
        return self.QUEUE_KEY in self._waiters

    @property
    def waiter_count(self) -> int:
        return sum(len(w) for w in self._waiters.values())


class ChangeFeed(Protocol):
    """Tells this process's waiters about other processes' changes, in the background."""

    def start(self) -> None: ...

    async def stop(self) -> None: ...

    @property
    def live(self) -> bool:
        """Other processes' changes are being announced now (else waiters poll)."""
        ...
