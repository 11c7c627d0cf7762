"""Which jobs a claim takes: the oldest runnable ones, read from the (status, created_at) index.

Runnable means queued and due (`available_at` has come: retry backoff), or running with a lease
that ran out and attempts left. Each kind is read in creation order, `LIMIT n FOR UPDATE SKIP
LOCKED`, and the claim takes the oldest `n` of both: a few index entries per claim however long
the queue. SQLite plans that from the inline statement; PostgreSQL does only while its
statistics say many jobs are queued, so there the same reads run inside
`bina_claim_candidates` (migration 0009), whose plan does not depend on them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bina.jobs.models import JobStatus
from bina.jobs.schema import generation_jobs as jobs

QUEUED = JobStatus.QUEUED.value
PROCESSING = JobStatus.PROCESSING.value
#: The type of every timestamp a statement binds (aware UTC in, aware UTC out).
TIME = jobs.c.updated_at.type


def time_param(name: str) -> sa.BindParameter[datetime]:
    """A bound timestamp named `name`."""
    return sa.bindparam(name, type_=TIME)


def claimable_inline() -> sa.ScalarSelect[Any]:
    """The ids a claim takes: the oldest `limit` of the queued jobs that are due and the
    running ones whose lease ran out, locked (SKIP LOCKED)."""
    now = time_param("now")
    limit = sa.bindparam("limit", type_=sa.Integer)
    # Each kind read in `created_at` order from the (status, created_at) index: a few index
    # entries per claim however many jobs wait. One condition OR-ing the two had PostgreSQL
    # read and sort every queued row for each claim (2.9 ms with 4,000 waiting).
    queued = (
        sa.select(jobs.c.id, jobs.c.created_at)
        .where(
            jobs.c.status == QUEUED,
            sa.or_(jobs.c.available_at.is_(None), jobs.c.available_at <= now),
        )
        .order_by(jobs.c.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("claimable_queued")
    )
    expired = (
        sa.select(jobs.c.id, jobs.c.created_at)
        .where(
            jobs.c.status == PROCESSING,
            sa.or_(jobs.c.lease_expires_at.is_(None), jobs.c.lease_expires_at < now),
            jobs.c.attempts < jobs.c.max_attempts,
        )
        .order_by(jobs.c.created_at)
        .limit(limit)
        .with_for_update(skip_locked=True)
        .cte("claimable_expired")
    )
    both = sa.union_all(
        sa.select(queued.c.id, queued.c.created_at),
        sa.select(expired.c.id, expired.c.created_at),
    ).subquery("claimable")
    return sa.select(both.c.id).order_by(both.c.created_at).limit(limit).scalar_subquery()


#: The same ids from PostgreSQL's `bina_claim_candidates` (migration 0009).
CLAIMABLE_BY_FUNCTION = sa.select(
    sa.func.bina_claim_candidates(
        sa.bindparam("limit", type_=sa.Integer), time_param("now"), type_=sa.Uuid(as_uuid=False)
    )
).scalar_subquery()
