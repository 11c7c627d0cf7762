"""Analysis: a free-text description becomes a validated `BusinessProfile`.

Rule-based and deterministic (no model needed): contacts, prices and hours are read by their
own modules, then name, kind, area, address, features and the user's own sentences worth
quoting. Every value comes from the text; what is not there stays empty.

This module assembles the profile: it runs the readers in order, blanks out what each one
used so the next does not read it again, and settles their disagreements. Whether a
description is usable is description_check; where the business is, location; its label,
label; its year and quotable sentences, highlights; text typed in capitals, capitals.
"""

from __future__ import annotations

import re

from bina.generator.capitals import shouted, unshout, unshout_item
from bina.generator.classify_kind import classify
from bina.generator.contacts import find_email, find_links, find_phones
from bina.generator.description_check import check_description
from bina.generator.highlights import find_established, find_highlights
from bina.generator.hours import parse_hours
from bina.generator.items import find_items, find_unpriced_items, name_unnamed
from bina.generator.kinds import KINDS, kind_of
from bina.generator.label import find_label
from bina.generator.location import find_address, find_area
from bina.generator.manner import find_features, find_modes
from bina.generator.names import find_name, only_trade
from bina.generator.notes import find_notes
from bina.generator.people import locate_owner
from bina.generator.places import PLACE_PATTERN, find_places
from bina.generator.profile import BusinessProfile, Language
from bina.generator.text import detect_language


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        for index in range(max(start, 0), min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def analyze(description: str, language: Language = "ms") -> BusinessProfile:
    """Read a description and return everything it says about the business."""
    text = check_description(description, language)
    phones, phone_spans = find_phones(text)
    email = find_email(text)
    links = find_links(text)
    contact_spans = list(phone_spans)
    for pattern in (r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", r"https?://\S+|www\.\S+|\b\S+\.(?:com|my)\S*"):
        contact_spans += [m.span() for m in re.finditer(pattern, text)]
    masked = _mask(text, contact_spans)
    items, item_spans = find_items(masked)
    leading = bool(items) and not items[0].name
    unnamed = [item for item in items if not item.name]
    items = [item for item in items if item.name]
    masked = _mask(masked, item_spans)
    hours, hour_spans = parse_hours(masked)
    items += find_unpriced_items(_mask(masked, hour_spans), items)
    business_type, schema_type, _ = classify(text)
    # Capitals typed throughout say nothing of which words are names: read the identity
    # from the text in lower case, places kept as places.
    plain = unshout(text)
    name = find_name(plain)
    if name and any(item.name.lower() == name.lower() for item in items):
        name = None  # "Musang King … RM48/kg": what is sold, not who sells it
    if name and _told_of_goods(plain, name):
        name = None  # "Mempelam Harumanis Perlis asli dari kebun Pak Din": what, from where
    if name and only_trade(name) and locate_owner(plain, kind_of(business_type)):
        # "Gym Muay Thai & boxing Penampang, Coach Alvin": what is done, then who does it;
        # the site is named for both.
        name = None
    address = find_address(_mask(text, phone_spans))
    area = find_area(plain, address)
    if area and name and area in name:
        # A town inside the name ("Sejuk Tawau Engineering") is where the business is unless
        # the rest of the text names another place.
        area = find_area(plain.replace(name, " " * len(name)), address) or area
    label, specialty = find_label(plain, business_type, language, name, area)
    # Prices with no item named are for what the business sells, when that is clear.
    items = name_unnamed(unnamed, items, specialty or name or label, leading) + items
    if shouted(text):
        items = [unshout_item(item) for item in items]
    source_language: Language = "en" if detect_language(text) == "en" else "ms"
    # A phone's span may take in its label ("012-208 6651 (vet berdaftar)"); the label is
    # still the user's words, so only the number itself is blanked for notes.
    numbers = [_to_last_digit(text, span) for span in phone_spans]
    notes = find_notes(
        _mask(text, numbers + contact_spans[len(phone_spans) :]), source_language, hour_spans
    )
    # The opening that only names the business ("Kelas memandu Akademi Memandu Cemerlang") is
    # not a note, however its words read.
    notes = [note for note in notes if not _only_names(note, [name or "", label])]
    consumed = contact_spans + item_spans + hour_spans
    known = [name or "", address or "", label, *(area or "").split(", ")]
    highlights = [
        h
        for h in find_highlights(text, consumed, known, language=source_language)
        if not any(_same_fact(h, note) for note in notes)
    ]
    return BusinessProfile(
        description=text,
        language=language,
        source_language=source_language,
        name=name,
        label=label,
        business_type=business_type,
        schema_type=schema_type,
        specialty=specialty,
        area=area,
        address=address,
        phones=tuple(phones),
        email=email,
        links=tuple(links),
        hours=hours,
        items=tuple(items[:24]),
        features=tuple(find_features(text, business_type)),
        established=find_established(text),
        highlights=tuple(highlights),
        notes=tuple(notes),
        modes=find_modes(text, business_type),
    )


# What is sold said with where it comes from: "… asli dari kebun", "… fresh from our farm".
_FROM_ORIGIN = re.compile(
    r"[\s,]*(?:asli|original|ori|segar|fresh|terus|direct(?:ly)?)?\s*(?:dari|from)\s", re.I
)


def _told_of_goods(text: str, name: str) -> bool:
    """A would-be name of only goods and places, followed by where the goods come from."""
    at = text.find(name)
    if at < 0:
        return False
    end = at + len(name)
    gap = len(text[end:]) - len(text[end:].lstrip(" ,"))
    while after := PLACE_PATTERN.match(text, end + gap):
        # "Madu Kelulut Pahang asli dari …": the place is said of the goods
        end = after.end()
        gap = len(text[end:]) - len(text[end:].lstrip(" ,"))
    if not _FROM_ORIGIN.match(text, end):
        return False
    rest = name
    for found in reversed(find_places(name)):
        rest = rest[: found.start()] + rest[found.end() :]
    return bool(rest.strip()) and only_trade(rest)


def _to_last_digit(text: str, span: tuple[int, int]) -> tuple[int, int]:
    start, end = span
    while end > start and not text[end - 1].isdigit():
        end -= 1
    return start, end


def _only_names(note: str, names: list[str]) -> bool:
    rest = note.lower()
    for known in names:
        if known:
            rest = rest.replace(known.lower(), " ")
    return not re.search(r"[^\W\d_]{2}", rest)


def _same_fact(highlight: str, note: str) -> bool:
    """A highlight that a note already says (the note is the sentence or part of it)."""
    plain = re.sub(r"\W+", " ", highlight.lower()).strip()
    return re.sub(r"\W+", " ", note.lower()).strip() in plain


__all__ = ["KINDS", "analyze", "check_description", "find_name"]
