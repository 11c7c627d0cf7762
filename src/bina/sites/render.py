"""A site's page: its facts, words and photos rendered through the generator.

Rendering takes a few milliseconds and needs no model, so a site is never stored as HTML:
every edit shows at once, and the preview and the published page differ only in where their
photos are served from and which address they call their own.
"""

from __future__ import annotations

from collections.abc import Callable

from bina.generator.palettes import Palette
from bina.generator.site_page import (
    PageLinks,
    PagePhoto,
    PagePhotos,
    render_site_page,
)
from bina.generator.styles import STYLES, theme_for
from bina.sites.models import Site, SitePhoto

#: Where a photo is served from: (photo, thumbnail?) → absolute or root-relative URL.
MediaUrl = Callable[[SitePhoto, bool], str]

_ALT = {
    "ms": {"logo": "Logo {name}", "hero": "Gambar {name}", "gallery": "Gambar {name} {n}"},
    "en": {"logo": "{name} logo", "hero": "Photo of {name}", "gallery": "Photo {n} of {name}"},
}


def _alt(site: Site, photo: SitePhoto, number: int) -> str:
    if photo.alt:
        return photo.alt
    texts = _ALT.get(site.language, _ALT["en"])
    return texts[photo.role].format(name=site.name, n=number)


def page_photos(site: Site, media_url: MediaUrl) -> PagePhotos:
    """The site's photos as the templates take them (the newest logo and hero win)."""
    logo = hero = None
    gallery: list[PagePhoto] = []
    for photo in site.photos:
        page_photo = PagePhoto(
            url=media_url(photo, False),
            alt=_alt(site, photo, len(gallery) + 1),
            width=photo.width,
            height=photo.height,
        )
        if photo.role == "logo":
            logo = page_photo
        elif photo.role == "hero":
            hero = page_photo
        else:
            gallery.append(page_photo)
    return PagePhotos(logo=logo, hero=hero, gallery=tuple(gallery))


def render_site(site: Site, media_url: MediaUrl, links: PageLinks | None = None) -> str:
    """The site's complete, self-contained HTML page."""
    return render_site_page(
        site.profile,
        site.style,
        site.palette,
        site.copy,
        photos=page_photos(site, media_url),
        links=links or PageLinks(),
    )


def site_palette(site: Site) -> Palette:
    """The colours the site's page uses (the preview card takes them too)."""
    style = STYLES[site.style]
    return style.palette_for(theme_for(site.profile, style, site.palette))
