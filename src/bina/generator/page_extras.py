"""What a site brings to a page beyond its profile, and the checks an owner's values pass.

A site adds what only its owner has: photos in place of the drawn art, and the page's public
addresses (`PageExtras`). An owner's URL is used only when it is http(s) or a path on this
host (`safe_url`), and an owner's optional text only when it holds something (`owner_text`).
The site's page, the page's view and its JSON-LD all take these values, so they live below
all three.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bina.generator.images import SiteImage

_MAX_URL = 2048
# Browsers drop or skip whitespace and control characters inside URLs ("java\tscript:"),
# so a URL holding any is refused rather than interpreted.
_UNSAFE_CHARS = re.compile(r"[\x00-\x20\x7f-\x9f\s]")
_ABSOLUTE = re.compile(r"https?://[^/\\]", re.I)
_HOST_PATH = re.compile(r"/(?![/\\])")


def safe_url(url: str | None, *, host_path: bool = False) -> str | None:
    """`url` when it is an http(s) URL (or, with `host_path`, a path like /media/x.webp)."""
    if not url or len(url) > _MAX_URL or _UNSAFE_CHARS.search(url):
        return None
    if _ABSOLUTE.match(url) or (host_path and _HOST_PATH.match(url)):
        return url
    return None


@dataclass(frozen=True)
class PageExtras:
    """What a site adds to its design: the owner's photos and the page's public addresses.

    URLs here are already checked (http(s) or a path on this host); see site_page.
    """

    logo: SiteImage | None = None
    hero: SiteImage | None = None
    gallery: tuple[SiteImage, ...] = ()
    canonical_url: str | None = None
    og_image_url: str | None = None


def owner_text(value: str | None) -> str | None:
    """An owner's optional text, or None when it holds nothing."""
    text = value.strip() if value else ""
    return text or None
