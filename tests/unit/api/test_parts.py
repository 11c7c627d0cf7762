"""The API's pure parts: input rules, ETags, SSE cursors and events, middleware, errors."""

from __future__ import annotations

import inspect
import json
import warnings
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import httpx
import jwt
import pytest
from jwt.warnings import InsecureKeyLengthWarning
from pydantic import ValidationError
from starlette.types import Receive, Scope, Send

from bina.api.deps import get_caller, get_config, get_metrics, get_settings, get_store
from bina.api.errors import _human_duration, error_response
from bina.api.identity import BearerVerifier
from bina.api.middleware import BodySizeLimitMiddleware, ResponseHeadersMiddleware
from bina.api.schemas import GenerateRequest
from bina.api.service import etag, etag_matches
from bina.api.sse import Cursor, events_for
from bina.jobs import Job, JobStatus

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def make_job(**changes: Any) -> Job:
    job = Job(
        id="6f9619ff-8b86-4011-b42d-00c04fc964ff",
        job_id="3f0c9a52-8a5e-4c1f-9d4e-2b7f1e6a9c10",
        status=JobStatus.QUEUED,
        progress=0,
        stage="queued",
        message=None,
        payload={"description": "Kedai kopi", "language": "ms"},
        partial={},
        result=None,
        error=None,
        user_id="u",
        attempts=0,
        max_attempts=3,
        worker_id=None,
        lease_expires_at=None,
        available_at=None,
        started_at=None,
        finished_at=None,
        created_at=NOW,
        updated_at=NOW,
        idempotency_key=None,
        quota_subject="user:u",
        quota_refunded=False,
        version=1,
    )
    return replace(job, **changes)


def design(name: str) -> dict[str, str]:
    return {"style": name, "name": name, "description": "d", "html": f"<p>{name}</p>"}


# --- the request body ---------------------------------------------------------------------------


def test_the_description_is_trimmed_and_either_name_is_accepted() -> None:
    assert GenerateRequest.model_validate({"description": " a \n"}).text == "a"
    older = GenerateRequest.model_validate({"business_description": "b", "language": "EN"})
    assert (older.text, older.language) == ("b", "en")
    both = GenerateRequest.model_validate({"description": "c", "business_description": " c "})
    assert both.text == "c"
    assert GenerateRequest.model_validate({"description": "d", "language": None}).language == "ms"


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"description": ""},
        {"description": "   "},
        {"description": "x" * 5001},
        {"description": "tab\tok but bell\x07 is not"},
        {"description": "\ud83d"},
        {"description": "a", "business_description": "b"},
        {"description": "a", "language": "zh"},
    ],
)
def test_bad_descriptions_are_refused(body: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        GenerateRequest.model_validate(body)


def test_newlines_and_tabs_are_kept() -> None:
    text = "Kedai kopi\nBuka:\t7 pagi"
    assert GenerateRequest.model_validate({"description": text}).text == text


# --- ETags --------------------------------------------------------------------------------------


def test_etags_change_with_the_version_and_compare_weakly() -> None:
    job = make_job(version=4)
    tag = etag(job)
    assert tag.startswith('W/"') and tag != etag(make_job(version=5))
    assert etag_matches(tag, job)
    assert etag_matches(tag.removeprefix("W/"), job)
    assert etag_matches(f'"a", {tag}', job)
    assert etag_matches("*", job)
    assert not etag_matches(None, job)
    assert not etag_matches(etag(make_job(version=3)), job)


# --- SSE cursors and events ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last_event_id", "expected"),
    [
        (None, (0, 0)),
        ("", (0, 0)),
        ("4.2", (4, 2)),
        ("4", (0, 0)),
        ("x.y", (0, 0)),
        ("-1.0", (0, 0)),
        ("99.0", (0, 0)),  # a version this job never had
        ("4.999", (0, 0)),
        ("1" * 100, (0, 0)),
    ],
)
def test_last_event_ids_are_parsed_defensively(
    last_event_id: str | None, expected: tuple[int, int]
) -> None:
    cursor = Cursor.parse(last_event_id, make_job(version=5, partial={"styles": [design("a")]}))
    assert (cursor.version, cursor.styles) == expected


def test_events_bring_a_client_up_to_date_and_never_repeat() -> None:
    cursor = Cursor()
    queued = events_for(make_job(version=1), cursor, first=True)
    assert [(e.event, e.id, e.retry) for e in queued] == [("progress", "1.0", 2000)]

    running = make_job(
        version=4,
        status=JobStatus.PROCESSING,
        stage="styles",
        progress=60,
        partial={"styles": [design("modern"), design("minimal")]},
    )
    events = events_for(running, cursor, first=False)
    assert [(e.event, e.id) for e in events] == [
        ("style", "1.1"),
        ("style", "1.2"),
        ("progress", "4.2"),
    ]
    assert events_for(running, cursor, first=False) == []  # nothing new, nothing sent

    done = replace(
        running,
        version=6,
        status=JobStatus.COMPLETED,
        progress=100,
        stage="completed",
        result={
            "html": design("modern")["html"],
            "styles": [design("modern"), design("minimal"), design("bold")],
            "business_type": "cafe",
        },
    )
    final = events_for(done, cursor, first=False)
    assert [(e.event, e.id) for e in final] == [("style", "4.3"), ("completed", "6.3")]
    completed = json.loads(str(final[-1].data))
    assert completed["business_type"] == "cafe" and len(completed["styles"]) == 3
    assert "html" not in completed["styles"][0]
    assert cursor.finished_for(done)


def test_a_resumed_client_gets_only_what_it_lacks() -> None:
    done = make_job(
        version=9,
        status=JobStatus.COMPLETED,
        result={"styles": [design("a"), design("b"), design("c")]},
    )
    cursor = Cursor.parse("5.2", done)
    assert [(e.event, e.id) for e in events_for(done, cursor, first=True)] == [
        ("style", "5.3"),
        ("completed", "9.3"),
    ]


def test_failed_and_canceled_jobs_end_with_their_own_event() -> None:
    failed = make_job(version=3, status=JobStatus.FAILED, error="no", stage="failed")
    event = events_for(failed, Cursor(), first=True)[-1]
    assert event.event == "failed" and json.loads(str(event.data))["error"] == "no"
    canceled = make_job(version=3, status=JobStatus.CANCELED, stage="canceled")
    assert events_for(canceled, Cursor(), first=True)[-1].event == "canceled"


# --- middleware ---------------------------------------------------------------------------------


async def echo_body(scope: Scope, receive: Receive, send: Send) -> None:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": body})


async def test_the_size_limit_counts_bodies_without_content_length() -> None:
    app = BodySizeLimitMiddleware(echo_body, max_bytes=10)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        assert (await client.post("/", content=b"0123456789")).content == b"0123456789"

        async def parts() -> AsyncIterator[bytes]:
            yield b"012345"
            yield b"6789A"

        too_big = await client.post("/", content=parts())
        assert too_big.status_code == 413 and too_big.json()["error"] == "payload_too_large"
        declared = await client.post("/", content=b"x" * 11)
        assert declared.status_code == 413


async def test_headers_do_not_override_a_page_that_sets_its_own_policy() -> None:
    async def page(scope: Scope, receive: Receive, send: Send) -> None:
        headers = [(b"content-security-policy", b"default-src 'self'")]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": b"<p>hi</p>"})

    transport = httpx.ASGITransport(app=ResponseHeadersMiddleware(page))
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        web = await client.get("/create")
        api = await client.get("/api/usage")
    assert web.headers["content-security-policy"] == "default-src 'self'"
    assert "cache-control" not in web.headers
    assert web.headers["x-content-type-options"] == "nosniff"
    assert api.headers["cache-control"] == "no-store"


# --- errors and tokens ----------------------------------------------------------------------------


def test_error_responses_have_the_common_shape() -> None:
    response = error_response(429, "quota_exceeded", "wait", reset_at=NOW, limit=3)
    body = json.loads(bytes(response.body))
    assert body == {
        "success": False,
        "error": "quota_exceeded",
        "message": "wait",
        "reset_at": "2025-01-01T00:00:00+00:00",
        "limit": 3,
    }


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(1, "1 minute"), (59, "1 minute"), (61, "2 minutes"), (3600, "1 hour"), (86000, "24 hours")],
)
def test_durations_read_naturally(seconds: float, text: str) -> None:
    assert _human_duration(seconds) == text


def test_a_short_secret_still_verifies_and_warns_only_at_startup(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", InsecureKeyLengthWarning)
        signed = jwt.encode({"sub": "u", "exp": 9_999_999_999}, "short", algorithm="HS256")
    verifier = BearerVerifier("short")
    assert "shorter than 32 bytes" in caplog.text
    assert verifier.user_id(f"Bearer {signed}") == "u"  # and no warning per request


def test_dependencies_run_on_the_event_loop() -> None:
    # FastAPI runs a plain `def` dependency in a worker thread: on every request, a thread
    # hop each. They were most of a status poll's cost (docs/api.md, Benchmark).
    for dependency in (get_config, get_settings, get_store, get_metrics, get_caller):
        assert inspect.iscoroutinefunction(dependency), dependency.__name__


async def test_each_server_process_freezes_its_heap_once_warmed_up(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    # A full collection walks every tracked object; what the app keeps (routes, models,
    # compiled statements) lives as long as the process, and frozen it stops costing a pause.
    import gc

    from bina.app.serving import serving_app
    from bina.config import get_settings as process_settings

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bina.db'}")
    monkeypatch.setenv("BINA_EMBED_WORKER", "0")
    process_settings.cache_clear()
    gc.unfreeze()
    try:
        app = serving_app()
        assert gc.get_freeze_count() == 0  # not before it has started and warmed up
        async with app.router.lifespan_context(app):
            assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()
        process_settings.cache_clear()
