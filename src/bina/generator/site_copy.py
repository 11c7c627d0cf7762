"""The words of one design (`SiteCopy`) and the digest of the facts they were written from.

The model is what every writer fills in (the offline writer in copy, the model's in llm) and
what a site keeps; it lives apart from any writer so that storing or showing a copy does not
pull in the sentence machinery.
"""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, ConfigDict, Field

from bina.generator.profile import BusinessProfile
from bina.generator.text import word_set

__all__ = ["SiteCopy", "words_source"]


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
