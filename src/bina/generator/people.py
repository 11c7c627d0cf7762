"""People named in a description: titles, personal names and the person a business goes by.

A title and a name ("Ustazah Nor", "Pak Hassan", "kak ros"), "saya Faizal", "I'm Priya",
"run by …", a full name ("Rosli bin Ahmad") or a name signed before the number. Words of the
trade ("Abang Din Elektrik"), places and ordinary capitalised words are never taken as a
person. Finding the business name (`names`) asks this module whether a candidate is a person;
a composed label (`trade`) uses the person when no business name is given.
"""

from __future__ import annotations

import re

from bina.generator.kind import Kind
from bina.generator.kinds import GENERIC_WORDS, KINDS
from bina.generator.name_words import ANY_KIND_WORD, NAME_SEARCH_CHARS, STOP_WORDS, kind_words
from bina.generator.places import find_places, is_place
from bina.generator.text import is_symbol, word_set

# Words put before a person's name; they stay part of a composed name as written
# ("Nasi Lemak Kak Ma", "Kelas Mengaji Ustazah Nor", "Langsir Pn Rohana").
_FAMILIAR_TITLES = (
    r"kak long|abang long|kak|kakak|abang|abg|bang|pak ?cik|pakcik|pak|mak ?cik|makcik|mak|cik|"
    r"ustaz|ustazah|uncle|aunty|auntie|ah|tok|wak|opah|nenek|atuk|cikgu|teacher|coach|chef|"
    r"dr\.?|haji|hj\.?|hajah|datin|dato'?|sifu|bro|sis|mama|mami|mummy|mommy|papa|daddy|"
    r"mak bidan|bidan|bibik"
)
_FORMAL_TITLES = r"encik|en\.|puan|pn\.|tuan|mr\.?|mrs\.?|ms\.?|mdm\.?|madam|miss"
TITLE = re.compile(
    rf"(?<![\w'])(?:(?P<formal>{_FORMAL_TITLES})|(?P<familiar>{_FAMILIAR_TITLES}))(?=\s)", re.I
)
TITLE_WORD = re.compile(rf"(?:{_FORMAL_TITLES}|{_FAMILIAR_TITLES})", re.I)
# Titles that are also everyday words when written in lower case ("ok ah", "bang", "bro").
_LOWERCASE_TITLES_ALLOWED = word_set(
    "kak kakak abang abg pakcik makcik ustaz ustazah uncle aunty auntie cikgu teacher coach "
    "chef encik puan mak pak cik"
)
# "saya Faizal", "I'm Priya", "run by Pak Hassan", "Hubungi Hafiz 07-…", "Kereta sewa - Azman."
_SELF = re.compile(
    r"(?<![\w'])(?:saya|sy|nama saya|i'?m|i am|my name is|this is)\s*,?\s+(?=[A-Z])", re.I
)
_BY = re.compile(
    r"(?<![\w'])(?:run by|owned by|managed by|by|milik|kendalian|dikendalikan oleh|oleh|"
    r"(?i:owner|pemilik|tuan punya|pic|person in charge|contact person|ask for|cari|tanya|"
    # "Rent from Wong", "Order dengan Kak Ita", "Beli dari Pak Ali": whom customers deal with
    r"(?:rent|hire|order|buy|book|beli|sewa|tempah|booking)\s+(?:from|dari|dengan|dgn|with)))"
    r"\s*:?\s+(?=[A-Z])"
)
_VOUCHED = re.compile(
    r"\b(?:licen[cs]ed|certified|registered|approved|accredited|recogni[sz]ed|endorsed|"
    r"diiktiraf|diluluskan|disahkan|berdaftar|bertauliah|berlesen|didaftarkan)\s*$",
    re.I,
)
_CONTACT = re.compile(
    r"(?<![\w'])(?:hubungi|call|contact|whatsapp|ws|wa|tel|sms|mesej|message|text|tanya|"
    r"chat(?:\s+with)?|talk\s+to|speak\s+to|sembang\s+(?:dengan|dgn)|(?:pm|dm|ws|wa)\s+(?:je|saja))"
    r"\s*:?\s+(?=[A-Z])",
    re.I,
)
# "… Wani 014-662 1187": a name alone at the start of a sentence, then the number.
_SIGNATURE = re.compile(r"(?:^|[.!?]\s+|\n)(?=[A-Z][a-z]+(?:\s[A-Z][a-z]+)?[\s:,]*\+?\d)")
_DASHED = re.compile(r"\s[-–]\s*(?=[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s*(?:[.,;!\n]|$))")
_PERSON_WORD = re.compile(r"(?:[A-Z]')?[A-Z][a-z]+(?:-[A-Z]?[a-z]+)*(?:'s)?|[A-Z]{2,}(?:'s)?")
# Capitalised words that open sentences or name things, never people.
_COMMON_WORDS = word_set(
    "the a an and or but we our you your i my it this that is are was free order call open "
    "closed harga servis service services sewa rental kedai shop store halal jual ada tak "
    "boleh kami saya sy semua all new baru promo promosi hari setiap daily weekdays weekends "
    "area kawasan sekitar around near whatsapp ws wa tel telefon hubungi pakej package "
    "yuran fees price prices rm min max booking tempahan temujanji appointment delivery "
    "cod pos postage walk in only sahaja je jer ya ye ok okay thanks terima kasih jom "
    "mobile home express station enterprise trading sdn bhd resources ventures "
    # months, less those that are also given names ("Mei", "Jun", "April", "May")
    "januari februari mac julai ogos september oktober november disember "
    "january february march june july august october december jan feb mar apr aug sep "
    "sept oct nov dec raya ramadan syawal aidilfitri aidiladha deepavali cny krismas christmas "
    "emergency same next fully semi full half office pejabat fax faks phone fon hp handphone "
    "hotline talian contact enquiries enquiry inquiry pertanyaan info admin midnight noon "
    "tengah hello hai salam terima taman tmn kampung kg bandar jalan jln lorong seksyen pulau "
    "pasar"
)
# Words that make "Abang Din Elektrik" a business rather than a person.
_BUSINESS_NOUNS = (
    frozenset(
        word.lower()
        for kind in KINDS.values()
        for label in (kind.label_ms, kind.label_en)
        for word in label.split()
    )
    | GENERIC_WORDS
    | word_set(
        "elektrik electrical electric motor motors aircond enterprise trading services ventures "
        "resources kitchen dapur catering katering bakery bakeri tailor jahitan florist studio "
        "salon spa klinik clinic cafe kafe restoran restaurant warung kedai shop store mart "
        "express printing print auto tyre tayar dobi laundry garage"
    )
)


def _is_name_word(word: str, keywords: re.Pattern[str] | None) -> bool:
    core = word[:-2] if word.endswith("'s") else word
    lower = core.lower()
    if not _PERSON_WORD.fullmatch(word) or lower in STOP_WORDS or lower in GENERIC_WORDS:
        return False
    if lower in _COMMON_WORDS or is_place(core) or TITLE_WORD.fullmatch(core):
        return False
    return not (keywords is not None and keywords.fullmatch(lower))


def name_after(text: str, start: int, keywords: re.Pattern[str] | None) -> str:
    """One or two name words at `start` ("Faizal", "Nor Aini", "Lim's" -> "Lim")."""
    found: list[str] = []
    for match in re.finditer(r"\S+", text[start : start + 40]):
        word = match.group().rstrip(",.;:!?)")
        if not word or not _is_name_word(word, keywords):
            break
        found.append(word[:-2] if word.endswith("'s") else word)
        if len(found) == 2 or match.group() != word or word.endswith("'s"):
            break
    name = " ".join(found)
    if found and found[0].lower() in _SHOPS_AND_APPS:
        return ""  # "Order from Shopee", "Beli dari Kedai Ali": where, not who
    return "" if is_place(name) else name


# Where people buy or book, said where a person could be ("order from Shopee").
_SHOPS_AND_APPS = word_set(
    "shopee lazada tiktok grab grabfood foodpanda shopeefood instagram facebook whatsapp "
    "telegram website google kedai shop store us kami"
)


# Everyday words that follow "kak", "mak", "abang" in text written all in lower case
# ("mak buat kuih", "kak jual", "abang hantar"): never a name.
_EVERYDAY = word_set(
    "buat masak jual hantar ambil datang boleh ada nak dah dan yang saya sy kami kita punya "
    "sendiri sahaja je jer pun lah la ni tu ke di dari untuk utk dgn dengan kat dekat dkt area "
    "kawasan buka tutup order tempah sedap best murah baru lama ini itu sini sana semua tak "
    "tidak x jugak juga pon pn dia kau awak anda you bila mana apa siapa sila tolong kalau jika "
    "tiap setiap hari pagi petang malam minggu bulan tahun orang org budak anak rumah kedai "
    "the and with for from at in on to"
)


def lowercase_name_after(text: str, start: int, keywords: re.Pattern[str] | None) -> str:
    """In text typed in lower case, "kak ros" -> "Ros": one short word that is not an
    everyday one, a place or a word of the trade."""
    match = re.match(r"([a-z]{2,9})\b(?![-'])", text[start : start + 12])
    if not match:
        return ""
    word = match.group(1)
    if word in _EVERYDAY or word in STOP_WORDS or word in _COMMON_WORDS or word in GENERIC_WORDS:
        return ""
    if is_place(word) or TITLE_WORD.fullmatch(word):
        return ""
    if keywords is not None and keywords.fullmatch(word):
        return ""
    return word.capitalize()


def _titled(text: str, keywords: re.Pattern[str] | None) -> list[tuple[int, str]]:
    """(position, "Kak Ros") for each title followed by a name."""
    found: list[tuple[int, str]] = []
    places = find_places(text)
    for match in TITLE.finditer(text):
        title = match.group()
        if title[:1].islower() and title.lower() not in _LOWERCASE_TITLES_ALLOWED:
            continue  # "ok ah", "bang" in a sentence of ordinary words, not a title
        name = name_after(text, match.end() + 1, keywords)
        if not name and title.islower() and title.lower() in _LOWERCASE_TITLES_ALLOWED:
            name = lowercase_name_after(text, match.end() + 1, keywords)
        if not name:
            short = _SHORT_NAME.match(text, match.end() + 1)
            if short and not re.match(r"[\w'-]", text[short.end() : short.end() + 1]):
                name = short.group()  # "Pak Ya", "Kak Na": capitalised after a title
        if not name:
            continue
        if any(p.start() <= match.start() < p.end() for p in places):
            continue  # "Taman Tun Dr Ismail" is a place, not a doctor
        found.append((match.start(), f"{title[:1].upper()}{title[1:]} {name}"))
    return found


def find_owner(text: str, kind: Kind | None = None) -> str | None:
    """The person the business goes by, when the text names one: "Kak Ros", "Faizal".

    A title stays as written ("Ustazah Nor", "Pn Rohana"). Words of the kind's trade
    ("Elektrik") end a name. The person named first wins.
    """
    found = locate_owner(text, kind)
    return found[1] if found else None


_PATRONYMIC = re.compile(
    r"(?<![\w'])((?-i:[A-Z])[a-z]{2,})\s+(?:bin|binti|bt|anak|ak|a/l|a/p)\s+(?-i:[A-Z])[a-z]{2,}"
)


def locate_owner(text: str, kind: Kind | None = None) -> tuple[int, str] | None:
    """(where, who) for `find_owner`."""
    keywords = kind_words(kind)
    # A symbol ends a name as punctuation does ("Kak Ros 🌙 Tart nenas").
    text = "".join(" , " if is_symbol(c) else c for c in text[:NAME_SEARCH_CHARS])
    candidates = _titled(text, keywords)
    first_sentence = re.search(r"[.!?](?:\s|$)|\n", text)
    opening = first_sentence.start() if first_sentence else len(text)
    for match in _PATRONYMIC.finditer(text):
        # "Jimbai anak Nyalau", "Rosli bin Ahmad": a person's full name, said anywhere.
        if not is_place(match.group(1)) and match.group(1).lower() not in STOP_WORDS:
            candidates.append((match.start(), match.group(1)))
    for pattern in (_SELF, _BY, _CONTACT, _DASHED, _SIGNATURE):
        for match in pattern.finditer(text):
            start = match.end()
            if pattern is _DASHED and match.start() > opening:
                break  # "Kereta sewa Kuantan - Azman." signs the opening, not a later line
            if TITLE.match(text, start):
                continue  # the titled form is already found
            if pattern is _BY and _VOUCHED.search(text, max(0, match.start() - 24), match.start()):
                continue  # "Licensed by ST", "berdaftar dengan KKM": who approves, not who runs
            name = name_after(text, start, keywords)
            needs_phone = pattern is _CONTACT or pattern is _SIGNATURE
            if name and (not needs_phone or phone_follows(text, start + len(name))):
                candidates.append((match.start(), name))
    return min(candidates) if candidates else None


def phone_follows(text: str, end: int) -> bool:
    """A contact's name is followed by the number ("Hubungi Hafiz 07-355 8120")."""
    return bool(re.match(r"[\s:,(]*(?:\+?6?0|01|0\d)[\d\s-]{6,}", text[end:]))


def is_person(candidate: str) -> bool:
    """True for a person's name alone with a title ("Kak Ros", "Pak Long", "Cikgu Lim's")."""
    text = candidate.strip()
    match = TITLE.match(text + " ")
    if not match:
        return False
    rest = text[match.end() :].split()
    if not rest:
        # "Kak Long", "Abang Long": a person called by a family title alone.
        return len(text.split()) == 2 and text.split()[1][:1].isupper()
    if len(rest) == 2 and ANY_KIND_WORD.fullmatch(rest[1].lower()):
        return False  # "Pak Mat Burger" sells burgers
    return 1 <= len(rest) <= 2 and all(
        (_is_name_word(w, None) or _SHORT_NAME.fullmatch(w)) and w.lower() not in _BUSINESS_NOUNS
        for w in rest
    )


# "Pak Ya", "Mak Yo", "Kak Na": a short name after a title, though alone it reads as a word.
_SHORT_NAME = re.compile(r"[A-Z][a-z]{1,2}")
