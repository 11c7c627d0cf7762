"""The words near a price, cleaned and told apart: an item's name without lead-in and
trailing words, who or what a price is for ("budak", "small dogs"), how much ("set 20 biji",
"1.5hp") and a unit written into a name ("Sewa kereta sehari").

Each check reads one phrase on its own, knowing nothing of the prices around it, so finding
prices, naming them and reading them in order all share the same checks.
"""

from __future__ import annotations

import re

from bina.generator import item_words as w
from bina.generator.text import is_symbol
from bina.generator.units import UNIT_WORDS, unit_key

# "20", "1.5hp", "2kg", "1hp-1.5hp": an amount, or a range of them.
_AMOUNT_WORD = re.compile(r"\d+(?:\.\d+)?[a-z]{0,4}(?:[-–]\d+(?:\.\d+)?[a-z]{0,4})?")


def is_emoji(char: str) -> bool:
    """Emoji and pictographs; ASCII signs such as "+" and "&" are part of item names."""
    return ord(char) > 127 and is_symbol(char)


def _strip_emoji(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(" " if is_emoji(c) else c for c in text)).strip()


def clean_name(candidate: str) -> str:
    # A name is a few words: only the end of a long run of text can be one, and reading
    # no more than that keeps the clean-up quick on any input.
    candidate = _strip_emoji(candidate[-200:])
    # The first lead-in with words after it: "Kami juga ada jual nasi lemak dengan harga".
    for lead in w.LEAD_INS.finditer(candidate):
        rest = w.TRAILING_JUNK.sub("", candidate[lead.end() :]).strip()
        if re.search(r"[^\W\d_]", rest):
            candidate = candidate[lead.end() :]
            break
        if lead.group("speaker"):
            return ""  # "We charge RM50 per hour for cleaning": the item comes after the price
    previous = None
    while previous != candidate:
        previous = candidate
        candidate = w.LEADING_JUNK.sub("", candidate).strip()
        candidate = w.TRAILING_JUNK.sub("", candidate).strip()
    candidate = candidate.strip(" \"'")
    if candidate.count("(") != candidate.count(")"):
        candidate = re.sub(r"\s*[()]\s*", " ", candidate).strip()
    candidate = w.PROVENANCE.sub("", candidate).strip()
    candidate = w.BY_MEASURE.sub("", candidate).strip()
    if len(candidate.split()) > 7:
        candidate = " ".join(candidate.split()[-5:])
    if not re.search(r"[^\W\d_]", candidate):
        return ""
    if candidate[1:2].isupper():
        return candidate  # "iPhone", "eBook": the owner's own capitals
    return candidate[:1].upper() + candidate[1:]


def clean_variant(candidate: str) -> str:
    """Who or what a price is for, as written: "budak", "small dogs", "duri hitam"."""
    candidate = _strip_emoji(candidate).strip(" ()[]/")
    candidate = re.sub(r"^(?:untuk|bagi|for|utk|of)\s+", "", candidate, flags=re.I)
    previous = None
    while previous != candidate:
        previous = candidate
        candidate = w.LEADING_JUNK.sub("", candidate).strip()
        candidate = w.TRAILING_JUNK.sub("", candidate).strip()
    if candidate.count("(") != candidate.count(")"):
        candidate = re.sub(r"\s*[()]\s*", " ", candidate).strip()
    if len(candidate.split()) > 5:
        return ""
    if not re.search(r"[^\W\d_]", candidate) and candidate.lower() not in w.AUDIENCE_WORDS:
        return ""  # a bare number says nothing of which; "1-1" (one to one) does
    return candidate


def split_bracket(name: str) -> tuple[str, str | None]:
    """ "Black Thorn (duri hitam)" -> ("Black Thorn", "duri hitam"); otherwise the name."""
    match = re.match(r"^(?P<name>[^()]*?)\s*\((?P<inside>[^()]{1,80})\)\s*(?P<rest>[^()]*)$", name)
    if not match or not re.search(r"[^\W\d_]", match.group("name")):
        return name, None
    outside = f"{match.group('name')} {match.group('rest')}".strip()
    inside = match.group("inside").strip()
    if "+" in inside or len(inside) > 40:
        return outside, None  # "(fitted sheet + 2 pillowcases)": what is in it, not which
    return outside, inside


def _words(text: str) -> list[str]:
    return [w for w in re.split(r"[\s,/+()]+", text.lower().strip(" .")) if w]


def is_audience(text: str) -> bool:
    """Only who, which size or which days a price is for: "dewasa", "small dogs", "bawah 12
    tahun", "Fri-Sat"."""
    tokens = _words(text)
    if not tokens:
        return False
    meaningful = [
        t for t in tokens if t in w.AUDIENCE_WORDS or not re.fullmatch(r"[\d.]+(?:[-–][\d.]+)?", t)
    ]
    meaningful = [t for t in meaningful if t not in w.QUALIFIER_WORDS]
    return bool(meaningful) and all(
        t in w.AUDIENCE_WORDS or w.DAYS_ONLY.fullmatch(t) for t in meaningful
    )


def is_who(text: str) -> bool:
    """Only who or what is served, maybe with its size: "cats", "small dogs", "SUV/MPV"."""
    return is_audience(text) and bool(set(_words(text)) & w.WHO_WORDS)


def is_quantity(text: str) -> bool:
    """Only how much: "set 20 biji", "20 pcs", "1kg", "sekotak", "box of 12", "1.5hp"."""
    tokens = _words(text)
    if len(tokens) == 2 and tokens[0] in w.COUNT_WORDS and tokens[1][:1].isalpha():
        return True  # "satu subjek", "two kids": how many of what the price is for
    # Something measured: "Set 2" is a name, "set 20 biji" and "2 kotak" are amounts.
    if not any(
        re.search(r"\d[a-z]", t)
        or (unit_key(t) and t != "set")
        or t in w.DURATION_WORDS | w.SIZE_WORDS
        for t in tokens
    ):
        return False
    for token in tokens:
        if _AMOUNT_WORD.fullmatch(token) or token in w.QUANTITY_JOINS:
            continue
        if unit_key(token) or token in w.QUANTITY_LEAD or token in w.DURATION_WORDS | w.SIZE_WORDS:
            continue
        return False
    return True


def is_variant_only(text: str) -> bool:
    """Only which one ("dewasa", "2 kotak", "anjing besar dari"), lead and trail words aside."""
    text = clean_variant(text)
    return bool(text) and (is_audience(text) or is_quantity(text))


def quantity_unit(text: str) -> str | None:
    """The unit a quantity phrase names first: "set 20 biji" -> set, "sekotak" -> box."""
    tokens = _words(text)
    if tokens and not re.search(r"\d", tokens[0]):
        return unit_key(tokens[0])
    return None


_UNIT_TAIL = re.compile(
    r"\s+(?:(?:per|/|setiap|untuk|for)\s*(?P<word>[^\W\d_]+)|(?P<se>se[^\W\d_]{3,12}))\s*$", re.I
)


def unit_from_name(name: str) -> tuple[str, str | None]:
    """ "Sewa kereta sehari" -> ("Sewa kereta", "day"): a unit written before the price."""
    match = _UNIT_TAIL.search(name)
    if not match:
        return name, None
    se = match.group("se")
    # "sehari" is "one day"; "session" is a word of its own, not "se-ssion".
    key = unit_key(match.group("word")) if match.group("word") else UNIT_WORDS.get(se[2:].lower())
    if key is None and se and se[2:].lower() in w.OTHER_UNITS:
        key = se[2:].lower()  # "Sewa baju nikah sepasang": a pair, kept as written
    if key is None or not name[: match.start()].strip():
        return name, None
    return name[: match.start()].strip(), key


def variant_split(name: str) -> tuple[str, str | None]:
    """ "Yuran kanak-kanak" -> ("Yuran", "kanak-kanak"), "Urut badan 1 jam" -> ("Urut badan",
    "1 jam"): the last words only say which one, when a price after says which other."""
    words = name.split()
    for cut in range(1, len(words)):
        rest = " ".join(words[cut:])
        if (is_audience(rest) and not w.UNSPLIT & set(_words(rest))) or (
            is_quantity(rest) and re.search(r"\d", rest)
        ):
            return " ".join(words[:cut]), rest
    return name, None
