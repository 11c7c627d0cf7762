"""Menu items and services, with prices only where the user wrote them.

Prices: `RM7`, `RM 1.50`, `rm12`, `RM1,200`, `10 ringgit`, ranges `RM80-RM120`, "from RM89",
"bermula RM89", "RM89 ke atas", per unit "RM25/jam", "RM180 semalam", "RM5 sekilo".
Names come from the words before the price (or after it when nothing is before), without
lead-ins such as "kami jual" or "we offer".
"""

from __future__ import annotations

import itertools
import re
from decimal import Decimal, InvalidOperation

from bina.generator.profile import OfferedItem
from bina.generator.text import strip_symbols

MAX_PRICES = 40
_AMOUNT = r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?"
_PRICE = re.compile(
    rf"(?:\bRM|\bMYR)\s?{_AMOUNT}(?:\s*(?:-|–|hingga|sehingga|sampai|to|ke)\s*(?:RM|MYR)?\s?{_AMOUNT})?"
    rf"(?!\s*%)|(?<![\w.]){_AMOUNT}\s?(?:ringgit|MYR)\b",
    re.I,
)
_UNIT_WORDS: dict[str, str] = {
    "jam": "hour", "hour": "hour", "hr": "hour", "hrs": "hour", "j": "hour",
    "malam": "night", "night": "night", "nite": "night",
    "bulan": "month", "month": "month", "bln": "month", "mth": "month",
    "orang": "person", "pax": "person", "person": "person", "kepala": "person", "head": "person",
    "pelajar": "person", "student": "person",
    "kg": "kg", "kilo": "kg", "kilogram": "kg",
    "sesi": "session", "session": "session", "kelas": "session", "class": "session",
    "hari": "day", "day": "day",
    "minggu": "week", "week": "week",
    "biji": "piece", "pcs": "piece", "pc": "piece", "piece": "piece", "keping": "piece",
    "ketul": "piece", "helai": "piece", "unit": "piece",
    "kotak": "box", "box": "box", "balang": "jar", "jar": "jar", "tin": "jar",
    "pinggan": "plate", "plate": "plate", "mangkuk": "bowl", "bowl": "bowl",
    "cawan": "cup", "cup": "cup", "gelas": "cup", "glass": "cup",
    "set": "set", "pasang": "pair", "pair": "pair", "dozen": "dozen", "dozen.": "dozen",
    "loyang": "tray", "tray": "tray", "bekas": "pack", "pack": "pack", "paket": "pack",
    "bungkus": "pack", "packet": "pack",
    "ekor": "each", "each": "each",
}  # fmt: skip
UNIT_LABELS: dict[str, dict[str, str]] = {
    "hour": {"ms": "sejam", "en": "per hour"},
    "night": {"ms": "semalam", "en": "per night"},
    "month": {"ms": "sebulan", "en": "per month"},
    "person": {"ms": "seorang", "en": "per person"},
    "kg": {"ms": "sekilo", "en": "per kg"},
    "session": {"ms": "sesi", "en": "per session"},
    "day": {"ms": "sehari", "en": "per day"},
    "week": {"ms": "seminggu", "en": "per week"},
    "piece": {"ms": "sebiji", "en": "each"},
    "box": {"ms": "sekotak", "en": "per box"},
    "jar": {"ms": "sebalang", "en": "per jar"},
    "plate": {"ms": "sepinggan", "en": "per plate"},
    "bowl": {"ms": "semangkuk", "en": "per bowl"},
    "cup": {"ms": "secawan", "en": "per cup"},
    "set": {"ms": "seset", "en": "per set"},
    "pair": {"ms": "sepasang", "en": "per pair"},
    "dozen": {"ms": "sedozen", "en": "per dozen"},
    "tray": {"ms": "seloyang", "en": "per tray"},
    "pack": {"ms": "sebekas", "en": "per pack"},
    "each": {"ms": "setiap satu", "en": "each"},
}
_UNIT = re.compile(
    r"^\s*(?:/\s*|per\s+|a\s+|untuk\s+|bagi\s+|se(?=[a-z]))"
    r"(" + "|".join(sorted(_UNIT_WORDS, key=len, reverse=True)) + r")\b",
    re.I,
)
# A unit the table does not know ("RM10 setiap tayar", "RM3 per slice") is kept as written.
_OTHER_UNIT = re.compile(r"^\s*((?:/|per|setiap|for\s+each|each)\s*[^\W\d_]{2,15})\b", re.I)
_FROM_BEFORE = re.compile(
    r"(?:bermula(?:\s+dari(?:pada)?)?|mula(?:i)?(?:\s+dari)?|dari(?:pada)?|from|starting(?:\s+from|\s+at)?|"
    r"starts?\s+(?:at|from)|as\s+low\s+as|serendah)\s*:?\s*$",
    re.I,
)
_FROM_AFTER = re.compile(r"^\s*(?:\+|ke\s+atas|and\s+above|onwards?|above|keatas)", re.I)

_LEAD_INS = re.compile(
    r"^.*?\b(?:kami\s+(?:jual|menjual|sediakan|menyediakan|tawarkan|menawarkan|ada|buat|hidangkan|"
    r"menghidangkan)|menjual|menyediakan|menawarkan|menghidangkan|"
    r"we\s+(?:sell|serve|offer|make|bake|do|have|provide)|selling|serving|offering|offers|"
    r"sells|serves|provides|specialising\s+in|specializing\s+in|pakar\s+dalam|"
    r"menu(?:\s+kami)?(?:\s+(?:ada|termasuk|includes?))?|our\s+menu(?:\s+includes?)?|"
    r"servis(?:\s+kami)?|perkhidmatan(?:\s+kami)?|services?(?:\s+include)?|"
    r"produk(?:\s+kami)?|products?|harga|prices?|senarai\s+harga|price\s+list|"
    r"termasuk|including|includes?|antaranya|such\s+as|seperti)\b\s*:?\s*",
    re.I,
)
_LEADING_JUNK = re.compile(
    r"^(?:[\s\-–*•·:;,.=+>|/&()\[\]]|\d{1,2}[.)]\s|dan\b|and\b|serta\b|juga\b|also\b|"
    r"plus\b|atau\b|or\b|lagi\b|ada\b|the\b)+",
    re.I,
)
_TRAILING_JUNK = re.compile(
    r"(?:[\s\-–*•:;,=@(\[]|\bdari(?:pada)?\b|\bfrom\b|\bbermula\b|\bmula(?:i)?\b|\bhanya\b|"
    r"\bonly\b|\bcuma\b|\bjust\b|\bat\b|\bfor\b|\buntuk\b|\bpada\b|\bis\b|\bialah\b|\badalah\b|"
    r"\bharga(?:nya)?\b|\bprice\b|\bstarting\b|\bstarts?\b|\bserendah\b|\bas\s+low\s+as\b|"
    r"\bcosts?\b|\bdengan\b|\bwith\b|\bsebanyak\b|\bsahaja\b|\bsaja\b|\bje\b)+$",
    re.I,
)
_FEE_WORDS = re.compile(
    r"^(?:yuran|fee|fees|harga|price|kos|cost|caj|charge|kadar|rate|tambang)$", re.I
)
_DELIMITER = re.compile(r"[,;•|\n(!?]|\.(?=\s)|\s-\s|\s–\s|:|\bdan\b|\band\b|&")
_HARD_DELIMITER = re.compile(r"[,;•|\n(!?]|\s-\s|\s–\s|:|\.(?=\s)")


def _amount(whole: str, cents: str | None) -> tuple[Decimal, str] | None:
    text = whole + (f".{cents}" if cents else "")
    try:
        return Decimal(text.replace(",", "")), text
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None


def _clean_name(candidate: str) -> str:
    candidate = strip_symbols(candidate)
    candidate = _LEAD_INS.sub("", candidate) if _LEAD_INS.match(candidate) else candidate
    previous = None
    while previous != candidate:
        previous = candidate
        candidate = _LEADING_JUNK.sub("", candidate).strip()
        candidate = _TRAILING_JUNK.sub("", candidate).strip()
    candidate = candidate.strip(" \"'")
    if len(candidate.split()) > 7:
        candidate = " ".join(candidate.split()[-5:])
    if not re.search(r"[^\W\d_]", candidate):
        return ""
    return candidate[:1].upper() + candidate[1:]


_PLACE_TAIL = re.compile(r"\s+(?:di|in|at|dekat|near)\s+[A-Z].*$")


def _name_before(text: str, start: int, floor: int) -> str:
    """The item name written before a price that starts at `start` (not before `floor`)."""
    window = text[floor:start]
    cuts = list(_HARD_DELIMITER.finditer(window))
    last = cuts[-1] if cuts else None
    name = _clean_name(window[last.end() :] if last else window)
    if name and not _FEE_WORDS.match(name):
        return name
    # "Nasi lemak: RM7", "Kelas SPM, yuran RM150": the name is in the piece before, within
    # the same sentence — or in the sentence before when the price is only called a fee.
    if last is not None and (last.group() in {":", ","} or (name and _FEE_WORDS.match(name))):
        earlier = window[: last.start()]
        cuts = list(_HARD_DELIMITER.finditer(earlier))
        piece = _PLACE_TAIL.sub("", earlier[cuts[-1].end() :] if cuts else earlier)
        name = _clean_name(piece)
        if name and not _FEE_WORDS.match(name):
            return name
    return ""


def find_items(text: str) -> tuple[list[OfferedItem], list[tuple[int, int]]]:
    """Priced items in `text` and the spans they came from; a price with no name has name ""."""
    items: list[OfferedItem] = []
    spans: list[tuple[int, int]] = []
    # A page lists a couple of dozen items at most; more prices than this is not a menu.
    matches = list(itertools.islice(_PRICE.finditer(text), MAX_PRICES))
    floor = 0
    for index, match in enumerate(matches):
        whole, cents = (
            (match.group(1), match.group(2)) if match.group(1) else (match.group(5), match.group(6))
        )
        low = _amount(whole, cents)
        if low is None:
            continue
        high = _amount(match.group(3), match.group(4)) if match.group(3) else None
        end = match.end()
        unit_match = _UNIT.match(text[end:])
        other_unit = None if unit_match else _OTHER_UNIT.match(text[end:])
        unit = _UNIT_WORDS[unit_match.group(1).lower()] if unit_match else None
        if other_unit is not None:
            unit = re.sub(r"^/\s*", "/", other_unit.group(1))
        end += unit_match.end() if unit_match else other_unit.end() if other_unit else 0
        after_from = _FROM_AFTER.match(text[end:])
        end += after_from.end() if after_from else 0
        price_from = bool(after_from or _FROM_BEFORE.search(text[floor : match.start()]))
        name = _name_before(text, match.start(), floor)
        if not name:
            next_start = matches[index + 1].start() if index + 1 < len(matches) else len(text)
            after = text[end:next_start]
            bracket = re.match(r"\s*\(([^)]{2,40})\)", after)
            if bracket:
                name = _clean_name(bracket.group(1))
                end += bracket.end()
            else:
                cut = _DELIMITER.search(after)
                name = _clean_name(after[: cut.start()] if cut else after)
                if name:
                    end += cut.start() if cut else len(after)
        floor = end
        if high is not None and high[0] < low[0]:
            continue
        items.append(
            OfferedItem(
                name=name,
                price=low[0],
                price_text=low[1],
                price_max=high[0] if high else None,
                price_max_text=high[1] if high else None,
                price_from=price_from,
                unit=unit,
            )
        )
        spans.append((match.start(), end))
    return _unique(items), spans


_LIST_TRIGGER = re.compile(
    r"\b(?:menu(?:\s+kami)?(?:\s+(?:ada|termasuk))?\s*:|kami\s+(?:jual|menjual|sediakan|menyediakan|"
    r"tawarkan|menawarkan|hidangkan)|menjual|menyediakan|menawarkan|jual|"
    r"perkhidmatan(?:\s+kami)?(?:\s+(?:termasuk|ialah))?\s*:?|servis(?:\s+kami)?\s*:|"
    r"we\s+(?:sell|serve|offer|bake|make|provide|do|teach|repair|fix)|our\s+menu(?:\s+includes?)?\s*:?|"
    r"services?(?:\s+include)?\s*:|products?\s*:|produk(?:\s+kami)?\s*:|specialising\s+in|"
    r"specializing\s+in|pakar\s+dalam|subjek\s*:?|subjects?\s*:|kelas\s*:|classes\s*:|"
    r"selling|serving|offering)\s*",
    re.I,
)
_LIST_STOP = re.compile(
    r"\b(?:di|in|at|near|dekat|berhampiran|untuk|for|yang|which|that|with|dengan|sejak|since|"
    r"setiap|every|buka|open|daily|hubungi|call|whatsapp|sahaja|only|je)\b|[.!?:]",
    re.I,
)
_LIST_SPLIT = re.compile(r"\s*(?:,|/|&|\+|\bdan\b|\band\b|\bserta\b|\bor\b|\batau\b)\s*", re.I)


def find_unpriced_items(text: str, known: list[OfferedItem]) -> list[OfferedItem]:
    """Items named in lists ("Menu: nasi lemak, roti canai, teh tarik") without prices."""
    found: list[OfferedItem] = []
    for match in _LIST_TRIGGER.finditer(text):
        rest = text[match.end() :]
        stop = _LIST_STOP.search(rest)
        rest = rest[: stop.start()] if stop else rest
        if _PRICE.search(rest) or re.search(r"\d", rest):
            continue
        for piece in _LIST_SPLIT.split(rest):
            name = _clean_name(piece)
            if not name or len(name.split()) > 5 or len(name) < 3:
                continue
            found.append(OfferedItem(name=name))
    known_names = {item.name.lower() for item in known}
    return [item for item in _unique(found) if item.name.lower() not in known_names]


def _unique(items: list[OfferedItem]) -> list[OfferedItem]:
    seen: set[str] = set()
    unique: list[OfferedItem] = []
    for item in items:
        key = item.name.lower()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
