"""PostgreSQL: Bina's tables and functions are closed to every role but Bina's own.

On Supabase the `public` schema is served by the Data API to anyone holding the public `anon`
key, and Supabase's default privileges grant every new table and function to `anon` and
`authenticated`. From here on, every table (Alembic's version table too) has Row Level Security
on with no policy and no privilege for PUBLIC, `anon` or `authenticated`, and no `bina_*`
function may be executed by them (bina/jobs/lockdown.py). Bina's own role owns the objects, so
nothing changes for it. A migration that creates a table or a function after this one calls the
same helpers.

Downgrade turns RLS off and gives EXECUTE on the functions back to PUBLIC (PostgreSQL's
default); it does not grant anything to `anon` or `authenticated` again.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from __future__ import annotations

from alembic import op

from bina.jobs.lockdown import (
    lock_down_functions,
    lock_down_tables,
    unlock_functions,
    unlock_tables,
)
from bina.jobs.migrate import VERSION_TABLE

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

TABLES = (
    VERSION_TABLE,
    "generation_jobs",
    "job_workers",
    "sites",
    "site_photos",
    "retired_slugs",
)


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(lock_down_tables(TABLES))
        op.execute(lock_down_functions())


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(unlock_functions())
        op.execute(unlock_tables(TABLES))
