"""Alembic environment: runs the migrations through Bina's database layer (SQLite or PostgreSQL)."""

from __future__ import annotations

import asyncio

from alembic import context
from sqlalchemy import Connection

from bina.jobs.connect import open_database
from bina.jobs.database import driver_url
from bina.jobs.migrate import VERSION_TABLE
from bina.sites import schema as _site_tables  # noqa: F401  (registers the site tables)
from bina.sql_types import metadata

config = context.config


def _database_url() -> str:
    url = config.get_main_option("sqlalchemy.url")
    if not url:
        raise RuntimeError("no database URL given to the migrations")
    return url


def run_offline() -> None:
    """Emit SQL instead of running it (`schema/postgres.sql` is made this way)."""
    context.configure(
        url=driver_url(_database_url()),
        target_metadata=metadata,
        literal_binds=True,
        version_table=VERSION_TABLE,
        dialect_opts={"paramstyle": "named"},
    )
    with context.begin_transaction():
        context.run_migrations()


def _run_with(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        version_table=VERSION_TABLE,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()


async def run_online() -> None:
    database = open_database(_database_url(), pool_size=1)
    try:
        await database.write(_run_with, one_statement=False)
    finally:
        await database.close()


if context.is_offline_mode():
    run_offline()
elif (given := config.attributes.get("connection")) is not None:
    _run_with(given)  # called by bina.jobs.migrate from inside a running event loop
else:
    asyncio.run(run_online())
