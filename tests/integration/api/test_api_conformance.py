"""HTTP as clients expect it: HEAD wherever GET works, a truthful `Allow`, bodies that are not
JSON called invalid JSON, `language: null` as documented, and descriptions the generator would
always refuse refused before they are charged."""

from __future__ import annotations

import asyncio
import re
from typing import Any

import httpx
import pytest
from fastapi.routing import iter_route_contexts

from bina.api import site_jobs
from tests.api_helpers import Api, AppFactory, assert_error

DESCRIPTION = "Kedai kopi Pak Hamid di Ipoh, kopi putih RM2.80, buka 7 pagi"
UNKNOWN_SITE = "7a1c2e44-1c0b-4d5e-9f7a-3b2c1d0e9f8a"
#: Values for the path parameters of every route, so that each GET can be called.
PATH_VALUES = {
    "site_id": UNKNOWN_SITE,
    "slug": "kedai-kopi",
    "name": "3f0c9a528a5e4c1f.webp",
    "photo_id": "3f0c9a528a5e4c1f",
}
#: Headers that differ between any two answers, whatever the method.
PER_ANSWER = {"date", "set-cookie", "x-request-id", "server"}


def get_paths(api: Api, job_id: str) -> list[str]:
    """Every path the app answers GET on, its parameters filled in."""
    values = {**PATH_VALUES, "job_id": job_id}
    paths = []
    for route in iter_route_contexts(api.app.routes):
        if route.methods and "GET" in route.methods and route.path:
            paths.append(re.sub(r"{(\w+)(:\w+)?}", lambda m: values[m.group(1)], route.path))
    return paths


async def finished_job(api: Api) -> str:
    started = await api.client().post("/api/generate/start", json={"description": DESCRIPTION})
    job_id: str = started.json()["job_id"]
    await api.driver.run_through(job_id)
    return job_id


async def test_every_get_route_answers_head_with_the_same_status_and_headers(api: Api) -> None:
    job_id = await finished_job(api)
    client = api.client()
    await client.get("/api/usage")  # holds its cookie: no answer below sets one
    paths = get_paths(api, job_id)
    assert {"/api/usage", "/metrics", f"/api/generate/stream/{job_id}", "/create"} <= set(paths)
    for path in paths:
        get = await client.get(path)
        head = await client.head(path)
        assert head.status_code != 405, path
        assert head.status_code == get.status_code, (path, get.status_code, head.status_code)
        assert head.content == b"", path
        same = {name for name in get.headers if name not in PER_ANSWER}
        if path == f"/api/generate/stream/{job_id}":
            same = {"content-type", "cache-control", "x-accel-buffering"}
        if path == "/metrics":
            same.discard("content-length")  # the scrape itself moved the counters
        for name in same:
            assert head.headers.get(name) == get.headers[name], (path, name)
    # Timed under the route's template, like the GET.
    metrics = (await client.get("/metrics")).text
    assert 'method="HEAD",route="/api/generate/status/{job_id}",status="200"' in metrics


async def test_head_on_a_running_jobs_stream_answers_at_once_and_opens_nothing(
    make_server: AppFactory,
) -> None:
    async with make_server() as api:
        client = api.client()
        started = await client.post("/api/generate/start", json={"description": DESCRIPTION})
        job_id = started.json()["job_id"]
        waiters = api.store.events.waiter_count
        # A GET would stream until the job ends; the job never moves in this test.
        async with asyncio.timeout(5):
            head = await client.head(f"/api/generate/stream/{job_id}")
        assert head.status_code == 200
        assert head.headers["content-type"].startswith("text/event-stream")
        assert head.content == b""
        assert api.store.events.waiter_count == waiters
        metrics = (await client.get("/metrics")).text
        assert re.search(r"^bina_sse_streams_open 0\.0$", metrics, re.M), metrics
        unknown = await client.head("/api/generate/stream/00000000-0000-4000-8000-000000000000")
        assert unknown.status_code == 404
        # A real server sends a HEAD's headers with the GET's length, and no body.
        status = f"/api/generate/status/{job_id}"
        get, head = await client.get(status), await client.head(status)
        assert head.status_code == 200 and head.content == b""
        assert head.headers["content-length"] == get.headers["content-length"]


def allow_of(response: httpx.Response) -> set[str]:
    return {method.strip() for method in response.headers["allow"].split(",")}


@pytest.mark.parametrize(
    ("path", "allowed"),
    [
        ("/create", {"GET", "HEAD"}),
        ("/", {"GET", "HEAD"}),
        ("/api/usage", {"GET", "HEAD"}),
        ("/api/generate/start", {"POST"}),
        (f"/api/sites/{UNKNOWN_SITE}", {"GET", "HEAD", "PATCH", "DELETE"}),
        ("/api/sites", {"GET", "HEAD", "POST"}),
        ("/s/kedai-kopi", {"GET", "HEAD"}),
    ],
)
async def test_a_405_names_every_method_the_path_takes(
    api: Api, path: str, allowed: set[str]
) -> None:
    client = api.client()
    refused = await client.put(path)
    assert_error(refused, 405, "method_not_allowed")
    assert allow_of(refused) == allowed
    for method in {"GET", "HEAD", "POST", "PATCH", "DELETE"} - allowed:
        other = await client.request(method, path)
        assert other.status_code == 405, (method, path)
        assert allow_of(other) == allowed
    for method in allowed:
        assert (await client.request(method, path)).status_code != 405, (method, path)


async def test_a_body_that_is_not_utf8_is_invalid_json(api: Api) -> None:
    for content in (
        b'{"description": "Kedai \xff\xfe kopi di Ipoh"}',  # Latin-1 bytes, not UTF-8
        b'{"description": "Kedai kopi di Ipoh \xc3"}',  # cut inside a character
        b"[" * 60_000,  # valid so far, but deeper than the parser goes
    ):
        for path in ("/api/generate/start", "/api/generate-simple"):
            response = await api.client().post(
                path, content=content, headers={"Content-Type": "application/json"}
            )
            assert_error(response, 400, "invalid_json")
    assert await api.store.list_jobs() == []


async def test_language_null_means_the_default_as_the_schema_says(api: Api) -> None:
    response = await api.client().post(
        "/api/generate/start", json={"description": DESCRIPTION, "language": None}
    )
    assert response.status_code == 202, response.text
    job = await api.store.get_job(response.json()["job_id"])
    assert job is not None and site_jobs.language_of(job) == "ms"
    schema = (await api.client().get("/openapi.json")).json()
    language = schema["components"]["schemas"]["GenerateRequest"]["properties"]["language"]
    assert {"type": "null"} in language["anyOf"]
    assert {"type": "string", "enum": ["ms", "en"]} in language["anyOf"]
    assert_error(
        await api.client().post(
            "/api/generate/start", json={"description": DESCRIPTION, "language": "fr"}
        ),
        422,
        "validation_error",
    )


#: Descriptions the generator always refuses, and why.
UNUSABLE = [
    ("ab", "description_too_short"),
    ("Kedai", "description_too_short"),
    ("0123456789", "description_too_short"),
    ("!!! ??? ... ---", "description_too_short"),
    ("🍜🍜🍜 🔥🔥 ☕☕", "description_too_short"),
    ("\u200b\u200c\u200d\u2060", "description_empty"),
]


@pytest.mark.parametrize("path", ["/api/generate/start", "/api/generate-simple"])
@pytest.mark.parametrize(("text", "reason"), UNUSABLE)
async def test_a_description_the_generator_refuses_is_422_and_never_charged(
    api: Api, path: str, text: str, reason: str
) -> None:
    client = api.client()
    response = await client.post(path, json={"description": text})
    body = assert_error(response, 422, "description_rejected")
    assert body["reason"] == reason
    assert body["details"][0]["loc"] == ["body", "description"]
    assert "Penerangan" in body["message"]  # the site's language: Malay by default
    assert await api.store.list_jobs() == []
    usage: dict[str, Any] = (await client.get("/api/usage")).json()
    assert usage["used"] == 0


async def test_the_refusal_speaks_the_language_asked_for(api: Api) -> None:
    response = await api.client().post(
        "/api/generate/start", json={"description": "ab", "language": "en"}
    )
    body = assert_error(response, 422, "description_rejected")
    assert body["message"].startswith("The description is too short")
