"""Apply the Alembic migrations (`bina migrate`), print them as SQL, or tell whether a
database is at this code's revision (readiness)."""

from __future__ import annotations

import asyncio
import functools
import io
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, text

from bina.jobs.connect import open_database
from bina.jobs.database import Database
from bina.jobs.transactions import Transactions

#: Alembic's version table, named for Bina so it never meets another app's in a shared schema.
VERSION_TABLE = "bina_alembic_version"


def migrations_dir() -> Path:
    """The migrations folder: packaged in a wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve()
    packaged = here.parent.parent / "_migrations"
    if packaged.is_dir():
        return packaged
    return here.parents[3] / "migrations"


def alembic_config(database_url: str, output: io.StringIO | None = None) -> Config:
    config = Config(output_buffer=output) if output is not None else Config()
    config.set_main_option("script_location", str(migrations_dir()))
    # `%` would be read as interpolation by configparser (passwords may contain it).
    config.set_main_option("sqlalchemy.url", database_url.replace("%", "%%"))
    return config


async def upgrade_async(database_url: str, revision: str = "head") -> None:
    """Bring the database to `revision`; safe to run again, and on every start."""
    config = alembic_config(database_url)

    def run(connection: Connection) -> None:
        if connection.dialect.name == "postgresql":
            # Several instances starting at once: one migrates, the others wait for it.
            # (On SQLite the write transaction's BEGIN IMMEDIATE does the same.)
            connection.execute(text("SELECT pg_advisory_xact_lock(1112100418)"))
        config.attributes["connection"] = connection
        command.upgrade(config, revision)

    database = open_database(database_url, pool_size=1)
    try:
        await database.write(run, one_statement=False)
    finally:
        await database.close()


def upgrade(database_url: str, revision: str = "head") -> None:
    """`upgrade_async` for callers without an event loop (the CLI)."""
    asyncio.run(upgrade_async(database_url, revision))


def upgrade_sql(database_url: str = "postgresql://localhost/bina") -> str:
    """The SQL of every migration for the URL's dialect, for people who apply SQL by hand."""
    output = io.StringIO()
    command.upgrade(alembic_config(database_url, output), "head", sql=True)
    return output.getvalue()


@dataclass(frozen=True, slots=True)
class ScriptRevisions:
    """The revisions this code's migration scripts know, and the ones they end at."""

    heads: frozenset[str]
    known: frozenset[str]

    def pending(self, applied: frozenset[str]) -> bool:
        """Whether a database at `applied` still lacks a migration of this code.

        A database at a revision these scripts do not know was migrated by a newer release
        (a rolling deploy): migrations only add, so this code runs on it and is not held back.
        """
        return applied != self.heads and applied <= self.known


@functools.cache
def script_revisions() -> ScriptRevisions:
    """Read from the migration scripts once per process (they change only with the code)."""
    scripts = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return ScriptRevisions(
        heads=frozenset(scripts.get_heads()),
        known=frozenset(script.revision for script in scripts.walk_revisions()),
    )


async def applied_revisions(database: Database) -> frozenset[str]:
    """The revisions the database is at (empty before the first migration); StoreUnavailable
    when it does not answer."""

    def read(conn: Connection) -> frozenset[str]:
        context = MigrationContext.configure(conn, opts={"version_table": VERSION_TABLE})
        return frozenset(context.get_current_heads())

    return await Transactions(database).read(read)
