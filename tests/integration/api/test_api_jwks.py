"""Tokens signed the way Supabase signs them today (ES256 and a JWKS), through the whole API,
against a real JWKS server started by the test: how often it is fetched, rotation, made-up
`kid`s, an outage, and users who must not see each other's jobs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from tests.api_helpers import Api, AppFactory, assert_error, bearer
from tests.jwks_helpers import JwksServer, SigningKey, hs256, jwks_server
from tests.waiting import wait_until_async

CURRENT = SigningKey.ec("current")
NEXT = SigningKey.ec("next")
DESCRIPTION = {"description": "Kedai bunga di Kuching, buka 9 pagi"}


@pytest.fixture
def server() -> Iterator[JwksServer]:
    with jwks_server(CURRENT) as running:
        yield running


def supabase_of(server: JwksServer) -> str:
    """The project URL whose `/auth/v1/.well-known/jwks.json` is the test server."""
    return server.url.removesuffix("/auth/v1/.well-known/jwks.json")


def issued_by(server: JwksServer) -> str:
    return f"{supabase_of(server)}/auth/v1"


def signed_in(
    api: Api, server: JwksServer, user: str, key: SigningKey = CURRENT
) -> httpx.AsyncClient:
    token = key.token(user, iss=issued_by(server))
    return api.client(headers={"Authorization": f"Bearer {token}"})


async def started_app_fetched(api: Api, server: JwksServer) -> None:
    """The app fetches the JWKS once at startup, in the background."""
    await wait_until_async(lambda: server.fetches >= 1, timeout=10)
    await wait_until_async(lambda: api.app.state.identity.verifier.keys.kids, timeout=10)


async def test_an_es256_user_starts_and_follows_their_job_and_no_one_else_can(
    make_api: AppFactory, server: JwksServer
) -> None:
    async with make_api(settings={"supabase_url": supabase_of(server)}) as api:
        owner = signed_in(api, server, "0b8e4f0e-user-one")
        response = await owner.post("/api/generate/start", json=DESCRIPTION)
        assert response.status_code == 202, response.text
        job_id = response.json()["job_id"]
        job = await api.store.get_job(job_id)
        assert job is not None and job.user_id == "0b8e4f0e-user-one"
        assert (await owner.get(f"/api/generate/status/{job_id}")).json()["status"] == "queued"
        usage = (await owner.get("/api/usage")).json()
        assert usage["used"] == 1

        other = signed_in(api, server, "another-user")
        assert_error(await other.get(f"/api/generate/status/{job_id}"), 404, "not_found")
        assert (await other.get("/api/usage")).json()["used"] == 0
        # The legacy HS256 secret still signs users in beside the JWKS.
        legacy = api.client(
            headers=bearer("legacy-user", iss=issued_by(server), aud="authenticated")
        )
        assert (await legacy.get("/api/usage")).status_code == 200


@pytest.mark.parametrize(
    ("claims", "error"),
    [
        ({"aud": "someone-else"}, "invalid_audience"),
        ({"aud": None}, "invalid_audience"),
        ({"iss": "https://other.supabase.co/auth/v1"}, "invalid_issuer"),
        ({"expires_in": -3600}, "token_expired"),
        ({"sub": "a\x00b"}, "invalid_token"),
        ({"sub": "\ud800"}, "invalid_token"),
        ({"sub": ""}, "invalid_token"),
        ({"sub": "x" * 256}, "invalid_token"),
        ({"sub": "anon:someone"}, "invalid_token"),
    ],
    ids=[
        "audience",
        "no-audience",
        "issuer",
        "expired",
        "nul",
        "surrogate",
        "empty",
        "long",
        "anon",
    ],
)
async def test_bad_tokens_are_401_with_a_clear_code_never_500(
    make_api: AppFactory, server: JwksServer, claims: dict[str, Any], error: str
) -> None:
    async with make_api(settings={"supabase_url": supabase_of(server)}) as api:
        fields = {"iss": issued_by(server), **claims}
        token = CURRENT.token(**fields)
        client = api.client(headers={"Authorization": f"Bearer {token}"})
        for response in (
            await client.post("/api/generate/start", json=DESCRIPTION),
            await client.get("/api/usage"),
        ):
            assert_error(response, 401, error)
            assert response.headers["www-authenticate"].startswith("Bearer")
        assert await api.store.list_jobs() == []


async def test_the_jwks_is_fetched_once_then_on_rotation_and_not_for_made_up_kids(
    make_api: AppFactory, server: JwksServer
) -> None:
    async with make_api(settings={"supabase_url": supabase_of(server)}) as api:
        await started_app_fetched(api, server)
        for number in range(30):
            client = signed_in(api, server, f"user-{number}")
            assert (await client.get("/api/usage")).status_code == 200
        assert server.fetches == 1

        server.publish(CURRENT, NEXT)  # Supabase rotates to a new key
        rotated = signed_in(api, server, "after-rotation", key=NEXT)
        assert (await rotated.get("/api/usage")).status_code == 200
        assert server.fetches == 2
        assert (await rotated.get("/api/usage")).status_code == 200
        assert server.fetches == 2

        for number in range(25):
            forged = SigningKey.ec(f"made-up-{number}")
            response = await signed_in(api, server, "mallory", key=forged).get("/api/usage")
            assert_error(response, 401, "unknown_signing_key")
        assert server.fetches == 2


async def test_with_the_jwks_server_down_known_keys_verify_and_unknown_ones_are_401(
    make_api: AppFactory, server: JwksServer
) -> None:
    async with make_api(settings={"supabase_url": supabase_of(server)}) as api:
        await started_app_fetched(api, server)
        server.stop()
        known = signed_in(api, server, "still-here")
        assert (await known.post("/api/generate/start", json=DESCRIPTION)).status_code == 202
        unknown = signed_in(api, server, "new-key-user", key=NEXT)
        # The unknown kid makes the app try the (now closed) server: refused, then a 401.
        assert_error(await unknown.get("/api/usage"), 401, "unknown_signing_key")
        assert api.app.state.identity.verifier.keys.fetches == 2
        assert (await known.get("/api/usage")).status_code == 200


async def test_an_hs256_token_signed_with_the_public_key_is_refused(
    make_api: AppFactory, server: JwksServer
) -> None:
    async with make_api(settings={"supabase_url": supabase_of(server)}) as api:
        await started_app_fetched(api, server)
        claims = {"sub": "mallory", "exp": 9_999_999_999, "aud": "authenticated"}
        for material in (CURRENT.public_pem(), CURRENT.public_raw()):
            forged = hs256({**claims, "iss": issued_by(server)}, material, kid=CURRENT.kid)
            client = api.client(headers={"Authorization": f"Bearer {forged}"})
            assert_error(await client.get("/api/usage"), 401, "invalid_token")
