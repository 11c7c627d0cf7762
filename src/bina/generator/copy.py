"""The words on the page: an offline writer in Malay and English, built only from facts.

Sentences are assembled from the profile (name, kind, area, items, year) and from a small
bank of invitations that state no fact ("Jom singgah!"). There are no superlatives, no
numbers, no prices, no years, no awards and no halal claims unless the profile holds them.
Wording varies with the description and the style, so three designs do not read the same.
"""

from __future__ import annotations

import hashlib
import random
from typing import Literal, NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from bina.generator.kinds import kind_of
from bina.generator.profile import BusinessProfile, BusinessType, Language, OfferedItem
from bina.generator.text import trim
from bina.generator.wording import join_words

Group = Literal["food", "service", "class", "stay", "shop"]
_GROUPS: dict[BusinessType, Group] = {
    "restaurant": "food",
    "cafe": "food",
    "bakery": "food",
    "catering": "food",
    "education": "class",
    "homestay": "stay",
    "retail": "shop",
    "florist": "shop",
    "pet_shop": "shop",
}

NOUNS: dict[BusinessType, tuple[str, str]] = {
    "restaurant": ("kedai makan", "restaurant"),
    "cafe": ("kafe", "café"),
    "bakery": ("bakeri", "bakery"),
    "catering": ("perkhidmatan katering", "catering service"),
    "salon": ("salon", "salon"),
    "clinic": ("klinik", "clinic"),
    "fitness": ("pusat kecergasan", "fitness studio"),
    "education": ("pusat pendidikan", "learning centre"),
    "automotive": ("bengkel kenderaan", "auto workshop"),
    "laundry": ("kedai dobi", "laundry"),
    "florist": ("kedai bunga", "florist"),
    "tailor": ("kedai jahit", "tailor"),
    "homestay": ("homestay", "homestay"),
    "retail": ("kedai", "shop"),
    "pet_shop": ("kedai haiwan peliharaan", "pet shop"),
    "photography": ("perkhidmatan fotografi", "photography service"),
    "general": ("perniagaan", "business"),
}

# Invitations that state no fact, by group and language.
_TAGLINES: dict[Group, dict[Language, tuple[str, ...]]] = {
    "food": {
        "ms": (
            "Jom singgah, jom makan!",
            "Singgah dan rasa sendiri",
            "Kami tunggu kedatangan anda",
        ),
        "en": ("Drop by and taste for yourself", "Pull up a chair", "Come hungry, come as you are"),
    },
    "service": {
        "ms": (
            "Kami sedia membantu anda",
            "Datang, kami sedia berkhidmat",
            "Tanya sahaja, kami bantu",
        ),
        "en": ("Here to help", "Drop by or drop us a message", "Ask us anything"),
    },
    "class": {
        "ms": (
            "Jom belajar bersama kami",
            "Belajar setapak demi setapak",
            "Tempat untuk terus belajar",
        ),
        "en": ("Learn with us", "One lesson at a time", "A place to keep learning"),
    },
    "stay": {
        "ms": ("Rehat sejenak bersama kami", "Tempat singgah untuk berehat", "Jom bercuti!"),
        "en": ("Stay a while", "A place to rest", "Your stay, your pace"),
    },
    "shop": {
        "ms": (
            "Singgah dan lihat sendiri",
            "Jom membeli-belah bersama kami",
            "Kami tunggu kunjungan anda",
        ),
        "en": ("Come and have a look", "Drop by and browse", "We look forward to your visit"),
    },
}
_TYPE_TAGLINES: dict[BusinessType, dict[Language, str]] = {
    "cafe": {"ms": "Secawan kopi, sejenak rehat", "en": "A cup and a moment"},
    "bakery": {"ms": "Sesuatu yang manis untuk semua", "en": "Something sweet for everyone"},
    "catering": {"ms": "Hidangan untuk majlis anda", "en": "Food for your event"},
    "salon": {"ms": "Tampil yakin, rasa selesa", "en": "Look good, feel good"},
    "fitness": {"ms": "Jom bergerak!", "en": "Let's move"},
    "automotive": {"ms": "Bawa kenderaan anda kepada kami", "en": "Bring your car to us"},
    "laundry": {"ms": "Serahkan urusan dobi kepada kami", "en": "Leave the laundry to us"},
    "florist": {"ms": "Bunga untuk setiap cerita", "en": "Flowers for every story"},
    "tailor": {"ms": "Dijahit ikut ukuran anda", "en": "Made to your measure"},
    "pet_shop": {"ms": "Untuk si comel kesayangan anda", "en": "For the furry ones you love"},
    "photography": {"ms": "Abadikan detik anda", "en": "Moments worth keeping"},
}
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
_CLOSINGS: dict[Group, dict[Language, tuple[str, ...]]] = {
    "food": {
        "ms": (
            "Jom singgah, kami tunggu kedatangan anda!",
            "Datanglah, bawa kawan-kawan sekali.",
        ),
        "en": ("Drop by, we look forward to seeing you!", "Come along and bring your friends."),
    },
    "service": {
        "ms": ("Hubungi kami untuk sebarang pertanyaan.", "Kami sedia menjawab soalan anda."),
        "en": ("Get in touch with any questions.", "We're happy to answer your questions."),
    },
    "class": {
        "ms": ("Hubungi kami untuk maklumat lanjut.", "Ada soalan tentang kelas? Tanya sahaja."),
        "en": ("Get in touch for more details.", "Questions about a class? Just ask."),
    },
    "stay": {
        "ms": ("Hubungi kami untuk semak tarikh.", "Tanya kami tentang tarikh yang anda mahu."),
        "en": ("Get in touch to check dates.", "Ask us about the dates you have in mind."),
    },
    "shop": {
        "ms": (
            "Singgah atau hubungi kami untuk bertanya.",
            "Ada soalan tentang produk? Tanya sahaja.",
        ),
        "en": ("Drop by or message us with questions.", "Questions about a product? Just ask."),
    },
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


def group_of(business_type: BusinessType) -> Group:
    return _GROUPS.get(business_type, "service")


def _rng(profile: BusinessProfile, variant: int) -> random.Random:
    digest = hashlib.sha256(f"{profile.description}|{variant}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


def _item_words(items: tuple[OfferedItem, ...], limit: int) -> list[str]:
    names = []
    for item in items[:limit]:
        name = item.name
        if len(name) > 1 and name[1:2].islower():
            name = name[0].lower() + name[1:]
        names.append(name)
    return names


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def noun_for(profile: BusinessProfile, language: Language) -> str:
    """What the business is, in words the user used when they are in the site's language."""
    kind = kind_of(profile.business_type)
    own_label = profile.label not in (kind.label_ms, kind.label_en)
    if own_label and profile.source_language == language:
        return profile.label.lower()
    ms, en = NOUNS[profile.business_type]
    return ms if language == "ms" else en


def _intro(profile: BusinessProfile, language: Language, rng: random.Random) -> str:
    noun = noun_for(profile, language)
    name = profile.name
    area = profile.area
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
    label = kind.label_ms if language == "ms" else kind.label_en
    if profile.name is None and profile.label not in (kind.label_ms, kind.label_en):
        label = kind.label_ms if language == "ms" else kind.label_en
    return f"{label} · {profile.area}" if profile.area else label


def _taglines(profile: BusinessProfile, language: Language) -> list[str]:
    """Tagline candidates: fact-based first (specialty, area, items), then invitations."""
    group = group_of(profile.business_type)
    options: list[str] = []
    kind = kind_of(profile.business_type)
    own_label = profile.label not in (kind.label_ms, kind.label_en)
    specialty = profile.specialty if profile.source_language == language else None
    preposition = "di" if language == "ms" else "in"
    if own_label and profile.source_language == language and profile.area:
        label = profile.label.lower()
        options.append(f"{label[:1].upper()}{label[1:]} {preposition} {profile.area}")
    names = [item.name for item in profile.items[:3]]
    if len(names) >= 2 and all(len(n) <= 28 for n in names):
        options.append(" · ".join(names))
    if profile.name and profile.area and not specialty:
        noun = noun_for(profile, language)
        options.append(f"{noun[:1].upper()}{noun[1:]} {preposition} {profile.area}")
    options.extend(_TAGLINES[group][language])
    if profile.business_type in _TYPE_TAGLINES:
        options.insert(min(len(options), 1), _TYPE_TAGLINES[profile.business_type][language])
    return options


def _meta_description(profile: BusinessProfile, language: Language) -> str:
    noun = noun_for(profile, language)
    preposition = "di" if language == "ms" else "in"
    head = f"{profile.display_name} — {noun}" if profile.name else profile.display_name
    if profile.area:
        head += f" {preposition} {profile.area}"
    parts = [head + "."]
    if profile.items:
        parts.append(join_words(_item_words(profile.items, 3), language).capitalize() + ".")
    whatsapp = profile.whatsapp
    phone = whatsapp or profile.call_phone
    if phone is not None:
        label = "WhatsApp" if whatsapp else ("Tel" if language == "ms" else "Call")
        parts.append(f"{label} {phone.display}.")
    return trim(" ".join(parts), 158)


class _Actions(NamedTuple):
    """The buttons' words and the messages that go with them, in one language."""

    offer: str
    whatsapp_message: str
    contact_leads: tuple[str, str]
    whatsapp: str
    call: str
    directions: str


def _actions(group: Group, name: str, language: Language, rng: random.Random) -> _Actions:
    if language == "ms":
        return _Actions(
            offer={"food": "Lihat menu", "class": "Lihat kelas", "stay": "Lihat bilik"}.get(
                group, "Lihat perkhidmatan" if group == "service" else "Lihat produk"
            ),
            whatsapp_message=f"Salam {name}, saya ingin bertanya.",
            contact_leads=(
                "Hantar mesej melalui WhatsApp atau hubungi kami terus.",
                "Ada pertanyaan? Hubungi kami melalui WhatsApp atau telefon.",
            ),
            whatsapp=rng.choice(("WhatsApp kami", "Chat di WhatsApp", "Mesej di WhatsApp")),
            call="Telefon kami",
            directions=rng.choice(("Dapatkan arah", "Buka peta")),
        )
    return _Actions(
        offer={"food": "See the menu", "class": "See classes", "stay": "See rooms"}.get(
            group, "See services" if group == "service" else "See products"
        ),
        whatsapp_message=f"Hi {name}, I have a question.",
        contact_leads=(
            "Send us a WhatsApp message or give us a call.",
            "Questions? Reach us on WhatsApp or by phone.",
        ),
        whatsapp=rng.choice(("WhatsApp us", "Chat on WhatsApp", "Message us")),
        call="Call us",
        directions=rng.choice(("Get directions", "Open the map")),
    )


def _about(
    profile: BusinessProfile, group: Group, language: Language, rng: random.Random
) -> list[str]:
    about = [_intro(profile, language, rng)]
    if profile.items:
        about.append(
            _OFFER_LEAD[group][language].format(
                items=join_words(_item_words(profile.items, 4), language)
            )
        )
    if profile.source_language == language:
        about.extend(profile.highlights[:2])
    about.append(rng.choice(_CLOSINGS[group][language]))
    return about


def _contact_lead(
    profile: BusinessProfile,
    language: Language,
    contact_title: str,
    leads: tuple[str, str],
    rng: random.Random,
) -> str:
    # Never a question twice ("Questions?" / "Questions? Reach us…").
    lead = leads[0] if contact_title.endswith("?") else rng.choice(leads)
    if profile.whatsapp is None:
        lead = (
            "Hubungi kami untuk sebarang pertanyaan."
            if language == "ms"
            else "Get in touch with any questions."
        )
    return lead


def write_offline_copy(profile: BusinessProfile, variant: int = 0) -> SiteCopy:
    """The offline copy for one style (`variant` picks among equally honest wordings)."""
    language = profile.language
    rng = _rng(profile, variant)
    group = group_of(profile.business_type)
    taglines = _taglines(profile, language)
    tagline = taglines[variant % len(taglines)] if variant < len(taglines) else rng.choice(taglines)
    about = _about(profile, group, language, rng)

    # One offset per description, shifted by the variant: three styles, three wordings.
    offsets = _rng(profile, -1)

    def pick(section: str) -> str:
        return _SECTION_TITLES[section][language][(variant + offsets.randrange(3)) % 3]

    offer_titles = _OFFER_TITLES[group][language]
    offer_title = offer_titles[(variant + offsets.randrange(3)) % len(offer_titles)]
    actions = _actions(group, profile.display_name, language, rng)
    contact_title = pick("contact")
    contact_lead = _contact_lead(profile, language, contact_title, actions.contact_leads, rng)
    return SiteCopy(
        kicker=_kicker(profile, language),
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
        cta_whatsapp=actions.whatsapp,
        cta_call=actions.call,
        cta_offer=actions.offer,
        cta_directions=actions.directions,
        whatsapp_message=trim(actions.whatsapp_message, 200),
        meta_description=_meta_description(profile, language),
    )
