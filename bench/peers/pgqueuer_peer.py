"""pgqueuer (PostgreSQL, asyncpg): `Queries.enqueue` in, `QueueManager.run` out.

Per no-op job, from its SQL (pgqueuer/adapters/persistence/qb.py): the enqueue statement
inserts the job and a `queued` log row in one statement; the dequeue statement claims up to
`batch_size` jobs at once (UPDATE to `picked` + log rows); finished jobs are buffered and
moved to the log in batches (DELETE + INSERT, flushed at `batch_size` jobs or every 0.1 s).
So one write transaction per job plus two per batch: 1 + 2/5 with full batches of 5.

The worker uses one asyncpg connection (`AsyncpgDriver`), as pgqueuer's own examples do. Two
configurations are measured:
- `pgqueuer`: `max_concurrent_tasks=10` caps the jobs this worker holds (Bina's
  concurrency=10), and pgqueuer requires `batch_size <= max_concurrent_tasks / 2`, hence
  `batch_size=5`;
- `pgqueuer-defaults`: `QueueManager.run()` as its documentation starts it (`batch_size=10`,
  no cap on jobs at once), which is what a pgqueuer user gets without tuning.
"""

from __future__ import annotations

import asyncio
import signal
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path

from . import Counter, Enqueue, Recorder, payload, postgres_counter, signal_ready

ENTRYPOINT = "bench_noop"


class PgQueuer:
    backend = "postgres"
    distribution = "pgqueuer"

    def __init__(self, *, defaults: bool = False) -> None:
        self.defaults = defaults
        self.name = "pgqueuer-defaults" if defaults else "pgqueuer"
        self.label = "pgqueuer (defaults)" if defaults else "pgqueuer (10 at once)"
        batch = 10 if defaults else 5
        self.write_tx_per_job = 1 + 2 / batch
        self.write_tx_note = f"enqueue + (dequeue + log flush) per batch of <={batch}"

    async def install(self, url: str) -> None:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        conn = await asyncpg.connect(url)
        try:
            await Queries(AsyncpgDriver(conn)).install()
        finally:
            await conn.close()

    @asynccontextmanager
    async def client(self, url: str) -> AsyncIterator[Enqueue]:
        import asyncpg
        from pgqueuer import AsyncpgDriver, Queries

        conn = await asyncpg.connect(url)
        try:
            queries = Queries(AsyncpgDriver(conn))

            async def enqueue(seq: int, ts: float) -> None:
                await queries.enqueue(ENTRYPOINT, payload(seq, ts).encode())

            yield enqueue
        finally:
            await conn.close()

    def done_counter(self, url: str, done_file: Path) -> AbstractAsyncContextManager[Counter]:
        sql = "SELECT count(*) FROM pgqueuer_log WHERE status = 'successful'"
        return postgres_counter(url, sql)

    def run_worker(
        self,
        url: str,
        concurrency: int,
        recorder: Recorder | None,
        done_file: Path,
        ready_file: Path,
    ) -> None:
        async def main() -> None:
            import asyncpg
            from pgqueuer import AsyncpgDriver, Job, Queries, QueueManager

            conn = await asyncpg.connect(url)
            try:
                qm = QueueManager(Queries(AsyncpgDriver(conn)))

                @qm.entrypoint(ENTRYPOINT)
                async def noop(job: Job) -> None:
                    if recorder is not None and job.payload is not None:
                        recorder.started(job.payload)

                loop = asyncio.get_running_loop()
                loop.add_signal_handler(signal.SIGTERM, qm.shutdown.set)
                signal_ready(ready_file)
                if self.defaults:
                    await qm.run()
                else:
                    await qm.run(
                        batch_size=max(concurrency // 2, 1), max_concurrent_tasks=concurrency
                    )
            finally:
                await conn.close()

        asyncio.run(main())


PEER = PgQueuer()
DEFAULTS_PEER = PgQueuer(defaults=True)
