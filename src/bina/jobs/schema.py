"""The job tables, as SQLAlchemy Core metadata: the one description SQLite and PostgreSQL use."""

from __future__ import annotations

import sqlalchemy as sa

from bina.sql_types import JsonColumn, UtcDateTime, metadata

__all__ = ["JsonColumn", "UtcDateTime", "generation_jobs", "job_workers", "metadata"]

generation_jobs = sa.Table(
    "generation_jobs",
    metadata,
    # The original table's columns, same names and meaning.
    sa.Column("id", sa.Uuid(as_uuid=False), primary_key=True),
    sa.Column("job_id", sa.Text, nullable=False, unique=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("progress", sa.Integer, nullable=False),
    sa.Column("html", sa.Text),
    sa.Column("styles", JsonColumn),
    sa.Column("error", sa.Text),
    sa.Column("description", sa.Text),
    sa.Column("language", sa.Text),
    sa.Column("user_id", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    # What durability needs.
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("message", sa.Text),
    sa.Column("attempts", sa.Integer, nullable=False),
    sa.Column("max_attempts", sa.Integer, nullable=False),
    sa.Column("worker_id", sa.Text),
    sa.Column("lease_expires_at", UtcDateTime),
    sa.Column("available_at", UtcDateTime),
    sa.Column("started_at", UtcDateTime),
    sa.Column("finished_at", UtcDateTime),
    sa.Column("idempotency_key", sa.Text),
    sa.Column("business_type", sa.Text),
    sa.Column("result", JsonColumn),
    sa.Column("payload", JsonColumn),
    sa.Column("quota_subject", sa.Text),
    sa.Column("quota_refunded", sa.Boolean, nullable=False),
    # Bumped by every write: the ETag of the status and the id of stream events.
    sa.Column("version", sa.Integer, nullable=False),
    # The X-Request-ID of the start, carried into every log line about the job.
    sa.Column("request_id", sa.Text),
    # The optional webhook when the job ends (migration 0007 says what each state means).
    sa.Column("callback_url", sa.Text),
    sa.Column("webhook_status", sa.Text),
    sa.Column("webhook_attempts", sa.Integer),
    sa.Column("webhook_next_at", UtcDateTime),
    sa.Column("webhook_error", sa.Text),
    sa.Index("ix_generation_jobs_user_idempotency", "user_id", "idempotency_key", unique=True),
    sa.Index("ix_generation_jobs_runnable", "status", "created_at"),
    sa.Index("ix_generation_jobs_quota", "quota_subject", "created_at"),
    sa.Index("ix_generation_jobs_user", "user_id", "created_at"),
    sa.Index("ix_generation_jobs_updated", "updated_at"),
    sa.Index(
        "ix_generation_jobs_webhooks_due",
        "webhook_next_at",
        postgresql_where=sa.text("webhook_status = 'pending'"),
        sqlite_where=sa.text("webhook_status = 'pending'"),
    ),
)

job_workers = sa.Table(
    "job_workers",
    metadata,
    sa.Column("id", sa.Text, primary_key=True),
    sa.Column("host", sa.Text, nullable=False),
    sa.Column("pid", sa.Integer, nullable=False),
    sa.Column("concurrency", sa.Integer, nullable=False),
    sa.Column("started_at", UtcDateTime, nullable=False),
    sa.Column("last_heartbeat_at", UtcDateTime, nullable=False),
    # How the worker's death shows (liveness.py): its sign of life; NULL = only by its lease.
    sa.Column("liveness", sa.Text),
)
