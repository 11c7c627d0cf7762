"""Engines for the two backends, chosen from the URL; drivers are loaded by SQLAlchemy lazily."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

# How long SQLite waits for another process's write lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option marking a read-only transaction, so SQLite may begin it deferred.
READ_ONLY = "bina_read_only"


def async_url(database_url: str) -> sa.URL:
    """`sqlite:///x.db` / `postgresql://…` as the async driver URL SQLAlchemy wants."""
    url = make_url(database_url)
    backend = url.get_backend_name()
    if backend == "sqlite":
        return url.set(drivername="sqlite+aiosqlite")
    if backend in ("postgresql", "postgres"):
        return url.set(drivername="postgresql+asyncpg")
    raise ValueError(f"unsupported database URL scheme: {url.drivername!r}")


def behind_transaction_pooler(database_url: str) -> bool:
    """`?pgbouncer=1`: PgBouncer/Supabase's pooler in transaction mode sits in between."""
    return make_url(database_url).query.get("pgbouncer") in ("1", "true")


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An async engine tuned for the job workload on either backend."""
    url = async_url(database_url)
    if url.get_backend_name() == "sqlite":
        return _sqlite_engine(url, pool_size)
    connect_args: dict[str, Any] = {
        "server_settings": {"application_name": "bina"},
        "timeout": 5,
        "command_timeout": 30,
    }
    # `?pgbouncer=1`: a pooler in transaction mode cannot keep prepared statements between
    # transactions, so each statement gets a fresh name and none is cached.
    if behind_transaction_pooler(database_url):
        url = url.difference_update_query(["pgbouncer"])
        connect_args["statement_cache_size"] = 0  # asyncpg's own cache
        connect_args["prepared_statement_cache_size"] = 0  # SQLAlchemy's adapter cache
        connect_args["prepared_statement_name_func"] = _unique_statement_name
    return create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        # No pre-ping: it costs every checkout a round trip (BEGIN; ROLLBACK). A connection that
        # died meanwhile fails its statement instead; the store retries on a fresh one.
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_timeout=10,
        connect_args=connect_args,
    )


def _unique_statement_name() -> str:
    import uuid

    return f"__bina_{uuid.uuid4().hex}__"


def _sqlite_engine(url: sa.URL, pool_size: int) -> AsyncEngine:
    # A pool as large as the work wants: an aiosqlite connection is a thread plus PRAGMAs, and
    # churning them (the default pool keeps 5) cost more than the jobs themselves.
    engine = create_async_engine(
        url,
        pool_size=pool_size,
        max_overflow=pool_size,
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
    )

    @sa.event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions would defer the lock).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine.sync_engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Writers take the lock up front: a deferred transaction that later upgrades to a
        # write can fail with "database is locked" at once instead of waiting its turn.
        options = connection.get_execution_options()
        if options.get("isolation_level") == "AUTOCOMMIT":
            return  # one statement, atomic by itself; SQLite locks just for it
        if options.get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
