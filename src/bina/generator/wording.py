"""Fixed interface words and formats in Malay and English: days, times, prices, features.

These never depend on a model: they are the same words in every site of a language.
"""

from __future__ import annotations

from decimal import Decimal

from bina.generator.items import UNIT_LABELS
from bina.generator.profile import DayHours, Language, OfferedItem, OpeningHours, TimeRange

DAY_NAMES: dict[Language, tuple[str, ...]] = {
    "ms": ("Isnin", "Selasa", "Rabu", "Khamis", "Jumaat", "Sabtu", "Ahad"),
    "en": ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"),
}
SCHEMA_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

UI: dict[Language, dict[str, str]] = {
    "ms": {
        "skip": "Langkau ke kandungan",
        "menu_nav": "Navigasi",
        "closed": "Tutup",
        "open": "Buka",
        "every_day": "Setiap hari",
        "open_24h": "Buka 24 jam",
        "hours_times": "Waktu buka",
        "until_sold_out": "sampai habis",
        "from": "dari",
        "phone": "Telefon",
        "whatsapp": "WhatsApp",
        "email": "E-mel",
        "address": "Alamat",
        "area": "Kawasan",
        "fax": "Faks",
        "map": "Buka dalam Google Maps",
        "whatsapp_float": "WhatsApp kami",
        "call_short": "Telefon",
        "follow": "Ikuti kami",
        "built_with": "Laman ini dibina dengan Bina",
        "gallery_note": "Ilustrasi",
        "price_on_request": "Tanya harga",
        "hours_short": "Waktu",
        "where_short": "Lokasi",
        "contact_short": "Hubungi",
        "since": "Sejak",
        "all_hours": "Lihat semua waktu",
    },
    "en": {
        "skip": "Skip to content",
        "menu_nav": "Navigation",
        "closed": "Closed",
        "open": "Open",
        "every_day": "Every day",
        "open_24h": "Open 24 hours",
        "hours_times": "Opening times",
        "until_sold_out": "until sold out",
        "from": "from",
        "phone": "Phone",
        "whatsapp": "WhatsApp",
        "email": "Email",
        "address": "Address",
        "area": "Area",
        "fax": "Fax",
        "map": "Open in Google Maps",
        "whatsapp_float": "WhatsApp us",
        "call_short": "Call",
        "follow": "Follow us",
        "built_with": "Site built with Bina",
        "gallery_note": "Illustrations",
        "price_on_request": "Ask for price",
        "hours_short": "Hours",
        "where_short": "Where",
        "contact_short": "Contact",
        "since": "Since",
        "all_hours": "See all hours",
    },
}

FEATURE_LABELS: dict[str, dict[Language, str]] = {
    "halal_certified": {"ms": "Sijil halal", "en": "Halal certified"},
    "halal": {"ms": "Halal", "en": "Halal"},
    "muslim_owned": {"ms": "Milik Muslim", "en": "Muslim-owned"},
    "no_pork": {"ms": "Tiada babi", "en": "Pork-free"},
    "delivery": {"ms": "Penghantaran", "en": "Delivery"},
    "takeaway": {"ms": "Bungkus", "en": "Takeaway"},
    "dine_in": {"ms": "Makan di sini", "en": "Dine-in"},
    "parking": {"ms": "Tempat letak kereta", "en": "Parking"},
    "aircond": {"ms": "Berhawa dingin", "en": "Air-conditioned"},
    "wifi": {"ms": "Wi-Fi", "en": "Wi-Fi"},
    "booking": {"ms": "Terima tempahan", "en": "Bookings taken"},
    "walk_in": {"ms": "Walk-in", "en": "Walk-ins welcome"},
    "cashless": {"ms": "Bayaran tanpa tunai", "en": "Cashless payment"},
    "accessible": {"ms": "Mesra OKU", "en": "Wheelchair friendly"},
    "women_only": {"ms": "Khas wanita", "en": "Women only"},
    "homemade": {"ms": "Buatan sendiri", "en": "Homemade"},
    "kids": {"ms": "Mesra kanak-kanak", "en": "Kid friendly"},
}


def format_time(value: str, language: Language) -> str:
    """ "07:30" -> "7.30 pagi" / "7:30 am"; "24:00" and "00:00" as midnight."""
    hour, minute = (int(part) for part in value.split(":"))
    if language == "ms":
        if hour in (0, 24) and minute == 0:
            return "12.00 tengah malam"
        shown = hour % 12 or 12
        period = (
            "pagi"
            if hour < 12
            else "tengah hari"
            if hour < 13
            else "petang"
            if hour < 19
            else "malam"
        )
        return f"{shown}.{minute:02d} {period}"
    if hour in (0, 24) and minute == 0:
        return "midnight"
    if hour == 12 and minute == 0:
        return "noon"
    shown = hour % 12 or 12
    suffix = "am" if hour < 12 or hour == 24 else "pm"
    return f"{shown}:{minute:02d} {suffix}"


def format_range(time: TimeRange, language: Language) -> str:
    if time.opens == "00:00" and time.closes in ("24:00", "23:59"):
        return UI[language]["open_24h"]
    opens = format_time(time.opens, language)
    if time.closes is None:
        if time.until_sold_out:
            return f"{opens} – {UI[language]['until_sold_out']}"
        return f"{UI[language]['from'].capitalize()} {opens}"
    return f"{opens} – {format_time(time.closes, language)}"


def _day_span(days: list[int], language: Language) -> str:
    names = DAY_NAMES[language]
    if len(days) == 7:
        return UI[language]["every_day"]
    if len(days) == 1:
        return names[days[0]]
    if len(days) == 2:
        joiner = " & "
        return f"{names[days[0]]}{joiner}{names[days[1]]}"
    return f"{names[days[0]]} – {names[days[-1]]}"


def _value(entry: DayHours, language: Language) -> str:
    if entry.closed:
        return UI[language]["closed"]
    return ", ".join(format_range(time, language) for time in entry.ranges)


def hours_rows(hours: OpeningHours, language: Language) -> list[tuple[str, str, bool]]:
    """(days, times, closed) rows, consecutive days with the same hours grouped."""
    rows: list[tuple[str, str, bool]] = []
    groups: list[tuple[list[int], str, bool]] = []
    for entry in hours.days:
        value = _value(entry, language)
        if groups and groups[-1][1] == value and groups[-1][0][-1] == entry.day - 1:
            groups[-1][0].append(entry.day)
        else:
            groups.append(([entry.day], value, entry.closed))
    for days, value, closed in groups:
        rows.append((_day_span(days, language), value, closed))
    if hours.open_days_without_times:
        days = list(hours.open_days_without_times)
        consecutive = days == list(range(days[0], days[-1] + 1))
        label = (
            _day_span(days, language)
            if consecutive
            else ", ".join(DAY_NAMES[language][d] for d in days)
        )
        rows.append((label, UI[language]["open"], False))
    for time in hours.times_without_days:
        rows.append((UI[language]["hours_times"], format_range(time, language), False))
    return rows


def format_amount(text: str) -> str:
    return f"RM{text}"


def price_label(item: OfferedItem, language: Language) -> str | None:
    """ "RM7", "dari RM89", "RM80 – RM120", "RM180 semalam" — or None without a price."""
    if item.price_text is None:
        return None
    label = format_amount(item.price_text)
    if item.price_max_text:
        label = f"{label} – {format_amount(item.price_max_text)}"
    if item.price_from:
        label = f"{UI[language]['from']} {label}"
    if item.unit:
        unit = UNIT_LABELS.get(item.unit, {}).get(language, item.unit)
        label = f"{label}{unit}" if unit.startswith("/") else f"{label} {unit}"
    return label


def schema_price(value: Decimal) -> str:
    return f"{value:.2f}"


def join_words(items: list[str], language: Language) -> str:
    """ "a, b dan c" / "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    word = "dan" if language == "ms" else "and"
    return f"{', '.join(items[:-1])} {word} {items[-1]}"
