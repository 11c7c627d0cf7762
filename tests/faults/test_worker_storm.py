"""Worker storm: workers SIGKILLed at random and restarted; every job completes exactly once."""

from __future__ import annotations

import asyncio
import random
import time
from datetime import timedelta
from pathlib import Path

import pytest

from bina.jobs import JobStatus, open_store
from tests.faults.cluster import cluster
from tests.job_helpers import site_job

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

# Enough for several kills: a retaken job goes on from its stored draft, so kills cost
# the storm little time.
JOBS = 1000


async def test_random_kills_lose_nothing_and_repeat_nothing(
    postgres_url: str, tmp_path: Path
) -> None:
    rng = random.Random(20261128)
    # A storm this violent can hit one job three times (the default max_attempts), which
    # would rightly fail it: these jobs get more attempts, so any loss is a bug.
    env = {"BINA_OFFLINE_DELAY_S": "2", "BINA_LEASE_SECONDS": "2"}
    with cluster(postgres_url, tmp_path, **env) as group:
        workers = [group.worker(concurrency=25) for _ in range(3)]
        async with open_store(postgres_url, listen=False) as store:
            job_ids = []
            for i in range(JOBS):
                new = site_job(f"Kedai runcit nombor {i} di Ipoh, RM{i}", max_attempts=20)
                job_ids.append((await store.create_job(new))[0].job_id)
            kills = 0
            deadline = time.monotonic() + 240
            while time.monotonic() < deadline:
                await asyncio.sleep(rng.uniform(2, 4))
                stats = await store.queue_stats(live_within=timedelta(seconds=60))
                if stats.queued == 0 and stats.processing == 0:
                    break
                victim = rng.randrange(len(workers))
                group.kill(workers[victim])
                kills += 1
                workers[victim] = group.worker(concurrency=25)
            jobs = [await store.get_job(job_id) for job_id in job_ids]

    statuses = [job.status if job else None for job in jobs]
    unfinished = [
        (j.job_id, j.status, j.attempts, j.error)
        for j in jobs
        if j and j.status != JobStatus.COMPLETED
    ]
    assert statuses.count(JobStatus.COMPLETED) == JOBS, unfinished
    assert kills >= 3
    outcomes = group.outcomes()
    completions = [outcomes[(job_id, "completed")] for job_id in job_ids]
    assert max(completions) == 1, "a job was completed twice"
    # A worker killed between its commit and its log line leaves a job completed but unlogged.
    assert completions.count(0) <= kills * 25
    interrupted = sum(1 for job in jobs if job and job.attempts > 1)
    assert interrupted > 0, "the kills never hit a running job; the test proved nothing"
