"""Webhook signatures: `Bina-Signature: t=<unix time>,v1=<hex HMAC-SHA256 of "<t>.<body>">`.

The time is signed with the body, so a receiver that refuses old times (five minutes, say) is
not fooled by a request recorded and replayed later; `v1` names the scheme, so that another
can be added beside it without breaking receivers. `verify` is what a receiver runs (the
deploy guide shows the same check without Bina installed).
"""

from __future__ import annotations

import hashlib
import hmac
import time

SIGNATURE_HEADER = "Bina-Signature"
#: How old a signature's time may be before `verify` refuses it, by default.
TOLERANCE_SECONDS = 300


def signature(secret: bytes, body: bytes, timestamp: int) -> str:
    """The `Bina-Signature` value for `body` sent at `timestamp` (unix seconds)."""
    return f"t={timestamp},v1={_mac(secret, body, timestamp)}"


def verify(
    secret: bytes,
    body: bytes,
    header: str,
    *,
    now: float | None = None,
    tolerance_seconds: float = TOLERANCE_SECONDS,
) -> bool:
    """Whether `header` signs exactly `body` with `secret`, at a time within the tolerance."""
    fields: dict[str, list[str]] = {}
    for part in header.split(","):
        name, _, value = part.strip().partition("=")
        fields.setdefault(name, []).append(value)
    stamps = fields.get("t", [])
    if len(stamps) != 1 or not stamps[0].isdigit():
        return False
    timestamp = int(stamps[0])
    current = time.time() if now is None else now
    if abs(current - timestamp) > tolerance_seconds:
        return False
    expected = _mac(secret, body, timestamp)
    return any(hmac.compare_digest(expected, given) for given in fields.get("v1", []))


def _mac(secret: bytes, body: bytes, timestamp: int) -> str:
    return hmac.new(secret, f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
