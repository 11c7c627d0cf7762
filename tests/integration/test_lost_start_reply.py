"""A start whose commit succeeded but whose reply was lost: the store's retry must find the job
it made, not make (and charge) a second one, with or without an idempotency key.

Two ways to lose the reply: on both databases, a `Database` whose first write commits and then
fails the way a reset connection does; on PostgreSQL, a real connection reset by a TCP proxy
after the server has answered the start (and, outside a transaction, committed it).
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from typing import Any, TypeVar

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import JobStore, NewJob, QuotaRule, open_store
from bina.jobs.database import Work
from tests.job_helpers import site_job
from tests.tcp_proxy import running_proxy
from tests.waiting import wait_until_async

T = TypeVar("T")
#: (idempotency key, quota limit): one INSERT; the quota's lock, count and insert; and both.
STARTS = [
    pytest.param(None, None, id="no-key-no-quota"),
    pytest.param(None, 5, id="no-key-with-quota"),
    pytest.param("client-key", 5, id="key-and-quota"),
]


def lost_first_reply(store: JobStore) -> list[int]:
    """Make the store's next write commit, then fail as if the connection had been reset."""
    database = store.database
    real_write = database.write
    writes: list[int] = []

    async def write(work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        result = await real_write(work, one_statement=one_statement, urgent=urgent)
        writes.append(1)
        if len(writes) == 1:
            raise ConnectionResetError("the reply was lost after the commit")
        return result

    database.write = write  # type: ignore[method-assign]
    return writes


def a_start(marker: str, key: str | None, limit: int | None) -> tuple[NewJob, QuotaRule | None]:
    """A start whose payload carries `marker` (the bytes the proxy watches for)."""
    new = site_job(
        f"Kedai kopi {marker} di Ipoh, buka 8 pagi",
        user_id="owner",
        idempotency_key=None if key is None else f"{key}-{marker}",
    )
    return new, None if limit is None else QuotaRule("owner", limit)


async def rows_with(store: JobStore, marker: str) -> list[Any]:
    query = sa.text(
        "SELECT job_id, quota_subject, quota_refunded FROM generation_jobs "
        "WHERE description LIKE :pattern"
    )
    return await store.database.read(
        lambda conn: list(conn.execute(query, {"pattern": f"%{marker}%"}))
    )


async def assert_one_job_one_charge(
    store: JobStore, marker: str, job_id: str, limit: int | None
) -> None:
    rows = await rows_with(store, marker)
    assert [row.job_id for row in rows] == [job_id]
    if limit is not None:
        assert (await store.usage(QuotaRule("owner", limit))).used == 1


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[JobStore]:
    async with open_store(database_url, columns=WEBSITE_COLUMNS, listen=False) as opened:
        yield opened


@pytest.mark.parametrize(("key", "limit"), STARTS)
async def test_the_retry_after_a_lost_reply_returns_the_committed_job(
    store: JobStore, key: str | None, limit: int | None
) -> None:
    writes = lost_first_reply(store)
    marker = uuid.uuid4().hex
    new, quota = a_start(marker, key, limit)

    job, created = await store.create_job(new, quota)

    assert len(writes) == 2  # the first try committed, and the store tried again
    assert created  # this start made the job: it is no replay of another one
    await assert_one_job_one_charge(store, marker, job.job_id, limit)


@pytest.mark.parametrize(("key", "limit"), [start for start in STARTS if start.values[1]])
async def test_the_last_free_generation_is_not_refused_to_its_own_retry(
    store: JobStore, key: str | None, limit: int
) -> None:
    for other in range(limit - 1):
        await store.create_job(site_job(f"Kedai {other}", user_id="owner"), QuotaRule("owner", 9))
    lost_first_reply(store)
    marker = uuid.uuid4().hex
    new, quota = a_start(marker, key, limit)

    job, created = await store.create_job(new, quota)  # no QuotaExceeded: the slot is its own

    assert created
    rows = await rows_with(store, marker)
    assert [row.job_id for row in rows] == [job.job_id]


@pytest.mark.postgres
@pytest.mark.parametrize(("key", "limit"), STARTS)
async def test_a_real_connection_reset_after_the_commit_makes_one_job(
    postgres_url: str, key: str | None, limit: int | None
) -> None:
    url = make_url(postgres_url)
    with running_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        async with open_store(through, columns=WEBSITE_COLUMNS, listen=False) as store:
            for trial in range(3):
                marker = uuid.uuid4().hex
                new, quota = a_start(marker, key, limit)
                proxy.drop_reply_to(marker.encode())

                job, created = await store.create_job(new, quota)

                assert proxy.replies_dropped == trial + 1  # the fault really happened
                assert created
                rows = await rows_with(store, marker)
                assert [row.job_id for row in rows] == [job.job_id]
                charged = [row for row in rows if row.quota_subject and not row.quota_refunded]
                assert len(charged) == (0 if limit is None else 1)


@pytest.mark.postgres
@pytest.mark.parametrize(
    "room_left",
    [pytest.param(True, id="insert-collides"), pytest.param(False, id="quota-looks-spent")],
)
async def test_a_retry_that_overtakes_its_first_try_still_makes_one_job(
    postgres_url: str, admin: asyncpg.Connection, room_left: bool
) -> None:
    """The client's side is reset while its first try waits at the server (for the quota's
    lock, held here); the retry queues behind it. Once the lock is free the first try commits
    and the retry either collides with it on the job id or finds the quota spent by it: both
    must end in that one job, created by this start."""
    limit = 3
    url = make_url(postgres_url)
    with running_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        async with open_store(through, columns=WEBSITE_COLUMNS, listen=False) as store:
            for other in range(limit - 2 if room_left else limit - 1):
                await store.create_job(
                    site_job(f"Kedai {other}", user_id="owner"), QuotaRule("owner", 99)
                )
            marker = uuid.uuid4().hex
            new, quota = a_start(marker, None, limit)
            await admin.execute(SUBJECT_LOCK, "owner")
            try:
                proxy.drop_reply_to(marker.encode(), cut_client_at_once=True)
                starting = asyncio.create_task(store.create_job(new, quota))
                await wait_until_async(
                    lambda: both_tries_wait(admin), message="both tries wait for the lock"
                )
            finally:
                await admin.execute(SUBJECT_UNLOCK, "owner")
            job, created = await starting

            assert proxy.replies_dropped == 1
            assert created
            rows = await rows_with(store, marker)
            assert [row.job_id for row in rows] == [job.job_id]
            used = (await store.usage(QuotaRule("owner", limit))).used
            assert used == (limit - 1 if room_left else limit)


@pytest.fixture
async def admin(postgres_url: str) -> AsyncIterator[asyncpg.Connection]:
    """A connection of the test's own, straight to the server."""
    connection = await asyncpg.connect(postgres_url)
    yield connection
    await connection.close()


#: The session lock on a quota subject that `bina_start_job` takes per transaction.
SUBJECT_LOCK = "SELECT pg_advisory_lock(hashtextextended($1, 0))"
SUBJECT_UNLOCK = "SELECT pg_advisory_unlock(hashtextextended($1, 0))"


async def both_tries_wait(admin: asyncpg.Connection) -> bool:
    waiting = await admin.fetchval(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    )
    return bool(waiting == 2)
