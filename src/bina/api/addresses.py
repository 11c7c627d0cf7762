"""Where a site is reached, worked out once per request.

`BINA_PUBLIC_URL` when set, else the request's scheme and host (as the trusted proxies report
them). A published site lives at `/s/{slug}`, or at `https://{slug}.{BINA_SITES_DOMAIN}/` when
a sites domain is set; its canonical link, preview card and sitemap all name that one address.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request

from bina.config import Settings
from bina.generator.site_page import PageLinks
from bina.sites import SitePhoto


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where things are, as seen from one request."""

    base: str  # https://bina.example.com (no trailing slash)
    sites_domain: str | None

    @classmethod
    def of(cls, request: Request, settings: Settings) -> Addresses:
        base = settings.public_url or str(request.base_url).rstrip("/")
        return cls(base=base, sites_domain=settings.sites_domain)

    def site_root(self, slug: str) -> str:
        """The published site's address, without a trailing slash."""
        if self.sites_domain:
            return f"https://{slug}.{self.sites_domain}"
        return f"{self.base}/s/{slug}"

    def site_url(self, slug: str) -> str:
        return f"{self.site_root(slug)}/" if self.sites_domain else self.site_root(slug)

    def preview_media(self, photo: SitePhoto, thumb: bool = False) -> str:
        suffix = ".thumb" if thumb else ""
        return f"{self.base}/media/{photo.photo_id}{suffix}.{photo.extension}"

    def published_media(self, slug: str, photo: SitePhoto) -> str:
        # Root-relative: the same page works behind /s/{slug} and on its own subdomain
        # (where every path is served as /s/{slug}/…).
        prefix = "" if self.sites_domain else f"/s/{slug}"
        return f"{prefix}/media/{photo.photo_id}.{photo.extension}"

    def page_links(self, slug: str) -> PageLinks:
        root = self.site_root(slug)
        return PageLinks(canonical_url=self.site_url(slug), og_image_url=f"{root}/og.png")
