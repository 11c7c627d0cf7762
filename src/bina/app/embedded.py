"""The worker inside a `bina serve` process: started with the app, stopped with it.

SIGTERM (or Ctrl+C) stops the embedded worker at once, while Uvicorn drains connections: it
stops claiming, gives running jobs the grace period, then hands unfinished ones back to the
queue so another worker takes them immediately, not after their lease.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from collections.abc import AsyncIterator, Iterator
from types import FrameType
from typing import Any

from bina.api.lifespan import Background
from bina.api.metrics import ApiMetrics
from bina.app.webhooks import webhook_delivery
from bina.app.workers import HandlerFactory, warm_up_handler, worker_settings
from bina.config import Settings
from bina.jobs import JobStore, Worker

logger = logging.getLogger(__name__)

#: Set to 0 by `bina serve --no-worker`, read by the app factory in every server process.
EMBED_WORKER_ENV = "BINA_EMBED_WORKER"


def embed_worker_from_env(default: bool = True) -> bool:
    value = os.environ.get(EMBED_WORKER_ENV, "").strip().lower()
    if not value:
        return default
    return value not in ("0", "false", "no", "off")


def embedded_worker(settings: Settings, handler_factory: HandlerFactory) -> Background:
    """What the API runs beside itself: a worker on its store, with its own handler."""

    @contextlib.asynccontextmanager
    async def run(store: JobStore, metrics: ApiMetrics) -> AsyncIterator[None]:
        handler = handler_factory(settings)
        await warm_up_handler(handler)
        worker = Worker(store, handler, worker_settings(settings), on_finished=metrics.job_finished)
        task = asyncio.create_task(worker.run(), name="bina-embedded-worker")
        task.add_done_callback(_log_worker_exit)
        logger.info("embedded worker %s: %d jobs at once", worker.id, settings.concurrency)
        try:
            with _stop_on_signals(worker):
                # Webhooks go out while the worker winds down too: jobs that end then report.
                async with webhook_delivery(settings, store, metrics.webhook_attempted):
                    yield
                    worker.stop()
                    await _await_worker(worker, task)
        finally:
            if not task.done():
                task.cancel()
                await asyncio.gather(task, return_exceptions=True)
            with contextlib.suppress(Exception):
                await handler.aclose()

    return run


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
