"""Checks that text written by a model states no fact the user did not give.

A field fails when it has a number, price, phone, e-mail or web address that is not in the
description, a claim word ("halal", "award", "terbaik", "sejak"…) the user did not use, or a
capitalised name that appears nowhere in what the user wrote. Failed fields are dropped and
the offline wording is used for them instead.

`SourceText` answers the reverse question for facts a model read: is this value really in
the description (names and places word for word, amounts, phone digits, clock times, and a
price next to its item)?
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal

from bina.generator.profile import BusinessProfile
from bina.generator.text import word_set, words

# Words that make a claim; allowed only when the user used them (or a word they start).
CLAIM_WORDS = word_set(
    "halal jakim certified certificate certification sijil bertauliah berlesen licensed license "
    "award awards awarded anugerah winner winning pemenang juara champion best terbaik paling "
    "famous terkenal michelin rated top-rated viral organic organik fresh segar homemade "
    "authentic asli original traditional tradisional premium guaranteed guarantee jaminan "
    "dijamin free percuma discount diskaun promo promosi cheapest termurah murah delivery "
    "penghantaran since sejak established ditubuhkan years tahun decades dekad experience "
    "pengalaman expert pakar professional profesional specialist no.1 #1 number nombor "
    "recipe resipi family keluarga grandma nenek chef doctor doktor dr"
)
_ALWAYS_ALLOWED_NAMES = word_set(
    "whatsapp google maps malaysia malaysian instagram facebook tiktok kami anda jom selamat "
    "isnin selasa rabu khamis jumaat sabtu ahad monday tuesday wednesday thursday friday "
    "saturday sunday rm ringgit i we our you your hubungi contact"
)
_NUMBER = re.compile(r"\d+(?:[.,:]\d+)*")
_CONTACT = re.compile(r"@|https?://|www\.|\.com\b|\.my\b|wa\.me", re.I)


def _numbers(text: str) -> set[str]:
    found: set[str] = set()
    for match in _NUMBER.finditer(text):
        raw = match.group()
        found.add(raw)
        found.add(raw.replace(",", ""))
        for part in re.split(r"[.,:]", raw):
            found.add(part.lstrip("0") or "0")
    return found


class FactChecker:
    """Knows what the user said, and tells whether a sentence says anything more."""

    def __init__(self, profile: BusinessProfile) -> None:
        facts = [profile.description, profile.display_name, profile.label]
        facts += [phone.display for phone in profile.phones]
        facts += [phone.digits for phone in profile.phones]
        facts += [item.name for item in profile.items]
        self._numbers = _numbers(" ".join(facts))
        self._words = set(words(" ".join(facts)))
        self._text = " ".join(facts).lower()

    def problem(self, text: str) -> str | None:
        """Why `text` cannot be used, or None when it states nothing new."""
        for match in _NUMBER.finditer(text):
            number = match.group()
            parts = {number, number.replace(",", "")} | {
                p.lstrip("0") or "0" for p in re.split(r"[.,:]", number)
            }
            if not parts & self._numbers or not all(
                (p.lstrip("0") or "0") in self._numbers for p in re.split(r"[.,:]", number)
            ):
                return f"number {number} is not in the description"
        if _CONTACT.search(text):
            return "contact details or links are not the model's to write"
        for word in words(text):
            if word in CLAIM_WORDS and not any(w.startswith(word) for w in self._words):
                return f"claim word {word!r} was not in the description"
        for sentence in re.split(r"(?<=[.!?])\s+", text):
            tokens = re.findall(r"[^\W\d_][\w'’-]*", sentence)
            for token in tokens[1:]:
                if not token[:1].isupper():
                    continue
                lowered = token.lower()
                if lowered in _ALWAYS_ALLOWED_NAMES or lowered in self._words:
                    continue
                if lowered in self._text:
                    continue
                return f"name {token!r} does not appear in the description"
        return None


# --- facts read by a model, checked against the description ---------------------------------

# Shorthand owners write, mapped to the spelled-out word; both the description and a model's
# value are read through it, so "utk" in one matches "untuk" in the other.
SHORTHAND: dict[str, str] = {
    "utk": "untuk",
    "yg": "yang",
    "dgn": "dengan",
    "dkt": "dekat",
    "kat": "dekat",
    "sy": "saya",
    "org": "orang",
    "thn": "tahun",
    "bln": "bulan",
    "hr": "hari",
    "jln": "jalan",
    "jl": "jalan",
    "tmn": "taman",
    "kg": "kampung",
    "kpg": "kampung",
    "bdr": "bandar",
    "sek": "seksyen",
    "skrg": "sekarang",
    "blh": "boleh",
    "pkl": "pukul",
    "ptg": "petang",
    "mlm": "malam",
    "pg": "pagi",
    "tgh": "tengah",
    "sgt": "sangat",
    "sbb": "sebab",
    "tk": "tak",
    "x": "tak",
    "mcm": "macam",
    "brg": "barang",
    "kdai": "kedai",
    "kt": "dekat",
    "dtg": "datang",
    "sg": "sungai",
    # Towns owners write as initials.
    "kl": "kuala lumpur",
    "pj": "petaling jaya",
    "jb": "johor bahru",
    "kk": "kota kinabalu",
    "kb": "kota bharu",
    "bm": "bukit mertajam",
    "sp": "sungai petani",
    "kkb": "kuala kubu bharu",
    "sri": "seri",
    "sblm": "sebelum",
    "hrg": "harga",
    "bwh": "bawah",
    "smpai": "sampai",
    "smpi": "sampai",
    "dlm": "dalam",
    "lg": "lagi",
    "sj": "sahaja",
    "shj": "sahaja",
}
_TOKEN = re.compile(r"[^\W\d_]+|\d+")
_AMOUNT = re.compile(r"(?<![\d.,])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?(?![\d])")
_PRICE_MARK = re.compile(r"rm\s*\d|\d\.\d{2}\b|\d\s*(?:ringgit|sen)\b", re.I)
_SEPARATOR = re.compile(r"[,;\n]|\.(?:\s|$)")
_SEPARATOR_COST = 40
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)|\n")
_CLOCK = re.compile(
    r"(?<![\d.,:])(\d{1,2})(?:\s*[:.]\s*(\d{2}))?(?![\d])|(?<![\d.,:])([01]\d|2[0-3])([0-5]\d)(?![\d])"
)


def fold(text: str) -> str:
    """Lower case without accents: "Café" and "cafe" read the same."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def _canonical(token: str) -> str:
    return SHORTHAND.get(token, token)


def _tokenise(folded: str) -> list[tuple[str, str, Span]]:
    """(as written, spelled out, where) for each word or number; "kanak2" reads as
    "kanak-kanak", the way Malay doubles a word, and "JB" as "johor bahru"."""
    found: list[tuple[str, str, Span]] = []
    for match in _TOKEN.finditer(folded):
        raw, span = match.group(), Span(match.start(), match.end())
        previous = found[-1] if found else None
        if raw == "2" and previous and previous[2].end == span.start and previous[1].isalpha():
            found.append((raw, previous[1], span))
        else:
            found += [(raw, word, span) for word in _canonical(raw).split()]
    return found


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int


class SourceText:
    """The description, ready to tell whether a value read from it is really in it.

    Values are compared token by token with accents and case folded and shorthand spelled
    out; numbers by value; phone numbers by digits; clock times by hour and minute.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.folded = fold(text)
        found = _tokenise(self.folded)
        self._raw = [raw for raw, _, _ in found]
        self._tokens = [token for _, token, _ in found]
        self._spans = [span for _, _, span in found]
        self._amounts: list[tuple[Decimal, Span]] = []
        for match in _AMOUNT.finditer(text):
            whole, cents = match.group(1), match.group(2)
            value = Decimal(whole.replace(",", "") + (f".{cents}" if cents else ""))
            if not cents and re.match(r"\s*sen\b", text[match.end() :], re.I):
                value = value / 100  # "10 sen" is RM0.10
            elif re.match(r"[^\W\d_]", text[match.end() : match.end() + 1]):
                continue  # "2ft", "10kg": a quantity, not a price
            self._amounts.append((value, Span(match.start(), match.end())))
        self._digit_runs = [
            (re.sub(r"\D", "", run.group()), Span(run.start(), run.end()))
            for run in re.finditer(r"\+?\d[\d\s().-]{5,}\d", text)
        ]

    # -- phrases --------------------------------------------------------------------------

    @staticmethod
    def tokens(value: str) -> list[str]:
        return [token for _, token, _ in _tokenise(fold(value))]

    def spans(self, value: str) -> list[Span]:
        """Where the value's words stand side by side in the text (any case, accents, shorthand)."""
        wanted = self.tokens(value)
        if not wanted:
            return []
        found: list[Span] = []
        size = len(wanted)
        for index in range(len(self._tokens) - size + 1):
            if self._tokens[index : index + size] == wanted:
                found.append(Span(self._spans[index].start, self._spans[index + size - 1].end))
        return found

    def traceable(self, value: str) -> bool:
        return bool(self.spans(value))

    def traceable_parts(self, value: str, within: int = 60) -> bool:
        """Each comma-separated part of a place in the text, the parts close together:
        "Seksyen 13, Shah Alam" for "Shah Alam Seksyen 13"."""
        parts = [part for part in re.split(r"\s*,\s*", value) if part.strip()]
        if len(parts) < 2:
            return self.traceable(value)
        found = [self.spans(part) for part in parts]
        if not all(found):
            return False
        first = found[0]
        return all(
            any(any(self.gap(a, b) <= within for a in first) for b in spans) for spans in found[1:]
        )

    def written_as_name(self, value: str) -> bool:
        """The value stands in the text with capitals, as owners write a name ("Durian Ah
        Seng"), not as plain words ("gerai durian")."""
        for span in self.spans(value):
            written = re.findall(r"[^\W\d_]+", self.text[span.start : span.end])
            capitals = sum(1 for word in written if word[:1].isupper())
            if written and capitals * 2 >= len(written) and (capitals > 1 or len(written) == 1):
                return True
        return False

    def loosely_traceable(self, value: str) -> bool:
        """Every word of the value in the text, in order, with at most one word left out for
        every three kept ("Order 2 hari awal" for "order 2 hari lebih awal"), none for short
        values: "penghantaran percuma" is not in "penghantaran RM5, parking percuma".

        For notes, which spell shorthand out and may drop a bracket or a filler word.
        """
        wanted = self.tokens(value)
        if not wanted:
            return False
        limit = len(wanted) + len(wanted) // 3
        for start, token in enumerate(self._tokens):
            if token != wanted[0]:
                continue
            position, matched = start + 1, 1
            while matched < len(wanted) and position < min(len(self._tokens), start + limit):
                if self._tokens[position] == wanted[matched]:
                    matched += 1
                position += 1
            if matched == len(wanted):
                return True
        return False

    def has_word(self, *candidates: str) -> bool:
        words_here = set(self._tokens) | set(self._raw)
        return any(fold(c) in words_here for c in candidates)

    def search(self, pattern: str) -> bool:
        """A regular expression (whole words, folded text) that matches and is not negated."""
        for match in re.finditer(rf"\b(?:{pattern})\b", self.folded, re.I):
            before = self.folded[max(0, match.start() - 20) : match.start()]
            before = re.split(r"[,;.!?\n]", before)[-1]
            if not _NEGATED.search(before):
                return True
        return False

    def words_after(self, span: Span, chars: int = 25) -> list[str]:
        return _TOKEN.findall(self.folded[span.end : span.end + chars])

    def words_before(self, span: Span, chars: int = 15) -> list[str]:
        return _TOKEN.findall(self.folded[max(0, span.start - chars) : span.start])

    def text_before(self, span: Span, chars: int = 20) -> str:
        return self.folded[max(0, span.start - chars) : span.start]

    # -- numbers --------------------------------------------------------------------------

    def amount_spans(self, value: Decimal) -> list[Span]:
        return [span for amount, span in self._amounts if amount == value]

    def has_number(self, value: str) -> bool:
        """Every number in the value is written in the text (as digits)."""
        numbers = re.findall(r"\d+", value)
        present = set(self._raw)
        return bool(numbers) and all(n in present or n.lstrip("0") in present for n in numbers)

    def price_between(self, start: int, end: int) -> bool:
        return bool(_PRICE_MARK.search(self.text[start:end]))

    def gap(self, first: Span, second: Span) -> int:
        """Characters between two spans (0 when they touch or overlap)."""
        if first.end <= second.start:
            return second.start - first.end
        if second.end <= first.start:
            return first.start - second.end
        return 0

    def adjacent(self, phrase: Span, price: Span, limit: int = 45) -> int | None:
        """How closely a phrase belongs to a price (smaller is closer), or None.

        None when they are too far apart, overlap ("2ft" is not a price of 2), another price
        stands between, or the price comes first and a sentence ends between them
        ("… RM50/month. Adult class …"). A comma or a line break between them counts as
        distance: "RM50 kanak-kanak, RM80 dewasa" binds "kanak-kanak" to 50, not to 80.
        """
        if phrase.start < price.end and price.start < phrase.end:
            return None
        gap = self.gap(phrase, price)
        if gap > limit:
            return None
        price_first = price.end <= phrase.start
        low, high = (price.end, phrase.start) if price_first else (phrase.end, price.start)
        between = self.text[low:high]
        if between and self.price_between(low, high):
            return None
        if price_first and _SENTENCE_END.search(between):
            return None
        return gap + (_SEPARATOR_COST if _SEPARATOR.search(between) else 0)

    def phone_span(self, written: str) -> Span | None:
        """Where the number's digits are written, whichever way the country code was given."""
        digits = re.sub(r"\D", "", written)
        national = re.sub(r"^(?:60|0)", "", digits)
        if len(national) < 7:
            return None
        for run, span in self._digit_runs:
            if national in run:
                return span
        return None

    def has_phone(self, written: str) -> bool:
        return self.phone_span(written) is not None

    def has_time(self, value: str) -> bool:
        """An "HH:MM" time written in the text in any common way (9, 9.00, 9am, 0900, 21:00)."""
        match = re.fullmatch(r"(\d{1,2}):(\d{2})", value.strip())
        if not match:
            return False
        hour, minute = int(match.group(1)), int(match.group(2))
        for clock in _CLOCK.finditer(self.text):
            if clock.group(3) is not None:
                written_hour, written_minute = int(clock.group(3)), int(clock.group(4))
            else:
                written_hour = int(clock.group(1))
                written_minute = int(clock.group(2)) if clock.group(2) else 0
            if written_minute != minute or written_hour > 24:
                continue
            if written_hour in {hour, hour - 12, hour + 12} or (
                hour == 0 and written_hour in {12, 24}
            ):
                return True
        return False


_NEGATED = re.compile(r"\b(?:tiada|tidak|tak|takde|no|not|non|bukan|without|tanpa)\W*(?:\w+\W+)?$")
