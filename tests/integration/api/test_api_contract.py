"""Every endpoint of DESIGN §5 with its exact shapes, and every error in the common shape."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from bina.api import site_jobs
from bina.jobs import JobStatus
from tests.api_helpers import (
    STYLE_NAMES,
    Api,
    AppFactory,
    ScriptedHandler,
    assert_error,
    bearer,
    distinct,
)
from tests.job_helpers import site_result
from tests.waiting import wait_until_async

START_KEYS = {"success", "job_id", "status", "status_url", "stream_url"}
STATUS_KEYS = {
    "success",
    "job_id",
    "status",
    "progress",
    "stage",
    "message",
    "html",
    "styles",
    "error",
    "business_type",
    "created_at",
    "updated_at",
}
DESCRIPTION = "Kedai nasi kandar di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789"


async def start(client: httpx.AsyncClient, **body: object) -> str:
    response = await client.post(
        "/api/generate/start", json=body or {"description": distinct(DESCRIPTION)}
    )
    assert response.status_code == 202, response.text
    job_id: str = response.json()["job_id"]
    return job_id


# --- POST /api/generate/start ------------------------------------------------------------------


async def test_start_commits_a_job_and_answers_202_with_where_to_follow_it(api: Api) -> None:
    client = api.client()
    response = await client.post(
        "/api/generate/start", json={"description": f"  {DESCRIPTION}\n", "user_id": "admin"}
    )

    assert response.status_code == 202
    body = response.json()
    assert set(body) == START_KEYS
    assert body["success"] is True and body["status"] == "queued"
    assert body["status_url"] == f"/api/generate/status/{body['job_id']}"
    assert body["stream_url"] == f"/api/generate/stream/{body['job_id']}"
    assert response.headers["location"] == body["status_url"]
    assert int(response.headers["retry-after"]) >= 1
    cookie = response.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie

    job = await api.store.get_job(body["job_id"])
    assert job is not None and job.status == JobStatus.QUEUED
    assert site_jobs.description_of(job) == DESCRIPTION  # trimmed
    assert site_jobs.language_of(job) == "ms"  # the default
    # No credentials came with it: a capability job, owned by nobody. The body's user_id is
    # only its label, never an identity.
    assert job.user_id == "public:admin"


async def test_start_accepts_the_older_field_name_and_english(api: Api) -> None:
    client = api.client()
    job_id = await start(client, business_description="Bakery in Ipoh", language="en")
    job = await api.store.get_job(job_id)
    assert job is not None and (site_jobs.description_of(job), site_jobs.language_of(job)) == (
        "Bakery in Ipoh",
        "en",
    )


async def test_start_takes_exactly_5000_characters_after_trimming(api: Api) -> None:
    client = api.client()
    job_id = await start(client, description="  " + "a" * 4994 + " kopi." + "  ")
    job = await api.store.get_job(job_id)
    assert job is not None and len(site_jobs.description_of(job) or "") == 5000


@pytest.mark.parametrize(
    ("body", "why"),
    [
        ({}, "missing"),
        ({"description": ""}, "empty"),
        ({"description": " \n\t "}, "blank after trimming"),
        ({"description": "a" * 5001}, "too long"),
        ({"description": 42}, "not text"),
        ({"description": None}, "null"),
        ({"description": "Kedai kopi", "language": "fr"}, "unknown language"),
        ({"description": "Kedai\x00kopi"}, "NUL byte"),
        ({"description": "Kedai kopi", "business_description": "Bakery"}, "two descriptions"),
        (["Kedai kopi"], "not an object"),
    ],
)
async def test_start_refuses_bad_input_with_422_and_stores_nothing(
    api: Api, body: object, why: str
) -> None:
    response = await api.client().post("/api/generate/start", json=body)
    error = assert_error(response, 422, "validation_error")
    assert error["details"], why
    assert await api.store.list_jobs() == []


async def test_start_refuses_a_lone_surrogate(api: Api) -> None:
    # Valid JSON, but no database can store it: refused, never a 500.
    content = b'{"description": "Kedai \\ud800 kopi"}'
    response = await api.client().post(
        "/api/generate/start", content=content, headers={"Content-Type": "application/json"}
    )
    assert_error(response, 422, "validation_error")


async def test_start_refuses_malformed_json_with_400(api: Api) -> None:
    response = await api.client().post(
        "/api/generate/start",
        content=b'{"description": ',
        headers={"Content-Type": "application/json"},
    )
    assert_error(response, 400, "invalid_json")
    assert await api.store.list_jobs() == []


async def test_start_refuses_a_body_not_declared_json(api: Api) -> None:
    # An untyped body is what a page on another site can send without a CORS preflight.
    client = api.client()
    untyped = await client.post("/api/generate/start", content=b'{"description": "Kedai kopi"}')
    assert_error(untyped, 415, "unsupported_media_type")
    form = await client.post("/api/generate/start", data={"description": "Kedai kopi"})
    assert_error(form, 415, "unsupported_media_type")
    assert await api.store.list_jobs() == []


async def test_a_body_over_64_kb_is_refused_before_parsing(api: Api) -> None:
    client = api.client()
    big = b'{"description": "' + b"a" * 70_000 + b'"}'
    declared = await client.post(
        "/api/generate/start", content=big, headers={"Content-Type": "application/json"}
    )
    assert_error(declared, 413, "payload_too_large")

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted as it arrives
        for _ in range(20):
            yield b"a" * 4096

    chunked = await client.post(
        "/api/generate/start", content=chunks(), headers={"Content-Type": "application/json"}
    )
    assert_error(chunked, 413, "payload_too_large")
    assert await api.store.list_jobs() == []


# --- GET /api/generate/status/{job_id} ----------------------------------------------------------


async def test_status_has_the_documented_shape_through_the_life_of_a_job(api: Api) -> None:
    client = api.client()
    job_id = await start(client)

    queued = (await client.get(f"/api/generate/status/{job_id}")).json()
    assert set(queued) == STATUS_KEYS
    assert queued["status"] == "queued" and queued["progress"] == 0
    assert queued["html"] is None and queued["styles"] == [] and queued["error"] is None

    driver = api.driver
    claim = await driver.claim(job_id)
    await driver.progress(
        claim,
        "styles",
        40,
        styles=[{"style": "modern", "name": "Moden", "description": "d", "html": "<p>m</p>"}],
    )
    running = (await client.get(f"/api/generate/status/{job_id}")).json()
    assert running["status"] == "processing" and running["progress"] == 40
    assert running["stage"] == "styles" and running["html"] is None
    assert running["styles"] == [
        {"style": "modern", "name": "Moden", "description": "d", "html": "<p>m</p>"}
    ]

    await driver.complete(claim)
    done = (await client.get(f"/api/generate/status/{job_id}")).json()
    assert done["status"] == "completed" and done["progress"] == 100
    assert [s["style"] for s in done["styles"]] == list(STYLE_NAMES)
    assert done["html"] == done["styles"][0]["html"]
    assert done["business_type"] == "restaurant"
    assert datetime.fromisoformat(done["updated_at"]) >= datetime.fromisoformat(done["created_at"])


async def test_status_of_a_failed_job_says_why(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    await api.driver.fail(job_id, "The description is too short.", refund=False)
    body = (await client.get(f"/api/generate/status/{job_id}")).json()
    assert body["status"] == "failed" and body["error"] == "The description is too short."


async def test_unknown_job_is_404_in_the_not_found_shape(api: Api) -> None:
    response = await api.client().get("/api/generate/status/00000000-0000-4000-8000-000000000000")
    body = assert_error(response, 404, "not_found")
    assert body["status"] == "not_found"


# --- POST /api/generate/{job_id}/cancel -----------------------------------------------------------


async def test_cancel_stops_a_queued_job_and_is_idempotent(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    first = await client.post(f"/api/generate/{job_id}/cancel")
    assert first.status_code == 200
    assert set(first.json()) == STATUS_KEYS and first.json()["status"] == "canceled"
    again = await client.post(f"/api/generate/{job_id}/cancel")
    assert again.status_code == 200 and again.json()["status"] == "canceled"


async def test_cancel_of_a_running_job_stops_its_worker_at_the_next_checkpoint(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    claim = await api.driver.claim(job_id)
    assert (await client.post(f"/api/generate/{job_id}/cancel")).json()["status"] == "canceled"
    from bina.jobs import JobCanceled

    with pytest.raises(JobCanceled):
        await api.driver.progress(claim, "styles", 50)


async def test_cancel_of_a_finished_job_is_409(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    await api.driver.run_through(job_id)
    assert_error(await client.post(f"/api/generate/{job_id}/cancel"), 409, "already_finished")


async def test_cancel_of_an_unknown_job_is_404(api: Api) -> None:
    response = await api.client().post("/api/generate/00000000-0000-4000-8000-000000000000/cancel")
    assert assert_error(response, 404, "not_found")["status"] == "not_found"


# --- POST /api/generate-simple ------------------------------------------------------------------


async def test_simple_waits_for_the_site(make_api: AppFactory) -> None:
    async with make_api(embed_worker=True, handler_factory=lambda _s: ScriptedHandler()) as api:
        response = await api.client().post(
            "/api/generate-simple", json={"description": DESCRIPTION}
        )
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"success", "html", "styles", "business_type", "job_id"}
    assert body["success"] is True and body["business_type"] == "restaurant"
    assert [s["style"] for s in body["styles"]] == list(STYLE_NAMES)
    assert body["html"] == body["styles"][0]["html"]


async def test_simple_answers_202_with_the_job_instead_of_hanging(make_api: AppFactory) -> None:
    async with make_api(settings={"simple_timeout_s": 0.3}) as api:
        began = asyncio.get_running_loop().time()
        response = await api.client().post(
            "/api/generate-simple", json={"description": DESCRIPTION}
        )
        elapsed = asyncio.get_running_loop().time() - began
    assert response.status_code == 202
    body = response.json()
    assert set(body) == START_KEYS and body["status"] == "queued"
    assert response.headers["location"] == body["status_url"]
    assert 0.3 <= elapsed < 3


async def test_simple_reports_a_failed_generation(make_api: AppFactory) -> None:
    handler = ScriptedHandler(fail_with="Tell us what the business sells.")
    async with make_api(embed_worker=True, handler_factory=lambda _s: handler) as api:
        response = await api.client().post(
            "/api/generate-simple", json={"description": "Kedai kopi di Ipoh"}
        )
    body = assert_error(response, 422, "generation_failed")
    assert body["message"] == "Tell us what the business sells."


async def test_simple_validates_like_start(api: Api) -> None:
    assert_error(await api.client().post("/api/generate-simple", json={}), 422, "validation_error")


# --- GET /api/usage -----------------------------------------------------------------------------


async def test_usage_counts_the_callers_generations(api: Api) -> None:
    client = api.client(headers=bearer("usage-user"))
    fresh = (await client.get("/api/usage")).json()
    assert fresh == {"limit": 3, "used": 0, "remaining": 3, "reset_at": None}

    before = datetime.now(UTC)
    await start(client)
    after_one = (await client.get("/api/usage")).json()
    assert (after_one["limit"], after_one["used"], after_one["remaining"]) == (3, 1, 2)
    reset_at = datetime.fromisoformat(after_one["reset_at"])
    assert before + timedelta(hours=24) - timedelta(seconds=5) < reset_at
    assert reset_at < datetime.now(UTC) + timedelta(hours=24, seconds=5)


async def test_usage_when_unlimited(make_api: AppFactory) -> None:
    async with make_api(settings={"daily_limit": 0}) as api:
        client = api.client()
        for _ in range(5):
            await start(client)
        body = (await client.get("/api/usage")).json()
    assert body["limit"] == 0 and body["remaining"] is None and body["used"] == 5


# --- GET /api/health and /metrics ----------------------------------------------------------------


async def test_health_reports_the_database_and_the_queue(api: Api) -> None:
    client = api.client()
    healthy = await client.get("/api/health")
    assert healthy.status_code == 200
    body = healthy.json()
    assert body["status"] == "ok" and body["database"] == "ok"
    assert body["backend"] in ("sqlite", "postgresql")
    assert body["queue_depth"] == 0 and body["live_workers"] == 0
    head = await client.head("/api/health")  # what some load balancers send
    assert head.status_code == 200 and head.content == b""

    await start(client)
    degraded = (await client.get("/api/health")).json()
    assert degraded["status"] == "degraded" and degraded["queue_depth"] == 1
    assert degraded["oldest_queued_age_seconds"] is not None
    assert any("no live worker" in warning for warning in degraded["warnings"])


async def test_health_counts_live_workers(make_api: AppFactory) -> None:
    async with make_api(embed_worker=True, handler_factory=lambda _s: ScriptedHandler()) as api:
        client = api.client()

        async def a_live_worker() -> bool:
            return bool((await client.get("/api/health")).json()["live_workers"])

        await wait_until_async(a_live_worker, timeout=2.5, interval=0.05)
        body = (await client.get("/api/health")).json()
    assert body["live_workers"] == 1 and body["status"] == "ok"


async def test_metrics_in_prometheus_format(make_api: AppFactory) -> None:
    async with make_api(embed_worker=True, handler_factory=lambda _s: ScriptedHandler()) as api:
        client = api.client()
        job_id = await start(client)
        await client.get(f"/api/generate/status/{job_id}?wait=5")

        async def completed() -> bool:
            status = (await client.get(f"/api/generate/status/{job_id}")).json()["status"]
            return bool(status == "completed")

        async def duration_booked() -> bool:
            # The worker's on_finished callback (the duration histogram) runs after the write.
            text = (await client.get("/metrics")).text
            return 'bina_job_duration_seconds_count{outcome="completed"}' in text

        await wait_until_async(completed, timeout=5, interval=0.05)
        await wait_until_async(duration_booked, timeout=5, interval=0.05)
        response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    text = response.text
    assert 'bina_jobs{status="completed"} 1.0' in text
    assert "bina_queue_depth 0.0" in text
    assert "bina_live_workers" in text
    assert 'bina_job_duration_seconds_count{outcome="completed"} 1.0' in text
    assert 'route="/api/generate/status/{job_id}"' in text
    assert job_id not in text  # labels are route templates, never raw ids
    assert 'bina_jobs_started_total{result="created"} 1.0' in text


# --- docs, headers, compression, CORS ------------------------------------------------------------


async def test_openapi_documents_every_endpoint_and_model(api: Api) -> None:
    client = api.client()
    assert (await client.get("/docs")).status_code == 200
    schema = (await client.get("/openapi.json")).json()
    paths = schema["paths"]
    for path, method in [
        ("/api/generate/start", "post"),
        ("/api/generate/status/{job_id}", "get"),
        ("/api/generate/stream/{job_id}", "get"),
        ("/api/generate/{job_id}/cancel", "post"),
        ("/api/generate-simple", "post"),
        ("/api/usage", "get"),
        ("/api/health", "get"),
        ("/metrics", "get"),
    ]:
        operation = paths[path][method]
        assert operation.get("summary") and operation.get("description"), path
    start_responses = paths["/api/generate/start"]["post"]["responses"]
    assert {"202", "400", "401", "413", "415", "422", "429", "503"} <= set(start_responses)
    assert "Location" in start_responses["202"]["headers"]
    for name in [
        "StartResponse",
        "JobStatusResponse",
        "SimpleResponse",
        "UsageResponse",
        "HealthResponse",
        "ErrorResponse",
        "NotFoundResponse",
        "QuotaErrorResponse",
        "ValidationErrorResponse",
        "GenerateRequest",
    ]:
        model = schema["components"]["schemas"][name]
        assert model.get("description"), name
    for name in ["StartResponse", "JobStatusResponse", "UsageResponse", "HealthResponse"]:
        assert schema["components"]["schemas"][name].get("examples"), name
    # FastAPI's own 422 shape is never documented: our handler answers 422 in our shape.
    assert "HTTPValidationError" not in schema["components"]["schemas"]
    for name, model in schema["components"]["schemas"].items():
        undocumented = [
            field for field, spec in model["properties"].items() if not spec.get("description")
        ]
        assert undocumented == [], (name, undocumented)
    assert "BearerJWT" in schema["components"]["securitySchemes"]


async def test_security_headers_on_api_answers(api: Api) -> None:
    response = await api.client().get("/api/usage")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["x-frame-options"] == "DENY"
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["cache-control"] == "no-store"


async def test_large_answers_are_gzipped(api: Api) -> None:
    client = api.client()
    job_id = await start(client)
    claim = await api.driver.claim(job_id)
    page = {"style": "modern", "name": "M", "description": "d", "html": "<p>menu</p>" * 2000}
    await api.store.complete(claim, site_result(page["html"], [page]))
    response = await client.get(
        f"/api/generate/status/{job_id}", headers={"Accept-Encoding": "gzip"}
    )
    assert response.headers.get("content-encoding") == "gzip"
    assert int(response.headers["content-length"]) < 5_000  # the body is over 40 KB
    assert response.json()["html"] == page["html"]
    small = await client.get("/api/usage", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in small.headers


async def test_cors_only_for_configured_origins(make_api: AppFactory) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,idempotency-key",
    }
    async with make_api(settings={"cors_origins": ["https://shop.example"]}) as api:
        client = api.client()
        allowed = await client.options(
            "/api/generate/start", headers={"Origin": "https://shop.example", **preflight}
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://shop.example"
        assert allowed.headers["access-control-allow-credentials"] == "true"
        refused = await client.options(
            "/api/generate/start", headers={"Origin": "https://evil.example", **preflight}
        )
        assert "access-control-allow-origin" not in refused.headers
        simple = await client.get("/api/usage", headers={"Origin": "https://shop.example"})
        assert simple.headers["access-control-allow-origin"] == "https://shop.example"
    async with make_api() as api:
        plain = await api.client().get("/api/usage", headers={"Origin": "https://shop.example"})
        assert "access-control-allow-origin" not in plain.headers


async def test_unknown_paths_and_methods_use_the_error_shape(api: Api) -> None:
    client = api.client()
    assert_error(await client.get("/api/nothing"), 404, "not_found")
    assert_error(await client.get("/api/generate/start"), 405, "method_not_allowed")
