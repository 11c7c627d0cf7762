"""What a business does, in the user's words, and a name composed from it.

"Servis aircond rumah & kedai area Shah Alam … Sy Faizal" -> "Servis aircond", owner "Faizal"
-> "Servis Aircond Faizal". The words come from the opening clauses; a kind's keywords say
which words tell what is done.
"""

from __future__ import annotations

import re

from bina.generator.item_words import WHO_WORDS
from bina.generator.kind import Kind
from bina.generator.kinds import GENERIC_WORDS
from bina.generator.name_words import STOP_WORDS, STRONG_KIND_WORD, kind_words
from bina.generator.names import DESCRIPTORS, OPENERS
from bina.generator.people import (
    TITLE,
    TITLE_WORD,
    is_person,
    lowercase_name_after,
    name_after,
)
from bina.generator.places import is_place
from bina.generator.text import expand_shorthand, is_symbol, title_case, word_set

_TRADE_WORDS = word_set(
    "kedai gerai pusat servis service services kelas class classes tukang jurusolek jurugambar "
    "juruteknik perkhidmatan centre "
    "center shop store studio butik boutique warung restoran klinik pakar specialist expert "
    "stall booth kiosk lessons lesson classes course courses kursus training reading"
)
_JOINERS = word_set("& dan and n")
# Words that sell rather than say what is done; an opening word among them is not taken into
# a composed name ("Promo servis aircond", "Affordable wedding photography").
_SELLING = word_set(
    "promo promosi sale jualan murah-murah termurah cheapest affordable berpatutan top quality "
    "ready stock new baru jom hot latest terkini reliable trusted dipercayai urgent segera "
    "quality berkualiti no.1 nombor satu number one"
)
# Words that praise rather than say what is done; they are left off a composed name.
_DESCRIPTIVE = word_set(
    "homemade home-made home-based homebased buatan sendiri segar fresh murah cheap sedap best "
    "terbaik original premium viral famous popular terkenal"
)
_PHRASE_END = re.compile(
    r"[,;:!?\n(@]|(?<!\bDr)(?<!\bNo)\.|\s[-–]\s|\b(?:di|in|at|near|area|kawasan|sekitar|around|yang|that|which|"
    r"buka|open|dengan|dgn|bersama|with|sejak|since|untuk|utk|for(?! (?:rent|hire|sale)\b)|"
    r"kami|we|located|"
    r"terletak|dekat|dkt|run|by|oleh|milik|ambil|pickup|tepi|sebelah|opposite|depan|"
    r"dari rumah|from home|"
    # a qualification or the word "jobs" says nothing more of the trade: "wireman berlesen ST",
    # "moving jobs"
    r"berlesen|licen[cs]ed|bertauliah|berdaftar|registered|certified|accredited|jobs?|works)\b",
    re.I,
)


# Where what is done may be said when the opening clause does not say it: the next clauses
# of the first sentences ("Hi, I'm Priya! I bake eggless cakes from my home").
_TRADE_SEARCH_CHARS = 240
_CLAUSE_START = re.compile(r"[,.;:!?]+\s+|\n|\s[-–]\s")


_LEAD_VERB = re.compile(
    r"(?:(?:buka|membuka|jual|menjual|buat|membuat|sediakan|menyediakan|terima|menerima|ada|"
    r"offer|offering|sell|selling|run|running|do|doing|provide|providing|"
    # the customer's search: "Nak cari tukang jahit?", "Looking for a plumber?"
    r"nak|hendak|mahu|cari|mencari|perlukan|need|needs|looking\s+for|searching\s+for|"
    r"want)\s+)+",
    re.I,
)


def _clause_starts(text: str) -> list[tuple[int, str, int]]:
    """(number, text up to the clause's end, where the clause starts) for the first few
    clauses; questions come last: "Rumah selalu trip??" tells the customer's trouble, and
    only when nothing else says what is done does one ("Looking for a plumber?") say it."""
    head = "".join("," if is_symbol(c) else c for c in text[:_TRADE_SEARCH_CHARS])
    marks = list(_CLAUSE_START.finditer(head))
    starts = [0] + [m.end() for m in marks]
    out: list[tuple[int, str, int]] = []
    questions: list[tuple[int, str, int]] = []
    for number, start in enumerate(starts):
        asks = number < len(marks) and "?" in marks[number].group()
        rest = head[start:]
        opener = OPENERS.match(rest.lstrip())
        begin = start + len(rest) - len(rest.lstrip()) + (opener.end() if opener else 0)
        verb = _LEAD_VERB.match(head, begin)
        begin = verb.end() if verb else begin  # "buka servis repair telefon": what is opened
        cut = _PHRASE_END.search(head, begin)
        end = cut.start() if cut else len(head)
        if end > begin:
            (questions if asks else out).append((number, head[:end], begin))
    return out + questions


def _tokens(clause: str, start: int) -> list[tuple[int, str]]:
    return [(m.start(), m.group()) for m in re.finditer(r"\S+", clause[start:])][:10]


def _covered(words_: list[str], pattern: re.Pattern[str]) -> list[bool]:
    """Which words some keyword span (up to four words) of `pattern` covers."""
    covered = [False] * len(words_)
    for first in range(len(words_)):
        for last in range(first, min(len(words_), first + 4)):
            if pattern.fullmatch(" ".join(words_[first : last + 1])):
                for index in range(first, last + 1):
                    covered[index] = True
    return covered


_PRICE_IN = re.compile(r"\b(?:RM|rm)\s?\d")


def _trade_run(
    tokens: list[tuple[int, str]], keywords: re.Pattern[str], strong_only: bool = False
) -> tuple[int, int, int] | None:
    """(first, last, joined last) tokens of the first run that says what is done.

    The run is the words any kind's keywords cover (so "Nasi lemak & kuih" for a home
    kitchen), with "kedai", "kelas" and the like, holding at least one of this kind's own
    words; praise ("homemade") is left off its ends. "Joined last" carries the run over "&"
    to a second covered run ("Kelas mengaji & fardu ain"), for when a name follows that.
    """
    words_ = [expand_shorthand(token.lower().strip("'\"")) for _, token in tokens]
    own = _covered(words_, keywords)
    # The words that say outright what the business is (weight 3 and up), of any kind.
    own_strong = [a and b for a, b in zip(own, _covered(words_, STRONG_KIND_WORD), strict=True)]
    covered = [a or b for a, b in zip(own, _covered(words_, STRONG_KIND_WORD), strict=True)]
    for index, (_, token) in enumerate(tokens[:-1]):
        if TITLE_WORD.fullmatch(token) and tokens[index + 1][1][:1].isupper():
            own[index] = covered[index] = False  # "Klinik gigi Dr. Farah": who, not what
    runs: list[list[int]] = []
    for index, word in enumerate(words_):
        if covered[index] or word in _TRADE_WORDS:
            if runs and runs[-1][-1] == index - 1:
                runs[-1].append(index)
            else:
                runs.append([index])
    # A run that says outright what the business is comes before one that only hints at it
    # ("I bake eggless cakes": "cakes", not "bake").
    ordered = [run for run in runs if any(own_strong[i] for i in run)]
    if not strong_only:
        ordered += [run for run in runs if run not in ordered]
    for run in ordered:
        number = runs.index(run)
        following = runs[number + 1] if number + 1 < len(runs) else None
        joinable = bool(
            following and following[0] == run[-1] + 2 and words_[run[-1] + 1] in _JOINERS
        )
        group = run + (following or []) if joinable else run
        if not any(own[index] for index in group):
            continue
        first, last = run[0], run[-1]
        while first < last and words_[first] in _DESCRIPTIVE:
            first += 1
        while last > first and words_[last] in _DESCRIPTIVE:
            last -= 1
        joined = following[-1] if following and joinable and last == run[-1] else last
        strong = any(own_strong[index] for index in range(first, last + 1))
        pair = joined == last + 2 and {words_[last], words_[joined]} <= WHO_WORDS
        if words_[joined] in _TRADE_WORDS or not strong or pair:
            # "Grooming kucing & anjing": who it is for, both of them.
            # "Tajwid & Iqra classes": the noun is for both; "Laptop and phone repair": the
            # first part alone does not say what is done.
            last = joined
        return first, last, joined
    return None


def _with_opening_words(
    tokens: list[tuple[int, str]], run: tuple[int, int, int]
) -> tuple[int, int, int]:
    """The run taken back to the clause's start over one or two plain words that qualify it:
    "Sports massage", "Pau frozen", "Polish lantai" say what more exactly than the keyword."""
    first, last, joined = run
    if not 0 < first <= 2:
        return run
    for _, token in tokens[:first]:
        word = token.lower().strip("'\"")
        if (
            not re.fullmatch(r"[^\W\d_][\w'-]*", word)
            or word in STOP_WORDS | _DESCRIPTIVE | _JOINERS | GENERIC_WORDS | DESCRIPTORS
            or expand_shorthand(word) in _SELLING | _DESCRIPTIVE
            or word in _SELLING
            or _LEAD_VERB.fullmatch(word + " ")
            or (token[:1].isupper() and not token.isupper() and is_person(token))
            or TITLE_WORD.fullmatch(word)
            or is_place(token)
        ):
            return run
    return 0, last, joined


def _plain_run(tokens: list[tuple[int, str]]) -> tuple[int, int] | None:
    """For a kind with no keywords: the opening words before a name, "&" or a number."""
    last = -1
    for index, (_, token) in enumerate(tokens):
        word = token.lower()
        if not token[:1].islower() and index > 0:
            break
        if word in _JOINERS or any(c.isdigit() for c in word) or index >= 3:
            break
        if word in STOP_WORDS:
            break
        last = index
    if last < 0 or not any(len(token) > 2 for _, token in tokens[: last + 1]):
        return None
    return 0, last


def find_trade(
    text: str, kind: Kind, skip: tuple[str, ...] = ()
) -> tuple[int, str, str | None] | None:
    """(where, what, who) the opening clause says: "Servis aircond" and any name right after.

    "Servis aircond rumah & kedai area Shah Alam" -> "Servis aircond"; "Old school barber in
    Taiping" -> "barber"; "Salon rambut wanita Siti, Skudai" -> "Salon rambut wanita", "Siti";
    "Kedai tayar & bateri Zamri" -> "Kedai tayar & bateri", "Zamri". Words of `skip` (a given
    name) are passed over.
    """
    keywords = kind_words(kind)
    clauses = _clause_starts(text)
    # When the opening asks a question ("Pintu rosak?"), the first clause after it that
    # starts with what is done opens the description for a kind with no keywords.
    asked_first = bool(clauses) and clauses[0][0] != 0
    for number, clause, start in clauses:
        for part in skip:
            if part and part in clause:
                clause = clause.replace(part, " " * len(part))
        price = _PRICE_IN.search(clause, start)
        if price and number > 0:
            continue  # later, a priced clause lists items, not the trade
        if price:
            clause = clause[: price.start()]  # "… RM200 sedulang": what it costs, not the trade
        tokens = _tokens(clause, start)
        if keywords is None:
            opens = number == 0 or (asked_first and bool(tokens) and tokens[0][1][:1].islower())
            plain = _plain_run(tokens) if opens else None
            found = (plain[0], plain[1], plain[1]) if plain else None
        elif number == 0:
            found = _trade_run(tokens, keywords)
            found = _with_opening_words(tokens, found) if found else None
        elif skip:
            continue  # later, with a name given, clauses list items, not the trade
        else:
            found = _trade_run(tokens, keywords, strong_only=True)
        if found is not None:
            return _trade_at(clause, start, tokens, found, keywords)
    return None


def _trade_at(
    clause: str,
    start: int,
    tokens: list[tuple[int, str]],
    run: tuple[int, int, int],
    keywords: re.Pattern[str] | None,
) -> tuple[int, str, str | None]:
    first, last, joined = run
    who, last = (
        _name_following(clause, start, tokens, joined, keywords)
        or _name_following(clause, start, tokens, last, keywords)
        or ("", last)
    )
    where = start + tokens[first][0]
    end = start + tokens[last][0] + len(tokens[last][1])
    what = clause[where:end].strip(" ,.-")
    return where, what, who or None


def _person_at(text: str, start: int, keywords: re.Pattern[str] | None) -> str:
    """The person named at `start`, with a title when one is written ("Mak Long", "Siti")."""
    title = TITLE.match(text, start)
    if title:
        name = name_after(text, title.end() + 1, keywords)
        if not name and title.group().islower():
            name = lowercase_name_after(text, title.end() + 1, keywords)
        return f"{title.group()[:1].upper()}{title.group()[1:]} {name}" if name else ""
    # Without a title, one word that ends the clause ("Butik tudung Hana, Shah Alam");
    # more words ("Kelas tuisyen Bahasa Inggeris Teacher Mary") say what, not who. In text
    # typed all in lower case ("salon siti, skudai") the word is read as typed.
    name = name_after(text, start, keywords)
    if not name and not any(c.isupper() for c in text):
        name = lowercase_name_after(text, start, keywords)
        if name:
            name_end = start + len(name)
            return name if re.match(r"\s*(?:[,.;:!?\n]|$)", text[name_end:]) else ""
    if " " in name or not re.match(r"\s*(?:[,.;:!?)\n]|$)", text[start + len(name) :]):
        return ""
    return name


def _name_following(
    clause: str,
    start: int,
    tokens: list[tuple[int, str]],
    last: int,
    keywords: re.Pattern[str] | None,
) -> tuple[str, int] | None:
    """(name, last word of what) when a name follows what is done, within two more words.

    "Salon rambut wanita Siti": the run ends at "rambut", "wanita" still says what, "Siti"
    is who. The words in between must be plain lower-case words.
    """
    for extra in range(3):
        index = last + extra
        if index >= len(tokens):
            return None
        if extra and not (tokens[index][1][:1].islower() and tokens[index][1].isalpha()):
            return None
        if tokens[index][1].lower() in STOP_WORDS:
            return None
        if extra and TITLE_WORD.fullmatch(tokens[index][1]):
            who = _person_at(clause, start + tokens[index][0], keywords)
            return (who, index - 1) if who else None  # "nasi lemak kak ma": who starts here
        end = start + tokens[index][0] + len(tokens[index][1])
        who = _person_at(clause, end + 1, keywords)
        if who:
            return who, index
    return None


# Acronyms of the trades, written in capitals whatever the user typed ("tuisyen spm").
_ACRONYMS = word_set(
    "spm pt3 upsr stpm igcse uasa mtb bmx cctv led lcd db elcb mcb rccb ac diy pc ic jpj jkm kafa"
)


def _acronyms(text: str) -> str:
    return " ".join(w.upper() if w.lower() in _ACRONYMS else w for w in text.split())


def compose_label(what: str, owner: str | None, place: str | None, owner_first: bool) -> str:
    """A name made from what the business does, who runs it and where.

    "Servis Aircond Faizal", "Cikgu Lim Tuition Centre"; a place is added only when no owner
    is named ("Dobi Layan Diri Taman Sentosa"). `what` comes with shorthand spelled out.
    """
    what = _acronyms(title_case(what))
    if owner:
        if owner.lower() in what.lower():
            return what
        return f"{owner} {what}" if owner_first else f"{what} {owner}"
    if place and place.lower() not in what.lower():
        return f"{what} {place}"
    return what
