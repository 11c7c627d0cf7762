"""A worker process running a no-op handler, for bench/queue.py (prints "ready" when up)."""

from __future__ import annotations

import sys

# This folder holds `queue.py`, which would shadow the standard library's `queue` module
# (imported by asyncio) for scripts run from here: take the folder off the import path first.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]

import asyncio
import signal

from bina.jobs import Job, JobResult, ProgressReporter, Worker, open_store
from bina.jobs.worker import WorkerSettings


async def noop(job: Job, reporter: ProgressReporter) -> JobResult:
    return JobResult(html="", styles=[])


async def main(url: str, concurrency: int) -> None:
    settings = WorkerSettings(concurrency=concurrency, lease_seconds=30, heartbeat_seconds=10)
    async with open_store(url, pool_size=concurrency + 2) as store:
        worker = Worker(store, noop, settings)
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, worker.stop)
        print("ready", flush=True)
        await worker.run()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2])))
