"""Everything a design's template needs for one page (`SiteView`), formatted for its language.

The view settles what the page says and shows: the owner's own words in place of ours, the
offers, hours, contacts and links, the facts card, the sections for navigation, and the head
(title, theme colour, favicon, stylesheets, JSON-LD). The templates only lay it out. The CSS
for the owner's photos and notes is added only to pages that use it, so a page without them is
exactly the generated design.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import lru_cache
from importlib import resources
from typing import Any
from urllib.parse import quote, quote_plus

from markupsafe import Markup

from bina.generator.copy import SiteCopy, ticker_words
from bina.generator.images import ImageSet, SiteImage
from bina.generator.json_ld import build_json_ld, json_for_script
from bina.generator.owner_sentences import facts_for
from bina.generator.page_extras import PageExtras, owner_text, safe_url
from bina.generator.palettes import Palette
from bina.generator.profile import BusinessProfile, Language
from bina.generator.repeats import unrepeated
from bina.generator.styles import Style
from bina.generator.wording import FEATURE_LABELS, UI, hours_rows, hours_summary, price_label

_OG_LOCALES: dict[Language, str] = {"ms": "ms_MY", "en": "en_MY"}
# Labels only the designs use (the hero facts card and the facts section).
_LABELS: dict[Language, dict[str, str]] = {
    "ms": {"price_from": "Harga dari", "good_to_know": "Perlu tahu"},
    "en": {"price_from": "Prices from", "good_to_know": "Good to know"},
}


@lru_cache(maxsize=8)
def _css(name: str) -> str:
    """A stylesheet from the templates folder, comments and extra whitespace removed."""
    text = resources.files("bina.generator").joinpath("templates", name).read_text("utf-8")
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    return text.replace(";}", "}").strip()


@dataclass(frozen=True)
class OfferView:
    name: str
    price: str | None
    note: str | None = None
    #: Who or what this price is for ("kanak-kanak", "small dogs"), shown beside the name.
    variant: str | None = None


@dataclass(frozen=True)
class PhoneView:
    display: str
    tel: str
    fax: bool


@dataclass(frozen=True)
class LinkView:
    kind: str
    url: str
    label: str


@dataclass
class SiteView:
    """Everything a template needs, already formatted for the page's language."""

    lang: Language
    style: str
    title: str
    name: str
    initials: str
    copy: SiteCopy
    ui: dict[str, str]
    css: Markup
    css_variables: Markup
    theme_color: str
    og_locale: str
    favicon: str
    json_ld: Markup
    hero: SiteImage
    gallery: tuple[SiteImage, ...]
    offers: list[OfferView]
    offers_priced: bool
    features: list[str]
    hours: list[tuple[str, str, bool]]
    hours_notes: list[str]
    address: str | None
    area: str | None
    map_url: str | None
    phones: list[PhoneView]
    call: PhoneView | None
    whatsapp_url: str | None
    whatsapp_display: str | None
    email: str | None
    links: list[LinkView]
    established: str | None
    year: int
    strip: list[str] = field(default_factory=list)
    hours_line: str | None = None
    facts: list[str] = field(default_factory=list)
    facts_title: str = ""
    price_from: str | None = None
    price_from_label: str = ""
    name_size: str = "l"
    sections: list[tuple[str, str]] = field(default_factory=list)
    logo: SiteImage | None = None
    hero_photo: bool = False
    gallery_photos: bool = False
    canonical_url: str | None = None
    og_image_url: str | None = None

    @property
    def first_open_hours(self) -> tuple[str, str, bool]:
        """The hours in one line, every day accounted for (the first row is only a fallback)."""
        if self.hours_line:
            return (self.ui["hours_times"], self.hours_line, False)
        return next((row for row in self.hours if not row[2]), self.hours[0])

    @property
    def name_words(self) -> list[tuple[str, bool]]:
        """The name's words, each with whether to keep it on one line: a short hyphenated
        word ("Al-Quran", "Kuih-muih") is not split at its hyphen."""
        return [(word, "-" in word and len(word) <= 16) for word in self.name.split()]

    @property
    def has_contact(self) -> bool:
        return bool(self.phones or self.email or self.links or self.whatsapp_url)


def _initials(name: str) -> str:
    letters = [word[0] for word in re.findall(r"[^\W\d_][\w'’-]*", name) if word[0].isalpha()]
    return ("".join(letters[:2]) or name[:1] or "B").upper()


def _favicon(initials: str, background: str, foreground: str) -> str:
    svg = (
        "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 64 64'>"
        f"<rect width='64' height='64' rx='14' fill='{background}'/>"
        f"<text x='32' y='42' font-family='system-ui,sans-serif' font-size='28' font-weight='700' "
        f"text-anchor='middle' fill='{foreground}'>{initials}</text></svg>"
    )
    return "data:image/svg+xml," + quote(svg, safe="")


def map_url(profile: BusinessProfile) -> str | None:
    place = profile.address or profile.area
    if not place:
        return None
    query = f"{profile.name}, {place}" if profile.name else place
    return "https://www.google.com/maps/search/?api=1&query=" + quote_plus(query)


def whatsapp_url(profile: BusinessProfile, message: str) -> str | None:
    link = profile.whatsapp_link
    if link is None:
        return None
    return f"{link}?text={quote(message, safe='')}"


def _strip(profile: BusinessProfile, language: Language) -> list[str]:
    """Short true facts for bold's band, each once (a band, not a loop); empty when there is
    too little to make a band of."""
    # A long entry (a whole timetable) would be cut off on a phone: the band keeps short ones.
    words = [word for word in ticker_words(profile, language, limit=10) if len(word) <= 26][:8]
    return words if len(words) >= 2 else []


def _name_size(name: str) -> str:
    """How large the design may set the name: long names and long words get a smaller size,
    so a name fits in about three lines on a phone."""
    longest = max((len(word) for word in name.split()), default=0)
    if len(name) <= 14 and longest <= 9:
        return "l"
    if len(name) <= 26 and longest <= 12:
        return "m"
    return "s"


def _price_from(profile: BusinessProfile, language: Language) -> str | None:
    """The lowest price given, as the page shows it ("RM45/kg"), for a facts card."""
    priced = [item for item in profile.items if item.price is not None]
    if not priced:
        return None
    lowest = min(priced, key=lambda item: item.price or 0)
    plain = lowest.model_copy(update={"price_from": False, "price_max_text": None})
    return price_label(plain, language)


def _facts(copy: SiteCopy) -> list[str]:
    """The page's facts (seasons, lead times, conditions) that say something."""
    return [fact for fact in copy.facts if fact.strip()]


def about_paragraphs(text: str) -> list[str]:
    """The owner's about text as paragraphs (blank lines separate them)."""
    return [" ".join(part.split()) for part in re.split(r"\n\s*\n", text) if part.strip()]


def _owner_copy(profile: BusinessProfile, copy: SiteCopy) -> SiteCopy:
    """The copy as the page shows it: the owner's own tagline and about text in place of
    ours, the facts from the profile's notes as they are now (a kept copy may be older than
    the owner's last edit), and each sentence said once (the owner's about text is kept
    whole; our words yield to it)."""
    update: dict[str, Any] = {"facts": facts_for(profile)}
    tagline = owner_text(profile.tagline)
    if tagline:
        update["tagline"] = tagline
    paragraphs = about_paragraphs(profile.about) if profile.about else []
    if paragraphs:
        update["about"] = paragraphs
    return unrepeated(copy.model_copy(update=update), owner_about=bool(paragraphs))


def build_view(
    profile: BusinessProfile,
    copy: SiteCopy,
    images: ImageSet,
    style: Style,
    palette: Palette,
    now: datetime | None = None,
    extras: PageExtras | None = None,
) -> SiteView:
    extras = extras or PageExtras()
    copy = _owner_copy(profile, copy)
    language = profile.language
    ui = UI[language]
    name = profile.display_name
    title = name if not profile.area or profile.area in name else f"{name} · {profile.area}"
    whatsapp = profile.whatsapp
    call = profile.call_phone
    phones = [PhoneView(p.display, p.tel_uri, p.fax) for p in profile.phones]
    offers = [
        OfferView(
            item.name,
            price_label(item, language),
            owner_text(item.note),
            owner_text(item.variant),
        )
        for item in profile.items
    ]
    gallery = extras.gallery or images.gallery
    owner_css = bool(extras.logo or extras.hero or extras.gallery) or any(o.note for o in offers)
    css = _css("base.css") + _css(f"{style.key}.css")
    if owner_css:
        css += _css("owner.css") + _css(f"{style.key}.owner.css")
    favicon = _favicon(_initials(name), palette.primary, palette.on_primary)
    view = SiteView(
        lang=language,
        style=style.key,
        title=title,
        name=name,
        initials=_initials(name),
        copy=copy,
        ui=ui,
        css=Markup(css),
        css_variables=Markup(palette.css_variables()),
        theme_color=palette.primary,
        og_locale=_OG_LOCALES[language],
        favicon=extras.logo.src if extras.logo and extras.logo.src else favicon,
        json_ld=json_for_script(build_json_ld(profile, copy, extras)),
        hero=extras.hero or images.hero_for(style.key),
        gallery=gallery,
        offers=offers,
        offers_priced=any(offer.price for offer in offers),
        features=[FEATURE_LABELS[f][language] for f in profile.features if f in FEATURE_LABELS],
        hours=hours_rows(profile.hours, language),
        hours_notes=list(profile.hours.notes),
        address=profile.address,
        area=profile.area,
        map_url=map_url(profile),
        phones=phones,
        call=PhoneView(call.display, call.tel_uri, call.fax) if call else None,
        whatsapp_url=whatsapp_url(profile, copy.whatsapp_message),
        whatsapp_display=whatsapp.display if whatsapp else None,
        email=profile.email,
        links=[
            LinkView(link.kind, link.url, link.label)
            for link in profile.links
            if safe_url(link.url) is not None
        ],
        established=profile.established,
        year=(now or datetime.now(UTC)).year,
        strip=_strip(profile, language),
        hours_line=hours_summary(profile.hours, language),
        facts=_facts(copy),
        facts_title=_LABELS[language]["good_to_know"],
        price_from=_price_from(profile, language),
        price_from_label=_LABELS[language]["price_from"],
        name_size=_name_size(name),
        logo=extras.logo,
        hero_photo=extras.hero is not None,
        gallery_photos=bool(extras.gallery),
        canonical_url=extras.canonical_url,
        og_image_url=extras.og_image_url,
    )
    view.sections = _sections(view)
    return view


def _sections(view: SiteView) -> list[tuple[str, str]]:
    """(anchor, label) of the sections present, for navigation."""
    copy = view.copy
    present: list[tuple[str, str]] = [("about", copy.about_title)]
    if view.offers:
        present.append(("offer", copy.offer_title))
    if view.hours or view.hours_notes:
        present.append(("hours", copy.hours_title))
    if view.map_url:
        present.append(("location", copy.location_title))
    if view.has_contact:
        present.append(("contact", copy.contact_title))
    return present
