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
from bina.generator.items import find_items, find_unpriced_items
from bina.generator.kinds import GENERIC_WORDS, KINDS, PLACE_WORDS, classify, kind_of
from bina.generator.names import OPENERS, acceptable_name, find_name, non_latin, run_at
from bina.generator.places import PLACE_PATTERN, find_places, is_place, place_name
from bina.generator.profile import BusinessProfile, BusinessType, Language
from bina.generator.text import (
    clean,
    detect_language,
    sentence_case,
    sentences,
    strip_symbols,
    title_case,
    word_set,
    words,
)

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

_LABEL_END = re.compile(
    r"[,.;:!?\n(]|\s-\s|\b(?:di|in|at|near|yang|that|which|buka|open|opens|dengan|with|sejak|since|"
    r"untuk|for|menjual|jual|sells|serving|kami|we|located|terletak|berhampiran|dekat|of)\b",
    re.I,
)
_LABEL_START = re.compile(
    r"^(?:(?:saya|kami|i|we|ada|ialah|adalah|am|are|is|a|an|the|our|my|sebuah|satu|run|own|"
    r"buka|jual|menjual|mengusahakan|usahakan|have|has|family[- ]run|small|kecil|sebuah)\b\s*)+",
    re.I,
)


def find_label(
    text: str, business_type: BusinessType, language: Language, name: str | None = None
) -> tuple[str, str | None]:
    """A plain label ("Kedai Nasi Kandar") and the specialty ("nasi kandar") if stated."""
    first = strip_symbols(sentences(text)[0] if sentences(text) else text)
    if name:
        first = first.replace(name, ",")
    first = OPENERS.sub("", first)
    phrase = _LABEL_START.sub("", first)
    cut = _LABEL_END.search(phrase)
    phrase = (phrase[: cut.start()] if cut else phrase).strip()
    kind = kind_of(business_type)
    plain = kind.label_ms if language == "ms" else kind.label_en
    tokens = phrase.split()
    keyword_hit = any(
        re.search(rf"\b(?:{words_})\b", phrase, re.I) for _, words_ in kind.keywords
    ) or any(t.lower() in GENERIC_WORDS for t in tokens)
    if not tokens or len(tokens) > 5 or re.search(r"\d", phrase) or not keyword_hit:
        return plain, None
    if (
        phrase[:1].isupper()
        and acceptable_name(phrase)
        and any(t[:1].isupper() for t in tokens[1:])
    ):
        return plain, None  # that was a name, not a label
    specialty_words = [t for t in tokens if t.lower() not in PLACE_WORDS]
    specialty = " ".join(specialty_words).lower() or None
    if specialty and (is_place(specialty) or len(specialty) < 3):
        specialty = None
    return title_case(phrase.lower()), specialty


# --- area and address -----------------------------------------------------------------------

_PREPOSITION = re.compile(
    r"(?:\b(?:di|in|at|near|dekat|berhampiran|sekitar|kawasan|area|around|terletak di|"
    r"located in|located at|based in)\s+|@\s*|📍\s*)",
    re.I,
)
_NOT_AREAS = word_set(
    "facebook instagram tiktok shopee lazada grab grabfood foodpanda whatsapp google waze "
    "youtube telegram ig fb wa the our kami rumah sini sana"
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


def _place_phrase(text: str, start: int) -> str | None:
    """A place named at `start`: a known one ("Kampung Baru, Kuala Lumpur") or Title Case."""
    known = PLACE_PATTERN.match(text, start)
    if known and known.group()[:1].isupper():
        end = known.end()
        follow = re.match(r",\s*", text[end:])
        if follow:
            second = PLACE_PATTERN.match(text, end + follow.end())
            if second and second.group()[:1].isupper():
                end = second.end()
        return text[start:end]
    run = run_at(text, start)
    parts = run.split()
    if not parts or len(parts) > 4 or parts[0].lower() in _NOT_AREAS | GENERIC_WORDS:
        return None
    if any(non_latin(p) for p in parts) or parts[0].isdigit():
        return None
    return run


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


def find_area(text: str, address: str | None) -> str | None:
    """The area or town the business is in."""
    if address:
        places = find_places(address)
        if places:
            return places[-1].group()
    for match in _PREPOSITION.finditer(text):
        area = _place_phrase(text, match.end())
        if area:
            return area.strip(" ,")
    places = find_places(text)
    if not places:
        return None
    first = places[0]
    end = first.end()
    follow = re.match(r",?\s*", text[end:])
    second = PLACE_PATTERN.match(text, end + follow.end()) if follow else None
    if second and second.group()[:1].isupper():
        return f"{place_name(first.group())}, {second.group()}"
    return place_name(first.group())


# --- features, year, highlights -------------------------------------------------------------

_FEATURES: list[tuple[str, str]] = [
    (
        "halal_certified",
        r"sijil halal|halal certified|certified halal|halal jakim|jakim halal|disahkan halal",
    ),
    ("halal", r"halal"),
    ("muslim_owned", r"milik muslim|muslim[- ]owned|pengusaha muslim|usahawan muslim"),
    ("no_pork", r"no pork|pork[- ]free|tiada babi|tanpa babi|no pork no lard"),
    (
        "delivery",
        r"delivery|deliver|penghantaran|hantar(?:an)? ke rumah|grab ?food|foodpanda|"
        r"shopee ?food|pos ke seluruh|postage|cod|penghantaran percuma|free delivery",
    ),
    ("takeaway", r"bungkus|take ?away|takeaway|tapau|bawa pulang|self[- ]pickup|pickup"),
    ("dine_in", r"dine[- ]in|makan di sini|tempat makan selesa"),
    ("parking", r"parking|tempat letak kereta|parkir|letak kereta"),
    ("aircond", r"aircond|air[- ]cond\w*|berhawa dingin|air conditioned|aircon"),
    ("wifi", r"wi-?fi"),
    ("booking", r"tempahan|booking|book now|appointment|temujanji|pre-?order|buat tempahan"),
    ("walk_in", r"walk[- ]in"),
    (
        "cashless",
        r"duitnow|touch ?n ?go|tng|e-?wallet|e-?dompet|boost|qr pay|online banking|"
        r"kad kredit|credit card|debit card|cashless",
    ),
    ("accessible", r"mesra oku|oku friendly|wheelchair|kerusi roda"),
    ("women_only", r"wanita sahaja|muslimah|ladies only|women only|khas wanita"),
    ("homemade", r"home ?made|buatan sendiri|air tangan|buatan rumah|home[- ]based|dari rumah"),
]
_NEGATION = re.compile(
    r"\b(?:tiada|tidak|tak|takde|no|not|non|bukan|without|tanpa)\W*(?:\w+\W+)?$", re.I
)
_ESTABLISHED = re.compile(
    r"\b(?:sejak|since|est\.?|established(?:\s+in)?|ditubuhkan(?:\s+pada)?(?:\s+tahun)?|"
    r"beroperasi\s+sejak|dibuka\s+(?:pada\s+)?(?:tahun\s+)?|founded(?:\s+in)?)\s*(?:tahun\s+)?"
    r"((?:19|20)\d{2})\b",
    re.I,
)


def find_features(text: str) -> list[str]:
    """Features the user stated (and did not negate), by key."""
    found: list[str] = []
    for key, pattern in _FEATURES:
        for match in re.finditer(rf"\b(?:{pattern})\b", text, re.I):
            if key == "halal" and re.search(
                r"\b(?:non|bukan|tidak|tak|not)[\s-]*$", text[: match.start()], re.I
            ):
                continue
            negated = _NEGATION.search(text[max(0, match.start() - 20) : match.start()])
            if negated and key not in {"halal", "no_pork"}:
                continue  # "tiada parking", "no wifi"; "no pork" is itself the feature
            if key not in found:
                found.append(key)
            break
    if "halal_certified" in found and "halal" in found:
        found.remove("halal")
    return found


def find_established(text: str) -> str | None:
    match = _ESTABLISHED.search(text)
    return match.group(1) if match else None


_FILLER = word_set(
    "di in at saya kami we i our my is are a an the buka open ialah adalah ini this dan and "
    "located terletak kedai"
)


def find_highlights(
    text: str, consumed: list[tuple[int, int]], known: list[str], limit: int = 3
) -> list[str]:
    """The user's own sentences that carry no contact, price or hours detail, verbatim."""
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
        highlights.append(sentence_case(plain))
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
    unnamed = [item for item in items if not item.name]
    items = [item for item in items if item.name]
    masked = _mask(masked, item_spans)
    hours, hour_spans = parse_hours(masked)
    items += find_unpriced_items(_mask(masked, hour_spans), items)
    business_type, schema_type, _ = classify(text)
    name = find_name(text)
    label, specialty = find_label(text, business_type, language, name)
    if len(unnamed) == 1 and not items:
        # "Nasi Lemak Bumbung … RM5 sebungkus": the one price is for what the business sells.
        own = specialty or name or label
        items = [unnamed[0].model_copy(update={"name": own[:1].upper() + own[1:]})]
    address = find_address(_mask(text, phone_spans))
    area = find_area(text, address)
    if area and name and area in name:
        area = find_area(text.replace(name, " " * len(name)), address)
    source_language: Language = "en" if detect_language(text) == "en" else "ms"
    consumed = contact_spans + item_spans + hour_spans
    known = [name or "", address or "", label, *(area or "").split(", ")]
    highlights = find_highlights(text, consumed, known)
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
        features=tuple(find_features(text)),
        established=find_established(text),
        highlights=tuple(highlights),
    )


__all__ = ["KINDS", "analyze", "check_description", "find_name"]
