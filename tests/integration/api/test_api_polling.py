"""Polling: ETag / If-None-Match → 304, and `?wait=N` long polls that return on a change."""

from __future__ import annotations

import asyncio
import time

import httpx
import pytest

from bina.config import Settings
from bina.jobs import Job, open_store
from bina.jobs.raw_reads import JobText
from tests.api_helpers import Api, AppFactory, JobDriver, assert_error, bearer, style
from tests.waiting import wait_until_async


async def start(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/generate/start", json={"description": "Kedai kopi di Ipoh"})
    assert response.status_code == 202
    job_id: str = response.json()["job_id"]
    return job_id


async def test_if_none_match_gives_304_until_the_job_changes(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    url = f"/api/generate/status/{job_id}"

    first = await client.get(url)
    tag = first.headers["etag"]
    assert tag.startswith('W/"') and first.headers["cache-control"] == "private, no-cache"

    unchanged = await client.get(url, headers={"If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.content == b""
    assert unchanged.headers["etag"] == tag
    listed = await client.get(url, headers={"If-None-Match": f'"other", {tag}'})
    assert listed.status_code == 304

    await api.driver.claim(job_id)
    changed = await client.get(url, headers={"If-None-Match": tag})
    assert changed.status_code == 200 and changed.json()["status"] == "processing"
    assert changed.headers["etag"] != tag


async def test_long_poll_returns_within_a_second_of_a_change(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    tag = (await client.get(f"/api/generate/status/{job_id}")).headers["etag"]

    async def change_later() -> float:
        await asyncio.sleep(0.5)
        await api.driver.claim(job_id)
        return time.monotonic()

    changer = asyncio.create_task(change_later())
    began = time.monotonic()
    response = await client.get(
        f"/api/generate/status/{job_id}?wait=20", headers={"If-None-Match": tag}
    )
    answered = time.monotonic()
    changed_at = await changer
    assert response.status_code == 200 and response.json()["status"] == "processing"
    assert answered - began >= 0.4  # it did wait
    assert answered - changed_at < 1.0


async def test_long_poll_wakes_on_a_change_made_by_another_process(
    api: Api, api_settings: Settings
) -> None:
    """The change comes through another store (another instance or a worker process)."""
    client = api.client()
    job_id = await start(client)
    async with open_store(api_settings.database_url, poll_seconds=5) as other:

        async def change_later() -> float:
            await asyncio.sleep(0.5)
            await JobDriver(other).claim(job_id)
            return time.monotonic()

        changer = asyncio.create_task(change_later())
        response = await client.get(f"/api/generate/status/{job_id}?wait=20")
        answered = time.monotonic()
        changed_at = await changer
    assert response.json()["status"] == "processing"
    assert answered - changed_at < 1.0


async def test_long_poll_without_a_change_answers_after_the_wait(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    tag = (await client.get(f"/api/generate/status/{job_id}")).headers["etag"]
    began = time.monotonic()
    unchanged = await client.get(
        f"/api/generate/status/{job_id}?wait=1", headers={"If-None-Match": tag}
    )
    assert unchanged.status_code == 304
    assert 0.9 <= time.monotonic() - began < 3
    began = time.monotonic()
    plain = await client.get(f"/api/generate/status/{job_id}?wait=0.5")
    assert plain.status_code == 200 and plain.json()["status"] == "queued"
    assert 0.4 <= time.monotonic() - began < 3


async def test_long_poll_answers_at_once_when_the_client_is_behind_or_the_job_is_done(
    api: Api,
) -> None:
    client = api.client()
    job_id = await start(client)
    began = time.monotonic()
    behind = await client.get(
        f"/api/generate/status/{job_id}?wait=10", headers={"If-None-Match": 'W/"stale"'}
    )
    assert behind.status_code == 200 and time.monotonic() - began < 1

    await api.driver.run_through(job_id)
    began = time.monotonic()
    done = await client.get(f"/api/generate/status/{job_id}?wait=10")
    assert done.json()["status"] == "completed" and time.monotonic() - began < 1


async def test_wait_is_bounded_to_30_seconds(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    for wait in ("31", "-1", "soon"):
        response = await client.get(f"/api/generate/status/{job_id}?wait={wait}")
        assert_error(response, 422, "validation_error")


async def test_long_poll_gives_up_its_waiter_when_the_client_leaves(
    make_server: AppFactory,
) -> None:
    async with make_server() as api:
        client = api.client()
        job_id = await start(client)
        baseline = api.store.events.waiter_count
        poll = asyncio.create_task(client.get(f"/api/generate/status/{job_id}?wait=25"))
        await wait_until_async(lambda: api.store.events.waiter_count > baseline, timeout=2)
        assert api.store.events.waiter_count > baseline
        poll.cancel()  # the phone locks its screen: the connection closes
        await wait_until_async(lambda: api.store.events.waiter_count == baseline, timeout=2)
        assert api.store.events.waiter_count == baseline


async def test_a_poll_that_finds_nothing_new_never_reads_the_designs(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = api.client()
    await client.get("/api/usage")  # a visitor with a cookie: the job is theirs alone
    job_id = await start(client)
    claim = await api.driver.claim(job_id)
    await api.driver.progress(claim, "styles", 40, styles=[style("modern")])
    etag = (await client.get(f"/api/generate/status/{job_id}")).headers["etag"]

    full_reads: list[str] = []
    read_full, read_text = api.store.get_job, api.store.get_job_text

    async def counting_get_job(wanted: str) -> Job | None:
        full_reads.append(wanted)
        return await read_full(wanted)

    async def counting_get_job_text(wanted: str) -> JobText | None:
        full_reads.append(wanted)
        return await read_text(wanted)

    # Either read brings the designs: decoded, or as stored JSON text for the answer.
    monkeypatch.setattr(api.store, "get_job", counting_get_job)
    monkeypatch.setattr(api.store, "get_job_text", counting_get_job_text)
    headers = {"If-None-Match": etag}
    assert (await client.get(f"/api/generate/status/{job_id}", headers=headers)).status_code == 304
    waited = await client.get(f"/api/generate/status/{job_id}?wait=0.3", headers=headers)
    assert waited.status_code == 304
    assert full_reads == []  # only the job's head (owner, status, version) was read

    # Once it changes, the answer is the whole job, read once.
    await api.driver.complete(claim)
    changed = await client.get(f"/api/generate/status/{job_id}", headers=headers)
    assert changed.status_code == 200 and changed.json()["status"] == "completed"
    assert full_reads == [job_id]
    # Another caller's job is as unknown on the cheap path as on the full one.
    stranger = api.client(headers=bearer("stranger"))
    foreign = await stranger.get(f"/api/generate/status/{job_id}", headers=headers)
    assert_error(foreign, 404, "not_found")


async def test_the_job_head_and_waiting_for_a_new_version(api: Api) -> None:
    job_id = await start(api.client())
    head = await api.store.get_job_head(job_id)
    assert head is not None and (head.status.value, head.version) == ("queued", 1)
    assert head.user_id == "public:anonymous"  # started without credentials
    assert await api.store.get_job_head("00000000-0000-4000-8000-000000000000") is None
    assert await api.store.get_job_head("not-an-id") is None
    unchanged = await api.store.wait_for_version(job_id, head.version, timeout=0.2)
    assert unchanged is not None and unchanged.version == head.version
    claim = await api.driver.claim(job_id)
    newer = await api.store.wait_for_version(job_id, head.version, timeout=5)
    assert newer is not None and newer.version > head.version
    assert newer.status.value == "processing" and claim.attempt == 1
