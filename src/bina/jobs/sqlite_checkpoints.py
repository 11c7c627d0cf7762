"""SQLite's WAL checkpoints, moved off the write path.

In WAL mode a commit appends the pages it changed to the `-wal` file; a checkpoint copies
them back into the database and syncs both files. Left to SQLite, the commit that takes the
WAL past 1,000 pages runs that checkpoint itself, before its caller hears back: one start in
about a hundred waited 10–30 ms for it here (a job's row and its indexes change ~10 pages),
and averaged over all of them it cost more than the insert.

So the store's connections never checkpoint (`wal_autocheckpoint=0`) and this does instead,
in a thread of its own, after every `every` commits of this process: a PASSIVE checkpoint,
which copies what it can without taking the write lock, so writers go on meanwhile. Writers
that never pause keep appending while it copies, and the WAL starts over only at a write that
finds every page copied back: when one finds the WAL longer than `bound` pages, the next one
holds this process's write turn, so that it catches up (most pages are copied already, so it
is brief) and the next write starts the WAL from its beginning.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from typing import NamedTuple

from bina.jobs.thread_hops import ThreadHops
from bina.jobs.writer_turns import WriterTurns

logger = logging.getLogger(__name__)

#: Commits between checkpoints: about the 1,000 WAL pages SQLite itself would wait for.
EVERY_COMMITS = 100
#: WAL pages (4 KiB each) before a checkpoint holds the write turn to let the WAL start over.
WAL_BOUND_PAGES = 4_000


class CheckpointResult(NamedTuple):
    """What `PRAGMA wal_checkpoint` answers: busy, pages in the WAL, pages copied back."""

    busy: int
    wal_pages: int
    copied: int


class Checkpoints:
    """Runs the checkpoints of one SQLite file for this process's store (module docstring)."""

    def __init__(
        self,
        path: str,
        turns: WriterTurns,
        *,
        every: int = EVERY_COMMITS,
        bound: int = WAL_BOUND_PAGES,
    ) -> None:
        self.path = path
        self.turns = turns
        self.every = every
        self.bound = bound
        self.runs = 0
        self.last: CheckpointResult | None = None
        self._commits = 0
        self._hold_turn = False
        self._task: asyncio.Task[None] | None = None
        self._hops = ThreadHops(1, "bina-sqlite-checkpoint")
        self._connection: sqlite3.Connection | None = None

    def committed(self) -> None:
        """A write of this process committed (called on the event loop)."""
        self._commits += 1
        if self._commits >= self.every and (self._task is None or self._task.done()):
            self._task = asyncio.get_running_loop().create_task(
                self._checkpoint(), name="bina-sqlite-checkpoint"
            )

    @property
    def lagging(self) -> bool:
        """Commits piled up while the checkpoint due never got to run: writes that finish
        without yielding to the loop (a start on the loop itself) must yield for a while."""
        return self._commits >= 2 * self.every

    async def wait(self) -> None:
        """Until the checkpoint in flight, if any, is done."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def close(self) -> None:
        await self.wait()
        await asyncio.to_thread(self._hops.close)
        if self._connection is not None:
            self._connection.close()

    async def _checkpoint(self) -> None:
        self._commits = 0  # what commits after this point, the next checkpoint copies
        try:
            if self._hold_turn:
                async with self.turns.turn():
                    result = await self._hops.call(self._passive)
            else:
                result = await self._hops.call(self._passive)
        except (sqlite3.Error, RuntimeError) as exc:  # RuntimeError: closing meanwhile
            logger.warning("WAL checkpoint failed (the next one retries): %s", exc)
            return
        self.runs += 1
        self.last = result
        # The WAL starts over only at a write that finds every page copied back: while
        # writes keep coming it just grows, however much each checkpoint copies.
        self._hold_turn = result.wal_pages > self.bound

    def _passive(self) -> CheckpointResult:
        if self._connection is None:
            self._connection = sqlite3.connect(
                self.path, isolation_level=None, check_same_thread=False
            )
        row = self._connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()[0]
        return CheckpointResult(*row)
