"""The JWKS key cache against a real HTTP server: how often it fetches, rotation, made-up
`kid`s, a server that is down, slow or answers garbage."""

from __future__ import annotations

import asyncio
import time

import pytest

from bina.api.bearer import AuthenticationFailed, BearerVerifier
from bina.api.jwks import JwksKeys
from tests.jwks_helpers import SigningKey, jwks_server

FIRST = SigningKey.ec("key-1")
SECOND = SigningKey.rsa("key-2")


class Clock:
    """A monotonic clock the test moves by hand, for the cooldown."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


async def test_keys_are_fetched_once_and_then_looked_up() -> None:
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url)
        verifier = BearerVerifier(keys=keys)
        for _ in range(50):
            assert await verifier.verify(f"Bearer {FIRST.token('u')}") == "u"
        assert server.fetches == 1 and keys.fetches == 1


async def test_concurrent_requests_for_a_new_key_share_one_fetch() -> None:
    with jwks_server(FIRST) as server:
        server.delay = 0.2  # every request arrives while the first fetch is under way
        verifier = BearerVerifier(keys=JwksKeys(server.url))
        users = await asyncio.gather(
            *(verifier.verify(f"Bearer {FIRST.token(f'u{n}')}") for n in range(20))
        )
        assert users == [f"u{n}" for n in range(20)]
        assert server.fetches == 1


async def test_a_rotated_key_is_fetched_once_and_made_up_kids_are_rate_limited() -> None:
    clock = Clock()
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url, cooldown=30, clock=clock)
        verifier = BearerVerifier(keys=keys)
        assert await keys.refresh()  # what the app does at startup
        assert server.fetches == 1

        server.publish(FIRST, SECOND)  # the provider rotates
        assert await verifier.verify(f"Bearer {SECOND.token('after-rotation')}") == (
            "after-rotation"
        )
        assert server.fetches == 2

        for number in range(30):  # tokens naming keys that do not exist
            forged = SigningKey.ec(f"made-up-{number}").token()
            with pytest.raises(AuthenticationFailed) as raised:
                await verifier.verify(f"Bearer {forged}")
            assert raised.value.error == "unknown_signing_key"
        assert server.fetches == 2  # inside the cooldown that the rotation's fetch started

        clock.now += 31
        with pytest.raises(AuthenticationFailed):
            await verifier.verify(f"Bearer {SigningKey.ec('made-up-again').token()}")
        assert server.fetches == 3  # one more after the cooldown, and only one
        assert await verifier.verify(f"Bearer {FIRST.token('still')}") == "still"
        assert server.fetches == 3


async def test_with_the_server_down_known_keys_still_verify_and_unknown_ones_are_401() -> None:
    clock = Clock()
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url, cooldown=30, clock=clock)
        verifier = BearerVerifier(keys=keys)
        assert await keys.refresh()
        server.stop()

        assert await verifier.verify(f"Bearer {FIRST.token('known')}") == "known"
        assert not await keys.refresh()  # a failed fetch keeps the keys held
        assert await verifier.verify(f"Bearer {FIRST.token('known')}") == "known"
        with pytest.raises(AuthenticationFailed) as raised:
            await verifier.verify(f"Bearer {SECOND.token()}")
        assert raised.value.error == "unknown_signing_key"
        assert keys.fetches == 3  # startup, the refresh, the unknown kid's attempt


@pytest.mark.parametrize("status", [500, 404])
async def test_an_error_answer_keeps_the_keys_held(status: int) -> None:
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url, cooldown=0)
        assert await keys.refresh()
        server.status = status
        assert not await keys.refresh()
        assert keys.kids == {FIRST.kid}


async def test_a_document_without_usable_keys_keeps_the_keys_held() -> None:
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url, cooldown=0)
        assert await keys.refresh()
        server.document = {"keys": [{"kty": "oct", "kid": "k", "k": "c2VjcmV0"}]}
        assert not await keys.refresh()
        server.document = {"nonsense": True}
        assert not await keys.refresh()
        assert keys.kids == {FIRST.kid}


async def test_a_slow_server_is_given_up_on_within_the_timeout() -> None:
    with jwks_server(FIRST) as server:
        server.delay = 3.0
        keys = JwksKeys(server.url, fetch_timeout=0.3)
        verifier = BearerVerifier(keys=keys)
        began = time.monotonic()
        with pytest.raises(AuthenticationFailed) as raised:
            await verifier.verify(f"Bearer {FIRST.token()}")
        elapsed = time.monotonic() - began
        assert raised.value.error == "unknown_signing_key"
        assert elapsed < 2.0  # bounded by the timeout (0.3 s, +1 s for the thread), not 3 s


async def test_the_keys_are_kept_fresh_in_the_background() -> None:
    with jwks_server(FIRST) as server:
        keys = JwksKeys(server.url, refresh_every=0.05)
        async with keys.kept_fresh():
            assert keys.kids == set()  # startup does not wait for the first fetch
            deadline = time.monotonic() + 10
            while server.fetches < 3 and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
            assert keys.kids == {FIRST.kid}
        assert server.fetches >= 3
        # A key the provider withdrew stops verifying after the next refresh.
        server.publish(SECOND)
        assert await keys.refresh()
        assert keys.kids == {SECOND.kid}
