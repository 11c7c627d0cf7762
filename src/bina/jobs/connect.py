"""From a database URL to the objects that talk to it: a `Database`, its `Backend`, a `JobStore`."""

from __future__ import annotations

from sqlalchemy.engine import make_url

from bina.jobs.backend import Backend
from bina.jobs.columns import ColumnMap
from bina.jobs.database import Database, backend_of, behind_transaction_pooler
from bina.jobs.postgres_backend import PostgresBackend
from bina.jobs.postgres_database import PostgresDatabase, create_postgres_engine
from bina.jobs.sqlite_backend import SqliteBackend
from bina.jobs.sqlite_database import SqliteDatabase
from bina.jobs.store import Clock, JobStore, utc_now


def open_database(database_url: str, *, pool_size: int = 10) -> Database:
    """The `Database` for `database_url`, with room for `pool_size` concurrent units of work."""
    if backend_of(database_url) == "sqlite":
        return SqliteDatabase(database_url, readers=pool_size)
    return PostgresDatabase(
        create_postgres_engine(database_url, pool_size=pool_size),
        autocommit_writes=not behind_transaction_pooler(database_url),
    )


def open_backend(
    database_url: str, *, pool_size: int = 10, listen: bool = True, job_changes: bool = True
) -> Backend:
    """The backend for `database_url`. `listen`: follow other processes' changes by LISTEN
    (PostgreSQL; off behind a transaction pooler). `job_changes`: also each job's progress,
    not only new jobs (a worker-only process needs only those)."""
    database = open_database(database_url, pool_size=pool_size)
    if isinstance(database, SqliteDatabase):
        return SqliteBackend(database)
    assert isinstance(database, PostgresDatabase)
    url = make_url(database_url).set(drivername="postgresql")
    dsn = url.difference_update_query(["pgbouncer"]).render_as_string(hide_password=False)
    return PostgresBackend(
        database,
        listen_dsn=dsn if listen else None,
        job_changes=job_changes,
        # A session advisory lock means nothing through a pooler in transaction mode.
        liveness_dsn=None if behind_transaction_pooler(database_url) else dsn,
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
    clock: Clock = utc_now,
) -> JobStore:
    """A store for `database_url` (sqlite:///… or postgresql://…); use `async with`."""
    backend = open_backend(
        database_url, pool_size=pool_size, listen=listen, job_changes=listen_job_changes
    )
    return JobStore(
        backend,
        columns=columns,
        poll_seconds=poll_seconds,
        default_max_attempts=default_max_attempts,
        clock=clock,
    )
