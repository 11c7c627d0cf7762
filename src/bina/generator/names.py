"""Finding the business name in a description, in any script.

"Warung Pak Mat", "Tan's Bakery", "陈记咖啡店 Chen Ji Kopitiam", "Restoran Sri Murugan",
"Klinik Dr. Aminah": an explicit "nama kedai: …" or "called …", a quoted name, the
capitalised (or non-Latin) words at the start, or a capitalised run that starts or ends with
a word such as Restoran or Salon. Ordinary words, place names and people ("Kak Ros",
"Cikgu Lim's") are never taken as a business name.

Whether a candidate is a person is asked of `people`; the words both share are in
`name_words`.
"""

from __future__ import annotations

import re

from bina.generator.kinds import GENERIC_WORDS
from bina.generator.name_words import ANY_KIND_WORD, NAME_SEARCH_CHARS, STOP_WORDS
from bina.generator.people import TITLE_WORD, is_person, phone_follows
from bina.generator.places import find_places, is_place
from bina.generator.text import strip_symbols, word_set

_TITLE_ABBREVIATIONS = frozenset({"dr", "st", "sdn", "bhd", "mr", "mrs", "hj", "tn", "pn", "en"})
_CONNECTORS = frozenset(
    {"&", "bin", "binti", "bt", "a/l", "a/p", "@", "of", "n", "'n'", "de", "and", "a", "the", "dan"}
)
OPENERS = re.compile(
    r"^(?:(?:(?:assalamualaikum|salam|hai|hi|hello|helo|hey)"
    r"(?:\s+(?:semua|semuanya|all|everyone|everybody|guys|gais|korang|geng))?|"
    r"selamat datang ke|welcome to|"
    r"saya|sy|kami|we|i|my|our|ini|this is|nama (?:kedai|perniagaan|syarikat|bisnes) (?:saya|kami)"
    r"(?: ialah| adalah)?|nama saya)\b[\s,!:]*)+",
    re.I,
)
_EXPLICIT = re.compile(
    r"(?:\bnama\s+(?:kedai|perniagaan|syarikat|bisnes|restoran|salon|kafe|butik)?\s*"
    r"(?:kami|saya)?\s*(?:ialah|adalah|:|-)|\bnama\s*:|\bname\s*:|\bcalled|\bnamed|\bbernama|"
    r"\bdikenali\s+sebagai|\bknown\s+as|\bbusiness\s+name\s*(?:is|:)|\bour\s+name\s+is)\s*",
    re.I,
)
_QUOTED = re.compile(r"[\"“]([^\"”\n]{2,50})[\"”]|(?<!\w)'([^'\n]{2,40})'(?!\w)")
_TOKEN = re.compile(r"[^\s,.;:!?()\[\]\"“”]+[.]?|[,.;:!?()\[\]\"“”]")


def non_latin(word: str) -> bool:
    first = word[:1]
    return first.isalpha() and ord(first) > 0x24F


def _name_token(word: str) -> bool:
    core = word.rstrip(".")
    if not core or core.lower() in STOP_WORDS or re.fullmatch(r"RM\d[\d.,]*", core, re.I):
        return False
    # "iDoctor", "eKedai": a brand written with its capital inside.
    brand = re.match(r"[a-z]{1,2}[A-Z][a-z]", core) is not None
    return non_latin(core) or core[:1].isupper() or brand or (core[:1].isdigit() and len(core) <= 4)


def run_at(text: str, start: int) -> str:
    """The run of capitalised (or non-Latin) words starting at `start`."""
    tokens: list[str] = []
    previous_end = start
    for match in _TOKEN.finditer(text, start):
        word = match.group()
        if tokens and "\n" in text[previous_end : match.start()]:
            break  # a name ends with its line ("- Azman\nAxia: RM90")
        previous_end = match.end()
        if word in _CONNECTORS or word.lower() in _CONNECTORS:
            tokens.append(word)
            continue
        if not _name_token(word) or len(tokens) >= 7:
            break
        if word.endswith(".") and word.rstrip(".").lower() in _TITLE_ABBREVIATIONS:
            tokens.append(word)
            if word.lower() == "bhd.":
                break  # "Sdn. Bhd." ends a company's name
            continue
        tokens.append(word.rstrip("."))
        if word.endswith("."):
            break
    while tokens and (tokens[-1] in _CONNECTORS or tokens[-1].lower() in _CONNECTORS):
        tokens.pop()
    return " ".join(tokens)


# Words that describe a trade ("Traditional Malay massage"); a run of only these is no name.
DESCRIPTORS = word_set(
    "traditional tradisional malay melayu chinese cina indian india thai western japanese "
    "korean arab fresh homemade original best premium authentic classic modern old new "
    "professional mobile express"
)


# Words that open a place's name: "Taman Sentosa", "Jalan Ampang".
_PLACE_PREFIX = re.compile(
    r"(?:taman|tmn|kampung|kampong|kg|bandar|jalan|jln|seksyen|section|lorong|lrg|persiaran|"
    r"pekan|mukim|daerah|presint|precinct|desa|pusat bandar|pasar|stesen|station|lrt|mrt|pulau|"
    r"terminal|hentian|jeti)\.?\s",
    re.I,
)
_SCHOOL_LEVEL = re.compile(
    r"(?:year|form|tingkatan|darjah|standard|std|grade|primary|secondary)\s+\d", re.I
)


def _said_of_kinds(pieces: list[str], span: int) -> list[bool]:
    """Which words are what is sold or done: kind keywords of up to `span` words ("Add
    Maths", "nasi lemak"), the kinds of place and the words that describe a trade."""
    said = [p.lower() in GENERIC_WORDS | DESCRIPTORS for p in pieces]
    for first in range(len(pieces)):
        for last in range(first, min(len(pieces), first + span)):
            if ANY_KIND_WORD.fullmatch(" ".join(pieces[first : last + 1])):
                said[first : last + 1] = [True] * (last + 1 - first)
    return said


def _only_places(name: str) -> bool:
    rest = name
    for place in reversed(find_places(name)):
        rest = rest[: place.start()] + " " + rest[place.end() :]
    return all(word.lower() in _CONNECTORS or not word.isalnum() for word in rest.split())


def acceptable_name(name: str) -> bool:
    parts = [p for p in name.split() if p not in _CONNECTORS]
    if not parts or len(name) > 60:
        return False
    if is_person(name) or _PLACE_PREFIX.match(name):
        return False  # "Kak Ros", "Cikgu Lim's" are people; "Taman Sentosa" is a place
    pieces = [piece for p in parts for piece in p.split("/") if piece]
    if all(_said_of_kinds(pieces, 1)):
        return False  # "Tajwid & Iqra", "Kopi Tarik": what is sold, not who sells it
    if all(p.lower() in GENERIC_WORDS or p.isdigit() for p in parts):
        return False
    if is_place(name) or all(is_place(p) or p.lower() in GENERIC_WORDS for p in parts):
        return False
    if _only_places(name):
        return False  # "Johor Bahru & Skudai": where, not who
    if len(parts) == 1 and not non_latin(parts[0]) and parts[0].lower() in STOP_WORDS:
        return False
    if _SCHOOL_LEVEL.match(name):
        return False  # "Year 4-6", "Form 5": who is taught
    return not (len(parts) == 1 and parts[0].isdigit())


_OWNED_BY = word_set("by oleh milik owned run managed")
_COMPANY_WORDS = word_set(
    "syarikat enterprise enterprises sdn bhd trading services ventures resources solutions "
    "kedai butik studio centre center pusat company co"
)
_PREPOSITIONS = word_set("di in at near dekat berhampiran sekitar kawasan around ke to kat dkt")


def _name_shaped(name: str) -> bool:
    """Several words, or one that cannot be an ordinary word ("IronWorks", "ABC", "陈记")."""
    parts = name.split()
    if len(parts) >= 2:
        return True
    word = parts[0]
    return (
        non_latin(word) or (word.isupper() and len(word) >= 2) or any(c.isupper() for c in word[1:])
    )


def find_name(text: str) -> str | None:
    """The business name, when the description gives one."""
    name = (
        _introduced_name(text)
        or _quoted_name(text)
        or _opening_name(text)
        or _signed_name(text)
        or _capitalised_name(text)
    )
    if not name:
        return None
    at = text.find(name)
    if at >= 0 and _what_before_who(name, text[at + len(name) :]):
        return None
    if at >= 0 and _MEASURED.match(text, at + len(name)) and name.split()[-1].isdigit():
        return None  # "Lori 1 tan": a lorry of one tonne, not a business called "Lori 1"
    return _without_trailing_place(_before_at(name))


def only_trade(name: str) -> bool:
    """Every word says what is sold or done, none who: "Gym Muay Thai & Boxing"."""
    pieces = [p for part in name.split() if part not in _CONNECTORS for p in part.split("/") if p]
    return bool(pieces) and all(_said_of_kinds(pieces, 3))


def _before_at(name: str) -> str:
    """ "Gadget Repair @ Mid Valley": what follows "@" says where, not who."""
    before, at, _ = name.partition(" @ ")
    if at and len(before.split()) >= 2 and acceptable_name(before):
        return before
    return name


def _without_trailing_place(name: str) -> str:
    """ "Wan Elektrik Kuala Lipis" -> "Wan Elektrik": the town is where, not who.

    A one-word rest keeps its place ("PhysioCare Subang" is how that business is called).
    """
    for place in find_places(name):
        if place.end() == len(name) and place.start() > 0:
            rest = re.sub(r"(?:\s|,|-|&|\band\b|\bdan\b)+$", "", name[: place.start()])
            if len(rest.split()) >= 2 and acceptable_name(rest) and not only_trade(rest):
                return rest  # "Print & Bind Samarahan" keeps its town: the rest is only a trade
    return name


# "… - Amir Lens, 014-335 8120", "Pasang CCTV & wiring - Lim Electrical, Kota Kinabalu":
# a name set off by a dash, at the end before the number or in the opening line.
_SIGNED = re.compile(r"(?:^|\s)[-–]\s*(?=[A-Z])")


def _signed_name(text: str) -> str | None:
    first_line = len(text.split("\n", 1)[0])
    for match in _SIGNED.finditer(text):
        candidate = run_at(text, match.end())
        if len(candidate.split()) < 2 or not acceptable_name(candidate):
            continue
        if any(place.start() == 0 for place in find_places(candidate)):
            continue  # "- Kuching & Samarahan" says where
        if match.start() < first_line or phone_follows(text, match.end() + len(candidate)):
            return candidate
    return None


def _introduced_name(text: str) -> str | None:
    """A name after words that introduce one ("nama kedai kami ialah", "called"), quoted or not."""
    for match in _EXPLICIT.finditer(text):
        rest = text[match.end() :]
        quoted = _QUOTED.match(rest)
        candidate = (quoted.group(1) or quoted.group(2)) if quoted else run_at(text, match.end())
        if not candidate:
            plain = re.match(r"([^,.;:!?\n]{2,40})", rest)
            candidate = plain.group(1).strip() if plain else ""
        candidate = strip_symbols(candidate).strip()
        if candidate and acceptable_name(candidate):
            return candidate
    return None


def _quoted_name(text: str) -> str | None:
    """A short quoted phrase that could be a name."""
    for match in _QUOTED.finditer(text):
        candidate = strip_symbols(match.group(1) or match.group(2) or "").strip(" ,.")
        if candidate and len(candidate.split()) <= 6 and acceptable_name(candidate):
            return candidate
    return None


# "Pasang CCTV …", "Jual buah …": a line that opens with what is done has no name there.
_SERVICE_VERB = re.compile(
    r"(?:pasang|servis|repair|baiki|cuci|jual|menjual|tukar|sewa|cetak|hantar|buat|ambil|"
    r"terima|ajar|mengajar|install|fix|sell|selling|supply|bekal)\b",
    re.I,
)


# A number's unit after a would-be name: "Lori 1 tan", "Van 2 ton", "Kek 1 kg".
_MEASURED = re.compile(
    r"\s*(?:tan|tonne|ton|kg|kilo|g|gram|inch|inci|cm|mm|m|meter|liter|litre|l|kaki|ft|seater|"
    r"pax|orang|biji|keping|helai|unit|jam|hours?|hari|days?|minit|min)\b",
    re.I,
)


# "… dgn Cikgu Azura", "… by Coach Amir": the person who does what was just said.
_WITH_PERSON = re.compile(r"\s+(?:dgn|dengan|bersama|with|by|oleh)\s+(?=\w)", re.I)


def _what_before_who(candidate: str, rest: str) -> bool:
    """Words that all say what is done, then who does it: "Tuisyen Add Maths & Matematik SPM
    dgn Cikgu Azura" is a trade and a teacher, not a name."""
    follow = _WITH_PERSON.match(rest)
    if not follow or not TITLE_WORD.match(rest, follow.end()):
        return False
    pieces = [p for p in candidate.split() if p not in _CONNECTORS]
    return all(_said_of_kinds(pieces, 3))


def _opening_name(text: str) -> str | None:
    """A name that opens the first line, or follows a short plain phrase in its first clause."""
    first_line = text.split("\n", 1)[0]
    stripped = first_line.lstrip()
    offset = len(first_line) - len(stripped)
    while stripped and (not stripped[0].isalnum()):
        stripped, offset = stripped[1:], offset + 1
    opener = OPENERS.match(stripped)
    start = offset + (opener.end() if opener else 0)
    candidate = run_at(text, start)
    verb = _SERVICE_VERB.match(candidate)
    if candidate and not verb and acceptable_name(candidate) and _name_shaped(candidate):
        return candidate
    # "Dobi layan diri Bersih Wangi, Taman Melawati": a plain phrase, then the name.
    clause = re.split(r"[,.!?;:\n(]", text[start:], maxsplit=1)[0]
    examined = 0
    for match in re.finditer(r"(?<![\w'])[A-Z\u0100-\uffff]", clause):
        if not match.start() or match.start() < examined:
            continue
        before = clause[: match.start()].split()
        if len(before) > 5 or (before and before[-1].lower() in _PREPOSITIONS):
            break  # "di Kampung Baru" is where
        if before and before[-1].lower() in _OWNED_BY:
            candidate = run_at(text, start + match.start())
            if any(w.lower() in _COMPANY_WORDS for w in candidate.split()):
                return candidate  # "oleh Syarikat Sejuk Beku Enterprise"
            break  # "by Mei Ling" is who
        candidate = run_at(text, start + match.start())
        examined = match.start() + len(candidate)
        head = candidate.split()[0] if candidate else ""
        if head.isupper() and ANY_KIND_WORD.fullmatch(head):
            continue  # "Repair laptop & PC Zainal": "PC" is still what is repaired
        if len(candidate.split()) >= 2 and acceptable_name(candidate):
            return candidate
    return None


_PRICED = re.compile(r"[^\S\n]*(?:[^\W\d_]+[^\S\n]+){0,3}(?:RM|rm)\s?\d")


def _capitalised_name(text: str) -> str | None:
    """A capitalised run early in the text that looks like a business name."""
    # "Saya buka Restoran Selera Kampung di Shah Alam", "Tempah di Bella Salon".
    examined = 0
    for match in re.finditer(r"(?<![\w'])[A-Z\u0100-\uffff]", text[:NAME_SEARCH_CHARS]):
        if match.start() and text[match.start() - 1].isalnum():
            continue
        if match.start() < examined:
            continue  # inside a run already turned down ("Pasar Tani Kuala Kubu Bharu")
        candidate = run_at(text, match.start())
        examined = match.start() + len(candidate)
        parts = candidate.split()
        if len(parts) < 2 or not acceptable_name(candidate):
            continue
        if _PRICED.match(text, match.start() + len(candidate)):
            continue  # "Kopi O ais RM3.50" is on the menu, not over the door
        if parts[0].lower() in GENERIC_WORDS or parts[-1].lower() in GENERIC_WORDS:
            return candidate
        if any(non_latin(p) for p in parts):
            return candidate
    return None
