"""Words that finding a business name and finding a person both rely on.

The ordinary words that are never part of a name, the keywords of the kinds of business
(a name made only of them says what is sold, not who sells it) and how far into a
description a name is looked for. They are kept apart so that `names` (the business name)
and `people` (the person it goes by) share them without depending on each other.
"""

from __future__ import annotations

import re

from bina.generator.kind import Kind
from bina.generator.kinds import KINDS
from bina.generator.text import word_set

STOP_WORDS = word_set(
    "buka open opens opening menjual jual sells selling sell serving serves menyediakan di in at "
    "near dekat menu harga price prices whatsapp wa tel call hubungi alamat address is ialah "
    "adalah sejak since kami we our saya i my dengan with untuk for yang that which terletak "
    "located setiap every daily kecuali except tutup closed hanya only dari from best terbaik "
    "murah cheap sedap delicious halal pakej package lokasi location waktu hours order tempahan "
    "booking hari isnin selasa rabu khamis jumaat sabtu ahad monday tuesday wednesday thursday "
    "friday saturday sunday ada has have offers offering menawarkan form tingkatan darjah"
)

# A name is stated early; looking further only costs time on very long descriptions.
NAME_SEARCH_CHARS = 800

# The kinds' strongest keywords, each enough alone to say what a business does.
STRONG_KIND_WORD: re.Pattern[str] = re.compile(
    "|".join(
        f"(?:{words_})"
        for kind in KINDS.values()
        for weight, words_ in kind.keywords
        if weight >= 3
    ),
    re.I,
)
# Any keyword of any kind: words that say what is sold or done.
ANY_KIND_WORD: re.Pattern[str] = re.compile(
    "|".join(f"(?:{words_})" for kind in KINDS.values() for _, words_ in kind.keywords), re.I
)


# A home kitchen sells what bakeries, cafés and eateries sell ("Kek batik", "Nasi lemak").
# Kinds whose dishes say what another cooks: a caterer's "nasi mandy", a home kitchen's kek.
_RELATED: dict[str, tuple[str, ...]] = {
    "home_food": ("bakery", "restaurant", "cafe", "catering"),
    "catering": ("restaurant", "bakery"),
}


def kind_words(kind: Kind | None) -> re.Pattern[str] | None:
    """The keywords of `kind` and of the kinds whose dishes it sells; None without a kind."""
    if kind is None or not kind.keywords:
        return None
    kinds = [kind, *(KINDS[key] for key in _RELATED.get(kind.key, ()))]  # type: ignore[index]
    return re.compile(
        "|".join(f"(?:{words_})" for each in kinds for _, words_ in each.keywords), re.I
    )
