"""PostgreSQL: `bina_start_job` learns join keys (identical starts join the job in flight).

A start may carry a *join key* instead of a client's Idempotency-Key: the server makes one
from the caller and the request, so that an identical start (a re-tap after a dropped
connection) finds the job that is still queued or running, or that completed less than
`join_since` ago, and is charged nothing. Past that the key no longer joins anything: it is
taken off the old job and the new start makes a new job. A client's own key (`join_since`
NULL) keeps meaning "this very job", whatever its status.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

START_JOB = """
CREATE OR REPLACE FUNCTION bina_start_job(
    subjects text[],
    new_job jsonb,
    quota_subject text,
    quota_limit integer,
    quota_since timestamptz,
    join_since timestamptz
) RETURNS TABLE (outcome text, existing_job_id text, quota_used integer, quota_oldest timestamptz)
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    subject text;
    wanted_key text := new_job->>'idempotency_key';
    wanted_user text := new_job->>'user_id';
    repeat_of text;
    repeat_status text;
    repeat_finished timestamptz;
    used integer := 0;
    oldest timestamptz;
BEGIN
    -- Sorted by the caller: every start takes its locks in the same order (no deadlock).
    FOREACH subject IN ARRAY subjects LOOP
        PERFORM pg_advisory_xact_lock(hashtextextended(subject, 0));
    END LOOP;
    IF wanted_key IS NOT NULL THEN
        IF wanted_user IS NULL THEN
            SELECT j.job_id, j.status, j.finished_at
            INTO repeat_of, repeat_status, repeat_finished FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id IS NULL;
        ELSE
            SELECT j.job_id, j.status, j.finished_at
            INTO repeat_of, repeat_status, repeat_finished FROM generation_jobs j
            WHERE j.idempotency_key = wanted_key AND j.user_id = wanted_user;
        END IF;
        IF repeat_of IS NOT NULL THEN
            IF join_since IS NULL
               OR repeat_status IN ('queued', 'processing')
               OR (repeat_status = 'completed' AND repeat_finished > join_since) THEN
                RETURN QUERY SELECT 'existing'::text, repeat_of, 0, NULL::timestamptz;
                RETURN;
            END IF;
            -- A join key whose job is over joins nothing more.
            UPDATE generation_jobs SET idempotency_key = NULL WHERE job_id = repeat_of;
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

OLD_SIGNATURE = "bina_start_job(text[], jsonb, text, integer, timestamptz)"
NEW_SIGNATURE = "bina_start_job(text[], jsonb, text, integer, timestamptz, timestamptz)"


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {OLD_SIGNATURE}")
        op.execute(START_JOB)


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {NEW_SIGNATURE}")
