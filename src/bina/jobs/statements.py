"""Every SQL statement of the job store, built once and named.

Building a SQLAlchemy Core statement and looking it up in the compiled cache costs more CPU
than the database spends on a job's row (bench/hot_path.py --profile), so statements are
built once with bind parameters and reused. Statements that do not depend on the database
are module constants; the ones that announce changes (PostgreSQL's NOTIFY rides on their
RETURNING clause) or name the columns a job's data maps onto are built by `JobStatements`,
once per store. The two statements that differ by database (a group's completions, the
one-call start) are here too; which one runs is the backend's choice.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from types import SimpleNamespace
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from bina.jobs.claims import (
    CLAIMABLE_BY_FUNCTION,
    PROCESSING,
    QUEUED,
    TIME,
    claimable_inline,
    time_param,
)
from bina.jobs.columns import ColumnMap
from bina.jobs.models import FINISHED_STATUSES, JobStatus
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.schema import job_workers

Announce = tuple[sa.ColumnElement[Any], ...]


# --- reads ------------------------------------------------------------------------------------

PING = sa.text("SELECT 1")
BY_JOB_ID = sa.select(jobs).where(jobs.c.job_id == sa.bindparam("job_id"))
#: Whose, how far and which version: no payload, no result (a conditional poll's read).
HEAD_BY_JOB_ID = sa.select(jobs.c.job_id, jobs.c.user_id, jobs.c.status, jobs.c.version).where(
    jobs.c.job_id == sa.bindparam("job_id")
)


def _same_owner(table: Any, ownerless: bool) -> sa.ColumnElement[bool]:
    owner: sa.ColumnElement[str] = table.c.user_id
    return owner.is_(None) if ownerless else owner == sa.bindparam("user_id")


#: The job with this idempotency key, keyed by "the job has no owner".
BY_IDEMPOTENCY_KEY = {
    ownerless: sa.select(jobs).where(
        jobs.c.idempotency_key == sa.bindparam("key"), _same_owner(jobs, ownerless)
    )
    for ownerless in (False, True)
}
#: How many charged jobs a quota subject has in the window, and when the oldest was made.
QUOTA_USAGE = sa.select(sa.func.count(), sa.func.min(jobs.c.created_at)).where(
    jobs.c.quota_subject == sa.bindparam("subject"),
    jobs.c.created_at > sa.bindparam("since", type_=jobs.c.created_at.type),
    jobs.c.quota_refunded.is_(False),
)


def _repeat_and_usage(ownerless: bool) -> sa.Select[Any]:
    # One row always: the quota's count and oldest charge, and the job with this key (or NULLs).
    usage = QUOTA_USAGE.with_only_columns(
        sa.func.count().label("quota_used"),
        sa.func.min(jobs.c.created_at).label("quota_oldest"),
    ).subquery("usage")
    repeat = jobs.alias("repeat")
    on = sa.and_(repeat.c.idempotency_key == sa.bindparam("key"), _same_owner(repeat, ownerless))
    return sa.select(usage.c.quota_used, usage.c.quota_oldest, *repeat.c).select_from(
        usage.outerjoin(repeat, on)
    )


#: The idempotent repeat and the quota used, in one statement (the API's usual start).
REPEAT_AND_USAGE = {ownerless: _repeat_and_usage(ownerless) for ownerless in (False, True)}

STATUS_COUNTS = sa.select(jobs.c.status, sa.func.count()).group_by(jobs.c.status)
OLDEST_QUEUED = sa.select(sa.func.min(jobs.c.created_at)).where(jobs.c.status == QUEUED)
LIVE_WORKERS = sa.select(sa.func.count()).where(
    job_workers.c.last_heartbeat_at > time_param("live_since")
)

#: What the SQLite change watcher asks: which followed jobs changed, was a job queued.
CHANGED_AMONG = sa.select(jobs.c.job_id).where(
    jobs.c.job_id.in_(sa.bindparam("ids", expanding=True)), jobs.c.updated_at > time_param("since")
)
QUEUED_SINCE = (
    sa.select(sa.literal(1))
    .where(
        sa.or_(
            jobs.c.status == QUEUED,
            # A dead worker's job taken over (its lease ended as it was written): runnable now.
            sa.and_(jobs.c.status == PROCESSING, jobs.c.lease_expires_at <= jobs.c.updated_at),
        ),
        jobs.c.updated_at > time_param("since"),
    )
    .limit(1)
)


def job_listing(*, status: str | None, user_id: str | None, limit: int) -> sa.Select[Any]:
    """Newest first, optionally of one status or owner (operators' listings: built per call)."""
    query = sa.select(jobs).order_by(jobs.c.created_at.desc()).limit(limit)
    if status is not None:
        query = query.where(jobs.c.status == status)
    if user_id is not None:
        query = query.where(jobs.c.user_id == user_id)
    return query


# --- housekeeping and workers -----------------------------------------------------------------

PURGE_FINISHED = sa.delete(jobs).where(
    jobs.c.status.in_([status.value for status in FINISHED_STATUSES]),
    sa.func.coalesce(jobs.c.finished_at, jobs.c.updated_at) < time_param("finished_before"),
    # A charged job stays until it leaves the quota window, or purging would hand out
    # free generations.
    sa.or_(
        jobs.c.quota_subject.is_(None),
        jobs.c.quota_refunded.is_(True),
        jobs.c.created_at < time_param("charged_before"),
    ),
)
PURGE_STALE_WORKERS = sa.delete(job_workers).where(
    job_workers.c.last_heartbeat_at < time_param("stale_before")
)
#: PostgreSQL: one purger at a time ("BINA" as the lock's key); released at commit.
PURGE_LOCK = sa.select(sa.func.pg_try_advisory_xact_lock(0x42494E41))

#: A worker's row: parameters named `w_<column>` (an UPDATE's parameters may not take a
#: column's name).
WORKER_FIELDS = ("host", "pid", "concurrency", "started_at", "last_heartbeat_at", "liveness")
WORKER_UPDATE = (
    sa.update(job_workers)
    .where(job_workers.c.id == sa.bindparam("worker_id"))
    .values({name: sa.bindparam(f"w_{name}") for name in WORKER_FIELDS})
)
WORKER_INSERT = sa.insert(job_workers).values(
    id=sa.bindparam("worker_id"), **{name: sa.bindparam(f"w_{name}") for name in WORKER_FIELDS}
)
WORKER_ALIVE = (
    sa.update(job_workers)
    .where(job_workers.c.id == sa.bindparam("worker_id"))
    .values(last_heartbeat_at=time_param("now"))
)
WORKER_DELETE = sa.delete(job_workers).where(job_workers.c.id == sa.bindparam("worker_id"))


def lease_renewal(keys: Sequence[tuple[str, str, int]]) -> sa.Update:
    """Extend the leases of these (job, worker, attempt) claims; built per call, as the list
    of claims is a literal row-value list whose length varies."""
    return (
        sa.update(jobs)
        .where(
            sa.tuple_(jobs.c.job_id, jobs.c.worker_id, jobs.c.attempts).in_(list(keys)),
            jobs.c.status == PROCESSING,
        )
        .values(lease_expires_at=time_param("lease_until"))
        .returning(jobs.c.job_id)
    )


# --- the PostgreSQL start in one call ---------------------------------------------------------

#: `bina_start_job` (migration 0003): per-subject locks, idempotent repeat, quota and insert.
START_JOB = sa.text(
    "SELECT outcome, existing_job_id, quota_used, quota_oldest FROM bina_start_job("
    ":subjects, CAST(CAST(:new_job AS text) AS jsonb), :quota_subject, :quota_limit, "
    ":quota_since, :join_since)"
).bindparams(
    sa.bindparam("subjects", type_=ARRAY(sa.Text)),
    sa.bindparam("new_job", type_=sa.Text),
    sa.bindparam("quota_subject", type_=sa.Text),
    sa.bindparam("quota_limit", type_=sa.Integer),
    sa.bindparam("quota_since", type_=sa.DateTime(timezone=True)),
    sa.bindparam("join_since", type_=sa.DateTime(timezone=True)),
)

#: Progress never goes backwards within an attempt.
PROGRESS_NEVER_BACKWARDS = sa.case(
    (jobs.c.progress > sa.bindparam("v_new_progress", type_=sa.Integer), jobs.c.progress),
    else_=sa.bindparam("v_new_progress", type_=sa.Integer),
)

#: What a completion sets besides the result's own columns.
COMPLETION_COLUMNS = (
    "status",
    "progress",
    "stage",
    "message",
    "result",
    "error",
    "finished_at",
    "lease_expires_at",
    "updated_at",
)


def completion_values(now: datetime | sa.BindParameter[datetime]) -> dict[str, Any]:
    """What a completion sets besides the result: with a time, or a group's time parameter."""
    return {
        "status": JobStatus.COMPLETED.value,
        "progress": 100,
        "stage": "completed",
        "message": None,
        "error": None,
        "finished_at": now,
        "lease_expires_at": None,
        "updated_at": now,
    }


def is_json_column(name: str) -> bool:
    return isinstance(jobs.c[name].type, sa.JSON)


class JobStatements:
    """The statements that announce changes or name the job's data columns, built once."""

    def __init__(self, columns: ColumnMap, changed: Announce, queued: Announce) -> None:
        self.columns = columns
        self.changed = changed
        self.queued = queued
        self._fenced: dict[tuple[Any, ...], sa.Update] = {}
        #: A claim, portable: its candidates read inline (SQLite plans them by the index).
        self.claim = self._claim(claimable_inline())
        #: The same claim on PostgreSQL: its candidates from `bina_claim_candidates`, whose
        #: plan does not depend on the table's statistics (migration 0009 says why).
        self.claim_by_function = self._claim(CLAIMABLE_BY_FUNCTION)
        self.cancel = {owned: self._cancel(owned) for owned in (False, True)}
        self.retry = self._retry()
        self.fail_exhausted = self._fail_exhausted()
        self.take_over = self._take_over()
        #: The result's own columns, in the order group completions carry them.
        self.batch_columns = tuple(sorted(set(columns.result.values())))

    def returning_announced(self, statement: sa.Update, *, queued: bool) -> sa.Update:
        return statement.returning(*jobs.c, *self.changed, *(self.queued if queued else ()))

    def fenced(
        self, columns: tuple[str, ...], expressions: dict[str, Any], queued: bool
    ) -> sa.Update:
        """A worker's UPDATE of these columns, matching only while its claim holds."""
        key = (columns, tuple(sorted(expressions)), queued)
        statement = self._fenced.get(key)
        if statement is None:
            statement = (
                sa.update(jobs)
                .where(
                    jobs.c.job_id == sa.bindparam("f_job_id"),
                    jobs.c.worker_id == sa.bindparam("f_worker_id"),
                    jobs.c.attempts == sa.bindparam("f_attempt"),
                    jobs.c.status == PROCESSING,
                )
                .values(
                    {
                        **{
                            name: sa.bindparam(f"v_{name}", type_=jobs.c[name].type)
                            for name in columns
                        },
                        **expressions,
                        "version": jobs.c.version + 1,
                    }
                )
                .returning(jobs.c.job_id, *self.changed, *(self.queued if queued else ()))
            )
            self._fenced[key] = statement
        return statement

    def completion(self) -> sa.Update:
        """One job's completion: the fixed columns and every column of the result."""
        columns = tuple(sorted({*COMPLETION_COLUMNS, *self.batch_columns}))
        return self.fenced(columns, {}, False)

    def _claim(self, candidates: sa.ScalarSelect[Any]) -> sa.Update:
        """Take the jobs `candidates` names (locked by it, in the same statement)."""
        now = time_param("now")
        # A new attempt gets what the last one finished (its partial results, kept in their
        # columns and, for the rest, in `result`), so that it may go on from there instead
        # of doing it all again; a result-only column holds nothing before completion.
        cleared = {
            column: self.columns.empty_value(column)
            for column in self.columns.output_columns
            if column not in self.columns.partial.values()
        }
        return (
            sa.update(jobs)
            .where(jobs.c.id.in_(candidates))
            .values(
                status=PROCESSING,
                worker_id=sa.bindparam("worker_id", type_=sa.Text),
                attempts=jobs.c.attempts + 1,
                lease_expires_at=sa.bindparam("lease_until", type_=TIME),
                started_at=sa.func.coalesce(jobs.c.started_at, now),
                updated_at=now,
                version=jobs.c.version + 1,
                progress=0,
                stage="started",
                message=None,
                error=None,
                **cleared,
            )
            .returning(*jobs.c, *self.changed)
        )

    def _cancel(self, owned: bool) -> sa.Update:
        now = time_param("now")
        # Bind parameters of an UPDATE may not share a column's name.
        statement = sa.update(jobs).where(
            jobs.c.job_id == sa.bindparam("target"), jobs.c.status.in_([QUEUED, PROCESSING])
        )
        if owned:
            statement = statement.where(jobs.c.user_id == sa.bindparam("owner"))
        statement = statement.values(
            status=JobStatus.CANCELED.value,
            stage="canceled",
            finished_at=now,
            updated_at=now,
            lease_expires_at=None,
            version=jobs.c.version + 1,
            # Canceled before any work began: the generation was never spent.
            quota_refunded=jobs.c.status == QUEUED,
        )
        return self.returning_announced(statement, queued=False)

    def _retry(self) -> sa.Update:
        now = time_param("now")
        statement = (
            sa.update(jobs)
            .where(
                jobs.c.job_id == sa.bindparam("target"),
                jobs.c.status.in_([JobStatus.FAILED.value, JobStatus.CANCELED.value]),
            )
            .values(
                status=QUEUED,
                stage="queued",
                progress=0,
                attempts=0,
                error=None,
                worker_id=None,
                finished_at=None,
                available_at=now,
                updated_at=now,
                version=jobs.c.version + 1,
            )
        )
        return self.returning_announced(statement, queued=True)

    def _fail_exhausted(self) -> sa.Update:
        now = time_param("now")
        return (
            sa.update(jobs)
            .where(
                jobs.c.status == PROCESSING,
                sa.or_(jobs.c.lease_expires_at.is_(None), jobs.c.lease_expires_at < now),
                jobs.c.attempts >= jobs.c.max_attempts,
            )
            .values(
                status=JobStatus.FAILED.value,
                stage="failed",
                error=sa.literal("The job was interrupted ")
                + sa.cast(jobs.c.attempts, sa.Text)
                + sa.literal(" times (its worker stopped responding); giving up."),
                finished_at=now,
                updated_at=now,
                lease_expires_at=None,
                quota_refunded=True,
                version=jobs.c.version + 1,
            )
            .returning(jobs.c.job_id, *self.changed)
        )

    def _take_over(self) -> sa.Update:
        """A dead worker's running jobs: their leases end, so the next claim retakes each
        exactly as after an expired lease (a new attempt; failed when none is left). The end
        is set a little in the past (`expired`), so a claimer whose clock lags sees it too."""
        now = time_param("now")
        return (
            sa.update(jobs)
            .where(
                jobs.c.worker_id == sa.bindparam("dead_worker_id", type_=sa.Text),
                jobs.c.status == PROCESSING,
                jobs.c.lease_expires_at > now,
            )
            .values(
                lease_expires_at=time_param("expired"), updated_at=now, version=jobs.c.version + 1
            )
            .returning(jobs.c.job_id, *self.changed, *self.queued)
        )

    # --- a group of completions in one statement ----------------------------------------------

    def complete_batch_postgres(self) -> sa.Update:
        """UPDATE … FROM unnest(parallel arrays) RETURNING the ids the fence let through:
        typed, and one prepared statement for any group size."""
        texts = ARRAY(sa.Text)
        fields = ("job_id", "worker_id", "attempt", "result", *self.batch_columns)
        arrays = [
            sa.bindparam(f"b_{name}", type_=ARRAY(sa.Integer) if name == "attempt" else texts)
            for name in fields
        ]
        batch = (
            sa.func.unnest(*arrays)
            .table_valued(
                *(sa.column(name, sa.Integer if name == "attempt" else sa.Text) for name in fields)
            )
            .render_derived(name="batch")
        ).c

        def value(name: str) -> Any:
            column = batch[name]
            json_valued = name == "result" or (name in self.batch_columns and is_json_column(name))
            return sa.cast(column, JSONB) if json_valued else column

        return self._complete_batch(value)

    def complete_batch_sqlite(self) -> sa.Update:
        """UPDATE … FROM json_each(one JSON document of the group's rows): SQLite has no
        arrays. JSON values travel as JSON text, which is what a JSON column stores."""
        each = (
            sa.func.json_each(sa.bindparam("b_rows", type_=sa.Text))
            .table_valued("value")
            .alias("batch")
        )
        fields = ("job_id", "worker_id", "attempt", "result", *self.batch_columns)
        batch = SimpleNamespace(
            **{
                name: sa.func.json_extract(
                    each.c.value, f"$.{name}", type_=sa.Integer if name == "attempt" else sa.Text
                )
                for name in fields
            }
        )
        return self._complete_batch(lambda name: getattr(batch, name))

    def _complete_batch(self, value: Callable[[str], Any]) -> sa.Update:
        """The group UPDATE, `value(name)` being each row's field `name` of the batch."""
        return (
            sa.update(jobs)
            .where(
                jobs.c.job_id == value("job_id"),
                jobs.c.worker_id == value("worker_id"),
                jobs.c.attempts == value("attempt"),
                jobs.c.status == PROCESSING,
            )
            .values(
                **completion_values(time_param("now")),
                result=value("result"),
                **{name: value(name) for name in self.batch_columns},
                version=jobs.c.version + 1,
            )
            .returning(jobs.c.job_id, *self.changed)
        )


def json_text(value: Any) -> str | None:
    return None if value is None else json.dumps(value)
