"""`/livez` and `/readyz` on a real SQLite file and the real PostgreSQL: alive without the
database; ready only while the database answers in time and is at this code's schema."""

from __future__ import annotations

import asyncio
import sqlite3
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
from alembic.script import ScriptDirectory
from sqlalchemy.engine import make_url

from bina.config import Settings
from bina.jobs import migrate
from bina.jobs.migrate import upgrade_async
from tests.api_helpers import Api, AppFactory, assert_error, running_app
from tests.conftest import POSTGRES_ADMIN_URL, _admin, _with_database
from tests.waiting import wait_until_async

#: The last revision before the current scripts' head that every test database can be put at.
BEHIND = "0006"


def settings_for(database_url: str, **values: Any) -> Settings:
    return Settings(
        _env_file=None,
        database_url=database_url,
        cookie_secret="test-cookie-secret",
        **values,
    )


async def assert_ready(client: httpx.AsyncClient) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "ready"}
    assert response.headers["Cache-Control"] == "no-store"


async def assert_not_ready(client: httpx.AsyncClient, error: str) -> None:
    response = await client.get("/readyz")
    body = assert_error(response, 503, error)
    assert body["status"] == "not_ready"
    assert int(response.headers["Retry-After"]) > 0
    assert response.headers["Cache-Control"] == "no-store"
    head = await client.head("/readyz")
    assert head.status_code == 503 and head.content == b""


async def assert_alive(client: httpx.AsyncClient) -> None:
    response = await client.get("/livez")
    assert response.status_code == 200, response.text
    assert response.json() == {"status": "alive"}
    head = await client.head("/livez")
    assert head.status_code == 200 and head.content == b""


async def test_a_migrated_database_is_ready(api: Api) -> None:
    client = api.client()
    await assert_alive(client)
    await assert_ready(client)
    head = await client.head("/readyz")
    assert head.status_code == 200 and head.content == b""


# --- a database that is gone --------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        pytest.param("sqlite:///{tmp}/no-such-folder/bina.db", id="sqlite-missing-file"),
        pytest.param("postgresql://postgres@127.0.0.1:1/bina", id="postgres-closed-port"),
    ],
)
async def test_without_a_database_alive_but_not_ready(url: str, tmp_path: Path) -> None:
    async with running_app(settings_for(url.format(tmp=tmp_path))) as api:
        client = api.client()
        await assert_alive(client)
        await assert_not_ready(client, "database_unavailable")


async def _set_outage(database: str, down: bool) -> None:
    admin = await asyncpg.connect(_with_database(POSTGRES_ADMIN_URL, "postgres"))
    try:
        # Refuse new connections and cut the open ones: to Bina, the server is gone.
        await admin.execute(
            f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(not down).lower()}'
        )
        if down:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                database,
            )
    finally:
        await admin.close()


@pytest.mark.postgres
async def test_a_postgres_outage_makes_it_unready_and_its_end_ready_again(
    postgres_url: str,
) -> None:
    database = make_url(postgres_url).database
    assert database is not None
    async with running_app(settings_for(postgres_url)) as api:
        client = api.client()
        await assert_ready(client)
        await _set_outage(database, down=True)
        try:
            await assert_not_ready(client, "database_unavailable")
            await assert_alive(client)
        finally:
            await _set_outage(database, down=False)
        await wait_until_async(
            lambda: _is_ready(client), timeout=10, message="ready again after the outage"
        )


async def _is_ready(client: httpx.AsyncClient) -> bool:
    return (await client.get("/readyz")).status_code == 200


@pytest.mark.postgres
async def test_a_database_that_hangs_is_unready_within_the_timeout(postgres_url: str) -> None:
    timeout = 0.5
    async with running_app(settings_for(postgres_url, db_timeout_s=timeout)) as api:
        client = api.client()
        await assert_ready(client)
        blocker = await asyncpg.connect(postgres_url)
        try:
            # Holding this lock, every read of the schema revision waits: the database hangs.
            transaction = blocker.transaction()
            await transaction.start()
            await blocker.execute("LOCK TABLE bina_alembic_version IN ACCESS EXCLUSIVE MODE")
            began = time.monotonic()
            response = await client.get("/readyz")
            waited = time.monotonic() - began
            assert_error(response, 503, "database_unavailable")
            assert waited < timeout + 1.5, f"answered after {waited:.2f} s"
            await assert_alive(client)
            await transaction.rollback()
        finally:
            await blocker.close()
        await wait_until_async(lambda: _is_ready(client), timeout=10, message="ready again")


# --- migrations ------------------------------------------------------------------------------


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def behind_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database migrated to BEHIND only (an older release's schema)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'behind.db'}"
        asyncio.run(upgrade_async(url, BEHIND))
        yield url
        return
    request.getfixturevalue("postgres_template")  # skips loudly when PostgreSQL is away
    name = f"bina_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin([f'CREATE DATABASE "{name}"']))
    url = _with_database(POSTGRES_ADMIN_URL, name)
    try:
        asyncio.run(upgrade_async(url, BEHIND))
        yield url
    finally:
        asyncio.run(_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))


async def test_a_database_behind_the_code_is_unready_until_migrated(behind_url: str) -> None:
    assert BEHIND not in migrate.script_revisions().heads
    async with running_app(settings_for(behind_url)) as api:
        client = api.client()
        await assert_not_ready(client, "migrations_pending")
        await assert_alive(client)
        await upgrade_async(behind_url)  # `bina migrate`, while the instance runs
        await assert_ready(client)


async def test_an_empty_database_is_unready(tmp_path: Path) -> None:
    async with running_app(settings_for(f"sqlite:///{tmp_path / 'empty.db'}")) as api:
        await assert_not_ready(api.client(), "migrations_pending")


async def test_a_database_migrated_by_a_newer_release_stays_ready(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    await upgrade_async(f"sqlite:///{path}")
    with sqlite3.connect(path) as connection:  # what a later release's migration leaves
        connection.execute("UPDATE bina_alembic_version SET version_num = '9999_later'")
    async with running_app(settings_for(f"sqlite:///{path}")) as api:
        await assert_ready(api.client())


@pytest.fixture
def script_reads(monkeypatch: pytest.MonkeyPatch, database_url: str) -> Iterator[list[int]]:
    """Counts how often the migration scripts are read, from a fresh start (after the test
    database was migrated)."""
    reads: list[int] = []
    original = ScriptDirectory.from_config

    def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(1)
        return original(*args, **kwargs)

    migrate.script_revisions.cache_clear()
    monkeypatch.setattr(ScriptDirectory, "from_config", counted)
    yield reads
    migrate.script_revisions.cache_clear()


async def test_the_scripts_are_read_once_not_per_probe(
    make_api: AppFactory, script_reads: list[int]
) -> None:
    async with make_api() as api:
        client = api.client()
        for _ in range(3):
            await assert_ready(client)
    assert len(script_reads) == 1


# --- metrics -----------------------------------------------------------------------------------


@pytest.fixture
async def probed(api: Api) -> AsyncIterator[httpx.AsyncClient]:
    client = api.client()
    for path in ("/livez", "/readyz", "/api/health"):
        assert (await client.get(path)).status_code == 200
    yield client


async def test_probes_are_left_out_of_the_request_latency_metric(
    probed: httpx.AsyncClient,
) -> None:
    text = (await probed.get("/metrics")).text
    assert 'route="/api/health"' in text  # requests are timed…
    assert 'route="/livez"' not in text  # …but not the orchestrator's probes
    assert 'route="/readyz"' not in text


async def test_probes_are_in_the_openapi_document(api: Api) -> None:
    paths = (await api.client().get("/openapi.json")).json()["paths"]
    assert "get" in paths["/livez"] and "get" in paths["/readyz"]
    assert "503" in paths["/readyz"]["get"]["responses"]
