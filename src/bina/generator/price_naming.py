"""What the words of one price name: the item, variant and unit from the words before it
("Nasi lemak: RM7", "Kelas SPM, yuran RM150", "Kek lapis (1 loyang): RM180") and which one
the words after it say ("RM80/bln dewasa").

These read a single price on its own; what carries over from one price to the next is in
`item_reading`.
"""

from __future__ import annotations

import re

from bina.generator import item_words as w
from bina.generator.item_phrases import (
    clean_name,
    clean_variant,
    is_audience,
    split_bracket,
    unit_from_name,
)
from bina.generator.places import is_place, is_place_shaped
from bina.generator.prices import Price
from bina.generator.units import unit_key

# Run-on text: "include 2 workers extra worker", "termasuk 2 pekerja tambahan pekerja".
_INCLUDED_THEN = re.compile(
    r"^(?:includes?|included|including|incl\.?|inclusive\s+of|termasuk)\s+.*?\s"
    r"(?P<next>(?:extra|additional|add-on|tambahan|tambah)\s+\S.*)$",
    re.I,
)


def variant_from_tail(tail: str) -> str:
    """What the words after a price say it is for, or "" when they are something else."""
    plain = tail.strip()
    if not plain or re.match(
        r"^[+&]|^(?:(?:tak|tidak|x|not|belum)\s+)?(?:termasuk|including|included|incl|inclusive|"
        r"excluding|exclude|excl|free|percuma|sahaja|saja|je|only|nett?|dan|and|atau|or|"
        r"ke\s+atas|onwards|untuk\s+(?:semua|all)|ikut|depending|bergantung|depends|kalau|jika|"
        r"if|when|bila|sekiranya|apabila|min|minimum|minima|max|maximum|maksimum|sebelum|before|"
        r"selepas|after|siap|ready|each)\b",
        plain,
        re.I,
    ):
        return ""
    per = re.match(r"^(?:/|per\b|setiap\b)\s*", plain, re.I)
    if per:
        # "RM10/dewasa", "RM13/30 biji": who or how many; "per subjek" is another unit.
        rest = plain[per.end() :]
        return clean_variant(rest) if is_audience(rest) or rest[:1].isdigit() else ""
    return clean_variant(plain)


def _strip_schedule(name: str) -> str:
    """The name without days and times written after it; "" when it was only a schedule."""
    stripped = name
    while True:
        match = w.SCHEDULE_TAIL.search(stripped)
        if not match or match.start() == match.end():
            break
        stripped = stripped[: match.start()]
    removed = name[len(stripped) :]
    return stripped.strip() if w.SCHEDULE_WORD.search(removed) else name


def name_of(price: Price) -> tuple[str, str | None, str | None]:
    """(name, variant, unit) from the words before a price."""
    # "(pelanggan wanita sahaja) Gel manicure": an aside before the name is not part of it.
    head = re.sub(r"^\s*\([^()]*\)\s*(?=[^\W\d_])", "", price.head.strip())
    included = _INCLUDED_THEN.match(head)
    if included:
        # "RM350 per trip include 2 workers extra worker RM60": what the price before
        # includes ends where the next thing charged for begins.
        head = head[included.start("next") :]
    head, variant = split_bracket(head)
    name = clean_name(_strip_schedule(clean_name(head)))
    name, unit = unit_from_name(name)
    periodic = w.PERIODIC.search(name)
    if periodic and unit is None:
        unit = unit_key(periodic.group(1))
    if variant is not None:
        variant = clean_variant(variant)
        inside_unit = unit_key(re.sub(r"^(?:per|/|1)\s*", "", variant, flags=re.I))
        if inside_unit:
            unit, variant = unit or inside_unit, None
    if w.SURCHARGE.match(name):
        return "", variant or None, unit
    bare = re.sub(r"[^\w\s]", " ", price.head).strip()
    if not name and w.FEE_WORDS.match(bare):
        # "Harga RM300 semalam hari biasa": the price itself is named, nothing else.
        return bare[:1].upper() + bare[1:].lower(), variant or None, unit
    name = w.AREA_TAIL.sub("", name) or name  # "Polish marmar area Kajang": where, not what
    name = w.OWNER_TAIL.sub("", name) or name  # "Nasi lemak bungkus Kak Ida": who, not what
    place = w.PLACE_LEAD.match(name)
    if place and variant is None:
        # "luar Kuala Pilah caj minyak": where the price applies is which one, not what.
        name, variant = clean_name(name[place.end() :]), place.group().strip()
    purpose = w.PURPOSE.match(name)
    if purpose and variant is None:
        # "Kuih muih utk jamuan", "Full package for car licence": what it is for.
        name, variant = purpose.group("name"), purpose.group("purpose")
        if price.tail.strip() and variant_from_tail(price.tail):
            variant = None  # "… utk seller online: RM15 (background putih)": which is after
    return name, variant or None, unit


# "… kebun Pak Din", "… ladang Uncle Lim", "… rumah Kak Ros": a place of someone's.
_WHOSE_PLACE = re.compile(
    r"\b(?:kebun|ladang|dusun|rumah|kedai|gerai|farm|orchard|house|shop|stall|home)\s+"
    r"(?:[A-Z][\w'-]*\s*){1,3}$"
)


def earlier_name(price: Price) -> tuple[str, str | None, bool, str | None]:
    """(name, unit, is a fee word, variant) from the pieces before: "Nasi lemak: RM7", "Kelas
    SPM, yuran RM150", "Kids class Mon, Wed, Fri 8.30pm-9.30pm, RM50", "Kek lapis (1 loyang):
    RM180"."""
    for index, piece in enumerate(price.earlier):
        before = price.earlier[index + 1] if index + 1 < len(price.earlier) else ""
        if _WHOSE_PLACE.search(before) and re.fullmatch(r"\s*(?:[A-Z][\w'-]*\s*){1,2}", piece):
            break  # "dari kebun Pak Din, Chuping": whose place and where it is, not an item
        piece, variant = split_bracket(piece.strip())
        plain = clean_name(piece)
        stripped = _strip_schedule(plain)
        if not stripped or w.CAPACITY.match(stripped) or is_place_shaped(stripped):
            continue  # only days and times, how many it fits or where: look further back
        name = clean_name(w.OWNER_TAIL.sub("", w.PLACE_TAIL.sub("", stripped)))
        name, unit = unit_from_name(name)
        periodic = w.PERIODIC.search(name)
        if periodic and unit is None:
            unit = unit_key(periodic.group(1))  # "Weekly rate: Axia RM450"
        return name, unit, bool(w.FEE_WORDS.match(name)), clean_variant(variant or "") or None
    return "", None, False, None


def names_the_fee(price: Price) -> bool:
    """Whether the piece just before "yuran RM150" names what the fee is for ("Kelas SPM"):
    not a timetable ("dewasa hari Ahad 9-11pg"), a place ("Taman Sri Gombak") or a fee."""
    if not price.earlier or price.head_delimiter not in {",", ":", "-", "–"}:
        return False
    piece, _ = split_bracket(price.earlier[0].strip())
    name = clean_name(piece)
    if not name or _strip_schedule(name) != name or w.CAPACITY.match(name):
        return False
    if re.match(r"(?:khas|special(?:ly)?|exclusively|hanya|only|untuk|for)\b", name, re.I):
        return False  # "khas utk wanita, yuran RM80": who the place is for, not the fee
    return not (is_place(name) or w.FEE_WORDS.match(name))
