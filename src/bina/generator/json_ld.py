"""The page's schema.org data (JSON-LD) and its safe placement inside a <script> element.

Search engines read this data rather than the page, so it carries exactly the facts the user
gave, typed as the fitting LocalBusiness subtype. It is the one piece of markup the page takes
unescaped, so it is serialised here with `<`, `>` and `&` written as \\u003c, \\u003e and
\\u0026: no user text can close the <script> element.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urljoin

from markupsafe import Markup

from bina.generator.business_nouns import group_of
from bina.generator.copy import SiteCopy
from bina.generator.page_extras import PageExtras, owner_text, safe_url
from bina.generator.profile import BusinessProfile, OfferedItem
from bina.generator.text import word_set
from bina.generator.wording import SCHEMA_DAYS, schema_price

# schema.org types that are LocalBusiness subtypes; anything else is paired with LocalBusiness.
_LOCAL_BUSINESS_TYPES = word_set(
    "LocalBusiness Restaurant FoodEstablishment FastFoodRestaurant CafeOrCoffeeShop Bakery "
    "BeautySalon HairSalon NailSalon DaySpa MedicalClinic Dentist Pharmacy Physiotherapy "
    "Optician ExerciseGym SportsActivityLocation AutoRepair AutoWash TireShop "
    "DryCleaningOrLaundry Florist LodgingBusiness Hotel Hostel Resort Motel Store GroceryStore "
    "ClothingStore HardwareStore ShoeStore MobilePhoneStore BookStore ConvenienceStore PetStore "
    "HealthClub ProfessionalService"
)
_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


def json_for_script(data: Any) -> Markup:
    """JSON safe to place inside <script>: no user text can end the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(re.sub("[<>&\u2028\u2029]", lambda m: _JSON_ESCAPES[m.group()], text))


def _item_name(item: OfferedItem) -> str:
    """The item's name with whom or what the price is for: "Yuran (kanak-kanak)"."""
    variant = owner_text(item.variant)
    return f"{item.name} ({variant})" if variant else item.name


def _offer_json(item: OfferedItem, item_type: str) -> dict[str, Any]:
    offered: dict[str, Any] = {"@type": item_type, "name": _item_name(item)}
    note = owner_text(item.note)
    if note:
        offered["description"] = note
    offer: dict[str, Any] = {"@type": "Offer", "itemOffered": offered}
    if item.price is not None:
        if item.price_from or item.price_max is not None:
            spec: dict[str, Any] = {
                "@type": "PriceSpecification",
                "minPrice": schema_price(item.price),
                "priceCurrency": "MYR",
            }
            if item.price_max is not None:
                spec["maxPrice"] = schema_price(item.price_max)
            offer["priceSpecification"] = spec
        else:
            offer["price"] = schema_price(item.price)
            offer["priceCurrency"] = "MYR"
    return offer


def _opening_hours_json(profile: BusinessProfile) -> list[dict[str, Any]]:
    groups: dict[tuple[str, str], list[str]] = {}
    for entry in profile.hours.days:
        day = SCHEMA_DAYS[entry.day]
        if entry.closed:
            groups.setdefault(("00:00", "00:00"), []).append(day)
        for time in entry.ranges:
            if time.closes is None:
                continue
            closes = "23:59" if time.closes == "24:00" else time.closes
            groups.setdefault((time.opens, closes), []).append(day)
    return [
        {"@type": "OpeningHoursSpecification", "dayOfWeek": days, "opens": opens, "closes": closes}
        for (opens, closes), days in groups.items()
    ]


def _address_json(profile: BusinessProfile) -> dict[str, Any]:
    address: dict[str, Any] = {"@type": "PostalAddress"}
    if profile.address:
        address["streetAddress"] = profile.address
    if profile.area:
        address["addressLocality"] = profile.area
    if any(p.digits.startswith("60") for p in profile.phones) or profile.area:
        address["addressCountry"] = "MY"
    return address


def _menu_json(profile: BusinessProfile, copy: SiteCopy) -> dict[str, Any]:
    """A food business's items as one menu section; a priced item's offer names no item."""
    menu: dict[str, Any] = {
        "@type": "Menu",
        "hasMenuSection": {
            "@type": "MenuSection",
            "name": copy.offer_title,
            "hasMenuItem": [
                {
                    "@type": "MenuItem",
                    "name": _item_name(item),
                    **({"description": note} if (note := owner_text(item.note)) else {}),
                    **({"offers": _offer_json(item, "MenuItem")} if item.price is not None else {}),
                }
                for item in profile.items
            ],
        },
    }
    for entry in menu["hasMenuSection"]["hasMenuItem"]:
        if "offers" in entry:
            entry["offers"].pop("itemOffered", None)
    return menu


def _page_json(extras: PageExtras) -> dict[str, Any]:
    """The page's address and the owner's pictures as absolute URLs, for search engines."""
    data: dict[str, Any] = {}
    base = extras.canonical_url
    if base:
        data["url"] = base
    for key, image in (("image", extras.hero), ("logo", extras.logo)):
        src = image.src if image else None
        absolute = safe_url(urljoin(base, src)) if base and src else safe_url(src)
        if absolute:
            data[key] = absolute
    return data


def build_json_ld(
    profile: BusinessProfile, copy: SiteCopy, extras: PageExtras | None = None
) -> dict[str, Any]:
    """schema.org data with exactly the facts the user gave."""
    schema_type: str | list[str] = profile.schema_type
    if profile.schema_type not in _LOCAL_BUSINESS_TYPES:
        schema_type = ["LocalBusiness", profile.schema_type]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": profile.display_name,
        "description": copy.meta_description,
    }
    slogan = owner_text(profile.tagline)
    if slogan:
        data["slogan"] = slogan
    phone = profile.call_phone
    if phone is not None:
        data["telephone"] = phone.international if phone.kind != "toll_free" else phone.display
    if profile.email:
        data["email"] = profile.email
    if profile.address or profile.area:
        data["address"] = _address_json(profile)
    hours = _opening_hours_json(profile)
    if hours:
        data["openingHoursSpecification"] = hours
    if profile.items:
        group = group_of(profile.business_type)
        if group == "food":
            data["hasMenu"] = _menu_json(profile, copy)
        else:
            item_type = "Product" if group == "shop" else "Service"
            data["makesOffer"] = [_offer_json(item, item_type) for item in profile.items]
    if profile.links:
        data["sameAs"] = [link.url for link in profile.links if safe_url(link.url)]
    if profile.established:
        data["foundingDate"] = profile.established
    if extras is not None:
        data |= _page_json(extras)
    return data
