"""The FastAPI app: routes, middleware, error handlers, the web page (bina.app wires it)."""

from __future__ import annotations

import logging

from fastapi import FastAPI
from fastapi.middleware.cors import CORSMiddleware
from fastapi.routing import APIRoute
from starlette.middleware.gzip import GZipMiddleware

from bina import __version__
from bina.api import telemetry
from bina.api.docs import document_bearer_scheme
from bina.api.errors import install_error_handlers
from bina.api.identity import IdentityResolver
from bina.api.job_tokens import JobTokens
from bina.api.lifespan import ApiServices, AppConfig, lifespan
from bina.api.methods import MethodsMiddleware
from bina.api.metrics import ApiMetrics, LatencyMiddleware
from bina.api.middleware import (
    BodySizeLimitMiddleware,
    ResponseHeadersMiddleware,
    SitesDomainMiddleware,
)
from bina.api.request_guard import RequestGuard, RequestGuardMiddleware
from bina.api.request_id import RequestIdMiddleware
from bina.api.routes import api_router
from bina.api.routes.probes import add_probes
from bina.api.status_body import StatusBodies
from bina.config import Settings

logger = logging.getLogger(__name__)

DESCRIPTION = """\
Turns a small business's description into a finished, mobile-first website, as a durable job.

Start a job with `POST /api/generate/start` (202 at once), then poll
`GET /api/generate/status/{job_id}` (ETag, `?wait=` long poll) or stream
`GET /api/generate/stream/{job_id}` (Server-Sent Events). Errors are always
`{"success": false, "error": "<code>", "message": "<human>"}`.

Identity: `Authorization: Bearer <JWT>` (HS256 with the server's secret, or ES256/RS256/EdDSA
from its JWKS, as Supabase signs them; `sub` is the user), else a signed anonymous cookie the
server sets. `status_url` and `stream_url` carry a `token` that lets a page on another origin
follow its own job without credentials (`EventSource` cannot send `Authorization`).
Quota: a few free generations per rolling 24 h (`GET /api/usage`).
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
        generate_unique_id_function=operation_id,
    )
    app.state.config = config
    app.state.identity = IdentityResolver(settings)
    app.state.job_tokens = JobTokens.from_settings(settings)
    app.state.metrics = metrics = ApiMetrics()
    app.state.status_bodies = StatusBodies()
    install_error_handlers(app)
    app.include_router(api_router)
    add_probes(app)
    document_bearer_scheme(app)
    # Added innermost first: a request meets its id, latency timing, headers, CORS, the
    # cross-site and content-type guard (before any body is read), HEAD as GET, size limit,
    # gzip.
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=5)
    app.add_middleware(BodySizeLimitMiddleware)
    app.add_middleware(MethodsMiddleware)
    app.add_middleware(RequestGuardMiddleware, guard=RequestGuard.from_settings(settings))
    if settings.cors_origins:
        _allow_cross_origin(app, settings.cors_origins)
    app.add_middleware(ResponseHeadersMiddleware)
    app.add_middleware(LatencyMiddleware, metrics=metrics)
    if settings.sites_domain:
        app.add_middleware(SitesDomainMiddleware, domain=settings.sites_domain)
    # Outermost: every answer, those of the middleware above included, carries the id.
    app.add_middleware(RequestIdMiddleware)
    telemetry.instrument(app)  # only when OpenTelemetry is installed and asked for
    return app


def operation_id(route: APIRoute) -> str:
    """OpenAPI operation ids are the route functions' names, in snake_case (`start_generation`,
    `job_status`): stable, unique (a test checks), and what a generated client calls them."""
    return route.name


#: What a page on an allowed origin may send and read (preflights answer with these).
CORS_REQUEST_HEADERS = [
    "Authorization",
    "Content-Type",
    "Idempotency-Key",
    "If-Match",
    "If-None-Match",
    "Last-Event-ID",
    "X-Request-ID",
]
CORS_EXPOSED_HEADERS = ["ETag", "Location", "Retry-After", "Idempotent-Replayed", "X-Request-ID"]


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
