"""The worker in-process: retries, permanent failures, cancellation, wake-ups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import timedelta

import pytest

from bina.jobs import (
    Job,
    JobResult,
    JobStatus,
    JobStore,
    NewJob,
    PermanentJobError,
    ProgressReporter,
    QuotaRule,
    Worker,
    open_store,
)
from bina.jobs.worker import WorkerSettings

Handler = Callable[[Job, ProgressReporter], Awaitable[JobResult]]
Starter = Callable[[Handler], "Running"]
FAST = WorkerSettings(
    concurrency=4,
    lease_seconds=2,
    heartbeat_seconds=0.1,
    poll_seconds=0.2,
    retry_backoff_seconds=0.05,
    shutdown_grace_seconds=0,
)


async def finished(store: JobStore, job_id: str, timeout: float = 10) -> Job:
    async with asyncio.timeout(timeout):
        version = 0
        while True:
            job = await store.wait_for_change(job_id, version, timeout=1)
            assert job is not None
            if job.is_finished:
                return job
            version = job.version


class Running:
    def __init__(self, store: JobStore, handler: Handler) -> None:
        self.outcomes: list[str] = []
        self.worker = Worker(
            store, handler, FAST, on_finished=lambda _j, outcome, _s: self.outcomes.append(outcome)
        )
        self.task = asyncio.create_task(self.worker.run())

    async def stop(self) -> None:
        self.worker.stop()
        await asyncio.wait_for(self.task, 10)


@pytest.fixture
async def run_worker(store: JobStore) -> AsyncIterator[Callable[[Handler], Running]]:
    started: list[Running] = []

    def start(handler: Handler) -> Running:
        running = Running(store, handler)
        started.append(running)
        return running

    yield start
    for running in started:
        await running.stop()


async def test_transient_errors_are_retried(store: JobStore, run_worker: Starter) -> None:
    calls = 0

    async def flaky(job: Job, reporter: ProgressReporter) -> JobResult:
        nonlocal calls
        calls += 1
        await reporter.progress("analyzing", 10)
        if calls == 1:
            raise ConnectionError("model endpoint reset the connection")
        return JobResult(html="<p>ok</p>", styles=[{"style": "modern"}], business_type="cafe")

    running = run_worker(flaky)
    job, _ = await store.create_job(NewJob("kedai"))
    done = await finished(store, job.job_id)
    assert (done.status, done.attempts, done.business_type) == (JobStatus.COMPLETED, 2, "cafe")
    async with asyncio.timeout(5):  # the worker books the outcome just after its commit
        while len(running.outcomes) < 2:
            await asyncio.sleep(0.01)
    assert running.outcomes == ["failed", "completed"]


async def test_permanent_errors_fail_at_once_and_keep_or_refund_quota(
    store: JobStore,
    run_worker: Starter,
) -> None:
    async def refuses(job: Job, reporter: ProgressReporter) -> JobResult:
        raise PermanentJobError("Tiada maklumat perniagaan.", user_fault=job.description == "user")

    run_worker(refuses)
    rule = QuotaRule("u", 10)
    by_user, _ = await store.create_job(NewJob("user", user_id="u"), rule)
    by_system, _ = await store.create_job(NewJob("system", user_id="u"), rule)
    user_failed = await finished(store, by_user.job_id)
    system_failed = await finished(store, by_system.job_id)
    assert (user_failed.status, user_failed.attempts) == (JobStatus.FAILED, 1)
    assert user_failed.error == "Tiada maklumat perniagaan."
    assert not user_failed.quota_refunded and system_failed.quota_refunded
    assert (await store.usage(rule)).used == 1


async def test_cancel_stops_a_running_handler(store: JobStore, run_worker: Starter) -> None:
    entered = asyncio.Event()
    stopped = asyncio.Event()

    async def slow(job: Job, reporter: ProgressReporter) -> JobResult:
        entered.set()
        try:
            await asyncio.sleep(30)
        finally:
            stopped.set()
        raise AssertionError("not reached")

    running = run_worker(slow)
    job, _ = await store.create_job(NewJob("slow"))
    await asyncio.wait_for(entered.wait(), 5)
    await store.cancel(job.job_id)
    await asyncio.wait_for(stopped.wait(), 2)  # noticed by the heartbeat, not after 30 s
    assert (await store.get_job(job.job_id)).status == JobStatus.CANCELED  # type: ignore[union-attr]
    await asyncio.sleep(0.05)
    assert running.outcomes == ["lost"]


async def test_styles_are_visible_while_the_job_runs(store: JobStore, run_worker: Starter) -> None:
    gate = asyncio.Event()

    async def two_step(job: Job, reporter: ProgressReporter) -> JobResult:
        await reporter.progress("styles", 60, "1/3", styles=[{"style": "modern"}])
        await gate.wait()
        return JobResult(html="<p>", styles=[{"style": "modern"}, {"style": "bold"}])

    run_worker(two_step)
    job, _ = await store.create_job(NewJob("x"))
    seen = job
    while not seen.styles:
        seen = await store.wait_for_change(job.job_id, seen.version, timeout=5)  # type: ignore[assignment]
    assert (seen.status, seen.progress, seen.styles) == (
        JobStatus.PROCESSING,
        60,
        [{"style": "modern"}],
    )
    gate.set()
    assert len((await finished(store, job.job_id)).styles) == 2


async def test_a_job_created_elsewhere_wakes_an_idle_worker(
    database_url: str, run_worker: Starter
) -> None:
    """Another process's insert wakes an idle worker: NOTIFY on PostgreSQL, polling on SQLite."""

    async def quick(job: Job, reporter: ProgressReporter) -> JobResult:
        return JobResult(html="<p>", styles=[])

    run_worker(quick)
    await asyncio.sleep(0.3)  # the worker is idle and waiting
    async with open_store(database_url, listen=False) as other_process:
        job, _ = await other_process.create_job(NewJob("from another instance"))
        done = await finished(other_process, job.job_id, timeout=5)
    assert done.status == JobStatus.COMPLETED
    assert done.started_at is not None
    assert done.started_at - job.created_at < timedelta(seconds=1)


async def test_slots_free_when_handlers_return_but_stalled_writes_stop_claiming(
    store: JobStore, run_worker: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The next claim overlaps the previous result's write, yet never more than `concurrency`
    # handlers run, and when result writes stall the worker stops claiming at 2 × concurrency.
    gate = asyncio.Event()
    real_complete = store.complete

    async def slow_complete(claim: object, result: JobResult) -> None:
        await gate.wait()
        await real_complete(claim, result)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "complete", slow_complete)
    active = 0
    most = 0

    async def handler(job: Job, reporter: ProgressReporter) -> JobResult:
        nonlocal active, most
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.01)
        active -= 1
        return JobResult(html="<p>ok</p>", styles=[])

    ids = [(await store.create_job(NewJob(f"Kedai {i}")))[0].job_id for i in range(20)]
    running = run_worker(handler)
    async with asyncio.timeout(10):
        while len(running.worker._running) < 2 * FAST.concurrency:
            await asyncio.sleep(0.01)
    await asyncio.sleep(0.3)  # room to claim more, if it wrongly would
    assert len(running.worker._running) == 2 * FAST.concurrency
    assert most <= FAST.concurrency
    stats = await store.queue_stats(timedelta(minutes=1))
    assert stats.queued == 20 - 2 * FAST.concurrency
    gate.set()
    for job_id in ids:
        assert (await finished(store, job_id)).status == JobStatus.COMPLETED
    assert most <= FAST.concurrency
