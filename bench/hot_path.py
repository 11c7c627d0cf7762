"""The worker hot path in one process: no-op jobs through claim → complete, optionally profiled.

    .venv/bin/python bench/hot_path.py pg|sqlite [JOBS] [--profile]

Used to find and measure the cost of one job in the job core (see docs/performance.md).
Prints numbers; asserts nothing.
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]  # see queue.py

import asyncio
import tempfile
import time
import uuid

import asyncpg

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Job, JobHandlerBase, NewJob, Payload, ProgressReporter, Worker, open_store
from bina.jobs.migrate import upgrade_async
from bina.jobs.worker import WorkerSettings

ADMIN = "postgresql://postgres@127.0.0.1/postgres"


class Noop(JobHandlerBase):
    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        return {}


async def main(kind: str, jobs: int) -> None:
    name = f"bina_hot_{uuid.uuid4().hex[:8]}"
    if kind == "pg":
        admin = await asyncpg.connect(ADMIN)
        await admin.execute(f'CREATE DATABASE "{name}"')
        await admin.close()
        url = f"postgresql://postgres@127.0.0.1/{name}"
    else:
        url = f"sqlite:///{tempfile.mkdtemp()}/{name}.db"
    try:
        await upgrade_async(url)
        async with open_store(url, columns=WEBSITE_COLUMNS, listen=False) as store:
            started = time.perf_counter()
            for i in range(jobs):
                await store.create_job(NewJob({"description": f"job {i}"}))
            print(f"{kind}: enqueue {jobs / (time.perf_counter() - started):,.0f} jobs/s")
        async with open_store(url, columns=WEBSITE_COLUMNS, pool_size=12) as store:
            worker = Worker(store, Noop(), WorkerSettings(concurrency=10, heartbeat_seconds=10))
            started = time.perf_counter()
            task = asyncio.create_task(worker.run())
            while worker.jobs_done < jobs:
                await asyncio.sleep(0.005)
            elapsed = time.perf_counter() - started
            print(f"{kind}: no-op processing {jobs / elapsed:,.0f} jobs/s")
            worker.stop()
            await task
    finally:
        if kind == "pg":
            admin = await asyncpg.connect(ADMIN)
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await admin.close()


if __name__ == "__main__":
    kind = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
    jobs = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2].isdigit() else 1000
    if "--profile" in sys.argv:
        import cProfile
        import pstats

        with cProfile.Profile() as profile:
            asyncio.run(main(kind, jobs))
        pstats.Stats(profile).sort_stats("tottime").print_stats(25)
    else:
        asyncio.run(main(kind, jobs))
