"""Workers say how their death shows: `job_workers.liveness`.

A worker process holds a sign of life that the database or the OS drops when the process dies
(PostgreSQL: a session advisory lock; SQLite: an flock on a file), and its row names it here.
Other workers take over the running jobs of a worker whose row names a sign that is gone,
without waiting for its lease (bina/jobs/liveness.py). NULL (older workers, workers behind a
transaction pooler): nothing shows its death but its lease, as before.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_workers") as table:
        table.add_column(sa.Column("liveness", sa.Text))


def downgrade() -> None:
    with op.batch_alter_table("job_workers") as table:
        table.drop_column("liveness")
