"""PostgreSQL URLs as Supabase and libpq write them reach asyncpg in a form it accepts."""

from __future__ import annotations

import inspect
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import asyncpg
import pytest
from sqlalchemy import event
from sqlalchemy.engine import make_url

from bina.app.workers import open_job_store
from bina.config import Settings
from bina.jobs.connect import open_backend
from bina.jobs.postgres_backend import PostgresBackend
from bina.jobs.postgres_database import PostgresDatabase, create_postgres_engine
from bina.jobs.postgres_url import (
    SSL_MODES,
    asyncpg_dsn,
    behind_transaction_pooler,
    engine_url,
)

SUPABASE_TRANSACTION = (
    "postgresql://postgres.abcdefghij:s3cret@aws-0-ap-southeast-1.pooler.supabase.com:6543/postgres"
)
SUPABASE_SESSION = (
    "postgresql://postgres.abcdefghij:s3cret@aws-0-ap-southeast-1.pooler.supabase.com:5432/postgres"
)
# What SQLAlchemy's adapter takes for itself before calling asyncpg.connect().
_ADAPTER_ARGUMENTS = (
    "prepared_statement_cache_size",
    "prepared_statement_name_func",
    "async_creator_fn",
)


def _query(dsn: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(dsn).query)


class _Captured(Exception):
    """Stops a connection attempt once its arguments are known."""


async def _connect_arguments(database_url: str) -> dict[str, Any]:
    """The keyword arguments the engine passes to the driver's connect, as SQLAlchemy's
    `do_connect` event sees them (the adapter takes its own out, then calls asyncpg)."""
    engine = create_postgres_engine(database_url)
    captured: dict[str, Any] = {}

    @event.listens_for(engine.sync_engine, "do_connect")
    def capture(_dialect: Any, _record: Any, _args: Any, arguments: dict[str, Any]) -> None:
        captured.update(arguments)
        raise _Captured

    try:
        with pytest.raises(_Captured):
            async with engine.connect():
                pass
    finally:
        await engine.dispose()
    return captured


async def _asyncpg_connect_arguments(database_url: str) -> dict[str, Any]:
    """What `asyncpg.connect()` itself receives for `database_url`."""
    arguments = await _connect_arguments(database_url)
    for name in _ADAPTER_ARGUMENTS:
        arguments.pop(name, None)
    return arguments


@pytest.mark.parametrize("mode", SSL_MODES)
async def test_every_libpq_sslmode_reaches_asyncpg_in_the_dsn(mode: str) -> None:
    url = f"postgresql://postgres:pw@db.abcdefghij.supabase.co:5432/postgres?sslmode={mode}"
    assert _query(asyncpg_dsn(url))["sslmode"] == [mode]
    arguments = await _asyncpg_connect_arguments(url)
    # The TypeError of old: `sslmode` as a keyword argument of asyncpg.connect().
    assert "sslmode" not in arguments
    inspect.signature(asyncpg.connect).bind(**arguments)
    assert _query(arguments["dsn"])["sslmode"] == [mode]


def test_an_unknown_sslmode_is_a_clear_error() -> None:
    with pytest.raises(ValueError, match=r"sslmode='required'.*verify-full"):
        asyncpg_dsn("postgresql://u@h/db?sslmode=required")


async def test_libpq_tls_files_and_server_options_stay_for_asyncpg() -> None:
    url = (
        "postgresql://u:pw@h:5432/db?sslmode=verify-full&sslrootcert=/etc/ssl/supabase.crt"
        "&application_name=shop&options=-c%20statement_timeout%3D5s"
    )
    query = _query(asyncpg_dsn(url))
    assert query == {
        "sslmode": ["verify-full"],
        "sslrootcert": ["/etc/ssl/supabase.crt"],
        "application_name": ["shop"],
        "options": ["-c statement_timeout=5s"],
    }
    inspect.signature(asyncpg.connect).bind(**await _asyncpg_connect_arguments(url))


def test_bina_flags_and_client_side_knobs_never_reach_the_server() -> None:
    url = (
        "postgresql://u@h:6543/db?pgbouncer=true&connect_timeout=10&keepalives=1"
        "&keepalives_idle=30&sslmode=require"
    )
    assert _query(asyncpg_dsn(url)) == {"sslmode": ["require"]}


def test_the_password_survives_as_asyncpg_reads_it() -> None:
    password = "p@ss:w/rd%?#&="
    url = make_url("postgresql://postgres@h:5432/db").set(password=password)
    dsn = asyncpg_dsn(url.render_as_string(hide_password=False))
    parsed = urlsplit(dsn)
    assert unquote(parsed.password or "") == password
    assert (parsed.hostname, parsed.port, parsed.path) == ("h", 5432, "/db")


def test_the_engine_url_has_the_driver_and_no_query() -> None:
    url = engine_url(f"{SUPABASE_TRANSACTION}?sslmode=require&pgbouncer=true")
    assert url.drivername == "postgresql+asyncpg"
    assert dict(url.query) == {}
    assert (url.username, url.password, url.host, url.port, url.database) == (
        "postgres.abcdefghij",
        "s3cret",
        "aws-0-ap-southeast-1.pooler.supabase.com",
        6543,
        "postgres",
    )


@pytest.mark.parametrize(
    ("url", "pooled"),
    [
        (SUPABASE_TRANSACTION, True),
        (f"{SUPABASE_TRANSACTION}?sslmode=require", True),
        (SUPABASE_SESSION, False),
        ("postgresql://postgres:pw@db.abcdefghij.supabase.co:6543/postgres", True),
        ("postgresql://postgres:pw@db.abcdefghij.supabase.co:5432/postgres", False),
        (f"{SUPABASE_TRANSACTION}?pgbouncer=false", False),
        ("postgresql://u@127.0.0.1:6432/db?pgbouncer=1", True),
        ("postgresql://u@127.0.0.1:6432/db?pgbouncer=true", True),
        ("postgresql://u@127.0.0.1:6432/db?pgbouncer=TRUE", True),
        ("postgresql://u@127.0.0.1:6432/db?pgbouncer=0", False),
        ("postgresql://u@127.0.0.1:6543/db", False),
        ("postgresql://u@pooler.supabase.com.example.net:6543/db", False),
        ("postgresql://u@AWS-0-EU-WEST-1.POOLER.SUPABASE.COM.:6543/db", True),
    ],
)
def test_which_urls_mean_a_transaction_pooler(url: str, pooled: bool) -> None:
    assert behind_transaction_pooler(url) is pooled


async def test_behind_a_transaction_pooler_no_statement_is_cached() -> None:
    arguments = await _connect_arguments(SUPABASE_TRANSACTION)
    assert arguments["statement_cache_size"] == 0
    assert arguments["prepared_statement_cache_size"] == 0
    names = {arguments["prepared_statement_name_func"]() for _ in range(3)}
    assert len(names) == 3
    assert "statement_cache_size" not in await _connect_arguments(SUPABASE_SESSION)


def test_the_pool_is_sized_by_bina_db_pool_size_when_set() -> None:
    url = "postgresql://u@127.0.0.1:5432/db"
    assert create_postgres_engine(url, pool_size=10).pool.size() == 20  # type: ignore[attr-defined]
    engine = create_postgres_engine(url, pool_size=10, connections=3)
    assert engine.pool.size() == 3  # type: ignore[attr-defined]
    # Every process opens its store through one function: the setting reaches them all.
    for api, pool_size in ((True, 10), (False, 6)):
        for configured, expected in ((None, 2 * pool_size), (7, 7)):
            settings = Settings(_env_file=None, database_url=url, db_pool_size=configured)
            store = open_job_store(settings, pool_size=pool_size, for_api=api)
            database = store.database
            assert isinstance(database, PostgresDatabase)
            assert database.engine.pool.size() == expected  # type: ignore[attr-defined]


def test_no_listen_and_no_liveness_lock_behind_a_transaction_pooler() -> None:
    # LISTEN hears nothing and a session lock means nothing once the pooler hands the server
    # connection to another client, whatever BINA_LISTEN says.
    pooled = open_backend(f"{SUPABASE_TRANSACTION}?sslmode=require", listen=True)
    assert isinstance(pooled, PostgresBackend)
    assert (pooled.listen_dsn, pooled.liveness_dsn) == (None, None)
    session = open_backend(f"{SUPABASE_SESSION}?sslmode=require", listen=True)
    assert isinstance(session, PostgresBackend)
    expected = asyncpg_dsn(f"{SUPABASE_SESSION}?sslmode=require")
    assert (session.listen_dsn, session.liveness_dsn) == (expected, expected)
    assert _query(expected)["sslmode"] == ["require"]
