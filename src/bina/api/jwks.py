"""The public keys that verify asymmetric Bearer tokens: a JWKS fetched, held and refreshed.

PyJWT's `PyJWKClient` fetches the key set and PyJWT parses it, but the fetch is synchronous
(urllib), so it runs only in a worker thread, never on the event loop and never per request:

* the keys are held here by `kid`: verifying a token is a dict lookup;
* a token that names a `kid` not held causes one fetch (concurrent requests wait for that one
  instead of starting their own), and such fetches are at least `cooldown` apart, so tokens
  with made-up `kid`s cannot make the server fetch on every request;
* the whole set is fetched again every `refresh_every` seconds while the app runs, so a key
  the provider withdrew stops verifying, and a standby key is known before tokens use it;
* a fetch is bounded by `fetch_timeout`; when it fails, the keys already held stay in use (an
  outage of the key server signs nobody out), and a token with an unknown `kid` is refused.

PyJWKClient's own cache (`cache_jwk_set`, `lifespan`, `cache_keys`) is switched off: it sits
behind a thread lock that a lookup on the event loop would have to take, and its refresh on
an unknown `kid` fetches synchronously in the caller.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable
from typing import Any
from urllib.parse import urlsplit

from jwt import PyJWK, PyJWKClient, PyJWKSet, PyJWTError

from bina import __version__

logger = logging.getLogger(__name__)

#: What a public key set may verify with. Symmetric keys (`kty: oct`, HS256) never count: a
#: key published for everyone to read cannot be a secret.
ASYMMETRIC_ALGORITHMS = frozenset(
    {"ES256", "ES384", "ES512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "EdDSA"}
)
FETCH_TIMEOUT_SECONDS = 5.0
#: The shortest time between two fetches caused by unknown `kid`s.
UNKNOWN_KID_COOLDOWN_SECONDS = 30.0
#: How often the set is fetched anyway; Supabase's own edge caches its JWKS for 10 minutes.
REFRESH_SECONDS = 600.0
#: After a failed scheduled fetch, the next try comes sooner than a full refresh period.
RETRY_SECONDS = 30.0
MAX_KID_LENGTH = 256


class JwksKeys:
    """Signing keys by `kid`, from one JWKS address."""

    def __init__(
        self,
        url: str,
        *,
        fetch_timeout: float = FETCH_TIMEOUT_SECONDS,
        cooldown: float = UNKNOWN_KID_COOLDOWN_SECONDS,
        refresh_every: float = REFRESH_SECONDS,
        retry_every: float = RETRY_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.url = url
        parts = urlsplit(url)
        if parts.scheme == "http" and parts.hostname not in ("localhost", "127.0.0.1", "::1"):
            # Whoever can change the answer on the way can sign in as anyone.
            logger.warning("the JWKS address %s is plain http; use https", url)
        # Raises PyJWKClientError for anything but http(s): a bad setting stops startup.
        self._client = PyJWKClient(
            url,
            cache_jwk_set=False,
            timeout=fetch_timeout,
            headers={"User-Agent": f"bina/{__version__}", "Accept": "application/json"},
        )
        self._fetch_timeout = fetch_timeout
        self._cooldown = cooldown
        self._refresh_every = refresh_every
        self._retry_every = retry_every
        self._clock = clock
        self._keys: dict[str, PyJWK] = {}
        self._lock = asyncio.Lock()
        self._last_unknown_fetch: float | None = None
        #: Fetches attempted (successful or not): what tests and a debugger look at.
        self.fetches = 0

    def key(self, kid: str) -> PyJWK | None:
        """The key a token names, if held (never fetches)."""
        return self._keys.get(kid)

    @property
    def kids(self) -> frozenset[str]:
        return frozenset(self._keys)

    def replace(self, jwks: dict[str, Any]) -> int:
        """Hold the usable signing keys of a JWKS document (what a fetch does with its answer).

        Raises ValueError when the document has none, so a broken answer never empties the
        keys held.
        """
        self._keys = _signing_keys(jwks)
        return len(self._keys)

    async def fetch_for_unknown(self, kid: str) -> bool:
        """Fetch the set because a token names `kid`; True when the key is held afterwards.

        No fetch when another one found the key meanwhile, or when the last fetch for an
        unknown `kid` is less than `cooldown` ago.
        """
        async with self._lock:
            if kid in self._keys:
                return True
            now = self._clock()
            if (
                self._last_unknown_fetch is not None
                and now - self._last_unknown_fetch < self._cooldown
            ):
                return False
            self._last_unknown_fetch = now
            await self._fetch()
            return kid in self._keys

    async def refresh(self) -> bool:
        """Fetch the set now; True when it was fetched and held."""
        async with self._lock:
            return await self._fetch()

    @contextlib.asynccontextmanager
    async def kept_fresh(self) -> AsyncIterator[None]:
        """Fetch the set at once (in the background: startup does not wait for it), then
        every `refresh_every` seconds, until the block ends."""
        task = asyncio.create_task(self._refresh_forever(), name="jwks-refresh")
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _refresh_forever(self) -> None:
        while True:
            fetched = await self.refresh()
            await asyncio.sleep(self._refresh_every if fetched else self._retry_every)

    async def _fetch(self) -> bool:
        self.fetches += 1
        try:
            # The thread cannot be cancelled; urllib's own timeout ends it soon after.
            async with asyncio.timeout(self._fetch_timeout + 1):
                keys = await asyncio.to_thread(self._fetch_and_parse)
        except Exception as exc:  # whatever went wrong, the keys held stay in use
            logger.warning(
                "could not fetch the JWKS at %s: %s", self.url, exc or type(exc).__name__
            )
            return False
        self._keys = keys
        logger.debug("JWKS at %s: %d signing keys", self.url, len(keys))
        return True

    def _fetch_and_parse(self) -> dict[str, PyJWK]:
        return _signing_keys(self._client.fetch_data())


def _signing_keys(jwks: Any) -> dict[str, PyJWK]:
    """The keys of a JWKS document that may verify tokens, by `kid`; ValueError if none.

    Each key's algorithm is the one its JWK states (`alg`, else what `kty`/`crv` imply), and
    PyJWK refuses a key whose material does not fit that algorithm.
    """
    if not isinstance(jwks, dict):
        raise ValueError("a JWKS document is a JSON object")
    try:
        parsed = PyJWKSet.from_dict(jwks)
    except PyJWTError as exc:  # no keys, or none PyJWT can use
        raise ValueError(str(exc)) from exc
    keys: dict[str, PyJWK] = {}
    for key in parsed.keys:
        kid = key.key_id
        if (
            isinstance(kid, str)
            and 0 < len(kid) <= MAX_KID_LENGTH
            and key.public_key_use in ("sig", None)
            and key.algorithm_name in ASYMMETRIC_ALGORITHMS
        ):
            keys[kid] = key
    if not keys:
        raise ValueError("the key set has no usable asymmetric signing key with a `kid`")
    return keys
