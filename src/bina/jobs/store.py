"""JobStore: the one durable home of every job, on SQLite or PostgreSQL (SQLAlchemy Core).

Every method is one short transaction. Writes by a worker are fenced by its claim (worker id +
attempt number): a worker that lost its lease matches no row and changes nothing. Each write
bumps the row's `version` and announces the change (NOTIFY on PostgreSQL, in-process always).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects.postgresql import ARRAY, JSONB
from sqlalchemy.engine import make_url

from bina.jobs.database import Database, Work, open_database
from bina.jobs.events import JOB_CHANNEL, QUEUE_CHANNEL, ChangeBroadcaster, PostgresListener
from bina.jobs.exceptions import (
    IdempotencyKeyReused,
    JobCanceled,
    JobNotFound,
    LeaseLost,
    QuotaExceeded,
    StoreUnavailable,
)
from bina.jobs.group_commit import GroupCommit
from bina.jobs.models import (
    FINISHED_STATUSES,
    Claim,
    Job,
    JobResult,
    JobStatus,
    NewJob,
    QueueStats,
    QuotaRule,
    Usage,
    WorkerInfo,
)
from bina.jobs.schema import generation_jobs as jobs_table
from bina.jobs.schema import job_workers
from bina.jobs.sqlite_database import SqliteDatabase

logger = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]
_PURGE_LOCK_KEY = 0x42494E41  # "BINA": one purger at a time on PostgreSQL
_WRITE_RETRIES = 5


def utc_now() -> datetime:
    return datetime.now(UTC)


class JobStore:
    """Create, claim, fence, finish and purge jobs in one SQL database."""

    def __init__(
        self,
        database: Database,
        *,
        listen_dsn: str | None = None,
        listen_job_changes: bool = True,
        poll_seconds: float = 1.0,
        default_max_attempts: int = 3,
        clock: Clock = utc_now,
    ) -> None:
        self.database = database
        self.backend = database.backend
        self.events = ChangeBroadcaster()
        self.poll_seconds = poll_seconds
        self.default_max_attempts = default_max_attempts
        self.clock = clock
        self._listener = (
            PostgresListener(listen_dsn, self.events, job_changes=listen_job_changes)
            if listen_dsn is not None
            else None
        )
        # SQLite: who is waking this process's waiters after another connection's commit.
        self._waking: asyncio.Task[None] | None = None
        self._wake_again = False
        self._fenced_statements: dict[tuple[Any, ...], sa.Update] = {}
        self._claim: sa.Update | None = None
        self._insert: sa.Insert | None = None
        self._complete_batch: sa.Update | None = None
        # Completions that happen together are written together (see group_commit.py).
        self._completions: GroupCommit[tuple[Claim, JobResult], bool] = GroupCommit(
            self._complete_many
        )

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._listener is not None:
            self._listener.start()
        if isinstance(self.database, SqliteDatabase):
            self.database.watch_commits(self._on_sqlite_commit)

    async def close(self) -> None:
        await self._completions.drain()
        if self._listener is not None:
            await self._listener.stop()
        if self._waking is not None:
            with contextlib.suppress(Exception):
                await self._waking
        await self.database.close()

    def _on_sqlite_commit(self) -> None:
        """SQLite's stand-in for NOTIFY: another connection committed; wake who it concerns.

        Called on the event loop by the database's commit watcher. One wake-up runs at a
        time; commits that land meanwhile are handled by one more round after it.
        """
        if self._waking is not None and not self._waking.done():
            self._wake_again = True
            return
        if not self.events.watched_jobs() and not self.events.queue_watched:
            return  # nobody here waits for anything
        self._waking = asyncio.create_task(self._wake_sqlite_waiters(), name="bina-sqlite-wake")

    async def _wake_sqlite_waiters(self) -> None:
        """Ask only what this process waits for: did the jobs someone here follows change,
        and was a job queued (if a worker here waits for one). A busy database is not read
        back in full at every commit."""
        while True:
            self._wake_again = False
            # The window covers writes whose timestamp was taken before a slow commit; a
            # waiter woken for a change it has already seen re-reads the job and waits again.
            since = self.clock() - timedelta(seconds=2)
            ask = functools.partial(
                _what_changed, self.events.watched_jobs(), self.events.queue_watched, since
            )
            try:
                changed, queued = await self._read(ask)
            except StoreUnavailable as exc:
                logger.warning("SQLite change watcher: %s", exc)
                return
            self._announce(changed)
            if queued:
                self.events.job_queued()
            if not self._wake_again:
                return

    async def warm_up(self, connections: int) -> None:
        """Open `connections` connections now, before the first visitors need them.

        A new PostgreSQL connection is a forked backend with cold caches, and a statement's
        first use compiles it (SQLAlchemy) and prepares it (per connection): tens of ms that
        the first visitors after a deploy would otherwise wait out. A database that is away is
        only logged: requests then answer 503 until it is back.
        """
        if connections <= 0:
            return

        def rehearse(conn: sa.Connection) -> None:
            # A start and a status read, rolled back by the caller: their statements get
            # compiled once and prepared on every connection; nothing is written. A subject
            # of its own per call, so rehearsals on PostgreSQL never wait for each other's
            # per-user locks.
            subject = f"warm-up-{uuid.uuid4()}"
            rehearsal = NewJob("warm-up", user_id=subject, idempotency_key="w")
            quota = QuotaRule(subject, 1)
            if self.backend == "postgresql":
                self._start_in_one_call(conn, rehearsal, quota)
            else:
                self._create_in(conn, rehearsal, quota)
            conn.execute(_BY_JOB_ID, {"job_id": str(uuid.UUID(int=0))})

        try:
            await self.database.warm_up(connections, rehearse)
        except* (
            sa_exc.DBAPIError,
            OSError,
            TimeoutError,
            asyncio.BrokenBarrierError,
            threading.BrokenBarrierError,
        ) as failed:
            logger.warning(
                "could not open the database connections ahead of time: %s",
                failed.exceptions[0],
            )

    async def __aenter__(self) -> JobStore:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def listening(self) -> bool:
        """True while other processes' changes are announced (LISTEN, or the SQLite watcher)."""
        if isinstance(self.database, SqliteDatabase):
            return self.database.watching
        return self._listener is not None and self._listener.connected.is_set()

    async def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        await self._read(lambda conn: conn.execute(sa.text("SELECT 1")).scalar())

    # --- creating and reading -------------------------------------------------------------

    async def create_job(self, new: NewJob, quota: QuotaRule | None = None) -> tuple[Job, bool]:
        """Commit a queued job; returns (job, created). An idempotent repeat returns the original.

        The idempotency lookup, the quota check and the insert share one transaction, under a
        per-user lock, so concurrent requests on any number of instances cannot overspend.
        """

        # Without a key and a quota there is nothing to lock or read first: one INSERT.
        # With them, PostgreSQL does the whole start in one call of a function (one round
        # trip); SQLite, in-process, runs the same steps from here.
        one_statement = new.idempotency_key is None and (quota is None or quota.limit <= 0)
        in_one_call = self.backend == "postgresql" and not one_statement

        def create(conn: sa.Connection) -> tuple[Job, bool]:
            if in_one_call:
                return self._start_in_one_call(conn, new, quota)
            return self._create_in(conn, new, quota)

        try:
            job, created = await self._write(
                create, one_statement=one_statement or in_one_call, urgent=True
            )
        except StoreUnavailable as exc:
            # Two racing repeats of one idempotency key on SQLite are serialized, on PostgreSQL
            # locked per user; the unique index is the last line and means "it exists already".
            if new.idempotency_key is None or not isinstance(exc.__cause__, sa_exc.IntegrityError):
                raise
            job, created = await self._read(lambda c: self._existing_or_raise(c, new)), False
        if created:
            self.events.job_queued()
        return job, created

    def _create_in(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule | None
    ) -> tuple[Job, bool]:
        """Everything a start does, inside the caller's write transaction: on SQLite, whose
        `BEGIN IMMEDIATE` already serializes writers (PostgreSQL takes per-user locks in
        `bina_start_job`), and on any backend for a job with no key and no quota."""
        rule = quota if quota is not None and quota.limit > 0 else None
        now = self.clock()
        existing, used, oldest = self._before_insert(conn, new, rule, now)
        if existing is not None:
            return existing, False
        if rule is not None and used >= rule.limit:
            raise _quota_exceeded(rule, used, oldest, now)
        values = self._new_job_values(new, quota, now)
        parameters = {f"v_{name}": value for name, value in values.items()}
        row = conn.execute(self._insert_statement(), parameters).one()
        return _to_job(row), True

    def _start_in_one_call(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule | None
    ) -> tuple[Job, bool]:
        """The same start on PostgreSQL, as one call of `bina_start_job` (migration 0003)."""
        rule = quota if quota is not None and quota.limit > 0 else None
        subjects = {new.user_id if new.idempotency_key is not None else None}
        subjects.add(rule.subject if rule is not None else None)
        now = self.clock()
        values = self._new_job_values(new, quota, now)
        parameters = {
            "subjects": sorted(s for s in subjects if s),
            "new_job": json.dumps(values, default=_json_value),
            "quota_subject": rule.subject if rule is not None else None,
            "quota_limit": rule.limit if rule is not None else 0,
            "quota_since": now - rule.window if rule is not None else now,
        }
        answer = conn.execute(_START_JOB, parameters).one()
        if answer.outcome == "existing":
            row = conn.execute(_BY_JOB_ID, {"job_id": answer.existing_job_id}).one()
            return _same_request(_to_job(row), new), False
        if answer.outcome == "quota":
            assert rule is not None
            raise _quota_exceeded(rule, answer.quota_used, answer.quota_oldest, now)
        return _to_job_from({**_NO_VALUES, **values}), True

    def _new_job_values(
        self, new: NewJob, quota: QuotaRule | None, now: datetime
    ) -> dict[str, Any]:
        return {
            "id": str(uuid.uuid4()),
            "job_id": str(uuid.uuid4()),
            "status": JobStatus.QUEUED.value,
            "progress": 0,
            "stage": "queued",
            "html": None,
            "styles": [],
            "description": new.description,
            "language": new.language,
            "user_id": new.user_id,
            "idempotency_key": new.idempotency_key,
            "quota_subject": quota.subject if quota else None,
            "quota_refunded": False,
            "payload": new.payload or None,
            "attempts": 0,
            "max_attempts": new.max_attempts or self.default_max_attempts,
            "available_at": now,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }

    def _existing_or_raise(self, conn: sa.Connection, new: NewJob) -> Job:
        existing = self._find_by_idempotency_key(conn, new)
        if existing is None:
            raise StoreUnavailable("could not create the job; try again")
        return existing

    def _find_by_idempotency_key(self, conn: sa.Connection, new: NewJob) -> Job | None:
        parameters = {"key": new.idempotency_key, "user_id": new.user_id}
        row = conn.execute(_BY_IDEMPOTENCY_KEY[new.user_id is None], parameters).first()
        return None if row is None else _same_request(_to_job(row), new)

    def _before_insert(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule | None, now: datetime
    ) -> tuple[Job | None, int, datetime | None]:
        """(the job an idempotent repeat refers to, quota used, oldest charge in the window)."""
        if new.idempotency_key is not None and quota is not None:
            return self._repeat_and_usage(conn, new, quota, now)  # the API's usual case
        if new.idempotency_key is not None:
            return self._find_by_idempotency_key(conn, new), 0, None
        if quota is not None:
            return None, *self._quota_usage(conn, quota, now)
        return None, 0, None

    def _repeat_and_usage(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule, now: datetime
    ) -> tuple[Job | None, int, datetime | None]:
        """The job an idempotent repeat refers to, and the quota used, in one statement."""
        parameters = {
            "key": new.idempotency_key,
            "user_id": new.user_id,
            "subject": quota.subject,
            "since": now - quota.window,
        }
        row = conn.execute(_REPEAT_AND_USAGE[new.user_id is None], parameters).one()
        existing = None if row.job_id is None else _same_request(_to_job(row), new)
        return existing, int(row.quota_used), _as_utc(row.quota_oldest)

    async def get_job(self, job_id: str) -> Job | None:
        if not _looks_like_job_id(job_id):
            return None

        def get(conn: sa.Connection) -> Job | None:
            row = conn.execute(_BY_JOB_ID, {"job_id": job_id}).first()
            return _to_job(row) if row is not None else None

        return await self._read(get)

    async def get_job_for_user(self, job_id: str, user_id: str) -> Job:
        """The job if it belongs to `user_id`; JobNotFound alike for missing and foreign jobs."""
        job = await self.get_job(job_id)
        if job is None or job.user_id != user_id:
            raise JobNotFound()
        return job

    async def wait_for_change(self, job_id: str, after_version: int, timeout: float) -> Job | None:
        """Return the job once its version passes `after_version`, or as it is after `timeout`.

        A notification wakes us at once; without one (another process on SQLite, a pooler
        that cannot LISTEN) we re-read every poll interval.
        """
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        changed = asyncio.Event()
        # Subscribed before reading, cleared before each read: a change that lands between
        # our read and our wait still wakes us (no lost wake-up).
        self.events.subscribe(job_id, changed)
        try:
            while True:
                changed.clear()
                job = await self.get_job(job_id)
                remaining = deadline - loop.time()
                if job is None or job.version > after_version or job.is_finished or remaining <= 0:
                    return job
                wait = remaining if self.listening else min(remaining, self.poll_seconds)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await changed.wait()
        finally:
            self.events.unsubscribe(job_id, changed)

    async def usage(self, quota: QuotaRule) -> Usage:
        now = self.clock()
        used, oldest = await self._read(lambda conn: self._quota_usage(conn, quota, now))
        if quota.limit <= 0:
            return Usage(limit=0, used=used, remaining=-1, reset_at=None)
        reset_at = oldest + quota.window if oldest is not None and used > 0 else None
        return Usage(quota.limit, used, max(quota.limit - used, 0), reset_at)

    def _quota_usage(
        self, conn: sa.Connection, quota: QuotaRule, now: datetime
    ) -> tuple[int, datetime | None]:
        # The oldest charge in the window is the one whose expiry frees the next slot.
        parameters = {"subject": quota.subject, "since": now - quota.window}
        used, oldest = conn.execute(_QUOTA_USAGE, parameters).one()
        return int(used), _as_utc(oldest)

    async def list_jobs(
        self, *, status: str | None = None, user_id: str | None = None, limit: int = 50
    ) -> list[Job]:
        query = sa.select(jobs_table).order_by(jobs_table.c.created_at.desc()).limit(limit)
        if status is not None:
            query = query.where(jobs_table.c.status == status)
        if user_id is not None:
            query = query.where(jobs_table.c.user_id == user_id)

        def list_(conn: sa.Connection) -> list[Job]:
            return [_to_job(row) for row in conn.execute(query)]

        return await self._read(list_)

    async def queue_stats(self, live_within: timedelta) -> QueueStats:
        now = self.clock()

        def stats(conn: sa.Connection) -> QueueStats:
            counts = {
                status: int(count)
                for status, count in conn.execute(
                    sa.select(jobs_table.c.status, sa.func.count()).group_by(jobs_table.c.status)
                )
            }
            oldest = (
                conn.execute(
                    sa.select(sa.func.min(jobs_table.c.created_at)).where(
                        jobs_table.c.status == JobStatus.QUEUED.value
                    )
                )
            ).scalar()
            if isinstance(oldest, str):
                oldest = datetime.fromisoformat(oldest).replace(tzinfo=UTC)
            live = (
                conn.execute(
                    sa.select(sa.func.count()).where(
                        job_workers.c.last_heartbeat_at > now - live_within
                    )
                )
            ).scalar_one()
            return QueueStats(
                queued=counts.get(JobStatus.QUEUED.value, 0),
                processing=counts.get(JobStatus.PROCESSING.value, 0),
                oldest_queued_age_seconds=(now - oldest).total_seconds() if oldest else None,
                live_workers=int(live),
                counts_by_status=counts,
            )

        return await self._read(stats)

    # --- the worker's side: claim, fence, finish ------------------------------------------

    async def claim_jobs(self, worker_id: str, limit: int, lease: timedelta) -> list[Job]:
        """Take up to `limit` runnable jobs: queued ones, and running ones whose lease expired."""
        if limit <= 0:
            return []
        now = self.clock()
        parameters = {
            "now": now,
            "lease_until": now + lease,
            "worker_id": worker_id,
            "limit": limit,
        }
        claim = self._claim_statement()

        def take(conn: sa.Connection) -> list[Job]:
            return [_to_job(row) for row in conn.execute(claim, parameters)]

        jobs = await self._write(take, one_statement=True)
        jobs.sort(key=lambda job: job.created_at)
        self._announce(job.job_id for job in jobs)
        return jobs

    async def heartbeat(self, claims: Sequence[Claim], lease: timedelta) -> set[str]:
        """Extend the leases of `claims`; returns the job ids this worker no longer holds."""
        if not claims:
            return set()
        now = self.clock()
        t = jobs_table
        keys = [(c.job_id, c.worker_id, c.attempt) for c in claims]
        renew = (
            sa.update(t)
            .where(
                sa.tuple_(t.c.job_id, t.c.worker_id, t.c.attempts).in_(keys),
                t.c.status == JobStatus.PROCESSING.value,
            )
            .values(lease_expires_at=now + lease)
            .returning(t.c.job_id)
        )

        def renew_all(conn: sa.Connection) -> set[str]:
            return {row.job_id for row in conn.execute(renew)}

        # Urgent: a lease must not run out while a busy SQLite queue holds its renewal.
        held = await self._write(renew_all, one_statement=True, urgent=True)
        return {c.job_id for c in claims} - held

    async def report_progress(
        self,
        claim: Claim,
        *,
        stage: str,
        progress: int,
        message: str | None = None,
        styles: list[dict[str, Any]] | None = None,
    ) -> None:
        """Record progress (never backwards within an attempt) and, optionally, finished parts."""
        values: dict[str, Any] = {
            "stage": stage,
            "message": message,
            "progress": _PROGRESS_NEVER_BACKWARDS,
            "new_progress": max(0, min(int(progress), 99)),
        }
        if styles is not None:
            values["styles"] = styles
        await self._fenced_write(claim, values)

    async def complete(self, claim: Claim, result: JobResult) -> None:
        """Finish the attempt with its result; returns once that is committed.

        Completions arriving together share one statement and one commit (group commit).
        """
        if await self._completions.submit((claim, result)):
            self.events.job_changed(claim.job_id)
            return
        raise await self._fence_error(claim)

    async def _complete_many(self, items: Sequence[tuple[Claim, JobResult]]) -> list[bool]:
        """Write a group of completions in one statement; which ones the fence let through."""
        now = self.clock()
        if len(items) == 1:
            ((claim, result),) = items
            statement = self._fenced_statement(_COMPLETE_COLUMNS, {}, False)
            parameters = {
                **{f"v_{name}": value for name, value in _completed_values(result, now).items()},
                "f_job_id": claim.job_id,
                "f_worker_id": claim.worker_id,
                "f_attempt": claim.attempt,
            }

            def write_one(conn: sa.Connection) -> set[str]:
                return {row.job_id for row in conn.execute(statement, parameters)}

            written = await self._write(write_one, one_statement=True)
        else:
            batch = self._complete_batch_parameters(items)

            def write(conn: sa.Connection) -> set[str]:
                rows = conn.execute(self._complete_batch_statement(), {"now": now, **batch})
                return {row.job_id for row in rows}

            written = await self._write(write, one_statement=True)
        return [claim.job_id in written for claim, _result in items]

    def _complete_batch_parameters(
        self, items: Sequence[tuple[Claim, JobResult]]
    ) -> dict[str, Any]:
        if self.backend == "postgresql":
            # Parallel arrays for unnest(): typed, and one prepared statement for any size.
            return {
                "b_job_ids": [claim.job_id for claim, _result in items],
                "b_worker_ids": [claim.worker_id for claim, _result in items],
                "b_attempts": [claim.attempt for claim, _result in items],
                "b_htmls": [result.html for _claim, result in items],
                "b_styles": [json.dumps(result.styles) for _claim, result in items],
                "b_business_types": [result.business_type for _claim, result in items],
                "b_results": [
                    None if result.result is None else json.dumps(result.result)
                    for _claim, result in items
                ],
            }
        # SQLite has no arrays: one JSON document, taken apart by json_each().
        rows = [
            {
                "job_id": claim.job_id,
                "worker_id": claim.worker_id,
                "attempt": claim.attempt,
                "html": result.html,
                "styles": result.styles,
                "business_type": result.business_type,
                "result": result.result,
            }
            for claim, result in items
        ]
        return {"b_rows": json.dumps(rows)}

    def _complete_batch_statement(self) -> sa.Update:
        """UPDATE … FROM (the group's rows) RETURNING the ids the fence let through."""
        if self._complete_batch is not None:
            return self._complete_batch
        t = jobs_table
        batch: Any
        if self.backend == "postgresql":
            texts = ARRAY(sa.Text)
            unnest = (
                sa.func.unnest(
                    sa.bindparam("b_job_ids", type_=texts),
                    sa.bindparam("b_worker_ids", type_=texts),
                    sa.bindparam("b_attempts", type_=ARRAY(sa.Integer)),
                    sa.bindparam("b_htmls", type_=texts),
                    sa.bindparam("b_styles", type_=texts),
                    sa.bindparam("b_business_types", type_=texts),
                    sa.bindparam("b_results", type_=texts),
                )
                .table_valued(
                    sa.column("job_id", sa.Text),
                    sa.column("worker_id", sa.Text),
                    sa.column("attempt", sa.Integer),
                    sa.column("html", sa.Text),
                    sa.column("styles", sa.Text),
                    sa.column("business_type", sa.Text),
                    sa.column("result", sa.Text),
                )
                .render_derived(name="batch")
            )
            batch = unnest.c
            styles: Any = sa.cast(batch.styles, JSONB)
            result: Any = sa.cast(batch.result, JSONB)
        else:
            each = (
                sa.func.json_each(sa.bindparam("b_rows", type_=sa.Text))
                .table_valued("value")
                .alias("batch")
            )

            def field(name: str, type_: Any = sa.Text) -> Any:
                return sa.func.json_extract(each.c.value, f"$.{name}", type_=type_)

            batch = SimpleNamespace(
                **{
                    name: field(name, sa.Integer if name == "attempt" else sa.Text)
                    for name in _BATCH_FIELDS
                }
            )
            # json_extract hands objects and arrays back as JSON text: what the column stores.
            styles = batch.styles
            result = batch.result
        now = sa.bindparam("now", type_=t.c.updated_at.type)
        self._complete_batch = (
            sa.update(t)
            .where(
                t.c.job_id == batch.job_id,
                t.c.worker_id == batch.worker_id,
                t.c.attempts == batch.attempt,
                t.c.status == JobStatus.PROCESSING.value,
            )
            .values(
                status=JobStatus.COMPLETED.value,
                progress=100,
                stage="completed",
                message=None,
                html=batch.html,
                styles=styles,
                business_type=batch.business_type,
                result=result,
                error=None,
                finished_at=now,
                lease_expires_at=None,
                updated_at=now,
                version=t.c.version + 1,
            )
            .returning(t.c.job_id, *self._announce_changed())
        )
        return self._complete_batch

    async def fail(
        self,
        claim: Claim,
        error: str,
        *,
        retry_in: timedelta | None,
        refund_quota: bool = True,
    ) -> JobStatus:
        """Fail this attempt: queue it again after `retry_in` while attempts remain, else fail."""
        job = await self._require(claim.job_id)
        now = self.clock()
        if retry_in is not None and job.attempts < job.max_attempts:
            await self._fenced_write(
                claim,
                {
                    "status": JobStatus.QUEUED.value,
                    "stage": "queued",
                    "message": error,
                    "worker_id": None,
                    "lease_expires_at": None,
                    "available_at": now + retry_in,
                },
                queued=True,
            )
            return JobStatus.QUEUED
        await self._fenced_write(
            claim,
            {
                "status": JobStatus.FAILED.value,
                "stage": "failed",
                "error": error,
                "message": None,
                "finished_at": now,
                "lease_expires_at": None,
                "quota_refunded": refund_quota,
            },
        )
        return JobStatus.FAILED

    async def release(self, claim: Claim) -> None:
        """Hand a job back at once (graceful shutdown): the next worker takes it immediately.

        The attempt is given back too; the fence still holds because the worker id differs.
        """
        t = jobs_table
        await self._fenced_write(
            claim,
            {
                "status": JobStatus.QUEUED.value,
                "stage": "queued",
                "message": None,
                "worker_id": None,
                "lease_expires_at": None,
                "available_at": self.clock(),
                "attempts": sa.case((t.c.attempts > 0, t.c.attempts - 1), else_=0),
            },
            queued=True,
        )

    async def _fenced_write(
        self, claim: Claim, values: dict[str, Any], *, queued: bool = False
    ) -> None:
        plain = {k: v for k, v in values.items() if not isinstance(v, sa.ClauseElement)}
        plain["updated_at"] = self.clock()
        expressions = {k: v for k, v in values.items() if isinstance(v, sa.ClauseElement)}
        # Plain values that name no column are parameters of an expression (new_progress).
        columns = tuple(sorted(k for k in plain if k in jobs_table.c))
        statement = self._fenced_statement(columns, expressions, queued)
        parameters = {f"v_{k}": v for k, v in plain.items()}
        parameters.update(f_job_id=claim.job_id, f_worker_id=claim.worker_id)
        parameters["f_attempt"] = claim.attempt

        def write(conn: sa.Connection) -> bool:
            return conn.execute(statement, parameters).first() is not None

        if await self._write(write, one_statement=True):
            self.events.job_changed(claim.job_id)
            if queued:
                self.events.job_queued()
            return
        raise await self._fence_error(claim)

    async def _fence_error(self, claim: Claim) -> JobCanceled | LeaseLost:
        """Why a fenced write matched nothing: the job was canceled, or is no longer ours."""
        current = await self.get_job(claim.job_id)
        if current is not None and current.status == JobStatus.CANCELED:
            return JobCanceled()
        return LeaseLost()

    def _insert_statement(self) -> sa.Insert:
        """The INSERT of a new job, built once (see _fenced_statement for why)."""
        if self._insert is None:
            t = jobs_table
            self._insert = (
                sa.insert(t)
                .values(
                    {
                        name: sa.bindparam(f"v_{name}", type_=t.c[name].type)
                        for name in _NEW_JOB_COLUMNS
                    }
                )
                .returning(*t.c, *self._announce_queued())
            )
        return self._insert

    def _claim_statement(self) -> sa.Update:
        """The claim UPDATE, built once (see _fenced_statement for why)."""
        if self._claim is not None:
            return self._claim
        t = jobs_table
        now = sa.bindparam("now", type_=t.c.updated_at.type)
        runnable = sa.or_(
            sa.and_(
                t.c.status == JobStatus.QUEUED.value,
                sa.or_(t.c.available_at.is_(None), t.c.available_at <= now),
            ),
            sa.and_(
                t.c.status == JobStatus.PROCESSING.value,
                sa.or_(t.c.lease_expires_at.is_(None), t.c.lease_expires_at < now),
                t.c.attempts < t.c.max_attempts,
            ),
        )
        candidates = (
            sa.select(t.c.id)
            .where(runnable)
            .order_by(t.c.created_at)
            .limit(sa.bindparam("limit", type_=sa.Integer))
            .with_for_update(skip_locked=True)
        )
        self._claim = (
            sa.update(t)
            .where(t.c.id.in_(candidates.scalar_subquery()))
            .values(
                status=JobStatus.PROCESSING.value,
                worker_id=sa.bindparam("worker_id", type_=sa.Text),
                attempts=t.c.attempts + 1,
                lease_expires_at=sa.bindparam("lease_until", type_=t.c.lease_expires_at.type),
                started_at=sa.func.coalesce(t.c.started_at, now),
                updated_at=now,
                version=t.c.version + 1,
                # A new attempt starts over: nothing of an abandoned attempt is kept.
                progress=0,
                stage="started",
                message=None,
                html=None,
                styles=[],
                error=None,
            )
            .returning(*t.c, *self._announce_changed())
        )
        return self._claim

    def _fenced_statement(
        self, columns: tuple[str, ...], expressions: dict[str, Any], queued: bool
    ) -> sa.Update:
        """The fenced UPDATE for these columns, built once and reused with new parameters.

        Building and cache-keying a Core statement costs more CPU than the database spends on
        the row (bench/hot_path.py --profile), and this runs for every checkpoint of every job.
        Expressions must be parameter-free or use bind parameters, as they are shared.
        """
        key = (columns, tuple(sorted(expressions)), queued)
        statement = self._fenced_statements.get(key)
        if statement is None:
            t = jobs_table
            statement = (
                sa.update(t)
                .where(
                    t.c.job_id == sa.bindparam("f_job_id"),
                    t.c.worker_id == sa.bindparam("f_worker_id"),
                    t.c.attempts == sa.bindparam("f_attempt"),
                    t.c.status == JobStatus.PROCESSING.value,
                )
                .values(
                    {
                        **{
                            name: sa.bindparam(f"v_{name}", type_=t.c[name].type)
                            for name in columns
                        },
                        **expressions,
                        "version": t.c.version + 1,
                    }
                )
                .returning(
                    t.c.job_id,
                    *self._announce_changed(),
                    *(self._announce_queued() if queued else ()),
                )
            )
            self._fenced_statements[key] = statement
        return statement

    # --- operators and users --------------------------------------------------------------

    async def cancel(self, job_id: str, user_id: str | None = None) -> Job:
        """Cancel a queued or running job (a running worker stops at its next checkpoint).

        Finished jobs are returned unchanged. `user_id` limits it to that user's jobs.
        """
        now = self.clock()
        t = jobs_table
        statement = (
            sa.update(t)
            .where(
                t.c.job_id == job_id,
                t.c.status.in_([JobStatus.QUEUED.value, JobStatus.PROCESSING.value]),
            )
            .values(
                status=JobStatus.CANCELED.value,
                stage="canceled",
                finished_at=now,
                updated_at=now,
                lease_expires_at=None,
                version=t.c.version + 1,
                # Canceled before any work began: the generation was never spent.
                quota_refunded=t.c.status == JobStatus.QUEUED.value,
            )
        )
        if user_id is not None:
            statement = statement.where(t.c.user_id == user_id)
        job = await self._change_and_get(job_id, statement)
        if job is None or (user_id is not None and job.user_id != user_id):
            raise JobNotFound()
        return job

    async def retry(self, job_id: str) -> Job:
        """Queue a failed or canceled job again with a fresh set of attempts (operators)."""
        now = self.clock()
        t = jobs_table
        statement = (
            sa.update(t)
            .where(
                t.c.job_id == job_id,
                t.c.status.in_([JobStatus.FAILED.value, JobStatus.CANCELED.value]),
            )
            .values(
                status=JobStatus.QUEUED.value,
                stage="queued",
                progress=0,
                attempts=0,
                error=None,
                worker_id=None,
                finished_at=None,
                available_at=now,
                updated_at=now,
                version=t.c.version + 1,
            )
        )
        job = await self._change_and_get(job_id, statement, queued=True)
        if job is None:
            raise JobNotFound()
        return job

    async def _change_and_get(
        self, job_id: str, statement: sa.Update, *, queued: bool = False
    ) -> Job | None:
        if not _looks_like_job_id(job_id):
            return None

        announced = statement.returning(
            *jobs_table.c, *self._announce_changed(), *(self._announce_queued() if queued else ())
        )

        def change(conn: sa.Connection) -> tuple[Job | None, bool]:
            row = conn.execute(announced).first()
            if row is not None:
                return _to_job(row), True
            # Nothing to change (unknown, foreign or already finished): report it as it is.
            row = conn.execute(sa.select(jobs_table).where(jobs_table.c.job_id == job_id)).first()
            return (_to_job(row) if row is not None else None), False

        job, changed = await self._write(change, urgent=True)  # a person is waiting
        if changed:
            self.events.job_changed(job_id)
            if queued:
                self.events.job_queued()
        return job

    # --- housekeeping ---------------------------------------------------------------------

    async def fail_exhausted(self) -> list[str]:
        """Fail running jobs whose lease expired with no attempts left; returns their ids."""
        now = self.clock()
        t = jobs_table
        statement = (
            sa.update(t)
            .where(
                t.c.status == JobStatus.PROCESSING.value,
                sa.or_(t.c.lease_expires_at.is_(None), t.c.lease_expires_at < now),
                t.c.attempts >= t.c.max_attempts,
            )
            .values(
                status=JobStatus.FAILED.value,
                stage="failed",
                error=sa.literal("The job was interrupted ")
                + sa.cast(t.c.attempts, sa.Text)
                + sa.literal(" times (its worker stopped responding); giving up."),
                finished_at=now,
                updated_at=now,
                lease_expires_at=None,
                quota_refunded=True,
                version=t.c.version + 1,
            )
            .returning(t.c.job_id, *self._announce_changed())
        )

        def fail_all(conn: sa.Connection) -> list[str]:
            return [row.job_id for row in conn.execute(statement)]

        ids = await self._write(fail_all, one_statement=True)
        self._announce(ids)
        return ids

    async def purge(self, retention: timedelta, quota_window: timedelta) -> int:
        """Delete finished jobs older than `retention`; returns how many went.

        A charged job also stays until it leaves the quota window, or purging would hand out
        free generations. On PostgreSQL only one purger runs at a time (advisory lock).
        """
        now = self.clock()
        t = jobs_table
        statement = sa.delete(t).where(
            t.c.status.in_([s.value for s in FINISHED_STATUSES]),
            sa.func.coalesce(t.c.finished_at, t.c.updated_at) < now - retention,
            sa.or_(
                t.c.quota_subject.is_(None),
                t.c.quota_refunded.is_(True),
                t.c.created_at < now - quota_window,
            ),
        )
        stale_workers = sa.delete(job_workers).where(
            job_workers.c.last_heartbeat_at < now - timedelta(hours=1)
        )

        def purge(conn: sa.Connection) -> int:
            if self.backend == "postgresql":
                got_lock = conn.scalar(
                    sa.select(sa.func.pg_try_advisory_xact_lock(_PURGE_LOCK_KEY))
                )
                if not got_lock:
                    return 0
            deleted = conn.execute(statement).rowcount
            conn.execute(stale_workers)
            return int(deleted)

        return await self._write(purge)

    async def register_worker(self, info: WorkerInfo) -> None:
        values = {
            "host": info.host,
            "pid": info.pid,
            "concurrency": info.concurrency,
            "started_at": info.started_at,
            "last_heartbeat_at": info.last_heartbeat_at,
        }

        def upsert(conn: sa.Connection) -> None:
            updated = conn.execute(
                sa.update(job_workers).where(job_workers.c.id == info.id).values(values)
            )
            if updated.rowcount == 0:
                conn.execute(sa.insert(job_workers).values(id=info.id, **values))

        await self._write(upsert)

    async def worker_alive(self, worker_id: str) -> None:
        statement = (
            sa.update(job_workers)
            .where(job_workers.c.id == worker_id)
            .values(last_heartbeat_at=self.clock())
        )
        await self._write(lambda conn: conn.execute(statement), one_statement=True)

    async def unregister_worker(self, worker_id: str) -> None:
        statement = sa.delete(job_workers).where(job_workers.c.id == worker_id)
        await self._write(lambda conn: conn.execute(statement), one_statement=True)

    # --- plumbing -------------------------------------------------------------------------

    async def _require(self, job_id: str) -> Job:
        job = await self.get_job(job_id)
        if job is None:
            raise JobNotFound()
        return job

    # NOTIFY riding on a write's RETURNING clause: one round trip instead of two, evaluated
    # once per changed row, delivered by PostgreSQL when the transaction commits.
    def _announce_changed(self) -> tuple[sa.ColumnElement[Any], ...]:
        if self.backend != "postgresql":
            return ()
        return (sa.func.pg_notify(JOB_CHANNEL, jobs_table.c.job_id).label("notified"),)

    def _announce_queued(self) -> tuple[sa.ColumnElement[Any], ...]:
        if self.backend != "postgresql":
            return ()
        return (sa.func.pg_notify(QUEUE_CHANNEL, "").label("queue_notified"),)

    def _announce(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            self.events.job_changed(job_id)

    async def _read(self, work: Work[T]) -> T:
        # Once more on a fresh connection when a pooled one turns out dead (the database
        # restarted, a pooler closed it): without pre-ping, that is how stale ones are found.
        for attempt in (1, 2):
            try:
                return await self.database.read(work)
            except (sa_exc.DBAPIError, OSError, TimeoutError) as exc:
                if not _is_unavailable(exc):
                    raise  # a bug, not an outage: let it be seen
                if attempt == 1:
                    continue
                raise StoreUnavailable() from exc
        raise AssertionError("unreachable")

    async def _write(
        self,
        work: Work[T],
        *,
        one_statement: bool = False,
        urgent: bool = False,
    ) -> T:
        """Run `work` in one write transaction, retrying when the database is briefly busy.

        `one_statement`: `work` runs a single statement, atomic by itself (PostgreSQL then
        sends it alone, without BEGIN and COMMIT). `urgent`: a person waits for it.
        """
        delay = 0.01
        for attempt in range(_WRITE_RETRIES):
            try:
                return await self.database.write(work, one_statement=one_statement, urgent=urgent)
            except sa_exc.IntegrityError as exc:
                raise StoreUnavailable("the job could not be written") from exc
            except (sa_exc.OperationalError, sa_exc.InterfaceError, OSError) as exc:
                if attempt == _WRITE_RETRIES - 1 or not _is_transient(exc):
                    raise StoreUnavailable() from exc
                logger.debug("transient database error, retrying: %s", exc)
            except sa_exc.DBAPIError as exc:
                if attempt == _WRITE_RETRIES - 1 or not (
                    exc.connection_invalidated or _is_transient(exc)
                ):
                    raise StoreUnavailable() from exc
            await asyncio.sleep(delay)
            delay *= 4
        raise AssertionError("unreachable")


# Reads and small writes of the request path, built once and reused with bind parameters:
# building a Core statement per request cost more CPU than the database spent answering it.
_NEW_JOB_COLUMNS = (
    "id",
    "job_id",
    "status",
    "progress",
    "stage",
    "html",
    "styles",
    "description",
    "language",
    "user_id",
    "idempotency_key",
    "quota_subject",
    "quota_refunded",
    "payload",
    "attempts",
    "max_attempts",
    "available_at",
    "created_at",
    "updated_at",
    "version",
)
_BY_JOB_ID = sa.select(jobs_table).where(jobs_table.c.job_id == sa.bindparam("job_id"))
_BY_IDEMPOTENCY_KEY = {
    anonymous: sa.select(jobs_table).where(
        jobs_table.c.idempotency_key == sa.bindparam("key"),
        jobs_table.c.user_id.is_(None)
        if anonymous
        else jobs_table.c.user_id == sa.bindparam("user_id"),
    )
    for anonymous in (False, True)
}
_QUOTA_USAGE = sa.select(sa.func.count(), sa.func.min(jobs_table.c.created_at)).where(
    jobs_table.c.quota_subject == sa.bindparam("subject"),
    jobs_table.c.created_at > sa.bindparam("since", type_=jobs_table.c.created_at.type),
    jobs_table.c.quota_refunded.is_(False),
)
_NO_VALUES: dict[str, Any] = {column.name: None for column in jobs_table.c}
_START_JOB = sa.text(
    "SELECT outcome, existing_job_id, quota_used, quota_oldest FROM bina_start_job("
    ":subjects, CAST(CAST(:new_job AS text) AS jsonb), :quota_subject, :quota_limit, "
    ":quota_since)"
).bindparams(
    sa.bindparam("subjects", type_=ARRAY(sa.Text)),
    sa.bindparam("new_job", type_=sa.Text),
    sa.bindparam("quota_subject", type_=sa.Text),
    sa.bindparam("quota_limit", type_=sa.Integer),
    sa.bindparam("quota_since", type_=sa.DateTime(timezone=True)),
)

# What the SQLite change watcher asks (see _wake_sqlite_waiters).
_WATCH_BATCH = 500
_SINCE = sa.bindparam("since", type_=jobs_table.c.updated_at.type)
_CHANGED_AMONG = sa.select(jobs_table.c.job_id).where(
    jobs_table.c.job_id.in_(sa.bindparam("ids", expanding=True)),
    jobs_table.c.updated_at > _SINCE,
)
_QUEUED_SINCE = (
    sa.select(sa.literal(1))
    .where(jobs_table.c.status == JobStatus.QUEUED.value, jobs_table.c.updated_at > _SINCE)
    .limit(1)
)


def _what_changed(
    watched: list[str], queue_watched: bool, since: datetime, conn: sa.Connection
) -> tuple[list[str], bool]:
    """Which of the `watched` jobs changed since `since`, and was a job queued since."""
    changed: list[str] = []
    for first in range(0, len(watched), _WATCH_BATCH):
        ids = watched[first : first + _WATCH_BATCH]
        rows = conn.execute(_CHANGED_AMONG, {"ids": ids, "since": since})
        changed.extend(job_id for (job_id,) in rows)
    queued = queue_watched and conn.scalar(_QUEUED_SINCE, {"since": since})
    return changed, bool(queued)


def _repeat_and_usage_statement(anonymous: bool) -> sa.Select[Any]:
    # One row always: the quota's count and oldest charge, and the job with this key (or NULLs).
    usage = _QUOTA_USAGE.with_only_columns(
        sa.func.count().label("quota_used"),
        sa.func.min(jobs_table.c.created_at).label("quota_oldest"),
    ).subquery("usage")
    repeat = jobs_table.alias("repeat")
    same_user = (
        repeat.c.user_id.is_(None) if anonymous else repeat.c.user_id == sa.bindparam("user_id")
    )
    on = sa.and_(repeat.c.idempotency_key == sa.bindparam("key"), same_user)
    return sa.select(usage.c.quota_used, usage.c.quota_oldest, *repeat.c).select_from(
        usage.outerjoin(repeat, on)
    )


_REPEAT_AND_USAGE = {
    anonymous: _repeat_and_usage_statement(anonymous) for anonymous in (False, True)
}

_BATCH_FIELDS = ("job_id", "worker_id", "attempt", "html", "styles", "business_type", "result")
_COMPLETE_COLUMNS = tuple(
    sorted(
        (
            "status",
            "progress",
            "stage",
            "message",
            "html",
            "styles",
            "business_type",
            "result",
            "error",
            "finished_at",
            "lease_expires_at",
            "updated_at",
        )
    )
)


def _completed_values(result: JobResult, now: datetime) -> dict[str, Any]:
    return {
        "status": JobStatus.COMPLETED.value,
        "progress": 100,
        "stage": "completed",
        "message": None,
        "html": result.html,
        "styles": result.styles,
        "business_type": result.business_type,
        "result": result.result,
        "error": None,
        "finished_at": now,
        "lease_expires_at": None,
        "updated_at": now,
    }


_PROGRESS_NEVER_BACKWARDS = sa.case(
    (
        jobs_table.c.progress > sa.bindparam("v_new_progress", type_=sa.Integer),
        jobs_table.c.progress,
    ),
    else_=sa.bindparam("v_new_progress", type_=sa.Integer),
)


def _is_unavailable(exc: BaseException) -> bool:
    """The database (or the way to it) is away, as opposed to a statement being wrong."""
    if isinstance(exc, OSError | TimeoutError | sa_exc.OperationalError | sa_exc.InterfaceError):
        return True
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    return _is_transient(exc)


def _is_transient(exc: BaseException) -> bool:
    text = str(exc).lower()
    return any(
        marker in text
        for marker in (
            "database is locked",
            "deadlock",
            "could not serialize",
            "connection",
            "terminat",
            "closed",
            "timeout",
            "starting up",
            "shutting down",
            "too many clients",
        )
    )


def _quota_exceeded(
    rule: QuotaRule, used: int, oldest: datetime | None, now: datetime
) -> QuotaExceeded:
    reset_at = (oldest or now) + rule.window
    return QuotaExceeded(rule.limit, used, max((reset_at - now).total_seconds(), 1.0))


def _json_value(value: object) -> str:
    # jsonb_populate_record reads ISO 8601 text into timestamptz columns.
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")


def _same_request(job: Job, new: NewJob) -> Job:
    if job.description != new.description or job.language != new.language:
        raise IdempotencyKeyReused()
    return job


def _as_utc(value: datetime | str | None) -> datetime | None:
    if isinstance(value, str):  # SQLite's min() loses the column type
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


def _user_is(user_id: str | None) -> sa.ColumnElement[bool]:
    return jobs_table.c.user_id.is_(None) if user_id is None else jobs_table.c.user_id == user_id


def _looks_like_job_id(job_id: str) -> bool:
    # Ids are UUID strings; anything else cannot exist, so spare the database the question.
    try:
        return str(uuid.UUID(job_id)) == job_id.lower() and len(job_id) == 36
    except (ValueError, AttributeError, TypeError):
        return False


def _to_job(row: sa.Row[Any]) -> Job:
    return _to_job_from(row._mapping)


def _to_job_from(m: Mapping[Any, Any]) -> Job:
    styles = m["styles"]
    if isinstance(styles, str):  # the original system stored a JSON string inside JSON
        try:
            styles = json.loads(styles)
        except ValueError:
            styles = []
    try:
        status = JobStatus(m["status"])
    except ValueError:
        status = JobStatus.FAILED
    return Job(
        id=str(m["id"]),
        job_id=m["job_id"],
        status=status,
        progress=int(m["progress"] or 0),
        stage=m["stage"] or status.value,
        message=m["message"],
        html=m["html"],
        styles=styles if isinstance(styles, list) else [],
        error=m["error"],
        description=m["description"],
        language=m["language"] or "ms",
        user_id=m["user_id"],
        business_type=m["business_type"],
        result=m["result"],
        attempts=int(m["attempts"] or 0),
        max_attempts=int(m["max_attempts"] or 1),
        worker_id=m["worker_id"],
        lease_expires_at=m["lease_expires_at"],
        available_at=m["available_at"],
        started_at=m["started_at"],
        finished_at=m["finished_at"],
        created_at=m["created_at"],
        updated_at=m["updated_at"],
        idempotency_key=m["idempotency_key"],
        quota_subject=m["quota_subject"],
        quota_refunded=bool(m["quota_refunded"]),
        version=int(m["version"] or 0),
    )


def open_store(
    database_url: str,
    *,
    listen: bool = True,
    listen_job_changes: bool = True,
    poll_seconds: float = 1.0,
    default_max_attempts: int = 3,
    pool_size: int = 10,
    clock: Clock = utc_now,
) -> JobStore:
    """A store for `database_url` (sqlite:///… or postgresql://…); use `async with`."""
    database = open_database(database_url, pool_size=pool_size)
    listen_dsn = None
    if listen and database.backend == "postgresql":
        url = make_url(database_url).set(drivername="postgresql")
        listen_dsn = url.difference_update_query(["pgbouncer"]).render_as_string(
            hide_password=False
        )
    return JobStore(
        database,
        listen_dsn=listen_dsn,
        listen_job_changes=listen_job_changes,
        poll_seconds=poll_seconds,
        default_max_attempts=default_max_attempts,
        clock=clock,
    )
