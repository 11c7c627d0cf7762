"""A deploy sends SIGTERM to a worker mid-job: the job is handed back and another worker
finishes it at once, without waiting for the lease to expire."""

from __future__ import annotations

import asyncio
import signal
import time
from pathlib import Path

import pytest

from bina.jobs import JobStatus, open_store
from tests.faults.cluster import cluster
from tests.job_helpers import site_job
from tests.waiting import wait_until_async

pytestmark = pytest.mark.slow


async def test_sigterm_hands_running_jobs_to_another_worker(
    database_url: str, tmp_path: Path
) -> None:
    env = {
        "BINA_OFFLINE_DELAY_S": "6",
        "BINA_LEASE_SECONDS": "120",  # far longer than the test: only a release can explain it
        "BINA_SHUTDOWN_GRACE_SECONDS": "0.5",
    }
    with cluster(database_url, tmp_path, **env) as group:
        leaving = group.worker(concurrency=2)
        async with open_store(database_url, listen=False) as store:
            jobs = [
                (await store.create_job(site_job(f"Klinik gigi {i} di Seremban")))[0]
                for i in range(2)
            ]

            async def all_running() -> bool:
                current = [await store.get_job(job.job_id) for job in jobs]
                return all(job and job.status == JobStatus.PROCESSING for job in current)

            await wait_until_async(all_running, timeout=10, interval=0.1)
            running = [await store.get_job(job.job_id) for job in jobs]
            assert all(job and job.status == JobStatus.PROCESSING for job in running)
            group.worker(concurrency=2)
            sent = time.monotonic()
            leaving.send_signal(signal.SIGTERM)
            assert leaving.wait(20) == 0
            for job in jobs:
                async with asyncio.timeout(30):
                    while True:
                        current = await store.get_job(job.job_id)
                        assert current is not None
                        if current.status == JobStatus.COMPLETED:
                            break
                        await asyncio.sleep(0.2)
            assert time.monotonic() - sent < 30  # the lease was 120 s
    outcomes = group.outcomes()
    for job in jobs:
        assert outcomes[(job.job_id, "released")] == 1
        assert outcomes[(job.job_id, "completed")] == 1
