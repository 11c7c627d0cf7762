"""The original generation_jobs table, as the seed's Supabase SQL created it.

Created only when absent, so an existing deployment keeps its table and rows.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

POSTGRES = """
CREATE TABLE IF NOT EXISTS generation_jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id text UNIQUE NOT NULL,
    status text DEFAULT 'processing',
    progress integer DEFAULT 0,
    html text,
    styles jsonb,
    error text,
    description text,
    language text DEFAULT 'ms',
    user_id text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
)
"""

SQLITE = """
CREATE TABLE IF NOT EXISTS generation_jobs (
    id CHAR(32) NOT NULL PRIMARY KEY,
    job_id TEXT NOT NULL UNIQUE,
    status TEXT DEFAULT 'processing',
    progress INTEGER DEFAULT 0,
    html TEXT,
    styles JSON,
    error TEXT,
    description TEXT,
    language TEXT DEFAULT 'ms',
    user_id TEXT,
    created_at DATETIME DEFAULT CURRENT_TIMESTAMP,
    updated_at DATETIME DEFAULT CURRENT_TIMESTAMP
)
"""


def upgrade() -> None:
    op.execute(POSTGRES if op.get_context().dialect.name == "postgresql" else SQLITE)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS generation_jobs")
