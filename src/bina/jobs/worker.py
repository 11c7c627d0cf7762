"""Workers: claim jobs with leases, run a handler, renew leases by heartbeat, shut down gently.

The job system knows nothing about what a job does: a handler receives the job and a progress
reporter and returns its result, an opaque JSON object. Every write the reporter makes is
fenced by the claim, so a handler whose lease was lost or whose job was canceled is stopped at
its next checkpoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import logging
import os
import random
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any, Literal, Protocol

from bina import log_context
from bina.jobs.exceptions import (
    JobCanceled,
    LeaseLost,
    PermanentJobError,
    StoreUnavailable,
)
from bina.jobs.liveness import Liveness
from bina.jobs.models import Claim, Job, Payload, WorkerInfo
from bina.jobs.store import JobStore

logger = logging.getLogger(__name__)


class ProgressReporter:
    """A handler's only way to write: progress, stage and finished parts, all fenced."""

    def __init__(self, store: JobStore, claim: Claim) -> None:
        self._store = store
        self.claim = claim

    async def progress(
        self,
        stage: str,
        percent: int,
        message: str | None = None,
        *,
        partial: Payload | None = None,
    ) -> None:
        """Record progress and, optionally, the parts finished so far (visible to clients at
        once); raises JobCanceled or LeaseLost when the handler must stop."""
        await self._store.report_progress(
            self.claim, stage=stage, progress=percent, message=message, partial=partial
        )


class JobHandler(Protocol):
    """Runs jobs: the job's payload in, progress through the reporter, its result out."""

    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        """Do the job; raise PermanentJobError for a failure that a retry would repeat."""
        ...

    async def warm_up(self) -> None:
        """Load what the first job would otherwise wait for (templates, models)."""
        ...

    async def aclose(self) -> None:
        """Release what the handler holds (HTTP clients, pools) when workers stop."""
        ...


class JobHandlerBase:
    """A base for handlers with nothing to warm up or release: subclass it, define __call__."""

    async def warm_up(self) -> None:
        return None

    async def aclose(self) -> None:
        return None


@dataclass(frozen=True, slots=True)
class WorkerSettings:
    concurrency: int = 4
    lease_seconds: float = 30
    heartbeat_seconds: float = 10
    poll_seconds: float = 1.0
    retention: timedelta = timedelta(hours=24)
    quota_window: timedelta = timedelta(hours=24)
    purge_interval_seconds: float = 300
    shutdown_grace_seconds: float = 10
    retry_backoff_seconds: float = 2.0
    #: How often a worker looks for workers that died holding running jobs (their sign of
    #: life is gone: liveness.py) and takes those jobs over, without waiting for their
    #: leases. 0: this worker holds no sign and never looks (leases alone decide).
    takeover_check_seconds: float = 0.5


_StopReason = Literal["lost", "shutdown"]


class Worker:
    """Runs up to `concurrency` jobs at once until `stop()`; one per process or many."""

    def __init__(
        self,
        store: JobStore,
        handler: JobHandler,
        settings: WorkerSettings | None = None,
        *,
        worker_id: str | None = None,
        on_finished: Callable[[Job, str, float], None] | None = None,
    ) -> None:
        self.store = store
        self.handler = handler
        self.settings = settings or WorkerSettings()
        self.id = worker_id or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._on_finished = on_finished
        self._running: dict[str, tuple[Claim, asyncio.Task[None]]] = {}
        # Jobs whose handler is still working; the rest of `_running` are writing their result.
        self._handling: set[str] = set()
        self._stop_reasons: dict[str, _StopReason] = {}
        self._wake = asyncio.Event()
        self._stopping = asyncio.Event()
        self._heartbeat_now = asyncio.Event()
        self._liveness: Liveness | None = None
        self._info: WorkerInfo | None = None
        self._registered_generation = 0
        self.jobs_done = 0

    @property
    def lease(self) -> timedelta:
        return timedelta(seconds=self.settings.lease_seconds)

    @property
    def running_job_ids(self) -> frozenset[str]:
        """The ids of the jobs this worker holds now: handlers running or results being written."""
        return frozenset(self._running)

    def stop(self) -> None:
        """Ask the worker to stop claiming and wind down (safe from a signal handler)."""
        self._stopping.set()
        self._wake.set()

    async def run(self) -> None:
        """Claim and run jobs until stopped, then finish or release what is running."""
        if self.settings.takeover_check_seconds > 0:
            # Held before the first claim, and named in our row only once held.
            self._liveness = self.store.liveness(self.id)
            if self._liveness is not None:
                await self._liveness.hold()
        try:
            await self._register()
            self.store.events.subscribe(self.store.events.QUEUE_KEY, self._wake)
            background = [
                asyncio.create_task(self._heartbeat_loop(), name=f"{self.id}-heartbeat"),
                asyncio.create_task(self._housekeeping_loop(), name=f"{self.id}-housekeeping"),
            ]
            if self._liveness is not None:
                background.append(
                    asyncio.create_task(
                        self._takeover_loop(self._liveness), name=f"{self.id}-takeover"
                    )
                )
            try:
                await self._claim_loop()
            finally:
                self.store.events.unsubscribe(self.store.events.QUEUE_KEY, self._wake)
                await self._wind_down()
                for task in background:
                    task.cancel()
                await asyncio.gather(*background, return_exceptions=True)
                with contextlib.suppress(StoreUnavailable):
                    await self.store.unregister_worker(self.id)
        finally:
            if self._liveness is not None:
                await self._liveness.release()  # last: jobs not handed back are taken at once

    def _worker_info(self) -> WorkerInfo:
        now = self.store.clock()
        if self._info is None:
            self._info = WorkerInfo(
                id=self.id,
                host=socket.gethostname(),
                pid=os.getpid(),
                concurrency=self.settings.concurrency,
                started_at=now,
                last_heartbeat_at=now,
            )
        marker = self._liveness.marker if self._liveness is not None else None
        return dataclasses.replace(self._info, last_heartbeat_at=now, liveness=marker)

    async def _register(self) -> None:
        while not self._stopping.is_set():
            generation = self._liveness.generation if self._liveness is not None else 0
            info = self._worker_info()
            try:
                await self.store.register_worker(info)
                self._info = info
                self._registered_generation = generation
                return
            except StoreUnavailable as exc:
                logger.warning("worker %s cannot reach the database yet: %s", self.id, exc)
                await self._sleep_unless_stopping(2.0)

    async def _claim_loop(self) -> None:
        failures = 0
        while not self._stopping.is_set():
            self._wake.clear()
            free = self._free_slots()
            claimed: list[Job] = []
            if free > 0:
                try:
                    claimed = await self.store.claim_jobs(self.id, free, self.lease)
                    failures = 0
                except StoreUnavailable as exc:
                    failures += 1
                    logger.warning("claim failed (%s); retrying", exc)
                    await self._sleep_unless_stopping(min(0.2 * 2**failures, 5.0))
                    continue
            for job in claimed:
                self._start(job)
            if claimed and len(claimed) == free:
                continue  # there may be more waiting: claim again at once
            # Wait for a new job, a free slot, or the poll interval (the cross-process fallback).
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.poll_seconds):
                    await self._wake.wait()

    def _free_slots(self) -> int:
        # A slot is free once its handler returns, while the result is still being written:
        # the next claim then overlaps that write instead of waiting for it. Jobs that are
        # only writing are capped at `concurrency` too (when writes stall, claiming stops).
        concurrency = self.settings.concurrency
        return min(concurrency - len(self._handling), 2 * concurrency - len(self._running))

    def _start(self, job: Job) -> None:
        claim = Claim(job_id=job.job_id, worker_id=self.id, attempt=job.attempts)
        task = asyncio.create_task(self._execute(job, claim), name=f"job-{job.job_id}")
        self._running[job.job_id] = (claim, task)
        self._handling.add(job.job_id)

    def _handler_done(self, job_id: str) -> None:
        if job_id in self._handling:
            self._handling.discard(job_id)
            self._wake.set()

    async def _execute(self, job: Job, claim: Claim) -> None:
        # This task's own context: every line logged about the job, the handler's included,
        # carries the id of the request that started it (and never another job's).
        log_context.request_id.set(job.request_id)
        loop = asyncio.get_running_loop()
        started = loop.time()
        outcome = "completed"
        try:
            result = await self.handler(job, ProgressReporter(self.store, claim))
            self._handler_done(job.job_id)
            await self._persist(lambda: self.store.complete(claim, result))
        except (JobCanceled, LeaseLost) as exc:
            outcome = "canceled" if isinstance(exc, JobCanceled) else "lost"
            logger.info("job %s stopped: %s", job.job_id, exc)
        except asyncio.CancelledError:
            outcome = self._stop_reasons.get(job.job_id, "shutdown")
            if outcome == "shutdown":
                # Hand it back so another worker starts it now, not after the lease.
                with contextlib.suppress(JobCanceled, LeaseLost, StoreUnavailable):
                    await asyncio.shield(self.store.release(claim))
                outcome = "released"
            raise
        except PermanentJobError as exc:
            outcome = "failed"
            await self._fail(claim, str(exc), retry=False, refund=not exc.user_fault)
        except Exception as exc:
            logger.exception("job %s attempt %d failed", job.job_id, claim.attempt)
            outcome = "failed"
            await self._fail(claim, _describe(exc), retry=True, refund=True)
        finally:
            self._handling.discard(job.job_id)
            self._running.pop(job.job_id, None)
            self._stop_reasons.pop(job.job_id, None)
            self.jobs_done += 1
            self._wake.set()
            seconds = loop.time() - started
            # One line per attempt: operators grep it, the fault tests count completions by it.
            logger.info(
                "job %s %s (attempt %d, %.2fs, worker %s)",
                job.job_id,
                outcome,
                claim.attempt,
                seconds,
                self.id,
            )
            if self._on_finished is not None:
                self._on_finished(job, outcome, seconds)

    async def _fail(self, claim: Claim, error: str, *, retry: bool, refund: bool) -> None:
        backoff = self.settings.retry_backoff_seconds * 2 ** (claim.attempt - 1)
        retry_in = timedelta(seconds=min(backoff, 60) * random.uniform(0.8, 1.2))
        # When even the failure cannot be written, the lease runs out and another worker retries.
        with contextlib.suppress(JobCanceled, LeaseLost, StoreUnavailable):
            await self._persist(
                lambda: self.store.fail(
                    claim, error, retry_in=retry_in if retry else None, refund_quota=refund
                )
            )

    async def _persist(self, write: Callable[[], Awaitable[Any]]) -> None:
        """Retry a final write while the database is briefly away (within the lease)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.settings.lease_seconds
        delay = 0.1
        while True:
            try:
                await write()
                return
            except StoreUnavailable:
                if loop.time() + delay > deadline:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)

    async def _heartbeat_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self.settings.heartbeat_seconds):
                    await self._heartbeat_now.wait()
            self._heartbeat_now.clear()
            claims = [claim for claim, _task in self._running.values()]
            try:
                lost = await self.store.heartbeat(claims, self.lease)
                await self.store.worker_alive(self.id)
            except StoreUnavailable as exc:
                logger.warning("heartbeat failed: %s", exc)
                continue
            for job_id in lost:
                # Canceled by a user, or retaken after an expired lease: stop now, write nothing.
                entry = self._running.get(job_id)
                if entry is not None:
                    self._stop_reasons[job_id] = "lost"
                    entry[1].cancel()

    async def _housekeeping_loop(self) -> None:
        # Spread purges of many workers over the interval; PostgreSQL also locks (advisory).
        next_purge = asyncio.get_running_loop().time() + random.uniform(
            0, self.settings.purge_interval_seconds
        )
        while True:
            await asyncio.sleep(max(self.settings.heartbeat_seconds, 0.05))
            try:
                await self.store.fail_exhausted()
                if asyncio.get_running_loop().time() >= next_purge:
                    purged = await self.store.purge(
                        self.settings.retention, self.settings.quota_window
                    )
                    if purged:
                        logger.info("purged %d finished jobs", purged)
                    next_purge += self.settings.purge_interval_seconds
            except StoreUnavailable as exc:
                logger.warning("housekeeping skipped: %s", exc)

    async def _takeover_loop(self, liveness: Liveness) -> None:
        """Take over the running jobs of workers whose process died, about every
        `takeover_check_seconds`: one small read, and a write only when one died."""
        while True:
            await asyncio.sleep(self.settings.takeover_check_seconds)
            try:
                await self._take_over_dead(liveness)
            except StoreUnavailable as exc:
                logger.warning("looking for dead workers failed: %s", exc)
            except Exception:
                # Never the worker's end: leases still cover what this would have found.
                logger.exception("looking for dead workers failed; trying again in 30 s")
                await asyncio.sleep(30)

    async def _take_over_dead(self, liveness: Liveness) -> None:
        generation = liveness.generation
        if liveness.marker is not None and generation != self._registered_generation:
            # Our sign was taken late, or again after its connection dropped: name it in our
            # row (which a takeover may have deleted meanwhile), and learn at once which of
            # our jobs were taken over while it was gone (the heartbeat stops them).
            info = self._worker_info()
            await self.store.register_worker(info)
            self._info = info
            self._registered_generation = generation
            self._heartbeat_now.set()
        dead = [w for w in await self.store.dead_workers(liveness) if w != self.id]
        for worker_id in dead:
            taken = await self.store.take_over(worker_id)
            liveness.forget([worker_id])
            if taken:
                logger.warning(
                    "worker %s died; %d running jobs taken over: %s",
                    worker_id,
                    len(taken),
                    " ".join(taken),
                )
            else:
                logger.debug("worker %s is gone, holding no job; forgotten", worker_id)
        if dead:
            await self.store.fail_exhausted()  # jobs with no attempt left fail now, not later

    async def _wind_down(self) -> None:
        if not self._running:
            return
        tasks = [task for _claim, task in self._running.values()]
        logger.info(
            "waiting up to %ss for %d jobs", self.settings.shutdown_grace_seconds, len(tasks)
        )
        _done, pending = await asyncio.wait(tasks, timeout=self.settings.shutdown_grace_seconds)
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    async def _sleep_unless_stopping(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()


def _describe(exc: BaseException) -> str:
    # What users see: no exception text (it may hold internals); the log has the traceback.
    return f"An internal error stopped this job ({type(exc).__name__}); it has been logged."
