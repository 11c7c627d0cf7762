"""Finding the business name in a description, in any script.

"Warung Pak Mat", "Tan's Bakery", "陈记咖啡店 Chen Ji Kopitiam", "Restoran Sri Murugan",
"Klinik Dr. Aminah": an explicit "nama kedai: …" or "called …", a quoted name, the
capitalised (or non-Latin) words at the start, or a capitalised run that starts or ends with
a word such as Restoran or Salon. Ordinary words and place names are never taken as a name.
"""

from __future__ import annotations

import re

from bina.generator.kinds import GENERIC_WORDS
from bina.generator.places import is_place
from bina.generator.text import strip_symbols, word_set

_STOP_WORDS = word_set(
    "buka open opens opening menjual jual sells selling sell serving serves menyediakan di in at "
    "near dekat menu harga price prices whatsapp wa tel call hubungi alamat address is ialah "
    "adalah sejak since kami we our saya i my dengan with untuk for yang that which terletak "
    "located setiap every daily kecuali except tutup closed hanya only dari from best terbaik "
    "murah cheap sedap delicious halal pakej package lokasi location waktu hours order tempahan "
    "booking hari isnin selasa rabu khamis jumaat sabtu ahad monday tuesday wednesday thursday "
    "friday saturday sunday ada has have offers offering menawarkan"
)
_TITLE_ABBREVIATIONS = frozenset({"dr", "st", "sdn", "bhd", "mr", "mrs", "hj", "tn", "pn", "en"})
_CONNECTORS = frozenset({"&", "bin", "binti", "bt", "a/l", "a/p", "@", "of", "n", "'n'", "de"})
OPENERS = re.compile(
    r"^(?:(?:assalamualaikum|salam|hai|hi|hello|helo|hey|selamat datang ke|welcome to|"
    r"saya|kami|we|i|my|our|ini|this is|nama (?:kedai|perniagaan|syarikat|bisnes) (?:saya|kami)"
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
    if not core or core.lower() in _STOP_WORDS:
        return False
    return non_latin(core) or core[:1].isupper() or (core[:1].isdigit() and len(core) <= 4)


def run_at(text: str, start: int) -> str:
    """The run of capitalised (or non-Latin) words starting at `start`."""
    tokens: list[str] = []
    for match in _TOKEN.finditer(text, start):
        word = match.group()
        if word in _CONNECTORS or word.lower() in _CONNECTORS:
            tokens.append(word)
            continue
        if not _name_token(word) or len(tokens) >= 7:
            break
        if word.endswith(".") and word.rstrip(".").lower() in _TITLE_ABBREVIATIONS:
            tokens.append(word)
            continue
        tokens.append(word.rstrip("."))
        if word.endswith("."):
            break
    while tokens and (tokens[-1] in _CONNECTORS or tokens[-1].lower() in _CONNECTORS):
        tokens.pop()
    return " ".join(tokens)


def acceptable_name(name: str) -> bool:
    parts = [p for p in name.split() if p not in _CONNECTORS]
    if not parts or len(name) > 60:
        return False
    if all(p.lower() in GENERIC_WORDS or p.isdigit() for p in parts):
        return False
    if is_place(name) or all(is_place(p) or p.lower() in GENERIC_WORDS for p in parts):
        return False
    if len(parts) == 1 and not non_latin(parts[0]) and parts[0].lower() in _STOP_WORDS:
        return False
    return not (len(parts) == 1 and parts[0].isdigit())


# A name is stated early; looking further only costs time on very long descriptions.
_NAME_SEARCH_CHARS = 800
_PREPOSITIONS = word_set("di in at near dekat berhampiran sekitar kawasan around ke to")


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
    return (
        _introduced_name(text)
        or _quoted_name(text)
        or _opening_name(text)
        or _capitalised_name(text)
    )


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
    if candidate and acceptable_name(candidate) and _name_shaped(candidate):
        return candidate
    # "Dobi layan diri Bersih Wangi, Taman Melawati": a plain phrase, then the name.
    clause = re.split(r"[,.!?;:\n(]", text[start:], maxsplit=1)[0]
    for match in re.finditer(r"(?<![\w'])[A-Z\u0100-\uffff]", clause):
        if not match.start():
            continue
        before = clause[: match.start()].split()
        if len(before) > 5 or (before and before[-1].lower() in _PREPOSITIONS):
            break
        candidate = run_at(text, start + match.start())
        if len(candidate.split()) >= 2 and acceptable_name(candidate):
            return candidate
    return None


def _capitalised_name(text: str) -> str | None:
    """A capitalised run early in the text that looks like a business name."""
    # "Saya buka Restoran Selera Kampung di Shah Alam", "Tempah di Bella Salon".
    for match in re.finditer(r"(?<![\w'])[A-Z\u0100-\uffff]", text[:_NAME_SEARCH_CHARS]):
        if match.start() and text[match.start() - 1].isalnum():
            continue
        candidate = run_at(text, match.start())
        parts = candidate.split()
        if len(parts) < 2 or not acceptable_name(candidate):
            continue
        if parts[0].lower() in GENERIC_WORDS or parts[-1].lower() in GENERIC_WORDS:
            return candidate
        if any(non_latin(p) for p in parts):
            return candidate
    return None
