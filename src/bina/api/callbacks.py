"""A start's `callback_url`, checked before anything is written or charged.

The rules are the job system's own (bina.jobs.webhook_urls), the ones its delivery checks
again before every send: HTTPS, a host in `BINA_WEBHOOK_HOSTS`, no user name or password.
A URL they refuse is a 422 `invalid_callback_url` saying why, and no job.
"""

from __future__ import annotations

import logging
from functools import lru_cache

from bina.api.errors import ApiError
from bina.config import Settings
from bina.jobs.webhook_urls import AllowList, CallbackUrlRefused

logger = logging.getLogger(__name__)

INVALID_CALLBACK_URL = "invalid_callback_url"


@lru_cache(maxsize=8)
def _allow_list(hosts: tuple[str, ...]) -> AllowList:
    return AllowList.parse(hosts)


def checked_callback_url(url: str | None, settings: Settings) -> str | None:
    """`url` when webhooks may be sent there (None stays None); else ApiError 422."""
    if url is None:
        return None
    try:
        hosts = _allow_list(tuple(settings.webhook_hosts))
    except ValueError as exc:
        logger.error("webhooks are off: %s", exc)
        raise ApiError(
            422,
            INVALID_CALLBACK_URL,
            "webhooks are off: this server's list of webhook hosts is not valid",
        ) from exc
    try:
        hosts.check(url)
    except CallbackUrlRefused as exc:
        raise ApiError(422, INVALID_CALLBACK_URL, str(exc)) from exc
    return url
