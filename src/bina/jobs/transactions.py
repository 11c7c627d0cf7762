"""Units of work with the store's retry rules: busy or briefly away is retried, a bug is not.

A read gets one more try on a fresh connection (a pooled one may have died with a database
restart; without pre-ping that is how stale ones are found). A write is retried with backoff
while the database is busy (a lock, a deadlock, a failover). A unit of work that ran out of
time (TimeoutError: the database stopped answering) is not tried again: it had the whole time
a caller waits. Whatever is left becomes `StoreUnavailable` (the API's 503); driver errors
never leave the job system.
"""

from __future__ import annotations

import asyncio
import logging
from typing import TypeVar

from sqlalchemy import exc as sa_exc

from bina.jobs.database import Database, Work
from bina.jobs.driver_errors import is_transient, is_unavailable
from bina.jobs.exceptions import StoreUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")
_WRITE_RETRIES = 5


class Transactions:
    """Runs units of work on a `Database`, retrying what is worth retrying."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def read(self, work: Work[T]) -> T:
        """`work` in a read transaction; StoreUnavailable when the database is away."""
        # Once more on a fresh connection when a pooled one turns out dead (the database
        # restarted, a pooler closed it): without pre-ping, that is how stale ones are found.
        for attempt in (1, 2):
            try:
                return await self.database.read(work)
            except (sa_exc.DBAPIError, OSError, TimeoutError) as exc:
                if not is_unavailable(exc):
                    raise  # a bug, not an outage: let it be seen
                if attempt == 1 and not isinstance(exc, TimeoutError):
                    continue
                raise StoreUnavailable() from exc
        raise AssertionError("unreachable")

    async def write(self, work: Work[T], *, one_statement: bool = False, urgent: bool = False) -> T:
        """Run `work` in one write transaction, retrying when the database is briefly busy.

        `one_statement`: `work` runs a single statement, atomic by itself (PostgreSQL then
        sends it alone, without BEGIN and COMMIT). `urgent`: a person waits for it.
        """
        delay = 0.01
        for attempt in range(_WRITE_RETRIES):
            try:
                return await self.database.write(work, one_statement=one_statement, urgent=urgent)
            except sa_exc.IntegrityError as exc:
                raise StoreUnavailable("the job could not be written") from exc
            except (sa_exc.DBAPIError, OSError, TimeoutError) as exc:
                last = attempt == _WRITE_RETRIES - 1 or isinstance(exc, TimeoutError)
                if last or not is_transient(exc):
                    raise StoreUnavailable() from exc
                logger.debug("transient database error, retrying: %s", exc)
            await asyncio.sleep(delay)
            delay *= 4
        raise AssertionError("unreachable")
