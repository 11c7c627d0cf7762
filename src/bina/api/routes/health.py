"""Health for load balancers and operators, and Prometheus metrics."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Response
from fastapi.responses import JSONResponse

from bina.api.deps import MetricsDep, SettingsDep, StoreDep
from bina.api.docs import RETRY_AFTER
from bina.api.errors import STORE_RETRY_AFTER_SECONDS, UNAVAILABLE_ERROR
from bina.api.lifespan import live_worker_window
from bina.api.schemas import HealthResponse
from bina.jobs import QueueStats, StoreUnavailable

router = APIRouter(tags=["operations"])


@router.get(
    "/api/health",
    response_model=HealthResponse,
    summary="Health check",
    responses={
        503: {
            "model": HealthResponse,
            "description": "The database is unreachable.",
            "headers": {"Retry-After": RETRY_AFTER},
        }
    },
)
async def health(store: StoreDep, settings: SettingsDep) -> JSONResponse:
    """200 while the database answers (`degraded` when jobs wait without a live worker);
    503 with `Retry-After` when it does not answer within `BINA_DB_TIMEOUT_S`."""
    stats: QueueStats | None
    try:
        # The store gives up on a silent PostgreSQL by itself at this bound; the guard is for
        # what it does not bound (a SQLite file on a disk that stopped answering).
        async with asyncio.timeout(settings.db_timeout_s):
            stats = await store.queue_stats(live_worker_window(settings))
    except (StoreUnavailable, TimeoutError):
        stats = None
    notifications = "live" if store.listening else "polling"
    if stats is None:
        body = HealthResponse(
            success=False,
            status="unavailable",
            database="unreachable",
            backend=store.backend_name,
            notifications=notifications,
            queue_depth=None,
            processing=None,
            oldest_queued_age_seconds=None,
            live_workers=None,
            warnings=["the job database cannot be reached"],
        )
        headers = {"Retry-After": str(STORE_RETRY_AFTER_SECONDS)}
        # The common error keys too, so that one check fits every route's 503.
        content = {**body.model_dump(mode="json"), **UNAVAILABLE_ERROR}
        return JSONResponse(content, status_code=503, headers=headers)
    warnings = _warnings(stats, settings.lease_seconds)
    body = HealthResponse(
        success=True,
        status="degraded" if warnings else "ok",
        database="ok",
        backend=store.backend_name,
        notifications=notifications,
        queue_depth=stats.queued,
        processing=stats.processing,
        oldest_queued_age_seconds=stats.oldest_queued_age_seconds,
        live_workers=stats.live_workers,
        warnings=warnings,
    )
    return JSONResponse(body.model_dump(mode="json"))


# Load balancers and uptime monitors send HEAD as often as GET (undocumented twin).
router.add_api_route("/api/health", health, methods=["HEAD"], include_in_schema=False)


def _warnings(stats: QueueStats, lease_seconds: float) -> list[str]:
    warnings = []
    if stats.queued and not stats.live_workers:
        warnings.append(f"{stats.queued} job(s) waiting and no live worker")
    age = stats.oldest_queued_age_seconds
    if age is not None and age > max(60.0, 2 * lease_seconds):
        warnings.append(f"the oldest queued job has waited {age:.0f} s")
    return warnings


@router.get(
    "/metrics",
    summary="Prometheus metrics",
    response_class=Response,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
async def metrics(store: StoreDep, settings: SettingsDep, metrics: MetricsDep) -> Response:
    """Jobs by status, queue depth, live workers, job durations, HTTP latency by route."""
    content, media_type = await metrics.render(store, live_worker_window(settings))
    return Response(content, media_type=media_type)
