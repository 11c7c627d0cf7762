"""PostgreSQL: `bina_claim_candidates` picks the jobs a claim takes, from the index in order.

A claim takes the oldest runnable jobs: queued ones (due now), and running ones whose lease
ran out. Read from the (status, created_at) index in creation order, that is a few index
entries whatever the queue's length. But the planner picks that plan only when its statistics
say many jobs are queued: on a table that was never analyzed, or analyzed while the queue was
short (the usual case: a burst arrives between two autovacuum runs), it estimates a handful
of queued rows, and reads and sorts every queued row instead, once per claim (1.4-1.9 ms with
3,000 waiting, growing with the queue, so a backlog drains ever more slowly).

This function runs the same two reads with plans that do not depend on statistics: inside it
(and only there) sequential and bitmap scans are off, so each arm is an ordered index scan
that stops after `claim_limit` rows it could lock; JIT is off, as the disabled plans' cost
penalty would otherwise make PostgreSQL compile the statement on every call. The caller's
UPDATE takes the ids it returns, in the same statement and transaction, so the rows it locked
stay locked until that commit.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01
"""

from __future__ import annotations

from alembic import op

from bina.jobs.lockdown import lock_down_functions

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CLAIM_CANDIDATES = """
CREATE OR REPLACE FUNCTION bina_claim_candidates(claim_limit integer, claim_now timestamptz)
RETURNS SETOF uuid
LANGUAGE sql VOLATILE
SET enable_seqscan = off
SET enable_bitmapscan = off
SET jit = off
ROWS 10
AS $$
    WITH queued AS (
        SELECT j.id, j.created_at FROM generation_jobs j
        WHERE j.status = 'queued' AND (j.available_at IS NULL OR j.available_at <= claim_now)
        ORDER BY j.created_at
        LIMIT claim_limit
        FOR UPDATE SKIP LOCKED
    ), expired AS (
        SELECT j.id, j.created_at FROM generation_jobs j
        WHERE j.status = 'processing'
          AND (j.lease_expires_at IS NULL OR j.lease_expires_at < claim_now)
          AND j.attempts < j.max_attempts
        ORDER BY j.created_at
        LIMIT claim_limit
        FOR UPDATE SKIP LOCKED
    )
    SELECT claimable.id FROM (
        SELECT id, created_at FROM queued UNION ALL SELECT id, created_at FROM expired
    ) AS claimable
    ORDER BY claimable.created_at
    LIMIT claim_limit
$$
"""

SIGNATURE = "bina_claim_candidates(integer, timestamptz)"


def upgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(CLAIM_CANDIDATES)
        op.execute(lock_down_functions())  # closed to Supabase's API roles, like the others


def downgrade() -> None:
    if op.get_context().dialect.name == "postgresql":
        op.execute(f"DROP FUNCTION IF EXISTS {SIGNATURE}")
