"""Real connections from URLs written as Supabase hands them out, and a pool of the size asked.

Every path that connects is exercised with `sslmode` in the URL: the migrations, the store's
pool (SQLAlchemy + asyncpg), the LISTEN connection and a worker's liveness lock (asyncpg from
the DSN). The test server may or may not offer TLS: `prefer`, `allow` and `disable` work either
way, and `require` works with TLS or fails with asyncpg's own clear error without it.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from bina.api.lifespan import API_POOL_SIZE
from bina.app.job_columns import WEBSITE_COLUMNS
from bina.app.workers import open_job_store
from bina.config import Settings
from bina.jobs import Claim, JobStatus, NewJob, open_store
from bina.jobs.connect import open_database
from bina.jobs.migrate import upgrade_async
from tests.faults.pgbouncer import pgbouncer
from tests.job_helpers import site_result
from tests.waiting import wait_until_async

pytestmark = pytest.mark.postgres


def _with_query(url: str, **query: str) -> str:
    return make_url(url).update_query_dict(query).render_as_string(hide_password=False)


async def _server_offers_tls(url: str) -> bool:
    connection = await asyncpg.connect(url, timeout=5)
    try:
        return bool(await connection.fetchval("SELECT current_setting('ssl') = 'on'"))
    finally:
        await connection.close()


@pytest.mark.parametrize("mode", ["prefer", "allow", "disable"])
async def test_every_connection_works_with_sslmode_in_the_url(postgres_url: str, mode: str) -> None:
    url = _with_query(postgres_url, sslmode=mode)
    await upgrade_async(url)
    async with open_store(url, columns=WEBSITE_COLUMNS, poll_seconds=0.2) as store:
        job, created = await store.create_job(NewJob({"description": "Kedai"}, user_id="u"))
        assert created
        stored = await store.get_job(job.job_id)
        assert stored is not None and stored.user_id == "u"
        await wait_until_async(lambda: store.listening, timeout=10, message="LISTEN connected")
        liveness = store.liveness("worker-sslmode")
        assert liveness is not None
        try:
            assert await liveness.hold() is not None  # the session lock was taken
        finally:
            await liveness.release()


async def test_sslmode_require_connects_with_tls_or_fails_clearly_without(
    postgres_url: str,
) -> None:
    url = _with_query(postgres_url, sslmode="require")
    database = open_database(url, pool_size=1)

    def one(conn: sa.Connection) -> Any:
        return conn.execute(sa.text("SELECT 1")).scalar_one()

    try:
        if await _server_offers_tls(postgres_url):
            assert await database.read(one) == 1
        else:
            with pytest.raises(ConnectionError, match="rejected SSL upgrade"):
                await database.read(one)
    finally:
        await database.close()


async def test_bina_db_pool_size_caps_the_connections_of_a_process(postgres_url: str) -> None:
    settings = Settings(_env_file=None, database_url=postgres_url, db_pool_size=3, listen=False)
    async with open_job_store(settings, pool_size=API_POOL_SIZE) as store:
        # What an API process does at start: asks for its usual number, gets the pool's.
        await store.warm_up(API_POOL_SIZE)
        assert store.database.open_connections() == 3

        def slow(conn: sa.Connection) -> None:
            conn.execute(sa.text("SELECT pg_sleep(0.05)"))

        # More work at once than connections: it waits its turn, no connection is added.
        await asyncio.gather(*(store.database.read(slow) for _ in range(12)))
        assert store.database.open_connections() == 3
        admin = await asyncpg.connect(postgres_url, timeout=5)
        try:
            opened = await admin.fetchval(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND application_name = 'bina'"
            )
        finally:
            await admin.close()
        assert opened == 3


async def test_through_a_transaction_pooler_with_sslmode(postgres_url: str) -> None:
    # PgBouncer in transaction mode, as Supabase's port 6543 is: statements are not kept
    # between transactions, and LISTEN and the session lock are turned off by the URL alone
    # (the store is asked to listen, as BINA_LISTEN's default does).
    with pgbouncer(postgres_url) as pooled_url:
        url = _with_query(pooled_url, sslmode="prefer")
        async with open_store(url, columns=WEBSITE_COLUMNS, listen=True) as store:
            assert not store.listening
            assert store.liveness("worker-pooled") is None
            for round_ in range(3):  # the same statements again, on whichever server connection
                job, _created = await store.create_job(NewJob({"description": f"Kedai {round_}"}))
                [claimed] = await store.claim_jobs("worker-pooled", 1, timedelta(seconds=30))
                assert claimed.job_id == job.job_id
                claim = Claim(job.job_id, "worker-pooled", claimed.attempts)
                await store.complete(claim, site_result(html="<p>ok</p>", styles=[]))
                done = await store.get_job(job.job_id)
                assert done is not None and done.status == JobStatus.COMPLETED
