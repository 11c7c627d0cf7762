"""Statements compiled once for one dialect and run on the driver's own connection.

A start is the store's hottest write, and SQLAlchemy's per-execution work (the statement's
cache key, the execution context, bind and result processing, the result object) costs more
CPU than the database spends inserting the row. For the few statements a start runs, the
SQL text is compiled once per dialect and the values are converted by the same bind
processors SQLAlchemy would apply, so the driver receives exactly what SQLAlchemy sends.

Driver errors become SQLAlchemy's exception classes (the driver's error kept as `orig`,
SQLSTATE and all, as SQLAlchemy's dialects do), so the retry rules (transactions.py,
driver_errors.py) and the store's "a unique index refused it" see one kind of error,
whichever path ran.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Awaitable, Callable, Iterable, Mapping
from typing import Any, cast

import asyncpg
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect
from sqlalchemy.sql.compiler import SQLCompiler

#: The parameter has no value of the caller's: the statement's own literal is sent.
_REQUIRED = object()


class DriverStatement:
    """`statement` as the driver's SQL text for `dialect`, with its parameters in order."""

    def __init__(self, statement: sa.Executable, dialect: Dialect) -> None:
        compiled = cast(SQLCompiler, cast(sa.ClauseElement, statement).compile(dialect=dialect))
        assert compiled.positiontup is not None, "the driver's paramstyle must be positional"
        self.sql = compiled.string
        self._parameters: list[tuple[str, Any, Callable[[Any], Any] | None]] = []
        for name in compiled.positiontup:
            bind = compiled.binds[name]
            processor = bind.type.dialect_impl(dialect).bind_processor(dialect)
            literal = _REQUIRED if bind.required else bind.effective_value
            self._parameters.append((name, literal, processor))
        # What it returns (RETURNING), in order, each with the result processor SQLAlchemy
        # would apply (on asyncpg: UUIDs to text, timestamps to aware UTC; JSON is decoded by
        # the codec SQLAlchemy set on the connection).
        self._columns: list[tuple[str, Callable[[Any], Any] | None]] = [
            (column.keyname, column.type.dialect_impl(dialect).result_processor(dialect, None))
            for column in compiled._result_columns
        ]

    def parameters(self, values: Mapping[str, Any]) -> tuple[Any, ...]:
        """The driver's positional parameters for these named values."""
        converted = []
        # A row's timestamps are often one value (created = updated = available): one
        # conversion serves them all.
        last: tuple[Any, Any, Any] = (_REQUIRED, None, None)
        for name, literal, processor in self._parameters:
            value = values[name] if literal is _REQUIRED else literal
            if processor is None:
                converted.append(value)
            elif last[0] is value and last[1] is processor:
                converted.append(last[2])
            else:
                result = processor(value)
                converted.append(result)
                last = (value, processor, result)
        return tuple(converted)

    async def fetchrow(self, connection: asyncpg.Connection, values: Mapping[str, Any]) -> Any:
        """The first row (an asyncpg Record) or None, on an asyncpg connection; asyncpg
        prepares the statement on its first use on that connection and keeps it."""
        return await self._run(connection.fetchrow, connection, values)

    async def fetch(
        self, connection: asyncpg.Connection, values: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """Every row it returns, as SQLAlchemy's result would give them (column -> value)."""
        records = await self._run(connection.fetch, connection, values)
        return self._rows(record.values() for record in records)

    async def _run(
        self,
        method: Callable[..., Awaitable[Any]],
        connection: asyncpg.Connection,
        values: Mapping[str, Any],
    ) -> Any:
        """`method` (the connection's fetch or fetchrow) with this statement and `values`,
        its errors as SQLAlchemy's."""
        parameters = self.parameters(values)
        try:
            return await method(self.sql, *parameters)
        except (
            asyncpg.PostgresError,
            asyncpg.InterfaceError,
            asyncpg.InternalClientError,
        ) as error:
            broken = connection.is_closed()
            raise sqlalchemy_error(error, self.sql, parameters, broken) from error

    def fetch_sqlite(
        self, connection: sqlite3.Connection, values: Mapping[str, Any]
    ) -> list[dict[str, Any]]:
        """Every row it returns on a sqlite3 connection, as SQLAlchemy's result would give
        them (column -> value)."""
        parameters = self.parameters(values)
        try:
            records = connection.execute(self.sql, parameters).fetchall()
        except sqlite3.Error as error:
            raise sqlalchemy_error(error, self.sql, parameters, False) from error
        return self._rows(records)

    def _rows(self, records: Iterable[Iterable[Any]]) -> list[dict[str, Any]]:
        columns = self._columns
        return [
            {
                key: value if processor is None else processor(value)
                for (key, processor), value in zip(columns, record, strict=True)
            }
            for record in records
        ]

    def execute(self, connection: sqlite3.Connection, values: Mapping[str, Any]) -> None:
        """Run it on a sqlite3 connection (in the caller's transaction)."""
        parameters = self.parameters(values)
        try:
            connection.execute(self.sql, parameters)
        except sqlite3.Error as error:
            raise sqlalchemy_error(error, self.sql, parameters, False) from error


def sqlalchemy_error(
    error: Exception, sql: str, parameters: Any, invalidated: bool
) -> sa_exc.DBAPIError:
    """The exception SQLAlchemy raises for this driver error (its class picked the way
    SQLAlchemy's sqlite and asyncpg dialects pick it)."""
    kind = next((kind for base, kind in _KINDS if isinstance(error, base)), sa_exc.DBAPIError)
    return kind(sql, parameters, error, connection_invalidated=invalidated)


#: Driver error -> SQLAlchemy's class; the first match wins, so subclasses come first.
_KINDS: tuple[tuple[type[Exception], type[sa_exc.DBAPIError]], ...] = (
    (sqlite3.IntegrityError, sa_exc.IntegrityError),
    (sqlite3.OperationalError, sa_exc.OperationalError),
    (sqlite3.ProgrammingError, sa_exc.ProgrammingError),
    (sqlite3.InterfaceError, sa_exc.InterfaceError),
    (sqlite3.DataError, sa_exc.DataError),
    (sqlite3.InternalError, sa_exc.InternalError),
    (sqlite3.NotSupportedError, sa_exc.NotSupportedError),
    (sqlite3.DatabaseError, sa_exc.DatabaseError),
    (asyncpg.IntegrityConstraintViolationError, sa_exc.IntegrityError),
    (asyncpg.SyntaxOrAccessError, sa_exc.ProgrammingError),
    (asyncpg.InternalServerError, sa_exc.InternalError),
    (asyncpg.InterfaceError, sa_exc.InterfaceError),
    (asyncpg.InternalClientError, sa_exc.InternalError),
)
