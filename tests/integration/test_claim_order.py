"""Claims take the oldest runnable jobs, queued or with an expired lease, in creation order, and
PostgreSQL finds them from the (status, created_at) index rather than by reading the queue."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Claim, JobStatus, JobStore, open_store
from bina.jobs.driver_sql import DriverStatement
from bina.jobs.postgres_database import PostgresDatabase
from tests.job_helpers import site_job

LEASE = timedelta(seconds=30)


class SteppedClock:
    """Time that moves only when the test says so."""

    def __init__(self) -> None:
        self.now = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


@pytest.fixture
def clock() -> SteppedClock:
    return SteppedClock()


@pytest.fixture
async def store(database_url: str, clock: SteppedClock) -> AsyncIterator[JobStore]:
    async with open_store(database_url, columns=WEBSITE_COLUMNS, clock=clock) as opened:
        yield opened


async def test_expired_and_queued_jobs_are_claimed_oldest_first_within_the_limit(
    store: JobStore, clock: SteppedClock
) -> None:
    made = []
    for name in ("first", "second", "third", "fourth", "fifth"):
        job, _ = await store.create_job(site_job(f"Kedai {name}"))
        made.append(job.job_id)
        clock.advance(1)
    # The two oldest are taken by a worker that then dies: their leases run out.
    taken = await store.claim_jobs("dead-worker", 2, LEASE)
    assert [job.job_id for job in taken] == made[:2]
    clock.advance(LEASE.total_seconds() + 1)

    # Oldest first across both kinds, and never more than asked for.
    one = await store.claim_jobs("w2", 1, LEASE)
    assert [(job.job_id, job.attempts) for job in one] == [(made[0], 2)]
    three = await store.claim_jobs("w2", 3, LEASE)
    assert [(job.job_id, job.attempts) for job in three] == [
        (made[1], 2),
        (made[2], 1),
        (made[3], 1),
    ]
    rest = await store.claim_jobs("w2", 10, LEASE)
    assert [job.job_id for job in rest] == [made[4]]
    assert await store.claim_jobs("w2", 10, LEASE) == []
    for job_id in made:
        now = await store.get_job(job_id)
        assert now is not None and now.status == JobStatus.PROCESSING
        assert now.worker_id == "w2"


async def test_a_job_waiting_for_its_retry_time_is_left_until_then(
    store: JobStore, clock: SteppedClock
) -> None:
    later, _ = await store.create_job(site_job("Kedai nanti"))
    [claimed] = await store.claim_jobs("w1", 1, LEASE)
    claim = Claim(claimed.job_id, "w1", claimed.attempts)
    await store.fail(claim, "model away", retry_in=timedelta(seconds=60))
    clock.advance(1)
    now_job, _ = await store.create_job(site_job("Kedai sekarang"))
    long_lease = timedelta(minutes=5)  # still held when the retry time comes
    assert [job.job_id for job in await store.claim_jobs("w1", 10, long_lease)] == [now_job.job_id]
    clock.advance(60)
    assert [job.job_id for job in await store.claim_jobs("w1", 10, LEASE)] == [later.job_id]


@pytest.mark.postgres
async def test_postgresql_finds_claimable_jobs_by_index_however_long_the_queue(
    postgres_url: str,
) -> None:
    async with open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as store:
        admin = await asyncpg.connect(postgres_url)
        try:
            for i in range(2000):
                await store.create_job(site_job(f"Kedai {i}"))
            await store.claim_jobs("w1", 10, LEASE)  # a few running too
            await admin.execute("ANALYZE generation_jobs")
            database = store.database
            assert isinstance(database, PostgresDatabase)
            statement = DriverStatement(store.statements.claim, database.engine.dialect)
            now = datetime.now(UTC)
            values = {"now": now, "lease_until": now + LEASE, "worker_id": "w2", "limit": 10}
            plan = await admin.fetchval(
                "EXPLAIN (FORMAT JSON) " + statement.sql, *statement.parameters(values)
            )
        finally:
            await admin.close()
    nodes = list(_nodes(json.loads(plan)[0]["Plan"]))
    scans = [
        (node["Node Type"], node.get("Index Name")) for node in nodes if "Scan" in node["Node Type"]
    ]
    assert ("Seq Scan", None) not in scans, scans
    # Both kinds of claimable job, read from the index in creation order.
    assert scans.count(("Index Scan", "ix_generation_jobs_runnable")) == 2, scans


def _nodes(node: dict[str, Any]) -> Any:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)
