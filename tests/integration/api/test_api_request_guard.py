"""Cross-site requests and undeclared bodies are refused before they cost anything.

A page on another site can make its visitor's browser POST here without a CORS preflight (a
form, or `fetch` in `no-cors` mode with a text body): the request carries the visitor's cookie
and address, so it would spend the visitor's quota. Such requests are 403, bodies not declared
as JSON are 415, and nothing is stored or charged; calls without browser headers (curl, the
original front end's steps, other backends) work as before.
"""

from __future__ import annotations

import asyncio
import io
from collections.abc import AsyncIterator

import httpx
import pytest
from PIL import Image

from tests.api_helpers import Api, AppFactory, assert_error, distinct
from tests.waiting import wait_until_async

DESCRIPTION = "Kedai kopi Pak Hamid di Ipoh, kopi putih RM2.80, buka 7 pagi"
EVIL = "https://evil.example"
SHOP = "https://shop.example"
OWN = "http://testserver"  # the in-process client's own origin (its Host is `testserver`)


async def visitor(api: Api) -> httpx.AsyncClient:
    """A browser that holds its anonymous cookie, as after loading any page here."""
    client = api.client()
    assert (await client.get("/api/usage")).status_code == 200
    return client


async def used(client: httpx.AsyncClient) -> int:
    count: int = (await client.get("/api/usage")).json()["used"]
    return count


async def test_a_cross_site_page_cannot_spend_the_visitors_quota(api: Api) -> None:
    client = await visitor(api)
    body = f'{{"description": "{DESCRIPTION}"}}'
    # What `fetch(url, {method: "POST", mode: "no-cors", credentials: "include", body})` sends.
    no_cors = await client.post(
        "/api/generate/start",
        content=body,
        headers={
            "Content-Type": "text/plain;charset=UTF-8",
            "Origin": EVIL,
            "Sec-Fetch-Site": "cross-site",
            "Sec-Fetch-Mode": "no-cors",
        },
    )
    assert_error(no_cors, 403, "cross_site_request")
    # A form posted from that page, and an older browser that sends only Origin.
    form = await client.post(
        "/api/generate-simple",
        data={"description": DESCRIPTION},
        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
    )
    assert_error(form, 403, "cross_site_request")
    typed = await client.post(
        "/api/generate/start", json={"description": DESCRIPTION}, headers={"Origin": EVIL}
    )
    assert_error(typed, 403, "cross_site_request")
    assert await used(client) == 0
    assert await api.store.list_jobs() == []


async def test_the_servers_own_pages_and_clients_without_browser_headers_still_start(
    api: Api,
) -> None:
    client = await visitor(api)
    same_origin = await client.post(
        "/api/generate/start",
        json={"description": distinct(DESCRIPTION)},
        headers={"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
    )
    assert same_origin.status_code == 202, same_origin.text
    # A TLS proxy in front: the page is https, the hop to us is http.
    over_tls = await client.post(
        "/api/generate/start",
        json={"description": distinct(DESCRIPTION)},
        headers={"Origin": "https://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert over_tls.status_code == 202, over_tls.text
    curl = await api.client().post("/api/generate/start", json={"description": DESCRIPTION})
    assert curl.status_code == 202, curl.text
    assert len(await api.store.list_jobs()) == 3


async def test_a_sibling_subdomain_is_another_origin(api: Api) -> None:
    client = await visitor(api)
    response = await client.post(
        "/api/generate/start",
        json={"description": DESCRIPTION},
        headers={"Origin": "http://blog.testserver", "Sec-Fetch-Site": "same-site"},
    )
    assert_error(response, 403, "cross_site_request")


async def test_origins_in_bina_cors_origins_may_start(make_api: AppFactory) -> None:
    async with make_api(settings={"cors_origins": [SHOP]}) as api:
        client = api.client()
        allowed = await client.post(
            "/api/generate/start",
            json={"description": DESCRIPTION},
            headers={"Origin": SHOP, "Sec-Fetch-Site": "cross-site"},
        )
        assert allowed.status_code == 202, allowed.text
        assert allowed.headers["access-control-allow-origin"] == SHOP
        other = await client.post(
            "/api/generate/start",
            json={"description": DESCRIPTION},
            headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
        )
        assert_error(other, 403, "cross_site_request")
        # The preflight is CORS's to answer, never the guard's.
        preflight = await client.options(
            "/api/generate/start",
            headers={
                "Origin": SHOP,
                "Sec-Fetch-Site": "cross-site",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "content-type",
            },
        )
        assert preflight.status_code == 200
        assert preflight.headers["access-control-allow-origin"] == SHOP
    async with make_api(settings={"cors_origins": ["*"]}) as api:
        anyone = await api.client().post(
            "/api/generate/start",
            json={"description": DESCRIPTION},
            headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
        )
        assert anyone.status_code == 202, anyone.text


async def test_with_a_public_url_only_that_origin_is_the_servers_own(
    make_api: AppFactory,
) -> None:
    async with make_api(settings={"public_url": "https://bina.example.my"}) as api:
        client = api.client()
        public = await client.post(
            "/api/generate/start",
            json={"description": DESCRIPTION},
            headers={"Origin": "https://bina.example.my", "Sec-Fetch-Site": "same-origin"},
        )
        assert public.status_code == 202, public.text
        # Another name pointing at this server (DNS rebinding) is not its origin.
        rebound = api.client(base_url="http://rebound.example")
        response = await rebound.post(
            "/api/generate/start",
            json={"description": DESCRIPTION},
            headers={"Origin": "http://rebound.example", "Sec-Fetch-Site": "same-origin"},
        )
        assert_error(response, 403, "cross_site_request")


@pytest.mark.parametrize(
    "content_type",
    [None, "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=b"],
)
async def test_a_body_not_declared_json_is_415_and_costs_nothing(
    api: Api, content_type: str | None
) -> None:
    client = await visitor(api)
    headers = {} if content_type is None else {"Content-Type": content_type}
    for path in ("/api/generate/start", "/api/generate-simple"):
        response = await client.post(
            path, content=f'{{"description": "{DESCRIPTION}"}}', headers=headers
        )
        assert_error(response, 415, "unsupported_media_type")
    assert await used(client) == 0
    assert await api.store.list_jobs() == []


async def test_json_with_a_charset_or_a_json_suffix_is_json(api: Api) -> None:
    client = api.client()
    for content_type in ("application/json; charset=utf-8", "application/vnd.bina+json"):
        response = await client.post(
            "/api/generate/start",
            content=f'{{"description": "{distinct(DESCRIPTION)}"}}',
            headers={"Content-Type": content_type},
        )
        assert response.status_code == 202, (content_type, response.text)


async def test_requests_without_a_body_need_no_content_type(api: Api) -> None:
    client = await visitor(api)
    started = await client.post("/api/generate/start", json={"description": DESCRIPTION})
    job_id = started.json()["job_id"]
    canceled = await client.post(f"/api/generate/{job_id}/cancel")
    assert canceled.status_code == 200, canceled.text
    assert canceled.json()["status"] == "canceled"


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), "#2e86c1").save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


@pytest.fixture
async def generating_api(make_api: AppFactory) -> AsyncIterator[Api]:
    """The app with its embedded worker running the real (offline) generator."""
    async with make_api(embed_worker=True, handler_factory=None) as running:
        yield running


async def _new_site(client: httpx.AsyncClient) -> str:
    started = await client.post("/api/generate/start", json={"description": DESCRIPTION})
    job_id = started.json()["job_id"]

    async def done() -> bool:
        status = (await client.get(f"/api/generate/status/{job_id}")).json()
        assert status["status"] not in ("failed", "canceled"), status
        return bool(status["status"] == "completed")

    await wait_until_async(done, timeout=30)
    created = await client.post("/api/sites", json={"job_id": job_id, "style": "modern"})
    assert created.status_code == 201, created.text
    site_id: str = created.json()["site_id"]
    return site_id


async def test_photo_uploads_work_from_the_own_page_and_never_cross_site(
    generating_api: Api,
) -> None:
    api = generating_api
    client = await visitor(api)
    site_id = await _new_site(client)
    photos = f"/api/sites/{site_id}/photos"
    files = {"file": ("shop.jpg", _jpeg(), "image/jpeg")}

    cross_site = await client.post(
        photos,
        files=files,
        data={"role": "hero"},
        headers={"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
    )
    assert_error(cross_site, 403, "cross_site_request")
    as_json = await client.post(photos, json={"file": "not a photo"})
    assert_error(as_json, 415, "unsupported_media_type")
    assert (await client.get(f"/api/sites/{site_id}")).json()["photos"] == []

    own = await client.post(
        photos,
        files=files,
        data={"role": "hero"},
        headers={"Origin": OWN, "Sec-Fetch-Site": "same-origin"},
    )
    assert own.status_code == 201, own.text
    assert len((await client.get(f"/api/sites/{site_id}")).json()["photos"]) == 1


async def test_a_refused_upload_is_answered_without_reading_its_body(
    make_server: AppFactory,
) -> None:
    """On a real server: 15 MB announced cross-site is refused at once, the connection closed."""
    async with make_server() as api:
        host, port = api.base_url.removeprefix("http://").split(":")
        reader, writer = await asyncio.open_connection(host, int(port))
        try:
            writer.write(
                b"POST /api/sites/abc/photos HTTP/1.1\r\nHost: x\r\n"
                b"Origin: https://evil.example\r\nSec-Fetch-Site: cross-site\r\n"
                b"Content-Type: multipart/form-data; boundary=b\r\n"
                b"Content-Length: 15000000\r\n\r\n"
            )
            await writer.drain()
            async with asyncio.timeout(10):
                answer = await reader.read()  # to the end: the server closes the connection
        finally:
            writer.close()
        head, _, body = answer.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 403"), head
        assert b"connection: close" in head.lower()
        assert b'"cross_site_request"' in body
