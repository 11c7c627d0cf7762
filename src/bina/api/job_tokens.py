"""Job tokens: a signed `?token=` on a job's status and stream URLs, proof of that one job.

A page on another origin cannot give an `EventSource` an `Authorization` header, and its
browser may not send Bina's cookie at all (third-party cookies blocked). So the start answer's
`status_url` and `stream_url` carry `?token=<expires>.<signature>` for a job that has an owner
(a signed-in user or a cookie visitor): whoever holds those URLs may read that job's status and
stream, from any origin, after a reload, without other credentials. Capability jobs need none:
their id already is the secret.

* The signature is HMAC-SHA256 over the job id, its owner and the expiry, with a key derived
  from the cookie secret for this purpose only (a cookie's signature never passes as a token).
  A token for job A does not open job B; it opens nothing else of the owner's (other jobs,
  sites) and allows nothing but reading (no cancel).
* It expires when the job is gone: the retention period after the job's creation, plus
  `TOKEN_GRACE` for the time a job may spend queued and running before its retention starts.
  Being derived from the job, it is the same on every instance and for a repeated start.
* A tampered, expired or foreign token is no proof at all: the job is then a 404, exactly like
  a missing one.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timedelta

from bina.api.identity import derived_key
from bina.config import Settings

TOKEN_GRACE = timedelta(hours=6)
_KEY_CONTEXT = b"bina-job-token-v1"
_TOKEN = re.compile(r"^([0-9]{1,12})\.([A-Za-z0-9_-]{43})$")


class JobTokens:
    """Issues and checks job tokens."""

    def __init__(self, key: bytes, retention: timedelta) -> None:
        self._key = key
        self._lifetime = retention + TOKEN_GRACE

    @classmethod
    def from_settings(cls, settings: Settings) -> JobTokens:
        key, _source = derived_key(settings, _KEY_CONTEXT)
        return cls(key, timedelta(hours=settings.retention_hours))

    def issue(self, job_id: str, owner: str, created_at: datetime) -> str:
        expires = int((created_at + self._lifetime).timestamp())
        return f"{expires}.{self._signature(job_id, owner, expires)}"

    def proves(
        self, token: str | None, job_id: str, owner: str | None, *, now: float | None = None
    ) -> bool:
        """Whether `token` was issued for this job of this owner and has not expired."""
        if not token or owner is None:
            return False
        match = _TOKEN.match(token)
        if match is None:
            return False
        expires = int(match.group(1))
        if (time.time() if now is None else now) >= expires:
            return False
        expected = self._signature(job_id, owner, expires)
        return hmac.compare_digest(match.group(2), expected)

    def _signature(self, job_id: str, owner: str, expires: int) -> str:
        # JSON keeps the three fields apart whatever characters they hold.
        message = json.dumps([job_id, owner, expires]).encode("utf-8")
        digest = hmac.new(self._key, message, hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


@dataclass(frozen=True, slots=True)
class JobPass:
    """The `?token=` a request came with, and what checks it."""

    tokens: JobTokens
    token: str | None

    def opens(self, job_id: str, owner: str | None) -> bool:
        return self.token is not None and self.tokens.proves(self.token, job_id, owner)
