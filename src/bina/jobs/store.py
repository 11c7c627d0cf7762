"""JobStore: the one durable home of every job, on SQLite or PostgreSQL (SQLAlchemy Core).

A facade: each method is one short transaction of named statements (statements.py), the start
is create.py's, rows become jobs in rows.py, and whatever differs between the databases is the
backend's (backend.py). Writes by a worker are fenced by its claim (worker id + attempt): a
worker that lost its lease matches no row and changes nothing. Each write bumps the row's
`version` and announces the change (NOTIFY on PostgreSQL, in-process always).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from bina.jobs import statements as sql
from bina.jobs.backend import Backend
from bina.jobs.columns import ColumnMap
from bina.jobs.create import JobCreation, Rehearsal, Start, StartTry, charged, quota_usage
from bina.jobs.database import Work
from bina.jobs.events import ChangeBroadcaster, ChangeFeed
from bina.jobs.exceptions import JobNotFound, StoreUnavailable
from bina.jobs.fenced import FencedWrites
from bina.jobs.liveness import TAKEN_OVER_LEASE_ENDED_AGO, Liveness
from bina.jobs.lookup import PrefixMatch, match_prefix
from bina.jobs.models import (
    Claim,
    Job,
    JobHead,
    JobStatus,
    NewJob,
    Payload,
    QueueStats,
    QuotaRule,
    Usage,
    WorkerInfo,
)
from bina.jobs.poll_reads import PollReads
from bina.jobs.raw_reads import JobText, JobTextReads
from bina.jobs.rows import RowReader, as_utc, looks_like_job_id
from bina.jobs.statement_work import StatementWork
from bina.jobs.transactions import Transactions
from bina.jobs.webhook_statements import JobStatementsWithWebhooks

logger = logging.getLogger(__name__)

T = TypeVar("T")
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC)


class JobStore:
    """Create, claim, fence, finish and purge jobs in one SQL database."""

    def __init__(
        self,
        backend: Backend,
        *,
        columns: ColumnMap | None = None,
        poll_seconds: float = 1.0,
        default_max_attempts: int = 3,
        clock: Clock = utc_now,
    ) -> None:
        self.backend = backend
        self.database = backend.database
        self.columns = columns or ColumnMap()
        self.events = ChangeBroadcaster()
        self.poll_seconds = poll_seconds
        self.clock = clock
        # Every statement that ends a job also makes its webhook due, in the same write.
        self.statements = JobStatementsWithWebhooks(
            self.columns, backend.announce_changed(), backend.announce_queued()
        )
        self.rows = RowReader(self.columns)
        self.creation = JobCreation(self.statements, self.rows, default_max_attempts)
        self.polls = PollReads(JobTextReads(self.columns), self.creation.driver_statement)
        self._transactions = Transactions(backend.database)
        self._feed: ChangeFeed | None = backend.change_feed(self.events, self._read, clock)
        self._fenced = FencedWrites(
            self.statements, backend, self._transactions, self.events, clock, self.get_job
        )

    # --- lifecycle ------------------------------------------------------------------------

    async def start(self) -> None:
        if self._feed is not None:
            self._feed.start()

    async def close(self) -> None:
        await self._fenced.drain()
        if self._feed is not None:
            await self._feed.stop()
        await self.database.close()

    async def __aenter__(self) -> JobStore:
        await self.start()
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.close()

    @property
    def backend_name(self) -> str:
        """`postgresql` or `sqlite`."""
        return self.backend.name

    @property
    def listening(self) -> bool:
        """True while other processes' changes are announced (LISTEN, or the SQLite watcher)."""
        return self._feed is not None and self._feed.live

    async def ping(self) -> None:
        """Raise StoreUnavailable unless the database answers."""
        await self._read(lambda conn: conn.execute(sql.PING).scalar())

    async def warm_up(self, connections: int) -> None:
        """Open `connections` connections now, before the first visitors need them.

        A new PostgreSQL connection is a forked backend with cold caches, and a statement's
        first use compiles it (SQLAlchemy) and prepares it (per connection): tens of ms that
        the first visitors after a deploy would otherwise wait out. A database that is away is
        only logged: requests then answer 503 until it is back.
        """
        if connections <= 0:
            return
        try:
            reads = self.polls.rehearsals()
            rehearsal = Rehearsal(self._rehearse_start, self.creation, self.clock, reads)
            await self.database.warm_up(connections, rehearsal)
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

    def _rehearse_start(self, conn: sa.Connection) -> None:
        # A start and a status read, rolled back by the caller: their statements get compiled
        # once and prepared on every connection; nothing is written. A subject of its own per
        # call, so rehearsals never wait for each other's per-user locks.
        subject = f"warm-up-{uuid.uuid4()}"
        rehearsal = NewJob({"rehearsal": True}, user_id=subject, idempotency_key="w")
        start = Start(self.creation, rehearsal, QuotaRule(subject, 1))
        start.run(conn, self.clock(), in_one_call=self.backend.starts_in_one_call)
        conn.execute(sql.BY_JOB_ID, {"job_id": str(uuid.UUID(int=0))})

    # --- creating and reading -------------------------------------------------------------

    async def create_job(self, new: NewJob, quota: QuotaRule | None = None) -> tuple[Job, bool]:
        """Commit a queued job; returns (job, created). An idempotent repeat returns the original.

        The idempotency lookup, the quota check and the insert share one transaction, under a
        per-user lock, so concurrent requests on any number of instances cannot overspend.
        """
        # Without a key and a quota there is nothing to lock or read first: one INSERT.
        one_statement = new.idempotency_key is None and charged(quota) is None
        # The same ids on every try: a retry after a lost reply finds its own job (create.py).
        start = Start(self.creation, new, quota)
        in_one_call = self.backend.starts_in_one_call and not one_statement
        try:
            job, created = await self._write(
                StartTry(start, self.clock, in_one_call=in_one_call),
                one_statement=one_statement or self.backend.starts_in_one_call,
                urgent=True,
            )
        except StoreUnavailable as exc:
            # A unique index refused the insert, meaning "it exists already": two racing
            # repeats of one idempotency key, or an earlier try of this start that committed.
            if not isinstance(exc.__cause__, sa_exc.IntegrityError):
                raise
            found = await self._read(start.after_conflict)
            if found is None:
                raise StoreUnavailable("could not create the job; try again") from exc
            job, created = found
        if created:
            self.events.job_queued()
        return job, created

    async def get_job(self, job_id: str) -> Job | None:
        if not looks_like_job_id(job_id):
            return None

        def get(conn: sa.Connection) -> Job | None:
            row = conn.execute(sql.BY_JOB_ID, {"job_id": job_id}).first()
            return self.rows.job(row) if row is not None else None

        return await self._read(get)

    async def get_job_text(self, job_id: str) -> JobText | None:
        """The job with its outputs as the stored JSON text, undecoded (raw_reads.py)."""
        if not looks_like_job_id(job_id):
            return None
        return await self._read(self.polls.text(job_id))

    async def get_job_head(self, job_id: str) -> JobHead | None:
        """The job's owner, status and version, without reading its data."""
        if not looks_like_job_id(job_id):
            return None
        return await self._read(self.polls.head(job_id))

    async def match_job_id(self, prefix: str) -> PrefixMatch:
        """How many jobs' ids start with `prefix`, and the job's id when just one does."""
        return await self._read(lambda conn: match_prefix(conn, prefix))

    async def wait_for_change(self, job_id: str, after_version: int, timeout: float) -> Job | None:
        """Return the job once its version passes `after_version`, or as it is after `timeout`."""
        head = await self.wait_for_version(job_id, after_version, timeout)
        return None if head is None else await self.get_job(job_id)

    async def wait_for_version(
        self, job_id: str, after_version: int, timeout: float
    ) -> JobHead | None:
        """The job's head once its version passes `after_version` (or it has finished), or as
        it is after `timeout`; None when there is no such job. Only heads are read meanwhile.

        A notification wakes us at once; without one (a pooler that cannot LISTEN) we re-read
        every poll interval.
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
                head = await self.get_job_head(job_id)
                remaining = deadline - loop.time()
                changed_or_done = head is None or head.version > after_version or head.is_finished
                if changed_or_done or remaining <= 0:
                    return head
                wait = remaining if self.listening else min(remaining, self.poll_seconds)
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(wait):
                        await changed.wait()
        finally:
            self.events.unsubscribe(job_id, changed)

    async def usage(self, quota: QuotaRule) -> Usage:
        now = self.clock()
        used, oldest = await self._read(lambda conn: quota_usage(conn, quota, now))
        if quota.limit <= 0:
            return Usage(limit=0, used=used, remaining=-1, reset_at=None)
        reset_at = oldest + quota.window if oldest is not None and used > 0 else None
        return Usage(quota.limit, used, max(quota.limit - used, 0), reset_at)

    async def list_jobs(
        self, *, status: str | None = None, user_id: str | None = None, limit: int = 50
    ) -> list[Job]:
        query = sql.job_listing(status=status, user_id=user_id, limit=limit)
        return await self._read(lambda conn: [self.rows.job(row) for row in conn.execute(query)])

    async def queue_stats(self, live_within: timedelta) -> QueueStats:
        now = self.clock()

        def stats(conn: sa.Connection) -> QueueStats:
            counts = {status: int(count) for status, count in conn.execute(sql.STATUS_COUNTS)}
            oldest = as_utc(conn.execute(sql.OLDEST_QUEUED).scalar())
            live = conn.execute(sql.LIVE_WORKERS, {"live_since": now - live_within}).scalar_one()
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
        by_function = self.backend.claims_by_function
        claim = self.statements.claim_by_function if by_function else self.statements.claim
        take = StatementWork(claim, parameters, self.rows.jobs, self.creation.driver_statement)
        jobs = await self._write(take, one_statement=True)
        jobs.sort(key=lambda job: job.created_at)
        self._announce(job.job_id for job in jobs)
        return jobs

    async def heartbeat(self, claims: Sequence[Claim], lease: timedelta) -> set[str]:
        """Extend the leases of `claims`; returns the job ids this worker no longer holds."""
        if not claims:
            return set()
        renew = sql.lease_renewal([(c.job_id, c.worker_id, c.attempt) for c in claims])
        lease_until = self.clock() + lease

        def renew_all(conn: sa.Connection) -> set[str]:
            return {row.job_id for row in conn.execute(renew, {"lease_until": lease_until})}

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
        partial: Payload | None = None,
    ) -> None:
        """Record progress (never backwards within an attempt) and, optionally, finished parts."""
        await self._fenced.report_progress(
            claim, stage=stage, progress=progress, message=message, partial=partial
        )

    async def complete(self, claim: Claim, result: Payload) -> None:
        """Finish the attempt with its result; returns once that is committed."""
        await self._fenced.complete(claim, result)

    async def fail(
        self, claim: Claim, error: str, *, retry_in: timedelta | None, refund_quota: bool = True
    ) -> JobStatus:
        """Fail this attempt: queue it again after `retry_in` while attempts remain, else fail."""
        return await self._fenced.fail(claim, error, retry_in=retry_in, refund_quota=refund_quota)

    async def release(self, claim: Claim) -> None:
        """Hand a job back at once (graceful shutdown): the next worker takes it immediately."""
        await self._fenced.release(claim)

    # --- operators and users --------------------------------------------------------------

    async def cancel(self, job_id: str, user_id: str | None = None) -> Job:
        """Cancel a queued or running job (a running worker stops at its next checkpoint).

        Finished jobs are returned unchanged. `user_id` limits it to that user's jobs.
        """
        owned = user_id is not None
        parameters = {"target": job_id, "owner": user_id, "now": self.clock()}
        job = await self._change_and_get(job_id, self.statements.cancel[owned], parameters)
        if job is None or (owned and job.user_id != user_id):
            raise JobNotFound()
        return job

    async def retry(self, job_id: str) -> Job:
        """Queue a failed or canceled job again with a fresh set of attempts (operators)."""
        parameters = {"target": job_id, "now": self.clock()}
        job = await self._change_and_get(job_id, self.statements.retry, parameters, queued=True)
        if job is None:
            raise JobNotFound()
        return job

    async def _change_and_get(
        self, job_id: str, statement: sa.Update, parameters: dict[str, Any], *, queued: bool = False
    ) -> Job | None:
        if not looks_like_job_id(job_id):
            return None

        def change(conn: sa.Connection) -> tuple[Job | None, bool]:
            row = conn.execute(statement, parameters).first()
            if row is not None:
                return self.rows.job(row), True
            # Nothing to change (unknown, foreign or already finished): report it as it is.
            row = conn.execute(sql.BY_JOB_ID, {"job_id": job_id}).first()
            return (self.rows.job(row) if row is not None else None), False

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

        def fail_all(conn: sa.Connection) -> list[str]:
            rows = conn.execute(self.statements.fail_exhausted, {"now": now})
            return [row.job_id for row in rows]

        ids = await self._write(fail_all, one_statement=True)
        self._announce(ids)
        return ids

    async def purge(self, retention: timedelta, quota_window: timedelta) -> int:
        """Delete finished jobs older than `retention`; returns how many went.

        A charged job also stays until it leaves the quota window, or purging would hand out
        free generations. Only one purger runs at a time where the backend needs that.
        """
        now = self.clock()
        parameters = {"finished_before": now - retention, "charged_before": now - quota_window}

        def purge(conn: sa.Connection) -> int:
            if not self.backend.may_purge(conn):
                return 0
            deleted = conn.execute(sql.PURGE_FINISHED, parameters).rowcount
            conn.execute(sql.PURGE_STALE_WORKERS, {"stale_before": now - timedelta(hours=1)})
            return int(deleted)

        return await self._write(purge)

    async def register_worker(self, info: WorkerInfo) -> None:
        parameters = {f"w_{name}": getattr(info, name) for name in sql.WORKER_FIELDS}
        parameters["worker_id"] = info.id

        def upsert(conn: sa.Connection) -> None:
            if conn.execute(sql.WORKER_UPDATE, parameters).rowcount == 0:
                conn.execute(sql.WORKER_INSERT, parameters)

        await self._write(upsert)

    async def worker_alive(self, worker_id: str) -> None:
        parameters = {"worker_id": worker_id, "now": self.clock()}
        await self._write(
            lambda conn: conn.execute(sql.WORKER_ALIVE, parameters), one_statement=True
        )

    async def unregister_worker(self, worker_id: str) -> None:
        parameters = {"worker_id": worker_id}
        await self._write(
            lambda conn: conn.execute(sql.WORKER_DELETE, parameters), one_statement=True
        )

    # --- dead workers: their running jobs taken over at once (liveness.py) ----------------

    def liveness(self, worker_id: str) -> Liveness | None:
        """The sign of life that shows this worker's death to the others at once; None where
        the backend has none (behind a transaction pooler, no fcntl): only the lease tells."""
        return self.backend.liveness(worker_id)

    async def dead_workers(self, liveness: Liveness) -> list[str]:
        """The workers holding running jobs whose sign of life is gone: their process died."""
        now = self.clock()
        return await self._read(lambda conn: liveness.dead_owners(conn, now))

    async def take_over(self, worker_id: str) -> list[str]:
        """End a dead worker's leases now and forget the worker; returns its jobs' ids.

        The next claim retakes each job exactly as after an expired lease (a new attempt; or
        failed by `fail_exhausted` when none is left), and the fence keeps the dead worker's
        writes out. Workers are woken (NOTIFY; in-process; SQLite's watcher) to claim now.
        """
        now = self.clock()
        expired = now - TAKEN_OVER_LEASE_ENDED_AGO
        parameters = {"dead_worker_id": worker_id, "now": now, "expired": expired}

        def take(conn: sa.Connection) -> list[str]:
            ids = [row.job_id for row in conn.execute(self.statements.take_over, parameters)]
            conn.execute(sql.WORKER_DELETE, {"worker_id": worker_id})
            return ids

        ids = await self._write(take)
        self._announce(ids)
        if ids:
            self.events.job_queued()
        return ids

    # --- plumbing -------------------------------------------------------------------------

    def _announce(self, job_ids: Iterable[str]) -> None:
        for job_id in job_ids:
            self.events.job_changed(job_id)

    async def _read(self, work: Work[T]) -> T:
        return await self._transactions.read(work)

    async def _write(
        self, work: Work[T], *, one_statement: bool = False, urgent: bool = False
    ) -> T:
        return await self._transactions.write(work, one_statement=one_statement, urgent=urgent)
