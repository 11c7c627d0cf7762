"""Where the business is: its area or town ("Kampung Baru, Kuala Lumpur") and its street
address when one is written ("No. 12, Jalan Tun Razak, 50400 Kuala Lumpur").

Places are told apart from where orders are sent ("Pos seluruh Malaysia"), from venues
inside a town and from people ("at Uncle Tan's"); the gazetteer itself is in places. This
is the largest of the readers analysis runs, so it has a module of its own.
"""

from __future__ import annotations

import re

from bina.generator.kinds import GENERIC_WORDS
from bina.generator.names import non_latin, run_at
from bina.generator.people import is_person
from bina.generator.places import PLACE_PATTERN, find_places, place_name
from bina.generator.text import strip_symbols, word_set

__all__ = ["PLACES_THAT_ARE_WORDS", "find_address", "find_area"]

_PREPOSITION = re.compile(
    r"(?:\b(?:di|in|at|near|dekat|berhampiran|sekitar|kawasan|area|around|terletak di|kat|dkt|"
    r"located in|located at|based in)\s+|@\s*|📍\s*)",
    re.I,
)
_NOT_AREAS = word_set(
    "facebook instagram tiktok shopee lazada grab grabfood foodpanda whatsapp google waze "
    "youtube telegram ig fb wa the our kami rumah sini sana zoom online "
    # venues inside a town, not the town: "kelas di Surau Al-Hidayah, Nilai"
    "surau masjid dewan tesco aeon mydin giant lotus lotus's econsave pasaraya sekolah "
    "stesen lrt mrt ktm hospital klinik pasar mall plaza kompleks "
    # days and times: "walk in Mon-Sat", "check in 3ptg"
    "mon tue wed thu fri sat sun monday tuesday wednesday thursday friday saturday sunday "
    "isnin selasa rabu khamis jumaat sabtu ahad weekdays weekends"
)
_ADDRESS_TRIGGER = re.compile(
    r"(?:\balamat\b|\baddress\b|\blokasi\b|\blocation\b|📍)\s*(?:kami|kedai|our)?\s*[:\-]?\s*", re.I
)
# The unit before the street ("No. 12,", "Lot 5", "G-3A") is matched possessively (`*+`, `?+`):
# each unit ends where its word ends, so a long run of letters and digits with no street after
# it ("6f9619ff-8b86-…") fails in linear time instead of trying every way to split it.
_STREET = re.compile(
    r"\b(?:(?:No\.?+|Lot|Unit|Blok|Block|Gerai|Stall|Tingkat|Level|Aras|G|\d++[A-Z]?+)"
    r"\s*+[\w/-]*+,?+\s*+)+"
    r"(?:Jalan|Jln\.?|Lorong|Lrg\.?|Persiaran|Lebuh|Lebuhraya|Lengkok|Taman|Tmn\.?|Kampung|Kg\.?|"
    r"Medan|Pusat|Plaza|Wisma|Menara|Bangunan|Kompleks|Pasar|Bazar)\s+[\w/]|"
    r"\b(?:Jalan|Jln\.?|Lorong|Lrg\.?|Persiaran|Lebuh|Lengkok)\s+[A-Z0-9][\w/]*",
)
_ADDRESS_END = re.compile(
    r"\n|(?<!\bNo)(?<!\bJln)(?<!\bKg)(?<!\bTmn)(?<!\bLrg)\.(?=\s|$)|[;!?]|"
    r"\b(?:buka|open|opens|whatsapp|tel|telefon|hubungi|call|waktu|hours|menu|harga|email)\b|"
    r"(?<=\d{5})\s*,?\s*(?=(?-i:[a-z]))",
    re.I,
)


def _place_at(text: str, start: int) -> int | None:
    """Where a known place written at `start` ends, when one is ("Taman Desa Jaya")."""
    places = find_places(text[start : start + 80])
    if places and places[0].start() == 0 and places[0].group()[:1].isupper():
        return start + places[0].end()
    return None


def _neighbourhood_end(text: str, start: int, end: int) -> int:
    """Where a neighbourhood named by its kind of place ends when the gazetteer knows only
    its first words: "Taman Sitiawan Jaya", "Kampung Sungai Ara Dalam"."""
    whole = _NEIGHBOURHOOD.match(text, start)
    if not whole or whole.end() <= end:
        return end
    for word in re.finditer(r"\s+(\S+)", text[end : whole.end()]):
        if _place_at(text, end + word.start(1)) is not None:
            break  # "Kampung Baru Kuala Lumpur": the town after the neighbourhood
        end += word.end()
    return end


# "Bangi, Kajang & Putrajaya": a list of towns served, not a neighbourhood and its town.
_LIST_GOES_ON = re.compile(r"\s*(?:,|&|\band\b|\bdan\b|/)\s*[A-Z]")


def _place_phrase(text: str, start: int) -> str | None:
    """A place named at `start`: a known one ("Kampung Baru, Kuala Lumpur") or Title Case."""
    known = _place_at(text, start)
    if known is not None:
        end = _neighbourhood_end(text, start, known)
        follow = re.match(r",\s*", text[end:])
        if follow:
            second = _place_at(text, end + follow.end())
            if second is not None and not _LIST_GOES_ON.match(text, second):
                end = second  # "Kampung Baru, Kuala Lumpur": the town after the neighbourhood
        return text[start:end]
    run = run_at(text, start)
    parts = run.split()
    inside = find_places(run)
    if inside and inside[-1].end() == len(run) and inside[-1].start() > 0:
        return inside[-1].group()  # "at Digital Mall PJ", "Pasar Tani Kuala Kubu Bharu"
    first = re.split(r"[-/]", parts[0])[0].lower() if parts else ""
    if not parts or len(parts) > 4 or first in _NOT_AREAS | GENERIC_WORDS:
        return None
    if is_person(run) or run.endswith("'s") or _TITLE_START.match(run):
        return None  # "at Uncle Tan's orchard" is whose, not where
    if any(non_latin(p) for p in parts) or parts[0][:1].isdigit():
        return None  # "in 3ptg" is a time
    return run


# Place names that are also everyday Malay words ("nilai" value, "kuah" gravy).
PLACES_THAT_ARE_WORDS = word_set("perak nilai pekan kuah jeli papar meru kapar tapah klang")


def _lowercase_place(text: str, start: int) -> str | None:
    """A place typed in lower case right after "di", "area", "kat" ("cod area bangi")."""
    word = re.match(r"([a-z]+(?: [a-z]+){0,2})\b", text[start : start + 40])
    if not word:
        return None
    places = find_places(word.group(1).title())
    if not places or places[0].start() != 0:
        return None
    found = places[0].group()
    if " " not in found and found.lower() in PLACES_THAT_ARE_WORDS:
        return None
    return place_name(found)


_TITLE_START = re.compile(
    r"(?:uncle|aunty|auntie|kak|abang|pak|mak|cik|ustaz|ustazah|cikgu|teacher|dr|encik|puan|"
    r"tuan|mr|mrs|ms|madam)\b",
    re.I,
)


_COVERAGE = re.compile(
    r"\b(?:seluruh|throughout|all over|across|nationwide|postage|pos|poslaju|ship(?:ping)?|"
    r"courier|kurier|deliver(?:y)? to)\b[\s\w'&,/-]*$",
    re.I,
)


# Words for sending goods out: a place after them is where orders go.
_DELIVERS_TO = re.compile(
    r"\b(?:hantar|hantaran|penghantaran|deliver(?:y|ies)?|delivering|pos|postage|ship(?:ping)?|"
    r"courier|kurier|travel(?:\s+charge)?|caj\s+(?:pengangkutan|perjalanan|minyak)|"
    r"outside|luar|outstation|out\s+of\s+town|luar\s+kawasan)\s*(?:\w+\s+)?$",
    re.I,
)
# "Taman Bukit Tiram", "Kampung Sungai Ara", "Felda Jengka 8", "Kuala Nerus": a place named
# by its kind of place, known to the gazetteer or not.
_NEIGHBOURHOOD = re.compile(
    r"\b(?:Taman|Tmn\.?|Kampung|Kampong|Kg\.?|Bandar|Bdr\.?|Felda|Seksyen|Desa|Pangsapuri|"
    # and the words Malay place names are made of: "Kuala …", "Sungai …", "Bukit …"
    r"Kuala|Sungai|Sg\.?|Bukit|Bkt\.?|Pulau|Tanjung|Tg\.?|Teluk|Telok|Pantai|Parit|"
    r"Permatang|Simpang|Kota|Bagan|Lembah|"
    # and Sarawak's: "Nanga …" (a river mouth), "Batang …" (a river)
    r"Nanga|Batang)"
    r"(?:\s+(?:[A-Z][\w'-]*|\d{1,3}[A-Z]?\b)){1,3}"
)


def _neighbourhood(text: str) -> str | None:
    match = _NEIGHBOURHOOD.search(text)
    return match.group().rstrip(" .") if match else None


def find_address(text: str) -> str | None:
    """A street address, when one is written ("No. 12, Jalan Tun Razak, 50400 Kuala Lumpur")."""
    start: int | None = None
    trigger = _ADDRESS_TRIGGER.search(text)
    if trigger:
        start = trigger.end()
    else:
        street = _STREET.search(text)
        if street:
            start = street.start()
    if start is None:
        return None
    end = _ADDRESS_END.search(text, start)
    address = text[start : end.start() if end else len(text)].strip(" ,.-:")
    address = strip_symbols(address)
    if len(address) < 6 or len(address) > 160 or not re.search(r"[^\W\d_]{3}", address):
        return None
    return address


# "Sabah Sarawak x dpt", "Sabah tak boleh": places the business does not serve.
_REFUSED = re.compile(
    r"(?:[\s,&/]+(?:dan|and|&)?\s*(?-i:[A-Z])[\w'-]*)*\s*,?\s*"
    r"(?:x|tak|tidak|tk|cannot|can't|cant|not|no)\s+"
    r"(?:dpt|dapat|boleh|blh|available|serve|deliver|hantar|pos|ship)\b",
    re.I,
)


_STREET_NAME = re.compile(
    r"(?:jalan|jln\.?|lorong|lrg\.?|persiaran|psn\.?|lebuh|lebuhraya)\s", re.I
)


def find_area(text: str, address: str | None) -> str | None:
    """The area or town the business is in."""
    if address:
        places = find_places(address)
        rest = address
        for place in reversed(places):
            rest = rest[: place.start()] + rest[place.end() :]
        if len(places) > 1 and not re.sub(r"[\s,&/]|\b(?:dan|and)\b", "", rest):
            # "📍 Kuching, Kota Samarahan": the towns it serves, the first one first
            return ", ".join(place_name(place.group()) for place in places[:2])
        if places:
            return place_name(places[-1].group())
    for match in _PREPOSITION.finditer(text):
        if _DELIVERS_TO.search(text[max(0, match.start() - 30) : match.start()]):
            continue  # "Hantar sekitar KT": where orders go, not where the business is
        before = text[: match.start()]
        if before.count("(") > before.count(")"):
            continue  # "(45 min, at Teluk Batik beach)": where one item happens
        area = _place_phrase(text, match.end()) or _lowercase_place(text, match.end())
        if area and _STREET_NAME.match(area) and not find_places(area):
            continue  # "kat Jln Sultanah Zainab": the street; the town is named elsewhere
        if area:
            return ", ".join(place_name(part) for part in area.strip(" ,").split(", "))
    # "Pos seluruh Malaysia", "deliver to all Sabah": where parcels go, not where it is.
    places = [
        place
        for place in find_places(text)
        if not _COVERAGE.search(text[max(0, place.start() - 24) : place.start()])
        and not _DELIVERS_TO.search(text[max(0, place.start() - 30) : place.start()])
        and place.group().lower() not in {"malaysia", "semenanjung"}
        and not _REFUSED.match(text, place.end())
    ]
    if not places:
        return _neighbourhood(text)
    first = places[0]
    end = first.end()
    follow = re.match(r",?\s*", text[end:])
    second = PLACE_PATTERN.match(text, end + follow.end()) if follow else None
    if second and _LIST_GOES_ON.match(text, second.end()):
        return place_name(first.group())  # "Manjung, Lumut, Sitiawan": a list, the first leads
    if second and second.group()[:1].isupper():
        if follow and "," not in follow.group() and first.group().lower() in PLACES_THAT_ARE_WORDS:
            return f"{first.group()} {place_name(second.group())}"  # "Pekan Karak": one town
        return f"{place_name(first.group())}, {place_name(second.group())}"
    return place_name(first.group())
