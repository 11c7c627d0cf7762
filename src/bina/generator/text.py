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
    "mr mrs ms prof sri bkt kpg"
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
            before = re.search(r"(\w+)$", text[start : match.start()])
            if before and before.group(1).lower() in _ABBREVIATIONS:
                continue
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
