"""Which database errors mean "busy or away, try again" and which mean a bug, by error code.

Drivers say what went wrong with a code: PostgreSQL's SQLSTATE (SQLAlchemy's asyncpg adapter
copies it onto the error it raises), SQLite's result code (`sqlite3.Error.sqlite_errorcode`).
Codes do not change with the server's language or version, where message texts do.
"""

from __future__ import annotations

from sqlalchemy import exc as sa_exc

# PostgreSQL: retrying the same statement soon may well succeed.
_TRANSIENT_SQLSTATES = frozenset(
    {
        "40001",  # serialization_failure
        "40P01",  # deadlock_detected
        "55P03",  # lock_not_available
        "57P01",  # admin_shutdown (a restart: the next connection works)
        "57P02",  # crash_shutdown
        "57P03",  # cannot_connect_now (starting up)
        "53300",  # too_many_connections
    }
)
_TRANSIENT_SQLSTATE_CLASSES = frozenset({"08"})  # connection_exception and its kin
# PostgreSQL: the database cannot serve us now, though retrying at once will not help either.
_UNAVAILABLE_SQLSTATES = frozenset(
    {
        "55000",  # object_not_in_prerequisite_state: "not currently accepting connections"
        "3D000",  # invalid_catalog_name: the database is gone
    }
)
_UNAVAILABLE_SQLSTATE_CLASSES = frozenset(
    {
        "08",  # connection exceptions
        "28",  # invalid authorization: the credentials no longer work
        "53",  # insufficient resources (disk full, out of memory, too many connections)
        "57",  # operator intervention (shutdown, cannot connect now)
        "58",  # system error (I/O)
    }
)
# SQLite: another connection holds the lock (primary result codes; extended ones add bits).
_SQLITE_BUSY = 5
_SQLITE_LOCKED = 6


def sqlstate(exc: sa_exc.DBAPIError) -> str | None:
    code = getattr(exc.orig, "sqlstate", None) or getattr(exc.orig, "pgcode", None)
    return code if isinstance(code, str) else None


def sqlite_result_code(exc: sa_exc.DBAPIError) -> int | None:
    code = getattr(exc.orig, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def is_transient(exc: BaseException) -> bool:
    """Busy or briefly away: the same work, tried again shortly, may succeed."""
    if isinstance(exc, OSError | TimeoutError):
        return True
    if not isinstance(exc, sa_exc.DBAPIError):
        return False
    if exc.connection_invalidated:
        return True
    code = sqlstate(exc)
    if code is not None:
        return code in _TRANSIENT_SQLSTATES or code[:2] in _TRANSIENT_SQLSTATE_CLASSES
    result_code = sqlite_result_code(exc)
    if result_code is not None:
        return result_code in (_SQLITE_BUSY, _SQLITE_LOCKED)
    # No code at all: the driver's own trouble with the connection (asyncpg's "connection
    # is closed" is an InterfaceError without a SQLSTATE).
    return isinstance(exc, sa_exc.InterfaceError)


def is_unavailable(exc: BaseException) -> bool:
    """The database, or the way to it, is away (as opposed to a statement being wrong)."""
    if isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    if isinstance(exc, sa_exc.DBAPIError):
        code = sqlstate(exc)
        if code is not None and (
            code in _UNAVAILABLE_SQLSTATES or code[:2] in _UNAVAILABLE_SQLSTATE_CLASSES
        ):
            return True
    return is_transient(exc)
