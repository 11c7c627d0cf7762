"""Group commit: writes that arrive while one is in flight share the next round trip.

A worker with ten no-op jobs finishes them within one turn of the event loop. Written one by
one, that is ten statements and ten commits (ten WAL flushes); grouped, it is one. Nothing
waits for a timer: the first write goes out at once, and whatever arrives while it is in
flight goes out together as soon as it returns. Each caller still returns only after its own
write has committed, so grouping gives up no durability (unlike buffering completions and
flushing them every 100 ms, which loses them in a crash).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence
from typing import Generic, TypeVar

Item = TypeVar("Item")
Outcome = TypeVar("Outcome")


class GroupCommit(Generic[Item, Outcome]):
    """Calls `write(items)` for everything submitted since the last call; one call at a time.

    `write` must return one outcome per item, in order, and be atomic: when it raises, every
    item of that group gets the exception (and none of them was written).
    """

    def __init__(
        self,
        write: Callable[[Sequence[Item]], Awaitable[Sequence[Outcome]]],
        *,
        max_items: int = 100,
    ) -> None:
        self._write = write
        self._max_items = max_items
        self._pending: list[tuple[Item, asyncio.Future[Outcome]]] = []
        self._writer: asyncio.Task[None] | None = None

    async def submit(self, item: Item) -> Outcome:
        future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
        self._pending.append((item, future))
        if self._writer is None or self._writer.done():
            # Started as a task, it first runs after the callbacks already due in this turn
            # of the loop: the other jobs that finished alongside this one join the group.
            self._writer = asyncio.create_task(self._drain(), name="bina-group-commit")
        return await future

    async def drain(self) -> None:
        """Wait until everything submitted so far has been written (or has failed)."""
        if self._writer is not None:
            with contextlib.suppress(Exception):
                await asyncio.shield(self._writer)

    async def _drain(self) -> None:
        while self._pending:
            group = self._pending[: self._max_items]
            del self._pending[: self._max_items]
            try:
                outcomes = await self._write([item for item, _future in group])
            except asyncio.CancelledError:
                for _item, future in group:
                    future.cancel()
                raise
            except Exception as exc:
                for _item, future in group:
                    if not future.done():
                        future.set_exception(exc)
                continue
            if len(outcomes) != len(group):
                error = RuntimeError(f"group write returned {len(outcomes)} of {len(group)}")
                for _item, future in group:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_item, future), outcome in zip(group, outcomes, strict=True):
                if not future.done():  # its caller may have been cancelled meanwhile
                    future.set_result(outcome)
