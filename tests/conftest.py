"""Shared fixtures: a fresh SQLite file or a fresh PostgreSQL database per test.

PostgreSQL comes from BINA_TEST_POSTGRES_URL (default: the local server with trust auth). When
it cannot be reached its tests are skipped with a loud reason, unless BINA_TEST_REQUIRE_POSTGRES=1
(set by CI), which turns that skip into a failure.
"""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.config import Settings
from bina.jobs import JobStore, open_store
from bina.jobs.migrate import upgrade_async

POSTGRES_ADMIN_URL = os.environ.get(
    "BINA_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
TEMPLATE_DB = f"bina_test_template_{os.getpid()}"


def _required(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes")


def skip_or_fail(reason: str, required_by: str) -> None:
    """Skip loudly, or fail when the environment says this part is required."""
    if _required(required_by):
        pytest.fail(f"{reason} ({required_by}=1 makes this a failure)", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {reason}; set {required_by}=1 to make this a failure")


def _with_database(url: str, database: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).set(database=database).render_as_string(hide_password=False)


async def _admin(statements: list[str]) -> None:
    import asyncpg

    connection = await asyncpg.connect(_with_database(POSTGRES_ADMIN_URL, "postgres"), timeout=3)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """A migrated template database, cloned per test (cheap: a file copy in the server)."""
    try:
        asyncio.run(_admin([f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}"']))
        asyncio.run(_admin([f'CREATE DATABASE "{TEMPLATE_DB}"']))
    except Exception as exc:
        skip_or_fail(
            f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {exc}", "BINA_TEST_REQUIRE_POSTGRES"
        )
    asyncio.run(upgrade_async(_with_database(POSTGRES_ADMIN_URL, TEMPLATE_DB)))
    yield TEMPLATE_DB
    asyncio.run(_admin([f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)']))


@pytest.fixture
def postgres_url(postgres_template: str) -> Iterator[str]:
    """A fresh, migrated PostgreSQL database for one test."""
    name = f"bina_test_{uuid.uuid4().hex[:12]}"
    asyncio.run(_admin([f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"']))
    yield _with_database(POSTGRES_ADMIN_URL, name)
    asyncio.run(_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))


@pytest.fixture
def sqlite_url(tmp_path: Path) -> str:
    """A fresh, migrated SQLite file for one test."""
    url = f"sqlite:///{tmp_path / 'bina.db'}"
    asyncio.run(upgrade_async(url))
    return url


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest) -> str:
    """The same test on a real SQLite file and on the real PostgreSQL server."""
    return str(request.getfixturevalue(f"{request.param}_url"))


@pytest.fixture
def settings(database_url: str) -> Settings:
    """Settings for one test, never read from the developer's environment or .env."""
    return Settings(
        _env_file=None,
        database_url=database_url,
        lease_seconds=2,
        heartbeat_seconds=0.2,
        poll_seconds=0.2,
        jwt_secret="test-secret-test-secret-test-secret",
        cookie_secret="test-cookie-secret",
    )


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[JobStore]:
    async with open_store(database_url, columns=WEBSITE_COLUMNS, poll_seconds=0.2) as opened:
        yield opened


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests last: sync Playwright keeps an event loop running in the main thread for
    the rest of the session, which would break every asyncio test collected after them."""
    browser_dir = Path(__file__).parent / "browser"
    items[:] = sorted(items, key=lambda item: browser_dir in Path(str(item.path)).parents)
