"""Jobs remember the request that started them and where to report their end.

* `request_id`: the `X-Request-ID` of the start, so that every log line about the job, in
  whichever process runs it, can be matched with the request that asked for it.
* `callback_url` and the `webhook_*` columns: an optional signed POST when the job ends,
  delivered by the workers with retries and backoff. `webhook_status` is NULL for a job
  without a callback, `pending` once it has ended and its webhook waits to be sent (not
  before `webhook_next_at`), `delivered`, or `failed` after the last attempt.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("generation_jobs") as table:
        table.add_column(sa.Column("request_id", sa.Text))
        table.add_column(sa.Column("callback_url", sa.Text))
        table.add_column(sa.Column("webhook_status", sa.Text))
        table.add_column(sa.Column("webhook_attempts", sa.Integer))
        table.add_column(sa.Column("webhook_next_at", sa.DateTime(timezone=True)))
        table.add_column(sa.Column("webhook_error", sa.Text))
    # The delivery loop's one question ("which webhooks are due?") reads only pending rows.
    op.create_index(
        "ix_generation_jobs_webhooks_due",
        "generation_jobs",
        ["webhook_next_at"],
        postgresql_where=sa.text("webhook_status = 'pending'"),
        sqlite_where=sa.text("webhook_status = 'pending'"),
    )


def downgrade() -> None:
    op.drop_index("ix_generation_jobs_webhooks_due", table_name="generation_jobs")
    with op.batch_alter_table("generation_jobs") as table:
        for column in (
            "webhook_error",
            "webhook_next_at",
            "webhook_attempts",
            "webhook_status",
            "callback_url",
            "request_id",
        ):
            table.drop_column(column)
