"""The FastAPI app: routes, middleware, error handlers, the web page (bina.app wires it)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware

from bina import __version__
from bina.api.errors import install_error_handlers
from bina.api.identity import IdentityResolver
from bina.api.lifespan import ApiServices, AppConfig, lifespan
from bina.api.metrics import ApiMetrics, LatencyMiddleware
from bina.api.middleware import (
    BodySizeLimitMiddleware,
    ResponseHeadersMiddleware,
    SitesDomainMiddleware,
)
from bina.api.routes import api_router
from bina.config import Settings

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


def create_api(
    settings: Settings,
    services: ApiServices,
    *,
    sse_ping_seconds: float = 15.0,
    freeze_heap_when_ready: bool = False,
) -> FastAPI:
    """The FastAPI app over the store `services` opens (bina.app.create_app wires it)."""
    config = AppConfig(
        settings=settings,
        services=services,
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
    # Added innermost first: a request meets latency timing, headers, CORS, size limit, gzip.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(BodySizeLimitMiddleware)
    if settings.cors_origins:
        _allow_cross_origin(app, settings.cors_origins)
    app.add_middleware(ResponseHeadersMiddleware)
    app.add_middleware(LatencyMiddleware, metrics=metrics)
    if settings.sites_domain:
        app.add_middleware(SitesDomainMiddleware, domain=settings.sites_domain)
    return app


#: What a page on an allowed origin may send and read (preflights answer with these).
CORS_REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "Last-Event-ID",
]
CORS_EXPOSED_HEADERS = ["ETag", "Location", "Retry-After", "Idempotent-Replayed"]


def _allow_cross_origin(app: FastAPI, origins: list[str]) -> None:
    """CORS for front ends on other origins (a Next.js app on its own host, say).

    Exact origins may send credentials (the cookie, a token); a `*` entry lets any origin
    call without credentials, and is never combined with them: echoing any origin while
    allowing cookies would let every site act as the visitor. Calls without credentials
    work either way: their jobs are capability jobs, followed by id.
    """
    wildcard = "*" in origins
    if wildcard:
        logger.warning("BINA_CORS_ORIGINS has '*': any origin may call, without credentials")
    app.add_middleware(
        CORSMiddleware,
        allow_origins=["*"] if wildcard else origins,
        allow_credentials=not wildcard,
        allow_methods=["GET", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS"],
        allow_headers=CORS_REQUEST_HEADERS,
        expose_headers=CORS_EXPOSED_HEADERS,
        max_age=600,
    )
