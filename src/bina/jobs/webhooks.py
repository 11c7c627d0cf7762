"""Webhook delivery: a loop beside the workers that sends each ended job's signed POST.

A job that ends with a `callback_url` has its webhook made due in the same write
(webhook_statements.py). Every process that runs workers also runs a `WebhookDelivery`: it
claims due webhooks (a lease, so a loop that dies mid-send leaves them to another), sends
them (webhook_sender.py), and settles each: 2xx is delivered; anything else is tried again
after a growing, jittered delay until `max_attempts`, then `failed` with the last error kept.
Receivers can get a webhook twice (an answer lost on the way back; a lease that ran out) and
dedupe on `Bina-Delivery`, the job's id.

The body is small on purpose: which job, how it ended, when, and where to read the rest
(`status_url`); the designs themselves are fetched from there, by whoever may see them.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
import ssl
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, timedelta

from bina.jobs.exceptions import StoreUnavailable
from bina.jobs.models import JobStatus
from bina.jobs.store import JobStore
from bina.jobs.webhook_queue import DueWebhook, Settlement, WebhookQueue
from bina.jobs.webhook_sender import SendResult, WebhookSender
from bina.jobs.webhook_signing import SIGNATURE_HEADER, signature
from bina.jobs.webhook_statements import DELIVERED, FAILED, PENDING
from bina.jobs.webhook_urls import AllowList

logger = logging.getLogger(__name__)

#: Seconds before the 2nd, 3rd, … attempt (the last one repeats for any later attempt).
DEFAULT_BACKOFF = (10.0, 30.0, 120.0, 600.0, 3600.0)
USER_AGENT = "Bina-Webhooks/1"


@dataclass(frozen=True, slots=True)
class WebhookSettings:
    """How webhooks are signed, where they may go, and how hard delivery tries."""

    secret: bytes
    hosts: AllowList
    #: The job's status link in the body; `{job_id}` is replaced.
    status_url: str = "/api/generate/status/{job_id}"
    timeout_seconds: float = 10.0
    max_attempts: int = 6
    backoff_seconds: Sequence[float] = DEFAULT_BACKOFF
    #: Each delay is spread by ± this fraction, so receivers that were down together are not
    #: all retried in the same second.
    jitter: float = 0.2
    #: How often an idle loop looks for due webhooks.
    poll_seconds: float = 1.0
    #: Webhooks sent at once by one loop.
    batch_size: int = 8
    #: TLS verification: True for the public CA bundle, or a context trusting a private CA.
    verify: ssl.SSLContext | bool = True

    @property
    def lease(self) -> timedelta:
        # Past the longest send (bounded by the timeout), with room to write its outcome.
        return timedelta(seconds=2 * self.timeout_seconds + 30)

    def retry_delay(self, attempt: int) -> float:
        """Seconds to wait after failed attempt number `attempt` (1 = the first)."""
        if not self.backoff_seconds:
            return 0.0
        base = self.backoff_seconds[min(attempt, len(self.backoff_seconds)) - 1]
        return max(0.0, base * random.uniform(1 - self.jitter, 1 + self.jitter))


def event_body(webhook: DueWebhook, status_url: str) -> bytes:
    """The JSON a receiver gets: the job, how and when it ended, and where its status is."""
    finished = webhook.finished_at.astimezone(UTC) if webhook.finished_at else None
    body = {
        "event": event_name(webhook.status),
        "job_id": webhook.job_id,
        "status": webhook.status.value,
        "finished_at": finished.isoformat().replace("+00:00", "Z") if finished else None,
        "error": webhook.error if webhook.status == JobStatus.FAILED else None,
        "status_url": status_url.replace("{job_id}", webhook.job_id),
    }
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()


def event_name(status: JobStatus) -> str:
    return f"job.{status.value}"


class WebhookDelivery:
    """Sends the store's due webhooks until `stop()`; one per process that runs workers."""

    def __init__(
        self,
        store: JobStore,
        settings: WebhookSettings,
        *,
        sender: WebhookSender | None = None,
        on_outcome: Callable[[str], None] | None = None,
    ) -> None:
        self.settings = settings
        self.queue = WebhookQueue(store)
        self._sender = sender or WebhookSender(
            timeout_seconds=settings.timeout_seconds, verify=settings.verify
        )
        self._on_outcome = on_outcome
        self._stopping = asyncio.Event()

    def stop(self) -> None:
        """Stop claiming; the webhooks being sent finish (each bounded by the timeout)."""
        self._stopping.set()

    async def aclose(self) -> None:
        """Close the HTTP client (`run` does it when it ends)."""
        await self._sender.aclose()

    async def run(self) -> None:
        """Deliver until `stop()`, waking every `poll_seconds` when nothing is due."""
        failures = 0
        try:
            while not self._stopping.is_set():
                try:
                    claimed = await self.deliver_due()
                    failures = 0
                except Exception as exc:
                    # The loop outlives any one failure: the database away, or a bug (logged
                    # with its traceback) that must not stop every later webhook.
                    failures += 1
                    if isinstance(exc, StoreUnavailable):
                        logger.warning("webhook delivery cannot reach the database: %s", exc)
                    else:
                        logger.exception("webhook delivery failed; trying again")
                    await self._sleep(min(0.5 * 2**failures, 10.0))
                    continue
                if claimed < self.settings.batch_size:
                    await self._sleep(self.settings.poll_seconds)
        finally:
            await self.aclose()

    async def deliver_due(self) -> int:
        """Claim the due webhooks (up to a batch), send them together, settle each; returns
        how many were claimed."""
        if not await self.queue.any_due():
            return 0
        due = await self.queue.claim(self.settings.batch_size, self.settings.lease)
        if due:
            await asyncio.gather(*(self._deliver(webhook) for webhook in due))
        return len(due)

    async def _deliver(self, webhook: DueWebhook) -> None:
        body = event_body(webhook, self.settings.status_url)
        timestamp = int(time.time())
        headers = {
            "Content-Type": "application/json",
            "User-Agent": USER_AGENT,
            "Bina-Event": event_name(webhook.status),
            "Bina-Delivery": webhook.job_id,
            "Bina-Attempt": str(webhook.attempt),
            SIGNATURE_HEADER: signature(self.settings.secret, body, timestamp),
        }
        try:
            result = await self._sender.send(
                self.settings.hosts, webhook.callback_url, body, headers
            )
        except Exception as exc:  # a bug: logged, and the webhook tried again like any failure
            logger.exception("webhook for job %s: the send failed", webhook.job_id)
            result = SendResult(False, True, f"internal error ({type(exc).__name__})")
        if result.delivered:
            settlement, outcome = Settlement(DELIVERED), "delivered"
            logger.info("webhook for job %s delivered (%s)", webhook.job_id, result.detail)
        elif result.retry and webhook.attempt < self.settings.max_attempts:
            delay = self.settings.retry_delay(webhook.attempt)
            next_at = self.queue.clock() + timedelta(seconds=delay)
            settlement, outcome = Settlement(PENDING, next_at, result.detail), "retry"
            logger.warning(
                "webhook for job %s, attempt %d: %s; next attempt in %.0f s",
                webhook.job_id,
                webhook.attempt,
                result.detail,
                delay,
            )
        else:
            settlement, outcome = Settlement(FAILED, None, result.detail), "failed"
            logger.warning(
                "webhook for job %s given up after attempt %d: %s",
                webhook.job_id,
                webhook.attempt,
                result.detail,
            )
        try:
            settled = await self.queue.settle(webhook, settlement)
        except StoreUnavailable as exc:
            # Its lease runs out and the webhook is sent again: at least once, never lost.
            logger.warning("webhook for job %s: outcome not recorded (%s)", webhook.job_id, exc)
            return
        if not settled:
            logger.info("webhook for job %s was taken over meanwhile", webhook.job_id)
        if self._on_outcome is not None:
            self._on_outcome(outcome)

    async def _sleep(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(seconds):
                await self._stopping.wait()
