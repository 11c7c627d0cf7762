"""What the owner says of the business in passing, beyond contacts, prices and hours: the
year it started ("sejak 1998") and their own sentences worth quoting on the page.

Highlights are read last, from the sentences no other reader has used (analyze passes the
spans the others took); both are small readers kept out of the assembly in analyze.
"""

from __future__ import annotations

import re

from bina.generator.kinds import GENERIC_WORDS
from bina.generator.profile import Language
from bina.generator.text import (
    expand_shorthand,
    sentence_case,
    sentences,
    strip_symbols,
    word_set,
    words,
)

__all__ = ["find_established", "find_highlights"]

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
