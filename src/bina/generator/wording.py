"""Fixed interface words and formats in Malay and English: days, times, prices, features.

These never depend on a model: they are the same words in every site of a language.
"""

from __future__ import annotations

from decimal import Decimal

from bina.generator.profile import DayHours, Language, OfferedItem, OpeningHours, TimeRange
from bina.generator.units import unit_display

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
    "pickup": {"ms": "Ambil sendiri", "en": "Self pickup"},
    "cod": {"ms": "Bayar semasa terima (COD)", "en": "Cash on delivery"},
    "warranty": {"ms": "Ada waranti", "en": "Warranty given"},
    "prayer_room": {"ms": "Ada surau", "en": "Prayer room"},
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
    loose = [
        (UI[language]["hours_times"], format_range(time, language), False)
        for time in hours.times_without_days
    ]
    if hours.days and all(entry.closed for entry in hours.days):
        # "Buka 7 pagi - 6 petang, Jumaat tutup": the times first, then the day off.
        rows, loose = loose, []
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
    return rows + loose


_SUMMARY_WORDS: dict[Language, dict[str, str]] = {
    "ms": {
        "daily": "Setiap hari, {times}",
        "except": "Setiap hari kecuali {days}, {times}",
        "always": "Buka 24 jam",
        "24h": "24 jam",
        "closed": "{days} tutup",
        "and": "&",
    },
    "en": {
        "daily": "Open daily, {times}",
        "except": "Daily except {days}, {times}",
        "always": "Open 24 hours",
        "24h": "24 hours",
        "closed": "Closed {days}",
        "and": "&",
    },
}
_CLOSED = "\0closed"


def _runs(days: list[int]) -> list[list[int]]:
    """Consecutive weekdays together (Monday to Sunday, no wrapping round the week)."""
    runs: list[list[int]] = []
    for day in sorted(days):
        if runs and runs[-1][-1] == day - 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    return runs


def _summary_days(days: list[int], language: Language) -> str:
    """ "Isnin–Sabtu", "Sabtu & Ahad", "Isnin, Rabu & Jumaat"."""
    names = DAY_NAMES[language]
    joiner = _SUMMARY_WORDS[language]["and"]
    parts = [
        f"{names[run[0]]}–{names[run[-1]]}"
        if len(run) > 2
        else f" {joiner} ".join(names[d] for d in run)
        for run in _runs(days)
    ]
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {joiner} {parts[-1]}"


def _summary_times(value: str, language: Language) -> str:
    return _SUMMARY_WORDS[language]["24h"] if value == UI[language]["open_24h"] else value


def _day_values(hours: OpeningHours, language: Language) -> tuple[dict[int, str], bool]:
    """What each weekday is known to be (its times, "open" or closed), and whether the times
    given without days were placed on days."""
    open_word = UI[language]["open"]
    values: dict[int, str] = {}
    for entry in hours.days:
        if entry.closed:
            values[entry.day] = _CLOSED
        elif entry.ranges:
            values[entry.day] = _value(entry, language)
    for day in hours.open_days_without_times:
        values.setdefault(day, open_word)
    stated = [v for v in values.values() if v not in (_CLOSED, open_word)]
    if not values or stated or not hours.times_without_days:
        return values, False
    # "Buka 7 pagi - 6 petang, Jumaat tutup": the times hold for every day not closed, or
    # only for the days named as open when some were.
    times = ", ".join(format_range(time, language) for time in hours.times_without_days)
    named_open = [day for day, value in values.items() if value != _CLOSED]
    for day in named_open or [d for d in range(7) if d not in values]:
        values[day] = times
    return values, True


def hours_summary(hours: OpeningHours, language: Language) -> str | None:
    """The opening hours in one line, every day accounted for as the user gave them.

    "Setiap hari kecuali Jumaat, 7.00 pagi – 6.00 petang",
    "Isnin–Sabtu 9.00 pagi – 6.00 petang · Ahad tutup", "Open daily, 10:00 am – 10:00 pm",
    "Buka 24 jam". None when nothing about days or times was said.
    """
    words = _SUMMARY_WORDS[language]
    open_word = UI[language]["open"]
    values, placed = _day_values(hours, language)
    loose = [format_range(time, language) for time in hours.times_without_days]
    if not values:
        return ", ".join(loose) or None
    groups: dict[str, list[int]] = {}
    for day in sorted(values):
        if values[day] != _CLOSED:
            groups.setdefault(values[day], []).append(day)
    closed = sorted(day for day, value in values.items() if value == _CLOSED)
    if len(groups) == 1 and len(values) == 7:
        ((value, days),) = groups.items()
        if value == open_word:
            pass  # days said to be open, no times: listed below
        elif not closed:
            return (
                words["always"]
                if value == UI[language]["open_24h"]
                else words["daily"].format(times=value)
            )
        elif len(_runs(days)) > 1 and len(closed) <= 2:
            return words["except"].format(
                days=_summary_days(closed, language), times=_summary_times(value, language)
            )
    parts = [
        f"{_summary_days(days, language)} "
        + (value.lower() if value == open_word else _summary_times(value, language))
        for value, days in groups.items()
    ]
    if closed:
        parts.append(words["closed"].format(days=_summary_days(closed, language)))
    if loose and not placed and ", ".join(loose) not in groups:
        parts.append(", ".join(loose))
    return " · ".join(parts)


def format_amount(text: str) -> str:
    return f"RM{text}"


def price_label(item: OfferedItem, language: Language) -> str | None:
    """ "RM7", "dari RM89", "RM80 – RM120", "RM0.60 sebiji", "RM60/bulan" — or None."""
    if item.price_text is None:
        return None
    label = format_amount(item.price_text)
    if item.price_max_text:
        label = f"{label} – {format_amount(item.price_max_text)}"
    if item.price_from:
        label = f"{UI[language]['from']} {label}"
    if item.unit:
        unit = unit_display(item.unit, language)
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
