"""Webhooks as Bina runs them: the signing key, the allow list, the status link, and the
delivery loop that runs beside the workers of every process (`bina worker`, `bina serve`).

Without `BINA_WEBHOOK_HOSTS` no start may carry a callback, and no loop runs.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import logging
import os
import ssl
from collections.abc import AsyncIterator, Callable

from bina.api.identity import cookie_key
from bina.config import Settings
from bina.jobs import JobStore
from bina.jobs.webhook_urls import AllowList
from bina.jobs.webhooks import WebhookDelivery, WebhookSettings

logger = logging.getLogger(__name__)

#: What the derived signing secret is made for (so it is no other key made from the same one).
_SECRET_CONTEXT = b"bina-webhook-secret-v1"
#: The API's status route, where a webhook's body points.
STATUS_PATH = "/api/generate/status/{job_id}"


def webhook_secret(settings: Settings) -> tuple[bytes, str]:
    """The key webhooks are signed with, and where it came from.

    `BINA_WEBHOOK_SECRET` as given; otherwise derived (one-way) from the key that signs the
    anonymous cookies, so that every instance of a deployment signs alike with no extra
    setting, and a receiver that learns this key learns nothing of the cookie key.
    """
    if settings.webhook_secret is not None and settings.webhook_secret.get_secret_value():
        return settings.webhook_secret.get_secret_value().encode(), "BINA_WEBHOOK_SECRET"
    key, source = cookie_key(settings)
    derived = hmac.new(key, _SECRET_CONTEXT, hashlib.sha256).hexdigest()
    return derived.encode(), f"derived from {source}"


def webhook_settings(settings: Settings) -> WebhookSettings | None:
    """How this deployment delivers webhooks; None when they are off."""
    if not settings.webhook_hosts:
        return None
    secret, _source = webhook_secret(settings)
    return WebhookSettings(
        secret=secret,
        hosts=AllowList.parse(settings.webhook_hosts),
        status_url=f"{settings.public_url or ''}{STATUS_PATH}",
        poll_seconds=settings.poll_seconds,
        verify=certificate_authorities(),
    )


def certificate_authorities() -> ssl.SSLContext | bool:
    """What receivers' certificates are verified against: the public CA bundle, or the bundle
    `SSL_CERT_FILE` names (OpenSSL's own variable), for receivers whose CA is private."""
    bundle = os.environ.get("SSL_CERT_FILE")
    return ssl.create_default_context(cafile=bundle) if bundle else True


@contextlib.asynccontextmanager
async def webhook_delivery(
    settings: Settings, store: JobStore, on_outcome: Callable[[str], None] | None = None
) -> AsyncIterator[None]:
    """Deliver webhooks while inside; on leaving, let the sends in flight finish (bounded)."""
    config = webhook_settings(settings)
    if config is None:
        yield
        return
    _, source = webhook_secret(settings)
    if source != "BINA_WEBHOOK_SECRET":
        logger.warning(
            "webhooks are signed with a key %s; set BINA_WEBHOOK_SECRET and give it to the "
            "receivers so that they can check Bina-Signature",
            source,
        )
    delivery = WebhookDelivery(store, config, on_outcome=on_outcome)
    task = asyncio.create_task(delivery.run(), name="bina-webhooks")
    try:
        yield
    finally:
        delivery.stop()
        try:
            async with asyncio.timeout(config.timeout_seconds + 5):
                await asyncio.shield(task)
        except TimeoutError:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        except Exception:
            logger.exception("webhook delivery failed")
