"""Database faults at the HTTP edge, on a real `bina serve` whose PostgreSQL is behind a proxy.

- A database that stops answering (connections stay open, nothing comes back) is a 503
  `database_unavailable` within BINA_DB_TIMEOUT_S on every route, never a hang; once the
  network passes bytes again the same server answers as before, without a restart.
- A start whose commit went through but whose reply was lost on the way back (the connection
  reset just then) makes one job and one charge, though the server tried the start again.
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.api_helpers import JWT_SECRET, bearer
from tests.conftest import POSTGRES_ADMIN_URL, _admin, _with_database
from tests.faults.cluster import Cluster, cluster
from tests.tcp_proxy import TcpProxy, running_proxy
from tests.waiting import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

DB_TIMEOUT_S = 3
#: The answer must come within the database timeout and a little time to write it.
ANSWER_WITHIN_S = 3.5
OWNER = bearer("silent-owner")
SLUG = "kedai-senyap"
#: Requests in flight at once while the database is silent.
AT_ONCE = 5


@dataclass
class Served:
    """A `bina serve` (embedded worker) whose database connections all pass the proxy."""

    url: str
    proxy: TcpProxy
    direct_url: str
    group: Cluster


@pytest.fixture(scope="module")
def served(postgres_template: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    name = f"bina_test_{uuid.uuid4().hex[:12]}"
    direct_url = _with_database(POSTGRES_ADMIN_URL, name)
    asyncio.run(_admin([f'CREATE DATABASE "{name}" TEMPLATE "{postgres_template}"']))
    url = make_url(direct_url)
    try:
        with running_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
            through = url.set(host="127.0.0.1", port=proxy.port)
            with cluster(
                through.render_as_string(hide_password=False),
                tmp_path_factory.mktemp("silent-database"),
                BINA_JWT_SECRET=JWT_SECRET,
                BINA_DAILY_LIMIT="100",
                BINA_DB_TIMEOUT_S=str(DB_TIMEOUT_S),
                BINA_LOG_LEVEL="warning",
            ) as group:
                _process, base = group.server()
                yield Served(base, proxy, direct_url, group)
    finally:
        asyncio.run(_admin([f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)']))


# --- A: a database that stops answering -------------------------------------------------------


@dataclass(frozen=True)
class Call:
    """One request, and what it answers once the database is back."""

    method: str
    path: str
    when_back: tuple[int, ...]
    json: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Answer:
    call: Call
    status: int
    body: bytes
    seconds: float


def every_route(job_id: str, etag: str, site: dict[str, Any]) -> list[Call]:
    site_path = f"/api/sites/{site['site_id']}"
    described = f"Kedai roti {uuid.uuid4().hex[:6]} di Ipoh, buka 7 pagi"
    return [
        Call("GET", "/api/health", (200,)),
        Call("GET", "/readyz", (200,)),
        Call("GET", "/api/usage", (200,)),
        Call("POST", "/api/generate/start", (202,), json={"description": described}),
        Call("POST", "/api/generate-simple", (200,), json={"description": f"{described}."}),
        Call("GET", f"/api/generate/status/{job_id}", (200,)),
        Call("GET", f"/api/generate/status/{job_id}?wait=10", (200,)),
        Call(
            "GET",
            f"/api/generate/status/{job_id}?wait=10",
            (304,),
            headers={"If-None-Match": etag},
        ),
        Call("GET", f"/api/generate/stream/{job_id}", (200,)),
        Call("POST", f"/api/generate/{job_id}/cancel", (409,)),
        Call("GET", "/api/sites", (200,)),
        Call("POST", "/api/sites", (200, 201), json={"job_id": job_id, "style": "bold"}),
        Call("GET", site_path, (200,)),
        Call("GET", "/api/sites/slugs/kedai-lain", (200,)),
        Call(
            "PATCH",
            site_path,
            (200,),
            json={"style": "minimal"},
            headers={"If-Match": f'"{site["version"]}"'},
        ),
        Call("POST", f"{site_path}/publish", (200,), json={"slug": SLUG}),
        Call("GET", f"/s/{SLUG}", (200,)),
        Call("GET", f"/s/{SLUG}/og.png", (200,)),
        Call("GET", "/s/tiada-kedai-ini", (404,)),
        Call("GET", f"/media/{uuid.uuid4().hex}.webp", (404,)),
    ]


async def ask_all(base: str, calls: list[Call]) -> list[Answer]:
    """The calls, a few at once, each timed from its own sending to its whole answer.

    A few, not all: on a busy machine twenty 503s written at the same instant would measure
    the test machine's CPU as much as the server's bound.
    """
    answers: list[Answer] = []
    async with httpx.AsyncClient(base_url=base, headers=OWNER, timeout=60) as client:

        async def ask(call: Call) -> Answer:
            began = time.monotonic()
            response = await client.request(
                call.method, call.path, json=call.json, headers=call.headers
            )
            return Answer(call, response.status_code, response.content, time.monotonic() - began)

        for first in range(0, len(calls), AT_ONCE):
            batch = calls[first : first + AT_ONCE]
            answers += await asyncio.gather(*(ask(call) for call in batch))
    return answers


def prepare(client: httpx.Client) -> tuple[str, str, dict[str, Any]]:
    """A completed job (its id and ETag) and a published site made from it."""
    started = client.post("/api/generate/start", json={"description": "Kedai kek Ali di Melaka"})
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    wait_until(
        lambda: client.get(f"/api/generate/status/{job_id}").json()["status"] == "completed",
        timeout=30,
        interval=0.1,
    )
    etag = client.get(f"/api/generate/status/{job_id}").headers["etag"]
    created = client.post("/api/sites", json={"job_id": job_id, "style": "modern"})
    assert created.status_code == 201, created.text
    site_id = created.json()["site_id"]
    published = client.post(f"/api/sites/{site_id}/publish", json={"slug": SLUG})
    assert published.status_code == 200, published.text
    # Not read through this instance yet: its published-page cache holds nothing for it.
    return job_id, etag, published.json()


def test_a_silent_database_is_a_503_within_the_timeout_on_every_route_then_recovers(
    served: Served,
) -> None:
    with httpx.Client(base_url=served.url, headers=OWNER, timeout=60) as client:
        job_id, etag, site = prepare(client)
    calls = every_route(job_id, etag, site)

    served.proxy.silence()
    try:
        silent = asyncio.run(ask_all(served.url, calls))
        metrics_began = time.monotonic()
        metrics = httpx.get(f"{served.url}/metrics", timeout=60)
        metrics_seconds = time.monotonic() - metrics_began
    finally:
        served.proxy.pass_through()

    for answer in silent:
        where = f"{answer.call.method} {answer.call.path}"
        assert answer.seconds < ANSWER_WITHIN_S, f"{where} took {answer.seconds:.2f} s"
        assert answer.status == 503, (where, answer.status, answer.body[:300])
        assert b'"error":"database_unavailable"' in answer.body, (where, answer.body[:300])
    # A scrape still answers, saying the database did not.
    assert metrics_seconds < ANSWER_WITHIN_S and metrics.status_code == 200
    assert 'bina_database_up{backend="postgresql"} 0.0' in metrics.text

    back = asyncio.run(ask_all(served.url, calls))
    for answer in back:
        where = f"{answer.call.method} {answer.call.path}"
        assert answer.status in answer.call.when_back, (where, answer.status, answer.body[:300])

    # Every pooled connection reset at once (a failover): found dead, replaced, not a 503.
    served.proxy.reset()
    reads = [call for call in calls if call.method == "GET"]
    after_reset = asyncio.run(ask_all(served.url, reads))
    for answer in after_reset:
        where = f"{answer.call.method} {answer.call.path}"
        assert answer.status in answer.call.when_back, (where, answer.status, answer.body[:300])
    assert all(process.poll() is None for process in served.group.processes)  # no restart


# --- B: a start whose reply was lost ----------------------------------------------------------


async def jobs_described_with(database_url: str, marker: str) -> list[asyncpg.Record]:
    connection = await asyncpg.connect(database_url)
    try:
        rows: list[asyncpg.Record] = await connection.fetch(
            "SELECT job_id, quota_subject, quota_refunded FROM generation_jobs "
            "WHERE description LIKE $1",
            f"%{marker}%",
        )
        return rows
    finally:
        await connection.close()


def test_a_start_whose_reply_was_lost_makes_one_job_and_one_charge(served: Served) -> None:
    user = bearer(f"lost-replies-{uuid.uuid4().hex[:6]}")
    with httpx.Client(base_url=served.url, headers=user, timeout=60) as client:
        for _trial in range(12):
            marker = f"lost-reply-{uuid.uuid4().hex}"
            dropped_before = served.proxy.replies_dropped
            served.proxy.drop_reply_to(marker.encode())

            started = client.post(
                "/api/generate/start", json={"description": f"Kedai kopi {marker} di Ipoh"}
            )

            assert started.status_code == 202, started.text
            assert served.proxy.replies_dropped == dropped_before + 1  # the reply was lost
            # The client's one start made this job: it is no replay of an earlier start.
            assert "idempotent-replayed" not in started.headers
            rows = asyncio.run(jobs_described_with(served.direct_url, marker))
            assert [row["job_id"] for row in rows] == [started.json()["job_id"]]
            assert rows[0]["quota_subject"] is not None and not rows[0]["quota_refunded"]
        assert client.get("/api/usage").json()["used"] == 12
