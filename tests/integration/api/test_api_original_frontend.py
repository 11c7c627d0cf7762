"""The original front end's exact calls, and capability jobs (a start with no credentials).

The system Bina replaces ran its front end on another origin: it starts a job with a JSON body
of many fields and no credentials, then polls `status/{job_id}?t=<ms>` every 3 s, again with
no credentials. Its test steps do the same with plain HTTP and no cookie jar. Such a start
makes a capability job: its id is the secret. Jobs started with a cookie or a token stay
private to their owner.
"""

from __future__ import annotations

import time
from typing import Any

import httpx
import pytest

from bina.api import site_jobs
from tests.api_helpers import (
    STYLE_NAMES,
    Api,
    AppFactory,
    ScriptedHandler,
    assert_error,
    bearer,
    distinct,
    read_sse,
    style,
)

BUSINESS = "Kedai Roti Mak Jah"
DESCRIPTION = f"{BUSINESS} di Kota Bharu, roti canai RM1.50, buka 6 pagi, WhatsApp 013-998 7766"
UNKNOWN_ID = "5b7e2d8c-0c2e-4f0a-9a51-6f1d2e3c4b5a"
FRONT_END = "http://shop-builder.example"


def original_body(description: str = DESCRIPTION, **overrides: Any) -> dict[str, Any]:
    """Every field the original create page sends, as it sends them."""
    body: dict[str, Any] = {
        "description": description,
        "business_description": description,
        "language": "ms",
        "user_id": "anonymous",
        "email": "makjah@example.com",
        "images": [],
        "gallery_metadata": [],
        "features": {
            "whatsapp": True,
            "googleMap": True,
            "deliverySystem": False,
            "contactForm": True,
            "socialMedia": False,
        },
        "business_type": "bakery",
        "image_choice": "none",
        "color_mode": "light",
        "design_style": "modern",
        "template_id": None,
        "delivery": None,
        "address": "Jalan Sultan, Kota Bharu",
        "social_media": {"facebook": "", "instagram": ""},
    }
    body.update(overrides)
    return body


def cookieless(api: Api, **kwargs: Any) -> httpx.AsyncClient:
    """One request's client: a new one per call is a client that keeps no cookies."""
    return api.client(**kwargs)


async def visitor(api: Api, **kwargs: Any) -> httpx.AsyncClient:
    """A browser that has its anonymous cookie already (it loaded a page before starting)."""
    client = api.client(**kwargs)
    assert (await client.get("/api/usage")).status_code == 200
    assert "bina_anon" in client.cookies
    return client


async def start_without_credentials(api: Api, **body: Any) -> str:
    response = await cookieless(api).post("/api/generate/start", json=original_body(**body))
    assert response.status_code == 202, response.text
    answer = response.json()
    assert answer["success"] is True and answer["status"] == "queued"
    job_id: str = answer["job_id"]
    return job_id


async def poll(api: Api, job_id: str) -> httpx.Response:
    """One poll as the original page makes it: a fresh `?t=`, no cookie, no token."""
    return await cookieless(api).get(
        f"/api/generate/status/{job_id}", params={"t": str(int(time.time() * 1000))}
    )


async def test_the_original_steps_start_then_poll_by_id_without_a_cookie_jar(api: Api) -> None:
    job_id = await start_without_credentials(api)

    queued = await poll(api, job_id)
    assert queued.status_code == 200, queued.text
    assert queued.json()["status"] == "queued"
    assert queued.json()["progress"] == 0

    claim = await api.driver.claim(job_id)
    await api.driver.progress(claim, "styles", 40, styles=[style("modern")])
    running = (await poll(api, job_id)).json()
    assert running["status"] == "processing" and running["progress"] == 40
    assert len(running["styles"]) == 1

    await api.driver.complete(claim)
    done = await poll(api, job_id)
    body = done.json()
    # What the original page reads: success, status, progress, error, then styles or html.
    assert body["success"] is True
    assert body["status"] == "completed" and body["progress"] == 100
    assert body["error"] is None
    assert [style["style"] for style in body["styles"]] == list(STYLE_NAMES)
    assert body["html"] == body["styles"][0]["html"]
    # Never stored by a proxy, whether the client busts caches with ?t= or revalidates by ETag.
    cache_control = done.headers["cache-control"]
    assert "private" in cache_control and "no-cache" in cache_control
    assert "public" not in cache_control and "max-age" not in cache_control


async def test_a_failed_capability_job_reports_its_error_to_the_poller(api: Api) -> None:
    job_id = await start_without_credentials(api)
    await api.driver.fail(job_id, "The model is busy", refund=True)
    body = (await poll(api, job_id)).json()
    assert body["status"] == "failed" and body["error"] == "The model is busy"


async def test_every_original_field_is_accepted_and_user_id_is_only_a_label(api: Api) -> None:
    job_id = await start_without_credentials(api, user_id="visitor-42")
    job = await api.store.get_job(job_id)
    assert job is not None
    assert site_jobs.description_of(job) == DESCRIPTION and site_jobs.language_of(job) == "ms"
    # Recorded for operators, never an identity: another caller naming "visitor-42" is nobody.
    assert job.user_id == "public:visitor-42"

    hostile = await start_without_credentials(api, user_id="<script>'; DROP TABLE x;--")
    hostile_job = await api.store.get_job(hostile)
    assert hostile_job is not None and hostile_job.user_id == "public:anonymous"

    odd = await start_without_credentials(api, user_id=12345, language=None)
    odd_job = await api.store.get_job(odd)
    assert odd_job is not None and odd_job.user_id == "public:anonymous"
    assert site_jobs.language_of(odd_job) == "ms"


async def test_one_empty_description_field_is_not_an_error_when_the_other_has_text(
    api: Api,
) -> None:
    for body in (
        original_body(description="", business_description=DESCRIPTION),
        original_body(description=DESCRIPTION, business_description="   "),
    ):
        response = await cookieless(api).post("/api/generate/start", json=body)
        assert response.status_code == 202, response.text
        job = await api.store.get_job(response.json()["job_id"])
        assert job is not None and site_jobs.description_of(job) == DESCRIPTION
    empty = original_body(description="", business_description="")
    response = await cookieless(api).post("/api/generate/start", json=empty)
    assert_error(response, 422)


async def test_a_capability_job_is_followed_and_canceled_by_whoever_holds_its_id(
    api: Api,
) -> None:
    job_id = await start_without_credentials(api)
    holders = [
        cookieless(api, address="198.51.100.7"),
        await visitor(api),
        api.client(headers=bearer("someone-else")),
    ]
    for holder in holders:
        assert (await holder.get(f"/api/generate/status/{job_id}")).status_code == 200
    canceled = await cookieless(api).post(f"/api/generate/{job_id}/cancel")
    assert canceled.status_code == 200 and canceled.json()["status"] == "canceled"
    assert (await poll(api, job_id)).json()["status"] == "canceled"
    # The stream too (the job has ended, so the in-process stream ends with its last event).
    async with cookieless(api).stream("GET", f"/api/generate/stream/{job_id}") as stream:
        assert stream.status_code == 200
        events = (await read_sse(stream)).events
    assert [event.event for event in events][-1] == "canceled"


async def test_private_jobs_stay_private_to_cookieless_and_foreign_callers(api: Api) -> None:
    cookie_owner = await visitor(api)
    cookie_job = (await cookie_owner.post("/api/generate/start", json=original_body())).json()
    token_owner = api.client(headers=bearer("owner-1"))
    token_job = (await token_owner.post("/api/generate/start", json=original_body())).json()

    for job in (cookie_job["job_id"], token_job["job_id"]):
        for stranger in (
            cookieless(api),
            await visitor(api),
            api.client(headers=bearer("stranger")),
        ):
            for method, path in [
                ("GET", f"/api/generate/status/{job}?t=1"),
                ("GET", f"/api/generate/stream/{job}"),
                ("POST", f"/api/generate/{job}/cancel"),
            ]:
                answer = await stranger.request(method, path)
                missing = await stranger.request(method, path.replace(job, UNKNOWN_ID))
                assert_error(answer, 404, "not_found")
                assert answer.json() == missing.json()
    # The owners still see theirs, untouched by the strangers' cancels.
    mine = await cookie_owner.get(f"/api/generate/status/{cookie_job['job_id']}")
    assert mine.json()["status"] == "queued"
    theirs = await token_owner.get(f"/api/generate/status/{token_job['job_id']}")
    assert theirs.json()["status"] == "queued"


async def test_a_random_uuid_is_not_found_for_anyone(api: Api) -> None:
    for client in (cookieless(api), await visitor(api), api.client(headers=bearer("u"))):
        assert_error(await client.get(f"/api/generate/status/{UNKNOWN_ID}?t=5"), 404, "not_found")


async def test_capability_starts_share_the_anonymous_quota_of_their_address(api: Api) -> None:
    for _ in range(3):
        await start_without_credentials(api, description=distinct(DESCRIPTION))
    over = await cookieless(api).post(
        "/api/generate/start", json=original_body(distinct(DESCRIPTION))
    )
    assert_error(over, 429)
    # Another address has its own three.
    elsewhere = cookieless(api, address="203.0.113.20")
    answer = await elsewhere.post("/api/generate/start", json=original_body(distinct(DESCRIPTION)))
    assert answer.status_code == 202


async def test_a_sub_in_the_capability_namespace_is_refused(api: Api) -> None:
    client = api.client(headers=bearer("public:anonymous"))
    assert_error(await client.get("/api/usage"), 401, "invalid_token")


async def test_the_page_gives_its_visitor_a_cookie_so_their_jobs_are_private(api: Api) -> None:
    browser = api.client()
    page = await browser.get("/create")
    assert page.status_code == 200 and "bina_anon=" in page.headers["set-cookie"]
    assert "set-cookie" not in (await browser.get("/create")).headers  # kept, not renewed
    job_id = (await browser.post("/api/generate/start", json={"description": DESCRIPTION})).json()
    assert_error(await poll(api, job_id["job_id"]), 404, "not_found")
    assert (await browser.get(f"/api/generate/status/{job_id['job_id']}")).status_code == 200


# --- cross-origin -------------------------------------------------------------------------------


@pytest.fixture
async def cross_origin_api(make_api: AppFactory) -> Any:
    async with make_api(settings={"cors_origins": [FRONT_END]}) as running:
        yield running


async def test_preflights_from_an_allowed_origin_allow_the_original_calls(
    cross_origin_api: Api,
) -> None:
    client = cookieless(cross_origin_api)
    for path in ("/api/generate/start", "/api/generate-simple"):
        preflight = await client.options(
            path,
            headers={
                "Origin": FRONT_END,
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200, preflight.text
        assert preflight.headers["access-control-allow-origin"] == FRONT_END
        assert "POST" in preflight.headers["access-control-allow-methods"]
        assert "content-type" in preflight.headers["access-control-allow-headers"].lower()

    started = await client.post(
        "/api/generate/start", json=original_body(), headers={"Origin": FRONT_END}
    )
    assert started.status_code == 202
    assert started.headers["access-control-allow-origin"] == FRONT_END
    job_id = started.json()["job_id"]
    polled = await client.get(f"/api/generate/status/{job_id}?t=1", headers={"Origin": FRONT_END})
    assert polled.status_code == 200
    assert polled.headers["access-control-allow-origin"] == FRONT_END
    assert "ETag" in polled.headers["access-control-expose-headers"]


async def test_other_origins_get_no_cors_permission(cross_origin_api: Api) -> None:
    client = cookieless(cross_origin_api)
    preflight = await client.options(
        "/api/generate/start",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type",
        },
    )
    assert preflight.status_code == 400
    assert "access-control-allow-origin" not in preflight.headers
    answer = await client.get("/api/usage", headers={"Origin": "https://evil.example"})
    assert "access-control-allow-origin" not in answer.headers


async def test_a_wildcard_origin_never_comes_with_credentials(make_api: AppFactory) -> None:
    async with make_api(settings={"cors_origins": ["*"]}) as api:
        answer = await cookieless(api).post(
            "/api/generate/start", json=original_body(), headers={"Origin": "https://any.example"}
        )
        assert answer.status_code == 202
        assert answer.headers["access-control-allow-origin"] == "*"
        assert "access-control-allow-credentials" not in answer.headers


async def test_the_old_sync_call_works_cross_origin_without_credentials(
    make_api: AppFactory,
) -> None:
    settings = {"cors_origins": [FRONT_END]}
    async with make_api(
        settings=settings, embed_worker=True, handler_factory=lambda _s: ScriptedHandler()
    ) as api:
        answer = await cookieless(api).post(
            "/api/generate-simple", json=original_body(), headers={"Origin": FRONT_END}
        )
        assert answer.status_code == 200, answer.text
        assert answer.headers["access-control-allow-origin"] == FRONT_END
        body = answer.json()
        assert body["success"] is True and len(body["styles"]) == 3
        # Its job is a capability job too: the id it returns can be polled without a cookie.
        assert (await poll(api, body["job_id"])).json()["status"] == "completed"


def test_cors_origins_are_read_as_browsers_send_them() -> None:
    from bina.config import Settings

    read = Settings(cors_origins="https://Shop.Example.com/, http://127.0.0.1:3000")
    assert read.cors_origins == ["https://shop.example.com", "http://127.0.0.1:3000"]
    assert Settings(cors_origins='["*"]').cors_origins == ["*"]
    for wrong in ("https://shop.example.com/app", "shop.example.com", "ftp://x.example"):
        with pytest.raises(ValueError, match="origin"):
            Settings(cors_origins=wrong)
