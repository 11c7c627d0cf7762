"""Prometheus metrics: HTTP latency by route template, job durations, queue state from the DB.

Counters and histograms live in this process; the job counts, queue depth and live workers are
read from the database at scrape time, so every instance reports the same, true numbers.
With several server processes on one port (`bina serve --processes N`) the CLI points
`PROMETHEUS_MULTIPROC_DIR` at a fresh folder and every process's samples are summed on scrape.
"""

from __future__ import annotations

import asyncio
import os
import time
from collections.abc import Iterable, Iterator
from datetime import timedelta

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.registry import Collector
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina.jobs import Job, JobStatus, JobStore, QueueStats, StoreUnavailable

MULTIPROCESS_ENV = "PROMETHEUS_MULTIPROC_DIR"
UNMATCHED_ROUTE = "<unmatched>"
_LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
_JOB_BUCKETS = (0.5, 1, 2, 5, 10, 20, 30, 45, 60, 90, 120, 300, 600)
SCRAPE_DB_TIMEOUT_SECONDS = 3.0
#: Probes come from the orchestrator every few seconds on every instance: timing them would
#: make an idle service look busy and pull every latency quantile towards zero.
UNTIMED_PATHS = frozenset({"/livez", "/readyz"})


class ApiMetrics:
    """The metrics of one app (own registry, so many apps can live in one test process)."""

    def __init__(self) -> None:
        self.multiprocess = bool(os.environ.get(MULTIPROCESS_ENV))
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.http_latency = Histogram(
            "bina_http_request_duration_seconds",
            "Time to the response's first byte, by route template.",
            ["method", "route", "status"],
            buckets=_LATENCY_BUCKETS,
            registry=r,
        )
        self.jobs_started = Counter(
            "bina_jobs_started",
            "Start requests that returned a job: `created` new, or `replayed` (Idempotency-Key).",
            ["result"],
            registry=r,
        )
        self.quota_rejections = Counter(
            "bina_quota_rejections", "Start requests refused with 429.", registry=r
        )
        self.job_duration = Histogram(
            "bina_job_duration_seconds",
            "Time a worker in this process spent on a job attempt, by outcome.",
            ["outcome"],
            buckets=_JOB_BUCKETS,
            registry=r,
        )
        self.webhooks = Counter(
            "bina_webhook_deliveries",
            "Webhook attempts by this process's delivery loop, by outcome: `delivered`, "
            "`retry` (tried again later) or `failed` (given up).",
            ["outcome"],
            registry=r,
        )
        self.sse_streams = Gauge(
            "bina_sse_streams_open",
            "Server-Sent Events streams open now.",
            registry=r,
            multiprocess_mode="livesum",
        )

    def close(self) -> None:
        """Drop this process's live gauges from the shared multi-process files."""
        if self.multiprocess:
            from prometheus_client import multiprocess

            multiprocess.mark_process_dead(os.getpid())  # type: ignore[no-untyped-call]

    def job_finished(self, _job: Job, outcome: str, seconds: float) -> None:
        """The Worker's `on_finished` callback."""
        self.job_duration.labels(outcome).observe(seconds)

    def webhook_attempted(self, outcome: str) -> None:
        """The webhook delivery loop's `on_outcome` callback."""
        self.webhooks.labels(outcome).inc()

    async def render(self, store: JobStore, live_within: timedelta) -> tuple[bytes, str]:
        stats: QueueStats | None
        try:
            async with asyncio.timeout(SCRAPE_DB_TIMEOUT_SECONDS):
                stats = await store.queue_stats(live_within)
        except (StoreUnavailable, TimeoutError):
            stats = None
        registry = self.registry
        if self.multiprocess:
            registry = CollectorRegistry()
            MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        # A registry of its own per scrape: concurrent scrapes never see each other's snapshot.
        snapshot = CollectorRegistry(auto_describe=False)
        snapshot.register(_QueueSnapshot(stats, store.backend_name))
        return generate_latest(registry) + generate_latest(snapshot), CONTENT_TYPE_LATEST


class _QueueSnapshot(Collector):
    """Gauges read from the database for one scrape."""

    def __init__(self, stats: QueueStats | None, backend: str) -> None:
        self.stats = stats
        self.backend = backend

    def collect(self) -> Iterable[Metric]:
        up = GaugeMetricFamily(
            "bina_database_up", "1 when the job database answered this scrape.", labels=["backend"]
        )
        up.add_metric([self.backend], 0 if self.stats is None else 1)
        yield up
        if self.stats is None:
            return
        by_status = GaugeMetricFamily(
            "bina_jobs", "Jobs in the database by status.", labels=["status"]
        )
        for status in JobStatus:
            by_status.add_metric([status.value], self.stats.counts_by_status.get(status.value, 0))
        yield by_status
        yield GaugeMetricFamily(
            "bina_queue_depth", "Jobs waiting for a worker.", value=self.stats.queued
        )
        yield GaugeMetricFamily(
            "bina_queue_oldest_age_seconds",
            "How long the oldest queued job has waited (0 when none).",
            value=self.stats.oldest_queued_age_seconds or 0.0,
        )
        yield GaugeMetricFamily(
            "bina_live_workers",
            "Worker processes with a recent heartbeat.",
            value=self.stats.live_workers,
        )

    def describe(self) -> Iterator[Metric]:
        return iter(())


class LatencyMiddleware:
    """Observes time to the response's start, labelled by the matched route's template.

    The template (`/api/generate/status/{job_id}`), never the raw path, so hostile ids cannot
    create unbounded label values.
    """

    def __init__(self, app: ASGIApp, metrics: ApiMetrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in UNTIMED_PATHS:
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()

        async def timed_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                route = scope.get("route")
                template = getattr(route, "path", None) or UNMATCHED_ROUTE
                self.metrics.http_latency.labels(
                    scope["method"], template, str(message["status"])
                ).observe(time.perf_counter() - started)
            await send(message)

        await self.app(scope, receive, timed_send)
