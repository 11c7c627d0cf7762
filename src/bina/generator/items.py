"""Menu items and services, with prices only where the user wrote them.

Prices: `RM7`, `RM 1.50`, `rm12`, `RM1,200`, `RM1.2k`, `10 ringgit`, ranges `RM80-RM120`,
"from RM89", "bermula RM89", "RM89 ke atas", per unit "RM25/jam", "RM180 semalam".
Each price binds to its own item: the words before it ("Nasi lemak RM7, mee goreng RM6.50"),
and who or what it is for when written after it or in brackets ("Yuran RM60/bln budak,
RM80/bln dewasa", "Grooming RM50 (cats), RM70 (small dogs)", "Black Thorn (duri hitam) RM60").
A price with nothing but a quantity or audience before it ("set 20 biji RM10", "dewasa RM80")
is another variant of the item just priced.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from bina.generator import item_words as w
from bina.generator import text as _text
from bina.generator.places import is_place, is_place_shaped
from bina.generator.profile import OfferedItem
from bina.generator.text import detect_language, is_symbol
from bina.generator.units import UNIT_WORDS, unit_key

MAX_PRICES = 40


def _amount_pattern(name: str) -> str:
    return rf"(?P<{name}>\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.(?P<{name}_cents>\d{{1,2}}))?"


_PRICE = re.compile(
    rf"(?:\bRM|\bMYR)\s?{_amount_pattern('low')}(?P<low_k>k\b)?"
    r"(?:\s*(?:-|–|~|hingga|sehingga|sampai|to|ke)\s*(?:RM|MYR)?\s?"
    rf"{_amount_pattern('high')}(?P<high_k>k\b)?)?"
    rf"(?!\s*%)|(?<![\w.]){_amount_pattern('words')}\s?(?:ringgit|MYR)\b|"
    r"(?<![\w.])(?P<sen>\d{1,2})\s?sen\b",
    re.I,
)
_BETWEEN_HIGH = re.compile(
    r"\s*(?:dan|and|&)\s*(?:RM|MYR)\s?(\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)", re.I
)

# Where one item's words end: commas, semicolons, bullets, line breaks, a colon, " - ".
# A spaced dash or slash before a number ("1.0hp - 1.5hp") is a range, not two items.
# Dots leading to a price ("Nasi lemak ..... RM9") end no sentence.
_HARD_DELIMITER = re.compile(r"[,;•|\n!?:]|(?<!\.)\.(?=\s)|\s[-–/]\s(?!\d)")
# Lines of a list are one run of prices; a full stop ends it.
_SENTENCE_BREAK = re.compile(r"[!?]|(?<!\.)\.(?=\s)")
_SOFT_DELIMITER = re.compile(r"[,;•|\n(!?]|\.(?=\s)|\s-\s|\s–\s|:|\bdan\b|\band\b|&")

# "20", "1.5hp", "2kg", "1hp-1.5hp": an amount, or a range of them.
_AMOUNT_WORD = re.compile(r"\d+(?:\.\d+)?[a-z]{0,4}(?:[-–]\d+(?:\.\d+)?[a-z]{0,4})?")


def _amount(whole: str | None, cents: str | None, thousands: bool) -> tuple[Decimal, str] | None:
    if whole is None:
        return None
    text = whole + (f".{cents}" if cents else "")
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the pattern only matches digits
        return None
    if thousands:
        # "RM1.2k" is 1200 (not 1200.0), shown as written.
        return (value * 1000).quantize(Decimal(1)), text + "k"
    return value, text


def _emoji(char: str) -> bool:
    """Emoji and pictographs; ASCII signs such as "+" and "&" are part of item names."""
    return ord(char) > 127 and is_symbol(char)


def _strip_emoji(text: str) -> str:
    return re.sub(r"\s+", " ", "".join(" " if _emoji(c) else c for c in text)).strip()


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


def _clean_name(candidate: str) -> str:
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


def _clean_variant(candidate: str) -> str:
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


def _pieces(window: str) -> list[tuple[str, str]]:
    """`window` cut at delimiters outside brackets: (delimiter before, piece), in order."""
    pieces: list[tuple[str, str]] = []
    depth = 0
    start = 0
    before = ""
    index = 0
    opened: list[int] = []
    while index < len(window):
        char = window[index]
        if char == "(":
            depth += 1
            opened.append(index)
        elif char == ")":
            depth = max(0, depth - 1)
            if opened:
                opened.pop()
        elif depth == 0 and _emoji(char):
            # An emoji between words ends a phrase: "Bentong 🌳 Musang King RM45".
            pieces.append((before, window[start:index]))
            before, start = "•", index + 1
        elif depth == 0:
            cut = _HARD_DELIMITER.match(window, index)
            if cut:
                pieces.append((before, window[start:index]))
                before = cut.group().strip() or " "
                start = index = cut.end()
                continue
        index += 1
    if opened and opened[-1] >= start and window[opened[-1] + 1 :].strip():
        # "Sell new bicycles (kids bike from RM180": a price inside an open bracket belongs
        # to the words inside it; the words before the bracket are the heading of a list.
        pieces.append((before, window[start : opened[-1]]))
        before, start = "(", opened[-1] + 1
    pieces.append((before, window[start:]))
    return pieces


# Delimiters inside one sentence: the piece before one may name what the price after it is for.
_SAME_SENTENCE = frozenset({",", ":", ";", "-", "–", "/", "|", "•", "\n", "("})


def _earlier_pieces(pieces: list[tuple[str, str]]) -> list[str]:
    """The non-empty pieces before the final one within the same sentence, latest first."""
    found: list[str] = []
    for position in range(len(pieces) - 1, 0, -1):
        if pieces[position][0] not in _SAME_SENTENCE:
            break
        piece = pieces[position - 1][1]
        if piece.strip():
            found.append(piece)
    return found


def _head(pieces: list[tuple[str, str]]) -> tuple[str, str, list[str]]:
    """(delimiter before the head, the head, the pieces before it) of the text before a price.

    "Nasi lemak: RM7", "Nasi lemak - RM7": a colon or dash right before the price only
    separates the name from it, so the name is the head.
    """
    delimiter, head = pieces[-1]
    if (
        not head.strip()
        and delimiter in {":", "-", "–"}
        and len(pieces) > 1
        and pieces[-2][1].strip()
        and not w.PRICE_LIST.match(re.sub(r"[^\w\s]", " ", pieces[-2][1]).strip())
        and not w.CAPACITY.match(pieces[-2][1].strip())
    ):
        pieces = pieces[:-1]
        delimiter, head = pieces[-1]
    return delimiter, head, _earlier_pieces(pieces)


def _split_bracket(name: str) -> tuple[str, str | None]:
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


def _is_audience(text: str) -> bool:
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


# "with ayam goreng", "dengan telur", "+ keju": the item before, with something more.
_WITH = re.compile(r"^\s*(with|w/|dengan|dgn|plus|\+|tambah|add)\s+(?=[^\W\d_])", re.I)


_DESTINATION = re.compile(
    r"^(?:ke|to|sampai|hingga|luar|outside|dalam|within|sekitar|around|kawasan|area)\s+"
    r"(?P<where>\S.*)$",
    re.I,
)
_DESTINATION_TAIL = re.compile(
    r"\s+(?:ke|to|sampai|hingga|luar|outside|dalam|within|sekitar|around|kawasan|area)\s", re.I
)


def _names_places(text: str) -> bool:
    """ "Bandar Melaka", "Alor Gajah & Masjid Tanah": only names of places."""
    parts = [p for p in re.split(r"\s*(?:&|,|/|\bdan\b|\band\b)\s*", text.strip()) if p]
    return bool(parts) and all(is_place_shaped(p) for p in parts)


# Run-on text: "include 2 workers extra worker", "termasuk 2 pekerja tambahan pekerja".
_INCLUDED_THEN = re.compile(
    r"^(?:includes?|included|including|incl\.?|inclusive\s+of|termasuk)\s+.*?\s"
    r"(?P<next>(?:extra|additional|add-on|tambahan|tambah)\s+\S.*)$",
    re.I,
)

# A first word that says which quality of a job; a later price may be for another one.
_SWAPPED_QUALITY = re.compile(
    r"colou?r|warna|b/w|bw|hitam\s*putih|mono|biasa|normal|standard|premium|express|ekspres|"
    r"regular|deluxe|basic|asas|penuh|full|half|separuh|panas|hot|sejuk|cold|iced|ais",
    re.I,
)


def _swapped(base: list[str], other: str) -> str | None:
    """The name with its quality word replaced by `other` ("B/W printing"), or None."""
    if len(base) != 2 or not _SWAPPED_QUALITY.fullmatch(other.strip()):
        return None
    if _SWAPPED_QUALITY.fullmatch(base[0]):
        name = f"{other.strip()} {base[1]}"
    elif _SWAPPED_QUALITY.fullmatch(base[1]):
        name = f"{base[0]} {other.strip()}"
    else:
        return None
    return name[:1].upper() + name[1:]


_ADDED = re.compile(r"^(?:tambah|add|plus)\b", re.I)


def _is_who(text: str) -> bool:
    """Only who or what is served, maybe with its size: "cats", "small dogs", "SUV/MPV"."""
    return _is_audience(text) and bool(set(_words(text)) & w.WHO_WORDS)


def _is_quantity(text: str) -> bool:
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


def _is_variant_only(text: str) -> bool:
    """Only which one ("dewasa", "2 kotak", "anjing besar dari"), lead and trail words aside."""
    text = _clean_variant(text)
    return bool(text) and (_is_audience(text) or _is_quantity(text))


def _quantity_unit(text: str) -> str | None:
    """The unit a quantity phrase names first: "set 20 biji" -> set, "sekotak" -> box."""
    tokens = _words(text)
    if tokens and not re.search(r"\d", tokens[0]):
        return unit_key(tokens[0])
    return None


_UNIT_TAIL = re.compile(
    r"\s+(?:(?:per|/|setiap|untuk|for)\s*(?P<word>[^\W\d_]+)|(?P<se>se[^\W\d_]{3,12}))\s*$", re.I
)


def _unit_from_name(name: str) -> tuple[str, str | None]:
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


def _read_unit(after: str) -> tuple[str | None, int]:
    """The unit right after a price and how many characters it takes."""
    pages = re.match(r"^\s*(?:/|per|se|setiap)\s*muka\s+surat\b", after, re.I)
    if pages:
        return "page", pages.end()
    area = w.AREA_UNIT.match(after)
    if area:
        return " ".join(area.group(1).lower().split()), area.end()
    match = w.UNIT_AFTER.match(after)
    if not match:
        return None, 0
    join = (match.group("join") or "").lower()
    word = match.group("word")
    key = unit_key(word)
    if match.group("unit") and join in {"per", "/", "setiap"}:
        return "unit", match.end()
    if join in {"per", "/", "setiap", "each", "for each"} and word.lower() in {"satu", "one"}:
        return "piece", match.end("word")
    lower = word.lower()
    if key is not None:
        if not join and not (lower in w.BARE_UNITS or lower.startswith("se")):
            return None, 0
        return key, match.end("word")
    if not join and lower.startswith("se") and lower[2:] in w.OTHER_UNITS:
        return lower[2:], match.end("word")
    if join in {"/", "per", "setiap", "for each"} and len(word) >= 2 and not _is_audience(word):
        return lower, match.end("word")
    return None, 0


@dataclass
class _Price:
    start: int
    end: int  # after the unit and any "ke atas"
    low: tuple[Decimal, str]
    high: tuple[Decimal, str] | None
    unit: str | None
    price_from: bool
    head: str = ""  # the words before it, back to the previous item
    head_delimiter: str = ""  # the delimiter just before `head`
    # the pieces before it in the same sentence, latest first
    earlier: list[str] = field(default_factory=list)
    tail: str = ""  # the words after it, up to the next delimiter
    tail_end: int = 0
    sibling: bool = False  # follows the previous price in the same sentence
    alternative: bool = False  # no words of its own before it: "RM99/month or RM999/year"
    between: str = ""  # the text since the previous price


def _scan(text: str) -> list[_Price]:
    prices: list[_Price] = []
    # A page lists a couple of dozen items at most; more prices than this is not a menu.
    for match in itertools.islice(_PRICE.finditer(text), MAX_PRICES):
        if prices and match.start() < prices[-1].end:
            continue  # the top of a range read with the price before
        low: tuple[Decimal, str] | None
        if match.group("sen"):
            cents = int(match.group("sen"))
            low = (Decimal(cents) / 100, f"0.{cents:02d}")
            high = None
        elif match.group("words"):
            low = _amount(match.group("words"), match.group("words_cents"), False)
            high = None
        else:
            low = _amount(match.group("low"), match.group("low_cents"), bool(match.group("low_k")))
            high = _amount(
                match.group("high"), match.group("high_cents"), bool(match.group("high_k"))
            )
        if low is None:
            continue
        end = match.end()
        if high is not None and high[0] < low[0]:
            # "RM50 - 2 kelas seminggu": not a range; the price ends at its own amount.
            high = None
            end = max(match.end(g) for g in ("low", "low_cents", "low_k") if match.group(g))
        between = _BETWEEN_HIGH.match(text, end)
        if high is None and between and re.search(r"(?:antara|between)\s*$", text[: match.start()]):
            # "antara RM80 dan RM120": one range, not two prices.
            whole, _, fraction = between.group(1).partition(".")
            high, end = _amount(whole, fraction or None, False), between.end()
        bracketed = re.match(r"\)", text[end:]) and re.search(r"\(\s*$", text[: match.start()])
        if bracketed and _read_unit(text[end + 1 :])[0]:
            end += 1  # "Nasi lemak (RM7) sebungkus": the unit after the bracket
        unit, used = _read_unit(text[end:])
        end += used
        after_from = w.FROM_AFTER.match(text[end:])
        end += after_from.end() if after_from else 0
        prices.append(_Price(match.start(), end, low, high, unit, bool(after_from)))
    return prices


_TAIL_LEAD = re.compile(r"^[ \t]*[-–:=][ \t]+(?=[^\W\d_])")


def _split_segment(segment: str) -> tuple[str, int, str, str, list[str]]:
    """Between two prices: the first one's tail (and its length), then the second one's head,
    the delimiter before that head and the non-empty piece before that delimiter."""
    tail, tail_length = "", 0
    lead = _TAIL_LEAD.match(segment)
    if lead:
        # "RM15 - potong rambut": the words after a dash are the price's own.
        head_part = _split_segment(segment[lead.end() :])
        return head_part[0], head_part[1] + lead.end(), head_part[2], head_part[3], head_part[4]
    bracket = re.match(r"\s*\(([^()]{1,40})\)", segment)
    rest = segment
    if bracket:
        tail, tail_length = bracket.group(1), bracket.end()
        rest = segment[bracket.end() :]
    pieces = _pieces(rest)
    if len(pieces) == 1:
        return tail, tail_length, pieces[0][1], "", []
    if not bracket:
        tail, tail_length = pieces[0][1], len(pieces[0][1])
    # The piece after the first delimiter starts the next price's words.
    delimiter, head, earlier = _head([("", ""), *pieces[1:]])
    return tail, tail_length, head, delimiter, earlier


def _bind(text: str, prices: list[_Price]) -> None:
    """Fill in each price's head, tail and the words between them."""
    floor = 0
    for index, price in enumerate(prices):
        segment = text[floor : price.start]
        if index == 0:
            price.head_delimiter, price.head, price.earlier = _head(_pieces(segment))
        else:
            previous = prices[index - 1]
            tail, length, head, delimiter, earlier = _split_segment(segment)
            previous.tail, previous.tail_end = tail, previous.end + length
            price.head, price.head_delimiter, price.earlier = head, delimiter, earlier
            price.sibling = not _SENTENCE_BREAK.search(segment)
            price.between = segment
            price.alternative = (
                price.sibling and not _clean_name(head) and not re.search(r"[;•|]", segment)
            )
        price.price_from = price.price_from or bool(w.FROM_BEFORE.search(segment))
        floor = price.end
    if prices:
        last = prices[-1]
        rest = text[last.end :]
        bracket = re.match(r"\s*\(([^()]{1,40})\)", rest)
        lead = _TAIL_LEAD.match(rest)
        skip = lead.end() if lead else 0
        if bracket:
            last.tail, last.tail_end = bracket.group(1), last.end + bracket.end()
        else:
            cut = _SOFT_DELIMITER.search(rest, skip)
            last.tail = rest[skip : cut.start()] if cut else rest[skip:]
            last.tail_end = last.end + skip + len(last.tail)


def _tail_variant(tail: str) -> str:
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
        return _clean_variant(rest) if _is_audience(rest) or rest[:1].isdigit() else ""
    return _clean_variant(plain)


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


def _name_of(price: _Price) -> tuple[str, str | None, str | None]:
    """(name, variant, unit) from the words before a price."""
    # "(pelanggan wanita sahaja) Gel manicure": an aside before the name is not part of it.
    head = re.sub(r"^\s*\([^()]*\)\s*(?=[^\W\d_])", "", price.head.strip())
    included = _INCLUDED_THEN.match(head)
    if included:
        # "RM350 per trip include 2 workers extra worker RM60": what the price before
        # includes ends where the next thing charged for begins.
        head = head[included.start("next") :]
    head, variant = _split_bracket(head)
    name = _clean_name(_strip_schedule(_clean_name(head)))
    name, unit = _unit_from_name(name)
    periodic = w.PERIODIC.search(name)
    if periodic and unit is None:
        unit = unit_key(periodic.group(1))
    if variant is not None:
        variant = _clean_variant(variant)
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
        name, variant = _clean_name(name[place.end() :]), place.group().strip()
    purpose = w.PURPOSE.match(name)
    if purpose and variant is None:
        # "Kuih muih utk jamuan", "Full package for car licence": what it is for.
        name, variant = purpose.group("name"), purpose.group("purpose")
        if price.tail.strip() and _tail_variant(price.tail):
            variant = None  # "… utk seller online: RM15 (background putih)": which is after
    return name, variant or None, unit


# "… kebun Pak Din", "… ladang Uncle Lim", "… rumah Kak Ros": a place of someone's.
_WHOSE_PLACE = re.compile(
    r"\b(?:kebun|ladang|dusun|rumah|kedai|gerai|farm|orchard|house|shop|stall|home)\s+"
    r"(?:[A-Z][\w'-]*\s*){1,3}$"
)


def _earlier_name(price: _Price) -> tuple[str, str | None, bool, str | None]:
    """(name, unit, is a fee word, variant) from the pieces before: "Nasi lemak: RM7", "Kelas
    SPM, yuran RM150", "Kids class Mon, Wed, Fri 8.30pm-9.30pm, RM50", "Kek lapis (1 loyang):
    RM180"."""
    for index, piece in enumerate(price.earlier):
        before = price.earlier[index + 1] if index + 1 < len(price.earlier) else ""
        if _WHOSE_PLACE.search(before) and re.fullmatch(r"\s*(?:[A-Z][\w'-]*\s*){1,2}", piece):
            break  # "dari kebun Pak Din, Chuping": whose place and where it is, not an item
        piece, variant = _split_bracket(piece.strip())
        plain = _clean_name(piece)
        stripped = _strip_schedule(plain)
        if not stripped or w.CAPACITY.match(stripped) or is_place_shaped(stripped):
            continue  # only days and times, how many it fits or where: look further back
        name = _clean_name(w.OWNER_TAIL.sub("", w.PLACE_TAIL.sub("", stripped)))
        name, unit = _unit_from_name(name)
        periodic = w.PERIODIC.search(name)
        if periodic and unit is None:
            unit = unit_key(periodic.group(1))  # "Weekly rate: Axia RM450"
        return name, unit, bool(w.FEE_WORDS.match(name)), _clean_variant(variant or "") or None
    return "", None, False, None


def _names_the_fee(price: _Price) -> bool:
    """Whether the piece just before "yuran RM150" names what the fee is for ("Kelas SPM"):
    not a timetable ("dewasa hari Ahad 9-11pg"), a place ("Taman Sri Gombak") or a fee."""
    if not price.earlier or price.head_delimiter not in {",", ":", "-", "–"}:
        return False
    piece, _ = _split_bracket(price.earlier[0].strip())
    name = _clean_name(piece)
    if not name or _strip_schedule(name) != name or w.CAPACITY.match(name):
        return False
    if re.match(r"(?:khas|special(?:ly)?|exclusively|hanya|only|untuk|for)\b", name, re.I):
        return False  # "khas utk wanita, yuran RM80": who the place is for, not the fee
    return not (is_place(name) or w.FEE_WORDS.match(name))


def _variant_split(name: str) -> tuple[str, str | None]:
    """ "Yuran kanak-kanak" -> ("Yuran", "kanak-kanak"), "Urut badan 1 jam" -> ("Urut badan",
    "1 jam"): the last words only say which one, when a price after says which other."""
    words = name.split()
    for cut in range(1, len(words)):
        rest = " ".join(words[cut:])
        if (_is_audience(rest) and not w.UNSPLIT & set(_words(rest))) or (
            _is_quantity(rest) and re.search(r"\d", rest)
        ):
            return " ".join(words[:cut]), rest
    return name, None


def _variant_of_base(
    price: _Price, previous: tuple[str, str | None] | None
) -> tuple[tuple[str, str | None], str, str | None] | None:
    """(base item, variant, unit) when the words before a price only say which ("dewasa")."""
    head = price.head.strip()
    if not head or not _is_variant_only(head) or _ADDED.match(head):
        return None
    variant = _clean_variant(head)
    # "Homestay RM200/malam. Weekend RM250/malam.": the sentence just before still counts;
    # "Darjah 1-3 RM60, darjah 4-6 RM80": a list of variants alike names each its own.
    base = previous if price.sibling or len(price.between) < 80 else None
    if base is not None and _is_variant_only(base[0]):
        return None
    if not price.sibling and price.earlier:
        base = None  # "… Wash + vacuum: sedan RM25": this sentence names its own item
    if base is None:
        earlier, earlier_unit, _, _ = _earlier_name(price)
        base = (earlier, earlier_unit) if earlier else None
        if earlier and w.PRICE_LIST.match(earlier):
            base = ("", earlier_unit)  # "Prices: adult RM25, child RM15": what is sold, unnamed
    if base is None or not variant:
        return None
    unit = _quantity_unit(head) if _is_quantity(head) else None
    return base, variant, unit or base[1]


def _for_named(tail: str, named: list[str]) -> str | None:
    """ "untuk Vario" after a price: the item named before that this price is for."""
    match = re.match(r"^\s*(?:untuk|utk|for|bagi)\s+(.+)$", tail, re.I)
    if not match:
        return None
    wanted = _clean_variant(match.group(1)).lower()
    if not wanted:
        return None
    return next((n for n in reversed(named) if n.lower().endswith(wanted)), None)


def _expand_item(item: OfferedItem, language: str) -> OfferedItem:
    name = _expand(item.name, language)
    variant = _expand(item.variant, language) if item.variant else item.variant
    if name == item.name and variant == item.variant:
        return item
    return item.model_copy(update={"name": name, "variant": variant})


def _only_which(name: str) -> bool:
    """Words before a price that say only where or how long ("Dalam KL", "60 min")."""
    return bool(name) and bool(w.WHERE_LEAD.match(name) or w.DURATION_ONLY.fullmatch(name))


@dataclass
class _Reading:
    """What the prices read so far say about the ones after them."""

    # The item the last price was for (and a unit written before its price), for variants.
    previous: tuple[str, str | None] | None = None
    # "Fees: Form 4-5 RM120, Form 1-3 RM90": the fee is the item, each piece a variant.
    label: tuple[str, str | None] | None = None
    named: list[str] = field(default_factory=list)
    # "RM5 nasi lemak, RM7 nasi ayam": the list names each item after its price.
    names_after: bool = False
    last_item: OfferedItem | None = None

    def head(self, price: _Price) -> tuple[str, str | None, str | None, bool]:
        """(name, variant, unit, inherited) from the words before the price."""
        if not price.sibling:
            self.label = None
        inherited = _variant_of_base(price, self.previous)
        name, variant, unit = _name_of(price)
        earlier, earlier_unit, earlier_fee, earlier_variant = _earlier_name(price)
        if name and is_place_shaped(name):
            name = ""  # "Sesi di bilik kami, Bukit Chandan, Kuala Kangsar: RM80": where, not what
        elif inherited is None and not variant and not earlier and _only_which(name):
            # "Dalam KL RM200", "60 min RM120" alone: where or how long, of what is done
            return "", name, unit, False
        if price.head_delimiter == ":" and earlier_fee and not w.FEE_WORDS.match(name or "x"):
            self.label = (earlier, earlier_unit)
        if self.label is not None and name and inherited is None and not _WITH.match(price.head):
            return self.label[0], _clean_variant(price.head), unit or self.label[1], False
        if inherited is not None:
            self.previous = inherited[0]
            return inherited[0][0], inherited[1], inherited[2], True
        more = self._more_of(price, name, unit)
        if more is not None:
            return more
        if name and not earlier and variant is None and _is_who(price.head):
            # "Cats RM60, small dogs RM70" with no item named: who it is for, of what the
            # business does (named once the whole text is read).
            return "", _clean_variant(price.head), unit, False
        if w.PRICE_LIST.match(earlier) and not name:
            earlier = ""  # "Harga: RM7 (nasi lemak)": the list is called prices, the items follow
        if earlier and not name:
            # "Nasi lemak: RM7", "Kids class Mon, Wed, Fri 8.30pm-9.30pm, RM50/month".
            return earlier, variant or earlier_variant, unit or earlier_unit, False
        if name and w.FEE_WORDS.match(name) and _names_the_fee(price):
            # "Kelas SPM, yuran RM150"; a bare "Yuran RM60" stays "Yuran".
            return earlier, variant or earlier_variant, unit or earlier_unit, False
        if name and price.head_delimiter == ":" and earlier_unit and not unit:
            unit = earlier_unit  # "Weekly rate: Axia RM450"
        if not name and price.alternative and self.previous and not price.tail.strip():
            # "Membership RM99/month or RM999/year": another price for the same item.
            return self.previous[0], None, self.previous[1], True
        return name, variant, unit, False

    def _more_of(
        self, price: _Price, name: str, unit: str | None
    ) -> tuple[str, str | None, str | None, bool] | None:
        """The same item to another place or with something more, or a charge added on."""
        where = _DESTINATION.match(_clean_variant(price.head))
        if where and price.sibling and self.previous and _names_places(where.group("where")):
            # "Delivery sekitar Alor Gajah RM10, ke Bandar Melaka RM20": the same service,
            # to another place.
            base = _DESTINATION_TAIL.split(self.previous[0])[0].strip()
            return base, _clean_variant(price.head), unit or self.previous[1], True
        add_on = _WITH.match(price.head)
        if not add_on or not name:
            return None
        if w.SERVICE_VERB.match(self.previous[0] if self.previous else ""):
            return None  # "Tukar kapasitor RM95, tambah gas R32 RM120": another job
        if price.head.rstrip().endswith("+"):
            # "Kolo mee RM6.50, with extra char siu +RM2": a price added on is the extra's own.
            return _clean_name(price.head[add_on.end() :]), None, unit, False
        fees = self.label is not None or (
            self.previous is not None and w.FEE_WORDS.match(self.previous[0].split()[0])
        )
        if fees and _ADDED.match(price.head.strip()):
            # "Yuran Tingkatan 4 RM120, Tingkatan 5 RM150, tambah subjek RM50": in a list of
            # fees, a charge for something added is its own item, not one more fee.
            return _clean_name(price.head), None, unit, False
        if price.sibling and self.previous is not None:
            # "Nasi lemak biasa RM3, with ayam goreng RM7": the same dish with more.
            which = f"{add_on.group(1).lower()} {_clean_variant(price.head[add_on.end() :])}"
            return self.previous[0], which, unit or self.previous[1], True
        return None

    def tail(
        self, price: _Price, name: str, variant: str | None, unit: str | None
    ) -> tuple[str, str | None, str | None, bool]:
        """(name, variant, unit, used the tail) once the words after the price are read."""
        tail_variant = _tail_variant(price.tail)
        owner = _for_named(price.tail, self.named) if name and not variant else None
        if owner is not None:
            return owner, name, unit, True
        if not name and tail_variant:
            which = _is_variant_only(price.tail)
            if price.sibling and self.previous is not None and (which or not self.names_after):
                base = self.previous[0].split()
                swapped = _swapped(base, tail_variant) if not which else None
                if swapped:
                    # "colour printing RM0.50/page, RM0.10/page B/W", "Kopi panas RM2, RM2.50
                    # ais": the other quality of the same thing, not colour in black and white.
                    return swapped, None, unit or self.previous[1], True
                # "Yuran RM60/bln budak, RM80/bln dewasa": another price of the item before.
                return self.previous[0], tail_variant, unit or self.previous[1], True
            if which:
                # "RM280 semalam (weekday)", "RM35 for 4 classes": which one, not what.
                return "", tail_variant, unit, True
            if w.WHERE_LEAD.match(price.tail.strip()):
                return "", None, unit, False  # "RM50 per hour at your home": where, not what
            # "RM5 nasi lemak, RM7 nasi ayam", "Harga: RM7 (nasi lemak)": named after the price.
            self.names_after = True
            return _clean_name(price.tail), variant, unit, True
        if name and tail_variant and not variant:
            return name, tail_variant, unit, True
        return name, variant, unit, False


# "+RM15", "tambah RM20", "extra RM5": a charge added on top of another price.
_ADD_ON_BEFORE = re.compile(r"(?:\+|\btambah\b|\bextra\b|\badd\b)\s*$", re.I)


def _read_price(
    reading: _Reading, price: _Price, following: _Price | None
) -> tuple[OfferedItem, bool]:
    name, variant, unit, inherited = reading.head(price)
    extra = _ADD_ON_BEFORE.search(price.head)
    extra_named = False
    if extra and not _clean_name(price.head[: extra.start()].split("(")[-1]):
        said = price.tail
        if ")" in said and "(" not in said.split(")")[0]:
            said = said.split(")")[0]  # the bracket the charge was written in ends its name
        named_after = _clean_name(said)
        if named_after and not _is_variant_only(said):
            # "(tambah RM20 tambang)", "(+RM15 caj pos)": the charge added is named after it.
            name, variant, inherited, extra_named = named_after, None, True, True
    split = bool(extra) and extra_named
    if not inherited and name:
        duration = w.DURATION.match(name) if not variant else None
        if duration:
            name, variant, split = duration.group("name"), duration.group("length"), True
        elif following is not None and following.sibling and _is_variant_only(following.head):
            # "Brownies 1 kotak (12 pcs) RM25, 2 kotak RM45": which box is the variant.
            name, which = _variant_split(name)
            if which is not None:
                variant, split = f"{which} ({variant})" if variant else which, True
    used_tail = False
    if not split:
        name, variant, unit, used_tail = reading.tail(price, name, variant, unit)
    if name and not inherited:
        reading.previous = (name, unit)
        reading.named.append(name)
        reading.names_after = reading.names_after and used_tail
    own_unit = price.unit or unit
    if (
        own_unit is None
        and variant
        and reading.last_item is not None
        and reading.last_item.name == name
        and _is_audience(variant)
    ):
        # "Tiket RM30 seorang (kanak-kanak RM15)": who pays differs, not per what.
        own_unit = reading.last_item.unit
    item = OfferedItem(
        name=name,
        variant=variant or None,
        price=price.low[0],
        price_text=price.low[1],
        price_max=price.high[0] if price.high else None,
        price_max_text=price.high[1] if price.high else None,
        price_from=price.price_from,
        unit=own_unit,
    )
    reading.last_item = item
    return item, used_tail


def find_items(text: str) -> tuple[list[OfferedItem], list[tuple[int, int]]]:
    """Priced items in `text` and the spans they came from; a price with no name has name ""."""
    prices = _scan(text)
    _bind(text, prices)
    items: list[OfferedItem] = []
    spans: list[tuple[int, int]] = []
    reading = _Reading()
    for index, price in enumerate(prices):
        near = re.sub(r"[\s=@:(\-–]+$", "", price.head[-200:])
        if w.THRESHOLD.search(near) or w.DISCOUNT.search(near) or w.OFF.match(price.tail):
            continue  # a condition ("free delivery above RM40"), left for the notes
        following = prices[index + 1] if index + 1 < len(prices) else None
        item, used_tail = _read_price(reading, price, following)
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
        if _PRICE.search(rest) or re.search(r"\d", rest):
            continue
        for piece in w.LIST_SPLIT.split(rest):
            name = _clean_name(piece)
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
