"""The label heading the page and the specialty: what the business does ("Kedai Nasi
Kandar", "nasi kandar"), or, with no name given, a name composed from what it does, who runs
it and where ("Servis Aircond Faizal").

Analysis reads the label once the name and area are known; the words of the trade are found
by trade, the owner by people.
"""

from __future__ import annotations

import re

from bina.generator.kinds import PLACE_WORDS, kind_of
from bina.generator.people import locate_owner
from bina.generator.places import is_place
from bina.generator.profile import BusinessType, Language
from bina.generator.text import detect_language, expand_shorthand, title_case
from bina.generator.trade import compose_label, find_trade

__all__ = ["find_label"]


def find_label(
    text: str,
    business_type: BusinessType,
    language: Language,
    name: str | None = None,
    area: str | None = None,
) -> tuple[str, str | None]:
    """A label and the specialty ("nasi kandar") when stated.

    With no name given, the label is a name composed from what the business does, who runs
    it or where ("Servis Aircond Faizal", "Dobi Layan Diri Taman Sentosa"), never the bare
    kind word when the text says more. With a name, it is what the business does
    ("Kedai Nasi Kandar") or the kind's plain label.
    """
    kind = kind_of(business_type)
    plain = kind.label_ms if language == "ms" else kind.label_en
    trade = find_trade(text, kind, skip=(name,) if name else ())
    written_in: Language = "en" if detect_language(text) == "en" else "ms"
    what = expand_shorthand(trade[1], written_in) if trade else None
    if what:
        # A heading typed in capitals ("⚡ ELEKTRIK & WIRING ⚡"): words, not acronyms (CCTV).
        what = re.sub(r"\b[A-Z]{5,}\b", lambda m: m.group().capitalize(), what)
    specialty = _specialty(what) if what else None
    if name:
        return (title_case(what) if what else plain), specialty
    owner_at = locate_owner(text, kind)
    owner = (trade[2] if trade else None) or (owner_at[1] if owner_at else None)
    # Malay puts the owner after ("Nasi Lemak Kak Mun"); English keeps the order written
    # ("Cikgu Lim Tuition Centre", "Barber Pak Hassan"), owner first when nothing says.
    if language == "ms" or (trade and trade[2]):
        owner_first = False
    elif trade and owner_at:
        owner_first = owner_at[0] < trade[0]
    else:
        owner_first = True
    place = area.split(",")[0].strip() if area else None
    return compose_label(what or plain, owner, place, owner_first), specialty


def _specialty(what: str) -> str | None:
    """The words of what the business does that are not the kind of place ("nasi kandar")."""
    kept = [t for t in what.split() if t.lower() not in PLACE_WORDS and t.lower() != "&"]
    specialty = expand_shorthand(" ".join(kept)).lower() or None
    if specialty and (is_place(specialty) or len(specialty) < 3):
        return None
    return specialty
