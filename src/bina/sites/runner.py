"""What runs the site store's SQL: anything shaped like the job store's database, with the
errors that mean "the database is away" turned into `SitesUnavailable` (a 503, not a 500)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from bina.sites.errors import SitesUnavailable

T = TypeVar("T")
#: A unit of work: statements on the connection it is given, plain values out.
Work = Callable[[sa.Connection], T]


class SqlRunner(Protocol):
    """Runs a unit of work in a transaction (the job store's database has this shape)."""

    backend: str

    async def read(self, work: Work[T]) -> T: ...

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T: ...


def unavailable(exc: BaseException) -> bool:
    """Whether `exc` means the database is away (503), not that the request was wrong."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, sa_exc.IntegrityError):
        return False
    return isinstance(exc, sa_exc.OperationalError | sa_exc.InterfaceError | OSError | TimeoutError)


class SitesDatabase:
    """A `SqlRunner` for the site store: writes go first (a person waits for each), and a
    database that is away raises `SitesUnavailable`."""

    def __init__(self, runner: SqlRunner) -> None:
        self._runner = runner

    async def read(self, work: Work[T]) -> T:
        try:
            return await self._runner.read(work)
        except Exception as exc:
            if unavailable(exc):
                raise SitesUnavailable() from exc
            raise

    async def write(self, work: Work[T], *, one_statement: bool = False) -> T:
        try:
            return await self._runner.write(work, one_statement=one_statement, urgent=True)
        except Exception as exc:
            if unavailable(exc):
                raise SitesUnavailable() from exc
            raise
