"""Claims take the oldest runnable jobs, queued or with an expired lease, in creation order, and
both databases find them from the (status, created_at) index rather than by reading the queue:
PostgreSQL whatever its statistics say (`bina_claim_candidates`), SQLite with the inline
statement."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from typing import Any

import asyncpg
import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Claim, JobStatus, JobStore, open_store
from bina.jobs.driver_sql import DriverStatement
from bina.jobs.postgres_database import PostgresDatabase
from bina.jobs.sqlite_database import SqliteDatabase
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
@pytest.mark.parametrize("analyzed", [False, True], ids=["no-statistics", "analyzed"])
async def test_postgresql_finds_claimable_jobs_by_index_whatever_the_statistics(
    postgres_url: str, analyzed: bool
) -> None:
    """With 2,000 jobs waiting, the claim's candidates are read from the index in creation order,
    both on a table that was never analyzed (the planner then guesses a handful of queued rows
    and, left alone, reads and sorts them all) and on an analyzed one."""
    async with open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as store:
        admin = await asyncpg.connect(postgres_url)
        try:
            for i in range(2000):
                await store.create_job(site_job(f"Kedai {i}"))
            await store.claim_jobs("w1", 10, LEASE)  # a few running too
            if analyzed:
                await admin.execute("ANALYZE generation_jobs")
            database = store.database
            assert isinstance(database, PostgresDatabase)
            statement = DriverStatement(store.statements.claim_by_function, database.engine.dialect)
            now = datetime.now(UTC)
            values = {"now": now, "lease_until": now + LEASE, "worker_id": "w2", "limit": 10}
            plans = await _nested_plans(admin, statement.sql, statement.parameters(values))
        finally:
            await admin.close()
    [candidates] = [plan for text, plan in plans if "bina_claim_candidates" not in text]
    scans = [
        (node["Node Type"], node.get("Index Name"))
        for node in _nodes(candidates)
        if "Scan" in node["Node Type"] and node["Node Type"] != "CTE Scan"
    ]
    # Both kinds of claimable job, read from the index in creation order; nothing else read.
    assert scans == [("Index Scan", "ix_generation_jobs_runnable")] * 2, scans
    [queued_arm] = [n for n in _nodes(candidates) if n.get("Index Name") and n["Actual Rows"]]
    assert queued_arm["Actual Rows"] == 10  # stopped after the ten it took


async def test_sqlite_reads_claimable_jobs_from_the_index(sqlite_url: str) -> None:
    """SQLite runs the claim's candidates inline: each kind is a search of the (status,
    created_at) index in creation order, and only the twenty candidates at most are sorted."""
    async with open_store(sqlite_url, columns=WEBSITE_COLUMNS) as store:
        for i in range(200):
            await store.create_job(site_job(f"Kedai {i}"))
        database = store.database
        assert isinstance(database, SqliteDatabase)
        statement = DriverStatement(store.statements.claim, database.engine.dialect)
    now = datetime.now(UTC)
    values = {"now": now, "lease_until": now + LEASE, "worker_id": "w2", "limit": 10}
    connection = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"))
    try:
        plan = connection.execute(
            "EXPLAIN QUERY PLAN " + statement.sql, statement.parameters(values)
        ).fetchall()
    finally:
        connection.close()
    details = [detail for _id, _parent, _unused, detail in plan]
    searches = [d for d in details if d.startswith(("SEARCH generation_jobs", "SCAN generation"))]
    assert searches == [
        "SEARCH generation_jobs USING COVERING INDEX sqlite_autoindex_generation_jobs_1 (id=?)",
        "SEARCH generation_jobs USING INDEX ix_generation_jobs_runnable (status=?)",
        "SEARCH generation_jobs USING INDEX ix_generation_jobs_runnable (status=?)",
    ], details
    by_id = {row[0]: row for row in plan}
    sorts = [row for row in plan if row[3] == "USE TEMP B-TREE FOR ORDER BY"]
    # One sort, of the union of both kinds' candidates (not inside either kind's read).
    assert len(sorts) == 1 and by_id[sorts[0][1]][3].startswith("LIST SUBQUERY"), details


async def _nested_plans(
    connection: asyncpg.Connection, sql: str, parameters: tuple[Any, ...]
) -> list[tuple[str, dict[str, Any]]]:
    """The executed plans of `sql` and of the statements inside the functions it calls
    (auto_explain), as (query text, plan); rolled back."""
    messages: list[str] = []
    connection.add_log_listener(lambda _conn, message: messages.append(message.message))
    await connection.execute("LOAD 'auto_explain'")
    for setting in (
        "auto_explain.log_min_duration = 0",
        "auto_explain.log_nested_statements = on",
        "auto_explain.log_analyze = on",
        "auto_explain.log_format = 'json'",
        "client_min_messages = log",
    ):
        await connection.execute(f"SET {setting}")
    transaction = connection.transaction()
    await transaction.start()
    try:
        await connection.fetch(sql, *parameters)
    finally:
        await transaction.rollback()
    await connection.execute("SET client_min_messages = notice")
    plans = []
    for message in messages:
        if "plan:" not in message:
            continue
        found = json.loads(message.split("plan:", 1)[1])
        plans.append((found["Query Text"], found["Plan"]))
    return plans


def _nodes(node: dict[str, Any]) -> Any:
    yield node
    for child in node.get("Plans", []):
        yield from _nodes(child)
