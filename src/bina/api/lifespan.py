"""The app's lifespan: open the job store, run the embedded workers, shut both down gently.

SIGTERM (or Ctrl+C) stops the embedded worker at once, while Uvicorn drains connections: it
stops claiming, gives running jobs the grace period, then hands unfinished ones back to the
queue so another worker takes them immediately, not after their lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from types import FrameType
from typing import Any

from fastapi import FastAPI

from bina.api.identity import IdentityResolver
from bina.api.metrics import ApiMetrics
from bina.config import Settings
from bina.jobs import JobHandler, Worker
from bina.runtime import store_for, warm_up_handler, worker_settings

logger = logging.getLogger(__name__)

#: Set to 0 by `bina serve --no-worker`, read by the factory in every server process.
EMBED_WORKER_ENV = "BINA_EMBED_WORKER"
#: Database connections an API process keeps (and opens at startup).
API_POOL_SIZE = 10
HandlerFactory = Callable[[Settings], JobHandler]


@dataclass(frozen=True, slots=True)
class AppConfig:
    """What `create_app` was asked for; the lifespan builds the running parts from it."""

    settings: Settings
    embed_worker: bool
    handler_factory: HandlerFactory | None = None
    sse_ping_seconds: float = 15.0
    # `bina serve`: once started and warmed up, freeze what the process keeps (see server.py).
    freeze_heap_when_ready: bool = False


def embed_worker_from_env(default: bool = True) -> bool:
    value = os.environ.get(EMBED_WORKER_ENV, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def live_worker_window(settings: Settings) -> timedelta:
    """A worker counts as live when it heartbeated within this (three missed beats)."""
    return timedelta(seconds=max(settings.effective_heartbeat_seconds * 3, 1.0))


def _default_handler(settings: Settings) -> JobHandler:
    from bina.handler import GenerationHandler  # the generator loads only where jobs run

    return GenerationHandler(settings)


@contextlib.contextmanager
def _stop_on_signals(worker: Worker) -> Iterator[None]:
    """Chain onto the server's SIGTERM/SIGINT handlers so the worker stops with the first one."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    loop = asyncio.get_running_loop()
    previous: dict[int, Any] = {}

    def handle(sig: int, frame: FrameType | None) -> None:
        loop.call_soon_threadsafe(worker.stop)
        chained = previous.get(sig)
        if callable(chained):
            chained(sig, frame)

    for signum in (signal.SIGTERM, signal.SIGINT):
        previous[signum] = signal.signal(signum, handle)
    try:
        yield
    finally:
        for number, handler in previous.items():
            if signal.getsignal(number) is handle:
                signal.signal(number, handler)


@contextlib.asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    config: AppConfig = app.state.config
    settings = config.settings
    identity: IdentityResolver = app.state.identity
    metrics: ApiMetrics = app.state.metrics
    if identity.key_source == "DATABASE_URL":
        logger.warning(
            "anonymous cookies are signed with a key derived from DATABASE_URL; "
            "set BINA_COOKIE_SECRET on a public deployment"
        )
    store = store_for(settings, pool_size=API_POOL_SIZE)
    await store.start()
    await store.warm_up(API_POOL_SIZE)  # the first visitors after a deploy wait for no connect
    app.state.store = store
    handler: JobHandler | None = None
    worker: Worker | None = None
    worker_task: asyncio.Task[None] | None = None
    try:
        with contextlib.ExitStack() as signals:
            if config.embed_worker:
                factory = config.handler_factory or _default_handler
                handler = factory(settings)
                await warm_up_handler(handler)
                worker = Worker(
                    store, handler, worker_settings(settings), on_finished=metrics.job_finished
                )
                app.state.worker = worker
                worker_task = asyncio.create_task(worker.run(), name="bina-embedded-worker")
                worker_task.add_done_callback(_log_worker_exit)
                signals.enter_context(_stop_on_signals(worker))
                logger.info("embedded worker %s: %d jobs at once", worker.id, settings.concurrency)
            if config.freeze_heap_when_ready:
                gc.collect()
                gc.freeze()
            yield
            if worker is not None and worker_task is not None:
                worker.stop()
                await _await_worker(worker, worker_task)
    finally:
        if worker_task is not None and not worker_task.done():
            worker_task.cancel()
            await asyncio.gather(worker_task, return_exceptions=True)
        aclose = getattr(handler, "aclose", None)
        if aclose is not None:
            with contextlib.suppress(Exception):
                await aclose()
        await store.close()
        metrics.close()


def _log_worker_exit(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        logger.error("embedded worker stopped unexpectedly", exc_info=task.exception())


async def _await_worker(worker: Worker, task: asyncio.Task[None]) -> None:
    # The worker gives running jobs its grace period, then releases them; never hang past that.
    limit = worker.settings.shutdown_grace_seconds + 5
    try:
        async with asyncio.timeout(limit):
            await asyncio.shield(task)
    except TimeoutError:
        logger.warning("embedded worker did not stop within %ss; cancelling", limit)
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
    except Exception:
        logger.exception("embedded worker failed")
