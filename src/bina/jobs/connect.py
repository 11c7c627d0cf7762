"""From a database URL to the objects that talk to it: a `Database`, its `Backend`, a `JobStore`."""

from __future__ import annotations

from bina.jobs.backend import Backend
from bina.jobs.columns import ColumnMap
from bina.jobs.database import Database, backend_of
from bina.jobs.postgres_backend import PostgresBackend
from bina.jobs.postgres_database import PostgresDatabase, create_postgres_engine
from bina.jobs.postgres_url import asyncpg_dsn, behind_transaction_pooler
from bina.jobs.sqlite_backend import SqliteBackend
from bina.jobs.sqlite_database import SqliteDatabase
from bina.jobs.store import Clock, JobStore, utc_now


def open_database(
    database_url: str,
    *,
    pool_size: int = 10,
    connections: int | None = None,
    timeout_s: float | None = None,
) -> Database:
    """The `Database` for `database_url`, with room for `pool_size` concurrent units of work.
    `connections`: on PostgreSQL, the most connections its pool holds (the operator's
    BINA_DB_POOL_SIZE), in place of the size made from `pool_size`. `timeout_s`: on
    PostgreSQL, how long a unit of work may wait for the server before TimeoutError (SQLite
    waits for a lock only, within its busy timeout)."""
    if backend_of(database_url) == "sqlite":
        return SqliteDatabase(database_url, readers=pool_size)
    engine = create_postgres_engine(
        database_url, pool_size=pool_size, connections=connections, timeout_s=timeout_s
    )
    return PostgresDatabase(
        engine,
        autocommit_writes=not behind_transaction_pooler(database_url),
        timeout_s=timeout_s,
    )


def open_backend(
    database_url: str,
    *,
    pool_size: int = 10,
    connections: int | None = None,
    timeout_s: float | None = None,
    listen: bool = True,
    job_changes: bool = True,
) -> Backend:
    """The backend for `database_url`. `listen`: follow other processes' changes by LISTEN
    (PostgreSQL; always off behind a transaction pooler). `job_changes`: also each job's
    progress, not only new jobs (a worker-only process needs only those)."""
    database = open_database(
        database_url, pool_size=pool_size, connections=connections, timeout_s=timeout_s
    )
    if isinstance(database, SqliteDatabase):
        return SqliteBackend(database)
    assert isinstance(database, PostgresDatabase)
    dsn = asyncpg_dsn(database_url)
    # Through a pooler in transaction mode a session is not ours between transactions: a
    # LISTEN would hear nothing and a session advisory lock would mean nothing.
    session_features = not behind_transaction_pooler(database_url)
    return PostgresBackend(
        database,
        listen_dsn=dsn if listen and session_features else None,
        job_changes=job_changes,
        liveness_dsn=dsn if session_features else None,
    )


def open_store(
    database_url: str,
    *,
    columns: ColumnMap | None = None,
    listen: bool = True,
    listen_job_changes: bool = True,
    poll_seconds: float = 1.0,
    default_max_attempts: int = 3,
    pool_size: int = 10,
    connections: int | None = None,
    timeout_s: float | None = None,
    clock: Clock = utc_now,
) -> JobStore:
    """A store for `database_url` (sqlite:///… or postgresql://…); use `async with`.
    `connections`, `timeout_s`: see `open_database`."""
    backend = open_backend(
        database_url,
        pool_size=pool_size,
        connections=connections,
        timeout_s=timeout_s,
        listen=listen,
        job_changes=listen_job_changes,
    )
    return JobStore(
        backend,
        columns=columns,
        poll_seconds=poll_seconds,
        default_max_attempts=default_max_attempts,
        clock=clock,
    )
