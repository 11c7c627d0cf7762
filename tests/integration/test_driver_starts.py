"""PostgreSQL starts run on the pooled asyncpg connection itself (postgres_driver.py): the same
row as through SQLAlchemy, the same answers, within the pool's size, bounded by the store's
timeout; a connection cut off at the deadline never goes back to the pool, and a cancelled
start's statement is cancelled at the server too."""

from __future__ import annotations

import asyncio
import dataclasses
import json
import time
import uuid
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import asyncpg
import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import (
    Claim,
    Job,
    JobStatus,
    JobStore,
    NewJob,
    QuotaRule,
    StoreUnavailable,
    open_store,
    postgres_driver,
)
from bina.jobs.postgres_backend import PostgresBackend
from bina.jobs.postgres_database import PostgresDatabase, create_postgres_engine
from tests.job_helpers import site_job, site_result
from tests.waiting import wait_until_async

pytestmark = pytest.mark.postgres

#: Columns that differ between two starts by nature: ids and times.
_OWN = {"id", "job_id", "created_at", "updated_at", "available_at", "idempotency_key"}
SUBJECT_LOCK = "SELECT pg_advisory_lock(hashtextextended($1, 0))"
SUBJECT_UNLOCK = "SELECT pg_advisory_unlock(hashtextextended($1, 0))"


@pytest.fixture
async def admin(postgres_url: str) -> AsyncIterator[asyncpg.Connection]:
    connection = await asyncpg.connect(postgres_url)
    yield connection
    await connection.close()


def through_sqlalchemy(url: str) -> JobStore:
    """A store whose starts take SQLAlchemy's path (as behind a transaction pooler)."""
    database = PostgresDatabase(create_postgres_engine(url), autocommit_writes=False)
    return JobStore(PostgresBackend(database, listen_dsn=None), columns=WEBSITE_COLUMNS)


async def stored(admin: asyncpg.Connection, job_id: str) -> dict[str, Any]:
    row = await admin.fetchrow("SELECT * FROM generation_jobs WHERE job_id = $1", job_id)
    assert row is not None
    return {name: value for name, value in dict(row).items() if name not in _OWN}


def starts(marker: str) -> list[tuple[NewJob, QuotaRule | None]]:
    """A bare start (its insert alone), and the API's start (key and quota, one call)."""
    return [
        (site_job(f"Kedai {marker}", language="en", user_id="u"), None),
        (
            NewJob(
                {"description": f"Kedai {marker}", "note": [1, "dua"]},
                user_id="u",
                idempotency_key=f"{marker}-k",
                request_id="req-7",
                callback_url="https://example.com/hook",
            ),
            QuotaRule("u", 10),
        ),
    ]


@pytest.fixture
def on_driver(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The units of work run on asyncpg itself (postgres_driver.run_on_driver), by class name."""
    ran: list[str] = []
    real = postgres_driver.run_on_driver

    async def counted(engine: Any, work: Any, *args: Any) -> Any:
        ran.append(type(work).__name__)
        return await real(engine, work, *args)

    monkeypatch.setattr("bina.jobs.postgres_database.run_on_driver", counted)
    return ran


async def test_a_start_on_asyncpg_stores_and_answers_what_sqlalchemy_does(
    postgres_url: str, admin: asyncpg.Connection, on_driver: list[str]
) -> None:
    async with (
        open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as fast,
        through_sqlalchemy(postgres_url) as plain,
    ):
        marker = uuid.uuid4().hex
        for (new_fast, quota), (new_plain, _quota) in zip(
            starts(f"{marker}-a"), starts(f"{marker}-b"), strict=True
        ):
            on_driver.clear()
            job, created = await fast.create_job(new_fast, quota)
            assert on_driver == ["StartTry"]  # on asyncpg itself
            other, other_created = await plain.create_job(new_plain, quota)
            assert len(on_driver) == 1  # through SQLAlchemy

            assert created and other_created
            assert other == await plain.get_job(other.job_id)
            mine, theirs = await stored(admin, job.job_id), await stored(admin, other.job_id)
            assert {**mine, "description": None} == {**theirs, "description": None}
            assert job == await fast.get_job(job.job_id)  # the answer is the stored row
            again, created_again = await fast.create_job(new_fast, quota)
            if new_fast.idempotency_key is not None:
                assert (again, created_again) == (job, False)  # the repeat, found by the key


async def test_starts_stay_within_the_pool(postgres_url: str, admin: asyncpg.Connection) -> None:
    async with open_store(
        postgres_url, columns=WEBSITE_COLUMNS, listen=False, connections=2
    ) as store:
        made = await asyncio.gather(
            *(store.create_job(site_job(f"Kedai {i}", user_id=f"u{i % 3}")) for i in range(20)),
            *(
                store.create_job(site_job(f"Kedai q{i}", user_id="q"), QuotaRule("q", 50))
                for i in range(20)
            ),
        )
        opened = await admin.fetchval(
            "SELECT count(*) FROM pg_stat_activity "
            "WHERE datname = current_database() AND application_name = 'bina'"
        )
    assert all(created for _job, created in made)
    assert opened <= 2


async def test_an_idle_connection_due_for_replacing_is_replaced_and_the_start_made(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    # A start takes an idle connection without the greenlet bridge; one that must be
    # reopened first (here: recycled by age) needs I/O, so the start checks out the usual
    # way and the pool reopens it there.
    engine = create_postgres_engine(postgres_url, connections=1)
    backend = PostgresBackend(PostgresDatabase(engine), listen_dsn=None)
    async with JobStore(backend, columns=WEBSITE_COLUMNS) as store:
        first, _ = await store.create_job(site_job("Kedai 1", user_id="u"))
        old_pid = await backend_pids(admin)
        idle = postgres_driver.idle_connection(engine)  # the fast path, when one is idle
        assert idle is not None
        idle.close()
        engine.sync_engine.pool._recycle = 0  # every age is due for replacing
        await asyncio.sleep(0.01)
        assert postgres_driver.idle_connection(engine) is None  # due for replacing: no I/O here
        second, created = await store.create_job(site_job("Kedai 2", user_id="u"))
        assert created and second.job_id != first.job_id
        assert (
            await admin.fetchval(
                "SELECT count(*) FROM generation_jobs WHERE job_id = ANY($1::text[])",
                [first.job_id, second.job_id],
            )
            == 2
        )
        assert await backend_pids(admin) != old_pid  # reopened, and still one connection


async def backend_pids(admin: asyncpg.Connection) -> list[int]:
    rows = await admin.fetch(
        "SELECT pid FROM pg_stat_activity "
        "WHERE datname = current_database() AND application_name = 'bina'"
    )
    return sorted(row["pid"] for row in rows)


async def test_a_start_past_its_deadline_is_unavailable_and_its_connection_discarded(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    async with open_store(
        postgres_url, columns=WEBSITE_COLUMNS, listen=False, connections=1, timeout_s=0.5
    ) as store:
        await store.create_job(site_job("Kedai", user_id="owner"))
        await admin.execute(SUBJECT_LOCK, "owner")  # the start waits for the quota's lock
        try:
            began = time.monotonic()
            with pytest.raises(StoreUnavailable) as refused:
                await store.create_job(site_job("Kedai 2", user_id="owner"), QuotaRule("owner", 5))
            waited = time.monotonic() - began
        finally:
            await admin.execute(SUBJECT_UNLOCK, "owner")

        assert isinstance(refused.value.__cause__, TimeoutError)
        assert waited < 2.0  # the bound the store's timeout (0.5 s) promises, with slack
        assert await pool_hands_out_a_live_connection(store)  # the cut-off one was dropped
        _job, created = await store.create_job(site_job("Kedai 3", user_id="owner"))
        assert created


async def test_a_cancelled_start_gives_no_half_used_connection_back(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    async with open_store(
        postgres_url, columns=WEBSITE_COLUMNS, listen=False, connections=1
    ) as store:
        await store.create_job(site_job("Kedai", user_id="owner"))
        await admin.execute(SUBJECT_LOCK, "owner")
        try:
            starting = asyncio.create_task(
                store.create_job(site_job("Kedai 2", user_id="owner"), QuotaRule("owner", 5))
            )
            await wait_until_async(
                lambda: lock_waiters(admin), message="the start waits for the lock"
            )
            starting.cancel()
            with pytest.raises(asyncio.CancelledError):
                await starting
            # The server gives up the statement (asyncpg's CancelRequest) while the lock is
            # still held: a connection merely cut off would leave it waiting, to commit later.
            await wait_until_async(
                lambda: no_lock_waiters(admin), message="the cancelled statement ended"
            )
        finally:
            await admin.execute(SUBJECT_UNLOCK, "owner")

        job, created = await store.create_job(site_job("Kedai 3", user_id="owner"))
        assert created and (await store.get_job(job.job_id)) == job
        cancelled = await admin.fetchval(
            "SELECT count(*) FROM generation_jobs WHERE description = 'Kedai 2'"
        )
        assert cancelled == 0


async def lock_waiters(admin: asyncpg.Connection) -> bool:
    return await advisory_waiters(admin) == 1


async def no_lock_waiters(admin: asyncpg.Connection) -> bool:
    return await advisory_waiters(admin) == 0


async def advisory_waiters(admin: asyncpg.Connection) -> int:
    waiting = await admin.fetchval(
        "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
    )
    return int(waiting)


async def pool_hands_out_a_live_connection(store: JobStore) -> bool:
    """Whether the pool's next connection (its only one here) is open."""
    database = store.database
    assert isinstance(database, PostgresDatabase)
    pooled = await database.engine.raw_connection()
    try:
        return not pooled.driver_connection.is_closed()  # type: ignore[union-attr]
    finally:
        pooled.close()


async def test_warm_up_prepares_the_starts_statements_on_every_connection_and_writes_nothing(
    postgres_url: str, admin: asyncpg.Connection
) -> None:
    async with open_store(
        postgres_url, columns=WEBSITE_COLUMNS, listen=False, connections=2
    ) as store:
        await store.warm_up(2)
        database = store.database
        assert isinstance(database, PostgresDatabase)
        held = [await database.engine.raw_connection() for _ in range(2)]  # both connections
        try:
            for pooled in held:
                driver: Any = pooled.driver_connection
                prepared = await driver.fetch("SELECT statement FROM pg_prepared_statements")
                texts = [row["statement"] for row in prepared]
                # Prepared by asyncpg for the starts, besides SQLAlchemy's for its rehearsal.
                assert sum("bina_start_job(" in text for text in texts) >= 2
                assert any(text.startswith("INSERT INTO generation_jobs") for text in texts)
                # And a status poll's two reads, each on both connections' paths.
                assert sum("jsonb_send(" in text for text in texts) >= 2
                head = "SELECT generation_jobs.job_id, generation_jobs.user_id, "
                head += "generation_jobs.status, generation_jobs.version \nFROM"
                assert sum(text.startswith(head) for text in texts) >= 2, texts
        finally:
            for pooled in held:
                pooled.close()
    assert await admin.fetchval("SELECT count(*) FROM generation_jobs") == 0


async def test_claims_and_completions_on_asyncpg_match_sqlalchemys(
    postgres_url: str, on_driver: list[str]
) -> None:
    lease = timedelta(seconds=30)
    claimed: dict[str, list[Job]] = {}
    async with (
        open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as fast,
        through_sqlalchemy(postgres_url) as slow,
    ):
        for name, store in (("fast", fast), ("slow", slow)):
            for i in range(3):
                payload = {"description": f"Kedai {name} {i}", "language": "en", "note": [1]}
                await store.create_job(NewJob(payload, user_id=f"u-{name}"))
            # Each store claims its own three (the other's are claimed already, or later).
            claimed[name] = await store.claim_jobs(f"w-{name}", 3, lease)
            group = [Claim(job.job_id, f"w-{name}", job.attempts) for job in claimed[name]]
            results = [
                site_result(f"<p>{i}</p>", [{"style": "modern", "html": f"<p>{i}</p>"}])
                for i in range(3)
            ]
            pairs = zip(group, results, strict=True)
            await asyncio.gather(*(store.complete(c, r) for c, r in pairs))
            for c, result in zip(group, results, strict=True):
                done = await store.get_job(c.job_id)
                assert done is not None and done.status == JobStatus.COMPLETED
                assert done.result is not None and done.result["styles"] == result["styles"]
    assert "StatementWork" in on_driver  # the fast store's claim and completions
    fast_jobs, slow_jobs = claimed["fast"], claimed["slow"]
    assert len(fast_jobs) == len(slow_jobs) == 3
    for fast_job, slow_job in zip(fast_jobs, slow_jobs, strict=True):
        same = {"id", "job_id", "created_at", "updated_at", "available_at", "started_at"}
        same |= {"lease_expires_at", "worker_id", "user_id", "payload", "version"}
        for field in dataclasses.fields(fast_job):
            if field.name not in same:
                assert getattr(fast_job, field.name) == getattr(slow_job, field.name), field.name
        assert fast_job.payload["note"] == slow_job.payload["note"] == [1]
        assert isinstance(fast_job.id, str) and fast_job.created_at.tzinfo is not None
        assert fast_job.lease_expires_at is not None and fast_job.worker_id == "w-fast"


async def test_a_status_polls_reads_on_asyncpg_match_sqlalchemys(
    postgres_url: str, on_driver: list[str]
) -> None:
    async with (
        open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as fast,
        through_sqlalchemy(postgres_url) as slow,
    ):
        job, _created = await fast.create_job(site_job("Kedai kepala", user_id="u-head"))
        on_driver.clear()
        head = await fast.get_job_head(job.job_id)
        assert on_driver == ["BriefRead"]  # on asyncpg itself
        assert head == await slow.get_job_head(job.job_id)  # through SQLAlchemy
        assert head is not None
        assert (head.job_id, head.user_id, head.status, head.version) == (
            job.job_id,
            "u-head",
            JobStatus.QUEUED,
            job.version,
        )
        assert isinstance(head.job_id, str) and isinstance(head.version, int)
        # A job that is not there, and an id that cannot be one (no query at all).
        on_driver.clear()
        assert await fast.get_job_head(str(uuid.uuid4())) is None
        assert await fast.get_job_head("not-a-job") is None
        assert on_driver == ["BriefRead"]
        # The head moves with the job: claimed and finished, the version goes up.
        [claimed] = await fast.claim_jobs("w-head", 1, timedelta(seconds=30))
        assert claimed.job_id == job.job_id
        finished = site_result("<p>x</p>", [{"style": "modern", "html": "<p>x</p>"}], "bakery")
        await fast.complete(Claim(job.job_id, "w-head", claimed.attempts), finished)
        done = await fast.get_job_head(job.job_id)
        assert done is not None and done.status == JobStatus.COMPLETED and done.is_finished
        assert done.version > head.version
        assert done == await slow.get_job_head(job.job_id)
        # The full answer's read: the outputs as stored, the same bytes either way.
        on_driver.clear()
        text = await fast.get_job_text(job.job_id)
        assert on_driver == ["StatementWork"]
        assert text is not None and text == await slow.get_job_text(job.job_id)
        assert text.whole and text.result is not None
        assert json.loads(text.result["styles"] or b"") == finished["styles"]
        assert text.user_id == "u-head" and text.created_at.tzinfo is not None
        assert await fast.get_job_text(str(uuid.uuid4())) is None
