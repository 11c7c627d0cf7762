"""The database as the operator commands use it: opened for one command, closed after it.

When a command fails on the database, the cause is one of two things an operator fixes in
different ways: the database is away (wait, or fix the URL), or it is reachable but its schema
is not the one this version of Bina needs (run `bina migrate`). The second shows as a missing
table or column, which drivers report much like the first, so the revision is checked then.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, TypeVar

from bina.cli.errors import CliError, ExitCode
from bina.config import get_settings

if TYPE_CHECKING:
    from bina.jobs import JobStore
    from bina.sites import SiteStore

T = TypeVar("T")


def with_job_store(action: Callable[[JobStore], Awaitable[T]]) -> T:
    """`action(store)` on the configured database, as an operator's one-off command."""
    from bina.app.workers import open_job_store

    settings = get_settings()

    async def run() -> T:
        # Not started: a command that reads or changes a few rows and ends follows no one
        # else's changes (no LISTEN connection, no SQLite watcher).
        store = open_job_store(settings.model_copy(update={"listen": False}), pool_size=2)
        try:
            return await action(store)
        finally:
            await store.close()

    return run_on_database(settings.database_url, run)


def with_site_store(action: Callable[[SiteStore], Awaitable[T]]) -> T:
    """`action(site_store)` on the configured database."""
    from bina.jobs.connect import open_database
    from bina.sites import SiteStore

    database_url = get_settings().database_url

    async def run() -> T:
        database = open_database(database_url, pool_size=2)
        try:
            return await action(SiteStore(database))
        finally:
            await database.close()

    return run_on_database(database_url, run)


def run_on_database(database_url: str, work: Callable[[], Coroutine[Any, Any, T]]) -> T:
    """`work()` to its end; a failure on a database whose schema is behind says so."""
    try:
        return asyncio.run(work())
    except Exception as exc:
        if not _may_be_the_schema(exc):
            raise
        problem = _schema_problem_if_reachable(database_url)
        if problem is None:
            raise
        raise CliError(problem, ExitCode.MIGRATIONS_PENDING) from exc


def _may_be_the_schema(exc: BaseException) -> bool:
    from sqlalchemy import exc as sa_exc

    from bina.jobs import StoreUnavailable
    from bina.sites.errors import SitesUnavailable

    return isinstance(exc, StoreUnavailable | SitesUnavailable | sa_exc.DBAPIError)


def _schema_problem_if_reachable(database_url: str) -> str | None:
    """What is wrong with the schema; None when it is current or cannot be read (then the
    original failure says more than this check's would)."""
    try:
        return asyncio.run(schema_problem(database_url))
    except Exception:
        return None


async def schema_problem(database_url: str) -> str | None:
    """Why the database's schema lacks a migration of this version; None when it does not."""
    from bina.jobs.connect import open_database
    from bina.jobs.migrate import applied_revisions, script_revisions

    revisions = script_revisions()
    database = open_database(database_url, pool_size=1)
    try:
        applied = await applied_revisions(database)
    finally:
        await database.close()
    if not revisions.pending(applied):
        return None
    if not applied:
        return "the database has no Bina tables yet: run `bina migrate`"
    return (
        f"the database's schema is at {_names(applied)}, this version needs "
        f"{_names(revisions.heads)}: run `bina migrate`"
    )


def _names(revisions: frozenset[str]) -> str:
    return ", ".join(sorted(revisions))
