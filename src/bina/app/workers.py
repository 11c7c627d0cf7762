"""Running workers: the store a process opens, the handler its workers run, and `bina worker`.

One place decides these for every kind of process: a `bina worker`, the worker embedded in a
`bina serve` process (embedded.py), and the API's own store.
"""

from __future__ import annotations

import asyncio
import importlib
import logging
import signal
from collections.abc import Callable
from datetime import timedelta

from bina.app.handler import GenerationHandler
from bina.app.job_columns import WEBSITE_COLUMNS
from bina.app.webhooks import webhook_delivery
from bina.config import Settings
from bina.jobs import JobHandler, JobStore, Worker, WorkerSettings, open_store
from bina.jobs.migrate import upgrade_async

logger = logging.getLogger(__name__)

HandlerFactory = Callable[[Settings], JobHandler]


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
        takeover_check_seconds=settings.takeover_check_seconds,
    )


def open_job_store(settings: Settings, *, pool_size: int = 10, for_api: bool = True) -> JobStore:
    """The store as Bina uses it: website data in the table's original columns. A worker-only
    process (`for_api=False`) follows new jobs, not every job's progress. `pool_size`: the
    units of work at once; BINA_DB_POOL_SIZE, when set, is the pool's size instead."""
    return open_store(
        settings.database_url,
        columns=WEBSITE_COLUMNS,
        listen=settings.listen,
        listen_job_changes=for_api,
        poll_seconds=settings.poll_seconds,
        default_max_attempts=settings.max_attempts,
        pool_size=pool_size,
        connections=settings.db_pool_size,
        # A database that stops answering is a 503 (or a worker's "database away") in this
        # time, never a hang.
        timeout_s=settings.db_timeout_s,
    )


def generation_handler(settings: Settings) -> JobHandler:
    """The handler Bina's workers run: the site generator."""
    return GenerationHandler(settings)


def handler_factory_from_spec(spec: str) -> HandlerFactory:
    """`module:callable` (a class or a function taking Settings) -> that handler factory."""
    module_name, _, attribute = spec.partition(":")
    factory: HandlerFactory = getattr(importlib.import_module(module_name), attribute)
    return factory


async def warm_up_handler(handler: JobHandler) -> None:
    """Let the handler load templates or models before its first job, not in the middle of
    an event loop that is already claiming jobs or answering requests."""
    try:
        await handler.warm_up()
    except Exception:
        logger.exception("the job handler's warm-up failed; continuing without it")


async def run_worker_process(
    settings: Settings, handler_factory: HandlerFactory = generation_handler
) -> None:
    """`bina worker`: migrate, then run until SIGTERM/SIGINT, finishing or releasing jobs."""
    await upgrade_async(settings.database_url)
    handler = handler_factory(settings)
    await warm_up_handler(handler)
    async with open_job_store(settings, pool_size=settings.concurrency + 2, for_api=False) as store:
        worker = Worker(store, handler, worker_settings(settings))
        loop = asyncio.get_running_loop()
        for signum in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(signum, worker.stop)
        logger.info("worker %s running %d at once", worker.id, settings.concurrency)
        try:
            async with webhook_delivery(settings, store):
                await worker.run()
        finally:
            await handler.aclose()
    logger.info("worker %s stopped after %d jobs", worker.id, worker.jobs_done)
