"""X-Request-ID: taken from the caller when it is a plain token, made otherwise, echoed on every
answer, kept by the job a request starts, and in force on every log line of the request and
of that job (the JSON log formatter writes what `bina.log_context.request_id` holds)."""

from __future__ import annotations

import logging
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field

import httpx
import pytest

from bina import log_context
from bina.jobs import Job, Payload, ProgressReporter
from tests.api_helpers import Api, AppFactory, ScriptedHandler, distinct
from tests.waiting import wait_until_async

DESCRIPTION = "Kedai nasi kandar di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789"
MADE_ID = re.compile(r"[0-9a-f]{32}")
handler_logger = logging.getLogger("bina.tests.request_id")


class ContextRecorder(logging.Handler):
    """Keeps each line with the request id in force where it was logged."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[tuple[str, str | None]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append((record.getMessage(), log_context.request_id.get()))

    def ids_of(self, text: str) -> list[str | None]:
        """The request ids of the lines containing `text` (one entry per line)."""
        return [request_id for message, request_id in self.lines if text in message]


@pytest.fixture
def log_lines() -> Iterator[ContextRecorder]:
    recorder = ContextRecorder()
    bina_logger = logging.getLogger("bina")
    level = bina_logger.level
    bina_logger.addHandler(recorder)
    bina_logger.setLevel(logging.DEBUG)
    try:
        yield recorder
    finally:
        bina_logger.removeHandler(recorder)
        bina_logger.setLevel(level)


class LoggingHandler(ScriptedHandler):
    """A job handler that logs a line of its own, as the generator does."""

    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        handler_logger.info("designing job %s", job.job_id)
        return await super().__call__(job, reporter)


async def finished(client: httpx.AsyncClient, job_id: str) -> None:
    async def done() -> bool:
        status = (await client.get(f"/api/generate/status/{job_id}")).json()["status"]
        assert status not in ("failed", "canceled"), status
        return bool(status == "completed")

    await wait_until_async(done, timeout=20)


async def test_a_start_gives_its_request_id_to_the_job_row_and_the_jobs_log_lines(
    make_api: AppFactory, log_lines: ContextRecorder
) -> None:
    async with make_api(embed_worker=True, handler_factory=lambda _s: LoggingHandler()) as api:
        client = api.client()
        started = await client.post(
            "/api/generate/start",
            json={"description": distinct(DESCRIPTION)},
            headers={"X-Request-ID": "abc-123"},
        )
        assert started.status_code == 202, started.text
        assert started.headers["X-Request-ID"] == "abc-123"
        job_id = started.json()["job_id"]
        job = await api.store.get_job(job_id)
        assert job is not None and job.request_id == "abc-123"
        await finished(client, job_id)

    # The handler's own line and the worker's line about the job, both under the start's id.
    assert log_lines.ids_of(f"designing job {job_id}") == ["abc-123"]
    assert log_lines.ids_of(f"job {job_id} completed") == ["abc-123"]


async def test_each_job_logs_under_its_own_start_whichever_route_started_it(
    make_api: AppFactory, log_lines: ContextRecorder
) -> None:
    async with make_api(embed_worker=True, handler_factory=lambda _s: LoggingHandler()) as api:
        client = api.client()
        first = await client.post(
            "/api/generate/start",
            json={"description": distinct(DESCRIPTION)},
            headers={"X-Request-ID": "first-start"},
        )
        # The older synchronous call, without an id of its own: the server makes one.
        simple = await client.post(
            "/api/generate-simple", json={"description": distinct(DESCRIPTION)}
        )
        assert simple.status_code == 200, simple.text
        made = simple.headers["X-Request-ID"]
        assert MADE_ID.fullmatch(made)
        first_id, simple_id = first.json()["job_id"], simple.json()["job_id"]
        await finished(client, first_id)
        first_job = await api.store.get_job(first_id)
        simple_job = await api.store.get_job(simple_id)
        assert first_job is not None and first_job.request_id == "first-start"
        assert simple_job is not None and simple_job.request_id == made

    assert log_lines.ids_of(f"designing job {first_id}") == ["first-start"]
    assert log_lines.ids_of(f"designing job {simple_id}") == [made]
    # Outside a request or a job, nothing is in force.
    assert log_context.request_id.get() is None


@pytest.mark.parametrize(
    "offered",
    [
        "a" * 129,
        "abc 123",
        'x"><script>alert(1)</script>',
        "abc\tdef",
        "a,b",
        "Root=1-5759e988",
        "",
        "ünïcode".encode(),
        b"\xff\xfe",
    ],
    ids=["too-long", "space", "markup", "tab", "comma", "equals", "empty", "utf8", "not-utf8"],
)
async def test_a_header_that_is_not_a_plain_token_is_replaced(
    api: Api, offered: str | bytes, log_lines: ContextRecorder
) -> None:
    client = api.client()
    started = await client.post(
        "/api/generate/start",
        json={"description": distinct(DESCRIPTION)},
        headers={b"X-Request-ID": offered if isinstance(offered, bytes) else offered.encode()},
    )
    assert started.status_code == 202, started.text
    made = started.headers["X-Request-ID"]
    assert MADE_ID.fullmatch(made), made
    job = await api.store.get_job(started.json()["job_id"])
    assert job is not None and job.request_id == made


@pytest.mark.parametrize("offered", ["a" * 128, "req_01:node-7.x", str(uuid.uuid4()), "A"])
async def test_a_plain_token_up_to_128_characters_is_kept(api: Api, offered: str) -> None:
    response = await api.client().get("/livez", headers={"X-Request-ID": offered})
    assert response.headers["X-Request-ID"] == offered


@dataclass(frozen=True)
class Ask:
    method: str
    path: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes | None = None
    json: object = None

    async def send(self, client: httpx.AsyncClient, **headers: str) -> httpx.Response:
        response = await client.request(
            self.method,
            self.path,
            headers={**self.headers, **headers},
            content=self.content,
            json=self.json,
        )
        assert response.status_code == self.status, (self, response.text[:300])
        return response


async def test_every_kind_of_answer_carries_the_id(make_api: AppFactory) -> None:
    origin = "https://shop.example"
    async with make_api(settings={"cors_origins": [origin]}) as api:
        client = api.client()
        started = await client.post(
            "/api/generate/start", json={"description": distinct(DESCRIPTION)}
        )
        status_url = started.json()["status_url"]
        etag = (await client.get(status_url)).headers["ETag"]
        as_json = {"Content-Type": "application/json"}
        preflight = {
            "Origin": origin,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-request-id",
        }
        asks = [
            Ask("GET", "/livez", 200),
            Ask("HEAD", "/livez", 200),
            Ask("GET", "/readyz", 200),
            Ask("GET", "/api/health", 200),
            Ask("GET", "/metrics", 200),
            Ask("GET", status_url, 304, headers={"If-None-Match": etag}),
            Ask("GET", f"/api/generate/status/{uuid.uuid4()}", 404),
            Ask("POST", "/api/generate/start", 400, headers=as_json, content=b"{"),
            Ask("POST", "/api/generate/start", 422, json={}),
            Ask("POST", "/api/generate/start", 413, headers=as_json, content=b"x" * 70_000),
            Ask("DELETE", "/livez", 405),
            Ask("OPTIONS", "/api/generate/start", 200, headers=preflight),
            Ask("GET", "/create", 200),
            Ask("GET", "/static/app.css", 200),
            Ask("GET", "/s/no-such-site", 404),
        ]
        for number, ask in enumerate(asks):
            given = f"check-{number}"
            echoed = await ask.send(client, **{"X-Request-ID": given})
            assert echoed.headers.get("X-Request-ID") == given, ask
            # Without one from the caller, the answer carries the one the server made.
            made = await ask.send(client)
            assert MADE_ID.fullmatch(made.headers.get("X-Request-ID", "")), ask
        exposed = await client.get("/livez", headers={"Origin": origin})
        assert "x-request-id" in exposed.headers["Access-Control-Expose-Headers"].lower()


async def test_a_server_error_answer_and_its_log_line_carry_the_id(
    api: Api, log_lines: ContextRecorder
) -> None:
    async def boom() -> None:
        raise RuntimeError("a bug")

    api.app.add_api_route("/api/boom-for-test", boom)
    transport = httpx.ASGITransport(app=api.app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        response = await client.get("/api/boom-for-test", headers={"X-Request-ID": "boom-1"})
    assert response.status_code == 500
    assert response.json()["error"] == "internal_error"
    assert response.headers["X-Request-ID"] == "boom-1"
    assert log_lines.ids_of("unhandled error") == ["boom-1"]


async def test_an_event_stream_carries_the_id(make_server: AppFactory) -> None:
    async with make_server() as api:
        client = api.client()
        started = await client.post(
            "/api/generate/start", json={"description": distinct(DESCRIPTION)}
        )
        stream_url = started.json()["stream_url"]
        async with client.stream(
            "GET", stream_url, headers={"X-Request-ID": "stream-1"}
        ) as response:
            assert response.status_code == 200
            assert response.headers["content-type"].startswith("text/event-stream")
            assert response.headers["X-Request-ID"] == "stream-1"


async def test_a_published_page_and_its_card_carry_the_id(make_api: AppFactory) -> None:
    async with make_api(embed_worker=True, handler_factory=None) as api:
        client = api.client()
        assert (await client.get("/create")).status_code == 200  # the visitor's cookie
        started = await client.post(
            "/api/generate/start", json={"description": distinct(DESCRIPTION), "language": "ms"}
        )
        job_id = started.json()["job_id"]
        await finished(client, job_id)
        site = await client.post("/api/sites", json={"job_id": job_id, "style": "modern"})
        assert site.status_code == 201, site.text
        published = await client.post(
            f"/api/sites/{site.json()['site_id']}/publish", json={"slug": "kedai-id-permintaan"}
        )
        assert published.status_code == 200, published.text
        for path in ("/s/kedai-id-permintaan", "/s/kedai-id-permintaan/og.png"):
            page = await client.get(path, headers={"X-Request-ID": "page-1"})
            assert page.status_code == 200, path
            assert page.headers["X-Request-ID"] == "page-1", path
