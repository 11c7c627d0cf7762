"""One writer at a time, people first: SQLite's single write lock, queued in this process.

SQLite lets one transaction write at a time. Left to SQLite's busy handler, waiting writers
sleep in growing steps (up to 100 ms) and wake in no particular order; queued here they go
in turn without sleeping. And a turn can be urgent: a visitor pressing "Start" waits only for
the write in progress, not behind every progress write the embedded worker has queued.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
from collections.abc import AsyncIterator


class WriterTurns:
    """An asyncio lock with two queues: urgent waiters are served before ordinary ones."""

    def __init__(self) -> None:
        self._busy = False
        self._urgent: collections.deque[asyncio.Future[None]] = collections.deque()
        self._ordinary: collections.deque[asyncio.Future[None]] = collections.deque()

    @property
    def busy(self) -> bool:
        """A writer has the turn."""
        return self._busy

    @property
    def waiting(self) -> int:
        return len(self._urgent) + len(self._ordinary)

    @contextlib.asynccontextmanager
    async def turn(self, *, urgent: bool = False) -> AsyncIterator[None]:
        if self._busy or self.waiting:
            queue = self._urgent if urgent else self._ordinary
            handed: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            queue.append(handed)
            try:
                await handed
            except asyncio.CancelledError:
                if handed.done() and not handed.cancelled():
                    self._hand_over()  # the turn reached us as we were cancelled: pass it on
                else:
                    queue.remove(handed)
                raise
        else:
            self._busy = True
        try:
            yield
        finally:
            self._hand_over()

    def _hand_over(self) -> None:
        # The lock stays taken while it passes to the next waiter: nobody can cut in between.
        for queue in (self._urgent, self._ordinary):
            while queue:
                handed = queue.popleft()
                if not handed.done():
                    handed.set_result(None)
                    return
        self._busy = False
