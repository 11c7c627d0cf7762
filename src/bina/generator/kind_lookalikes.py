"""Descriptions that read like one kind of business but are another, or none of them.

Keyword scores alone are fooled by a few recurring turns of phrase: "Phone Clinic" is no
clinic, a tent-hire or locksmith business is not the wedding or garage its words suggest,
and dishes cooked for feasts or at home are not a restaurant. These rules sit apart from
the scoring in `classify_kind` so each can be read and tested on its own terms.
"""

from __future__ import annotations

import re

from bina.generator.profile import BusinessType

# Food made at home and sold by order is a home kitchen, whatever the food, unless the
# opening speaks of a shop.
_HOME_FOOD_KINDS = frozenset({"bakery", "restaurant", "cafe"})
_HOME_BASED = re.compile(
    r"\b(?:dari rumah|home[- ]?based|home ?kitchen|dapur rumah|from (?:my |our )?home|"
    r"depan rumah|rumah sendiri)\b",
    re.I,
)
_HOME_MADE = re.compile(r"\b(?:home ?made|buatan sendiri|buatan rumah)\b", re.I)
# Sold by order and sent or met for, with no opening hours: no shop to walk into.
_BY_ORDER = re.compile(r"\b(?:cod|pre-?order|order|tempah\w*|pos|postage|lalamove)\b", re.I)
_OPENING = re.compile(r"\b(?:buka|open|opens|daily|setiap hari|isnin|monday|mon)\b", re.I)


def _made_at_home(text: str) -> bool:
    if _HOME_BASED.search(text):
        return True
    return bool(_HOME_MADE.search(text) and _BY_ORDER.search(text) and not _OPENING.search(text))


_PREMISES = re.compile(
    r"\b(?:kedai|shop|bakery|bakeri|restoran|restaurant|cafe|kafe|café|warung|gerai|stall|"
    r"kiosk|outlet|premis|kopitiam)\b",
    re.I,
)

_EQUIPMENT = (
    r"(?:tents?|canop(?:y|ies)|khemah|kanopi|kerusi|meja|chairs?|tables?|pa system|"
    r"sound system|siste?m? pa|karpet|kipas)"
)
# "Tent & canopy rental", "Sewa khemah dan kerusi": event equipment for hire.
_EQUIPMENT_RENTAL = re.compile(
    # at the start of a clause: "Pelamin & kanopi rental" is a wedding boutique's
    rf"(?:^|[,;:(–-])\s*(?:{_EQUIPMENT}(?:\s*(?:&|and|dan|,|/)\s*{_EQUIPMENT})*\s+"
    rf"(?:rental|rentals|hire|for rent)|(?:sewa(?:an)?|rent(?:al)? of)\s+{_EQUIPMENT})\b",
    re.I,
)

# Food cooked for a feast or for a number of guests, not served at a table of one's own.
_FOR_EVENTS = re.compile(
    r"\b(?:kenduri|katering|catering|majlis|walimah|jamuan|events?|(?:per|se|satu) ?dulang|"
    r"(?:for|untuk|utk) \d+ (?:guests|pax|tetamu|orang))\b",
    re.I,
)

# Things that are mended, not people or animals: beside one, "doktor" or "klinik" is a
# figure of speech in a brand ("Gadget Doktor", "Phone Clinic", "Klinik Aircond").
_THINGS = (
    r"(?:gadgets?|phones?|fon|telefon|handphones?|hp|iphones?|laptops?|komputer|computers?|pc|"
    r"aircond|air-?cond|kereta|car|cars|auto|motor|motosikal|tayar|tyres?|kasut|shoes?|"
    r"sneakers?|jam|watch(?:es)?|basikal|bikes?|bicycles?|sofa|tilam|kamera|cameras?|printer|"
    r"paip|pipes?|bumbung|roof|rumah|house|home|pc|tv|elektrik|electrical|kunci|locks?)"
)
_CARE = r"(?:doktor|doctor|klinik|clinic|hospital)"
_FIGURATIVE_CARE = re.compile(
    rf"\b(?:{_THINGS}\s+(?P<after>{_CARE})|(?P<before>{_CARE})\s+{_THINGS})\b", re.I
)


def literal_care(text: str) -> str:
    """The text with "doktor", "klinik" said of things blanked out."""

    def blank(match: re.Match[str]) -> str:
        word = "after" if match.group("after") else "before"
        start, end = match.span(word)
        found = match.group()
        offset = start - match.start()
        return found[:offset] + " " * (end - start) + found[offset + end - start :]

    return _FIGURATIVE_CARE.sub(blank, text)


# Trades with no kind of their own, said first: the cars or houses they work on do not
# make them a workshop or a cleaner ("Tukang kunci … pintu rumah/kereta").
_TRADE_OF_ITS_OWN = re.compile(
    r"[\W_]*(?:tukang kunci|locksmith|khidmat kunci|servis kunci|kunci pendua|"
    r"key (?:duplicat\w*|cutting))\b",
    re.I,
)


def names_no_kind(first: str) -> bool:
    """Whether the first sentence names a business none of the kinds fits.

    Tents, chairs or sound sets hired out serve a wedding or a feast but are neither; a
    locksmith works on cars and houses but is no workshop or cleaner.
    """
    return bool(_EQUIPMENT_RENTAL.search(first) or _TRADE_OF_ITS_OWN.match(first.strip()))


def food_kind(key: BusinessType, first: str, text: str) -> BusinessType:
    """The kind of a food business once feasts and home kitchens are told from eateries.

    `first` is the description's first sentence, `text` the part of it that was scored.
    """
    if key == "restaurant" and _FOR_EVENTS.search(first) and not _PREMISES.search(first):
        key = "catering"  # dishes named in an opening that cooks them for feasts and events
    if key in _HOME_FOOD_KINDS and not _PREMISES.search(first) and _made_at_home(text):
        key = "home_food"  # cakes or nasi lemak made at home and sold by order
    return key
