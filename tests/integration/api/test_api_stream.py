"""Server-Sent Events on a real server: order, ids, resume, heartbeats, disconnects."""

from __future__ import annotations

import asyncio

import httpx

from tests.api_helpers import (
    STYLE_NAMES,
    AppFactory,
    JobDriver,
    SseEvent,
    SseReader,
    assert_error,
    bearer,
    read_sse,
)
from tests.waiting import wait_until_async

TERMINAL = {"completed", "failed", "canceled"}


async def start(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/generate/start", json={"description": "Kedai kopi di Ipoh"})
    assert response.status_code == 202
    job_id: str = response.json()["job_id"]
    return job_id


async def drive_slowly(driver: JobDriver, job_id: str, pause: float = 0.05) -> None:
    claim = await driver.claim(job_id)
    for stage, percent in (("analyzing", 10), ("images", 30)):
        await asyncio.sleep(pause)
        await driver.progress(claim, stage, percent)
    done = []
    for index, name in enumerate(STYLE_NAMES):
        await asyncio.sleep(pause)
        done.append(
            {"style": name, "name": name.title(), "description": "d", "html": f"<p>{name}</p>"}
        )
        await driver.progress(claim, "styles", 40 + 20 * index, styles=list(done))
    await asyncio.sleep(pause)
    await driver.complete(claim)


def ids(events: list[SseEvent]) -> list[tuple[int, int]]:
    parsed = []
    for event in events:
        assert event.id is not None
        version, styles = event.id.split(".")
        parsed.append((int(version), int(styles)))
    return parsed


def assert_well_formed(events: list[SseEvent]) -> None:
    names = [event.event for event in events]
    assert names[-1] in TERMINAL and sum(name in TERMINAL for name in names) == 1, names
    assert set(names) <= {"progress", "style"} | TERMINAL, names
    positions = ids(events)
    assert positions == sorted(positions) and len(set(positions)) == len(positions), positions


async def test_events_arrive_in_order_with_each_style_once(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        job_id = await start(client)
        async with client.stream("GET", f"/api/generate/stream/{job_id}") as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["cache-control"] == "no-store"
            assert response.headers["x-accel-buffering"] == "no"
            driving = asyncio.create_task(drive_slowly(api.driver, job_id))
            read = await read_sse(response)
            await driving

    events = read.events
    assert_well_formed(events)
    assert events[0].event == "progress" and events[0].data["status"] == "queued"
    assert events[0].retry == 2000
    assert [e.data["style"] for e in events if e.event == "style"] == list(STYLE_NAMES)
    assert all(e.data["html"] for e in events if e.event == "style")
    progress = [e.data["progress"] for e in events if e.event == "progress"]
    assert progress == sorted(progress) and len(progress) >= 3
    final = events[-1]
    assert final.event == "completed" and final.data["progress"] == 100
    assert final.data["business_type"] == "restaurant"
    assert [s["style"] for s in final.data["styles"]] == list(STYLE_NAMES)
    # A style is announced before the progress event that counts it.
    first_style = next(i for i, e in enumerate(events) if e.event == "style")
    assert events[first_style + 1].data.get("styles_done", 3) >= 1


async def test_last_event_id_resumes_without_repeats(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        job_id = await start(client)
        url = f"/api/generate/stream/{job_id}"
        driving = asyncio.create_task(drive_slowly(api.driver, job_id, pause=0.15))
        async with client.stream("GET", url) as response:
            # Drop the connection right after the second design arrived.
            reader = SseReader(response)
            first: list[SseEvent] = []
            while sum(e.event == "style" for e in first) < 2:
                first += (await reader.read(stop_after=1)).events
        await driving  # the job moves on while the client is away
        last_id = first[-1].id
        assert last_id is not None
        async with client.stream("GET", url, headers={"Last-Event-ID": last_id}) as response:
            rest = (await read_sse(response)).events
        async with client.stream("GET", f"{url}?last_event_id={last_id}") as response:
            by_query = (await read_sse(response)).events

    everything = first + rest
    assert_well_formed(everything)
    assert [e.data["style"] for e in everything if e.event == "style"] == list(STYLE_NAMES)
    assert [e.event for e in rest] == ["style", "completed"]
    assert [(e.event, e.id) for e in by_query] == [(e.event, e.id) for e in rest]


async def test_a_client_that_saw_the_end_gets_204(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        job_id = await start(client)
        await api.driver.run_through(job_id)
        url = f"/api/generate/stream/{job_id}"
        async with client.stream("GET", url) as response:
            events = (await read_sse(response)).events
        # A finished job replays from the start for a new client: every design, then the end.
        assert [e.event for e in events] == ["style", "style", "style", "completed"]
        assert_well_formed(events)
        final_id = events[-1].id
        assert final_id is not None
        again = await client.get(url, headers={"Last-Event-ID": final_id})
        assert again.status_code == 204  # an EventSource stops reconnecting
        garbage = await client.get(url, headers={"Last-Event-ID": "not-an-id"})
        assert garbage.status_code == 200 and "event: completed" in garbage.text


async def test_failed_and_canceled_jobs_end_with_their_event(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        failing = await start(client)
        async with client.stream("GET", f"/api/generate/stream/{failing}") as response:
            failing_task = asyncio.create_task(api.driver.fail(failing, "no designs", refund=True))
            events = (await read_sse(response)).events
            await failing_task
        assert_well_formed(events)
        assert events[-1].event == "failed" and events[-1].data["error"] == "no designs"

        canceled = await start(client)
        async with client.stream("GET", f"/api/generate/stream/{canceled}") as response:
            reader = SseReader(response)
            first = await reader.read(stop_after=1)
            assert (await client.post(f"/api/generate/{canceled}/cancel")).status_code == 200
            rest = await reader.read()
        events = first.events + rest.events
        assert_well_formed(events)
        assert events[-1].event == "canceled" and events[-1].data["status"] == "canceled"


async def test_heartbeats_keep_an_idle_stream_open(make_server: AppFactory) -> None:
    async with make_server(sse_ping_seconds=0.2) as api:
        client = api.client()
        job_id = await start(client)
        comments: list[str] = []
        async with client.stream("GET", f"/api/generate/stream/{job_id}") as response:
            try:
                async with asyncio.timeout(1.0):
                    async for line in response.aiter_lines():
                        if line.startswith(":"):
                            comments.append(line)
            except TimeoutError:
                pass  # the job never changes: only heartbeats arrive
    assert len(comments) >= 3, comments


async def test_a_disconnected_client_frees_its_stream(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        job_id = await start(client)
        waiters = api.store.events.waiter_count
        async with client.stream("GET", f"/api/generate/stream/{job_id}") as response:
            reader = SseReader(response)  # kept: dropping it would close the stream early
            await reader.read(stop_after=1)
            assert await open_streams(client) == 1

        # The client went away: the server's generator and its waiter are gone too.
        async def stream_gone() -> bool:
            return await open_streams(client) == 0 and api.store.events.waiter_count == waiters

        await wait_until_async(stream_gone, timeout=2)
        assert await open_streams(client) == 0
        assert api.store.events.waiter_count == waiters


async def open_streams(client: httpx.AsyncClient) -> float:
    for line in (await client.get("/metrics")).text.splitlines():
        if line.startswith("bina_sse_streams_open "):
            return float(line.split()[1])
    raise AssertionError("no bina_sse_streams_open in /metrics")


async def test_streams_of_unknown_or_foreign_jobs_are_404(make_server: AppFactory) -> None:
    async with make_server() as api:
        owner = api.client(headers=bearer("owner"))
        job_id = await start(owner)
        other = api.client(headers=bearer("someone-else"))
        foreign = await other.get(f"/api/generate/stream/{job_id}")
        unknown = await other.get("/api/generate/stream/00000000-0000-4000-8000-000000000000")
        assert_error(foreign, 404, "not_found")
        assert foreign.json() == unknown.json()


async def test_a_stream_follows_a_job_started_on_another_instance(make_server: AppFactory) -> None:
    async with make_server() as first, make_server() as second:
        headers = bearer("two-instances")
        job_id = await start(first.client(headers=headers))
        follower = second.client(headers=headers)
        async with follower.stream("GET", f"/api/generate/stream/{job_id}") as response:
            driving = asyncio.create_task(drive_slowly(first.driver, job_id))
            events = (await read_sse(response)).events
            await driving
    assert_well_formed(events)
    assert [e.data["style"] for e in events if e.event == "style"] == list(STYLE_NAMES)
    assert events[-1].event == "completed"
