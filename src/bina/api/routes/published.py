"""What the public sees: published sites at /s/{slug}, their photos, preview card and sitemap,
and the photos of drafts at /media/{photo_id} (unguessable ids: the preview loads them).

These answer HTML, images and XML, not the API's JSON: a visitor's browser or WhatsApp's
link preview is on the other end.
"""

from __future__ import annotations

import html
import re
from typing import Annotated, Any

from fastapi import APIRouter, Header, Request, Response

from bina.api.addresses import Addresses
from bina.api.deps import PublishedDep, SettingsDep, SitesDep
from bina.api.docs import described
from bina.api.published_pages import RenderedPage
from bina.sites import PublishedHead

router = APIRouter(tags=["published sites"])

# Browsers revalidate every time (a 304 costs nothing); a CDN may serve a page for a minute
# and, while it revalidates, the copy it has.
PAGE_CACHE = "public, max-age=0, s-maxage=60, stale-while-revalidate=600"
GONE_CACHE = "public, max-age=60"
# A photo id names its bytes forever: a new photo is a new id.
PHOTO_CACHE = "public, max-age=31536000, immutable"
CARD_CACHE = "public, max-age=300, s-maxage=3600"
# The pages are self-contained: no script runs, nothing is fetched but their own photos.
PAGE_CSP = (
    "default-src 'none'; img-src 'self' data: https:; style-src 'unsafe-inline'; "
    "base-uri 'none'; form-action 'none'; frame-ancestors 'none'"
)
_PHOTO_NAME = re.compile(r"^([A-Za-z0-9_-]{8,64})(\.thumb)?\.(webp|jpg)$")

_HTML = {"text/html": {"schema": {"type": "string"}}}
_NOT_THERE: dict[int | str, dict[str, Any]] = {
    **described(e422="Never for a path (documented so no other 422 shape is)."),
    404: {"description": "No site was ever published here.", "content": _HTML},
    410: {"description": "Its owner took the site down (or deleted it).", "content": _HTML},
}
_PAGE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {"description": "The page.", "content": _HTML},
    304: {"description": "Unchanged since the `ETag` you sent."},
    **_NOT_THERE,
}
_PHOTO_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The photo (re-encoded by the server; never changes for this id).",
        "content": {"image/webp": {}, "image/jpeg": {}},
    },
    404: {"description": "No such photo (or its site is not published)."},
    **described(e422="Never for a path (documented so no other 422 shape is)."),
}

IfNoneMatch = Annotated[str | None, Header(alias="If-None-Match")]

_GONE_PAGE = """<!doctype html><html lang="ms"><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>
<style>body{{font:18px/1.5 system-ui,sans-serif;margin:0;display:grid;place-items:center;
min-height:100vh;background:#f7f7f5;color:#222;text-align:center;padding:24px}}</style>
<main><h1>{title}</h1><p>{ms}</p><p lang="en">{en}</p></main></html>"""


def _message_page(status: int, title: str, ms: str, en: str, cache: str) -> Response:
    body = _GONE_PAGE.format(title=html.escape(title), ms=html.escape(ms), en=html.escape(en))
    return Response(
        body,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={"Cache-Control": cache, "Content-Security-Policy": PAGE_CSP},
    )


def _not_found() -> Response:
    return _message_page(
        404,
        "Laman tidak dijumpai",
        "Tiada laman di alamat ini.",
        "There is no site at this address.",
        "public, max-age=30",
    )


def _gone() -> Response:
    return _message_page(
        410,
        "Laman tidak lagi diterbitkan",
        "Pemilik laman ini telah menurunkannya.",
        "Its owner has taken this site down.",
        GONE_CACHE,
    )


def _matches(if_none_match: str | None, etag: str) -> bool:
    if if_none_match is None:
        return False
    tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
    return "*" in tags or etag in tags


async def _published(
    slug: str, request: Request, settings: SettingsDep, published: PublishedDep
) -> tuple[PublishedHead | None, RenderedPage | None, Response | None]:
    head = await published.head(slug.lower())
    if head is None:
        return None, None, _not_found()
    if not head.published:
        return head, None, _gone()
    rendered = await published.page(head, Addresses.of(request, settings))
    if rendered is None:
        return head, None, _gone()
    return head, rendered, None


@router.get(
    "/s/{slug}",
    summary="A published site",
    response_class=Response,
    responses=_PAGE_RESPONSES,
)
@router.head("/s/{slug}", include_in_schema=False)
async def published_page(
    slug: str,
    request: Request,
    settings: SettingsDep,
    published: PublishedDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    head = await published.head(slug.lower())
    if head is None:
        return _not_found()
    if not head.published:
        return _gone()
    addresses = Addresses.of(request, settings)
    # A conditional request answered from memory when this version was rendered here already.
    cached = published.cached_page(head, addresses)
    headers = {"Cache-Control": PAGE_CACHE, "Content-Security-Policy": PAGE_CSP}
    if cached is not None and _matches(if_none_match, cached.etag):
        return Response(status_code=304, headers={**headers, "ETag": cached.etag})
    rendered = cached or await published.page(head, addresses)
    if rendered is None:
        return _gone()
    headers["ETag"] = rendered.etag
    if _matches(if_none_match, rendered.etag):
        return Response(status_code=304, headers=headers)
    return Response(rendered.body, media_type="text/html; charset=utf-8", headers=headers)


@router.get(
    "/s/{slug}/og.png",
    summary="A site's preview card",
    response_class=Response,
    responses={
        200: {"description": "A 1200×630 PNG.", "content": {"image/png": {}}},
        304: {"description": "Unchanged."},
        **_NOT_THERE,
    },
)
@router.head("/s/{slug}/og.png", include_in_schema=False)
async def preview_card(
    slug: str,
    request: Request,
    settings: SettingsDep,
    published: PublishedDep,
    if_none_match: IfNoneMatch = None,
) -> Response:
    _head, rendered, refusal = await _published(slug, request, settings, published)
    if rendered is None:
        return refusal or _gone()
    etag = f'"card-{rendered.site.version}-{rendered.etag.strip(chr(34))[:8]}"'
    headers = {"Cache-Control": CARD_CACHE, "ETag": etag}
    if _matches(if_none_match, etag):
        return Response(status_code=304, headers=headers)
    return Response(await published.card(rendered), media_type="image/png", headers=headers)


@router.get(
    "/s/{slug}/media/{name}",
    summary="A published photo",
    response_class=Response,
    responses=_PHOTO_RESPONSES,
)
@router.head("/s/{slug}/media/{name}", include_in_schema=False)
async def published_photo(slug: str, name: str, sites: SitesDep) -> Response:
    return await _photo(sites, name, slug.lower())


@router.get(
    "/media/{name}",
    summary="A photo of a site",
    response_class=Response,
    responses=_PHOTO_RESPONSES,
)
@router.head("/media/{name}", include_in_schema=False)
async def photo(name: str, sites: SitesDep) -> Response:
    return await _photo(sites, name, None)


async def _photo(sites: SitesDep, name: str, slug: str | None) -> Response:
    match = _PHOTO_NAME.match(name)
    if match is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    found = await sites.photo_bytes(match.group(1), thumb=bool(match.group(2)), slug=slug)
    if found is None:
        return Response(status_code=404, headers={"Cache-Control": "no-store"})
    data, content_type = found
    return Response(data, media_type=content_type, headers={"Cache-Control": PHOTO_CACHE})


@router.get(
    "/s/{slug}/sitemap.xml",
    summary="A site's sitemap",
    response_class=Response,
    responses={200: {"description": "One URL.", "content": {"application/xml": {}}}, **_NOT_THERE},
)
@router.head("/s/{slug}/sitemap.xml", include_in_schema=False)
async def sitemap(
    slug: str, request: Request, settings: SettingsDep, published: PublishedDep
) -> Response:
    _head, rendered, refusal = await _published(slug, request, settings, published)
    if rendered is None:
        return refusal or _gone()
    url = Addresses.of(request, settings).site_url(rendered.site.slug or slug)
    modified = rendered.site.updated_at.date().isoformat()
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{html.escape(url)}</loc><lastmod>{modified}</lastmod></url></urlset>\n"
    )
    return Response(body, media_type="application/xml", headers={"Cache-Control": PAGE_CACHE})


@router.get(
    "/s/{slug}/robots.txt",
    summary="A site's robots.txt",
    response_class=Response,
    responses={200: {"description": "Allow all.", "content": {"text/plain": {}}}, **_NOT_THERE},
)
@router.head("/s/{slug}/robots.txt", include_in_schema=False)
async def robots(
    slug: str, request: Request, settings: SettingsDep, published: PublishedDep
) -> Response:
    _head, rendered, refusal = await _published(slug, request, settings, published)
    if rendered is None:
        return refusal or _gone()
    root = Addresses.of(request, settings).site_root(rendered.site.slug or slug)
    body = f"User-agent: *\nAllow: /\nSitemap: {root}/sitemap.xml\n"
    return Response(
        body, media_type="text/plain; charset=utf-8", headers={"Cache-Control": PAGE_CACHE}
    )
