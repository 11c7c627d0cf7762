"""Text typed all in capitals (or all in lower case): read in lower case, places kept as
places, and item names as they are called ("NASI LEMAK BIASA" -> "Nasi lemak biasa").

Capitals typed throughout say nothing of which words are names, so analysis reads the
identity from a lower-case text and shows items in sentence case.
"""

from __future__ import annotations

import re

from bina.generator.location import PLACES_THAT_ARE_WORDS
from bina.generator.places import find_places
from bina.generator.profile import OfferedItem

__all__ = ["shouted", "unshout", "unshout_item"]


def shouted(text: str) -> bool:
    """Typed all in capitals ("RM" before prices aside)."""
    letters = [
        c for c in re.sub(r"\bRM(?=\s?\d)", "", text) if c.isalpha() and c.lower() != c.upper()
    ]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def unshout_item(item: OfferedItem) -> OfferedItem:
    """ "NASI LEMAK BIASA" -> "Nasi lemak biasa": capitals typed throughout are not how the
    item is called."""
    name, variant = item.name, item.variant
    if sum(c.isalpha() for c in name) >= 4 and name.isupper():
        name = name[:1] + name[1:].lower()
    if variant and sum(c.isalpha() for c in variant) >= 4 and variant.isupper():
        variant = variant.lower()
    if (name, variant) == (item.name, item.variant):
        return item
    return item.model_copy(update={"name": name, "variant": variant})


def unshout(text: str) -> str:
    """A text typed all in capitals or all in lower case, in lower case but for its places
    ("KEDAI AH SENG IPOH" -> "kedai ah seng Ipoh", "salon siti, skudai" -> "salon siti,
    Skudai"); any other text as it is."""
    # "RM" before a price is written in capitals however the rest is typed.
    letters = [
        c for c in re.sub(r"\bRM(?=\s?\d)", "", text) if c.isalpha() and c.lower() != c.upper()
    ]
    upper = sum(c.isupper() for c in letters)
    if len(letters) < 20 or 0 < upper < 0.8 * len(letters):
        return text
    lowered = list(text.lower())
    for place in find_places(text.title()):
        written = place.group()
        if " " not in written and written.lower() in PLACES_THAT_ARE_WORDS:
            continue  # "nilai", "kuah": more likely the word
        lowered[place.start() : place.end()] = written
    return "".join(lowered)
