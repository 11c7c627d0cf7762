"""PostgreSQL for the store: units of work on pooled asyncpg connections."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bina.jobs.database import Work, behind_transaction_pooler, driver_url

T = TypeVar("T")


class PostgresDatabase:
    """Units of work on pooled asyncpg connections."""

    backend = "postgresql"

    def __init__(self, engine: AsyncEngine, *, autocommit_writes: bool = True) -> None:
        self.engine = engine
        # Behind a transaction pooler a statement's prepare and execute must share a
        # transaction, so reads and single-statement writes keep their BEGIN/COMMIT there.
        self.autocommit_writes = autocommit_writes
        # The same pool, its connections in autocommit (set at checkout, client-side).
        self._autocommit = engine.execution_options(isolation_level="AUTOCOMMIT")

    async def read(self, work: Work[T]) -> T:
        # Under READ COMMITTED a transaction gives a read nothing (each statement takes its own
        # snapshot either way) and costs two round trips (BEGIN, ROLLBACK): reads autocommit.
        engine = self._autocommit if self.autocommit_writes else self.engine
        async with engine.connect() as conn:
            return await conn.run_sync(work)

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        # PostgreSQL's writers need no queue here: row locks and MVCC sort them out.
        if one_statement and self.autocommit_writes:
            # One round trip instead of three (BEGIN, statement, COMMIT): the whole cost of a
            # worker's hot path (claim, progress, complete).
            async with self._autocommit.connect() as conn:
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
        # Room for bursts of twice the steady work, kept open once made: "overflow"
        # connections (max_overflow) are closed as soon as they are returned, so a steady load
        # above pool_size opened and closed a connection (TCP, TLS attempt, auth) per request.
        pool_size=pool_size * 2,
        max_overflow=0,
        # No pre-ping: it costs every checkout a round trip (BEGIN; ROLLBACK). A connection that
        # died meanwhile fails its statement instead; the store retries on a fresh one.
        pool_pre_ping=False,
        pool_recycle=1800,
        pool_timeout=10,
        connect_args=connect_args,
    )


def _unique_statement_name() -> str:
    return f"__bina_{uuid.uuid4().hex}__"
