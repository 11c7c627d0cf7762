"""Signs of life (bina/jobs/liveness.py): a live worker's shows it alive, a gone one dead.

On both databases: a session advisory lock (PostgreSQL), an flock on a file (SQLite). The
whole takeover across real processes is in test_worker_processes.py.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta

import asyncpg
import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import JobStatus, JobStore, LeaseLost, open_store
from bina.jobs.liveness import FileLockLiveness, Liveness, PostgresLiveness
from bina.jobs.models import Claim, WorkerInfo
from tests.job_helpers import site_job
from tests.waiting import wait_until_async

LEASE = timedelta(seconds=30)

# A process that holds a worker's sign of life and prints its marker, until killed.
HOLDER = """
import asyncio, sys
from bina.jobs import open_store

async def main() -> None:
    async with open_store(sys.argv[1], listen=False) as store:
        liveness = store.liveness(sys.argv[2])
        print(await liveness.hold(), flush=True)
        await asyncio.sleep(3600)

asyncio.run(main())
"""


async def running_job_of(store: JobStore, worker_id: str, marker: str | None) -> Claim:
    """`worker_id` registered with `marker`, holding one running job on a 30 s lease."""
    now = store.clock()
    await store.register_worker(WorkerInfo(worker_id, "test-host", 1, 1, now, now, liveness=marker))
    job, _ = await store.create_job(site_job("Kedai kopi di Ipoh"))
    [claimed] = await store.claim_jobs(worker_id, 1, LEASE)
    assert claimed.job_id == job.job_id
    return Claim(job.job_id, worker_id, claimed.attempts)


async def held(store: JobStore, worker_id: str) -> Liveness:
    liveness = store.liveness(worker_id)
    assert liveness is not None
    assert await liveness.hold() is not None
    return liveness


@pytest.fixture
def holder(database_url: str) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, database_url, "doomed-worker"],
        stdout=subprocess.PIPE,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.kill()
    process.wait(10)
    if process.stdout is not None:
        process.stdout.close()


async def test_a_released_sign_shows_its_worker_dead_and_its_jobs_are_taken_over(
    store: JobStore,
) -> None:
    doomed = await held(store, "worker-a")
    survivor = await held(store, "worker-b")
    try:
        claim = await running_job_of(store, "worker-a", doomed.marker)
        assert await store.dead_workers(survivor) == []  # alive: its sign is held
        await doomed.release()
        assert await store.dead_workers(survivor) == ["worker-a"]

        assert await store.take_over("worker-a") == [claim.job_id]
        job = await store.get_job(claim.job_id)
        assert job is not None and job.status == JobStatus.PROCESSING and job.attempts == 1
        assert job.lease_expires_at is not None and job.lease_expires_at <= store.clock()
        assert await store.dead_workers(survivor) == []  # forgotten: nothing more to take
        # Retaken as after an expired lease: a new attempt, and the dead attempt fenced out.
        [retaken] = await store.claim_jobs("worker-b", 1, LEASE)
        assert (retaken.job_id, retaken.attempts, retaken.worker_id) == (
            claim.job_id,
            2,
            "worker-b",
        )
        with pytest.raises(LeaseLost):
            await store.report_progress(claim, stage="late", progress=50)
    finally:
        await doomed.release()
        await survivor.release()


async def test_a_killed_process_shows_its_worker_dead(
    store: JobStore, holder: subprocess.Popen[str]
) -> None:
    assert holder.stdout is not None
    marker = holder.stdout.readline().strip()
    assert marker not in ("", "None")
    survivor = await held(store, "survivor")
    try:
        await running_job_of(store, "doomed-worker", marker)
        assert await store.dead_workers(survivor) == []
        os.kill(holder.pid, signal.SIGKILL)

        async def seen_dead() -> bool:
            return await store.dead_workers(survivor) == ["doomed-worker"]

        await wait_until_async(seen_dead, timeout=10, interval=0.05)
    finally:
        await survivor.release()


async def test_an_owner_without_a_sign_is_left_to_its_lease(store: JobStore) -> None:
    # Workers that name no sign (older versions, pooled connections) and markers of a server
    # that has since restarted: nothing tells whether they live, so only the lease decides.
    survivor = await held(store, "survivor")
    try:
        await running_job_of(store, "old-worker", None)
        stale = "pg_advisory_lock:1" if store.backend_name == "postgresql" else "flock"
        await running_job_of(store, "restarted-server-or-no-file", stale)
        assert await store.dead_workers(survivor) == []
    finally:
        await survivor.release()


@pytest.mark.postgres
async def test_behind_a_transaction_pooler_only_the_lease_tells(postgres_url: str) -> None:
    async with open_store(f"{postgres_url}?pgbouncer=1", columns=WEBSITE_COLUMNS) as pooled:
        assert pooled.liveness("any-worker") is None


@pytest.mark.postgres
async def test_every_lock_cut_at_once_is_not_read_as_every_workers_death(
    postgres_url: str,
) -> None:
    # The database went away for everyone (or an operator ended every session): each worker
    # takes its lock again, some later than others, and nobody judges meanwhile.
    async with open_store(postgres_url, columns=WEBSITE_COLUMNS) as store:
        owner = PostgresLiveness(postgres_url, "owner", retry_seconds=2.0)  # slow to come back
        survivor = await held(store, "survivor")
        try:
            await running_job_of(store, "owner", await owner.hold())
            admin = await asyncpg.connect(postgres_url)
            try:
                cut = await admin.fetchval(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE application_name = 'bina-worker-liveness' "
                    "AND datname = current_database()"
                )
            finally:
                await admin.close()
            assert cut == 2
            await wait_until_async(lambda: survivor.generation == 2, timeout=10)
            assert owner.marker is None  # not back yet…
            assert await store.dead_workers(survivor) == []  # …and not judged dead
            await wait_until_async(lambda: owner.generation == 2, timeout=10)
            assert await store.dead_workers(survivor) == []
        finally:
            await owner.release()
            await survivor.release()


async def test_sqlite_sweeps_the_files_of_workers_gone_without_jobs(sqlite_url: str) -> None:
    async with open_store(sqlite_url, columns=WEBSITE_COLUMNS) as store:
        gone = await held(store, "gone-idle")
        assert isinstance(gone, FileLockLiveness)
        await gone.release()  # stopped (or died) holding no job: its file stays behind
        assert gone.path.exists()
        survivor = await held(store, "survivor")
        try:
            assert await store.dead_workers(survivor) == ["gone-idle"]  # the first look sweeps
            assert await store.take_over("gone-idle") == []
            survivor.forget(["gone-idle"])
            assert not gone.path.exists()
        finally:
            await survivor.release()
