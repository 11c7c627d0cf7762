"""SQLite's change feed: notice other connections' commits and wake whom they concern.

SQLite has no NOTIFY. A thread asks `PRAGMA data_version` every few ms (a counter in shared
memory: no table access) and calls back on the event loop when another connection has
committed. The loop then asks only what this process waits for: did the jobs someone here
follows change, and was a job queued (if a worker here waits for one). A busy database is not
read back in full at every commit.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
import threading
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import TypeVar

import sqlalchemy as sa

from bina.jobs import statements as sql
from bina.jobs.database import SQLITE_BUSY_TIMEOUT_MS, Work
from bina.jobs.events import ChangeBroadcaster
from bina.jobs.exceptions import StoreUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")
Read = Callable[[Work[T]], Awaitable[T]]

# How often the watcher looks for other connections' commits. Half of it is the average
# extra wait before a waiting worker sees a new job, or a page sees its job change.
WATCH_INTERVAL_S = 0.005
# Followed jobs asked about per statement.
_WATCH_BATCH = 500


class SqliteChangeWatcher:
    """The change feed of a SQLite store (see the module docstring)."""

    def __init__(
        self,
        path: str,
        events: ChangeBroadcaster,
        read: Read[tuple[list[str], bool]],
        clock: Callable[[], datetime],
    ) -> None:
        self.path = path
        self.events = events
        self.read = read
        self.clock = clock
        self._thread: CommitWatcher | None = None
        self._waking: asyncio.Task[None] | None = None
        self._wake_again = False

    @property
    def live(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self._thread is None:
            self._thread = CommitWatcher(self.path, asyncio.get_running_loop(), self._on_commit)
            self._thread.start()

    async def stop(self) -> None:
        if self._thread is not None:
            await asyncio.to_thread(self._thread.stop)
        if self._waking is not None:
            await asyncio.gather(self._waking, return_exceptions=True)

    def _on_commit(self) -> None:
        """Another connection committed. One wake-up runs at a time; commits that land
        meanwhile are handled by one more round after it."""
        if self._waking is not None and not self._waking.done():
            self._wake_again = True
            return
        if not self.events.watched_jobs() and not self.events.queue_watched:
            return  # nobody here waits for anything
        self._waking = asyncio.create_task(self._wake_waiters(), name="bina-sqlite-wake")

    async def _wake_waiters(self) -> None:
        while True:
            self._wake_again = False
            # The window covers writes whose timestamp was taken before a slow commit; a
            # waiter woken for a change it has already seen re-reads the job and waits again.
            since = self.clock() - timedelta(seconds=2)
            ask = functools.partial(
                what_changed, self.events.watched_jobs(), self.events.queue_watched, since
            )
            try:
                changed, queued = await self.read(ask)
            except StoreUnavailable as exc:
                logger.warning("SQLite change watcher: %s", exc)
                return
            for job_id in changed:
                self.events.job_changed(job_id)
            if queued:
                self.events.job_queued()
            if not self._wake_again:
                return


def what_changed(
    watched: list[str], queue_watched: bool, since: datetime, conn: sa.Connection
) -> tuple[list[str], bool]:
    """Which of the `watched` jobs changed since `since`, and was a job queued since."""
    changed: list[str] = []
    for first in range(0, len(watched), _WATCH_BATCH):
        ids = watched[first : first + _WATCH_BATCH]
        rows = conn.execute(sql.CHANGED_AMONG, {"ids": ids, "since": since})
        changed.extend(job_id for (job_id,) in rows)
    queued = queue_watched and conn.scalar(sql.QUEUED_SINCE, {"since": since})
    return changed, bool(queued)


class CommitWatcher(threading.Thread):
    """Polls `PRAGMA data_version` on its own connection; calls back when it moves.

    The number changes when any other connection (in this process or another) commits to
    the file. Asking costs a few microseconds and touches no table, so it can run every few
    ms; the event loop hears of it only when something changed.
    """

    def __init__(
        self,
        path: str,
        loop: asyncio.AbstractEventLoop,
        on_commit: Callable[[], None],
        interval: float = WATCH_INTERVAL_S,
    ) -> None:
        super().__init__(name="bina-sqlite-watch", daemon=True)
        self.path = path
        self.loop = loop
        self.on_commit = on_commit
        self.interval = interval
        self._stopping = threading.Event()

    def stop(self) -> None:
        self._stopping.set()
        if self.is_alive():
            self.join(timeout=5)

    def run(self) -> None:
        while not self._stopping.is_set():
            try:
                self._watch()
            except (sqlite3.Error, OSError) as exc:  # the file went away, or is locked long
                logger.warning("SQLite change watcher: %s", exc)
                self._stopping.wait(1.0)

    def _watch(self) -> None:
        conn = sqlite3.connect(
            self.path, timeout=SQLITE_BUSY_TIMEOUT_MS / 1000, isolation_level=None
        )
        try:
            last = conn.execute("PRAGMA data_version").fetchone()[0]
            while not self._stopping.wait(self.interval):
                version = conn.execute("PRAGMA data_version").fetchone()[0]
                if version != last:
                    last = version
                    try:
                        self.loop.call_soon_threadsafe(self.on_commit)
                    except RuntimeError:  # the event loop has closed: nobody is listening
                        return
        finally:
            conn.close()
