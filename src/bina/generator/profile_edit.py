"""An owner's corrections to a site's facts: the edited profile JSON checked and normalised.

A site's owner edits the `BusinessProfile` the generator read (a JSON merge patch, applied by
the caller). What comes back is held to the same standard as what analysis produces: phone
numbers normalised (digits and kind derived again, never taken from the client), prices read
from what the owner typed, text trimmed and capped, times and links checked, so every later
stage (rendering, JSON-LD, wa.me links) can rely on it exactly as it relies on analysis.
Anything wrong is a `ProfileEditError` naming the field ("profile.items.0.price_text").

Text is kept as text: markup or quotes in it are the owner's words, escaped when rendered.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from pydantic import ValidationError

from bina.generator.contacts import parse_number
from bina.generator.kinds import kind_of
from bina.generator.profile import BUSINESS_TYPES, SERVICE_MODES, BusinessProfile
from bina.generator.wording import FEATURE_LABELS

#: How much an edit may hold. A profile the generator read may already hold more (eight phone
#: numbers, a long address): an edit may keep that, never grow past it (see _limits).
LIMITS: dict[str, int] = {
    "name": 80,
    "tagline": 120,
    "about": 1500,
    "label": 80,
    "specialty": 120,
    "area": 120,
    "address": 240,
    "email": 254,
    "phones": 6,
    "items": 60,
    "item_name": 80,
    "note": 160,
    "unit": 30,
    "links": 10,
    "link_url": 500,
    "link_label": 80,
    "highlights": 5,
    "highlight": 300,
    "notes": 8,
    "profile_note": 200,
    "variant": 60,
    "ranges": 4,
    "times_without_days": 4,
    "hours_notes": 5,
    "hours_note": 200,
}
# Fields the owner cannot change: what they wrote and what we derive from it.
_KEPT = ("description", "source_language")

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_AMOUNT = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+)(?:[.,](\d{1,2}))?")
_CURRENCY = re.compile(r"^(?:rm|myr)\s*", re.I)
_RANGE = re.compile(r"\s*(?:-|–|—|to|hingga|sehingga|sampai|ke)\s*", re.I)
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})")
_EMAIL = re.compile(r"[\w.+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_SOCIAL_HOSTS = {
    "instagram.com": "instagram",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "tiktok.com": "tiktok",
}


class ProfileEditError(Exception):
    """An edited profile that cannot be accepted; `field` says where (dotted path)."""

    code = "invalid_edit"

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        self.message = message
        super().__init__(f"{field}: {message}")


def _text(value: Any, field: str, cap: int, *, required: bool = False) -> str | None:
    """One line of text: whitespace collapsed, control characters gone, "" → None."""
    if value is None:
        if required:
            raise ProfileEditError(field, "is required")
        return None
    if not isinstance(value, str):
        raise ProfileEditError(field, "must be text")
    text = " ".join(_CONTROL.sub(" ", value).split())
    return _capped(text, field, cap, required)


def _capped(text: str, field: str, cap: int, required: bool) -> str | None:
    if not text:
        if required:
            raise ProfileEditError(field, "must not be empty")
        return None
    if len(text) > cap:
        raise ProfileEditError(field, f"is too long (at most {cap} characters)")
    return text


def _paragraphs(value: Any, field: str, cap: int) -> str | None:
    """Text whose blank lines separate paragraphs; each paragraph trimmed."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ProfileEditError(field, "must be text")
    text = _CONTROL.sub(" ", value.replace("\r\n", "\n").replace("\r", "\n"))
    paragraphs = (" ".join(part.split()) for part in re.split(r"\n\s*\n", text))
    return _capped("\n\n".join(p for p in paragraphs if p), field, cap, False)


def _list(value: Any, field: str, cap: int) -> list[Any]:
    if value is None:
        return []
    if not isinstance(value, list | tuple):
        raise ProfileEditError(field, "must be a list")
    if len(value) > cap:
        raise ProfileEditError(field, f"has too many entries (at most {cap})")
    return list(value)


def _object(value: Any, field: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ProfileEditError(field, "must be an object")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise ProfileEditError(f"{field}.{unknown[0]}", "is not a field of this object")
    return value


def _flag(value: Any, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise ProfileEditError(field, "must be true or false")
    return value


# Phones ----------------------------------------------------------------------------------

_PHONE_KEYS = {"display", "digits", "kind", "whatsapp", "fax"}


def _phone(value: Any, field: str) -> dict[str, Any]:
    """A phone from what the owner typed; digits and kind are always derived again."""
    whatsapp = fax = False
    if isinstance(value, dict):
        entry = _object(value, field, _PHONE_KEYS)
        raw = _text(entry.get("display"), f"{field}.display", 40, required=True)
        whatsapp = _flag(entry.get("whatsapp"), f"{field}.whatsapp")
        fax = _flag(entry.get("fax"), f"{field}.fax")
    else:
        raw = _text(value, field, 40, required=True)
    parsed = parse_number(raw or "")
    if parsed is None:
        target = f"{field}.display" if isinstance(value, dict) else field
        raise ProfileEditError(target, f"is not a phone number we can dial: {raw!r}")
    display, digits, kind = parsed
    return {"display": display, "digits": digits, "kind": kind, "whatsapp": whatsapp, "fax": fax}


# Prices ----------------------------------------------------------------------------------


def parse_price(text: str) -> tuple[Decimal, str]:
    """(amount, amount as shown) from "5", "RM5.50", "rm 5,50", "5.5", "1,200"; ValueError."""
    cleaned = _CURRENCY.sub("", text.strip()).strip()
    match = _AMOUNT.fullmatch(cleaned)
    if match is None:
        raise ValueError(text)
    whole, cents = match.group(1), match.group(2)
    shown = whole + (f".{cents}" if cents else "")
    try:
        amount = Decimal(shown.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern allows only digits
        raise ValueError(text) from None
    return amount, shown


def _price_range(text: str) -> tuple[tuple[Decimal, str], tuple[Decimal, str] | None]:
    """One price or a range ("5-8", "RM5 – RM8", "5 hingga 8")."""
    parts = _RANGE.split(text.strip(), maxsplit=1)
    low = parse_price(parts[0])
    if len(parts) == 1:
        return low, None
    return low, parse_price(parts[1])


_ITEM_KEYS = {
    "name",
    "variant",
    "price",
    "price_max",
    "price_text",
    "price_max_text",
    "price_from",
    "unit",
    "note",
}


def _amount_text(value: Any, field: str) -> str | None:
    if value is None or isinstance(value, str):
        return _text(value, field, 40)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return str(value)
    raise ProfileEditError(field, "must be a price like 5 or RM5.50")


def _item(value: Any, field: str, limits: dict[str, int]) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"name": value}
    entry = _object(value, field, _ITEM_KEYS)
    item: dict[str, Any] = {
        "name": _text(entry.get("name"), f"{field}.name", limits["item_name"], required=True),
        "variant": _text(entry.get("variant"), f"{field}.variant", limits["variant"]),
        "unit": _text(entry.get("unit"), f"{field}.unit", limits["unit"]),
        "note": _text(entry.get("note"), f"{field}.note", limits["note"]),
    }
    # price_text is what the owner edits; `price` counts only when price_text is not sent.
    price_field = f"{field}.price_text"
    if "price_text" in entry:
        typed = _amount_text(entry["price_text"], price_field)
    else:
        price_field = f"{field}.price"
        typed = _amount_text(entry.get("price"), price_field)
    max_field = f"{field}.price_max_text"
    max_typed = _amount_text(entry.get("price_max_text"), max_field)
    if typed is None:
        return item | {"price_from": False}
    try:
        (low, low_text), high = _price_range(typed)
    except ValueError:
        raise ProfileEditError(price_field, f"is not a price: {typed!r}") from None
    if high is None and max_typed is not None:
        try:
            high = parse_price(max_typed)
        except ValueError:
            raise ProfileEditError(max_field, f"is not a price: {max_typed!r}") from None
    if high is not None and high[0] <= low:
        raise ProfileEditError(price_field, "the highest price must be above the lowest")
    return item | {
        "price": low,
        "price_text": low_text,
        "price_max": high[0] if high else None,
        "price_max_text": high[1] if high else None,
        "price_from": _flag(entry.get("price_from"), f"{field}.price_from"),
    }


# Hours -----------------------------------------------------------------------------------


def _time(value: Any, field: str, *, required: bool) -> str | None:
    text = _text(value, field, 5, required=required)
    if text is None:
        return None
    match = _TIME.fullmatch(text)
    hour, minute = (int(match.group(1)), int(match.group(2))) if match else (99, 99)
    if hour > 24 or minute > 59 or (hour == 24 and minute):
        raise ProfileEditError(field, "must be a time like 09:00")
    return f"{hour:02d}:{minute:02d}"


def _time_range(value: Any, field: str) -> dict[str, Any]:
    entry = _object(value, field, {"opens", "closes", "until_sold_out"})
    closes = _time(entry.get("closes"), f"{field}.closes", required=False)
    return {
        "opens": _time(entry.get("opens"), f"{field}.opens", required=True),
        "closes": closes,
        "until_sold_out": closes is None
        and _flag(entry.get("until_sold_out"), f"{field}.until_sold_out"),
    }


def _day_number(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 6:
        raise ProfileEditError(field, "must be a weekday number, 0 (Monday) to 6 (Sunday)")
    return value


def _hours(value: Any, field: str, limits: dict[str, int]) -> dict[str, Any]:
    if value is None:
        return {}
    keys = {"days", "times_without_days", "open_days_without_times", "notes"}
    entry = _object(value, field, keys)
    days: dict[int, dict[str, Any]] = {}
    for index, raw in enumerate(_list(entry.get("days"), f"{field}.days", 7)):
        where = f"{field}.days.{index}"
        day_entry = _object(raw, where, {"day", "ranges", "closed"})
        day = _day_number(day_entry.get("day"), f"{where}.day")
        if day in days:
            raise ProfileEditError(f"{where}.day", "this day is given twice")
        closed = _flag(day_entry.get("closed"), f"{where}.closed")
        given = (
            [] if closed else _list(day_entry.get("ranges"), f"{where}.ranges", limits["ranges"])
        )
        ranges = [_time_range(r, f"{where}.ranges.{i}") for i, r in enumerate(given)]
        if not closed and not ranges:
            raise ProfileEditError(f"{where}.ranges", "give the times or mark the day closed")
        days[day] = {"day": day, "ranges": ranges, "closed": closed}
    without_days = _list(
        entry.get("times_without_days"), f"{field}.times_without_days", limits["times_without_days"]
    )
    open_days = _list(entry.get("open_days_without_times"), f"{field}.open_days_without_times", 7)
    notes = _list(entry.get("notes"), f"{field}.notes", limits["hours_notes"])
    note_texts = (_text(n, f"{field}.notes.{i}", limits["hours_note"]) for i, n in enumerate(notes))
    return {
        "days": [days[day] for day in sorted(days)],
        "times_without_days": [
            _time_range(r, f"{field}.times_without_days.{i}") for i, r in enumerate(without_days)
        ],
        "open_days_without_times": sorted(
            {
                _day_number(d, f"{field}.open_days_without_times.{i}")
                for i, d in enumerate(open_days)
            }
        ),
        "notes": [note for note in note_texts if note],
    }


# Links, e-mail, features -----------------------------------------------------------------


def _link(value: Any, field: str, limits: dict[str, int]) -> dict[str, Any]:
    if isinstance(value, str):
        value = {"url": value}
    entry = _object(value, field, {"kind", "url", "label"})
    url = _text(entry.get("url"), f"{field}.url", limits["link_url"], required=True) or ""
    if " " in url:
        raise ProfileEditError(f"{field}.url", "must be a web address")
    if not re.match(r"https?://", url, re.I):
        if re.match(r"[a-z][a-z0-9+.-]*:", url, re.I) and not re.match(r"[^:/]+:\d", url):
            raise ProfileEditError(f"{field}.url", "must be an http or https address")
        url = "https://" + url
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:  # an unclosed [IPv6] bracket
        host = ""
    if "." not in host:
        raise ProfileEditError(f"{field}.url", "must be a web address")
    host = host.removeprefix("www.").removeprefix("m.")
    label = _text(entry.get("label"), f"{field}.label", limits["link_label"])
    if label is None:
        shown = re.sub(r"^https?://(www\.)?", "", url, flags=re.I).rstrip("/")
        label = shown[: limits["link_label"]]
    kind = entry.get("kind") or _SOCIAL_HOSTS.get(host, "website")
    return {"kind": kind, "url": url, "label": label}


def _email(value: Any, field: str) -> str | None:
    email = _text(value, field, LIMITS["email"])
    if email is not None and not _EMAIL.fullmatch(email):
        raise ProfileEditError(field, "is not an e-mail address")
    return email


def _features(value: Any, field: str) -> list[str]:
    features: list[str] = []
    for index, raw in enumerate(_list(value, field, len(FEATURE_LABELS))):
        if not isinstance(raw, str) or raw not in FEATURE_LABELS:
            raise ProfileEditError(f"{field}.{index}", f"unknown feature {raw!r}")
        if raw not in features:
            features.append(raw)
    return features


def _modes(value: Any, field: str) -> list[str]:
    modes: list[str] = []
    for index, raw in enumerate(_list(value, field, len(SERVICE_MODES))):
        if raw not in SERVICE_MODES:
            raise ProfileEditError(
                f"{field}.{index}", f"must be one of: {', '.join(SERVICE_MODES)}"
            )
        if raw not in modes:
            modes.append(raw)
    return modes


def _year(value: Any, field: str) -> str | None:
    year = _text(value if not isinstance(value, int) else str(value), field, 4)
    if year is not None and not _YEAR.fullmatch(year):
        raise ProfileEditError(field, "must be a year like 1998")
    return year


# The profile -----------------------------------------------------------------------------


def _longest(texts: Iterable[str | None]) -> int:
    return max((len(text) for text in texts if text), default=0)


def _limits(current: BusinessProfile) -> dict[str, int]:
    """LIMITS, raised to what the current profile already holds: an owner who corrects the
    tagline of a profile read with eight phone numbers must not be told to delete two."""
    hours = current.hours
    held = {
        "name": _longest([current.name]),
        "label": _longest([current.label]),
        "specialty": _longest([current.specialty]),
        "area": _longest([current.area]),
        "address": _longest([current.address]),
        "phones": len(current.phones),
        "items": len(current.items),
        "item_name": _longest(item.name for item in current.items),
        "unit": _longest(item.unit for item in current.items),
        "variant": _longest(item.variant for item in current.items),
        "notes": len(current.notes),
        "profile_note": _longest(current.notes),
        "links": len(current.links),
        "link_url": _longest(link.url for link in current.links),
        "link_label": _longest(link.label for link in current.links),
        "highlights": len(current.highlights),
        "highlight": _longest(current.highlights),
        "ranges": max((len(day.ranges) for day in hours.days), default=0),
        "times_without_days": len(hours.times_without_days),
        "hours_notes": len(hours.notes),
        "hours_note": _longest(hours.notes),
    }
    return {key: max(limit, held.get(key, 0)) for key, limit in LIMITS.items()}


def _normalise(current: BusinessProfile, merged: dict[str, Any]) -> dict[str, Any]:
    limits = _limits(current)
    data = dict(merged)
    business_type = data.get("business_type", current.business_type)
    if business_type not in BUSINESS_TYPES:
        raise ProfileEditError(
            "profile.business_type", f"must be one of: {', '.join(BUSINESS_TYPES)}"
        )
    data["business_type"] = business_type
    # The schema.org type follows the kind when the owner corrects it, else stays as read.
    data["schema_type"] = (
        current.schema_type
        if business_type == current.business_type
        else kind_of(business_type).schema_type
    )
    for key in _KEPT:
        data[key] = getattr(current, key)
    data["label"] = _text(data.get("label"), "profile.label", limits["label"], required=True)
    for key in ("name", "tagline", "specialty", "area", "address"):
        data[key] = _text(data.get(key), f"profile.{key}", limits[key])
    data["about"] = _paragraphs(data.get("about"), "profile.about", limits["about"])
    data["email"] = _email(data.get("email"), "profile.email")
    data["established"] = _year(data.get("established"), "profile.established")
    phones = _list(data.get("phones"), "profile.phones", limits["phones"])
    data["phones"] = [_phone(p, f"profile.phones.{i}") for i, p in enumerate(phones)]
    items = _list(data.get("items"), "profile.items", limits["items"])
    data["items"] = [_item(item, f"profile.items.{i}", limits) for i, item in enumerate(items)]
    links = _list(data.get("links"), "profile.links", limits["links"])
    data["links"] = [_link(link, f"profile.links.{i}", limits) for i, link in enumerate(links)]
    data["hours"] = _hours(data.get("hours"), "profile.hours", limits)
    data["features"] = _features(data.get("features"), "profile.features")
    highlights = _list(data.get("highlights"), "profile.highlights", limits["highlights"])
    texts = (
        _text(h, f"profile.highlights.{i}", limits["highlight"]) for i, h in enumerate(highlights)
    )
    data["highlights"] = [text for text in texts if text]
    notes = _list(data.get("notes"), "profile.notes", limits["notes"])
    note_texts = (
        _text(n, f"profile.notes.{i}", limits["profile_note"]) for i, n in enumerate(notes)
    )
    data["notes"] = [text for text in note_texts if text]
    data["modes"] = _modes(data.get("modes"), "profile.modes")
    if data.get("language") is None:
        data["language"] = current.language
    return data


def apply_profile_edit(current: BusinessProfile, merged: dict[str, Any]) -> BusinessProfile:
    """The profile as edited (`merged`: the profile JSON after the merge patch), normalised.

    `description`, `source_language` and `schema_type` stay as they were (the last follows a
    corrected `business_type`). Raises ProfileEditError naming the field at fault.
    """
    if not isinstance(merged, dict):
        raise ProfileEditError("profile", "must be an object")
    data = _normalise(current, merged)
    try:
        return BusinessProfile.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        path = ".".join(str(part) for part in ("profile", *error["loc"]))
        raise ProfileEditError(path, error["msg"]) from None
