"""What runs the store's SQL: the `Database` protocol, its unit of work, and database URLs.

The store writes each unit of work once, as a plain function of a SQLAlchemy `Connection`
(`Work`). A `Database` runs it:
- PostgreSQL (postgres_database.py): on an asyncpg connection from an async pool, inside
  `run_sync` (SQLAlchemy's greenlet bridge), so the event loop never blocks on the network;
- SQLite (sqlite_database.py): in one hop to a thread that owns a plain sqlite3 connection.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import make_url

T = TypeVar("T")
# A unit of store work: runs statements on the connection it is given, returns plain values.
Work = Callable[[sa.Connection], T]

# How long SQLite waits for another process's write lock before giving up (ms).
SQLITE_BUSY_TIMEOUT_MS = 10_000
# A unit of work that is a few statements on small rows (a start), marked with this attribute:
# SQLite may run it on the event loop itself when nothing else writes (sqlite_database.py).
BRIEF = "bina_brief_write"
# A read of one small row by its key (a status poll's head), marked with this attribute: SQLite
# runs it on the event loop itself, where in WAL mode a read never waits for a writer.
BRIEF_READ = "bina_brief_read"
# Execution option marking a connection that only reads, so SQLite may begin it deferred.
READ_ONLY = "bina_read_only"
# Execution option marking a SQLite connection whose write transactions the caller begins
# itself (sqlite_database.begin_immediate), so SQLAlchemy's begin must send nothing.
BEGUN_BY_CALLER = "bina_begun_by_caller"


class Database(Protocol):
    """Runs units of work in a transaction; one attempt, errors as SQLAlchemy raises them."""

    backend: str

    async def read(self, work: Work[T]) -> T:
        """`work` writes nothing. On SQLite it sees one snapshot; on PostgreSQL each statement
        sees what was committed when it began (READ COMMITTED, transaction or not)."""
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
