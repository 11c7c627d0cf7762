"""Where the store's SQL runs: a connection per unit of work, on either backend.

The store writes each unit of work once, as a plain function of a SQLAlchemy `Connection`
(`Work`). A `Database` runs it:
- PostgreSQL: on an asyncpg connection from an async pool, inside `run_sync` (SQLAlchemy's
  greenlet bridge), so the event loop never blocks on the network;
- SQLite: in one hop to a thread that owns a plain sqlite3 connection (sqlite_database.py).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

T = TypeVar("T")
# A unit of store work: runs statements on the connection it is given, returns plain values.
Work = Callable[[sa.Connection], T]

# How long SQLite waits for another process's write lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Execution option marking a connection that only reads, so SQLite may begin it deferred.
READ_ONLY = "bina_read_only"
# Execution option marking a SQLite connection whose write transactions the caller begins
# itself (sqlite_database.begin_immediate), so SQLAlchemy's begin must send nothing.
BEGUN_BY_CALLER = "bina_begun_by_caller"


class Database(Protocol):
    """Runs units of work in a transaction; one attempt, errors as SQLAlchemy raises them."""

    backend: str

    async def read(self, work: Work[T]) -> T:
        """`work` sees one consistent snapshot and writes nothing."""
        ...

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        """`work` in one write transaction, committed before this returns.

        `one_statement`: `work` runs a single statement, atomic by itself, so it may run
        without BEGIN/COMMIT. `urgent`: a person waits for it (SQLite serves it first).
        """
        ...

    async def warm_up(self, connections: int, rehearse: Callable[[sa.Connection], None]) -> None:
        """Open `connections` connections now and run `rehearse` (rolled back) on each."""
        ...

    def open_connections(self) -> int:
        """How many connections are open now (PostgreSQL: idle in the pool)."""
        ...

    async def close(self) -> None: ...


def backend_of(database_url: str) -> str:
    """`sqlite` or `postgresql`, from a `sqlite:///x.db` or `postgresql://…` URL."""
    backend = make_url(database_url).get_backend_name()
    if backend == "sqlite":
        return "sqlite"
    if backend in ("postgresql", "postgres"):
        return "postgresql"
    raise ValueError(f"unsupported database URL scheme: {make_url(database_url).drivername!r}")


def driver_url(database_url: str) -> sa.URL:
    """The URL with the driver Bina uses: pysqlite for SQLite, asyncpg for PostgreSQL."""
    driver = {"sqlite": "sqlite+pysqlite", "postgresql": "postgresql+asyncpg"}
    return make_url(database_url).set(drivername=driver[backend_of(database_url)])


def behind_transaction_pooler(database_url: str) -> bool:
    """`?pgbouncer=1`: PgBouncer/Supabase's pooler in transaction mode sits in between."""
    return make_url(database_url).query.get("pgbouncer") in ("1", "true")


def open_database(database_url: str, *, pool_size: int = 10) -> Database:
    """The `Database` for `database_url`, with room for `pool_size` concurrent units of work."""
    if backend_of(database_url) == "sqlite":
        from bina.jobs.sqlite_database import SqliteDatabase

        return SqliteDatabase(database_url, readers=pool_size)
    return PostgresDatabase(
        create_postgres_engine(database_url, pool_size=pool_size),
        autocommit_writes=not behind_transaction_pooler(database_url),
    )


class PostgresDatabase:
    """Units of work on pooled asyncpg connections."""

    backend = "postgresql"

    def __init__(self, engine: AsyncEngine, *, autocommit_writes: bool = True) -> None:
        self.engine = engine
        # Behind a transaction pooler a statement's prepare and execute must share a
        # transaction, so single-statement writes keep their BEGIN/COMMIT there.
        self.autocommit_writes = autocommit_writes

    async def read(self, work: Work[T]) -> T:
        async with self.engine.connect() as conn:
            return await conn.run_sync(work)

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        # PostgreSQL's writers need no queue here: row locks and MVCC sort them out.
        if one_statement and self.autocommit_writes:
            # One round trip instead of three (BEGIN, statement, COMMIT): the whole cost of a
            # worker's hot path (claim, progress, complete).
            async with self.engine.connect() as conn:
                conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
                return await conn.run_sync(work)
        async with self.engine.begin() as conn:
            return await conn.run_sync(work)

    async def warm_up(self, connections: int, rehearse: Callable[[sa.Connection], None]) -> None:
        everyone_has_one = asyncio.Barrier(connections)

        async def hold_one() -> None:
            async with self.engine.connect() as conn:
                async with conn.begin() as rehearsal:
                    await conn.run_sync(rehearse)
                    await rehearsal.rollback()
                async with asyncio.timeout(10):
                    await everyone_has_one.wait()

        # A task group: when one fails, the others are cancelled and give their connections
        # back before this returns (none is left checked out).
        async with asyncio.TaskGroup() as group:
            for _ in range(connections):
                group.create_task(hold_one())

    def open_connections(self) -> int:
        return int(self.engine.pool.checkedin())  # type: ignore[attr-defined]

    async def close(self) -> None:
        await self.engine.dispose()


def create_postgres_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An asyncpg engine tuned for the job workload."""
    url = driver_url(database_url)
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


def create_sqlite_engine(database_url: str, *, pool_size: int = 5) -> sa.Engine:
    """A synchronous SQLite engine: WAL, a busy timeout, and transactions begun by us."""
    url = driver_url(database_url)
    engine = sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        # Each connection is used by one thread at a time, but not always the same thread.
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions would defer the lock).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Writers take the lock up front: a deferred transaction that later upgrades to a
        # write can fail with "database is locked" at once instead of waiting its turn.
        options = connection.get_execution_options()
        if options.get(BEGUN_BY_CALLER):
            return
        if options.get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
