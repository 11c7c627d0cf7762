"""Running workers in a process: build the store, the handler and the Worker from Settings."""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from bina.config import Settings
from bina.jobs import JobHandler, JobStore, Worker, open_store
from bina.jobs.migrate import upgrade_async
from bina.jobs.worker import WorkerSettings

logger = logging.getLogger(__name__)


def worker_settings(settings: Settings) -> WorkerSettings:
    return WorkerSettings(
        concurrency=settings.concurrency,
        lease_seconds=settings.lease_seconds,
        heartbeat_seconds=settings.effective_heartbeat_seconds,
        poll_seconds=settings.poll_seconds,
        retention=timedelta(hours=settings.retention_hours),
        quota_window=timedelta(hours=24),
        purge_interval_seconds=settings.purge_interval_seconds,
        shutdown_grace_seconds=settings.shutdown_grace_seconds,
    )


def store_for(settings: Settings, *, pool_size: int = 10, for_api: bool = True) -> JobStore:
    return open_store(
        settings.database_url,
        listen=settings.listen,
        listen_job_changes=for_api,
        poll_seconds=settings.poll_seconds,
        default_max_attempts=settings.max_attempts,
        pool_size=pool_size,
    )


def load_handler(spec: str, settings: Settings) -> JobHandler:
    """`module:callable` → the handler it builds from Settings (a class or a factory)."""
    module_name, _, attribute = spec.partition(":")
    factory: Callable[[Settings], Any] = getattr(importlib.import_module(module_name), attribute)
    handler: JobHandler = factory(settings)
    return handler


async def warm_up_handler(handler: JobHandler) -> None:
    """Let a handler load templates or models before its first job (if it has `warm_up`),
    not in the middle of an event loop that is already claiming jobs or answering requests."""
    warm_up = getattr(handler, "warm_up", None)
    if warm_up is None:
        return
    try:
        await warm_up()
    except Exception:
        logger.exception("the job handler's warm-up failed; continuing without it")


async def run_worker_process(settings: Settings, handler_spec: str) -> None:
    """`bina worker`: migrate, then run until SIGTERM/SIGINT, finishing or releasing jobs."""
    await upgrade_async(settings.database_url)
    handler = load_handler(handler_spec, settings)
    await warm_up_handler(handler)
    async with store_for(settings, pool_size=settings.concurrency + 2, for_api=False) as store:
        worker = Worker(store, handler, worker_settings(settings))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, worker.stop)
        logger.info("worker %s running %d at once", worker.id, settings.concurrency)
        try:
            await worker.run()
        finally:
            close = getattr(handler, "aclose", None)
            if close is not None:
                await close()
    logger.info("worker %s stopped after %d jobs", worker.id, worker.jobs_done)
