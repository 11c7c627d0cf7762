"""Generation jobs: start, status (ETag, long poll), stream (SSE), cancel, and the old sync call."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import JSONResponse
from sse_starlette import EventSourceResponse

from bina.api import service, site_jobs
from bina.api.deps import (
    CallerDep,
    ConfigDep,
    IdempotencyKeyHeader,
    IfNoneMatchHeader,
    JobTokenQuery,
    JobTokensDep,
    LastEventIdHeader,
    MetricsDep,
    SettingsDep,
    StoreDep,
    job_pass,
)
from bina.api.docs import OPTIONAL_AUTH, errors
from bina.api.errors import ApiError
from bina.api.identity import Caller
from bina.api.methods import is_head
from bina.api.metrics import ApiMetrics
from bina.api.schemas import GenerateRequest, JobStatusResponse, SimpleResponse, StartResponse
from bina.api.sse import SSE_EVENT_SCHEMA, Cursor, job_events
from bina.api.status_body import StatusBodies
from bina.api.status_route import StatusPollRoute, WaitQuery
from bina.config import Settings
from bina.jobs import Job, JobHead, JobStore, QuotaExceeded
from bina.jobs.raw_reads import JobText

router = APIRouter(prefix="/api", tags=["generate"])

_START_HEADERS = {
    "Location": {"description": "The job's status URL.", "schema": {"type": "string"}},
    "Retry-After": {
        "description": "Seconds until a first poll is useful.",
        "schema": {"type": "integer"},
    },
    "Idempotent-Replayed": {
        "description": "`true` when an earlier start with this Idempotency-Key is returned.",
        "schema": {"type": "string"},
    },
}
LastEventIdQuery = Annotated[
    str | None,
    Query(
        alias="last_event_id",
        description="Same as the `Last-Event-ID` header, for clients that cannot set it.",
    ),
]


@router.post(
    "/generate/start",
    status_code=202,
    response_model=StartResponse,
    summary="Start generating a website",
    openapi_extra=OPTIONAL_AUTH,
    responses={202: {"headers": _START_HEADERS}, **errors(400, 401, 413, 415, 422, 429, 503)},
)
async def start_generation(
    body: GenerateRequest,
    request: Request,
    response: Response,
    caller: CallerDep,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
    tokens: JobTokensDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> StartResponse:
    """Commit a job and return its id at once (202); follow it by polling or streaming."""
    job, created = await _start(store, settings, caller, body, idempotency_key, metrics)
    started = service.start_response(request, job, tokens)
    response.headers.update(service.start_headers(started, replayed=not created))
    return started


async def job_status(
    job_id: str,
    request: Request,
    caller: CallerDep,
    token: JobTokenQuery = None,
    wait: WaitQuery = None,
    if_none_match: IfNoneMatchHeader = None,
) -> Response:
    """The job now; with `?wait=N`, as soon as it changes (or after N seconds)."""
    # The phones poll this every 3 s: StatusPollRoute calls it with its parameters read by
    # hand, and the store comes straight from the app, not as a dependency.
    store: JobStore = request.app.state.store
    proof = job_pass(request, token)
    if if_none_match is not None:
        # A client that has a version asks whether it changed: answered from the job's head
        # (owner, status, version), never from the designs, unless it did change.
        head = await service.followed_head(store, job_id, caller, proof)
        if service.etag_matches(if_none_match, head):
            if wait and not head.is_finished:
                waiting = service.wait_for_new_version(store, head, wait)
                head = await service.unless_disconnected(request, waiting, head)
            if service.etag_matches(if_none_match, head):
                return Response(status_code=304, headers=_status_headers(head))
    job = await service.followed_job_text(store, job_id, caller, proof)
    if wait and if_none_match is None:
        waiting_for_text = service.wait_for_text_change(store, job, wait)
        job = await service.unless_disconnected(request, waiting_for_text, job)
    bodies: StatusBodies = request.app.state.status_bodies
    body = bodies.body(job)
    if body is not None:
        return Response(body, media_type="application/json", headers=_status_headers(job))
    # Designs stored without the answer's shape (rows written by hand, or by the system Bina
    # replaced): answered from the decoded job, as status_body.py explains.
    decoded = await service.followed_job(store, job_id, caller, proof)
    body = service.status_response(decoded).model_dump_json().encode()
    return Response(body, media_type="application/json", headers=_status_headers(decoded))


router.add_api_route(
    "/generate/status/{job_id}",
    job_status,
    methods=["GET"],
    name="job_status",
    response_model=JobStatusResponse,
    summary="A job's status",
    openapi_extra=OPTIONAL_AUTH,
    responses={
        200: {"headers": {"ETag": {"description": "Send back as `If-None-Match`."}}},
        304: {"description": "Unchanged since the `If-None-Match` ETag."},
        **errors(401, 404, 422, 503),
    },
    route_class_override=StatusPollRoute,
)


def _status_headers(job: Job | JobHead | JobText) -> dict[str, str]:
    # `private`: no proxy keeps a poll; `no-cache`: a browser revalidates by ETag each time.
    return {"ETag": service.etag(job), "Cache-Control": "private, no-cache"}


@router.get(
    "/generate/stream/{job_id}",
    name="job_stream",
    summary="A job's progress as Server-Sent Events",
    openapi_extra=OPTIONAL_AUTH,
    response_class=EventSourceResponse,
    responses={
        200: {
            "content": {"text/event-stream": {"itemSchema": SSE_EVENT_SCHEMA}},
            "description": "Events `progress`, `style`, then one of `completed`, `failed`, "
            "`canceled`. Ids are `<version>.<styles>`; send the last as `Last-Event-ID`. "
            "A comment line (`: ping`) every 15 s keeps proxies from closing the stream.",
        },
        204: {"description": "The client already received the job's final event."},
        **errors(401, 404, 422, 503),
    },
)
async def job_stream(
    job_id: str,
    request: Request,
    caller: CallerDep,
    store: StoreDep,
    config: ConfigDep,
    metrics: MetricsDep,
    token: JobTokenQuery = None,
    last_event_id: LastEventIdHeader = None,
    last_event_id_query: LastEventIdQuery = None,
) -> Response:
    """Follow a job live; works on any instance, whichever worker runs the job."""
    job = await service.followed_job(store, job_id, caller, job_pass(request, token))
    cursor = Cursor.parse(last_event_id or last_event_id_query, job)
    if cursor.finished_for(job):
        return Response(status_code=204)
    if is_head(request):
        return _stream_headers_only()
    return EventSourceResponse(
        job_events(store, job, cursor, metrics),
        ping=config.sse_ping_seconds,
        send_timeout=30,
        headers={"Cache-Control": "no-store"},
    )


def _stream_headers_only() -> Response:
    """The stream's headers, for HEAD: no stream is opened, nothing waits on the job."""
    response = Response(
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )
    del response.headers["content-length"]  # the stream itself has none
    return response


@router.post(
    "/generate/{job_id}/cancel",
    response_model=JobStatusResponse,
    summary="Cancel a job",
    openapi_extra=OPTIONAL_AUTH,
    responses=errors(401, 404, 409, 422, 503),
)
async def cancel_job(job_id: str, caller: CallerDep, store: StoreDep) -> JobStatusResponse:
    """Cancel a queued or running job; the worker stops at its next checkpoint."""
    job = await service.cancel_followed_job(store, job_id, caller)
    if job.status.value in ("completed", "failed"):
        raise ApiError(409, "already_finished", f"The job is already {job.status.value}.")
    return service.status_response(job)


@router.post(
    "/generate-simple",
    response_model=SimpleResponse,
    summary="Generate and wait (the older synchronous call)",
    openapi_extra=OPTIONAL_AUTH,
    responses={
        202: {
            "model": StartResponse,
            "description": "Not finished within the server's wait; poll `status_url`.",
            "headers": _START_HEADERS,
        },
        **errors(400, 401, 409, 413, 415, 422, 429, 503),
    },
)
async def generate_simple(
    body: GenerateRequest,
    request: Request,
    caller: CallerDep,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
    tokens: JobTokensDep,
    idempotency_key: IdempotencyKeyHeader = None,
) -> Any:
    """Start a job and wait for it; if it takes too long, answer 202 with the job to poll."""
    job, created = await _start(store, settings, caller, body, idempotency_key, metrics)
    waiting = service.wait_until_finished(store, job, settings.simple_timeout_s)
    job = await service.unless_disconnected(request, waiting, job)
    if job.status.value == "completed":
        return SimpleResponse(
            job_id=job.job_id,
            html=site_jobs.html_of(job) or "",
            styles=service.styles_of(job),
            business_type=site_jobs.business_type_of(job),
        )
    if job.status.value == "failed":
        raise _failed(job.error, refunded=job.quota_refunded)
    if job.status.value == "canceled":
        raise ApiError(409, "canceled", "The job was canceled before it finished.")
    started = service.start_response(request, job, tokens)
    headers = service.start_headers(started, replayed=not created)
    return JSONResponse(started.model_dump(), status_code=202, headers=headers)


async def _start(
    store: JobStore,
    settings: Settings,
    caller: Caller,
    body: GenerateRequest,
    idempotency_key: str | None,
    metrics: ApiMetrics,
) -> tuple[Job, bool]:
    try:
        job, created = await service.start_job(store, settings, caller, body, idempotency_key)
    except QuotaExceeded:
        metrics.quota_rejections.inc()
        raise
    metrics.jobs_started.labels("created" if created else "replayed").inc()
    return job, created


def _failed(error: str | None, *, refunded: bool) -> ApiError:
    message = error or "The website could not be generated."
    if refunded:  # the system's fault: the generation was given back, and a retry may work
        return ApiError(503, "generation_failed", message, headers={"Retry-After": "30"})
    return ApiError(422, "generation_failed", message)
