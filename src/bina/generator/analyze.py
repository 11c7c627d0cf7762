"""Analysis: a free-text description becomes a validated `BusinessProfile`.

Rule-based and deterministic (no model needed): contacts, prices and hours are read by their
own modules, then name, kind, area, address, features and the user's own sentences worth
quoting. Every value comes from the text; what is not there stays empty.
"""

from __future__ import annotations

import re
import unicodedata

from bina.generator.contacts import find_email, find_links, find_phones
from bina.generator.errors import (
    DescriptionTooLongError,
    DescriptionTooShortError,
    EmptyDescriptionError,
    GenerationError,
)
from bina.generator.hours import parse_hours
from bina.generator.items import find_items, find_unpriced_items, name_unnamed
from bina.generator.kinds import GENERIC_WORDS, KINDS, PLACE_WORDS, classify, kind_of
from bina.generator.manner import find_features, find_modes
from bina.generator.names import (
    find_name,
    is_person,
    locate_owner,
    non_latin,
    only_trade,
    run_at,
)
from bina.generator.notes import find_notes
from bina.generator.places import PLACE_PATTERN, find_places, is_place, place_name
from bina.generator.profile import BusinessProfile, BusinessType, Language, OfferedItem
from bina.generator.text import (
    clean,
    detect_language,
    expand_shorthand,
    sentence_case,
    sentences,
    strip_symbols,
    title_case,
    word_set,
    words,
)
from bina.generator.trade import compose_label, find_trade

MAX_DESCRIPTION_CHARS = 5000
_ERRORS: dict[type[GenerationError], dict[str, str]] = {
    EmptyDescriptionError: {
        "ms": "Penerangan kosong. Tulis jenis perniagaan, lokasi dan cara menghubungi anda.",
        "en": "The description is empty. Say what the business is, where, and how to reach it.",
    },
    DescriptionTooShortError: {
        "ms": "Penerangan terlalu pendek. Tambah beberapa perkataan tentang perniagaan anda.",
        "en": "The description is too short. Add a few words about the business.",
    },
    DescriptionTooLongError: {
        "ms": f"Penerangan terlalu panjang (had {MAX_DESCRIPTION_CHARS} aksara).",
        "en": f"The description is too long (at most {MAX_DESCRIPTION_CHARS} characters).",
    },
}


def _fail(error: type[GenerationError], language: Language) -> GenerationError:
    return error(_ERRORS[error][language])


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    """The text with the given spans blanked out (same length, so offsets stay valid)."""
    chars = list(text)
    for start, end in spans:
        for index in range(max(start, 0), min(end, len(chars))):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


# --- label, specialty -----------------------------------------------------------------------


def find_label(
    text: str,
    business_type: BusinessType,
    language: Language,
    name: str | None = None,
    area: str | None = None,
) -> tuple[str, str | None]:
    """A label and the specialty ("nasi kandar") when stated.

    With no name given, the label is a name composed from what the business does, who runs
    it or where ("Servis Aircond Faizal", "Dobi Layan Diri Taman Sentosa"), never the bare
    kind word when the text says more. With a name, it is what the business does
    ("Kedai Nasi Kandar") or the kind's plain label.
    """
    kind = kind_of(business_type)
    plain = kind.label_ms if language == "ms" else kind.label_en
    trade = find_trade(text, kind, skip=(name,) if name else ())
    written_in: Language = "en" if detect_language(text) == "en" else "ms"
    what = expand_shorthand(trade[1], written_in) if trade else None
    if what:
        # A heading typed in capitals ("⚡ ELEKTRIK & WIRING ⚡"): words, not acronyms (CCTV).
        what = re.sub(r"\b[A-Z]{5,}\b", lambda m: m.group().capitalize(), what)
    specialty = _specialty(what) if what else None
    if name:
        return (title_case(what) if what else plain), specialty
    owner_at = locate_owner(text, kind)
    owner = (trade[2] if trade else None) or (owner_at[1] if owner_at else None)
    # Malay puts the owner after ("Nasi Lemak Kak Mun"); English keeps the order written
    # ("Cikgu Lim Tuition Centre", "Barber Pak Hassan"), owner first when nothing says.
    if language == "ms" or (trade and trade[2]):
        owner_first = False
    elif trade and owner_at:
        owner_first = owner_at[0] < trade[0]
    else:
        owner_first = True
    place = area.split(",")[0].strip() if area else None
    return compose_label(what or plain, owner, place, owner_first), specialty


def _specialty(what: str) -> str | None:
    """The words of what the business does that are not the kind of place ("nasi kandar")."""
    kept = [t for t in what.split() if t.lower() not in PLACE_WORDS and t.lower() != "&"]
    specialty = expand_shorthand(" ".join(kept)).lower() or None
    if specialty and (is_place(specialty) or len(specialty) < 3):
        return None
    return specialty


# --- area and address -----------------------------------------------------------------------

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
_PLACES_THAT_ARE_WORDS = word_set("perak nilai pekan kuah jeli papar meru kapar tapah klang")


def _lowercase_place(text: str, start: int) -> str | None:
    """A place typed in lower case right after "di", "area", "kat" ("cod area bangi")."""
    word = re.match(r"([a-z]+(?: [a-z]+){0,2})\b", text[start : start + 40])
    if not word:
        return None
    places = find_places(word.group(1).title())
    if not places or places[0].start() != 0:
        return None
    found = places[0].group()
    if " " not in found and found.lower() in _PLACES_THAT_ARE_WORDS:
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
        if follow and "," not in follow.group() and first.group().lower() in _PLACES_THAT_ARE_WORDS:
            return f"{first.group()} {place_name(second.group())}"  # "Pekan Karak": one town
        return f"{place_name(first.group())}, {place_name(second.group())}"
    return place_name(first.group())


# --- features, year, highlights -------------------------------------------------------------

_ESTABLISHED = re.compile(
    r"\b(?:sejak|since|est\.?|established(?:\s+in)?|ditubuhkan(?:\s+pada)?(?:\s+tahun)?|"
    r"beroperasi\s+sejak|dibuka\s+(?:pada\s+)?(?:tahun\s+)?|founded(?:\s+in)?)\s*(?:tahun\s+)?"
    r"((?:19|20)\d{2})\b",
    re.I,
)


def find_established(text: str) -> str | None:
    match = _ESTABLISHED.search(text)
    return match.group(1) if match else None


_FILLER = word_set(
    "di in at saya kami we i our my is are a an the buka open ialah adalah ini this dan and "
    "located terletak kedai"
)


def find_highlights(
    text: str,
    consumed: list[tuple[int, int]],
    known: list[str],
    limit: int = 3,
    language: Language = "ms",
) -> list[str]:
    """The user's own sentences that carry no contact, price or hours detail.

    In whichever language they are written (they are the user's facts); shorthand spelled
    out for `language`, the language of the text.
    """
    highlights: list[str] = []
    position = 0
    for sentence in sentences(text):
        start = text.find(sentence, position)
        end = start + len(sentence)
        position = max(position, end)
        if start < 0 or any(s < end and start < e for s, e in consumed):
            continue
        plain = strip_symbols(sentence).strip(" -•*:")
        if len(words(plain)) < 4 or len(plain) > 240:
            continue
        rest = plain
        for fact in known:
            if fact:
                rest = re.sub(re.escape(fact), " ", rest, flags=re.I)
        tokens = [t.strip(".,;:!?()[]\"'").lower() for t in rest.split()]
        meaningful = [t for t in tokens if t and t not in _FILLER and t not in GENERIC_WORDS]
        if len(meaningful) < 3:
            continue
        if "@" in plain or re.search(
            r"\b(?:whatsapp|wa|tel|call|hubungi|email|e-mel|instagram|ig|facebook|fb|tiktok)\b",
            plain,
            re.I,
        ):
            continue
        highlights.append(sentence_case(expand_shorthand(plain, language)))
        if len(highlights) >= limit:
            break
    return highlights


# --- all together ---------------------------------------------------------------------------


def check_description(description: str, language: Language) -> str:
    """The cleaned description, or a `GenerationError` when it cannot be used.

    The one rule for "too short, no words": the API applies it before a start is charged, so
    a description that would always fail here never costs a generation.
    """
    if len(description) > MAX_DESCRIPTION_CHARS * 2:
        raise _fail(DescriptionTooLongError, language)
    text = clean(description)
    if not text:
        raise _fail(EmptyDescriptionError, language)
    if len(text) > MAX_DESCRIPTION_CHARS:
        raise _fail(DescriptionTooLongError, language)
    letters = sum(1 for c in text if c.isalpha() and unicodedata.category(c).startswith("L"))
    if letters < 6 or len(words(text)) < 2:
        raise _fail(DescriptionTooShortError, language)
    return text


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
    plain = _unshout(text)
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
    if _shouted(text):
        items = [_unshout_item(item) for item in items]
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


def _shouted(text: str) -> bool:
    """Typed all in capitals ("RM" before prices aside)."""
    letters = [
        c for c in re.sub(r"\bRM(?=\s?\d)", "", text) if c.isalpha() and c.lower() != c.upper()
    ]
    return len(letters) >= 20 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _unshout_item(item: OfferedItem) -> OfferedItem:
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


def _unshout(text: str) -> str:
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
        if " " not in written and written.lower() in _PLACES_THAT_ARE_WORDS:
            continue  # "nilai", "kuah": more likely the word
        lowered[place.start() : place.end()] = written
    return "".join(lowered)


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
