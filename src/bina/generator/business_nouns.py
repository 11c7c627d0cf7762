"""What the business is, in the copy's words: its noun ("kedai nasi kandar", "salon"), its
group of kinds, its main way of serving, the kicker above the tagline and the opening
sentence of *About*.

The noun is chosen from the owner's own label when it only says what the business does, else
from the kind's words; the page (site_page, json_ld) needs these answers as well as the
writer, so they are kept apart from the sentences built around them.
"""

from __future__ import annotations

import random
import re

from bina.generator.copy_kinds import KIND_WORDS, NOUN_REFINEMENTS, Group, kind_words
from bina.generator.kinds import PLACE_WORDS, kind_of
from bina.generator.profile import BusinessProfile, BusinessType, Language, ServiceMode
from bina.generator.text import expand_shorthand, word_set, words

__all__ = [
    "NOUNS",
    "capital",
    "group_of",
    "intro",
    "kicker",
    "noun_for",
    "plain_label",
    "primary_mode",
    "shown_label",
    "subject",
]

NOUNS: dict[BusinessType, tuple[str, str]] = {key: w.noun for key, w in KIND_WORDS.items()}


def group_of(business_type: BusinessType) -> Group:
    return kind_words(business_type).group


def primary_mode(profile: BusinessProfile) -> ServiceMode | None:
    """How the business mainly serves customers: as the user said, else the kind's usual way."""
    return profile.modes[0] if profile.modes else kind_words(profile.business_type).usual_mode


def capital(text: str) -> str:
    return text[:1].upper() + text[1:]


_SHOP_WORDS = PLACE_WORDS | word_set(
    "servis service services perkhidmatan kelas class classes kedai stall gerai"
)


def plain_label(profile: BusinessProfile) -> str | None:
    """The label in lower case when it only says what the business does ("kedai nasi
    kandar"), not who runs it or where ("Servis Aircond Faizal" is a name, not a noun)."""
    kind = kind_of(profile.business_type)
    if profile.label in (kind.label_ms, kind.label_en) or not profile.specialty:
        return None
    label = expand_shorthand(profile.label, profile.source_language).lower()
    for place in (profile.area or "").lower().split(", "):
        # "Kedai Nasi Kandar Penang": the place is said separately.
        if place and label.endswith(f" {place}"):
            label = label[: -len(place) - 1].rstrip(" ,-")
    known = set(words(profile.specialty)) | _SHOP_WORDS
    tokens = words(label)
    # "Kedai nasi kandar", "kelas mengaji": a kind of place. "Durian kampung" is what is sold.
    if tokens and tokens[0] in _SHOP_WORDS and all(word in known for word in tokens):
        return label
    return None


def _refined_noun(profile: BusinessProfile) -> tuple[str, str] | None:
    text = f"{profile.label} {profile.description}".lower()
    for business_type, pattern, noun in NOUN_REFINEMENTS:
        if profile.business_type == business_type and re.search(pattern, text, re.S):
            return noun
    return None


def noun_for(profile: BusinessProfile, language: Language) -> str:
    """What the business is, in words the user used when they are in the site's language."""
    plain = plain_label(profile)
    if plain and profile.source_language == language:
        return plain
    ms, en = _refined_noun(profile) or NOUNS[profile.business_type]
    return ms if language == "ms" else en


def subject(profile: BusinessProfile) -> str | None:
    """The name sentences are about: only a name the user gave. A label composed from the
    description heads the page, but the copy speaks as "we" ("Kami sebuah kedai …")."""
    return profile.name


def shown_label(profile: BusinessProfile) -> str:
    """The label, made from the user's words, with their shorthand spelled out."""
    return expand_shorthand(profile.label, profile.source_language)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def intro(profile: BusinessProfile, language: Language, rng: random.Random) -> str:
    noun = noun_for(profile, language)
    name = subject(profile)
    area = profile.area
    if name and area and area.lower() in name.lower():
        area = None  # "Durian Ah Seng Bentong is in Bentong" says it twice
    # "Bella Beauty Salon is a salon" says nothing: when the name already says what the
    # business is, say only where it is.
    named_kind = bool(name) and noun.split()[-1].lower() in (name or "").lower()
    if language == "ms":
        where = f" di {area}" if area else ""
        if name and named_kind and area:
            options = [f"{name} terletak di {area}."]
        elif name:
            options = [f"{name} ialah {noun}{where}."]
            if area:
                options.append(f"{name} ialah {noun} yang terletak di {area}.")
        else:
            options = [f"Kami sebuah {noun}{where}."]
        sentence = rng.choice(options)
        if profile.established:
            sentence += f" Kami beroperasi sejak {profile.established}."
        return sentence
    where = f" in {area}" if area else ""
    if name and named_kind and area:
        options = [f"{name} is in {area}.", f"You will find {name} in {area}."]
    elif name:
        options = [f"{name} is {_article(noun)} {noun}{where}."]
        if area:
            options.append(f"Based in {area}, {name} is {_article(noun)} {noun}.")
    else:
        options = [f"We are {_article(noun)} {noun}{where}."]
    sentence = rng.choice(options)
    if profile.established:
        sentence += f" We have been open since {profile.established}."
    return sentence


def kicker(profile: BusinessProfile, language: Language) -> str:
    kind = kind_of(profile.business_type)
    refined = _refined_noun(profile)
    if refined is None and kind.key == profile.business_type:
        label = kind.label_ms if language == "ms" else kind.label_en
    else:
        ms, en = refined or NOUNS[profile.business_type]
        label = capital(ms if language == "ms" else en)
    return f"{label} · {profile.area}" if profile.area else label
