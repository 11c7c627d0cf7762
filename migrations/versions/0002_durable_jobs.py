"""What durability needs: leases, attempts, idempotency, quota, versions; the workers table.

Rows of the original system are kept and stay readable. Its jobs stuck in "processing" for
more than an hour had no worker left to finish them: they become failed with a clear error;
younger ones are queued again, so the new workers finish them.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _timestamp() -> sa.types.TypeEngine[object]:
    return sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    postgres = op.get_context().dialect.name == "postgresql"
    now = "now()" if postgres else "CURRENT_TIMESTAMP"
    hour_ago = "now() - interval '1 hour'" if postgres else "datetime('now', '-1 hour')"

    with op.batch_alter_table("generation_jobs") as table:
        table.add_column(sa.Column("stage", sa.Text, nullable=False, server_default="queued"))
        table.add_column(sa.Column("message", sa.Text))
        table.add_column(sa.Column("attempts", sa.Integer, nullable=False, server_default="0"))
        table.add_column(sa.Column("max_attempts", sa.Integer, nullable=False, server_default="3"))
        table.add_column(sa.Column("worker_id", sa.Text))
        table.add_column(sa.Column("lease_expires_at", _timestamp()))
        table.add_column(sa.Column("available_at", _timestamp()))
        table.add_column(sa.Column("started_at", _timestamp()))
        table.add_column(sa.Column("finished_at", _timestamp()))
        table.add_column(sa.Column("idempotency_key", sa.Text))
        table.add_column(sa.Column("business_type", sa.Text))
        table.add_column(sa.Column("result", _json()))
        table.add_column(sa.Column("payload", _json()))
        table.add_column(sa.Column("quota_subject", sa.Text))
        table.add_column(
            sa.Column("quota_refunded", sa.Boolean, nullable=False, server_default=sa.false())
        )
        table.add_column(sa.Column("version", sa.Integer, nullable=False, server_default="1"))

    # Old rows: fill what the new code relies on, settle jobs nobody will ever finish.
    op.execute(
        f"UPDATE generation_jobs SET "
        f"status = COALESCE(status, 'failed'), progress = COALESCE(progress, 0), "
        f"created_at = COALESCE(created_at, {now}), updated_at = COALESCE(updated_at, {now})"
    )
    op.execute(
        f"UPDATE generation_jobs SET status = 'failed', "
        f"error = 'Interrupted before the upgrade to durable jobs; please start again.', "
        f"finished_at = {now} "
        f"WHERE status = 'processing' AND (updated_at < {hour_ago} OR description IS NULL)"
    )
    op.execute("UPDATE generation_jobs SET status = 'queued' WHERE status = 'processing'")
    op.execute(
        "UPDATE generation_jobs SET stage = status, "
        "finished_at = COALESCE(finished_at, updated_at) "
        "WHERE status IN ('completed', 'failed', 'canceled')"
    )

    with op.batch_alter_table("generation_jobs") as table:
        table.alter_column("status", existing_type=sa.Text, nullable=False)
        table.alter_column("progress", existing_type=sa.Integer, nullable=False)
        table.alter_column("created_at", existing_type=_timestamp(), nullable=False)
        table.alter_column("updated_at", existing_type=_timestamp(), nullable=False)

    op.create_index(
        "ix_generation_jobs_user_idempotency",
        "generation_jobs",
        ["user_id", "idempotency_key"],
        unique=True,
    )
    op.create_index("ix_generation_jobs_runnable", "generation_jobs", ["status", "created_at"])
    op.create_index("ix_generation_jobs_quota", "generation_jobs", ["quota_subject", "created_at"])
    op.create_index("ix_generation_jobs_user", "generation_jobs", ["user_id", "created_at"])
    op.create_index("ix_generation_jobs_updated", "generation_jobs", ["updated_at"])

    op.create_table(
        "job_workers",
        sa.Column("id", sa.Text, primary_key=True),
        sa.Column("host", sa.Text, nullable=False),
        sa.Column("pid", sa.Integer, nullable=False),
        sa.Column("concurrency", sa.Integer, nullable=False),
        sa.Column("started_at", _timestamp(), nullable=False),
        sa.Column("last_heartbeat_at", _timestamp(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("job_workers")
    for name in ("updated", "user", "quota", "runnable", "user_idempotency"):
        op.drop_index(f"ix_generation_jobs_{name}", "generation_jobs")
    with op.batch_alter_table("generation_jobs") as table:
        for column in (
            "version quota_refunded quota_subject payload result business_type idempotency_key "
            "finished_at started_at available_at lease_expires_at worker_id max_attempts "
            "attempts message stage"
        ).split():
            table.drop_column(column)
