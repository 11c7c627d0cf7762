"""The routes' dependencies, as `Annotated` aliases: settings, store, metrics, the caller.

All are `async def` although none awaits: FastAPI runs a plain `def` dependency in a worker
thread, and those thread hops were most of a status poll's cost.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Header, Query, Request

from bina.api.addresses import Addresses
from bina.api.errors import ApiError
from bina.api.identity import COOKIE_NAME, AuthenticationFailed, Caller, IdentityResolver
from bina.api.job_tokens import JobPass, JobTokens
from bina.api.lifespan import AppConfig
from bina.api.metrics import ApiMetrics
from bina.api.middleware import SET_COOKIE_STATE_KEY
from bina.api.published_pages import PublishedPages
from bina.api.sites_service import SiteAccess
from bina.config import Settings
from bina.jobs import JobStore
from bina.sites import SiteStore


async def get_config(request: Request) -> AppConfig:
    config: AppConfig = request.app.state.config
    return config


async def get_settings(request: Request) -> Settings:
    config: AppConfig = request.app.state.config
    return config.settings


async def get_store(request: Request) -> JobStore:
    store: JobStore = request.app.state.store
    return store


async def get_sites(request: Request) -> SiteStore:
    sites: SiteStore = request.app.state.sites
    return sites


async def get_published(request: Request) -> PublishedPages:
    published: PublishedPages = request.app.state.published
    return published


async def get_site_access(
    request: Request, caller: Annotated[Caller, Depends(get_caller)]
) -> SiteAccess:
    config: AppConfig = request.app.state.config
    return SiteAccess(
        caller=caller,
        sites=request.app.state.sites,
        published=request.app.state.published,
        addresses=Addresses.of(request, config.settings),
    )


async def get_metrics(request: Request) -> ApiMetrics:
    metrics: ApiMetrics = request.app.state.metrics
    return metrics


async def get_caller(request: Request) -> Caller:
    """The signed-in user (Bearer JWT) or the anonymous visitor (signed cookie, issued here).

    The Bearer scheme is documented in OpenAPI by docs.py, not by a `Security` parameter here:
    that would be a sub-dependency FastAPI resolves on every request (on the status poll, a
    tenth of its cost) only to say what the header below already says.
    """
    identity: IdentityResolver = request.app.state.identity
    client = request.scope.get("client")
    try:
        caller, set_cookie = await identity.resolve(
            authorization=request.headers.get("authorization"),
            cookie=request.cookies.get(COOKIE_NAME),
            peer=client[0] if client else None,
            forwarded_for=request.headers.getlist("x-forwarded-for"),
            https=request.scope.get("scheme") == "https",
            forwarded_proto=request.headers.get("x-forwarded-proto"),
        )
    except AuthenticationFailed as exc:
        raise ApiError(
            401,
            exc.error,
            exc.message,
            headers={
                "WWW-Authenticate": f'Bearer error="invalid_token", error_description="{exc.error}"'
            },
        ) from exc
    if set_cookie is not None:
        setattr(request.state, SET_COOKIE_STATE_KEY, set_cookie)
    return caller


async def issue_visitor_cookie(request: Request) -> None:
    """Give a page visitor their anonymous identity on load (no error for a bad token here:
    a page is not an API call)."""
    identity: IdentityResolver = request.app.state.identity
    client = request.scope.get("client")
    set_cookie = identity.visitor_cookie(
        cookie=request.cookies.get(COOKIE_NAME),
        peer=client[0] if client else None,
        https=request.scope.get("scheme") == "https",
        forwarded_proto=request.headers.get("x-forwarded-proto"),
    )
    if set_cookie is not None:
        setattr(request.state, SET_COOKIE_STATE_KEY, set_cookie)


async def get_job_tokens(request: Request) -> JobTokens:
    tokens: JobTokens = request.app.state.job_tokens
    return tokens


#: The `token` of a start's `status_url` / `stream_url`. A plain query parameter of the route,
#: not a dependency of its own: each sub-dependency costs FastAPI's resolver about 30 µs, a
#: tenth of a status poll.
JobTokenQuery = Annotated[
    str | None,
    Query(
        description="The `token` of the `status_url` / `stream_url` a start answered: "
        "follows this one job without other credentials (for `EventSource`, or a page on "
        "another origin after a reload)."
    ),
]


def job_pass(request: Request, token: str | None) -> JobPass:
    """What a request's `?token=` proves about the job it names (maybe nothing)."""
    tokens: JobTokens = request.app.state.job_tokens
    return JobPass(tokens, token)


ConfigDep = Annotated[AppConfig, Depends(get_config)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
StoreDep = Annotated[JobStore, Depends(get_store)]
SitesDep = Annotated[SiteStore, Depends(get_sites)]
PublishedDep = Annotated[PublishedPages, Depends(get_published)]
SiteAccessDep = Annotated[SiteAccess, Depends(get_site_access)]
MetricsDep = Annotated[ApiMetrics, Depends(get_metrics)]
CallerDep = Annotated[Caller, Depends(get_caller)]
JobTokensDep = Annotated[JobTokens, Depends(get_job_tokens)]

IdempotencyKeyHeader = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description=(
            "A key you choose (a UUID is best) to make a retried start safe: the same key from "
            "the same caller returns the same job, with no second quota charge."
        ),
        examples=["7d8f5d1e-3c5a-4b7e-9f1a-0c2d3e4f5a6b"],
    ),
]
IfNoneMatchHeader = Annotated[
    str | None,
    Header(alias="If-None-Match", description="The `ETag` of the status you already have."),
]
LastEventIdHeader = Annotated[
    str | None,
    Header(alias="Last-Event-ID", description="Resume after this event (browsers send it)."),
]
