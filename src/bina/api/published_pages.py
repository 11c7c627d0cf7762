"""Published pages at the speed of a static file: what each address holds, cached briefly.

Visitors of a shared link (a WhatsApp group opening it at once, a CDN revalidating) ask for
the same page again and again. Each instance keeps, per address, its state (published or
gone, and the version) for one second, and the rendered page per version; so a conditional
request is answered from memory, and a full one renders once per edit. An edit made through
this instance is seen at once (it forgets the address); one made through another instance
within a second. The preview card is drawn once per version too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

import anyio
from cachetools import LRUCache, TTLCache

from bina.api.addresses import Addresses
from bina.generator.site_page import kind_label
from bina.sites import PublishedHead, Site, SiteStore, render_site, site_palette
from bina.sites.og_card import OgCardSpec, draw_og_card

#: How long an instance trusts what it last read about an address.
HEAD_TTL_SECONDS = 1.0
_MISSING = PublishedHead(None, "", -1, False)


@dataclass(frozen=True, slots=True)
class RenderedPage:
    body: bytes
    etag: str
    site: Site


class PublishedPages:
    """Per-instance caches in front of `SiteStore` for `/s/{slug}` (see the module docstring)."""

    def __init__(
        self,
        sites: SiteStore,
        *,
        head_ttl: float = HEAD_TTL_SECONDS,
        timer: Callable[[], float] | None = None,
    ) -> None:
        self._sites = sites
        self._heads: TTLCache[str, PublishedHead] = (
            TTLCache(8192, head_ttl, timer=timer) if timer else TTLCache(8192, head_ttl)
        )
        self._pages: LRUCache[tuple[str, int, str, str | None], RenderedPage] = LRUCache(512)
        self._cards: LRUCache[tuple[str, int], bytes] = LRUCache(128)

    async def head(self, slug: str) -> PublishedHead | None:
        """The address's state: published, taken down (`published` False), or None."""
        cached = self._heads.get(slug)
        if cached is None:
            cached = await self._sites.published_head(slug) or _MISSING
            self._heads[slug] = cached
        return None if cached is _MISSING else cached

    def forget(self, slug: str | None) -> None:
        """This instance changed the site at `slug`: read it again next time."""
        if slug is not None:
            self._heads.pop(slug, None)

    def cached_page(self, head: PublishedHead, addresses: Addresses) -> RenderedPage | None:
        return self._pages.get(self._key(head, addresses))

    async def page(self, head: PublishedHead, addresses: Addresses) -> RenderedPage | None:
        """The rendered page of the published site at `head` (None if it went away)."""
        key = self._key(head, addresses)
        rendered = self._pages.get(key)
        if rendered is not None:
            return rendered
        site = await self._sites.published_site(head.slug)
        if site is None:
            self.forget(head.slug)
            return None
        slug = head.slug
        html = render_site(
            site,
            lambda photo, _thumb: addresses.published_media(slug, photo),
            addresses.page_links(slug),
        )
        body = html.encode()
        etag = '"' + hashlib.sha256(body).hexdigest()[:20] + '"'
        rendered = RenderedPage(body=body, etag=etag, site=site)
        if site.version == head.version:
            self._pages[key] = rendered
        return rendered

    async def card(self, rendered: RenderedPage) -> bytes:
        """The 1200×630 preview card of the page's site (drawn in a thread, once a version)."""
        site = rendered.site
        key = (site.site_id, site.version)
        card = self._cards.get(key)
        if card is None:
            palette = site_palette(site)
            logo = next((p for p in site.photos if p.role == "logo"), None)
            logo_bytes = None
            if logo is not None:
                found = await self._sites.photo_bytes(logo.photo_id, thumb=True)
                logo_bytes = found[0] if found else None
            spec = OgCardSpec(
                name=site.name,
                kind=kind_label(site.profile),
                area=site.profile.area,
                background=palette.primary,
                foreground=palette.on_primary,
                accent=palette.accent,
                logo=logo_bytes,
            )
            card = await anyio.to_thread.run_sync(draw_og_card, spec)
            self._cards[key] = card
        return card

    @staticmethod
    def _key(head: PublishedHead, addresses: Addresses) -> tuple[str, int, str, str | None]:
        return (head.slug, head.version, addresses.base, addresses.sites_domain)
