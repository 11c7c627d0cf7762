"""The words on the page: an offline writer in Malay and English, built only from facts.

Sentences are assembled from the profile (name, kind, area, items, year, notes) and from a
bank of invitations that state no fact ("Jom singgah!"), chosen by how the business serves
its customers (copy_kinds, invitations). There are no superlatives, no numbers, no prices,
no years, no awards and no halal claims unless the profile holds them. Wording varies with
the description and the style, so three designs do not read the same.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
from collections.abc import Iterable

from pydantic import BaseModel, ConfigDict, Field

from bina.generator.copy_kinds import KIND_WORDS, NOUN_REFINEMENTS, Group, KindWords, kind_words
from bina.generator.invitations import VIA, VIA_LEAD, Invitation, invitation
from bina.generator.item_names import readable_items
from bina.generator.kinds import PLACE_WORDS, kind_of
from bina.generator.profile import (
    BusinessProfile,
    BusinessType,
    Language,
    ServiceMode,
)
from bina.generator.text import (
    detect_language,
    expand_shorthand,
    sentences,
    strip_symbols,
    trim,
    word_set,
    words,
)
from bina.generator.wording import FEATURE_LABELS, hours_summary, join_words

__all__ = [
    "NOUNS",
    "Group",
    "SiteCopy",
    "facts_for",
    "group_of",
    "noun_for",
    "primary_mode",
    "readable_items",
    "repeats",
    "ticker_words",
    "unrepeated",
    "user_sentence",
    "words_source",
    "write_offline_copy",
]

NOUNS: dict[BusinessType, tuple[str, str]] = {key: w.noun for key, w in KIND_WORDS.items()}

_OFFER_TITLES: dict[Group, dict[Language, tuple[str, ...]]] = {
    "food": {
        "ms": ("Menu", "Menu kami", "Hidangan kami"),
        "en": ("Menu", "Our menu", "On the menu"),
    },
    "service": {
        "ms": ("Perkhidmatan", "Perkhidmatan kami", "Servis kami"),
        "en": ("Services", "Our services", "What we do"),
    },
    "class": {
        "ms": ("Kelas", "Kelas kami", "Kelas & yuran"),
        "en": ("Classes", "Our classes", "Classes & fees"),
    },
    "stay": {
        "ms": ("Bilik & kadar", "Penginapan", "Pilihan bilik"),
        "en": ("Rooms & rates", "Stay with us", "Rooms"),
    },
    "shop": {
        "ms": ("Produk", "Produk kami", "Koleksi kami"),
        "en": ("Products", "What we sell", "Our range"),
    },
}
_OFFER_LEAD: dict[Group, dict[Language, str]] = {
    "food": {"ms": "Antara hidangan kami: {items}.", "en": "On our menu: {items}."},
    "service": {"ms": "Perkhidmatan kami termasuk {items}.", "en": "Our services include {items}."},
    "class": {"ms": "Kelas yang ditawarkan: {items}.", "en": "Classes on offer: {items}."},
    "stay": {"ms": "Pilihan penginapan: {items}.", "en": "Choose from {items}."},
    "shop": {"ms": "Antara produk kami: {items}.", "en": "Among what we sell: {items}."},
}
_SECTION_TITLES: dict[str, dict[Language, tuple[str, ...]]] = {
    "about": {
        "ms": ("Tentang kami", "Kenali kami", "Siapa kami"),
        "en": ("About us", "Who we are", "Get to know us"),
    },
    "gallery": {
        "ms": ("Galeri", "Sekilas pandang", "Galeri kami"),
        "en": ("Gallery", "A closer look", "At a glance"),
    },
    "hours": {
        "ms": ("Waktu operasi", "Waktu perniagaan", "Bila kami buka"),
        "en": ("Opening hours", "Hours", "When we're open"),
    },
    "location": {
        "ms": ("Lokasi", "Cari kami", "Lokasi kami"),
        "en": ("Location", "Find us", "Where to find us"),
    },
    "contact": {
        "ms": ("Hubungi kami", "Ada soalan?", "Jom berhubung"),
        "en": ("Contact us", "Get in touch", "Questions?"),
    },
}
_CTA_OFFER: dict[Group, tuple[str, str]] = {
    "food": ("Lihat menu", "See the menu"),
    "service": ("Lihat perkhidmatan", "See services"),
    "class": ("Lihat kelas", "See classes"),
    "stay": ("Lihat bilik", "See rooms"),
    "shop": ("Lihat produk", "See products"),
}
_RENTAL_DELIVERY = ("Kenderaan boleh dihantar kepada anda.", "We can bring the vehicle to you.")
#: Home kitchens and other order-first businesses: how the order reaches the customer.
_HANDOVER: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("Boleh ambil sendiri atau kami hantar.", "Collect it or have it delivered."),
    (True, False): ("Ambil sendiri di tempat kami.", "Collect it from us."),
    (False, True): ("Kami boleh hantar kepada anda.", "We can deliver to you."),
}


class SiteCopy(BaseModel):
    """Every sentence and label the templates show, in one language."""

    model_config = ConfigDict(extra="forbid")

    kicker: str = Field(max_length=80)
    tagline: str = Field(max_length=120)
    about_title: str = Field(max_length=40)
    about: list[str] = Field(min_length=1, max_length=5)
    offer_title: str = Field(max_length=40)
    offer_lead: str | None = Field(default=None, max_length=240)
    gallery_title: str = Field(max_length=40)
    hours_title: str = Field(max_length=40)
    location_title: str = Field(max_length=40)
    contact_title: str = Field(max_length=40)
    contact_lead: str = Field(max_length=200)
    cta_whatsapp: str = Field(max_length=40)
    cta_call: str = Field(max_length=40)
    cta_offer: str = Field(max_length=40)
    cta_directions: str = Field(max_length=40)
    whatsapp_message: str = Field(max_length=200)
    meta_description: str = Field(max_length=200)
    #: The profile's notes (seasons, lead times, conditions, what is included,
    #: qualifications) ready to show: trimmed, sentence case, shorthand spelled out. A page
    #: shows the notes its profile holds when it is rendered (`facts_for`), so an owner's
    #: later edit shows even though the copy is kept.
    facts: tuple[str, ...] = Field(default=(), max_length=8)
    #: `words_source` of the profile these words were written from; "" when unknown. A site
    #: whose owner later changed one of those facts gets words written afresh (site_page).
    written_for: str = Field(default="", max_length=64)


def group_of(business_type: BusinessType) -> Group:
    return kind_words(business_type).group


def primary_mode(profile: BusinessProfile) -> ServiceMode | None:
    """How the business mainly serves customers: as the user said, else the kind's usual way."""
    return profile.modes[0] if profile.modes else kind_words(profile.business_type).usual_mode


def _rng(profile: BusinessProfile, variant: int) -> random.Random:
    digest = hashlib.sha256(f"{profile.description}|{variant}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


# --- the user's own words -----------------------------------------------------------------


def user_sentence(text: str) -> str | None:
    """The user's own sentence ready to show: shorthand spelled out, no emoji, no "!!",
    first letter upper case, ending in a full stop or a single "!" or "?"."""
    # "30 min" after a number is minutes, not "minimum".
    text = re.sub(r"(\d\s?)min\b", "\\1\x01", text)
    text = expand_shorthand(text, detect_language(text)).replace("\x01", "min")
    text = strip_symbols(text)
    text = re.sub(r"([!?])[!?]+", r"\1", text)
    text = re.sub(r"\.{2,}(?!\.)", ".", text.replace("…", "."))
    text = re.sub(r"\s+([,.;:!?])", r"\1", " ".join(text.split())).strip(" -•*:;,")
    if len(words(text)) < 2:
        return None
    text = trim(text, 200)
    text = text[:1].upper() + text[1:]
    return text if text[-1] in ".!?…" else text + "."


# --- saying each thing once --------------------------------------------------------------

_KEY_WORD = re.compile(r"[^\W_]+")


def _key(sentence: str) -> tuple[str, ...]:
    return tuple(word.lower() for word in _KEY_WORD.findall(sentence))


def repeats(sentence: str, other: str) -> bool:
    """Whether two sentences say the same thing: the same words, or the words of one (of
    three words or more) inside the other ("Kami datang ke rumah anda." and "Kami datang ke
    rumah anda. Hubungi kami."). Case and punctuation do not count."""
    a, b = _key(sentence), _key(other)
    if not a or not b:
        return False
    if a == b:
        return True
    short, long = (a, b) if len(a) < len(b) else (b, a)
    if len(short) < 3:
        return False
    n = len(short)
    return any(long[i : i + n] == short for i in range(len(long) - n + 1))


def _unsaid(paragraph: str, said: list[str]) -> str:
    """The paragraph without the sentences the page has already said (or that it says
    twice itself); `said` grows by the sentences kept. Unchanged when nothing repeats."""
    kept: list[str] = []
    for sentence in sentences(paragraph):
        if not any(repeats(sentence, other) for other in said):
            kept.append(sentence)
            said.append(sentence)
    if len(kept) == len(sentences(paragraph)):
        return paragraph
    return " ".join(kept)


def unrepeated(copy: SiteCopy, *, owner_about: bool = False) -> SiteCopy:
    """The copy saying each sentence once, in the order the page shows them: the tagline,
    the about paragraphs, the facts, then the contact lead. A later sentence that repeats an
    earlier one is left out. `owner_about`: the about text is the owner's own and is kept
    whole (what follows it yields to it)."""
    said = [copy.tagline]
    about: list[str] = []
    for paragraph in copy.about:
        if owner_about:
            said.extend(sentences(paragraph))
            about.append(paragraph)
        elif kept := _unsaid(paragraph, said):
            about.append(kept)
    facts = tuple(kept for fact in copy.facts if (kept := _unsaid(fact, said)))
    # The contact section needs a lead: one that would say nothing new stays as it is.
    lead = _unsaid(copy.contact_lead, said) or copy.contact_lead
    update = {"about": about or list(copy.about[:1]), "facts": facts, "contact_lead": lead}
    if all(getattr(copy, key) == value for key, value in update.items()):
        return copy
    return copy.model_copy(update=update)


#: The profile's fields the offline words are written from (notes, hours, links, the owner's
#: tagline and about are shown as they are at render time, so they are not among them).
_WORDS_FROM = word_set(
    "description language source_language name label business_type specialty area phones "
    "features established highlights modes"
)


def words_source(profile: BusinessProfile) -> str:
    """A short digest of the facts the offline words come from: when a site's profile no
    longer matches its copy's, the owner has changed something the words say."""
    data = profile.model_dump(mode="json", include=set(_WORDS_FROM))
    data["items"] = [item.name for item in profile.items]
    text = json.dumps(data, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


# --- what the business is -----------------------------------------------------------------

_SHOP_WORDS = PLACE_WORDS | word_set(
    "servis service services perkhidmatan kelas class classes kedai stall gerai"
)


def _plain_label(profile: BusinessProfile) -> str | None:
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
    plain = _plain_label(profile)
    if plain and profile.source_language == language:
        return plain
    ms, en = _refined_noun(profile) or NOUNS[profile.business_type]
    return ms if language == "ms" else en


def _subject(profile: BusinessProfile) -> str | None:
    """The name sentences are about: only a name the user gave. A label composed from the
    description heads the page, but the copy speaks as "we" ("Kami sebuah kedai …")."""
    return profile.name


def _shown_label(profile: BusinessProfile) -> str:
    """The label, made from the user's words, with their shorthand spelled out."""
    return expand_shorthand(profile.label, profile.source_language)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _intro(profile: BusinessProfile, language: Language, rng: random.Random) -> str:
    noun = noun_for(profile, language)
    name = _subject(profile)
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


def _kicker(profile: BusinessProfile, language: Language) -> str:
    kind = kind_of(profile.business_type)
    refined = _refined_noun(profile)
    if refined is None and kind.key == profile.business_type:
        label = kind.label_ms if language == "ms" else kind.label_en
    else:
        ms, en = refined or NOUNS[profile.business_type]
        label = _capital(ms if language == "ms" else en)
    return f"{label} · {profile.area}" if profile.area else label


# --- invitations --------------------------------------------------------------------------


def _invitation(profile: BusinessProfile, language: Language) -> Invitation:
    mode = primary_mode(profile)
    said = mode is not None and (mode in profile.modes or mode in profile.features)
    rental = profile.business_type == "vehicle_rental"
    return invitation(mode, group_of(profile.business_type), said, language, rental)


def _taglines(profile: BusinessProfile, language: Language, invite: Invitation) -> list[str]:
    """Tagline candidates: fact-based first (specialty, area, items), then invitations."""
    words_ = kind_words(profile.business_type)
    options: list[str] = []
    preposition = "di" if language == "ms" else "in"
    plain = _plain_label(profile)
    if plain and profile.source_language == language and profile.area:
        options.append(f"{_capital(plain)} {preposition} {profile.area}")
    names = [_capital(name) for name in readable_items(profile.items, 3, profile.description)]
    if len(names) >= 2 and all(len(n) <= 28 for n in names):
        options.append(" · ".join(names))
    specialty = profile.specialty if profile.source_language == language else None
    if _subject(profile) and profile.area and not specialty:
        options.append(f"{_capital(noun_for(profile, language))} {preposition} {profile.area}")
    options.extend(invite.taglines)
    mode = primary_mode(profile)
    if words_.tagline and (words_.tagline_modes is None or mode in words_.tagline_modes):
        options.insert(min(len(options), 1), words_.for_language(words_.tagline, language))
    return list(dict.fromkeys(options))


def _tagline(candidates: list[str], variant: int, said: list[str], rng: random.Random) -> str:
    """The style's tagline: the candidate at its index, unless the about text says it; then
    one of those past the first three (the ones no other style starts from), so the three
    designs still read differently."""

    def fits(tagline: str) -> bool:
        return not any(repeats(tagline, sentence) for sentence in said)

    first = candidates[variant] if variant < len(candidates) else rng.choice(candidates)
    if fits(first):
        return first
    spare = [tagline for tagline in candidates[3:] if fits(tagline)]
    others = spare or [tagline for tagline in candidates if fits(tagline)]
    return others[variant % len(others)] if others else first


def _meta_description(profile: BusinessProfile, language: Language) -> str:
    noun = noun_for(profile, language)
    preposition = "di" if language == "ms" else "in"
    head = f"{profile.name} — {noun}" if profile.name else _shown_label(profile)
    if profile.area and profile.area.lower() not in head.lower():
        head += f" {preposition} {profile.area}"
    parts = [head + "."]
    names = readable_items(profile.items, 3, profile.description)
    if names:
        parts.append(_capital(join_words(names, language)) + ".")
    whatsapp = profile.whatsapp
    phone = whatsapp or profile.call_phone
    if phone is not None:
        label = "WhatsApp" if whatsapp else ("Tel" if language == "ms" else "Call")
        parts.append(f"{label} {phone.display}.")
    return trim(" ".join(parts), 158)


def _via(profile: BusinessProfile, language: Language) -> str:
    whatsapp = profile.whatsapp is not None
    other_phone = any(
        not p.fax and (profile.whatsapp is None or p.digits != profile.whatsapp.digits)
        for p in profile.phones
    )
    key = (
        "both"
        if whatsapp and other_phone
        else "whatsapp"
        if whatsapp
        else "phone"
        if profile.call_phone
        else "none"
    )
    if key == "whatsapp" and profile.whatsapp is not None and profile.whatsapp.kind == "mobile":
        key = "both"  # a mobile number takes calls too
    return VIA[language][key]


def _contact_lead(
    profile: BusinessProfile,
    language: Language,
    contact_title: str,
    invite: Invitation,
    rng: random.Random,
    said: list[str],
) -> str:
    """How to get in touch, saying nothing the page has already said (`said`)."""
    # Never a question twice ("Questions?" / "Questions? Reach us…").
    leads = [lead for lead in invite.leads if not (contact_title.endswith("?") and "?" in lead)]
    leads = leads or list(invite.leads)
    via = _via(profile, language)
    mode = primary_mode(profile)
    features = set(profile.modes) | set(profile.features)
    pickup, delivery = "pickup" in features, "delivery" in features
    # Say how the order reaches the customer when the user said so and the lead has not.
    handover: tuple[str, str] | None = None
    if profile.business_type == "vehicle_rental":
        handover = _RENTAL_DELIVERY if delivery else None
    elif mode in ("home_based", "online") or (
        mode in ("pickup", "delivery") and pickup and delivery
    ):
        handover = _HANDOVER.get((pickup, delivery))
    tail = f" {handover[0] if language == 'ms' else handover[1]}" if handover else ""
    options = [lead.format(via=via) + tail for lead in _in_turn(rng.choice(leads), leads)]
    lead = _first_unsaid(options, said) or _first_unsaid([VIA_LEAD[language].format(via=via)], said)
    return trim(lead or options[0], 200)


# --- sections -----------------------------------------------------------------------------


def _offer_titles(
    words_: KindWords, group: Group, priced: bool, language: Language
) -> tuple[str, ...]:
    titles = (words_.priced_titles if priced else None) or words_.titles
    if titles is None:
        return _OFFER_TITLES[group][language]
    return titles[0] if language == "ms" else titles[1]


def _about(profile: BusinessProfile, language: Language, rng: random.Random) -> list[str]:
    """What the business is, what it sells and the owner's own sentences, each said once
    (the closing invitation is added once the tagline is known)."""
    group = group_of(profile.business_type)
    words_ = kind_words(profile.business_type)
    about = [_intro(profile, language, rng)]
    # The owner's own sentences, in whichever language they wrote them.
    quoted: list[str] = []
    for highlight in profile.highlights:
        sentence = user_sentence(highlight)
        if sentence and not any(repeats(sentence, q) for q in quoted) and len(quoted) < 2:
            quoted.append(sentence)
    names = readable_items(profile.items, 4, profile.description)
    item_words = {w for name in names for w in words(name)}
    quoted_words = {w for sentence in quoted for w in words(sentence)}
    # A list of what is sold is left out when the owner's own sentence already lists it.
    if len(names) >= 2 and len(item_words & quoted_words) < 0.6 * len(item_words):
        lead = words_.lead or (_OFFER_LEAD[group]["ms"], _OFFER_LEAD[group]["en"])
        about.append(words_.for_language(lead, language).format(items=join_words(names, language)))
    said = [sentence for paragraph in about for sentence in sentences(paragraph)]
    about.extend(kept for sentence in quoted if (kept := _unsaid(sentence, said)))
    return about


def _first_unsaid(options: Iterable[str], said: list[str]) -> str | None:
    """The first option with something left to say once what `said` holds is left out;
    `said` grows by what it says."""
    for option in options:
        trial = list(said)
        kept = _unsaid(option, trial)
        if kept:
            said[:] = trial
            return kept
    return None


def _in_turn(first: str, options: Iterable[str]) -> list[str]:
    """`first` (the random pick), then the other options in their order."""
    return [first, *(option for option in options if option != first)]


def facts_for(profile: BusinessProfile) -> tuple[str, ...]:
    """The profile's notes ready to show (also for a page whose stored copy is older than
    the owner's latest notes)."""
    facts: list[str] = []
    shown = {user_sentence(h) for h in profile.highlights}
    for note in profile.notes:
        sentence = user_sentence(note)
        if sentence and sentence not in facts and sentence not in shown:
            facts.append(sentence)
    return tuple(facts[:8])


def ticker_words(profile: BusinessProfile, language: Language, limit: int = 10) -> list[str]:
    """Short true facts for a running strip: items, features, the area, the hours — once each."""
    found = [_capital(name) for name in readable_items(profile.items, 8, profile.description)]
    found += [FEATURE_LABELS[f][language] for f in profile.features if f in FEATURE_LABELS]
    if profile.area:
        found.append(profile.area)
    summary = hours_summary(profile.hours, language)
    if summary and len(summary) <= 40:
        found.append(summary)
    return list(dict.fromkeys(found))[:limit]


def write_offline_copy(profile: BusinessProfile, variant: int = 0) -> SiteCopy:
    """The offline copy for one style (`variant` picks among equally honest wordings).

    Each sentence is said once on the page: a tagline the about text already says is not
    chosen, and an invitation sentence the owner's own words already say is left out."""
    language = profile.language
    rng = _rng(profile, variant)
    group = group_of(profile.business_type)
    words_ = kind_words(profile.business_type)
    invite = _invitation(profile, language)
    about = _about(profile, language, rng)
    said = [sentence for paragraph in about for sentence in sentences(paragraph)]
    tagline = _tagline(_taglines(profile, language, invite), variant, said, rng)
    said.append(tagline)
    closing = _first_unsaid(_in_turn(rng.choice(invite.closings), invite.closings), said)
    if closing:
        about.append(closing)
    facts = tuple(kept for fact in facts_for(profile) if (kept := _unsaid(fact, said)))

    # One offset per description, shifted by the variant: three styles, three wordings.
    offsets = _rng(profile, -1)

    def pick(section: str) -> str:
        return _SECTION_TITLES[section][language][(variant + offsets.randrange(3)) % 3]

    priced = any(item.price is not None for item in profile.items)
    offer_titles = _offer_titles(words_, group, priced, language)
    offer_title = offer_titles[(variant + offsets.randrange(3)) % len(offer_titles)]
    contact_title = pick("contact")
    contact_lead = _contact_lead(profile, language, contact_title, invite, rng, said)
    cta_offer = words_.cta_offer or _CTA_OFFER[group]
    copy = SiteCopy(
        kicker=trim(_kicker(profile, language), 80),
        tagline=trim(tagline, 120),
        about_title=pick("about"),
        about=about[:5],
        offer_title=offer_title,
        offer_lead=None,
        gallery_title=pick("gallery"),
        hours_title=pick("hours"),
        location_title=pick("location"),
        contact_title=contact_title,
        contact_lead=contact_lead,
        cta_whatsapp=rng.choice(invite.ctas),
        cta_call="Telefon kami" if language == "ms" else "Call us",
        cta_offer=words_.for_language(cta_offer, language),
        cta_directions=rng.choice(
            ("Dapatkan arah", "Buka peta")
            if language == "ms"
            else ("Get directions", "Open the map")
        ),
        whatsapp_message=trim(
            invite.message.format(name=profile.name or _shown_label(profile)), 200
        ),
        meta_description=_meta_description(profile, language),
        facts=facts,
        written_for=words_source(profile),
    )
    # Trimming can change a sentence: check the whole page once more.
    return unrepeated(copy)
