"""Sites through the HTTP API, on a real SQLite file and on PostgreSQL: a real generation
becomes a site, is corrected, gets photos, is published, shared, taken down and deleted."""

from __future__ import annotations

import asyncio
import base64
import io
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import httpx
import pytest
from PIL import Image

from bina.config import Settings
from tests.api_helpers import Api, AppFactory, assert_error, bearer
from tests.waiting import wait_until_async

DESCRIPTION = (
    "Warung Mak Teh di Kota Bharu. Menu: nasi lemak RM5, mee goreng RM6, kuih muih. "
    "Buka 7 pagi hingga 2 petang, tutup Jumaat. WhatsApp 012-345 6789."
)


@pytest.fixture
async def api(make_api: AppFactory) -> AsyncIterator[Api]:
    """The app with its embedded worker running the real (offline) generator."""
    async with make_api(embed_worker=True, handler_factory=None) as running:
        yield running


async def visitor(api: Api) -> httpx.AsyncClient:
    """A browser visitor: the /create page gives it its cookie first."""
    client = api.client()
    assert (await client.get("/create")).status_code == 200
    return client


async def completed_job(client: httpx.AsyncClient, description: str = DESCRIPTION) -> str:
    started = await client.post(
        "/api/generate/start", json={"description": description, "language": "ms"}
    )
    assert started.status_code == 202, started.text
    job_id: str = started.json()["job_id"]

    async def done() -> bool:
        status = (await client.get(f"/api/generate/status/{job_id}")).json()
        assert status["status"] not in ("failed", "canceled"), status
        return bool(status["status"] == "completed")

    await wait_until_async(done, timeout=30)
    return job_id


async def new_site(client: httpx.AsyncClient, style: str = "modern") -> dict[str, Any]:
    job_id = await completed_job(client)
    created = await client.post("/api/sites", json={"job_id": job_id, "style": style})
    assert created.status_code == 201, created.text
    body: dict[str, Any] = created.json()
    return body


def _forget_cookies(client: httpx.AsyncClient) -> Any:
    """Like the original front end: no cookie is ever sent back."""

    async def forget(request: httpx.Request) -> None:
        client.cookies.clear()
        request.headers.pop("cookie", None)

    return forget


def jpeg(width: int = 1200, height: int = 800, color: str = "#c0392b") -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


async def patch(
    client: httpx.AsyncClient, site: dict[str, Any], body: dict[str, Any]
) -> httpx.Response:
    return await client.patch(
        f"/api/sites/{site['site_id']}", json=body, headers={"If-Match": f'"{site["version"]}"'}
    )


async def test_the_whole_flow_from_design_to_shared_link(api: Api) -> None:
    client = await visitor(api)
    job_id = await completed_job(client)

    created = await client.post("/api/sites", json={"job_id": job_id, "style": "minimal"})
    assert created.status_code == 201, created.text
    site = created.json()
    assert created.headers["ETag"] == '"1"'
    assert created.headers["Location"] == f"/api/sites/{site['site_id']}"
    assert site["style"] == "minimal" and site["published"] is False and site["url"] is None
    assert site["profile"]["name"] == "Warung Mak Teh"
    assert site["palette"] in site["palettes"]
    assert "Warung Mak Teh" in site["html"]
    # The same design again is the same site, not a second one.
    again = await client.post("/api/sites", json={"job_id": job_id, "style": "minimal"})
    assert again.status_code == 200 and again.json()["site_id"] == site["site_id"]

    # The misread menu, corrected: kuih muih gets its price and a note.
    items = site["profile"]["items"]
    assert [item["name"].lower() for item in items][:2] == ["nasi lemak", "mee goreng"]
    corrected = [
        {"name": "Nasi lemak", "price_text": "5.50"},
        {"name": "Mee goreng", "price_text": "RM6"},
        {"name": "Kuih muih", "price_text": "1", "note": "3 biji"},
    ]
    edited = await patch(client, site, {"profile": {"items": corrected}})
    assert edited.status_code == 200, edited.text
    assert edited.headers["ETag"] == '"2"'
    site = edited.json()
    assert [item["price_text"] for item in site["profile"]["items"]] == ["5.50", "6", "1"]
    assert "5.50" in site["html"] and "Kuih muih" in site["html"] and "3 biji" in site["html"]

    upload = await client.post(
        f"/api/sites/{site['site_id']}/photos",
        files={"file": ("kedai.jpg", jpeg(3000, 2000), "image/jpeg")},
        data={"role": "hero", "alt": "Gerai kami waktu pagi"},
    )
    assert upload.status_code == 201, upload.text
    photo = upload.json()
    assert photo["role"] == "hero" and max(photo["width"], photo["height"]) <= 1600
    image = await client.get(photo["url"])
    assert image.status_code == 200 and image.headers["content-type"].startswith("image/")
    assert "immutable" in image.headers["cache-control"]
    site = (await client.get(f"/api/sites/{site['site_id']}")).json()
    assert photo["url"] in site["html"] and "Gerai kami waktu pagi" in site["html"]

    published = await client.post(
        f"/api/sites/{site['site_id']}/publish", json={"slug": "warung-mak-teh"}
    )
    assert published.status_code == 200, published.text
    site = published.json()
    assert site["published"] is True and site["url"].endswith("/s/warung-mak-teh")

    public = api.client()  # a visitor with nothing: no cookie, no token
    page = await public.get("/s/warung-mak-teh")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert "public" in page.headers["cache-control"]
    assert "5.50" in page.text and "Warung Mak Teh" in page.text
    assert f"/s/warung-mak-teh/media/{photo['photo_id']}" in page.text
    assert 'rel="canonical" href="http://testserver/s/warung-mak-teh"' in page.text
    assert "http://testserver/s/warung-mak-teh/og.png" in page.text
    not_modified = await public.get(
        "/s/warung-mak-teh", headers={"If-None-Match": page.headers["ETag"]}
    )
    assert not_modified.status_code == 304
    media = await public.get(f"/s/warung-mak-teh/media/{photo['photo_id']}.webp")
    assert media.status_code == 200
    card = await public.get("/s/warung-mak-teh/og.png")
    assert card.status_code == 200 and card.headers["content-type"] == "image/png"
    assert Image.open(io.BytesIO(card.content)).size == (1200, 630)
    sitemap = await public.get("/s/warung-mak-teh/sitemap.xml")
    assert "<loc>http://testserver/s/warung-mak-teh</loc>" in sitemap.text

    # A published site is updated in place.
    edited = await patch(client, site, {"profile": {"tagline": "Sarapan orang Kelantan"}})
    assert edited.status_code == 200
    site = edited.json()
    page = await public.get("/s/warung-mak-teh")
    assert "Sarapan orang Kelantan" in page.text

    down = await client.post(f"/api/sites/{site['site_id']}/unpublish")
    assert down.status_code == 200 and down.json()["published"] is False
    assert (await public.get("/s/warung-mak-teh")).status_code == 410
    assert (
        await public.get(f"/s/warung-mak-teh/media/{photo['photo_id']}.webp")
    ).status_code == 404

    republished = await client.post(f"/api/sites/{site['site_id']}/publish", json={})
    assert republished.json()["slug"] == "warung-mak-teh"  # the address stays with its site
    assert (await public.get("/s/warung-mak-teh")).status_code == 200

    assert (await client.delete(f"/api/sites/{site['site_id']}")).status_code == 204
    assert (await public.get("/s/warung-mak-teh")).status_code == 410
    assert (await public.get(photo["url"])).status_code == 404
    assert_error(await client.get(f"/api/sites/{site['site_id']}"), 404, "not_found")
    assert (await client.get("/s/never-used-address")).status_code == 404


async def test_edits_need_the_current_version_and_bad_edits_change_nothing(api: Api) -> None:
    client = await visitor(api)
    site = await new_site(client)
    url = f"/api/sites/{site['site_id']}"

    assert_error(await client.patch(url, json={"profile": {"name": "X"}}), 428)
    assert_error(
        await client.patch(url, json={"profile": {"name": "X"}}, headers={"If-Match": '"9"'}),
        412,
        "version_mismatch",
    )
    first_tab = await patch(client, site, {"profile": {"name": "Warung Mak Teh Asli"}})
    assert first_tab.status_code == 200
    second_tab = await patch(client, site, {"profile": {"name": "Nama Lain"}})
    body = assert_error(second_tab, 412, "version_mismatch")
    assert body["current_version"] == 2

    current = first_tab.json()
    bad_edits: list[tuple[dict[str, Any], str]] = [
        ({"profile": {"phones": ["12"]}}, "profile.phones.0"),
        ({"profile": {"items": [{"name": "Teh", "price_text": "murah"}]}}, "profile.items.0"),
        ({"palette": "no-such-colour"}, "palette"),
        ({"profile": {"business_type": "spaceship"}}, "profile.business_type"),
        ({"slug": "x"}, "slug"),
    ]
    for bad, field in bad_edits:
        refused = assert_error(await patch(client, current, bad), 422)
        assert str(refused.get("field", "")).startswith(field), (bad, refused)
    unchanged = (await client.get(url)).json()
    assert unchanged["version"] == current["version"]
    assert unchanged["profile"] == current["profile"]

    # A JSON merge patch: null removes an optional fact, arrays replace.
    removed = await patch(client, current, {"profile": {"area": None}})
    assert removed.status_code == 200 and removed.json()["profile"]["area"] is None
    phones = await patch(
        client,
        removed.json(),
        {"profile": {"phones": [{"display": "019 222 3333", "whatsapp": True}]}},
    )
    assert phones.status_code == 200, phones.text
    phone = phones.json()["profile"]["phones"][0]
    assert phone["digits"] == "60192223333" and phone["whatsapp"] is True
    assert "wa.me/60192223333" in phones.json()["html"]


async def test_another_callers_site_is_a_404_like_a_missing_one(api: Api) -> None:
    owner = await visitor(api)
    site = await new_site(owner)
    url = f"/api/sites/{site['site_id']}"
    missing = "/api/sites/00000000-0000-4000-8000-000000000000"
    for stranger in (await visitor(api), api.client(headers=bearer("user-x")), api.client()):
        requests: list[tuple[str, str, dict[str, Any]]] = [
            ("GET", url, {}),
            (
                "PATCH",
                url,
                {"json": {"profile": {"name": "Hacked"}}, "headers": {"If-Match": '"1"'}},
            ),
            ("POST", f"{url}/publish", {"json": {"slug": "stolen-site"}}),
            ("POST", f"{url}/unpublish", {}),
            ("DELETE", url, {}),
            ("POST", f"{url}/photos", {"files": {"file": ("a.jpg", jpeg(), "image/jpeg")}}),
        ]
        for method, path, kwargs in requests:
            foreign = await stranger.request(method, path, **kwargs)
            unknown = await stranger.request(method, path.replace(url, missing), **kwargs)
            assert foreign.status_code == unknown.status_code == 404, (method, path)
            assert foreign.json() == unknown.json()
        listing = (await stranger.get("/api/sites")).json()
        assert listing["items"] == []
    assert (await owner.get(url)).json()["profile"]["name"] == "Warung Mak Teh"

    # A job of someone else cannot become a site either.
    job_id = site["job_id"]
    other = await visitor(api)
    assert_error(await other.post("/api/sites", json={"job_id": job_id, "style": "bold"}), 404)


async def test_only_completed_jobs_of_a_credentialed_caller_become_sites(api: Api) -> None:
    client = await visitor(api)
    assert_error(
        await client.post("/api/sites", json={"job_id": "no-such-job", "style": "bold"}), 404
    )
    cookieless = api.client()
    cookieless.event_hooks["request"] = [_forget_cookies(cookieless)]
    job_id = await completed_job(cookieless)
    assert_error(
        await cookieless.post("/api/sites", json={"job_id": job_id, "style": "bold"}),
        401,
        "credentials_required",
    )
    # Whoever holds the capability job's id and keeps a cookie may make it their site.
    adopted = await client.post("/api/sites", json={"job_id": job_id, "style": "bold"})
    assert adopted.status_code == 201
    assert_error(await client.post("/api/sites", json={"job_id": job_id, "style": "pink"}), 422)


async def test_an_unfinished_job_is_not_a_site_yet(make_api: AppFactory) -> None:
    async with make_api() as api:  # no worker: the job stays queued
        client = await visitor(api)
        started = await client.post("/api/generate/start", json={"description": DESCRIPTION})
        job_id = started.json()["job_id"]
        refused = await client.post("/api/sites", json={"job_id": job_id, "style": "modern"})
        assert_error(refused, 409, "job_not_completed")


async def test_two_owners_racing_for_one_address_one_gets_409(api: Api) -> None:
    first, second = await visitor(api), await visitor(api)
    site_a, site_b = await new_site(first), await new_site(second)
    answers = await asyncio.gather(
        first.post(f"/api/sites/{site_a['site_id']}/publish", json={"slug": "kedai-rebutan"}),
        second.post(f"/api/sites/{site_b['site_id']}/publish", json={"slug": "kedai-rebutan"}),
    )
    statuses = sorted(answer.status_code for answer in answers)
    assert statuses == [200, 409], [a.text for a in answers]
    loser = next(answer for answer in answers if answer.status_code == 409)
    body = assert_error(loser, 409, "slug_taken")
    assert len(body["suggestions"]) >= 3 and "kedai-rebutan" not in body["suggestions"]
    check = (await first.get("/api/sites/slugs/kedai-rebutan")).json()
    assert check["available"] is False and check["suggestions"]
    free = (await first.get(f"/api/sites/slugs/{body['suggestions'][0]}")).json()
    assert free["available"] is True
    for slug in ("ab", "API", "-kedai", "kedai--x", "s"):
        invalid = await first.post(f"/api/sites/{site_a['site_id']}/publish", json={"slug": slug})
        assert_error(invalid, 422, "invalid_slug")


async def test_photos_are_checked_limited_and_uploads_retry_without_duplicates(
    make_api: AppFactory,
) -> None:
    async with make_api(embed_worker=True, handler_factory=None) as api:
        client = await visitor(api)
        site = await new_site(client)
        photos = f"/api/sites/{site['site_id']}/photos"

        key = {"Idempotency-Key": "upload-1"}
        first = await client.post(
            photos, files={"file": ("a.jpg", jpeg(), "image/jpeg")}, headers=key
        )
        retry = await client.post(
            photos, files={"file": ("a.jpg", jpeg(), "image/jpeg")}, headers=key
        )
        assert first.status_code == 201 and retry.status_code == 200
        assert first.json()["photo_id"] == retry.json()["photo_id"]
        assert len((await client.get(f"/api/sites/{site['site_id']}")).json()["photos"]) == 1

        text = await client.post(
            photos, files={"file": ("menu.jpg", b"just text\n" * 50, "image/jpeg")}
        )
        assert_error(text, 422, "not_an_image")
        bomb = io.BytesIO()
        Image.new("1", (20000, 20000)).save(bomb, "PNG")
        assert_error(
            await client.post(photos, files={"file": ("b.png", bomb.getvalue(), "image/png")}),
            422,
            "image_too_large_pixels",
        )
        huge = await client.post(
            photos, files={"file": ("big.jpg", b"\xff" * (15 * 1024 * 1024 + 10), "image/jpeg")}
        )
        assert huge.status_code == 413

        for number in range(11):
            added = await client.post(
                photos, files={"file": (f"{number}.jpg", jpeg(400, 300), "image/jpeg")}
            )
            assert added.status_code == 201, added.text
        over = await client.post(photos, files={"file": ("13.jpg", jpeg(400, 300), "image/jpeg")})
        assert_error(over, 409, "photo_limit_reached")
        # A logo replaces nothing that counts against the limit… but the site is full.
        site_now = (await client.get(f"/api/sites/{site['site_id']}")).json()
        assert len(site_now["photos"]) == 12
        gone = site_now["photos"][0]
        deleted = await client.delete(f"{photos}/{gone['photo_id']}")
        assert deleted.status_code == 200 and len(deleted.json()["photos"]) == 11
        assert_error(await client.delete(f"{photos}/{gone['photo_id']}"), 404)


async def test_hostile_text_stays_inert_in_page_card_and_meta(api: Api) -> None:
    client = await visitor(api)
    site = await new_site(client)
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)> "\' --; DROP TABLE sites;'
    edited = await patch(
        client,
        site,
        {
            "profile": {
                "name": hostile,
                "tagline": hostile,
                "items": [{"name": hostile, "note": hostile}],
            }
        },
    )
    assert edited.status_code == 200, edited.text
    await client.post(f"/api/sites/{site['site_id']}/publish", json={"slug": "kedai-selamat"})
    page = (await api.client().get("/s/kedai-selamat")).text
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page
    card = await api.client().get("/s/kedai-selamat/og.png")
    assert card.status_code == 200
    listing = (await client.get("/api/sites")).json()
    assert listing["items"][0]["name"] == hostile


async def test_the_list_is_newest_first_and_paginated(api: Api) -> None:
    client = await visitor(api)
    job_id = await completed_job(client)
    made = []
    for style in ("modern", "minimal", "bold"):
        created = await client.post("/api/sites", json={"job_id": job_id, "style": style})
        made.append(created.json()["site_id"])
    first = (await client.get("/api/sites", params={"limit": 2})).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = (
        await client.get("/api/sites", params={"limit": 2, "cursor": first["next_cursor"]})
    ).json()
    assert second["next_cursor"] is None
    listed = [item["site_id"] for item in first["items"] + second["items"]]
    assert sorted(listed) == sorted(made) and len(set(listed)) == 3
    assert_error(await client.get("/api/sites", params={"cursor": "garbage"}), 422)
    # A cursor forged to carry a NUL: refused like any cursor the server did not hand out.
    forged = base64.urlsafe_b64encode(b"2026-12-01T00:00:00+00:00|\x00").decode().rstrip("=")
    assert_error(await client.get("/api/sites", params={"cursor": forged}), 422)


async def test_sites_outlive_the_purge_of_their_job(api: Api) -> None:
    client = await visitor(api)
    site = await new_site(client)
    await client.post(f"/api/sites/{site['site_id']}/publish", json={"slug": "kekal-selamanya"})
    purged = await api.store.purge(timedelta(0), timedelta(0))
    assert purged >= 1
    assert (await client.get(f"/api/generate/status/{site['job_id']}")).status_code == 404
    assert (await client.get(f"/api/sites/{site['site_id']}")).status_code == 200
    assert (await api.client().get("/s/kekal-selamanya")).status_code == 200


async def test_a_sites_domain_serves_each_site_at_its_own_host(
    make_api: AppFactory, api_settings: Settings
) -> None:
    settings = {"sites_domain": "laman.example.my", "public_url": "https://bina.example.my"}
    async with make_api(embed_worker=True, handler_factory=None, settings=settings) as api:
        client = await visitor(api)
        site = await new_site(client)
        published = await client.post(
            f"/api/sites/{site['site_id']}/publish", json={"slug": "kedai-subdomain"}
        )
        assert published.json()["url"] == "https://kedai-subdomain.laman.example.my/"
        host = api.client(base_url="http://kedai-subdomain.laman.example.my")
        page = await host.get("/")
        assert page.status_code == 200
        assert 'href="https://kedai-subdomain.laman.example.my/"' in page.text
        assert "https://kedai-subdomain.laman.example.my/og.png" in page.text
        assert (await host.get("/og.png")).status_code == 200
        robots = await host.get("/robots.txt")
        assert "Sitemap: https://kedai-subdomain.laman.example.my/sitemap.xml" in robots.text


async def test_an_upload_cut_off_by_the_network_leaves_no_half_photo(
    make_server: AppFactory,
) -> None:
    async with make_server(embed_worker=True, handler_factory=None) as api:
        client = await visitor(api)
        site = await new_site(client)
        cookie = "; ".join(f"{name}={value}" for name, value in client.cookies.items())
        photo = jpeg(2000, 1500)
        boundary = "cut-off-upload"
        body = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\n'
            "Content-Type: image/jpeg\r\n\r\n"
        ).encode() + photo
        head = (
            f"POST /api/sites/{site['site_id']}/photos HTTP/1.1\r\nHost: test\r\n"
            f"Cookie: {cookie}\r\nContent-Type: multipart/form-data; boundary={boundary}\r\n"
            f"Content-Length: {len(body) + 200}\r\n\r\n"
        ).encode()
        host, port = api.base_url.removeprefix("http://").split(":")
        _reader, writer = await asyncio.open_connection(host, int(port))
        writer.write(head + body[: len(body) // 2])  # the phone loses its signal half-way
        await writer.drain()
        writer.close()
        await writer.wait_closed()
        await asyncio.sleep(0.3)
        after = (await client.get(f"/api/sites/{site['site_id']}")).json()
        assert after["photos"] == [] and after["version"] == site["version"]
        # The retry, whole this time, stores exactly one photo.
        retried = await client.post(
            f"/api/sites/{site['site_id']}/photos",
            files={"file": ("a.jpg", photo, "image/jpeg")},
            headers={"Idempotency-Key": "cut-off-1"},
        )
        assert retried.status_code == 201
        assert len((await client.get(f"/api/sites/{site['site_id']}")).json()["photos"]) == 1


async def test_an_owner_may_keep_so_many_sites(make_api: AppFactory) -> None:
    settings = {"max_sites_per_user": 2}
    async with make_api(embed_worker=True, handler_factory=None, settings=settings) as api:
        client = await visitor(api)
        job_id = await completed_job(client)
        for style in ("modern", "minimal"):
            made = await client.post("/api/sites", json={"job_id": job_id, "style": style})
            assert made.status_code == 201
        over = await client.post("/api/sites", json={"job_id": job_id, "style": "bold"})
        body = assert_error(over, 409, "site_limit_reached")
        assert "2" in body["message"]
