"""`bina serve`: migrate, then run the app on Uvicorn, in one process or N sharing the database.

Every server process builds its app from the environment (`serving_app`, which calls
`bina.api.main:create_app`, in factory mode), so the command's options travel as environment
variables: `BINA_CONCURRENCY` (a Settings field) and `BINA_EMBED_WORKER` (read by
`create_app`).
"""

from __future__ import annotations

import copy
import logging
import os
import shutil
import signal
import tempfile
from types import FrameType
from typing import Any

import uvicorn
from fastapi import FastAPI

from bina.api.lifespan import EMBED_WORKER_ENV
from bina.api.main import create_app
from bina.api.metrics import MULTIPROCESS_ENV
from bina.config import Settings, get_settings
from bina.jobs.migrate import upgrade

logger = logging.getLogger(__name__)

APP_FACTORY = "bina.api.server:serving_app"
#: On SIGTERM, how long Uvicorn lets open requests (long polls) finish before closing them.
GRACEFUL_SHUTDOWN_SECONDS = 10


def log_config(level: str) -> dict[str, Any]:
    """Uvicorn's logging, plus the `bina` loggers on the same handler in every process."""
    config: dict[str, Any] = copy.deepcopy(uvicorn.config.LOGGING_CONFIG)
    config["loggers"]["bina"] = {
        "handlers": ["default"],
        "level": level.upper(),
        "propagate": False,
    }
    return config


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
    logging.basicConfig(level=settings.log_level.upper())
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
            log_config=log_config(settings.log_level),
            timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_SECONDS,
        )
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
