"""The webhook's SQL: made due by the very write that ends its job, then claimed and settled.

A job with a `callback_url` that ends (completed, failed for good, canceled) gets its webhook
`pending`, due at once, in the same UPDATE that ends it, so no crash between the two can lose
it. `JobStatementsWithWebhooks` is the job store's statements with that added to each one
that ends a job. A delivery loop claims due webhooks by pushing `webhook_next_at` past the
send (a lease: a loop that dies mid-send leaves the webhook to be retaken when it runs out;
PostgreSQL's FOR UPDATE SKIP LOCKED keeps two claimers off the same row), and settles each
claim fenced by its attempt number, so a claim that was retaken changes nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bina.jobs.models import FINISHED_STATUSES
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.statements import COMPLETION_COLUMNS, JobStatements

PENDING = "pending"
DELIVERED = "delivered"
FAILED = "failed"

_TIME = jobs.c.webhook_next_at.type


def _time(name: str) -> sa.BindParameter[datetime]:
    return sa.bindparam(name, type_=_TIME)


def made_due(now: sa.ColumnElement[datetime]) -> dict[str, sa.ColumnElement[Any]]:
    """What a write that ends a job also sets: its webhook pending and due `now`, when it
    has a callback (NULLs otherwise)."""
    has_callback = jobs.c.callback_url.is_not(None)
    return {
        "webhook_status": sa.case((has_callback, PENDING)),
        "webhook_next_at": sa.case((has_callback, now)),
        "webhook_attempts": sa.case((has_callback, 0)),
        "webhook_error": sa.null(),
    }


#: For a worker's fenced write that ends its job: the end's time is its `v_finished_at`.
MADE_DUE_BY_FENCED_WRITE = made_due(_time("v_finished_at"))
_MADE_DUE_NOW = made_due(_time("now"))


class JobStatementsWithWebhooks(JobStatements):
    """The job store's statements; each one that ends a job makes its webhook due."""

    def completion(self) -> sa.Update:
        columns = tuple(sorted({*COMPLETION_COLUMNS, *self.batch_columns}))
        return self.fenced(columns, MADE_DUE_BY_FENCED_WRITE, False)

    def _cancel(self, owned: bool) -> sa.Update:
        return super()._cancel(owned).values(_MADE_DUE_NOW)

    def _fail_exhausted(self) -> sa.Update:
        return super()._fail_exhausted().values(_MADE_DUE_NOW)

    def _complete_batch(self, value: Callable[[str], Any]) -> sa.Update:
        return super()._complete_batch(value).values(_MADE_DUE_NOW)


# --- delivery ---------------------------------------------------------------------------------

# Inline, not bound: the partial index `ix_generation_jobs_webhooks_due` (WHERE webhook_status
# = 'pending') serves only queries whose plan can see that same literal.
_IS_PENDING = jobs.c.webhook_status == sa.literal_column(f"'{PENDING}'")
_ENDED = jobs.c.status.in_([status.value for status in FINISHED_STATUSES])


def _due(now: sa.BindParameter[datetime]) -> sa.ColumnElement[bool]:
    # A job retried by an operator after its end is running again: its webhook waits for
    # the next end, which makes it due afresh.
    return sa.and_(_IS_PENDING, jobs.c.webhook_next_at <= now, _ENDED)


#: Whether any webhook is due (a read: the loop's idle check takes no write lock).
ANY_DUE = sa.select(sa.literal(1)).where(_due(_time("now"))).limit(1)

#: Take up to `limit` due webhooks: each one's next time becomes the end of this claim's lease.
CLAIM = (
    sa.update(jobs)
    .where(
        jobs.c.id.in_(
            sa.select(jobs.c.id)
            .where(_due(_time("now")))
            .order_by(jobs.c.webhook_next_at)
            .limit(sa.bindparam("limit", type_=sa.Integer))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
    )
    .values(
        webhook_next_at=_time("lease_until"),
        webhook_attempts=sa.func.coalesce(jobs.c.webhook_attempts, 0) + 1,
    )
    .returning(
        jobs.c.job_id,
        jobs.c.status,
        jobs.c.finished_at,
        jobs.c.error,
        jobs.c.callback_url,
        jobs.c.webhook_attempts,
    )
)

#: A claim's outcome (delivered; pending again at a later time; failed), fenced by its attempt.
#: Parameters are named `w_…`: an UPDATE's parameters may not take a column's name.
SETTLE = (
    sa.update(jobs)
    .where(
        jobs.c.job_id == sa.bindparam("target", type_=sa.Text),
        _IS_PENDING,
        jobs.c.webhook_attempts == sa.bindparam("attempt", type_=sa.Integer),
    )
    .values(
        webhook_status=sa.bindparam("w_status", type_=sa.Text),
        webhook_next_at=_time("w_next_at"),
        webhook_error=sa.bindparam("w_error", type_=sa.Text),
    )
)

#: One job's webhook, as operators and tests look at it.
STATE = sa.select(
    jobs.c.callback_url,
    jobs.c.webhook_status,
    jobs.c.webhook_attempts,
    jobs.c.webhook_next_at,
    jobs.c.webhook_error,
).where(jobs.c.job_id == sa.bindparam("job_id", type_=sa.Text))
