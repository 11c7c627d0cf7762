"""A site's page: a design re-rendered from the facts its owner keeps, with their photos.

A site keeps the `BusinessProfile`, the style, the palette and the copy of the design its owner
chose. This renders them into the page in a few milliseconds, offline: no analysis, no model,
no quota. Theme and copy defaults come from the same code the pipeline uses, so a site made
from a design looks exactly like that design until its owner changes something.

What follows the owner's edits: everything the page shows straight from the profile (name,
items and prices, hours, features, notes as "Good to know", contacts, the owner's tagline and
about text) is read from it at each render. The kept copy's own words (tagline, about,
invitations, buttons, the WhatsApp message, the meta description) are written from the
name, kind, area, items, highlights, modes, features and phones; when the owner changes
one of those, the kept words would be out of date, so the page gets the offline words
written afresh from the profile as it is now (`SiteCopy.written_for`).

Photo and link URLs come from the service, but are still checked here, at render time: only
http(s) URLs (and, for photos, paths on the page's own host) ever reach a `src` or `href`.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from bina.generator.business_nouns import NOUNS
from bina.generator.copy import SiteCopy, write_offline_copy
from bina.generator.images import SiteImage, draw_images
from bina.generator.page_extras import PageExtras, safe_url
from bina.generator.palettes import themes_for
from bina.generator.profile import BusinessProfile, Language
from bina.generator.render import render_style
from bina.generator.site_copy import words_source
from bina.generator.styles import STYLE_ORDER, STYLES, Style, theme_for


class PagePhoto(BaseModel):
    """One of the owner's photos, as the page should load it."""

    model_config = ConfigDict(frozen=True)

    url: str
    alt: str
    width: int
    height: int


class PagePhotos(BaseModel):
    """The owner's photos by role; any left out keep the drawn art (or the initials)."""

    model_config = ConfigDict(frozen=True)

    logo: PagePhoto | None = None
    hero: PagePhoto | None = None
    gallery: tuple[PagePhoto, ...] = ()


class PageLinks(BaseModel):
    """The page's public addresses, when it has them (a published site)."""

    model_config = ConfigDict(frozen=True)

    canonical_url: str | None = None
    og_image_url: str | None = None


_PHOTO_ALT: dict[Language, dict[str, str]] = {
    "ms": {"logo": "Logo {name}", "hero": "Foto {name}", "gallery": "Foto {name} ({n})"},
    "en": {"logo": "{name} logo", "hero": "Photo of {name}", "gallery": "Photo of {name} ({n})"},
}


def style_keys() -> tuple[str, ...]:
    """The styles a site can take, in the order the designs are shown."""
    return STYLE_ORDER


def _style(key: str) -> Style:
    try:
        return STYLES[key]
    except KeyError:
        raise ValueError(f"unknown style {key!r}; expected one of {STYLE_ORDER}") from None


def palette_keys(profile: BusinessProfile) -> tuple[str, ...]:
    """The theme keys that suit this business (the palette choices offered to its owner)."""
    return tuple(theme.key for theme in themes_for(profile.business_type, profile.description))


def default_palette(profile: BusinessProfile, style: str) -> str:
    """The theme generation picks for this style when no model chose one."""
    return theme_for(profile, _style(style), None).key


def design_copy(profile: BusinessProfile, style: str) -> SiteCopy:
    """The offline copy generation writes for this style."""
    _style(style)
    return write_offline_copy(profile, STYLE_ORDER.index(style))


def kind_label(profile: BusinessProfile) -> str:
    """What the business is, in the site's language: "Kedai makan", "Restaurant"."""
    ms, en = NOUNS[profile.business_type]
    noun = ms if profile.language == "ms" else en
    return noun[:1].upper() + noun[1:]


def _image(
    photo: PagePhoto | None, profile: BusinessProfile, role: str, n: int = 0
) -> SiteImage | None:
    if photo is None:
        return None
    url = safe_url(photo.url, host_path=True)
    if url is None:
        return None
    alt = " ".join(photo.alt.split())
    if not alt:
        alt = _PHOTO_ALT[profile.language][role].format(name=profile.display_name, n=n)
    # The attributes only reserve the box; the style's CSS sets its shape and crops to fit.
    return SiteImage(alt=alt, width=max(photo.width, 1), height=max(photo.height, 1), src=url)


def _extras(profile: BusinessProfile, photos: PagePhotos, links: PageLinks) -> PageExtras:
    gallery = (
        _image(photo, profile, "gallery", n) for n, photo in enumerate(photos.gallery, start=1)
    )
    return PageExtras(
        logo=_image(photos.logo, profile, "logo"),
        hero=_image(photos.hero, profile, "hero"),
        gallery=tuple(image for image in gallery if image is not None),
        canonical_url=safe_url(links.canonical_url),
        og_image_url=safe_url(links.og_image_url),
    )


def render_site_page(
    profile: BusinessProfile,
    style: str,
    palette: str | None,
    copy: SiteCopy | None,
    photos: PagePhotos = PagePhotos(),
    links: PageLinks = PageLinks(),
) -> str:
    """The site's page. Without photos and links it is exactly the design generation made
    for the same profile, palette and copy (with the offline art).

    `copy` None is the design's offline copy, as is a copy written from facts the owner has
    since changed; `palette` None or unknown is the default one. Raises ValueError for an
    unknown style.
    """
    design = _style(style)
    theme = theme_for(profile, design, palette)
    if copy is None or (copy.written_for and copy.written_for != words_source(profile)):
        copy = design_copy(profile, style)
    extras = _extras(profile, photos, links)
    return render_style(
        profile, copy, draw_images(profile), design, design.palette_for(theme), extras
    )
