"""PostgreSQL: a start in one round trip (`bina_start_job`).

A start locks the user's and the quota subject's advisory locks, looks for an idempotent repeat,
counts the quota and inserts. Sent statement by statement that is 5 round trips (BEGIN, locks,
read, INSERT, COMMIT), and each one pays for waking two idle processes (docs/performance.md).
In a PL/pgSQL function every statement still takes its own snapshot after the locks are held
(READ COMMITTED), so the checks see every start committed before them, in one call.

SQLite keeps doing the same steps from Python (in-process, a round trip costs nothing there).
The store's behaviour suite runs both paths.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

START_JOB = """
CREATE OR REPLACE FUNCTION bina_start_job(
    subjects text[],
    new_job jsonb,
    quota_subject text,
    quota_limit integer,
    quota_since timestamptz
) RETURNS TABLE (outcome text, existing_job_id text, quota_used integer, quota_oldest timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    subject text;
    wanted_key text := new_job->>'idempotency_key';
    wanted_user text := new_job->>'user_id';
    repeat_of text;
    used integer := 0;
    oldest timestamptz;
BEGIN
    -- Sorted by the caller: every start takes its locks in the same order (no deadlock).
    FOREACH subject IN ARRAY subjects LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(subject, 0));
    END LOOP;
    IF wanted_key IS NOT NULL THEN
        IF wanted_user IS NULL THEN
            SELECT j.job_id INTO repeat_of FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id IS NULL;
        ELSE
            SELECT j.job_id INTO repeat_of FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id = wanted_user;
        END IF;
        IF repeat_of IS NOT NULL THEN
            RETURN QUERY SELECT 'existing'::text, repeat_of, 0, NULL::timestamptz;
            RETURN;
        END IF;
    END IF;
    IF quota_limit > 0 THEN
        SELECT count(*)::integer, min(j.created_at) INTO used, oldest FROM generation_jobs j
        WHERE j.quota_subject = bina_start_job.quota_subject
          AND j.created_at > quota_since
          AND NOT j.quota_refunded;
        IF used >= quota_limit THEN
            RETURN QUERY SELECT 'quota'::text, NULL::text, used, oldest;
            RETURN;
        END IF;
    END IF;
    INSERT INTO generation_jobs
    SELECT * FROM jsonb_populate_record(NULL::generation_jobs, new_job);
    PERFORM pg_notify('bina_job_queued', '');
    RETURN QUERY SELECT 'created'::text, NULL::text, used, oldest;
END
$$
"""


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(START_JOB)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(
            "DROP FUNCTION IF EXISTS bina_start_job(text[], jsonb, text, integer, timestamptz)"
        )
