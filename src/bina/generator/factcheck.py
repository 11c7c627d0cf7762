"""Checks that text written by a model states no fact the user did not give.

A field fails when it has a number, price, phone, e-mail or web address that is not in the
description, a claim word ("halal", "award", "terbaik", "sejak"…) the user did not use, or a
capitalised name that appears nowhere in what the user wrote. Failed fields are dropped and
the offline wording is used for them instead.
"""

from __future__ import annotations

import re

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
