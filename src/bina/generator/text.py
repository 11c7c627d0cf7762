"""Small text helpers shared by the analysis modules: cleaning, sentences, words, language."""

from __future__ import annotations

import re
import unicodedata

_DASHES = str.maketrans(
    {
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\uff5e": "-",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u00a0": " ",
        "\u3000": " ",
        "\uff1a": ":",
        "\uff0c": ",",
        "\u3001": ",",
        "\uff08": "(",
        "\uff09": ")",
    }
)
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_SPACES = re.compile(r"[ \t]+")


def word_set(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set (for readable word lists)."""
    return frozenset(text.split())


def clean(text: str) -> str:
    """The description with unified dashes and quotes, no control or invisible characters."""
    text = unicodedata.normalize("NFC", text).translate(_DASHES)
    text = _INVISIBLE.sub("", _CONTROL.sub(" ", text)).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def is_symbol(char: str) -> bool:
    """True for emoji, pictographs and other symbols that are not letters or digits."""
    category = unicodedata.category(char)
    return category.startswith("S") or category in {"Co", "Cn"} or char in "\ufe0f\u20e3"


def strip_symbols(text: str) -> str:
    """The text without emoji and pictographs (keeps letters of every script)."""
    return _SPACES.sub(" ", "".join(" " if is_symbol(c) else c for c in text)).strip()


_ABBREVIATIONS = word_set(
    "no jln jl lot sdn bhd dr tmn kg st mt sg bt bdr lrg psn pn en tel hp dll etc vs "
    "mr mrs ms prof sri bkt kpg incl excl approx"
)
_BREAK = re.compile(r"[.!?]+(?=\s)|\n")


def sentences(text: str) -> list[str]:
    """The text split into sentences (and lines), each stripped, none empty.

    A full stop inside a number ("1.50", "10.30") or after an abbreviation ("No.", "Jln.")
    does not end a sentence.
    """
    parts: list[str] = []
    start = 0
    for match in _BREAK.finditer(text):
        if match.group() != "\n" and match.group().startswith("."):
            before = re.search(r"(?<![\d/])(\w+)$", text[start : match.start()])
            if before and before.group(1).lower() in _ABBREVIATIONS:
                continue  # "Jln." and "No." go on; "RM8/kg." and "10 no." end
        parts.append(text[start : match.end()])
        start = match.end()
    parts.append(text[start:])
    return [part.strip() for part in parts if part.strip(" .,;!?-\n")]


_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", re.UNICODE)


def words(text: str) -> list[str]:
    """The words of the text, lower case, any script."""
    return [word.lower() for word in _WORD.findall(text)]


_MALAY_WORDS = word_set(
    "dan di yang kami untuk dengan ini itu buka tutup hingga sampai setiap hari sahaja saja "
    "ada kedai jual menjual harga dari pada ke atau juga boleh tempahan hubungi kecuali "
    "isnin selasa rabu khamis jumaat sabtu ahad pagi petang malam tengah murah sedap "
    "kat nak tak tiada tidak bermula mulai rumah jalan taman kampung kami kita anda "
    "perkhidmatan servis menyediakan pelanggan baru lama seperti juga sebab oleh"
)
_ENGLISH_WORDS = word_set(
    "and the we our for with this that open opens closed closes until to every day daily "
    "only from at in or also can book booking call contact except monday tuesday wednesday "
    "thursday friday saturday sunday am pm morning evening night cheap delicious near "
    "is are of a an by best shop services service offer offers customers new old like "
    "you your us located"
)


def detect_language(text: str) -> str:
    """'ms' or 'en': which language most function words of the text belong to (ties: ms)."""
    malay = english = 0
    for word in words(text):
        if word in _MALAY_WORDS:
            malay += 1
        elif word in _ENGLISH_WORDS:
            english += 1
    return "en" if english > malay else "ms"


_SMALL_WORDS = word_set(
    "di dan ke dari bin binti bt bte a/l a/p of and the in at for by to on with & n"
)


def title_case(text: str) -> str:
    """Title Case for a label ("kedai nasi kandar" -> "Kedai Nasi Kandar"), small words kept."""
    out: list[str] = []
    for index, word in enumerate(text.split()):
        if index and word.lower() in _SMALL_WORDS:
            out.append(word.lower())
        elif word[:1].islower():
            out.append(word[:1].upper() + word[1:])
        else:
            out.append(word)
    return " ".join(out)


def sentence_case(text: str) -> str:
    """First letter upper case and a full stop at the end, the rest untouched."""
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    if text[-1] not in ".!?":
        text += "."
    return text


def trim(text: str, limit: int) -> str:
    """The text cut at a word boundary to at most `limit` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(",;:- ")
    return cut + "…"


# --- shorthand ------------------------------------------------------------------------------

# Malay chat shorthand, spelled out for published text. Only forms that mean one thing: "dr"
# (doctor or "dari"), "hr" (hour or "hari"), "kg" (kilogram or "kampung") and "msg" (a
# flavouring as often as a message) are left as written.
_SHORTHAND_MS: dict[str, str] = {
    "utk": "untuk",
    "untk": "untuk",
    "ntuk": "untuk",
    "yg": "yang",
    "dgn": "dengan",
    "dg": "dengan",
    "thn": "tahun",
    "thun": "tahun",
    "bln": "bulan",
    "sy": "saya",
    "dkt": "dekat",
    "org": "orang",
    "brg": "barang",
    "hrg": "harga",
    "hrga": "harga",
    "sbb": "sebab",
    "sbg": "sebagai",
    "tp": "tapi",
    "tpt": "tempat",
    "tmpt": "tempat",
    "jgn": "jangan",
    "blh": "boleh",
    "bleh": "boleh",
    "mcm": "macam",
    "pd": "pada",
    "dlm": "dalam",
    "kpd": "kepada",
    "skrg": "sekarang",
    "sblm": "sebelum",
    "slps": "selepas",
    "byk": "banyak",
    "tlg": "tolong",
    "dll": "dan lain-lain",
    "dsb": "dan sebagainya",
    "dpt": "dapat",
    "mmg": "memang",
    "sgt": "sangat",
    "bkn": "bukan",
    "xde": "tiada",
    "takde": "tiada",
    "tkde": "tiada",
    "xda": "tiada",
    "kwsn": "kawasan",
    "pkej": "pakej",
    "mgg": "minggu",
    "mggu": "minggu",
    "hbgi": "hubungi",
    "dtg": "datang",
    "dtng": "datang",
    "sdh": "sudah",
    "lg": "lagi",
    "hantr": "hantar",
    "tempahn": "tempahan",
    "ye": "ya",
    "je": "sahaja",
    "jer": "sahaja",
    "sje": "sahaja",
    "sahje": "sahaja",
}
# Shorthand that is also an English word or unit is only spelled out in Malay text.
_MALAY_ONLY = frozenset({"tp", "pd", "lg", "ye", "je", "org"})
# "min order", "min 3 jam" are a minimum; "45 min" is minutes and stays.
_MINIMUM = re.compile(
    r"(?<![\d.])(?<!\d )\bmin\b\.?(?=\s*(?:order|\d|tempahan|pembelian|pax|beli|purchase|spend))",
    re.I,
)
_SHORTHAND_EN: dict[str, str] = {
    "pls": "please",
    "plz": "please",
    "thx": "thanks",
    "appt": "appointment",
    "ppl": "people",
    "yrs": "years",
    "mths": "months",
    "w/": "with",
}
# "x"/"tak" before a word mean "tidak" ("x boleh", "tak termasuk"); "kat" before a word is
# the preposition "di". A number around "x" makes it a multiplication sign ("2 x 4").
_NOT = re.compile(r"(?<![\w.@/])(?:x|tak)(?=\s+[^\W\d_]{2,})(?<!\d\sx)", re.I)
_AT = re.compile(r"(?<![\w.@/])kat(?=\s+[^\W\d_])", re.I)
# A short code in capitals ("PW2", "MP3") is no doubled word.
_DOUBLED = re.compile(r"\b((?![A-Z]{2,3}2)[^\W\d_]{2,})2(an|nya)?\b")
# "sekurang2nya" -> "sekurang-kurangnya": the prefix "se" is not doubled.
_DOUBLED_SE = re.compile(r"\b(se)([^\W\d_]{2,})2(nya)\b", re.I)
_REPEATED_MARKS = re.compile(r"([!?])\1+|,{2,}|;{2,}")
_URLISH = re.compile(r"\S+@\S+|https?://\S+|www\.\S+|\S+\.(?:com|my|net|org)\S*|@\w+")
_TOKEN_WORD = re.compile(r"(?<![\w.@/'-])([^\W\d_]+/?)(?![\w@'-]|\.\w)")


def _cased(original: str, expansion: str) -> str:
    if len(original) > 1 and original.isupper():
        return expansion.upper()
    if original[:1].isupper():
        return expansion[:1].upper() + expansion[1:]
    return expansion


def _expand_plain(text: str, language: str) -> str:
    malay = language != "en"

    def word(match: re.Match[str]) -> str:
        token = match.group(1)
        lower = token.lower()
        expansion = _SHORTHAND_MS.get(lower)
        if expansion and (malay or lower not in _MALAY_ONLY):
            return _cased(token, expansion)
        expansion = _SHORTHAND_EN.get(lower)
        if expansion:
            return _cased(token, expansion)
        return token

    text = _TOKEN_WORD.sub(word, text)
    text = _MINIMUM.sub(lambda m: _cased(m.group().rstrip("."), "minimum"), text)
    if malay:
        text = _NOT.sub(lambda m: _cased(m.group(), "tidak"), text)
        text = _AT.sub(lambda m: _cased(m.group(), "di"), text)
    # "kanak2" -> "kanak-kanak", "buah2an" -> "buah-buahan".
    text = _DOUBLED_SE.sub(lambda m: f"{m.group(1)}{m.group(2)}-{m.group(2)}{m.group(3)}", text)
    text = _DOUBLED.sub(lambda m: f"{m.group(1)}-{m.group(1).lower()}{m.group(2) or ''}", text)
    return _REPEATED_MARKS.sub(lambda m: m.group()[0], text)


def expand_shorthand(text: str, language: str = "ms") -> str:
    """The text with chat shorthand spelled out ("utk" -> "untuk", "!!" -> "!").

    Whole words only, the case kept ("Utk" -> "Untuk"); web and e-mail addresses and
    @handles are left alone. `language` is the language the text is written in.
    """
    out: list[str] = []
    position = 0
    for match in _URLISH.finditer(text):
        out.append(_expand_plain(text[position : match.start()], language))
        out.append(match.group())
        position = match.end()
    out.append(_expand_plain(text[position:], language))
    return "".join(out)
