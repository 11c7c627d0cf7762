"""The job store's behaviour, the same suite on a real SQLite file and on real PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from bina.api import site_jobs
from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import (
    Claim,
    ColumnMap,
    JobCanceled,
    JobNotFound,
    JobStatus,
    JobStore,
    LeaseLost,
    NewJob,
    QuotaExceeded,
    QuotaRule,
    open_store,
)
from bina.jobs.exceptions import IdempotencyKeyReused
from tests.job_helpers import site_job, site_result

LEASE = timedelta(seconds=30)


class FakeClock:
    """Time that moves only when a test says so: leases expire without sleeping."""

    def __init__(self) -> None:
        self.now = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def store(database_url: str, clock: FakeClock) -> AsyncIterator[JobStore]:
    async with open_store(
        database_url, columns=WEBSITE_COLUMNS, poll_seconds=0.1, clock=clock
    ) as opened:
        yield opened


async def claim_one(store: JobStore, worker: str = "w1") -> tuple[Claim, str]:
    jobs = await store.claim_jobs(worker, 1, LEASE)
    assert len(jobs) == 1
    job = jobs[0]
    return Claim(job.job_id, worker, job.attempts), job.job_id


async def test_create_commits_a_queued_job(store: JobStore) -> None:
    job, created = await store.create_job(site_job("Kedai kopi <b>", language="en", user_id="u1"))
    assert created
    again = await store.get_job(job.job_id)
    assert again is not None
    assert (again.status, again.progress, again.stage) == (JobStatus.QUEUED, 0, "queued")
    assert site_jobs.description_of(again) == "Kedai kopi <b>"
    assert site_jobs.language_of(again) == "en"
    assert site_jobs.styles_of(again) == []
    assert again.created_at.tzinfo is not None


async def test_idempotency_key_returns_the_same_job_per_user(store: JobStore) -> None:
    rule = QuotaRule("u1", 3)
    first, created = await store.create_job(
        site_job("Kek", user_id="u1", idempotency_key="k"), rule
    )
    second, again = await store.create_job(site_job("Kek", user_id="u1", idempotency_key="k"), rule)
    assert created and not again
    assert first.job_id == second.job_id
    assert (await store.usage(rule)).used == 1  # the repeat was not charged
    other, other_created = await store.create_job(
        site_job("Kek", user_id="u2", idempotency_key="k")
    )
    assert other_created and other.job_id != first.job_id
    with pytest.raises(IdempotencyKeyReused):
        await store.create_job(site_job("Bengkel", user_id="u1", idempotency_key="k"), rule)


async def test_concurrent_repeats_of_one_key_make_one_job(store: JobStore) -> None:
    results = await asyncio.gather(
        *(
            store.create_job(
                site_job("Kek", user_id="u1", idempotency_key="same"), QuotaRule("u1", 3)
            )
            for _ in range(20)
        )
    )
    assert len({job.job_id for job, _created in results}) == 1
    assert sum(created for _job, created in results) == 1


async def test_quota_is_exact_under_concurrency(store: JobStore, clock: FakeClock) -> None:
    rule = QuotaRule("1.2.3.4", 3)

    async def attempt(i: int) -> bool:
        try:
            await store.create_job(site_job(f"job {i}", user_id="anon"), rule)
            return True
        except QuotaExceeded:
            return False

    outcomes = await asyncio.gather(*(attempt(i) for i in range(30)))
    assert sum(outcomes) == 3
    with pytest.raises(QuotaExceeded) as raised:
        await store.create_job(site_job("one more", user_id="anon"), rule)
    assert raised.value.limit == 3
    assert 0 < raised.value.retry_after_seconds <= 24 * 3600
    usage = await store.usage(rule)
    assert (usage.used, usage.remaining) == (3, 0)
    assert usage.reset_at == clock.now + timedelta(hours=24)
    clock.advance(hours=24, seconds=1)
    await store.create_job(site_job("next day", user_id="anon"), rule)


async def test_a_job_failed_by_the_system_gives_its_quota_back(store: JobStore) -> None:
    rule = QuotaRule("u1", 1)
    await store.create_job(site_job("x", user_id="u1"), rule)
    claim, _ = await claim_one(store)
    await store.fail(claim, "model unreachable", retry_in=None, refund_quota=True)
    assert (await store.usage(rule)).used == 0
    await store.create_job(site_job("y", user_id="u1"), rule)


async def test_claim_takes_each_job_once(store: JobStore) -> None:
    for i in range(3):
        await store.create_job(site_job(f"job {i}"))
    first = await store.claim_jobs("w1", 2, LEASE)
    second = await store.claim_jobs("w2", 5, LEASE)
    assert len(first) == 2 and len(second) == 1
    assert not {j.job_id for j in first} & {j.job_id for j in second}
    assert all(j.status == JobStatus.PROCESSING and j.attempts == 1 for j in first + second)
    assert await store.claim_jobs("w3", 5, LEASE) == []


async def test_progress_is_fenced_and_never_goes_backwards(store: JobStore) -> None:
    await store.create_job(site_job("job"))
    claim, job_id = await claim_one(store)
    await store.report_progress(claim, stage="styles", progress=60, message="two of three")
    await store.report_progress(
        claim, stage="styles", progress=40, partial={"styles": [{"style": "modern"}]}
    )
    job = await store.get_job(job_id)
    assert job is not None
    assert (job.progress, job.stage, site_jobs.styles_of(job)) == (
        60,
        "styles",
        [{"style": "modern"}],
    )
    with pytest.raises(LeaseLost):
        await store.report_progress(Claim(job_id, "intruder", 1), stage="x", progress=1)
    with pytest.raises(LeaseLost):
        await store.complete(Claim(job_id, "w1", 2), site_result(html="<p>", styles=[]))


async def test_expired_lease_is_retaken_and_the_old_worker_is_fenced_out(
    store: JobStore, clock: FakeClock
) -> None:
    await store.create_job(site_job("job"))
    old_claim, job_id = await claim_one(store, "paused-worker")
    clock.advance(seconds=31)
    new_claim, same_id = await claim_one(store, "rescuer")
    assert same_id == job_id and new_claim.attempt == 2
    # The paused worker wakes up and tries to write: nothing it says lands.
    with pytest.raises(LeaseLost):
        await store.report_progress(old_claim, stage="styles", progress=90)
    with pytest.raises(LeaseLost):
        await store.complete(old_claim, site_result(html="stale", styles=[]))
    assert await store.heartbeat([old_claim], LEASE) == {job_id}
    await store.complete(new_claim, site_result(html="<p>fresh</p>", styles=[{"style": "a"}]))
    job = await store.get_job(job_id)
    assert job is not None
    assert (job.status, site_jobs.html_of(job), job.progress) == (
        JobStatus.COMPLETED,
        "<p>fresh</p>",
        100,
    )


async def test_heartbeat_keeps_the_lease(store: JobStore, clock: FakeClock) -> None:
    await store.create_job(site_job("job"))
    claim, _ = await claim_one(store)
    for _ in range(5):
        clock.advance(seconds=20)
        assert await store.heartbeat([claim], LEASE) == set()
    assert await store.claim_jobs("other", 1, LEASE) == []


async def test_exhausted_attempts_fail_with_a_clear_error(
    store: JobStore, clock: FakeClock
) -> None:
    job, _ = await store.create_job(site_job("job", max_attempts=2, user_id="u"), QuotaRule("u", 5))
    for worker in ("a", "b"):
        await claim_one(store, worker)
        clock.advance(seconds=31)
    assert await store.claim_jobs("c", 1, LEASE) == []
    assert await store.fail_exhausted() == [job.job_id]
    failed = await store.get_job(job.job_id)
    assert failed is not None
    assert failed.status == JobStatus.FAILED
    assert failed.error is not None and "2 times" in failed.error
    assert failed.quota_refunded


async def test_failed_attempt_is_retried_after_backoff(store: JobStore, clock: FakeClock) -> None:
    await store.create_job(site_job("job"))
    claim, job_id = await claim_one(store)
    status = await store.fail(claim, "timeout", retry_in=timedelta(seconds=10))
    assert status == JobStatus.QUEUED
    assert await store.claim_jobs("w1", 1, LEASE) == []
    clock.advance(seconds=11)
    retry_claim, same = await claim_one(store)
    assert same == job_id and retry_claim.attempt == 2
    last = await store.fail(retry_claim, "boom", retry_in=timedelta(seconds=1))
    assert last == JobStatus.QUEUED  # max_attempts defaults to 3
    clock.advance(seconds=2)
    final_claim, _ = await claim_one(store)
    assert await store.fail(final_claim, "boom", retry_in=timedelta(seconds=1)) == JobStatus.FAILED


async def test_release_hands_the_job_back_at_once(store: JobStore) -> None:
    await store.create_job(site_job("job"))
    claim, job_id = await claim_one(store, "leaving")
    await store.release(claim)
    again, same = await claim_one(store, "staying")
    assert same == job_id and again.attempt == 1
    with pytest.raises(LeaseLost):
        await store.report_progress(claim, stage="x", progress=5)


async def test_cancel_queued_and_running_jobs(store: JobStore) -> None:
    queued, _ = await store.create_job(site_job("a", user_id="u"), QuotaRule("u", 5))
    canceled = await store.cancel(queued.job_id, user_id="u")
    assert canceled.status == JobStatus.CANCELED and canceled.quota_refunded
    running, _ = await store.create_job(site_job("b", user_id="u"))
    claim, _ = await claim_one(store)
    with pytest.raises(JobNotFound):
        await store.cancel(running.job_id, user_id="someone-else")
    assert (await store.cancel(running.job_id, user_id="u")).status == JobStatus.CANCELED
    with pytest.raises(JobCanceled):
        await store.report_progress(claim, stage="styles", progress=50)
    # Canceling a finished job changes nothing.
    assert (await store.cancel(running.job_id)).status == JobStatus.CANCELED


async def test_operator_retry_requeues_a_failed_job(store: JobStore) -> None:
    await store.create_job(site_job("job"))
    claim, job_id = await claim_one(store)
    await store.fail(claim, "bad", retry_in=None)
    retried = await store.retry(job_id)
    assert (retried.status, retried.attempts, retried.error) == (JobStatus.QUEUED, 0, None)
    claim, _ = await claim_one(store)
    running = await store.retry(job_id)  # only failed or canceled jobs are touched
    assert (running.status, running.attempts) == (JobStatus.PROCESSING, 1)
    with pytest.raises(JobNotFound):
        await store.retry("00000000-0000-4000-8000-000000000000")


async def test_purge_keeps_recent_and_quota_relevant_jobs(
    store: JobStore, clock: FakeClock
) -> None:
    charged, _ = await store.create_job(site_job("charged", user_id="u"), QuotaRule("u", 5))
    free, _ = await store.create_job(site_job("free"))
    for _ in range(2):
        claim, _ = await claim_one(store)
        await store.complete(claim, site_result(html="<p>", styles=[]))
    clock.advance(hours=2)
    assert await store.purge(timedelta(hours=1), timedelta(hours=24)) == 1
    assert await store.get_job(free.job_id) is None
    assert await store.get_job(charged.job_id) is not None  # still counts against the quota
    clock.advance(hours=23)
    assert await store.purge(timedelta(hours=1), timedelta(hours=24)) == 1
    assert await store.get_job(charged.job_id) is None


async def test_hostile_ids_are_simply_not_found(store: JobStore) -> None:
    for job_id in ("../etc/passwd", "' OR 1=1 --", "x" * 10_000, "", "0" * 36):
        assert await store.get_job(job_id) is None
    with pytest.raises(JobNotFound):
        await store.cancel("'; DROP TABLE generation_jobs; --")


async def test_wait_for_change_wakes_on_a_write(store: JobStore) -> None:
    job, _ = await store.create_job(site_job("job"))

    async def later() -> None:
        await asyncio.sleep(0.05)
        await store.claim_jobs("w1", 1, LEASE)

    task = asyncio.create_task(later())
    changed = await store.wait_for_change(job.job_id, job.version, timeout=5)
    await task
    assert changed is not None and changed.status == JobStatus.PROCESSING
    unchanged = await store.wait_for_change(job.job_id, changed.version, timeout=0.1)
    assert unchanged is not None and unchanged.version == changed.version


async def test_queue_stats_for_health(store: JobStore, clock: FakeClock) -> None:
    await store.create_job(site_job("a"))
    clock.advance(seconds=5)
    await store.create_job(site_job("b"))
    await claim_one(store)
    stats = await store.queue_stats(timedelta(seconds=30))
    assert (stats.queued, stats.processing) == (1, 1)
    assert stats.oldest_queued_age_seconds == pytest.approx(0.0)
    assert [site_jobs.description_of(j) for j in await store.list_jobs(status="queued")] == ["b"]


async def test_completions_that_happen_together_are_written_together_and_fenced(
    store: JobStore,
) -> None:
    # Ten jobs finishing in one turn of the loop share one statement (group commit); the fence
    # still judges each row: a canceled job and a stale claim fail alone, the rest complete.
    for i in range(10):
        await store.create_job(site_job(f"Kedai {i}"))
    jobs = await store.claim_jobs("w1", 10, LEASE)
    assert len(jobs) == 10
    claims = [Claim(job.job_id, "w1", job.attempts) for job in jobs]
    await store.cancel(claims[0].job_id)
    stale = Claim(claims[1].job_id, "w1", claims[1].attempt + 1)
    results = [
        site_result(
            html=f"<p>{i} \"petik\" 'ya' \\ ç</p>",
            styles=[{"id": "bold", "name": 'Kedai "Ali" \\ ç'}],
            business_type="cafe",
            **({} if i % 2 else {"n": i, "ok": True}),
        )
        for i in range(10)
    ]
    outcomes = await asyncio.gather(
        store.complete(claims[0], results[0]),
        store.complete(stale, results[1]),
        *(store.complete(claims[i], results[i]) for i in range(2, 10)),
        return_exceptions=True,
    )
    assert isinstance(outcomes[0], JobCanceled)
    assert isinstance(outcomes[1], LeaseLost)
    assert outcomes[2:] == [None] * 8
    for i in range(2, 10):
        job = await store.get_job(claims[i].job_id)
        assert job is not None
        assert (job.status, job.progress, job.stage) == (JobStatus.COMPLETED, 100, "completed")
        assert site_jobs.html_of(job) == results[i]["html"]
        assert site_jobs.styles_of(job) == results[i]["styles"]
        assert job.result == results[i]  # the keys without a column of their own too
        assert site_jobs.business_type_of(job) == "cafe"
        assert job.finished_at is not None and job.lease_expires_at is None
        assert job.version == jobs[i].version + 1
    left = await store.get_job(claims[1].job_id)
    assert left is not None and left.status == JobStatus.PROCESSING  # the stale write lost


async def test_sqlite_commits_of_another_process_wake_exactly_what_waits_here(
    sqlite_url: str,
) -> None:
    # SQLite has no NOTIFY: each store watches `PRAGMA data_version` and asks only about what
    # its own waiters follow. Polling is set to 30 s here, so only the watcher can wake them.
    async with (
        open_store(sqlite_url, poll_seconds=30) as here,
        open_store(sqlite_url, poll_seconds=30) as elsewhere,
    ):
        followed, _ = await elsewhere.create_job(site_job("followed here"))
        queued_here = asyncio.Event()
        here.events.subscribe(here.events.QUEUE_KEY, queued_here)
        waiter = asyncio.create_task(here.wait_for_change(followed.job_id, followed.version, 30))
        await asyncio.sleep(0.2)
        queued_here.clear()
        async with asyncio.timeout(3):
            await elsewhere.claim_jobs("w-elsewhere", 1, LEASE)
            changed = await waiter
        assert changed is not None and changed.status == JobStatus.PROCESSING
        assert not queued_here.is_set()  # a claim queues nothing
        async with asyncio.timeout(3):
            await elsewhere.create_job(site_job("new work"))
            await queued_here.wait()


async def test_warm_up_opens_the_pool_before_anyone_asks(database_url: str) -> None:
    async with open_store(database_url, pool_size=4) as store:
        await store.warm_up(4)
        # PostgreSQL: 4 in the pool; SQLite: the writer thread's and 4 reader threads'.
        opened = 4 if store.backend_name == "postgresql" else 5
        assert store.database.open_connections() == opened
        await store.get_job(str(uuid.uuid4()))  # and they work
        assert store.database.open_connections() == opened


async def test_warm_up_with_the_database_away_only_logs(caplog: pytest.LogCaptureFixture) -> None:
    async with open_store("postgresql://postgres@127.0.0.1:9/nowhere", listen=False) as store:
        await store.warm_up(2)
    assert "ahead of time" in caplog.text


async def test_a_start_without_a_user_is_idempotent_and_charged_once(store: JobStore) -> None:
    # The same rules with no user id (NULL in the table), through the one-call start on
    # PostgreSQL and the step-by-step one on SQLite.
    rule = QuotaRule("ip:203.0.113.7", 2)
    first, created = await store.create_job(site_job("Kedai", idempotency_key="k"), rule)
    again, repeated = await store.create_job(site_job("Kedai", idempotency_key="k"), rule)
    assert created and not repeated and again.job_id == first.job_id
    assert again.quota_subject == "ip:203.0.113.7" and again.user_id is None
    with pytest.raises(IdempotencyKeyReused):
        await store.create_job(site_job("Other shop", idempotency_key="k"), rule)
    await store.create_job(site_job("Kedai 2", idempotency_key="k2"), rule)
    with pytest.raises(QuotaExceeded) as refused:
        await store.create_job(site_job("Kedai 3", idempotency_key="k3"), rule)
    assert refused.value.used == 2
    assert 0 < refused.value.retry_after_seconds <= rule.window.total_seconds()
    stored = await store.get_job(first.job_id)
    assert stored == first  # what the one call returned is what was stored


# --- the generic core: opaque JSON without any column map -----------------------------------


async def test_without_a_column_map_payload_partial_and_result_are_opaque_json(
    database_url: str,
) -> None:
    async with open_store(database_url, poll_seconds=0.1) as generic:
        payload = {"image": "cat.png", "sizes": [64, 128], "nested": {"ok": True, "n": None}}
        job, created = await generic.create_job(NewJob(payload, user_id="u", idempotency_key="k"))
        assert created and job.payload == payload and job.partial == {} and job.result is None
        again, created = await generic.create_job(NewJob(payload, user_id="u", idempotency_key="k"))
        assert not created and again.job_id == job.job_id
        with pytest.raises(IdempotencyKeyReused):
            await generic.create_job(NewJob({"image": "dog.png"}, user_id="u", idempotency_key="k"))

        (claimed,) = await generic.claim_jobs("w1", 1, LEASE)
        claim = Claim(claimed.job_id, "w1", claimed.attempts)
        await generic.report_progress(claim, stage="resizing", progress=50, partial={"done": [64]})
        running = await generic.get_job(job.job_id)
        assert running is not None and running.partial == {"done": [64]}

        await generic.complete(claim, {"thumbnails": ["64.png", "128.png"], "took_ms": 12})
        done = await generic.get_job(job.job_id)
        assert done is not None and done.status == JobStatus.COMPLETED
        assert done.result == {"thumbnails": ["64.png", "128.png"], "took_ms": 12}
        assert done.payload == payload and done.partial == {}
        # Nothing of it landed in the website's columns.
        assert site_jobs.html_of(done) is None and site_jobs.description_of(done) == ""


async def test_a_new_attempt_gets_what_the_abandoned_attempt_finished(
    store: JobStore, clock: FakeClock
) -> None:
    await store.create_job(site_job("Kedai kopi"))
    claim, job_id = await claim_one(store)
    kept = {"styles": [{"style": "modern", "html": "<p>1</p>"}], "draft": {"step": 2}}
    await store.report_progress(claim, stage="styles", progress=60, partial=kept)
    clock.advance(seconds=LEASE.total_seconds() + 1)  # its worker died: the lease runs out
    (retaken,) = await store.claim_jobs("w2", 1, LEASE)
    assert retaken.job_id == job_id and retaken.attempts == 2
    assert retaken.partial == kept  # in its column, and the rest in `result`
    assert site_jobs.styles_of(retaken) == kept["styles"]
    assert retaken.progress == 0 and retaken.result is None
    # The second attempt writes over what it names as it goes (a report leaves the keys it
    # does not name), and a failed attempt hands on what it had the same way.
    claim2 = Claim(job_id, "w2", 2)
    await store.report_progress(claim2, stage="styles", progress=30, partial={"styles": []})
    await store.fail(claim2, "boom", retry_in=timedelta(0), refund_quota=False)
    (third,) = await store.claim_jobs("w3", 1, LEASE)
    assert third.attempts == 3 and third.partial == {"styles": [], "draft": {"step": 2}}


async def test_a_new_attempt_of_a_job_with_no_partial_results_starts_empty(
    store: JobStore, clock: FakeClock
) -> None:
    await store.create_job(site_job("Kedai kopi"))
    await claim_one(store)
    clock.advance(seconds=LEASE.total_seconds() + 1)
    (retaken,) = await store.claim_jobs("w2", 1, LEASE)
    assert retaken.partial == {"styles": []}  # the original table's empty array, not null


def test_a_column_map_names_only_columns_a_job_may_use() -> None:
    for wrong in ({"x": "no_such_column"}, {"x": "status"}, {"x": "version"}):
        with pytest.raises(ValueError, match="not a column"):
            ColumnMap(payload=wrong)
    assert ColumnMap(result={"html": "html"}).output_columns == ("html",)
