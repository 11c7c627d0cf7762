"""Job-core benchmark: enqueue throughput, no-op processing throughput, pickup latency.

Runs on a fresh SQLite file and a fresh PostgreSQL database and prints one table. Each Bina
number stands beside a reference measured in the same run on the same database: a bare
single-row INSERT per transaction (the floor of what any durable enqueue can cost).

    .venv/bin/python bench/queue.py [--jobs 1000] [--postgres postgresql://postgres@127.0.0.1/postgres]

Prints numbers; asserts nothing.
"""

from __future__ import annotations

import sys

# This folder holds `queue.py`, which would shadow the standard library's `queue` module
# (imported by asyncio) for scripts run from here: take the folder off the import path first.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]

import argparse
import asyncio
import statistics
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

from bina.jobs import JobStatus, NewJob, open_store
from bina.jobs.database import create_engine
from bina.jobs.migrate import upgrade_async

HERE = Path(__file__).resolve().parent


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


async def bare_insert_rate(url: str, count: int) -> float:
    engine = create_engine(url)
    try:
        async with engine.begin() as conn:
            await conn.execute(
                sa.text("CREATE TABLE IF NOT EXISTS bench_ref (id TEXT PRIMARY KEY)")
            )
        started = time.perf_counter()
        for _ in range(count):
            async with engine.begin() as conn:
                await conn.execute(
                    sa.text("INSERT INTO bench_ref (id) VALUES (:id)"), {"id": str(uuid.uuid4())}
                )
        return count / (time.perf_counter() - started)
    finally:
        await engine.dispose()


async def enqueue_rate(url: str, count: int) -> float:
    async with open_store(url, listen=False) as store:
        started = time.perf_counter()
        for i in range(count):
            await store.create_job(NewJob(f"bench {i}", user_id="bench"))
        return count / (time.perf_counter() - started)


def start_worker(url: str, concurrency: int) -> subprocess.Popen[str]:
    process = subprocess.Popen(
        [sys.executable, str(HERE / "_noop_worker.py"), url, str(concurrency)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def stop_worker(process: subprocess.Popen[str]) -> None:
    process.terminate()
    process.wait(30)
    if process.stdout is not None:
        process.stdout.close()


async def processing_rate(url: str, count: int, concurrency: int) -> float:
    async with open_store(url, listen=False) as store:
        for i in range(count):
            await store.create_job(NewJob(f"noop {i}"))
        worker = start_worker(url, concurrency)
        try:
            started = time.perf_counter()
            while await store.list_jobs(status="queued", limit=1) or await store.list_jobs(
                status="processing", limit=1
            ):
                await asyncio.sleep(0.02)
            return count / (time.perf_counter() - started)
        finally:
            stop_worker(worker)


async def pickup_latencies(url: str, count: int, every: float) -> list[float]:
    worker = start_worker(url, 10)
    try:
        async with open_store(url, listen=False) as store:
            await asyncio.sleep(1.0)  # idle
            job_ids = []
            for i in range(count):
                job, _ = await store.create_job(NewJob(f"pickup {i}"))
                job_ids.append(job.job_id)
                await asyncio.sleep(every)
            await asyncio.sleep(1.0)
            latencies = []
            for job_id in job_ids:
                job = await store.get_job(job_id)
                assert job is not None and job.status == JobStatus.COMPLETED
                assert job.started_at is not None
                latencies.append((job.started_at - job.created_at).total_seconds() * 1000)
            return latencies
    finally:
        stop_worker(worker)


async def fresh_postgres(admin_url: str) -> str:
    import asyncpg

    name = f"bina_bench_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'CREATE DATABASE "{name}"')
    await conn.close()
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def drop_postgres(admin_url: str, url: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    await conn.execute(f'DROP DATABASE IF EXISTS "{sa.make_url(url).database}" WITH (FORCE)')
    await conn.close()


async def run_backend(label: str, url: str, jobs: int) -> list[tuple[str, str, str]]:
    await upgrade_async(url)
    print(f"[{label}] enqueue…", file=sys.stderr)
    reference = await bare_insert_rate(url, jobs)
    enqueue = await enqueue_rate(url, jobs)
    print(f"[{label}] processing…", file=sys.stderr)
    processing = await processing_rate(url, jobs, concurrency=10)
    print(f"[{label}] pickup latency…", file=sys.stderr)
    latencies = await pickup_latencies(url, 200, every=0.02)
    return [
        (label, "enqueue, 1 job per transaction", f"{enqueue:,.0f} jobs/s"),
        (label, "  reference: bare 1-row INSERT per tx", f"{reference:,.0f} rows/s"),
        (label, "no-op processing, 1 process C=10", f"{processing:,.0f} jobs/s"),
        (
            label,
            "pickup latency p50 / p95 / p99",
            f"{percentile(latencies, 50):.1f} / {percentile(latencies, 95):.1f} / "
            f"{percentile(latencies, 99):.1f} ms",
        ),
        (label, "  pickup latency mean", f"{statistics.fmean(latencies):.1f} ms"),
    ]


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=1000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--skip-postgres", action="store_true")
    args = parser.parse_args()

    rows: list[tuple[str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        rows += await run_backend("sqlite", f"sqlite:///{tmp}/bench.db", args.jobs)
    if not args.skip_postgres:
        url = await fresh_postgres(args.postgres)
        try:
            rows += await run_backend("postgres", url, args.jobs)
        finally:
            await drop_postgres(args.postgres, url)

    width = max(len(r[1]) for r in rows)
    print(f"\n{'backend':<9} {'measure':<{width}}  value")
    for backend, measure, value in rows:
        print(f"{backend:<9} {measure:<{width}}  {value}")


if __name__ == "__main__":
    asyncio.run(main())
