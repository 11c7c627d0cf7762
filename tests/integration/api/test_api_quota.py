"""Quota and idempotency: exact under concurrency, per user or per address, refunds."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx

from tests.api_helpers import Api, AppFactory, assert_error, bearer, distinct

DESCRIPTION = {"description": "Kedai runcit di Kuching, buka 8 pagi"}


async def post_start(client: httpx.AsyncClient, key: str | None = None) -> httpx.Response:
    headers = {"Idempotency-Key": key} if key else {}
    body = DESCRIPTION if key else {"description": distinct(DESCRIPTION["description"])}
    return await client.post("/api/generate/start", json=body, headers=headers)


async def test_100_concurrent_starts_by_one_user_make_exactly_the_limit(api: Api) -> None:
    client = api.client(headers=bearer("busy-user"))
    responses = await asyncio.gather(*(post_start(client) for _ in range(100)))

    codes = Counter(response.status_code for response in responses)
    assert codes == {202: 3, 429: 97}, codes
    jobs = await api.store.list_jobs(user_id="busy-user", limit=1000)
    assert len(jobs) == 3
    refused = next(response for response in responses if response.status_code == 429)
    body = assert_error(refused, 429, "quota_exceeded")
    assert (body["limit"], body["used"], body["remaining"]) == (3, 3, 0)
    assert int(refused.headers["retry-after"]) > 23 * 3600
    assert body["retry_after_seconds"] == int(refused.headers["retry-after"])
    assert body["reset_at"]
    usage = (await client.get("/api/usage")).json()
    assert (usage["used"], usage["remaining"]) == (3, 0)


async def test_50_concurrent_repeats_of_one_idempotency_key_make_one_job(api: Api) -> None:
    client = api.client(headers=bearer("flaky-network"))
    key = "9b2f8a34-5c1e-4e8e-9a43-1f0c2d3e4b5a"
    responses = await asyncio.gather(*(post_start(client, key) for _ in range(50)))

    assert {response.status_code for response in responses} == {202}
    assert len({response.json()["job_id"] for response in responses}) == 1
    replayed = [r for r in responses if r.headers.get("idempotent-replayed") == "true"]
    assert len(replayed) == 49
    assert len(await api.store.list_jobs(user_id="flaky-network")) == 1
    assert (await client.get("/api/usage")).json()["used"] == 1


async def test_a_repeat_after_the_quota_is_spent_still_returns_its_job(api: Api) -> None:
    client = api.client(headers=bearer("repeater"))
    first = await post_start(client, "key-1")
    for key in ("key-2", "key-3"):
        assert (await post_start(client, key)).status_code == 202
    assert (await post_start(client, "key-4")).status_code == 429
    again = await post_start(client, "key-1")
    assert again.status_code == 202 and again.json()["job_id"] == first.json()["job_id"]


async def test_a_key_reused_for_another_request_is_refused(api: Api) -> None:
    client = api.client(headers=bearer("reuser"))
    assert (await post_start(client, "same-key")).status_code == 202
    other = await client.post(
        "/api/generate/start",
        json={"description": "Something else"},
        headers={"Idempotency-Key": "same-key"},
    )
    assert_error(other, 422, "idempotency_key_reused")


async def test_idempotency_keys_are_per_user(api: Api) -> None:
    alice = await post_start(api.client(headers=bearer("alice")), "shared-key")
    bob = await post_start(api.client(headers=bearer("bob")), "shared-key")
    assert alice.json()["job_id"] != bob.json()["job_id"]


async def test_a_malformed_idempotency_key_is_refused(api: Api) -> None:
    client = api.client()
    for key in ("", "x" * 256, "has space"):
        response = await client.post(
            "/api/generate/start", json=DESCRIPTION, headers={"Idempotency-Key": key}
        )
        assert_error(response, 422, "validation_error")
    assert await api.store.list_jobs() == []


async def test_anonymous_callers_are_counted_per_address(api: Api) -> None:
    # Three visitors behind one address share its quota; new cookies do not reset it.
    for visitor in range(3):
        assert (await post_start(api.client(address="198.51.100.7"))).status_code == 202, visitor
    assert_error(await post_start(api.client(address="198.51.100.7")), 429, "quota_exceeded")
    assert (await post_start(api.client(address="198.51.100.8"))).status_code == 202
    # A signed-in user from the same address has a quota of their own.
    signed_in = api.client(headers=bearer("member"), address="198.51.100.7")
    assert (await post_start(signed_in)).status_code == 202


async def test_ipv6_callers_are_counted_per_64(api: Api) -> None:
    for host in ("1", "2", "3"):
        assert (await post_start(api.client(address=f"2001:db8:1:2::{host}"))).status_code == 202
    assert (await post_start(api.client(address="2001:db8:1:2::ffff"))).status_code == 429
    assert (await post_start(api.client(address="2001:db8:1:3::1"))).status_code == 202


async def test_forwarded_for_is_believed_only_from_trusted_proxies(make_api: AppFactory) -> None:
    spoof = {"X-Forwarded-For": "192.0.2.99"}
    async with make_api(settings={"trusted_proxies": ["10.0.0.0/8"]}) as api:
        # An untrusted peer cannot pick its quota bucket by sending X-Forwarded-For.
        direct = [
            await post_start(api.client(headers=spoof, address="203.0.113.5")) for _ in range(4)
        ]
        assert [r.status_code for r in direct] == [202, 202, 202, 429]
        # Behind the trusted proxy, each real client has its own bucket.
        for client_address in ("192.0.2.1", "192.0.2.2"):
            forwarded = {"X-Forwarded-For": f"{client_address}, 10.1.2.3"}
            response = await post_start(api.client(headers=forwarded, address="10.0.0.1"))
            assert response.status_code == 202
        job = (await api.store.list_jobs(limit=1))[0]
        assert job.quota_subject == "ip:192.0.2.2"


async def test_a_job_failed_by_the_system_gives_its_generation_back(api: Api) -> None:
    client = api.client(headers=bearer("unlucky"))
    system_failure = (await post_start(client)).json()["job_id"]
    user_failure = (await post_start(client)).json()["job_id"]
    await api.driver.fail(system_failure, "the model timed out", refund=True)
    await api.driver.fail(user_failure, "the description says nothing", refund=False)
    usage = (await client.get("/api/usage")).json()
    assert (usage["used"], usage["remaining"]) == (1, 2)


async def test_a_queued_job_canceled_gives_its_generation_back(api: Api) -> None:
    client = api.client(headers=bearer("changed-mind"))
    job_id = (await post_start(client)).json()["job_id"]
    assert (await client.post(f"/api/generate/{job_id}/cancel")).status_code == 200
    assert (await client.get("/api/usage")).json()["used"] == 0


async def test_a_limit_of_zero_means_unlimited(make_api: AppFactory) -> None:
    async with make_api(settings={"daily_limit": 0}) as api:
        client = api.client(headers=bearer("unlimited"))
        responses = await asyncio.gather(*(post_start(client) for _ in range(10)))
    assert {response.status_code for response in responses} == {202}
