"""PostgreSQL's change feed: LISTEN for the NOTIFYs the store's writes send, reconnecting."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

from bina.jobs.events import JOB_CHANNEL, QUEUE_CHANNEL, ChangeBroadcaster

logger = logging.getLogger(__name__)


class PostgresListener:
    """Feeds PostgreSQL notifications into a broadcaster, reconnecting when the link drops."""

    def __init__(
        self,
        dsn: str,
        broadcaster: ChangeBroadcaster,
        *,
        job_changes: bool = True,
        retry_seconds: float = 1.0,
        timeout_seconds: float = 5.0,
    ) -> None:
        self._dsn = dsn
        # A worker-only process waits for queued jobs, never for a job's progress: it skips the
        # busier channel, which would otherwise wake it for every write of every worker.
        self._channels = (QUEUE_CHANNEL, JOB_CHANNEL) if job_changes else (QUEUE_CHANNEL,)
        self._broadcaster = broadcaster
        self._retry_seconds = retry_seconds
        # Connecting, LISTEN and each probe: a server that stopped answering is given up on
        # (and waiters told to re-read, which then answers 503) within this.
        self._timeout_seconds = timeout_seconds
        self._task: asyncio.Task[None] | None = None
        self.connected = asyncio.Event()

    @property
    def live(self) -> bool:
        return self.connected.is_set()

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="bina-pg-listener")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def _on_notification(self, _conn: Any, _pid: int, channel: str, payload: str) -> None:
        if channel == QUEUE_CHANNEL:
            self._broadcaster.job_queued()
        else:
            self._broadcaster.job_changed(payload)

    async def _run(self) -> None:
        import asyncpg

        while True:
            connection = None
            try:
                connection = await asyncpg.connect(
                    self._dsn,
                    timeout=self._timeout_seconds,
                    command_timeout=self._timeout_seconds,
                )
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c, lost=lost: lost.set())
                for channel in self._channels:
                    await connection.add_listener(channel, self._on_notification)
                self.connected.set()
                # After a reconnect, something may have changed unseen: wake everyone to re-read.
                self._wake_everyone()
                while not lost.is_set():
                    # A silent network drop never fires the termination listener; probe.
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(10):
                            await lost.wait()
                    if not lost.is_set():
                        await connection.fetchval("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any driver or network error: reconnect after a pause
                logger.warning("job-change listener lost its connection: %s", exc)
            finally:
                self.connected.clear()
                if connection is not None:
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(connection.close(), 2)
            self._wake_everyone()
            await asyncio.sleep(self._retry_seconds)

    def _wake_everyone(self) -> None:
        self._broadcaster.publish_all()
