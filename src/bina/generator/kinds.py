"""Kinds of business: every kind by its key, the fallback kind, and the words naming places.

The kinds themselves are listed by family in `kinds_food_shops`, `kinds_trades` and
`kinds_care_learning`; this module puts them in one table for the analysis and the copy to
look up. Deciding a description's kind is `classify_kind`'s work.
"""

from __future__ import annotations

from bina.generator.kind import Kind
from bina.generator.kinds_care_learning import CARE_AND_LEARNING_KINDS
from bina.generator.kinds_food_shops import FOOD_AND_SHOP_KINDS
from bina.generator.kinds_trades import TRADE_KINDS
from bina.generator.profile import BUSINESS_TYPES, BusinessType
from bina.generator.text import word_set

_BY_KEY: dict[BusinessType, Kind] = {
    kind.key: kind for kind in (*FOOD_AND_SHOP_KINDS, *TRADE_KINDS, *CARE_AND_LEARNING_KINDS)
}

# In the order of `BusinessType`, every type but "general": on a tie `classify` keeps the
# kind met first ("cuci karpet" is the laundry's before the cleaner's), and a missing kind
# fails here, on import.
KINDS: dict[BusinessType, Kind] = {key: _BY_KEY[key] for key in BUSINESS_TYPES if key != "general"}

GENERAL = Kind("general", "LocalBusiness", "Perniagaan", "Business", ())

# Words that name the kind of place rather than the business; a "name" made only of them
# ("Kedai Makan") is not a name, and they are not the specialty ("Kedai nasi kandar").
PLACE_WORDS = word_set(
    "kedai restoran restaurant warung gerai kafe cafe café bakeri bakery salon klinik clinic gym "
    "pusat centre center bengkel dobi laundry butik boutique studio homestay katering catering "
    "spa akademi academy tadika kelas shop store makan florist tailor runcit mini market pasar "
    "the a an my our kami saya perniagaan business services servis barber home family-run "
    "small kecil family"
)
GENERIC_WORDS = PLACE_WORDS | word_set("kopi kek cake cakes nasi mee roti food")


def kind_of(key: BusinessType) -> Kind:
    return KINDS.get(key, GENERAL)
