"""PostgreSQL for the store: units of work on pooled asyncpg connections."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Generator
from typing import Any, TypeVar, cast

import asyncpg
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine

from bina.jobs.database import Work
from bina.jobs.postgres_driver import DriverWork, run_on_driver
from bina.jobs.postgres_url import asyncpg_dsn, behind_transaction_pooler, engine_url

T = TypeVar("T")


class PostgresDatabase:
    """Units of work on pooled asyncpg connections."""

    backend = "postgresql"

    def __init__(
        self,
        engine: AsyncEngine,
        *,
        autocommit_writes: bool = True,
        timeout_s: float | None = None,
    ) -> None:
        self.engine = engine
        # How long one unit of work may take, checkout included, before it fails with
        # TimeoutError (None: only the driver's own timeouts apply, as migrations need).
        self.timeout_s = timeout_s
        # Behind a transaction pooler a statement's prepare and execute must share a
        # transaction, so reads and single-statement writes keep their BEGIN/COMMIT there.
        self.autocommit_writes = autocommit_writes
        # The same pool, its connections in autocommit (set at checkout, client-side).
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def read(self, work: Work[T]) -> T:
        # Under READ COMMITTED a transaction gives a read nothing (each statement takes its own
        # snapshot either way) and costs two round trips (BEGIN, ROLLBACK): reads autocommit.
        if self.autocommit_writes:
            if hasattr(work, "on_asyncpg"):  # a status poll's head: on asyncpg itself
                return await self._on_driver(cast(DriverWork[T], work))
            return await self._run(self._autocommit, work, begin=False)
        return await self._run(self.engine, work, begin=False)

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        # PostgreSQL's writers need no queue here: row locks and MVCC sort them out.
        if one_statement and self.autocommit_writes:
            if hasattr(work, "on_asyncpg"):  # a start, a claim: on asyncpg itself
                return await self._on_driver(cast(DriverWork[T], work))
            # One round trip instead of three (BEGIN, statement, COMMIT): the whole cost of a
            # worker's hot path (claim, progress, complete).
            return await self._run(self._autocommit, work, begin=False)
        return await self._run(self.engine, work, begin=True)

    async def _on_driver(self, work: DriverWork[T]) -> T:
        """`work` on the pooled asyncpg connection itself (postgres_driver.py), each statement
        committing on its own, within the same deadline as any unit of work."""
        deadline = None
        if self.timeout_s is not None:
            deadline = asyncio.get_running_loop().time() + self.timeout_s
        return await run_on_driver(self.engine, work, deadline, self._timed_out)

    async def _run(self, engine: AsyncEngine, work: Work[T], *, begin: bool) -> T:
        if self.timeout_s is None:
            async with engine.begin() if begin else engine.connect() as conn:
                return await conn.run_sync(work)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.timeout_s
        conn = engine.connect()
        try:
            # Waiting for a pooled connection, or opening one (TCP, TLS, authentication).
            async with asyncio.timeout_at(deadline):
                await conn.start()
        except (TimeoutError, sa_exc.TimeoutError) as exc:
            raise self._timed_out() from exc
        try:
            return await self._watched(conn, work, begin=begin, deadline=deadline)
        finally:
            await conn.close()

    async def _watched(
        self, conn: AsyncConnection, work: Work[T], *, begin: bool, deadline: float
    ) -> T:
        """`work` on `conn`, whose socket is closed at `deadline` if it is still running.

        Closing the socket, rather than cancelling the task, is what ends the wait at once: the
        statement in flight fails as on a dropped connection, and SQLAlchemy then discards the
        connection from the pool. A cancelled statement would first have SQLAlchemy close the
        connection politely, waiting seconds more for a server that does not answer, and an
        asyncpg timeout would leave the connection in the pool, still waiting for its cancel.
        """
        assert conn.sync_connection is not None  # started: it holds a pooled connection
        driver_connection = conn.sync_connection.connection.driver_connection
        assert driver_connection is not None
        expired = False

        def expire() -> None:
            nonlocal expired
            expired = True
            driver_connection.terminate()

        watchdog = asyncio.get_running_loop().call_at(deadline, expire)
        try:
            if not begin:
                return await conn.run_sync(work)
            async with conn.begin():
                return await conn.run_sync(work)
        except Exception as exc:
            if expired:
                raise self._timed_out() from exc
            raise
        finally:
            watchdog.cancel()

    def _timed_out(self) -> TimeoutError:
        return TimeoutError(f"the database did not answer within {self.timeout_s:g} s")

    async def warm_up(self, connections: int, rehearse: Callable[[sa.Connection], None]) -> None:
        # Never more than the pool holds: the rest would wait for a connection none gives back.
        connections = min(connections, self.engine.pool.size())  # type: ignore[attr-defined]
        everyone_has_one = asyncio.Barrier(connections)

        async def hold_one() -> None:
            async with self.engine.connect() as conn:
                async with conn.begin() as rehearsal:
                    await conn.run_sync(rehearse)
                    if self.autocommit_writes and hasattr(rehearse, "on_asyncpg"):
                        # The starts' statements, prepared by asyncpg (postgres_driver.py).
                        pooled = await conn.get_raw_connection()
                        driver_work = cast(DriverWork[None], rehearse)
                        await driver_work.on_asyncpg(pooled.driver_connection, self.engine.dialect)
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


def create_postgres_engine(
    database_url: str,
    *,
    pool_size: int = 10,
    connections: int | None = None,
    timeout_s: float | None = None,
) -> AsyncEngine:
    """An asyncpg engine tuned for the job workload: `connections` connections at most, twice
    `pool_size` when not given. `timeout_s` bounds connecting and waiting for a pooled
    connection (PostgresDatabase bounds the rest of a unit of work)."""
    connect_args: dict[str, Any] = {
        # asyncpg reads libpq's parameters (sslmode, sslrootcert…) from the DSN itself.
        "dsn": asyncpg_dsn(database_url),
        "server_settings": {"application_name": "bina"},
        "timeout": timeout_s or 5,
        # A last resort for work without a bound of its own (migrations, the CLI).
        "command_timeout": 30,
        "async_creator_fn": Connecting,
    }
    # A pooler in transaction mode (`?pgbouncer=true`, Supabase's port 6543) cannot keep
    # prepared statements between transactions, so each statement gets a fresh name and none
    # is cached.
    if behind_transaction_pooler(database_url):
        connect_args["statement_cache_size"] = 0  # asyncpg's own cache
        connect_args["prepared_statement_cache_size"] = 0  # SQLAlchemy's adapter cache
        connect_args["prepared_statement_name_func"] = _unique_statement_name
    return create_async_engine(
        engine_url(database_url),
        # Room for bursts of twice the steady work, kept open once made: "overflow"
        # connections (max_overflow) are closed as soon as they are returned, so a steady load
        # above pool_size opened and closed a connection (TCP, TLS attempt, auth) per request.
        pool_size=connections or pool_size * 2,
        max_overflow=0,
        # No pre-ping: it costs every checkout a round trip (BEGIN; ROLLBACK). A connection that
        # died meanwhile fails its statement instead; the store retries on a fresh one.
        pool_pre_ping=False,
        # The connection given back last is taken first: sequential work keeps using one
        # warm connection (and its server process), and the rest can idle out.
        pool_use_lifo=True,
        pool_recycle=1800,
        pool_timeout=timeout_s or 10,
        connect_args=connect_args,
    )


class Connecting:
    """`asyncpg.connect(...)`, started only when awaited.

    The pool asks for a connection from synchronous code; a start that takes an idle
    connection without the greenlet bridge (postgres_driver.idle_connection) learns that the
    pool must reconnect only when the pool asks, and the pool then drops the awaitable. A
    coroutine made and dropped that way would warn ("never awaited"); this makes none.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.args = args
        self.kwargs = kwargs

    def __await__(self) -> Generator[Any, None, asyncpg.Connection]:
        connecting: Awaitable[asyncpg.Connection] = asyncpg.connect(*self.args, **self.kwargs)
        return connecting.__await__()


def _unique_statement_name() -> str:
    return f"__bina_{uuid.uuid4().hex}__"
