"""Identity and hostile input: other callers' jobs, bad tokens, odd ids, a database that is down."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import jwt
import pytest

from bina.config import Settings
from tests.api_helpers import JWT_SECRET, Api, AppFactory, assert_error, bearer, running_app, token

DESCRIPTION = {"description": "Kedai gunting rambut di Melaka"}
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"


async def visitor(api: Api) -> httpx.AsyncClient:
    """An anonymous visitor who holds their cookie (a start without one is a capability job,
    followed by whoever holds its id; those are tested with the original front end's calls)."""
    client = api.client()
    assert (await client.get("/api/usage")).status_code == 200
    return client


async def start(client: httpx.AsyncClient) -> str:
    response = await client.post("/api/generate/start", json=DESCRIPTION)
    assert response.status_code == 202, response.text
    job_id: str = response.json()["job_id"]
    return job_id


async def test_another_callers_job_looks_exactly_like_no_job(api: Api) -> None:
    owner = api.client(headers=bearer("owner"))
    job_id = await start(owner)
    anonymous_owner = await visitor(api)
    anonymous_job = await start(anonymous_owner)

    for stranger in (api.client(headers=bearer("stranger")), api.client()):
        for job in (job_id, anonymous_job):
            for method, path in [
                ("GET", f"/api/generate/status/{job}"),
                ("GET", f"/api/generate/stream/{job}"),
                ("POST", f"/api/generate/{job}/cancel"),
            ]:
                foreign = await stranger.request(method, path)
                missing = await stranger.request(method, path.replace(job, UNKNOWN_ID))
                assert_error(foreign, 404, "not_found")
                assert foreign.json() == missing.json()
                assert foreign.json()["status"] == "not_found"
    # The owners still see their jobs, untouched by the strangers' cancels.
    assert (await owner.get(f"/api/generate/status/{job_id}")).json()["status"] == "queued"
    status = await anonymous_owner.get(f"/api/generate/status/{anonymous_job}")
    assert status.json()["status"] == "queued"


async def test_a_signed_in_user_sees_their_jobs_from_any_device(api: Api) -> None:
    job_id = await start(api.client(headers=bearer("phone-and-laptop")))
    laptop = api.client(headers=bearer("phone-and-laptop"), address="192.0.2.50")
    assert (await laptop.get(f"/api/generate/status/{job_id}")).status_code == 200


@pytest.mark.parametrize(
    ("authorization", "error"),
    [
        (f"Bearer {token('eve', secret='not-the-secret-not-the-secret-xx')}", "invalid_token"),
        (f"Bearer {token('late', expires_in=-3600)}", "token_expired"),
        (
            f"Bearer {jwt.encode({'sub': 'none', 'exp': 9999999999}, '', algorithm='none')}",
            "invalid_token",
        ),
        (
            f"Bearer {jwt.encode({'sub': 'forever'}, JWT_SECRET, algorithm='HS256')}",
            "invalid_token",
        ),  # no exp
        ("Bearer not.a.jwt", "invalid_token"),
        ("Bearer ", "invalid_token"),
        ("Basic dXNlcjpwYXNz", "invalid_token"),
        (f"Bearer {token('anon:someone')}", "invalid_token"),  # cannot pose as an anonymous id
    ],
    ids=["forged", "expired", "alg-none", "no-exp", "garbage", "empty", "basic", "anon-sub"],
)
async def test_bad_tokens_are_401_never_anonymous(api: Api, authorization: str, error: str) -> None:
    client = api.client(headers={"Authorization": authorization})
    for response in (
        await client.post("/api/generate/start", json=DESCRIPTION),
        await client.get("/api/usage"),
        await client.get(f"/api/generate/status/{UNKNOWN_ID}"),
    ):
        assert_error(response, 401, error)
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "set-cookie" not in response.headers
    assert await api.store.list_jobs() == []


async def test_a_valid_token_without_sub_is_an_anonymous_caller(api: Api) -> None:
    # Supabase's public "anon" key is a valid token without `sub`.
    client = api.client(headers={"Authorization": f"Bearer {token(None, role='anon')}"})
    response = await client.post("/api/generate/start", json=DESCRIPTION)
    assert response.status_code == 202 and "bina_anon=" in response.headers["set-cookie"]


async def test_tokens_are_refused_when_no_secret_is_configured(make_api: AppFactory) -> None:
    async with make_api(settings={"jwt_secret": None}) as api:
        response = await api.client(headers=bearer("someone")).get("/api/usage")
        assert_error(response, 401, "auth_not_configured")
        assert (await api.client().get("/api/usage")).status_code == 200


async def test_a_tampered_cookie_gets_a_fresh_identity(api: Api) -> None:
    owner = await visitor(api)
    job_id = await start(owner)
    cookie = owner.cookies["bina_anon"]
    value, _, signature = cookie.rpartition(".")
    forged_value = ("A" if value[0] != "A" else "B") + value[1:]
    for forged in (f"{forged_value}.{signature}", f"{value}.{signature[:-2]}xx", "garbage"):
        intruder = api.client()
        intruder.cookies.set("bina_anon", forged)
        response = await intruder.get(f"/api/generate/status/{job_id}")
        assert_error(response, 404, "not_found")
        assert "bina_anon=" in response.headers["set-cookie"]  # a new identity, not an error
    assert (await owner.get(f"/api/generate/status/{job_id}")).status_code == 200


async def test_the_cookie_is_secure_over_https(make_api: AppFactory) -> None:
    async with make_api(settings={"trusted_proxies": ["10.0.0.1"]}) as api:
        direct = await api.client(base_url="https://bina.example").get("/api/usage")
        assert "; Secure" in direct.headers["set-cookie"]
        proxied = api.client(headers={"X-Forwarded-Proto": "https"}, address="10.0.0.1")
        assert "; Secure" in (await proxied.get("/api/usage")).headers["set-cookie"]
        spoofed = api.client(headers={"X-Forwarded-Proto": "https"}, address="203.0.113.9")
        assert "; Secure" not in (await spoofed.get("/api/usage")).headers["set-cookie"]


HOSTILE_IDS = [
    "..%2F..%2Fetc%2Fpasswd",
    "%2e%2e%2f%2e%2e%2f",
    "1'%20OR%20'1'%3D'1",
    "1;DROP%20TABLE%20generation_jobs;--",
    "x" * 10_000,
    "%00",
    "%F0%9F%92%A5",
    "00000000-0000-4000-8000-00000000000G",
    UNKNOWN_ID.upper(),
    "{job_id}",
]


async def test_hostile_job_ids_are_404_never_500(api: Api) -> None:
    client = api.client()
    await start(client)  # something exists to be found, if the lookup were loose
    for job_id in HOSTILE_IDS:
        for method, path in [
            ("GET", f"/api/generate/status/{job_id}"),
            ("GET", f"/api/generate/status/{job_id}?wait=1"),
            ("GET", f"/api/generate/stream/{job_id}"),
            ("POST", f"/api/generate/{job_id}/cancel"),
        ]:
            response = await client.request(method, path)
            assert response.status_code in (404, 405, 422), (path[:80], response.status_code)
            assert_error(response, response.status_code)
    assert len(await api.store.list_jobs()) == 1


async def test_a_user_id_in_the_body_is_ignored(api: Api) -> None:
    victim = api.client(headers=bearer("victim"))
    await start(victim)
    attacker = api.client(headers=bearer("attacker"))
    response = await attacker.post("/api/generate/start", json={**DESCRIPTION, "user_id": "victim"})
    job = await api.store.get_job(response.json()["job_id"])
    assert job is not None and job.user_id == "attacker"
    assert (await victim.get("/api/usage")).json()["used"] == 1


def unreachable_urls(tmp_path: Path) -> list[str]:
    return [
        f"sqlite:///{tmp_path / 'missing-folder' / 'bina.db'}",
        "postgresql://postgres@127.0.0.1:9/bina",  # nothing listens on the discard port
    ]


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
async def test_a_database_that_is_down_is_503_everywhere(tmp_path: Path, backend: str) -> None:
    url = unreachable_urls(tmp_path)[0 if backend == "sqlite" else 1]
    down = Settings(
        _env_file=None,
        database_url=url,
        jwt_secret=JWT_SECRET,
        cookie_secret="test-cookie-secret",
    )
    async with running_app(down) as api:
        client = api.client(headers=bearer("patient"))
        began = time.monotonic()
        for method, path, body in [
            ("POST", "/api/generate/start", DESCRIPTION),
            ("POST", "/api/generate-simple", DESCRIPTION),
            ("GET", f"/api/generate/status/{UNKNOWN_ID}", None),
            ("GET", f"/api/generate/status/{UNKNOWN_ID}?wait=5", None),
            ("GET", f"/api/generate/stream/{UNKNOWN_ID}", None),
            ("POST", f"/api/generate/{UNKNOWN_ID}/cancel", None),
            ("GET", "/api/usage", None),
        ]:
            response = await client.request(method, path, json=body)
            assert_error(response, 503, "database_unavailable")
            assert int(response.headers["retry-after"]) > 0
        health = await client.get("/api/health")
        assert health.status_code == 503 and health.headers["retry-after"]
        assert health.json()["database"] == "unreachable" and health.json()["success"] is False
        metrics = await client.get("/metrics")
        assert metrics.status_code == 200 and "bina_database_up{backend=" in metrics.text
        assert " 0.0" in next(
            line for line in metrics.text.splitlines() if line.startswith("bina_database_up")
        )
        assert time.monotonic() - began < 20  # never a hang
