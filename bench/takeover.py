"""Takeover benchmark: how long a SIGKILLed worker's running jobs wait for another worker.

On each backend, per trial, on a fresh database (PostgreSQL) or file (SQLite):
  two `bina worker` processes with the offline generator paced over 120 s (so no job finishes
  during the measurement) and default settings (30 s lease, a look for dead workers every
  0.5 s); worker A (concurrency 5) takes 5 jobs, then worker B (concurrency 10) takes 5 more;
  A is SIGKILLed at a random moment. Measured: seconds from the SIGKILL until every one of
  A's jobs is running again under B (claimed by B: a new attempt), polled every 10 ms.
Reference, in the same run: the same with the detection off (BINA_TAKEOVER_CHECK_SECONDS=0),
where only the lease tells; its lease is capped at 10 s to keep the run short (at the default
30 s it would be 20-30 s: the lease minus the time since the dead worker's last renewal).

    .venv/bin/python bench/takeover.py [--trials 5] [--reference-trials 2]
        [--reference-lease 10] [--only sqlite,postgresql]

Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]  # see queue.py

import argparse
import asyncio
import os
import random
import signal
import statistics
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path

import asyncpg
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import JobStatus, JobStore, NewJob, open_store
from bina.jobs.migrate import upgrade_async

POSTGRES_URL = os.environ.get(
    "BINA_BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
JOBS = 10
REFERENCE_LEASE = 10
POLL = 0.01


def _database(url: str, name: str) -> str:
    return make_url(url).set(database=name).render_as_string(hide_password=False)


@asynccontextmanager
async def fresh_database(backend: str, directory: Path) -> AsyncIterator[str]:
    if backend == "sqlite":
        url = f"sqlite:///{directory / f'takeover-{uuid.uuid4().hex[:8]}.db'}"
        await upgrade_async(url)
        yield url
        return
    name = f"bina_bench_takeover_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(_database(POSTGRES_URL, "postgres"), timeout=5)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
        url = _database(POSTGRES_URL, name)
        await upgrade_async(url)
        yield url
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


def site_job(number: int) -> NewJob:
    description = f"Kedai kopi nombor {number} di Ipoh: roti bakar, kopi putih, nasi lemak"
    return NewJob({"description": description, "language": "ms"})


def start_worker(
    url: str, concurrency: int, env: dict[str, str], cwd: Path
) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DATABASE_URL": url,
        "BINA_OFFLINE_DELAY_S": "120",
        "BINA_LOG_LEVEL": "warning",
        **env,
    }
    return subprocess.Popen(
        [sys.executable, "-m", "bina.cli", "worker", "--concurrency", str(concurrency)],
        env=environment,
        cwd=cwd,  # no .env file from the checkout
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


async def wait_for(store: JobStore, job_ids: list[str], owners: int, timeout: float = 60) -> None:
    """Until every job runs, under `owners` distinct workers."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        jobs = [await store.get_job(job_id) for job_id in job_ids]
        running = [job for job in jobs if job is not None and job.status == JobStatus.PROCESSING]
        if len(running) == len(job_ids) and len({job.worker_id for job in running}) == owners:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"{len(job_ids)} jobs not running under {owners} workers")


async def trial(backend: str, env: dict[str, str], directory: Path) -> float:
    """Seconds from SIGKILL to all of the killed worker's jobs running again elsewhere."""
    async with fresh_database(backend, directory) as url:
        processes: list[subprocess.Popen[bytes]] = []
        try:
            async with open_store(url, columns=WEBSITE_COLUMNS, listen=False) as store:

                async def enqueue(count: int) -> list[str]:
                    return [(await store.create_job(site_job(i)))[0].job_id for i in range(count)]

                doomed = start_worker(url, JOBS // 2, env, directory)
                processes.append(doomed)
                first = await enqueue(JOBS // 2)
                await wait_for(store, first, owners=1)
                processes.append(start_worker(url, JOBS, env, directory))
                while (await store.queue_stats(timedelta(minutes=1))).live_workers < 2:
                    await asyncio.sleep(0.05)
                second = await enqueue(JOBS - JOBS // 2)
                await wait_for(store, first + second, owners=2)
                dead_id = (await store.get_job(first[0])).worker_id  # type: ignore[union-attr]
                victims = [
                    job.job_id
                    for job in await store.list_jobs(status=JobStatus.PROCESSING.value, limit=100)
                    if job.worker_id == dead_id
                ]
                # At a random moment: not in step with the survivor's looks (every 0.5 s).
                await asyncio.sleep(random.uniform(0, 1))
                killed = time.monotonic()
                os.kill(doomed.pid, signal.SIGKILL)
                while True:
                    jobs = await store.list_jobs(limit=100)
                    again = [
                        job
                        for job in jobs
                        if job.job_id in victims
                        and job.status == JobStatus.PROCESSING
                        and job.worker_id not in (None, dead_id)
                    ]
                    if len(again) == len(victims):
                        return time.monotonic() - killed
                    if time.monotonic() - killed > 120:
                        raise TimeoutError("the killed worker's jobs were not taken over")
                    await asyncio.sleep(POLL)
        finally:
            for process in processes:
                if process.poll() is None:
                    process.kill()
                process.wait(10)


def summary(values: list[float]) -> str:
    if not values:
        return "-"
    every = ", ".join(f"{value:.2f}" for value in values)
    return f"{statistics.median(values):6.2f} {max(values):6.2f}  ({every})"


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--trials", type=int, default=5)
    parser.add_argument("--reference-trials", type=int, default=2)
    parser.add_argument("--only", default="sqlite,postgresql")
    parser.add_argument("--reference-lease", type=float, default=REFERENCE_LEASE)
    args = parser.parse_args()
    runs = [
        ("detection on (default settings)", {}, args.trials),
        (
            f"reference: detection off, lease {args.reference_lease:g} s",
            {"BINA_TAKEOVER_CHECK_SECONDS": "0", "BINA_LEASE_SECONDS": str(args.reference_lease)},
            args.reference_trials,
        ),
    ]
    print(f"SIGKILL of a worker holding {JOBS // 2} of {JOBS} running jobs; seconds until all of")
    print("them run again under the other worker (p50, max, and every trial)")
    print()
    print(f"{'backend':<11} {'run':<38} {'p50':>6} {'max':>6}  trials")
    with tempfile.TemporaryDirectory(prefix="bina-takeover-") as temporary:
        directory = Path(temporary)
        for backend in args.only.split(","):
            for title, env, trials in runs:
                try:
                    values = [await trial(backend, env, directory) for _ in range(trials)]
                    print(f"{backend:<11} {title:<38} {summary(values)}", flush=True)
                except (OSError, asyncpg.PostgresError) as exc:
                    print(f"{backend:<11} {title:<38} unavailable: {exc}", flush=True)


if __name__ == "__main__":
    asyncio.run(main())
