"""The FastAPI app factory (`bina serve` runs it through `bina.api.server:serving_app`)."""

from __future__ import annotations

import importlib
import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from bina import __version__
from bina.api.errors import install_error_handlers
from bina.api.identity import IdentityResolver
from bina.api.lifespan import AppConfig, HandlerFactory, embed_worker_from_env, lifespan
from bina.api.metrics import ApiMetrics, LatencyMiddleware
from bina.api.middleware import BodySizeLimitMiddleware, ResponseHeadersMiddleware
from bina.api.routes import api_router
from bina.config import Settings, get_settings

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Turns a small business's description into a finished, mobile-first website, as a durable job.

Start a job with `POST /api/generate/start` (202 at once), then poll
`GET /api/generate/status/{job_id}` (ETag, `?wait=` long poll) or stream
`GET /api/generate/stream/{job_id}` (Server-Sent Events). Errors are always
`{"success": false, "error": "<code>", "message": "<human>"}`.

Identity: `Authorization: Bearer <HS256 JWT>` (`sub` is the user), else a signed anonymous
cookie the server sets. Quota: a few free generations per rolling 24 h (`GET /api/usage`).
"""


def create_app(
    settings: Settings | None = None,
    *,
    embed_worker: bool | None = None,
    handler_factory: HandlerFactory | None = None,
    sse_ping_seconds: float = 15.0,
    freeze_heap_when_ready: bool = False,
) -> FastAPI:
    """Build the app; with no arguments, from the environment (BINA_*, DATABASE_URL)."""
    settings = settings or get_settings()
    config = AppConfig(
        settings=settings,
        embed_worker=embed_worker_from_env() if embed_worker is None else embed_worker,
        handler_factory=handler_factory,
        sse_ping_seconds=sse_ping_seconds,
        freeze_heap_when_ready=freeze_heap_when_ready,
    )
    app = FastAPI(
        title="Bina",
        version=__version__,
        description=DESCRIPTION,
        lifespan=lifespan,
        # A JSON body without a Content-Type is read as JSON (older clients omit it); a body
        # declared as something else is refused with 415.
        strict_content_type=False,
    )
    app.state.config = config
    app.state.identity = IdentityResolver(settings)
    app.state.metrics = metrics = ApiMetrics()
    install_error_handlers(app)
    app.include_router(api_router)
    _include_web(app)
    # Added innermost first: a request meets latency timing, headers, CORS, size limit, gzip.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(BodySizeLimitMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_credentials=True,
            allow_methods=["GET", "POST", "OPTIONS"],
            allow_headers=[
                "Authorization",
                "Content-Type",
                "Idempotency-Key",
                "If-None-Match",
                "Last-Event-ID",
            ],
            expose_headers=["ETag", "Location", "Retry-After", "Idempotent-Replayed"],
            max_age=600,
        )
    app.add_middleware(ResponseHeadersMiddleware)
    app.add_middleware(LatencyMiddleware, metrics=metrics)
    return app


def _include_web(app: FastAPI) -> None:
    """Serve the /create page when the `bina.web` package provides its router."""
    try:
        web = importlib.import_module("bina.web")
    except ImportError:
        return
    router = getattr(web, "router", None)
    if router is None:
        logger.info("bina.web has no router yet; serving the API only")
        return
    app.include_router(router)
    mount_static = getattr(web, "mount_static", None)
    if callable(mount_static):
        mount_static(app)
