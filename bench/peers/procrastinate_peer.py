"""procrastinate (PostgreSQL, psycopg 3): `task.defer_async` in, `run_worker_async` out.

Per no-op job, from its SQL (procrastinate/sql/schema.sql, queries.sql): `defer_jobs` (one
INSERT through `procrastinate_defer_jobs_v1`, a trigger adds a `deferred` event and NOTIFYs),
`fetch_job` (`procrastinate_fetch_job_v2`: one job, UPDATE to `doing`, `started` event) and
`finish_job` (UPDATE to `succeeded`, event): three write transactions. Jobs are kept after
success (`delete_jobs="never"`, its default), as Bina keeps them.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any

from . import Counter, Enqueue, Recorder, payload, postgres_counter, signal_ready

TASK_NAME = "bench_noop"


def _app(url: str, max_size: int = 4) -> tuple[Any, Any]:
    import procrastinate

    # The pool may grow to max_size (psycopg_pool opens min_size=4 first, then more on demand).
    connector = procrastinate.PsycopgConnector(conninfo=url, max_size=max(max_size, 4))
    app = procrastinate.App(connector=connector)
    recorder: list[Recorder] = []

    @app.task(name=TASK_NAME)
    async def noop(seq: int, ts: float) -> None:
        if recorder:
            recorder[0].started(payload(seq, ts))

    noop.recorder = recorder  # type: ignore[attr-defined]
    return app, noop


class Procrastinate:
    name = "procrastinate"
    label = "procrastinate"
    backend = "postgres"
    distribution = "procrastinate"
    write_tx_per_job = 3.0
    write_tx_note = "defer + fetch (1 job each) + finish"

    async def install(self, url: str) -> None:
        app, _ = _app(url)
        async with app.open_async():
            await app.schema_manager.apply_schema_async()

    @asynccontextmanager
    async def client(self, url: str) -> AsyncIterator[Enqueue]:
        app, noop = _app(url)
        async with app.open_async():
            await app.check_connection_async()

            async def enqueue(seq: int, ts: float) -> None:
                await noop.defer_async(seq=seq, ts=ts)

            yield enqueue

    def done_counter(self, url: str, done_file: Path) -> AbstractAsyncContextManager[Counter]:
        sql = "SELECT count(*) FROM procrastinate_jobs WHERE status = 'succeeded'"
        return postgres_counter(url, sql)

    def run_worker(
        self,
        url: str,
        concurrency: int,
        recorder: Recorder | None,
        done_file: Path,
        ready_file: Path,
    ) -> None:
        # Same connection budget as Bina's bench worker: concurrency + 2.
        app, noop = _app(url, max_size=concurrency + 2)
        if recorder is not None:
            noop.recorder.append(recorder)

        async def main() -> None:
            async with app.open_async():
                await app.check_connection_async()
                signal_ready(ready_file)
                # Its own SIGTERM/SIGINT handling stops it gracefully.
                await app.run_worker_async(concurrency=concurrency)

        asyncio.run(main())


PEER = Procrastinate()
