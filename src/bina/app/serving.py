"""The whole app, and `bina serve`: migrate, then run it on Uvicorn, in one process or N.

`create_app` wires the API to Bina's store and, unless told otherwise, a worker inside the
process running the site generator. Every server process builds its app from the environment
(`serving_app`, in Uvicorn's factory mode), so the command's options travel as environment
variables: `BINA_CONCURRENCY` (a Settings field) and `BINA_EMBED_WORKER` (read by
`create_app`).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import tempfile
from types import FrameType

import uvicorn
from fastapi import Depends, FastAPI

from bina import web
from bina.api.deps import issue_visitor_cookie
from bina.api.lifespan import ApiServices
from bina.api.main import create_api
from bina.api.metrics import MULTIPROCESS_ENV
from bina.app.embedded import EMBED_WORKER_ENV, embed_worker_from_env, embedded_worker
from bina.app.http_edge import EdgeProtocol
from bina.app.logs import configure_logging, logging_config
from bina.app.workers import HandlerFactory, generation_handler, open_job_store
from bina.config import Settings, get_settings
from bina.jobs.migrate import upgrade

logger = logging.getLogger(__name__)

APP_FACTORY = "bina.app.serving:serving_app"
#: On SIGTERM, how long Uvicorn lets open requests (long polls) finish before closing them.
GRACEFUL_SHUTDOWN_SECONDS = 10


def create_app(
    settings: Settings | None = None,
    *,
    embed_worker: bool | None = None,
    handler_factory: HandlerFactory | None = None,
    sse_ping_seconds: float = 15.0,
    freeze_heap_when_ready: bool = False,
) -> FastAPI:
    """The app; with no arguments, from the environment (BINA_*, DATABASE_URL).

    `embed_worker`: run a worker inside the process (default: yes, unless
    `BINA_EMBED_WORKER=0`); `handler_factory`: what that worker runs (the site generator).
    """
    settings = settings or get_settings()
    embed = embed_worker_from_env() if embed_worker is None else embed_worker
    services = ApiServices(
        open_store=lambda settings, pool_size: open_job_store(settings, pool_size=pool_size),
        background=embedded_worker(settings, handler_factory or generation_handler)
        if embed
        else None,
    )
    app = create_api(
        settings,
        services,
        sse_ping_seconds=sse_ping_seconds,
        freeze_heap_when_ready=freeze_heap_when_ready,
    )
    # The /create page; loading it gives the visitor their anonymous cookie.
    app.include_router(web.router, dependencies=[Depends(issue_visitor_cookie)])
    web.mount_static(app)
    return app


def serving_app() -> FastAPI:
    """The app as each `bina serve` process runs it (Uvicorn calls this in factory mode).

    What exists once the app has started and warmed up (modules, routes, models, compiled
    statements, templates: over 100,000 objects) lives as long as the process. Frozen, the
    collector stops walking it in every full collection, which took 50-120 ms, a pause every
    request in flight waited out (docs/performance.md).
    """
    return create_app(freeze_heap_when_ready=True)


def _exit_cleanly(_signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(0)


def run_server(
    *,
    host: str,
    port: int,
    processes: int = 1,
    embed_worker: bool = True,
    concurrency: int | None = None,
) -> None:
    os.environ[EMBED_WORKER_ENV] = "1" if embed_worker else "0"
    if concurrency is not None:
        os.environ["BINA_CONCURRENCY"] = str(concurrency)
        get_settings.cache_clear()
    settings: Settings = get_settings()
    configure_logging(settings.log_level, settings.log_format)
    # Before any process serves: the schema is current (concurrent starts are serialized).
    upgrade(settings.database_url)
    # Uvicorn shuts down gracefully on SIGTERM, then raises the signal again for the handler
    # that was there before it: make that one a clean exit, as `bina worker` does.
    signal.signal(signal.SIGTERM, _exit_cleanly)
    metrics_dir = None
    if processes > 1 and not os.environ.get(MULTIPROCESS_ENV):
        metrics_dir = tempfile.mkdtemp(prefix="bina-metrics-")
        os.environ[MULTIPROCESS_ENV] = metrics_dir
    try:
        uvicorn.run(
            APP_FACTORY,
            factory=True,
            host=host,
            port=port,
            workers=processes,
            lifespan="on",
            # Client addresses come from BINA_TRUSTED_PROXIES in the app, not from Uvicorn.
            proxy_headers=False,
            server_header=False,
            log_level=settings.log_level,
            # Each server process sets its logging from this too, before it logs anything.
            log_config=logging_config(settings.log_level, settings.log_format),
            # httptools (the fastest parser) behind the edge's deadlines and header bound.
            http=EdgeProtocol,
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
