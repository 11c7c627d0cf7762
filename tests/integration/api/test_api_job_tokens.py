"""The `?token=` in `status_url` and `stream_url`: a page on another origin (no Authorization,
maybe no cookie) follows its own job, and nothing else, with the URLs a start gave it."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import httpx

from bina.api.job_tokens import JobTokens
from tests.api_helpers import Api, AppFactory, assert_error, bearer, distinct, read_sse

DESCRIPTION = "Kedai roti di Ipoh, buka 8 pagi"
UNKNOWN_ID = "00000000-0000-4000-8000-000000000000"
FRONT_END = "https://front.example.my"


async def start(client: httpx.AsyncClient) -> dict[str, str]:
    response = await client.post("/api/generate/start", json={"description": distinct(DESCRIPTION)})
    assert response.status_code == 202, response.text
    body: dict[str, str] = response.json()
    assert response.headers["location"] == body["status_url"]
    return body


def token_of(url: str) -> str:
    [token] = parse_qs(urlsplit(url).query)["token"]
    return token


def without_token(url: str) -> str:
    return urlsplit(url).path


def elsewhere(api: Api, **headers: str) -> httpx.AsyncClient:
    """A page on another origin: no Authorization, no cookie (the browser keeps it from us)."""
    return api.client(headers=headers, address="198.51.100.7")


async def visitor(api: Api) -> httpx.AsyncClient:
    client = api.client()
    assert (await client.get("/api/usage")).status_code == 200  # gets its cookie
    return client


async def test_a_signed_in_users_urls_work_without_credentials(api: Api) -> None:
    started = await start(api.client(headers=bearer("siti")))
    job_id = started["job_id"]
    assert started["status_url"].startswith(f"/api/generate/status/{job_id}?token=")
    assert started["stream_url"].startswith(f"/api/generate/stream/{job_id}?token=")
    assert token_of(started["status_url"]) == token_of(started["stream_url"])

    page = elsewhere(api)
    status = await page.get(started["status_url"])
    assert status.status_code == 200 and status.json()["job_id"] == job_id
    # Without its token the same job is as invisible as ever.
    assert_error(await page.get(without_token(started["status_url"])), 404, "not_found")

    await api.driver.run_through(job_id)
    async with page.stream("GET", started["stream_url"]) as stream:
        assert stream.status_code == 200
        read = await read_sse(stream)
    assert read.events[-1].event == "completed"
    assert_error(await page.get(without_token(started["stream_url"])), 404, "not_found")


async def test_a_cookie_visitors_urls_work_without_the_cookie(api: Api) -> None:
    started = await start(await visitor(api))
    assert "token=" in started["status_url"] and "token=" in started["stream_url"]
    assert (await elsewhere(api).get(started["status_url"])).status_code == 200


async def test_a_capability_job_has_no_token_and_needs_none(api: Api) -> None:
    started = await start(api.client())  # no cookie, no token: its id is the secret
    assert started["status_url"] == f"/api/generate/status/{started['job_id']}"
    assert started["stream_url"] == f"/api/generate/stream/{started['job_id']}"
    assert (await elsewhere(api).get(started["status_url"])).status_code == 200


async def test_a_token_opens_its_own_job_and_nothing_else(api: Api) -> None:
    owner = api.client(headers=bearer("owner"))
    first, second = await start(owner), await start(owner)
    token = token_of(first["status_url"])
    page = elsewhere(api)

    # Job B with job A's token: a 404 exactly like a job that does not exist.
    for path in (without_token(second["status_url"]), without_token(second["stream_url"])):
        foreign = await page.get(f"{path}?token={token}")
        missing = await page.get(f"{path.replace(second['job_id'], UNKNOWN_ID)}?token={token}")
        assert_error(foreign, 404, "not_found")
        assert foreign.json() == missing.json()
    # Not a way to cancel, nor to reach the owner's sites or make one from the job.
    cancel = await page.post(f"/api/generate/{first['job_id']}/cancel?token={token}")
    assert_error(cancel, 404, "not_found")
    assert (await owner.get(without_token(first["status_url"]))).json()["status"] == "queued"
    await api.driver.run_through(first["job_id"])
    stranger = await visitor(api)
    design = {"job_id": first["job_id"], "style": "modern"}
    assert_error(await stranger.post(f"/api/sites?token={token}", json=design), 404)
    assert (await stranger.get(f"/api/sites?token={token}")).json()["items"] == []
    assert (await owner.post("/api/sites", json=design)).status_code == 201


async def test_a_changed_or_expired_token_is_no_proof(api: Api) -> None:
    started = await start(api.client(headers=bearer("owner")))
    job_id, token = started["job_id"], token_of(started["status_url"])
    expires, _, signature = token.partition(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    job = await api.store.get_job(job_id)
    assert job is not None and job.user_id == "owner"
    tokens: JobTokens = api.app.state.job_tokens
    expired = tokens.issue(job_id, "owner", job.created_at - timedelta(days=60))
    page = elsewhere(api)
    for bad in (f"{expires}.{flipped}", f"{int(expires) + 86400}.{signature}", expired, "x", ""):
        response = await page.get(f"/api/generate/status/{job_id}?token={bad}")
        assert_error(response, 404, "not_found")
    assert (await page.get(started["status_url"])).status_code == 200


async def test_etags_and_long_polls_work_through_the_token(api: Api) -> None:
    started = await start(api.client(headers=bearer("owner")))
    page = elsewhere(api)
    first = await page.get(started["status_url"])
    etag = first.headers["etag"]
    unchanged = await page.get(started["status_url"], headers={"If-None-Match": etag})
    assert unchanged.status_code == 304

    long_poll = asyncio.create_task(
        page.get(f"{started['status_url']}&wait=10", headers={"If-None-Match": etag})
    )
    await api.driver.claim(started["job_id"])  # the job changes: the long poll answers
    changed = await asyncio.wait_for(long_poll, 10)
    assert changed.status_code == 200 and changed.headers["etag"] != etag
    assert changed.json()["status"] == "processing"


async def test_a_page_on_another_origin_streams_a_running_job(make_server: AppFactory) -> None:
    async with make_server(settings={"cors_origins": [FRONT_END]}) as api:
        started = await start(api.client(headers=bearer("owner")))
        page = elsewhere(api, Origin=FRONT_END)
        async with page.stream("GET", started["stream_url"]) as stream:
            assert stream.status_code == 200
            assert stream.headers["access-control-allow-origin"] == FRONT_END
            driving = asyncio.create_task(api.driver.run_through(started["job_id"]))
            read = await read_sse(stream)
            await driving
    names = [event.event for event in read.events]
    assert names[0] == "progress" and names[-1] == "completed" and names.count("style") == 3


async def test_with_front_ends_on_other_sites_the_cookie_crosses_sites(
    make_api: AppFactory,
) -> None:
    async with make_api(settings={"cors_origins": [FRONT_END]}) as api:
        for path in ("/api/usage", "/create"):
            response = await api.client().get(path)
            attributes = {part.strip() for part in response.headers["set-cookie"].split(";")}
            assert {"SameSite=None", "Secure", "HttpOnly"} <= attributes, path
        # The cookie it sets is the visitor's identity from then on, as with a Lax one (over
        # https: a client keeps a Secure cookie from http only for localhost, if at all).
        page = api.client(headers={"Origin": FRONT_END}, base_url="https://bina.example")
        await page.get("/api/usage")
        started = await start(page)
        job = await api.store.get_job(started["job_id"])
        assert job is not None and (job.user_id or "").startswith("anon:")
