"""A worker's writes: progress, completion, failure and release, each fenced by its claim.

A fenced write matches the row only while the claim (worker id + attempt) still holds and the
job is still running: a worker that lost its lease, or whose job was canceled, changes nothing
and learns why (`LeaseLost`, `JobCanceled`). Completions arriving together share one
statement and one commit (group commit).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime, timedelta
from typing import Any

import sqlalchemy as sa

from bina.jobs import statements as sql
from bina.jobs.backend import Backend, Completion
from bina.jobs.events import ChangeBroadcaster
from bina.jobs.exceptions import JobCanceled, JobNotFound, LeaseLost
from bina.jobs.group_commit import GroupCommit
from bina.jobs.models import Claim, Job, JobStatus, Payload
from bina.jobs.schema import generation_jobs as jobs_table
from bina.jobs.statement_work import DriverStatements, Rows, StatementWork
from bina.jobs.statements import JobStatements
from bina.jobs.transactions import Transactions
from bina.jobs.webhook_statements import MADE_DUE_BY_FENCED_WRITE


class FencedWrites:
    """What a worker writes about the jobs it holds."""

    def __init__(
        self,
        statements: JobStatements,
        backend: Backend,
        transactions: Transactions,
        events: ChangeBroadcaster,
        clock: Callable[[], datetime],
        get_job: Callable[[str], Awaitable[Job | None]],
    ) -> None:
        self.statements = statements
        self.columns = statements.columns
        self.backend = backend
        self._transactions = transactions
        self.events = events
        self.clock = clock
        self._get_job = get_job
        # The completions' statements as the driver runs them (statement_work.py).
        self._compiled = DriverStatements()
        self._completions: GroupCommit[Completion, bool] = GroupCommit(self._complete_group)

    async def drain(self) -> None:
        """Wait for the completions in flight (before the database closes)."""
        await self._completions.drain()

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
        values: dict[str, Any] = {
            "stage": stage,
            "message": message,
            "progress": sql.PROGRESS_NEVER_BACKWARDS,
            "new_progress": max(0, min(int(progress), 99)),
        }
        if partial is not None:
            values.update(self.columns.partial_values(partial))
        await self._fenced_write(claim, values)

    async def complete(self, claim: Claim, result: Payload) -> None:
        """Finish the attempt with its result; returns once that is committed.

        Completions arriving together share one statement and one commit (group commit).
        """
        if await self._completions.submit((claim, self.columns.result_values(result))):
            self.events.job_changed(claim.job_id)
            return
        raise await self._fence_error(claim)

    async def _complete_group(self, group: Sequence[Completion]) -> list[bool]:
        """Write a group of completions in one statement; which ones the fence let through."""
        now = self.clock()
        if len(group) == 1:
            ((claim, values),) = group
            statement = self.statements.completion()
            parameters = {f"v_{name}": value for name, value in values.items()}
            parameters.update({f"v_{k}": v for k, v in sql.completion_values(now).items()})
            parameters.update(f_job_id=claim.job_id, f_worker_id=claim.worker_id)
            parameters["f_attempt"] = claim.attempt
        else:
            statement, parameters = self.backend.completion_batch(self.statements, group, now)

        write = StatementWork(statement, parameters, _job_ids, self._compiled)
        written = await self._transactions.write(write, one_statement=True)
        return [claim.job_id in written for claim, _values in group]

    async def fail(
        self,
        claim: Claim,
        error: str,
        *,
        retry_in: timedelta | None,
        refund_quota: bool = True,
    ) -> JobStatus:
        """Fail this attempt: queue it again after `retry_in` while attempts remain, else fail."""
        job = await self._current(claim.job_id)
        now = self.clock()
        if retry_in is not None and job.attempts < job.max_attempts:
            again: dict[str, Any] = {
                "status": JobStatus.QUEUED.value,
                "stage": "queued",
                "message": error,
            }
            again.update(worker_id=None, lease_expires_at=None, available_at=now + retry_in)
            await self._fenced_write(claim, again, queued=True)
            return JobStatus.QUEUED
        failed: dict[str, Any] = {
            "status": JobStatus.FAILED.value,
            "stage": "failed",
            "error": error,
        }
        failed.update(message=None, finished_at=now, lease_expires_at=None)
        failed["quota_refunded"] = refund_quota
        failed.update(MADE_DUE_BY_FENCED_WRITE)  # the job's webhook, due in the same write
        await self._fenced_write(claim, failed)
        return JobStatus.FAILED

    async def release(self, claim: Claim) -> None:
        """Hand a job back at once (graceful shutdown): the next worker takes it immediately.

        The attempt is given back too; the fence still holds because the worker id differs.
        """
        t = jobs_table
        values: dict[str, Any] = {"status": JobStatus.QUEUED.value, "stage": "queued"}
        values.update(message=None, worker_id=None, lease_expires_at=None)
        values["available_at"] = self.clock()
        values["attempts"] = sa.case((t.c.attempts > 0, t.c.attempts - 1), else_=0)
        await self._fenced_write(claim, values, queued=True)

    async def _fenced_write(
        self, claim: Claim, values: dict[str, Any], *, queued: bool = False
    ) -> None:
        plain = {k: v for k, v in values.items() if not isinstance(v, sa.ClauseElement)}
        plain["updated_at"] = self.clock()
        expressions = {k: v for k, v in values.items() if isinstance(v, sa.ClauseElement)}
        # Plain values that name no column are parameters of an expression (new_progress).
        columns = tuple(sorted(k for k in plain if k in jobs_table.c))
        statement = self.statements.fenced(columns, expressions, queued)
        parameters = {f"v_{k}": v for k, v in plain.items()}
        parameters.update(f_job_id=claim.job_id, f_worker_id=claim.worker_id)
        parameters["f_attempt"] = claim.attempt

        def write(conn: sa.Connection) -> bool:
            return conn.execute(statement, parameters).first() is not None

        if await self._transactions.write(write, one_statement=True):
            self.events.job_changed(claim.job_id)
            if queued:
                self.events.job_queued()
            return
        raise await self._fence_error(claim)

    async def _fence_error(self, claim: Claim) -> JobCanceled | LeaseLost:
        """Why a fenced write matched nothing: the job was canceled, or is no longer ours."""
        current = await self._get_job(claim.job_id)
        if current is not None and current.status == JobStatus.CANCELED:
            return JobCanceled()
        return LeaseLost()

    async def _current(self, job_id: str) -> Job:
        job = await self._get_job(job_id)
        if job is None:
            raise JobNotFound()
        return job


def _job_ids(rows: Rows) -> set[str]:
    return {row["job_id"] for row in rows}
