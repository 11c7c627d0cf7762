"""Real processes sharing one database: `bina serve --no-worker` twice plus a `bina worker`.

Start on one instance, stream and long-poll on the other; quota and idempotency hold across
instances under concurrent requests; SIGTERM hands an embedded worker's job back at once;
`--processes N` serves from N processes and sums their metrics.
"""

from __future__ import annotations

import asyncio
import signal
import time
from collections import Counter
from pathlib import Path

import httpx
import pytest

from tests.api_helpers import JWT_SECRET, STYLE_NAMES, SseEvent, SseReader, bearer, distinct
from tests.faults.cluster import cluster
from tests.waiting import wait_until_async

pytestmark = pytest.mark.slow

DESCRIPTION = {
    "description": "Kedai nasi kandar Ali di Penang, buka 7 pagi hingga 11 malam. "
    "Nasi kandar ayam RM9. WhatsApp 012-345 6789",
}


def different() -> dict[str, str]:
    """A start of its own (identical keyless starts join one job)."""
    return {"description": distinct(DESCRIPTION["description"])}


ENV = {"BINA_JWT_SECRET": JWT_SECRET, "BINA_DAILY_LIMIT": "3"}


def styles_and_end(events: list[SseEvent]) -> tuple[list[str], list[str]]:
    styles = [event.data["style"] for event in events if event.event == "style"]
    ends = [e.event for e in events if e.event in ("completed", "failed", "canceled")]
    return styles, ends


@pytest.mark.postgres
async def test_start_on_one_instance_follow_it_on_another(
    postgres_url: str, tmp_path: Path
) -> None:
    with cluster(postgres_url, tmp_path, **ENV, BINA_OFFLINE_DELAY_S="2") as group:
        _, first = group.server("--no-worker")
        _, second = group.server("--no-worker")
        headers = bearer("traveller")
        async with (
            httpx.AsyncClient(base_url=first, headers=headers, timeout=40) as a,
            httpx.AsyncClient(base_url=second, headers=headers, timeout=40) as b,
        ):
            started = await a.post("/api/generate/start", json=DESCRIPTION)
            assert started.status_code == 202
            job_id = started.json()["job_id"]
            queued = await b.get(f"/api/generate/status/{job_id}")
            assert queued.json()["status"] == "queued"
            health = (await b.get("/api/health")).json()
            assert health["queue_depth"] == 1 and health["live_workers"] == 0
            assert health["notifications"] == "live"

            async def stream() -> list[SseEvent]:
                async with b.stream("GET", f"/api/generate/stream/{job_id}") as response:
                    assert response.status_code == 200
                    return (await SseReader(response).read(timeout=60)).events

            async def long_poll() -> tuple[float, str]:
                tag = queued.headers["etag"]
                response = await b.get(
                    f"/api/generate/status/{job_id}?wait=30", headers={"If-None-Match": tag}
                )
                return time.monotonic(), response.json()["status"]

            streaming = asyncio.create_task(stream())
            polling = asyncio.create_task(long_poll())
            await asyncio.sleep(1.0)  # both are waiting on instance B before any worker exists
            assert not polling.done()
            group.worker(concurrency=2)
            answered_at, polled_status = await polling
            events = await streaming
            finished_at = time.monotonic()

            assert polled_status in ("processing", "completed")
            assert answered_at < finished_at - 0.5  # woke on the first change, not at the end
            styles, ends = styles_and_end(events)
            assert styles == list(STYLE_NAMES) and ends == ["completed"]
            assert events[-1].data["business_type"] == "restaurant"
            progress = [e.data["progress"] for e in events if e.event == "progress"]
            assert progress == sorted(progress) and len(progress) >= 3

            done = (await b.get(f"/api/generate/status/{job_id}")).json()
            assert done["status"] == "completed" and done["html"].startswith("<!doctype html>")

            # Resume on instance A after the first design: the rest, nothing repeated.
            first_style = next(e for e in events if e.event == "style")
            assert first_style.id is not None
            async with a.stream(
                "GET",
                f"/api/generate/stream/{job_id}",
                headers={"Last-Event-ID": first_style.id},
            ) as response:
                rest = (await SseReader(response).read()).events
            assert styles_and_end(rest) == (list(STYLE_NAMES[1:]), ["completed"])
            assert (await b.get("/api/health")).json()["live_workers"] == 1


@pytest.mark.postgres
async def test_quota_and_idempotency_hold_across_instances(
    postgres_url: str, tmp_path: Path
) -> None:
    with cluster(postgres_url, tmp_path, **ENV) as group:
        bases = [group.server("--no-worker")[1] for _ in range(2)]
        clients = [httpx.AsyncClient(base_url=base, timeout=60) for base in bases]
        try:
            greedy = bearer("greedy")
            starts = await asyncio.gather(
                *(
                    clients[i % 2].post("/api/generate/start", json=different(), headers=greedy)
                    for i in range(100)
                )
            )
            assert Counter(r.status_code for r in starts) == {202: 3, 429: 97}
            assert all(r.headers.get("retry-after") for r in starts if r.status_code == 429)

            retrying = {**bearer("retrying"), "Idempotency-Key": "one-tap-on-a-bad-network"}
            repeats = await asyncio.gather(
                *(
                    clients[i % 2].post("/api/generate/start", json=DESCRIPTION, headers=retrying)
                    for i in range(50)
                )
            )
            assert {r.status_code for r in repeats} == {202}
            assert len({r.json()["job_id"] for r in repeats}) == 1
            usage = await clients[1].get("/api/usage", headers=bearer("retrying"))
            assert usage.json()["used"] == 1
        finally:
            for client in clients:
                await client.aclose()


async def test_sigterm_hands_the_embedded_workers_job_back(
    database_url: str, tmp_path: Path
) -> None:
    env = {**ENV, "BINA_OFFLINE_DELAY_S": "8", "BINA_LEASE_SECONDS": "120"}
    with cluster(database_url, tmp_path, **env, BINA_SHUTDOWN_GRACE_SECONDS="0.5") as group:
        serving, base = group.server()  # with its embedded worker
        async with httpx.AsyncClient(base_url=base, headers=bearer("deploy"), timeout=30) as api:
            job_id = (await api.post("/api/generate/start", json=DESCRIPTION)).json()["job_id"]
            seen: list[str] = []

            async def processing() -> bool:
                seen.append((await api.get(f"/api/generate/status/{job_id}")).json()["status"])
                return seen[-1] == "processing"

            await wait_until_async(processing, timeout=10, interval=0.1)
            status = seen[-1]
            assert status == "processing"
        sent = time.monotonic()
        serving.send_signal(signal.SIGTERM)
        assert serving.wait(30) == 0
        assert time.monotonic() - sent < 15  # not the 120 s lease, not a hang
        _, other = group.server()
        async with httpx.AsyncClient(base_url=other, headers=bearer("deploy"), timeout=30) as api:
            # Released at shutdown, so another instance's worker takes it now, not in 120 s.
            response = await api.get(f"/api/generate/status/{job_id}?wait=20")
            deadline = time.monotonic() + 40
            while response.json()["status"] != "completed" and time.monotonic() < deadline:
                response = await api.get(
                    f"/api/generate/status/{job_id}?wait=20",
                    headers={"If-None-Match": response.headers["etag"]},
                )
            assert response.json()["status"] == "completed"
    outcomes = group.outcomes()
    assert outcomes[(job_id, "released")] == 1 and outcomes[(job_id, "completed")] == 1


async def test_processes_share_one_port_and_sum_their_metrics(
    database_url: str, tmp_path: Path
) -> None:
    with cluster(database_url, tmp_path, **{**ENV, "BINA_DAILY_LIMIT": "0"}) as group:
        _, base = group.server("--processes", "2", "--concurrency", "2")
        async with httpx.AsyncClient(base_url=base, timeout=30) as api:
            job_ids = []
            for _ in range(6):  # new connections: the kernel spreads them over the processes
                async with httpx.AsyncClient(base_url=base, timeout=30) as fresh:
                    response = await fresh.post("/api/generate/start", json=different())
                    assert response.status_code == 202
                    job_ids.append(response.json()["job_id"])
            assert len(set(job_ids)) == 6
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                health = (await api.get("/api/health")).json()
                # On a loaded machine one process may finish all six before the other's
                # worker has registered: wait for both too.
                idle = health["queue_depth"] == 0 and health["processing"] == 0
                if idle and health["live_workers"] == 2:
                    break
                await asyncio.sleep(0.3)
            assert health["live_workers"] == 2  # one embedded worker per process
            metrics = (await api.get("/metrics")).text
    assert 'bina_jobs{status="completed"} 6.0' in metrics
    started = [
        line
        for line in metrics.splitlines()
        if line.startswith("bina_http_request_duration_seconds_count")
        and 'route="/api/generate/start"' in line
    ]
    assert len(started) == 1 and started[0].endswith(" 6.0"), started  # summed over processes
