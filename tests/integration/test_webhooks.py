"""Webhooks end to end on SQLite and PostgreSQL: made due by the write that ends the job, sent
over real TLS to a local HTTPS receiver, signed, retried, given up, never sent twice at once,
never sent where the allow list or the address rules forbid."""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any

import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Claim, Job, JobStore, open_store
from bina.jobs.webhook_queue import WebhookQueue, WebhookState
from bina.jobs.webhook_sender import WebhookSender
from bina.jobs.webhook_signing import verify
from bina.jobs.webhook_urls import AllowList, IPAddress
from bina.jobs.webhooks import WebhookDelivery, WebhookSettings
from tests.api_helpers import JobDriver
from tests.integration.webhook_receiver import Receiver, https_receiver
from tests.job_helpers import site_job
from tests.waiting import wait_until_async

SECRET = b"whsec-integration"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with https_receiver() as running:
        yield running


def delivery_settings(receiver: Receiver, **changes: Any) -> WebhookSettings:
    settings = WebhookSettings(
        secret=SECRET,
        hosts=AllowList.parse([receiver.host]),
        status_url="https://bina.example/api/generate/status/{job_id}",
        timeout_seconds=5,
        backoff_seconds=(0,),  # retries due at once: the tests need no clock
        poll_seconds=0.05,
        verify=receiver.trusting_context(),
    )
    return replace(settings, **changes)


@contextlib.asynccontextmanager
async def delivering(store: JobStore, settings: WebhookSettings) -> AsyncIterator[WebhookDelivery]:
    """A delivery loop running on `store` while inside."""
    delivery = WebhookDelivery(store, settings)
    task = asyncio.create_task(delivery.run())
    try:
        yield delivery
    finally:
        delivery.stop()
        await asyncio.wait_for(task, 10)


async def new_job(store: JobStore, callback_url: str | None, **options: Any) -> Job:
    job, _ = await store.create_job(
        site_job("Kedai kopi di Ipoh", callback_url=callback_url, **options)
    )
    return job


async def state(store: JobStore, job_id: str) -> WebhookState:
    found = await WebhookQueue(store).state(job_id)
    assert found is not None
    return found


async def settled(store: JobStore, job_id: str, status: str) -> WebhookState:
    async def reached() -> bool:
        return (await state(store, job_id)).status == status

    await wait_until_async(reached, message=f"webhook of {job_id} {status}")
    return await state(store, job_id)


async def end_job(store: JobStore, job: Job, how: str) -> Job:
    """End `job` the way `how` says: as a worker completes or fails it, as a user cancels it,
    or as a job whose worker vanished on its last attempt."""
    driver = JobDriver(store)
    if how == "completed":
        await driver.run_through(job.job_id)
    elif how == "failed":
        await driver.fail(job.job_id, "the generator gave up")
    elif how == "canceled":
        await store.cancel(job.job_id)
    else:
        assert how == "interrupted" and job.max_attempts == 1
        await store.claim_jobs("vanished-worker", 1, timedelta(milliseconds=1))
        await asyncio.sleep(0.01)  # the lease runs out
        assert job.job_id in await store.fail_exhausted()
    ended = await store.get_job(job.job_id)
    assert ended is not None and ended.is_finished
    return ended


def signed_body(receiver: Receiver, index: int = 0) -> dict[str, Any]:
    request = receiver.requests[index]
    assert verify(SECRET, request.body, request.headers["bina-signature"]), request.headers
    body: dict[str, Any] = json.loads(request.body)
    return body


async def test_a_completed_job_delivers_exactly_one_signed_webhook(
    store: JobStore, receiver: Receiver
) -> None:
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    async with delivering(store, delivery_settings(receiver)) as delivery:
        after = await settled(store, job.job_id, "delivered")
        assert await delivery.deliver_due() == 0  # nothing is due any more
    assert len(receiver.requests) == 1
    request = receiver.requests[0]
    assert request.path == "/hooks/bina"
    assert request.headers["content-type"] == "application/json"
    assert request.headers["bina-event"] == "job.completed"
    assert request.headers["bina-delivery"] == job.job_id
    assert request.headers["bina-attempt"] == "1"
    assert request.headers["host"] == receiver.host
    assert job.finished_at is not None
    assert signed_body(receiver) == {
        "event": "job.completed",
        "job_id": job.job_id,
        "status": "completed",
        "finished_at": job.finished_at.isoformat().replace("+00:00", "Z"),
        "error": None,
        "status_url": f"https://bina.example/api/generate/status/{job.job_id}",
    }
    assert (after.attempts, after.error, after.next_at) == (1, None, None)


@pytest.mark.parametrize(
    ("how", "event", "error"),
    [
        ("completed", "job.completed", None),
        ("failed", "job.failed", "the generator gave up"),
        ("canceled", "job.canceled", None),
        ("interrupted", "job.failed", "worker stopped responding"),
    ],
)
async def test_each_end_makes_its_webhook_due_in_the_same_write(
    store: JobStore, receiver: Receiver, how: str, event: str, error: str | None
) -> None:
    job = await new_job(store, receiver.url(), max_attempts=1)
    assert (await state(store, job.job_id)).status is None  # not before the end
    ended = await end_job(store, job, how)
    # Read before any delivery loop runs: the write that ended the job made it due.
    due = await state(store, job.job_id)
    assert (due.status, due.next_at, due.attempts) == ("pending", ended.finished_at, 0)
    async with delivering(store, delivery_settings(receiver)):
        await settled(store, job.job_id, "delivered")
    body = signed_body(receiver)
    assert (body["event"], body["status"]) == (event, ended.status.value)
    assert receiver.requests[0].headers["bina-event"] == event
    if error is None:
        assert body["error"] is None
    else:
        assert error in body["error"]


async def test_completions_written_together_each_make_their_webhook_due(
    store: JobStore, receiver: Receiver
) -> None:
    jobs = [await new_job(store, receiver.url()) for _ in range(6)]
    jobs.append(await new_job(store, None))
    claimed = await store.claim_jobs("w", 10, timedelta(minutes=1))
    claims = [Claim(job.job_id, "w", job.attempts) for job in claimed]
    await asyncio.gather(
        *(store.complete(claim, {"html": "<p>", "styles": []}) for claim in claims)
    )
    states = [await state(store, job.job_id) for job in jobs]
    assert [s.status for s in states] == ["pending"] * 6 + [None]


async def test_a_receiver_that_fails_gets_the_webhook_again(
    store: JobStore, receiver: Receiver
) -> None:
    receiver.statuses = [500]
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    async with delivering(store, delivery_settings(receiver)):
        after = await settled(store, job.job_id, "delivered")
    assert receiver.deliveries() == [job.job_id, job.job_id]  # the same id: receivers dedupe
    assert [r.headers["bina-attempt"] for r in receiver.requests] == ["1", "2"]
    assert signed_body(receiver, 0) == signed_body(receiver, 1)
    assert (after.attempts, after.error) == (2, None)


async def test_after_the_last_attempt_the_webhook_fails_with_its_error(
    store: JobStore, receiver: Receiver
) -> None:
    receiver.statuses = [500, 503, 500]
    job = await end_job(store, await new_job(store, receiver.url()), "canceled")
    async with delivering(store, delivery_settings(receiver, max_attempts=3)) as delivery:
        after = await settled(store, job.job_id, "failed")
        assert await delivery.deliver_due() == 0
    assert len(receiver.requests) == 3
    assert (after.attempts, after.error, after.next_at) == (3, "answered 500", None)


async def test_a_failed_attempt_waits_for_its_backoff(store: JobStore, receiver: Receiver) -> None:
    receiver.statuses = [500]
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    settings = delivery_settings(receiver, backoff_seconds=(3600,), jitter=0)
    async with delivering(store, settings) as delivery:
        waiting = await wait_for_attempts(store, job.job_id, 1)
        assert await delivery.deliver_due() == 0  # not due again for an hour
    assert waiting.status == "pending" and waiting.error == "answered 500"
    assert waiting.next_at is not None and job.finished_at is not None
    assert waiting.next_at - job.finished_at >= timedelta(seconds=3500)
    assert len(receiver.requests) == 1


async def wait_for_attempts(store: JobStore, job_id: str, attempts: int) -> WebhookState:
    async def reached() -> bool:
        now = await state(store, job_id)
        return now.attempts == attempts and now.error is not None

    await wait_until_async(reached, message=f"{attempts} failed attempts")
    return await state(store, job_id)


async def test_a_redirect_is_not_followed(store: JobStore, receiver: Receiver) -> None:
    receiver.statuses = [302]
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    async with delivering(store, delivery_settings(receiver, max_attempts=1)):
        after = await settled(store, job.job_id, "failed")
    assert [request.path for request in receiver.requests] == ["/hooks/bina"]
    assert after.error == "answered 302 (redirects are not followed)"


async def test_a_job_without_a_callback_has_no_webhook(store: JobStore, receiver: Receiver) -> None:
    job = await end_job(store, await new_job(store, None), "completed")
    async with delivering(store, delivery_settings(receiver)) as delivery:
        assert await delivery.deliver_due() == 0
    assert (await state(store, job.job_id)).status is None
    assert receiver.requests == []


async def test_a_claim_abandoned_mid_send_is_retaken_after_its_lease(
    store: JobStore, receiver: Receiver
) -> None:
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    # A loop claims it and dies before sending or settling anything.
    (abandoned,) = await WebhookQueue(store).claim(5, timedelta(milliseconds=300))
    async with delivering(store, delivery_settings(receiver)):
        await settled(store, job.job_id, "delivered")
    assert receiver.deliveries() == [job.job_id]
    assert receiver.requests[0].headers["bina-attempt"] == str(abandoned.attempt + 1)


async def test_two_delivery_loops_never_send_one_webhook_twice(
    database_url: str, receiver: Receiver
) -> None:
    receiver.hold_seconds = 0.05  # sends overlap, so claims race
    settings = delivery_settings(receiver, batch_size=3)
    async with (
        open_store(database_url, columns=WEBSITE_COLUMNS) as first,
        open_store(database_url, columns=WEBSITE_COLUMNS) as second,
    ):
        jobs = [await new_job(first, receiver.url()) for _ in range(24)]
        for job in jobs:
            await first.cancel(job.job_id)
        async with delivering(first, settings), delivering(second, settings):
            finals = [await settled(first, job.job_id, "delivered") for job in jobs]
    assert sorted(receiver.deliveries()) == sorted(job.job_id for job in jobs)
    assert set(receiver.most_at_once.values()) == {1}
    assert {final.attempts for final in finals} == {1}


async def test_a_webhook_being_sent_is_not_claimed_by_another_loop(
    database_url: str, receiver: Receiver
) -> None:
    receiver.hold_seconds = 1.0  # the first send stays in the receiver's hands meanwhile
    settings = delivery_settings(receiver)
    async with (
        open_store(database_url, columns=WEBSITE_COLUMNS) as first,
        open_store(database_url, columns=WEBSITE_COLUMNS) as second,
    ):
        job = await end_job(first, await new_job(first, receiver.url()), "completed")
        async with delivering(first, settings):
            await wait_until_async(lambda: receiver.requests, message="the first send arrived")
            other = WebhookDelivery(second, settings)
            try:
                assert [await other.deliver_due() for _ in range(3)] == [0, 0, 0]
            finally:
                await other.aclose()
            await settled(first, job.job_id, "delivered")
    assert receiver.deliveries() == [job.job_id]


# --- where webhooks may not go ----------------------------------------------------------------


async def test_a_host_taken_off_the_list_gets_nothing(store: JobStore, receiver: Receiver) -> None:
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    hosts = AllowList.parse(["hooks.example.com"])
    async with delivering(store, delivery_settings(receiver, hosts=hosts)):
        after = await settled(store, job.job_id, "failed")
    assert receiver.requests == []
    assert after.attempts == 1  # refused for good, not retried
    assert after.error is not None and "is not a webhook host" in after.error


async def test_a_listed_name_that_resolves_to_a_private_address_gets_nothing(
    store: JobStore, receiver: Receiver
) -> None:
    job = await end_job(store, await new_job(store, receiver.url(host="localhost")), "completed")
    hosts = AllowList.parse([f"localhost:{receiver.port}"])  # the name only: not its address
    async with delivering(store, delivery_settings(receiver, hosts=hosts)):
        after = await settled(store, job.job_id, "failed")
    assert receiver.requests == []
    assert after.error is not None and "127.0.0.1" in after.error
    assert "none of them a public address" in after.error


async def test_a_name_goes_to_its_listed_address_with_the_name_verified(store: JobStore) -> None:
    # The certificate names only `localhost`: the request goes to the address 127.0.0.1, and
    # TLS still checks the name (SNI), as it must for a request pinned to an address.
    with https_receiver("localhost") as receiver:
        job = await end_job(
            store, await new_job(store, receiver.url(host="localhost")), "completed"
        )
        hosts = AllowList.parse([f"localhost:{receiver.port}", "127.0.0.1"])
        async with delivering(store, delivery_settings(receiver, hosts=hosts)):
            await settled(store, job.job_id, "delivered")
    assert receiver.requests[0].headers["host"] == f"localhost:{receiver.port}"


async def test_a_name_is_pinned_to_the_fit_address_among_those_it_resolves_to(
    store: JobStore,
) -> None:
    # A DNS answer that mixes a private address in (as a rebinding attack would): the request
    # goes only to the address on the list, and TLS checks the name there.
    async def resolve(host: str, port: int) -> list[IPAddress]:
        assert host == "hooks.test"
        return [ipaddress.ip_address("10.9.8.7"), ipaddress.ip_address("127.0.0.1")]

    with https_receiver("hooks.test") as receiver:
        job = await end_job(
            store, await new_job(store, receiver.url(host="hooks.test")), "completed"
        )
        hosts = AllowList.parse([f"hooks.test:{receiver.port}", "127.0.0.1"])
        sender = WebhookSender(
            timeout_seconds=5, verify=receiver.trusting_context(), resolve=resolve
        )
        delivery = WebhookDelivery(store, delivery_settings(receiver, hosts=hosts), sender=sender)
        try:
            assert await delivery.deliver_due() == 1
        finally:
            await delivery.aclose()
        assert (await state(store, job.job_id)).status == "delivered"
    assert receiver.requests[0].headers["host"] == f"hooks.test:{receiver.port}"


async def test_the_public_ca_bundle_does_not_trust_a_private_ca(
    store: JobStore, receiver: Receiver
) -> None:
    job = await end_job(store, await new_job(store, receiver.url()), "completed")
    # Production's verification: the system's public CAs, not the test's own.
    async with delivering(store, delivery_settings(receiver, verify=True)):
        after = await wait_for_attempts(store, job.job_id, 1)
    assert receiver.requests == []
    assert after.status == "pending"  # tried again later: certificates get fixed
    assert after.error is not None and "CERTIFICATE_VERIFY_FAILED" in after.error
