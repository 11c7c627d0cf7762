"""The worker in-process: retries, permanent failures, cancellation, wake-ups."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from datetime import timedelta

import pytest

from bina.api import site_jobs
from bina.jobs import (
    Claim,
    Job,
    JobStatus,
    JobStore,
    Payload,
    PermanentJobError,
    ProgressReporter,
    QuotaRule,
    Worker,
    open_store,
)
from bina.jobs.worker import WorkerSettings
from tests.job_helpers import FunctionHandler, HandlerFunction, site_job, site_result
from tests.waiting import wait_until_async

Handler = HandlerFunction
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
            store,
            FunctionHandler(handler),
            FAST,
            on_finished=lambda _j, outcome, _s: self.outcomes.append(outcome),
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

    async def flaky(job: Job, reporter: ProgressReporter) -> Payload:
        nonlocal calls
        calls += 1
        await reporter.progress("analyzing", 10)
        if calls == 1:
            raise ConnectionError("model endpoint reset the connection")
        return site_result(html="<p>ok</p>", styles=[{"style": "modern"}], business_type="cafe")

    running = run_worker(flaky)
    job, _ = await store.create_job(site_job("kedai"))
    done = await finished(store, job.job_id)
    assert (done.status, done.attempts, site_jobs.business_type_of(done)) == (
        JobStatus.COMPLETED,
        2,
        "cafe",
    )
    # The worker books the outcome just after its commit.
    await wait_until_async(lambda: len(running.outcomes) >= 2, timeout=5)
    assert running.outcomes == ["failed", "completed"]


async def test_permanent_errors_fail_at_once_and_keep_or_refund_quota(
    store: JobStore,
    run_worker: Starter,
) -> None:
    async def refuses(job: Job, reporter: ProgressReporter) -> Payload:
        raise PermanentJobError(
            "Tiada maklumat perniagaan.", user_fault=site_jobs.description_of(job) == "user"
        )

    run_worker(refuses)
    rule = QuotaRule("u", 10)
    by_user, _ = await store.create_job(site_job("user", user_id="u"), rule)
    by_system, _ = await store.create_job(site_job("system", user_id="u"), rule)
    user_failed = await finished(store, by_user.job_id)
    system_failed = await finished(store, by_system.job_id)
    assert (user_failed.status, user_failed.attempts) == (JobStatus.FAILED, 1)
    assert user_failed.error == "Tiada maklumat perniagaan."
    assert not user_failed.quota_refunded and system_failed.quota_refunded
    assert (await store.usage(rule)).used == 1


async def test_cancel_stops_a_running_handler(store: JobStore, run_worker: Starter) -> None:
    entered = asyncio.Event()
    stopped = asyncio.Event()

    async def slow(job: Job, reporter: ProgressReporter) -> Payload:
        entered.set()
        try:
            await asyncio.sleep(30)
        finally:
            stopped.set()
        raise AssertionError("not reached")

    running = run_worker(slow)
    job, _ = await store.create_job(site_job("slow"))
    await asyncio.wait_for(entered.wait(), 5)
    await store.cancel(job.job_id)
    await asyncio.wait_for(stopped.wait(), 2)  # noticed by the heartbeat, not after 30 s
    canceled = await store.get_job(job.job_id)
    assert canceled is not None and canceled.status == JobStatus.CANCELED
    await wait_until_async(lambda: running.outcomes, timeout=5)  # booked after the handler ends
    assert running.outcomes == ["lost"]


async def test_styles_are_visible_while_the_job_runs(store: JobStore, run_worker: Starter) -> None:
    gate = asyncio.Event()

    async def two_step(job: Job, reporter: ProgressReporter) -> Payload:
        await reporter.progress("styles", 60, "1/3", partial={"styles": [{"style": "modern"}]})
        await gate.wait()
        return site_result(html="<p>", styles=[{"style": "modern"}, {"style": "bold"}])

    run_worker(two_step)
    job, _ = await store.create_job(site_job("x"))
    seen = job
    while not site_jobs.styles_of(seen):
        changed = await store.wait_for_change(job.job_id, seen.version, timeout=5)
        assert changed is not None
        seen = changed
    assert (seen.status, seen.progress, site_jobs.styles_of(seen)) == (
        JobStatus.PROCESSING,
        60,
        [{"style": "modern"}],
    )
    gate.set()
    assert len(site_jobs.styles_of(await finished(store, job.job_id))) == 2


async def test_a_job_created_elsewhere_wakes_an_idle_worker(
    database_url: str, store: JobStore, run_worker: Starter, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process's insert wakes an idle worker: NOTIFY on PostgreSQL, polling on SQLite."""

    async def quick(job: Job, reporter: ProgressReporter) -> Payload:
        return site_result(html="<p>", styles=[])

    empty_claims = 0
    real_claim_jobs = store.claim_jobs

    async def counted_claim_jobs(worker_id: str, limit: int, lease: timedelta) -> list[Job]:
        nonlocal empty_claims
        claimed = await real_claim_jobs(worker_id, limit, lease)
        empty_claims += not claimed
        return claimed

    monkeypatch.setattr(store, "claim_jobs", counted_claim_jobs)
    run_worker(quick)
    # Idle and waiting: it found the queue empty (it waits at once after an empty claim).
    await wait_until_async(lambda: empty_claims > 0, timeout=5)
    async with open_store(database_url, listen=False) as other_process:
        job, _ = await other_process.create_job(site_job("from another instance"))
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

    async def slow_complete(claim: Claim, result: Payload) -> None:
        await gate.wait()
        await real_complete(claim, result)

    monkeypatch.setattr(store, "complete", slow_complete)
    active = 0
    most = 0

    returned = 0

    async def handler(job: Job, reporter: ProgressReporter) -> Payload:
        nonlocal active, most, returned
        active += 1
        most = max(most, active)
        await asyncio.sleep(0.01)  # deliberate: some work, so handlers overlap
        active -= 1
        returned += 1
        return site_result(html="<p>ok</p>", styles=[])

    ids = [(await store.create_job(site_job(f"Kedai {i}")))[0].job_id for i in range(20)]
    running = run_worker(handler)
    await wait_until_async(
        lambda: len(running.worker.running_job_ids) >= 2 * FAST.concurrency, timeout=10
    )
    # Every claimed handler has returned, and each return woke the claim loop: now is when it
    # would claim more, if it wrongly would. Then one poll interval on purpose, for the same.
    await wait_until_async(lambda: returned >= 2 * FAST.concurrency, timeout=10)
    await asyncio.sleep(FAST.poll_seconds * 1.5)
    assert len(running.worker.running_job_ids) == 2 * FAST.concurrency
    assert most <= FAST.concurrency
    stats = await store.queue_stats(timedelta(minutes=1))
    assert stats.queued == 20 - 2 * FAST.concurrency
    gate.set()
    for job_id in ids:
        assert (await finished(store, job_id)).status == JobStatus.COMPLETED
    assert most <= FAST.concurrency
