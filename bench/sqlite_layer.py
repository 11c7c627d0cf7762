"""What one SQLite statement costs through each layer, side by side in one process.

    .venv/bin/python bench/sqlite_layer.py [--rounds 3000]

The statement is Bina's status read (one indexed SELECT of a job row) and Bina's
single-row write (a fenced progress UPDATE … RETURNING), on one WAL file:
  bina      JobStore.get_job / report_progress: one hop to a thread per unit of work
  aiosqlite the same statements through SQLAlchemy's aiosqlite dialect (the usual async
            SQLite driver, which Bina does not use: the reference to beat)
  inline    the same statements in plain SQLAlchemy + sqlite3 on the calling thread: the
            floor, what SQLite itself costs (Bina does not do this: a write waiting for
            another process's lock would freeze the event loop)
Prints µs per statement (wall and CPU of this process); asserts nothing. docs/jobs.md says
why Bina chose what it chose.
"""

from __future__ import annotations

import sys

sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]  # see queue.py

import argparse
import asyncio
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import timedelta

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import create_async_engine

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Claim, NewJob, open_store
from bina.jobs.migrate import upgrade_async
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.sqlite_database import create_sqlite_engine

READ = sa.select(jobs).where(jobs.c.job_id == sa.bindparam("job_id"))
WRITE = (
    sa.update(jobs)
    .where(jobs.c.job_id == sa.bindparam("b_job_id"), jobs.c.status == "processing")
    .values(progress=sa.bindparam("b_progress"), version=jobs.c.version + 1)
    .returning(jobs.c.job_id)
)


async def timed(rounds: int, step: Callable[[int], Awaitable[object]]) -> tuple[float, float]:
    await step(0)  # compile and warm up outside the clock
    wall, cpu = time.perf_counter(), time.process_time()
    for i in range(rounds):
        await step(i)
    return (
        (time.perf_counter() - wall) / rounds * 1e6,
        (time.process_time() - cpu) / rounds * 1e6,
    )


async def measure(url: str, rounds: int) -> dict[str, dict[str, tuple[float, float]]]:
    results: dict[str, dict[str, tuple[float, float]]] = {}
    async with open_store(url, columns=WEBSITE_COLUMNS, listen=False) as store:
        job, _ = await store.create_job(NewJob({"description": "layer benchmark"}))
        (claimed,) = await store.claim_jobs("bench", 1, timedelta(minutes=5))
        claim = Claim(claimed.job_id, "bench", claimed.attempts)

        async def bina_write(i: int) -> None:
            await store.report_progress(claim, stage="bench", progress=i % 99)

        results["bina"] = {
            "read": await timed(rounds, lambda i: store.get_job(job.job_id)),
            "write": await timed(rounds, bina_write),
        }

    engine = create_async_engine(url.replace("sqlite://", "sqlite+aiosqlite://"))
    try:
        async with engine.connect() as conn:

            async def aio_read(i: int) -> None:
                (await conn.execute(READ, {"job_id": job.job_id})).first()
                await conn.rollback()

            async def aio_write(i: int) -> None:
                (await conn.execute(WRITE, {"b_job_id": job.job_id, "b_progress": i % 99})).first()
                await conn.commit()

            results["aiosqlite"] = {
                "read": await timed(rounds, aio_read),
                "write": await timed(rounds, aio_write),
            }
    finally:
        await engine.dispose()

    sync_engine = create_sqlite_engine(url)
    try:
        with sync_engine.connect() as sync_conn:

            async def inline_read(i: int) -> None:
                with sync_conn.begin():
                    sync_conn.execute(READ, {"job_id": job.job_id}).first()

            async def inline_write(i: int) -> None:
                with sync_conn.begin():
                    sync_conn.execute(WRITE, {"b_job_id": job.job_id, "b_progress": i % 99}).first()

            results["inline"] = {
                "read": await timed(rounds, inline_read),
                "write": await timed(rounds, inline_write),
            }
    finally:
        sync_engine.dispose()
    return results


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{folder}/layer.db"
        await upgrade_async(url)
        results = await measure(url, args.rounds)
    print(f"one statement, {args.rounds} times in a row, µs (wall / CPU of this process)\n")
    print(f"{'layer':<44}{'status read':>18}{'progress write':>18}")
    labels = {
        "bina": "Bina (one hop to a thread per unit of work)",
        "aiosqlite": "SQLAlchemy + aiosqlite (the reference)",
        "inline": "SQLAlchemy + sqlite3 inline (the floor)",
    }
    for key, label in labels.items():
        cells = [f"{wall:,.0f} / {cpu:,.0f}" for wall, cpu in results[key].values()]
        print(f"{label:<44}{cells[0]:>18}{cells[1]:>18}")


if __name__ == "__main__":
    asyncio.run(main())
