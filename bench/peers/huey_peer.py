"""huey on SQLite (`SqliteHuey`, synchronous API): `huey.enqueue` in, a thread consumer out.

Per no-op job, from huey/storage.py (SqliteStorage): `enqueue` is one INSERT (autocommit),
`dequeue` one `BEGIN EXCLUSIVE` transaction (SELECT + DELETE); a task returning None stores
no result (`store_none=False`, its default). Two write transactions per job. The job leaves
the database when it is dequeued, before it runs (at-most-once), so huey keeps no durable
"done": the worker counts finished tasks itself, one byte per `SIGNAL_COMPLETE` into a file.

huey's defaults are kept: WAL, no `synchronous` pragma (SQLite's default FULL, an fsync per
commit; Bina sets NORMAL), idle workers poll from 0.1 s backing off x1.15 up to 10 s.
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from . import Counter, Enqueue, Recorder, payload, signal_ready, sqlite_path


def _huey(url: str, recorder: Recorder | None = None) -> tuple[Any, Any]:
    from huey import SqliteHuey

    huey = SqliteHuey(name="bench", filename=str(sqlite_path(url)))

    @huey.task(name="bench_noop")
    def noop(seq: int, ts: float) -> None:
        if recorder is not None:
            recorder.started(payload(seq, ts))

    return huey, noop


class Huey:
    name = "huey"
    label = "huey-SQLite"
    backend = "sqlite"
    distribution = "huey"
    write_tx_per_job = 2.0
    write_tx_note = "enqueue + dequeue (no result stored for None)"

    async def install(self, url: str) -> None:
        huey, _ = _huey(url)  # SqliteStorage creates its tables on first use
        huey.storage.queue_size()
        huey.storage.close()

    @asynccontextmanager
    async def client(self, url: str) -> AsyncIterator[Enqueue]:
        huey, noop = _huey(url)
        huey.pending_count()  # open the connection before the clock starts
        try:

            async def enqueue(seq: int, ts: float) -> None:
                huey.enqueue(noop.s(seq, ts))  # synchronous: one INSERT, autocommit

            yield enqueue
        finally:
            huey.storage.close()

    def done_counter(self, url: str, done_file: Path) -> AbstractAsyncContextManager[Counter]:
        @asynccontextmanager
        async def counter() -> AsyncIterator[Counter]:
            async def count() -> int:
                return done_file.stat().st_size if done_file.exists() else 0

            yield count

        return counter()

    def run_worker(
        self,
        url: str,
        concurrency: int,
        recorder: Recorder | None,
        done_file: Path,
        ready_file: Path,
    ) -> None:
        from huey.signals import SIGNAL_COMPLETE

        huey, _ = _huey(url, recorder)
        done_fd = os.open(done_file, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

        @huey.signal(SIGNAL_COMPLETE)
        def completed(signal: str, task: Any, *args: Any) -> None:
            os.write(done_fd, b".")

        consumer = huey.create_consumer(workers=concurrency, worker_type="thread")
        signal_ready(ready_file)
        consumer.run()  # SIGTERM stops it (huey's own handler)


PEER = Huey()
