"""Identical starts without an Idempotency-Key join the job in flight: the old front end's
re-taps after a dropped connection make one job and one charge, on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta

from tests.api_helpers import Api, AppFactory, ScriptedHandler, bearer

DESCRIPTION = "Kedai dobi Layan Diri di Seremban, buka 24 jam, WhatsApp 012-777 8899"


async def test_identical_keyless_starts_join_one_job_and_are_charged_once(api: Api) -> None:
    client = api.client(headers=bearer("re-tapper"))
    body = {"description": DESCRIPTION, "language": "ms"}
    answers = await asyncio.gather(
        *(client.post("/api/generate/start", json=body) for _ in range(5))
    )
    assert {answer.status_code for answer in answers} == {202}
    assert len({answer.json()["job_id"] for answer in answers}) == 1
    assert sum(answer.headers.get("idempotent-replayed") == "true" for answer in answers) == 4
    assert (await client.get("/api/usage")).json()["used"] == 1

    # Anything different is another job: the language, the words, the caller.
    english = await client.post("/api/generate/start", json={**body, "language": "en"})
    other_words = await client.post("/api/generate/start", json={"description": DESCRIPTION + "!"})
    someone_else = await api.client(headers=bearer("neighbour")).post(
        "/api/generate/start", json=body
    )
    ids = {answers[0].json()["job_id"]} | {
        answer.json()["job_id"] for answer in (english, other_words, someone_else)
    }
    assert len(ids) == 4


async def test_a_finished_job_is_joined_only_just_after_it_completed(api: Api) -> None:
    client = api.client(headers=bearer("later"))
    body = {"description": DESCRIPTION}
    first = (await client.post("/api/generate/start", json=body)).json()["job_id"]
    await api.driver.run_through(first)
    # The re-tap that arrives as the job completes gets the finished job.
    again = (await client.post("/api/generate/start", json=body)).json()["job_id"]
    assert again == first
    # A minute later, the same words are a new generation.
    api.store.clock = _later(api.store.clock, timedelta(minutes=2))
    fresh = (await client.post("/api/generate/start", json=body)).json()["job_id"]
    assert fresh != first
    # …and a failed job is never joined.
    await api.driver.fail(fresh, "model busy", refund=True)
    retry = (await client.post("/api/generate/start", json=body)).json()["job_id"]
    assert retry not in (first, fresh)


async def test_capability_starts_from_two_places_never_join(api: Api) -> None:
    body = {"description": DESCRIPTION, "user_id": "anonymous"}
    here = await api.client(address="198.51.100.1").post("/api/generate/start", json=body)
    there = await api.client(address="198.51.100.2").post("/api/generate/start", json=body)
    assert here.json()["job_id"] != there.json()["job_id"]
    again = await api.client(address="198.51.100.1").post("/api/generate/start", json=body)
    assert again.json()["job_id"] == here.json()["job_id"]


async def test_re_taps_of_the_old_sync_call_wait_on_the_job_in_flight(
    make_api: AppFactory,
) -> None:
    handler = ScriptedHandler(delay=0.3)
    async with make_api(embed_worker=True, handler_factory=lambda _s: handler) as api:
        client = api.client(headers=bearer("old-phone"))
        body = {"business_description": DESCRIPTION}
        first = asyncio.create_task(client.post("/api/generate-simple", json=body))
        await asyncio.sleep(0.2)
        # The phone gave up on the first request (connection dropped) and taps again, twice.
        first.cancel()
        taps = await asyncio.gather(
            client.post("/api/generate-simple", json=body),
            client.post("/api/generate-simple", json=body),
        )
        assert [tap.status_code for tap in taps] == [200, 200], [t.text for t in taps]
        assert taps[0].json()["job_id"] == taps[1].json()["job_id"]
        assert handler.calls == 1
        assert (await client.get("/api/usage")).json()["used"] == 1


def _later(clock: Callable[[], datetime], by: timedelta) -> Callable[[], datetime]:
    def shifted() -> datetime:
        return clock() + by

    return shifted
