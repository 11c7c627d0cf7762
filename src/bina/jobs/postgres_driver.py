"""PostgreSQL: a unit of work run on the pooled asyncpg connection itself, past SQLAlchemy.

A start is one statement, and through SQLAlchemy's async layer (checkout, greenlet bridge,
execution context, result processing, checkin) it cost about as much client CPU as the
server spent inserting the row (docs/bench-queue.md). A unit of work that offers
`on_asyncpg` (`DriverWork`) is therefore run on the asyncpg connection directly, with
statements asyncpg prepares once per connection and keeps in its statement cache. Nothing
else about the unit changes:
- its connection comes from, and goes back to, the same pool (BINA_DB_POOL_SIZE still caps
  the process's connections);
- it has the same deadline as every unit of work: the socket is closed when it passes, and
  the caller gets TimeoutError (postgres_database.py says why closing beats cancelling);
- a connection that broke is discarded, never handed out again; one whose caller was
  cancelled mid-statement goes back to the pool while asyncpg has the server cancel the
  statement (a CancelRequest of its own), and its next use waits for that to be done;
- errors arrive as SQLAlchemy's exceptions (driver_sql.py).
Only where prepared statements outlive a transaction: behind a pooler in transaction mode
the unit runs on SQLAlchemy's connection as any other (`__call__`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.pool import PoolProxiedConnection

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class DriverWork(Protocol[T_co]):
    """A unit of work written twice: on SQLAlchemy's connection, and on asyncpg's."""

    def __call__(self, conn: sa.Connection) -> T_co: ...

    async def on_asyncpg(self, connection: Any, dialect: Dialect) -> T_co:
        """The same work on an asyncpg connection outside any transaction (each statement
        commits on its own); `dialect` is the engine's, to compile statements with."""
        ...


def idle_connection(engine: AsyncEngine) -> PoolProxiedConnection | None:
    """An open, idle connection of the pool, taken at once; None when there is none.

    The async engine's checkout runs the pool's synchronous code in a greenlet so that it may
    await when it must connect; taking an idle connection awaits nothing, and skipping the
    bridge saves most of a checkout's cost (about 50 of 60 µs here). When the idle connection
    turns out to need replacing (recycled by age), the pool asks for I/O, which only the
    bridge can do: the pool takes its record back, and the caller checks out the usual way.
    """
    sync_engine = engine.sync_engine
    if sync_engine.pool.checkedin() == 0:  # type: ignore[attr-defined]
        return None
    try:
        return sync_engine.raw_connection()
    except sa_exc.MissingGreenlet:
        return None


async def checkout(
    engine: AsyncEngine, deadline: float | None, timed_out: Callable[[], TimeoutError]
) -> PoolProxiedConnection:
    """A connection of `engine`'s pool, waited for or opened within `deadline` (loop time)."""
    try:
        async with asyncio.timeout_at(deadline):
            # Waiting for a pooled connection, or opening one (TCP, TLS, authentication).
            return await engine.raw_connection()
    except (TimeoutError, sa_exc.TimeoutError) as exc:
        raise timed_out() from exc
    except engine.dialect.loaded_dbapi.Error as exc:
        # Outside `engine.connect()` a failed connect comes as the driver's bare error: wrap
        # it as `connect()` would, so that it reads as the database being away (a 503).
        dbapi_error = engine.dialect.loaded_dbapi.Error
        raise sa_exc.DBAPIError.instance(
            None, None, exc, dbapi_error, dialect=engine.dialect
        ) from exc


async def run_on_driver(
    engine: AsyncEngine,
    work: DriverWork[T],
    deadline: float | None,
    timed_out: Callable[[], TimeoutError],
) -> T:
    """`work.on_asyncpg` on a connection of `engine`'s pool, within `deadline` (loop time)."""
    pooled = idle_connection(engine)
    if pooled is None:
        pooled = await checkout(engine, deadline, timed_out)
    driver = pooled.driver_connection
    assert driver is not None
    expired = False

    def expire() -> None:
        nonlocal expired
        expired = True
        driver.terminate()

    loop = asyncio.get_running_loop()
    watchdog = None if deadline is None else loop.call_at(deadline, expire)
    try:
        return await work.on_asyncpg(driver, engine.dialect)
    except Exception as exc:
        if driver.is_closed():  # broken, or cut off at the deadline: never handed out again
            pooled.invalidate(exc)
        if expired:
            raise timed_out() from exc
        raise
    finally:
        if watchdog is not None:
            watchdog.cancel()
        pooled.close()
