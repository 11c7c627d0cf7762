"""The words on the page: an offline writer in Malay and English, built only from facts.

Sentences are assembled from the profile (name, kind, area, items, year, notes) and from a
bank of invitations that state no fact ("Jom singgah!"), chosen by how the business serves
its customers (copy_kinds, invitations). There are no superlatives, no numbers, no prices,
no years, no awards and no halal claims unless the profile holds them. Wording varies with
the description and the style, so three designs do not read the same.

What the business is called lives in business_nouns, the fixed phrases in copy_phrases, the
owner's cleaned sentences in owner_sentences and the each-sentence-once rule in repeats; this
module chooses among them and puts one design's words together (`SiteCopy`, site_copy).
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable

from bina.generator.business_nouns import (
    capital,
    group_of,
    intro,
    kicker,
    noun_for,
    plain_label,
    primary_mode,
    shown_label,
    subject,
)
from bina.generator.copy_kinds import Group, KindWords, kind_words
from bina.generator.copy_phrases import (
    CTA_OFFER,
    HANDOVER,
    OFFER_LEAD,
    OFFER_TITLES,
    RENTAL_DELIVERY,
    SECTION_TITLES,
)
from bina.generator.invitations import VIA, VIA_LEAD, Invitation, invitation
from bina.generator.item_names import readable_items
from bina.generator.owner_sentences import facts_for, user_sentence
from bina.generator.profile import BusinessProfile, Language
from bina.generator.repeats import first_unsaid, repeats, unrepeated, unsaid
from bina.generator.site_copy import SiteCopy, words_source
from bina.generator.text import sentences, trim, words
from bina.generator.wording import FEATURE_LABELS, hours_summary, join_words

__all__ = ["SiteCopy", "ticker_words", "write_offline_copy"]


def _rng(profile: BusinessProfile, variant: int) -> random.Random:
    digest = hashlib.sha256(f"{profile.description}|{variant}".encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))


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
    plain = plain_label(profile)
    if plain and profile.source_language == language and profile.area:
        options.append(f"{capital(plain)} {preposition} {profile.area}")
    names = [capital(name) for name in readable_items(profile.items, 3, profile.description)]
    if len(names) >= 2 and all(len(n) <= 28 for n in names):
        options.append(" · ".join(names))
    specialty = profile.specialty if profile.source_language == language else None
    if subject(profile) and profile.area and not specialty:
        options.append(f"{capital(noun_for(profile, language))} {preposition} {profile.area}")
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
    head = f"{profile.name} — {noun}" if profile.name else shown_label(profile)
    if profile.area and profile.area.lower() not in head.lower():
        head += f" {preposition} {profile.area}"
    parts = [head + "."]
    names = readable_items(profile.items, 3, profile.description)
    if names:
        parts.append(capital(join_words(names, language)) + ".")
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
        handover = RENTAL_DELIVERY if delivery else None
    elif mode in ("home_based", "online") or (
        mode in ("pickup", "delivery") and pickup and delivery
    ):
        handover = HANDOVER.get((pickup, delivery))
    tail = f" {handover[0] if language == 'ms' else handover[1]}" if handover else ""
    options = [lead.format(via=via) + tail for lead in _in_turn(rng.choice(leads), leads)]
    lead = first_unsaid(options, said) or first_unsaid([VIA_LEAD[language].format(via=via)], said)
    return trim(lead or options[0], 200)


# --- sections -----------------------------------------------------------------------------


def _offer_titles(
    words_: KindWords, group: Group, priced: bool, language: Language
) -> tuple[str, ...]:
    titles = (words_.priced_titles if priced else None) or words_.titles
    if titles is None:
        return OFFER_TITLES[group][language]
    return titles[0] if language == "ms" else titles[1]


def _about(profile: BusinessProfile, language: Language, rng: random.Random) -> list[str]:
    """What the business is, what it sells and the owner's own sentences, each said once
    (the closing invitation is added once the tagline is known)."""
    group = group_of(profile.business_type)
    words_ = kind_words(profile.business_type)
    about = [intro(profile, language, rng)]
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
        lead = words_.lead or (OFFER_LEAD[group]["ms"], OFFER_LEAD[group]["en"])
        about.append(words_.for_language(lead, language).format(items=join_words(names, language)))
    said = [sentence for paragraph in about for sentence in sentences(paragraph)]
    about.extend(kept for sentence in quoted if (kept := unsaid(sentence, said)))
    return about


def _in_turn(first: str, options: Iterable[str]) -> list[str]:
    """`first` (the random pick), then the other options in their order."""
    return [first, *(option for option in options if option != first)]


def ticker_words(profile: BusinessProfile, language: Language, limit: int = 10) -> list[str]:
    """Short true facts for a running strip: items, features, the area, the hours — once each."""
    found = [capital(name) for name in readable_items(profile.items, 8, profile.description)]
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
    closing = first_unsaid(_in_turn(rng.choice(invite.closings), invite.closings), said)
    if closing:
        about.append(closing)
    facts = tuple(kept for fact in facts_for(profile) if (kept := unsaid(fact, said)))

    # One offset per description, shifted by the variant: three styles, three wordings.
    offsets = _rng(profile, -1)

    def pick(section: str) -> str:
        return SECTION_TITLES[section][language][(variant + offsets.randrange(3)) % 3]

    priced = any(item.price is not None for item in profile.items)
    offer_titles = _offer_titles(words_, group, priced, language)
    offer_title = offer_titles[(variant + offsets.randrange(3)) % len(offer_titles)]
    contact_title = pick("contact")
    contact_lead = _contact_lead(profile, language, contact_title, invite, rng, said)
    cta_offer = words_.cta_offer or CTA_OFFER[group]
    copy = SiteCopy(
        kicker=trim(kicker(profile, language), 80),
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
            invite.message.format(name=profile.name or shown_label(profile)), 200
        ),
        meta_description=_meta_description(profile, language),
        facts=facts,
        written_for=words_source(profile),
    )
    # Trimming can change a sentence: check the whole page once more.
    return unrepeated(copy)
