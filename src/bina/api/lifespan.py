"""The app's lifespan: open the job store, run what the application adds beside the API (its
embedded workers), and shut both down gently.

The API does not know what runs the jobs: the application hands it a way to open the store
and, optionally, a background part to run while the app serves (`ApiServices`).
"""

from __future__ import annotations

import contextlib
import gc
import logging
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from datetime import timedelta

from fastapi import FastAPI

from bina.api.identity import IdentityResolver
from bina.api.metrics import ApiMetrics
from bina.api.published_pages import PublishedPages
from bina.config import Settings
from bina.jobs import JobStore
from bina.sites import SiteStore

logger = logging.getLogger(__name__)

#: Database connections an API process keeps (and opens at startup).
API_POOL_SIZE = 10
#: Runs beside the API while it serves (the application's embedded workers, say).
Background = Callable[[JobStore, ApiMetrics], AbstractAsyncContextManager[None]]


@dataclass(frozen=True, slots=True)
class ApiServices:
    """What the application gives the API: its store, and what to run beside it."""

    open_store: Callable[[Settings, int], JobStore]
    background: Background | None = None


@dataclass(frozen=True, slots=True)
class AppConfig:
    """What the API was asked for; the lifespan builds the running parts from it."""

    settings: Settings
    services: ApiServices
    sse_ping_seconds: float = 15.0
    # `bina serve`: once started and warmed up, freeze what the process keeps.
    freeze_heap_when_ready: bool = False


def live_worker_window(settings: Settings) -> timedelta:
    """A worker counts as live when it heartbeated within this (three missed beats)."""
    return timedelta(seconds=max(settings.effective_heartbeat_seconds * 3, 1.0))


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    config: AppConfig = app.state.config
    identity: IdentityResolver = app.state.identity
    metrics: ApiMetrics = app.state.metrics
    if identity.key_source == "DATABASE_URL":
        logger.warning(
            "anonymous cookies are signed with a key derived from DATABASE_URL; "
            "set BINA_COOKIE_SECRET on a public deployment"
        )
    store = config.services.open_store(config.settings, API_POOL_SIZE)
    await store.start()
    await store.warm_up(API_POOL_SIZE)  # the first visitors after a deploy wait for no connect
    app.state.store = store
    # Sites live in the same database, on the same connections.
    app.state.sites = sites = SiteStore(
        store.database, max_sites_per_user=config.settings.max_sites_per_user
    )
    app.state.published = PublishedPages(sites)
    try:
        async with contextlib.AsyncExitStack() as running:
            # The JWKS (when configured) is fetched now and kept fresh while the app serves.
            await running.enter_async_context(identity.running())
            if config.services.background is not None:
                await running.enter_async_context(config.services.background(store, metrics))
            if config.freeze_heap_when_ready:
                # What exists now lives as long as the process: frozen, full collections stop
                # walking it (they took 50-120 ms, a pause every request in flight waited out).
                gc.collect()
                gc.freeze()
            yield
    finally:
        await store.close()
        metrics.close()
