"""A worker's hot writes (claims, completions) as units of work with a driver form.

A worker with ten no-op jobs spends its time in two statements: the claim that takes up to
ten jobs and the grouped completion that finishes them. Through SQLAlchemy's async layer
(the greenlet bridge, the execution context, result processing) each cost more client CPU
than the rows they carry. As for a start (postgres_driver.py), PostgreSQL runs the same
statement on the pooled asyncpg connection itself, compiled once, with SQLAlchemy's own bind
and result processors, so both forms give the same rows; SQLite, and PostgreSQL behind a
transaction pooler, run the SQLAlchemy form.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from bina.jobs.driver_sql import DriverStatement

R = TypeVar("R")
Rows = Sequence[Mapping[Any, Any]]


class DriverStatements:
    """Statements compiled for the driver, once per statement object and dialect.

    Only for statements built once and kept (the store's fixed statements): the cache holds
    each statement it saw for as long as it lives.
    """

    def __init__(self) -> None:
        self._compiled: dict[tuple[int, str], tuple[sa.Executable, DriverStatement]] = {}

    def __call__(self, statement: sa.Executable, dialect: Dialect) -> DriverStatement:
        key = (id(statement), dialect.name)
        found = self._compiled.get(key)
        if found is None:
            found = self._compiled[key] = (statement, DriverStatement(statement, dialect))
        return found[1]


class StatementWork(Generic[R]):
    """One statement, its rows made into a value by `read`, on either connection."""

    __slots__ = ("compiled", "parameters", "read", "statement")

    def __init__(
        self,
        statement: sa.Executable,
        parameters: Mapping[str, Any],
        read: Callable[[Rows], R],
        compiled: DriverStatements,
    ) -> None:
        self.statement = statement
        self.parameters = parameters
        self.read = read
        self.compiled = compiled

    def __call__(self, conn: sa.Connection) -> R:
        return self.read([row._mapping for row in conn.execute(self.statement, self.parameters)])

    async def on_asyncpg(self, connection: Any, dialect: Dialect) -> R:
        rows = await self.compiled(self.statement, dialect).fetch(connection, self.parameters)
        return self.read(rows)

    def on_sqlite3(self, connection: sqlite3.Connection, dialect: Dialect) -> R:
        """The same on a sqlite3 connection, each statement on its own (no transaction)."""
        compiled = self.compiled(self.statement, dialect)
        return self.read(compiled.fetch_sqlite(connection, self.parameters))


class BriefRead(StatementWork[R]):
    """A read of one small row by its key (a status poll's head): SQLite runs it on the event
    loop itself (database.BRIEF_READ)."""

    __slots__ = ()
    bina_brief_read = True
