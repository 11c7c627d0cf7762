"""Which database errors are "try again", "the database is away" or a bug: by code only."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc as sa_exc

from bina.jobs.driver_errors import is_transient, is_unavailable


class _PgError(Exception):
    """What SQLAlchemy's asyncpg adapter raises: the SQLSTATE copied onto the error."""

    def __init__(self, sqlstate: str, message: str = "") -> None:
        super().__init__(message or f"error {sqlstate}")
        self.sqlstate = sqlstate


def _postgres(sqlstate: str, kind: type[sa_exc.DBAPIError] = sa_exc.DBAPIError) -> BaseException:
    return kind("SELECT 1", None, _PgError(sqlstate))


def _sqlite(code: int, kind: type[sa_exc.DBAPIError] = sa_exc.OperationalError) -> BaseException:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorcode = code
    return kind("BEGIN IMMEDIATE", None, error)


@pytest.mark.parametrize(
    "error",
    [
        _postgres("40001"),  # serialization failure
        _postgres("40P01"),  # deadlock
        _postgres("55P03"),  # lock not available
        _postgres("57P01"),  # admin shutdown
        _postgres("08006"),  # connection failure
        _postgres("53300"),  # too many connections
        _sqlite(5),  # SQLITE_BUSY
        _sqlite(6),  # SQLITE_LOCKED
        _sqlite(517),  # SQLITE_BUSY_SNAPSHOT: an extended code of BUSY
        ConnectionResetError(),
        TimeoutError(),
    ],
)
def test_busy_or_briefly_away_is_tried_again(error: BaseException) -> None:
    assert is_transient(error) and is_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [
        _postgres("55000"),  # "database is not currently accepting connections"
        _postgres("3D000"),  # the database does not exist (any more)
        _postgres("28P01"),  # the password no longer works
        _postgres("58030"),  # I/O error
        _sqlite(13),  # SQLITE_FULL
        _sqlite(10),  # SQLITE_IOERR
    ],
)
def test_a_database_that_cannot_serve_is_unavailable_but_not_retried_at_once(
    error: BaseException,
) -> None:
    assert is_unavailable(error) and not is_transient(error)


@pytest.mark.parametrize(
    "error",
    [
        _postgres("42P01", sa_exc.ProgrammingError),  # undefined table: a bug
        _postgres("22P02", sa_exc.DataError),  # invalid text representation
        _postgres("23505", sa_exc.IntegrityError),  # unique violation
        _sqlite(1, sa_exc.DBAPIError),  # SQLITE_ERROR (a wrong statement), not operational
        ValueError("not a database error"),
    ],
)
def test_a_bug_is_neither(error: BaseException) -> None:
    assert not is_transient(error) and not is_unavailable(error)


def test_messages_do_not_decide() -> None:
    # The text says "connection", but the code says it is a syntax error.
    cause = _PgError("42601", "syntax error near 'connection closed timeout'")
    error = sa_exc.ProgrammingError("SELECT", None, cause)
    assert not is_transient(error) and not is_unavailable(error)
