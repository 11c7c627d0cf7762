"""Finding the business name in a description, in any script.

"Warung Pak Mat", "Tan's Bakery", "陈记咖啡店 Chen Ji Kopitiam", "Restoran Sri Murugan",
"Klinik Dr. Aminah": an explicit "nama kedai: …" or "called …", a quoted name, the
capitalised (or non-Latin) words at the start, or a capitalised run that starts or ends with
a word such as Restoran or Salon. Ordinary words, place names and people ("Kak Ros",
"Cikgu Lim's") are never taken as a business name.

Also the person a business goes by, when one is named: a title and a name ("Ustazah Nor",
"Pak Hassan"), "saya Faizal", "I'm Priya", "run by …", or a name signed before the number.
"""

from __future__ import annotations

import re

from bina.generator.kinds import GENERIC_WORDS, KINDS, Kind
from bina.generator.places import find_places, is_place
from bina.generator.text import is_symbol, strip_symbols, word_set

STOP_WORDS = word_set(
    "buka open opens opening menjual jual sells selling sell serving serves menyediakan di in at "
    "near dekat menu harga price prices whatsapp wa tel call hubungi alamat address is ialah "
    "adalah sejak since kami we our saya i my dengan with untuk for yang that which terletak "
    "located setiap every daily kecuali except tutup closed hanya only dari from best terbaik "
    "murah cheap sedap delicious halal pakej package lokasi location waktu hours order tempahan "
    "booking hari isnin selasa rabu khamis jumaat sabtu ahad monday tuesday wednesday thursday "
    "friday saturday sunday ada has have offers offering menawarkan form tingkatan darjah"
)
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


_SCHOOL_LEVEL = re.compile(
    r"(?:year|form|tingkatan|darjah|standard|std|grade|primary|secondary)\s+\d", re.I
)


def _said_of_kinds(pieces: list[str], span: int) -> list[bool]:
    """Which words are what is sold or done: kind keywords of up to `span` words ("Add
    Maths", "nasi lemak"), the kinds of place and the words that describe a trade."""
    said = [p.lower() in GENERIC_WORDS | DESCRIPTORS for p in pieces]
    for first in range(len(pieces)):
        for last in range(first, min(len(pieces), first + span)):
            if _ANY_KIND_WORD.fullmatch(" ".join(pieces[first : last + 1])):
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


# A name is stated early; looking further only costs time on very long descriptions.
_NAME_SEARCH_CHARS = 800
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
        if match.start() < first_line or _phone_follows(text, match.end() + len(candidate)):
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
        if head.isupper() and _ANY_KIND_WORD.fullmatch(head):
            continue  # "Repair laptop & PC Zainal": "PC" is still what is repaired
        if len(candidate.split()) >= 2 and acceptable_name(candidate):
            return candidate
    return None


_PRICED = re.compile(r"[^\S\n]*(?:[^\W\d_]+[^\S\n]+){0,3}(?:RM|rm)\s?\d")


def _capitalised_name(text: str) -> str | None:
    """A capitalised run early in the text that looks like a business name."""
    # "Saya buka Restoran Selera Kampung di Shah Alam", "Tempah di Bella Salon".
    examined = 0
    for match in re.finditer(r"(?<![\w'])[A-Z\u0100-\uffff]", text[:_NAME_SEARCH_CHARS]):
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


# --- people: the owner or the person to contact ---------------------------------------------

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
_PLACE_PREFIX = re.compile(
    r"(?:taman|tmn|kampung|kampong|kg|bandar|jalan|jln|seksyen|section|lorong|lrg|persiaran|"
    r"pekan|mukim|daerah|presint|precinct|desa|pusat bandar|pasar|stesen|station|lrt|mrt|pulau|"
    r"terminal|hentian|jeti)\.?\s",
    re.I,
)
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
STRONG_KIND_WORD: re.Pattern[str] = re.compile(
    "|".join(
        f"(?:{words_})"
        for kind in KINDS.values()
        for weight, words_ in kind.keywords
        if weight >= 3
    ),
    re.I,
)
_ANY_KIND_WORD: re.Pattern[str] = re.compile(
    "|".join(f"(?:{words_})" for kind in KINDS.values() for _, words_ in kind.keywords), re.I
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
    text = "".join(" , " if is_symbol(c) else c for c in text[:_NAME_SEARCH_CHARS])
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
            if name and (not needs_phone or _phone_follows(text, start + len(name))):
                candidates.append((match.start(), name))
    return min(candidates) if candidates else None


def _phone_follows(text: str, end: int) -> bool:
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
    if len(rest) == 2 and _ANY_KIND_WORD.fullmatch(rest[1].lower()):
        return False  # "Pak Mat Burger" sells burgers
    return 1 <= len(rest) <= 2 and all(
        (_is_name_word(w, None) or _SHORT_NAME.fullmatch(w)) and w.lower() not in _BUSINESS_NOUNS
        for w in rest
    )


# "Pak Ya", "Mak Yo", "Kak Na": a short name after a title, though alone it reads as a word.
_SHORT_NAME = re.compile(r"[A-Z][a-z]{1,2}")


# A home kitchen sells what bakeries, cafés and eateries sell ("Kek batik", "Nasi lemak").
# Kinds whose dishes say what another cooks: a caterer's "nasi mandy", a home kitchen's kek.
_RELATED: dict[str, tuple[str, ...]] = {
    "home_food": ("bakery", "restaurant", "cafe", "catering"),
    "catering": ("restaurant", "bakery"),
}


def kind_words(kind: Kind | None) -> re.Pattern[str] | None:
    if kind is None or not kind.keywords:
        return None
    kinds = [kind, *(KINDS[key] for key in _RELATED.get(kind.key, ()))]  # type: ignore[index]
    return re.compile(
        "|".join(f"(?:{words_})" for each in kinds for _, words_ in each.keywords), re.I
    )
