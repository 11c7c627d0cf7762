"""Menu items and services, with prices only where the user wrote them.

Prices: `RM7`, `RM 1.50`, `rm12`, `RM1,200`, `RM1.2k`, `10 ringgit`, ranges `RM80-RM120`,
"from RM89", "bermula RM89", "RM89 ke atas", per unit "RM25/jam", "RM180 semalam".
Each price binds to its own item: the words before it ("Nasi lemak RM7, mee goreng RM6.50"),
and who or what it is for when written after it or in brackets ("Yuran RM60/bln budak,
RM80/bln dewasa", "Grooming RM50 (cats), RM70 (small dogs)", "Black Thorn (duri hitam) RM60").
A price with nothing but a quantity or audience before it ("set 20 biji RM10", "dewasa RM80")
is another variant of the item just priced.

Prices are found in `prices`, the words of each are cut out in `price_context`, named in
`price_naming` and read in order in `item_reading`; this module puts them together, and
reads the items listed without prices.
"""

from __future__ import annotations

import re
from decimal import Decimal

from bina.generator import item_words as w
from bina.generator import text as _text
from bina.generator.item_phrases import clean_name
from bina.generator.item_reading import Reading, read_price
from bina.generator.places import is_place_shaped
from bina.generator.price_context import bind_prices
from bina.generator.prices import PRICE, scan_prices
from bina.generator.profile import OfferedItem
from bina.generator.text import detect_language

# "45 min" after a number is minutes, whatever a chat-shorthand table says "min" stands for.
_MINUTES = re.compile(r"(\d\s*mins?\b)", re.I)


def _expand(text: str, language: str) -> str:
    """Shorthand spelled out ("utk" -> "untuk") when the text helpers know how."""
    expand = getattr(_text, "expand_shorthand", None)
    if not callable(expand) or not text:
        return text
    parts = _MINUTES.split(text)
    return "".join(
        part if index % 2 else str(expand(part, language)) for index, part in enumerate(parts)
    )


def _expand_item(item: OfferedItem, language: str) -> OfferedItem:
    name = _expand(item.name, language)
    variant = _expand(item.variant, language) if item.variant else item.variant
    if name == item.name and variant == item.variant:
        return item
    return item.model_copy(update={"name": name, "variant": variant})


def find_items(text: str) -> tuple[list[OfferedItem], list[tuple[int, int]]]:
    """Priced items in `text` and the spans they came from; a price with no name has name ""."""
    prices = scan_prices(text)
    bind_prices(text, prices)
    items: list[OfferedItem] = []
    spans: list[tuple[int, int]] = []
    reading = Reading()
    for index, price in enumerate(prices):
        near = re.sub(r"[\s=@:(\-–]+$", "", price.head[-200:])
        if w.THRESHOLD.search(near) or w.DISCOUNT.search(near) or w.OFF.match(price.tail):
            continue  # a condition ("free delivery above RM40"), left for the notes
        following = prices[index + 1] if index + 1 < len(prices) else None
        item, used_tail = read_price(reading, price, following)
        items.append(item)
        spans.append((price.start, price.tail_end if used_tail else price.end))
    language = "en" if detect_language(text) == "en" else "ms"
    return [_expand_item(item, language) for item in _unique_priced(items)], spans


def find_unpriced_items(text: str, known: list[OfferedItem]) -> list[OfferedItem]:
    """Items named in lists ("Menu: nasi lemak, roti canai, teh tarik") without prices."""
    found: list[OfferedItem] = []
    for match in w.LIST_TRIGGER.finditer(text):
        rest = text[match.end() :]
        stop = w.LIST_STOP.search(rest)
        rest = rest[: stop.start()] if stop else rest
        if PRICE.search(rest) or re.search(r"\d", rest):
            continue
        for piece in w.LIST_SPLIT.split(rest):
            name = clean_name(piece)
            if not name or len(name.split()) > 5 or len(name) < 3:
                continue
            if is_place_shaped(name) or w.WHERE_LEAD.match(name):
                continue  # "Jual depan rumah, Taman Desa Jaya": where it is sold
            found.append(OfferedItem(name=name))
    known_names = {item.name.lower() for item in known}
    return [item for item in _unique(found) if item.name.lower() not in known_names]


def name_unnamed(
    unnamed: list[OfferedItem], named: list[OfferedItem], own: str, leading: bool = False
) -> list[OfferedItem]:
    """Prices with no item named, given `own` (what the business sells) as their name.

    "Nasi Lemak Bumbung … RM5 sebungkus", "RM280 semalam (weekday), RM350 (weekend)": a
    lone price, or prices told apart only by who or when, are for the business's own offer.
    Several bare prices among named items could be for anything, and are left out;
    `leading` says the first price read had no item named.
    """
    if not unnamed or not own:
        return []
    which = [item for item in unnamed if item.variant]
    # One bare price before any item is named ("Aunty Mary's maid service. RM25 per hour.
    # Weekly package RM360") is the rate of what the business does.
    alone_first = leading and len(unnamed) == 1
    if alone_first or len(which) == len(unnamed) or (not named and (len(unnamed) == 1 or which)):
        title = own[:1].upper() + own[1:]
        return [item.model_copy(update={"name": title}) for item in unnamed]
    return []


def _unique(items: list[OfferedItem]) -> list[OfferedItem]:
    seen: set[str] = set()
    unique: list[OfferedItem] = []
    for item in items:
        key = item.name.lower()
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique


def _unique_priced(items: list[OfferedItem]) -> list[OfferedItem]:
    """Each priced item once; one name may carry several prices (per piece and per set)."""
    seen: set[tuple[str, str, Decimal | None, Decimal | None, str]] = set()
    unique: list[OfferedItem] = []
    for item in items:
        key = (
            item.name.lower(),
            (item.variant or "").lower(),
            item.price,
            item.price_max,
            item.unit or "",
        )
        if key not in seen:
            seen.add(key)
            unique.append(item)
    return unique
