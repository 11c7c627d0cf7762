"""Reading a text's prices in order, each in the light of the ones before: a price with only
a quantity or audience before it ("dewasa RM80") is another variant of the item just priced,
a list of fees is one fee with many variants, and "with", "+" or "ke" make the same item with
more or to another place.

Only this reading keeps what earlier prices said, so the rules for one price alone and the
cutting of the text stay free of that state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bina.generator import item_words as w
from bina.generator.item_phrases import (
    clean_name,
    clean_variant,
    is_audience,
    is_quantity,
    is_variant_only,
    is_who,
    quantity_unit,
    variant_split,
)
from bina.generator.places import is_place_shaped
from bina.generator.price_naming import earlier_name, name_of, names_the_fee, variant_from_tail
from bina.generator.prices import Price
from bina.generator.profile import OfferedItem

# "with ayam goreng", "dengan telur", "+ keju": the item before, with something more.
_WITH = re.compile(r"^\s*(with|w/|dengan|dgn|plus|\+|tambah|add)\s+(?=[^\W\d_])", re.I)


_DESTINATION = re.compile(
    r"^(?:ke|to|sampai|hingga|luar|outside|dalam|within|sekitar|around|kawasan|area)\s+"
    r"(?P<where>\S.*)$",
    re.I,
)
_DESTINATION_TAIL = re.compile(
    r"\s+(?:ke|to|sampai|hingga|luar|outside|dalam|within|sekitar|around|kawasan|area)\s", re.I
)


def _names_places(text: str) -> bool:
    """ "Bandar Melaka", "Alor Gajah & Masjid Tanah": only names of places."""
    parts = [p for p in re.split(r"\s*(?:&|,|/|\bdan\b|\band\b)\s*", text.strip()) if p]
    return bool(parts) and all(is_place_shaped(p) for p in parts)


# A first word that says which quality of a job; a later price may be for another one.
_SWAPPED_QUALITY = re.compile(
    r"colou?r|warna|b/w|bw|hitam\s*putih|mono|biasa|normal|standard|premium|express|ekspres|"
    r"regular|deluxe|basic|asas|penuh|full|half|separuh|panas|hot|sejuk|cold|iced|ais",
    re.I,
)


def _swapped(base: list[str], other: str) -> str | None:
    """The name with its quality word replaced by `other` ("B/W printing"), or None."""
    if len(base) != 2 or not _SWAPPED_QUALITY.fullmatch(other.strip()):
        return None
    if _SWAPPED_QUALITY.fullmatch(base[0]):
        name = f"{other.strip()} {base[1]}"
    elif _SWAPPED_QUALITY.fullmatch(base[1]):
        name = f"{base[0]} {other.strip()}"
    else:
        return None
    return name[:1].upper() + name[1:]


_ADDED = re.compile(r"^(?:tambah|add|plus)\b", re.I)


def _variant_of_base(
    price: Price, previous: tuple[str, str | None] | None
) -> tuple[tuple[str, str | None], str, str | None] | None:
    """(base item, variant, unit) when the words before a price only say which ("dewasa")."""
    head = price.head.strip()
    if not head or not is_variant_only(head) or _ADDED.match(head):
        return None
    variant = clean_variant(head)
    # "Homestay RM200/malam. Weekend RM250/malam.": the sentence just before still counts;
    # "Darjah 1-3 RM60, darjah 4-6 RM80": a list of variants alike names each its own.
    base = previous if price.sibling or len(price.between) < 80 else None
    if base is not None and is_variant_only(base[0]):
        return None
    if not price.sibling and price.earlier:
        base = None  # "… Wash + vacuum: sedan RM25": this sentence names its own item
    if base is None:
        earlier, earlier_unit, _, _ = earlier_name(price)
        base = (earlier, earlier_unit) if earlier else None
        if earlier and w.PRICE_LIST.match(earlier):
            base = ("", earlier_unit)  # "Prices: adult RM25, child RM15": what is sold, unnamed
    if base is None or not variant:
        return None
    unit = quantity_unit(head) if is_quantity(head) else None
    return base, variant, unit or base[1]


def _for_named(tail: str, named: list[str]) -> str | None:
    """ "untuk Vario" after a price: the item named before that this price is for."""
    match = re.match(r"^\s*(?:untuk|utk|for|bagi)\s+(.+)$", tail, re.I)
    if not match:
        return None
    wanted = clean_variant(match.group(1)).lower()
    if not wanted:
        return None
    return next((n for n in reversed(named) if n.lower().endswith(wanted)), None)


def _only_which(name: str) -> bool:
    """Words before a price that say only where or how long ("Dalam KL", "60 min")."""
    return bool(name) and bool(w.WHERE_LEAD.match(name) or w.DURATION_ONLY.fullmatch(name))


@dataclass
class Reading:
    """What the prices read so far say about the ones after them."""

    # The item the last price was for (and a unit written before its price), for variants.
    previous: tuple[str, str | None] | None = None
    # "Fees: Form 4-5 RM120, Form 1-3 RM90": the fee is the item, each piece a variant.
    label: tuple[str, str | None] | None = None
    named: list[str] = field(default_factory=list)
    # "RM5 nasi lemak, RM7 nasi ayam": the list names each item after its price.
    names_after: bool = False
    last_item: OfferedItem | None = None

    def head(self, price: Price) -> tuple[str, str | None, str | None, bool]:
        """(name, variant, unit, inherited) from the words before the price."""
        if not price.sibling:
            self.label = None
        inherited = _variant_of_base(price, self.previous)
        name, variant, unit = name_of(price)
        earlier, earlier_unit, earlier_fee, earlier_variant = earlier_name(price)
        if name and is_place_shaped(name):
            name = ""  # "Sesi di bilik kami, Bukit Chandan, Kuala Kangsar: RM80": where, not what
        elif inherited is None and not variant and not earlier and _only_which(name):
            # "Dalam KL RM200", "60 min RM120" alone: where or how long, of what is done
            return "", name, unit, False
        if price.head_delimiter == ":" and earlier_fee and not w.FEE_WORDS.match(name or "x"):
            self.label = (earlier, earlier_unit)
        if self.label is not None and name and inherited is None and not _WITH.match(price.head):
            return self.label[0], clean_variant(price.head), unit or self.label[1], False
        if inherited is not None:
            self.previous = inherited[0]
            return inherited[0][0], inherited[1], inherited[2], True
        more = self._more_of(price, name, unit)
        if more is not None:
            return more
        if name and not earlier and variant is None and is_who(price.head):
            # "Cats RM60, small dogs RM70" with no item named: who it is for, of what the
            # business does (named once the whole text is read).
            return "", clean_variant(price.head), unit, False
        if w.PRICE_LIST.match(earlier) and not name:
            earlier = ""  # "Harga: RM7 (nasi lemak)": the list is called prices, the items follow
        if earlier and not name:
            # "Nasi lemak: RM7", "Kids class Mon, Wed, Fri 8.30pm-9.30pm, RM50/month".
            return earlier, variant or earlier_variant, unit or earlier_unit, False
        if name and w.FEE_WORDS.match(name) and names_the_fee(price):
            # "Kelas SPM, yuran RM150"; a bare "Yuran RM60" stays "Yuran".
            return earlier, variant or earlier_variant, unit or earlier_unit, False
        if name and price.head_delimiter == ":" and earlier_unit and not unit:
            unit = earlier_unit  # "Weekly rate: Axia RM450"
        if not name and price.alternative and self.previous and not price.tail.strip():
            # "Membership RM99/month or RM999/year": another price for the same item.
            return self.previous[0], None, self.previous[1], True
        return name, variant, unit, False

    def _more_of(
        self, price: Price, name: str, unit: str | None
    ) -> tuple[str, str | None, str | None, bool] | None:
        """The same item to another place or with something more, or a charge added on."""
        where = _DESTINATION.match(clean_variant(price.head))
        if where and price.sibling and self.previous and _names_places(where.group("where")):
            # "Delivery sekitar Alor Gajah RM10, ke Bandar Melaka RM20": the same service,
            # to another place.
            base = _DESTINATION_TAIL.split(self.previous[0])[0].strip()
            return base, clean_variant(price.head), unit or self.previous[1], True
        add_on = _WITH.match(price.head)
        if not add_on or not name:
            return None
        if w.SERVICE_VERB.match(self.previous[0] if self.previous else ""):
            return None  # "Tukar kapasitor RM95, tambah gas R32 RM120": another job
        if price.head.rstrip().endswith("+"):
            # "Kolo mee RM6.50, with extra char siu +RM2": a price added on is the extra's own.
            return clean_name(price.head[add_on.end() :]), None, unit, False
        fees = self.label is not None or (
            self.previous is not None and w.FEE_WORDS.match(self.previous[0].split()[0])
        )
        if fees and _ADDED.match(price.head.strip()):
            # "Yuran Tingkatan 4 RM120, Tingkatan 5 RM150, tambah subjek RM50": in a list of
            # fees, a charge for something added is its own item, not one more fee.
            return clean_name(price.head), None, unit, False
        if price.sibling and self.previous is not None:
            # "Nasi lemak biasa RM3, with ayam goreng RM7": the same dish with more.
            which = f"{add_on.group(1).lower()} {clean_variant(price.head[add_on.end() :])}"
            return self.previous[0], which, unit or self.previous[1], True
        return None

    def tail(
        self, price: Price, name: str, variant: str | None, unit: str | None
    ) -> tuple[str, str | None, str | None, bool]:
        """(name, variant, unit, used the tail) once the words after the price are read."""
        tail_variant = variant_from_tail(price.tail)
        owner = _for_named(price.tail, self.named) if name and not variant else None
        if owner is not None:
            return owner, name, unit, True
        if not name and tail_variant:
            which = is_variant_only(price.tail)
            if price.sibling and self.previous is not None and (which or not self.names_after):
                base = self.previous[0].split()
                swapped = _swapped(base, tail_variant) if not which else None
                if swapped:
                    # "colour printing RM0.50/page, RM0.10/page B/W", "Kopi panas RM2, RM2.50
                    # ais": the other quality of the same thing, not colour in black and white.
                    return swapped, None, unit or self.previous[1], True
                # "Yuran RM60/bln budak, RM80/bln dewasa": another price of the item before.
                return self.previous[0], tail_variant, unit or self.previous[1], True
            if which:
                # "RM280 semalam (weekday)", "RM35 for 4 classes": which one, not what.
                return "", tail_variant, unit, True
            if w.WHERE_LEAD.match(price.tail.strip()):
                return "", None, unit, False  # "RM50 per hour at your home": where, not what
            # "RM5 nasi lemak, RM7 nasi ayam", "Harga: RM7 (nasi lemak)": named after the price.
            self.names_after = True
            return clean_name(price.tail), variant, unit, True
        if name and tail_variant and not variant:
            return name, tail_variant, unit, True
        return name, variant, unit, False


# "+RM15", "tambah RM20", "extra RM5": a charge added on top of another price.
_ADD_ON_BEFORE = re.compile(r"(?:\+|\btambah\b|\bextra\b|\badd\b)\s*$", re.I)


def read_price(reading: Reading, price: Price, following: Price | None) -> tuple[OfferedItem, bool]:
    """The item `price` is for, and whether the words after the price were read for it."""
    name, variant, unit, inherited = reading.head(price)
    extra = _ADD_ON_BEFORE.search(price.head)
    extra_named = False
    if extra and not clean_name(price.head[: extra.start()].split("(")[-1]):
        said = price.tail
        if ")" in said and "(" not in said.split(")")[0]:
            said = said.split(")")[0]  # the bracket the charge was written in ends its name
        named_after = clean_name(said)
        if named_after and not is_variant_only(said):
            # "(tambah RM20 tambang)", "(+RM15 caj pos)": the charge added is named after it.
            name, variant, inherited, extra_named = named_after, None, True, True
    split = bool(extra) and extra_named
    if not inherited and name:
        duration = w.DURATION.match(name) if not variant else None
        if duration:
            name, variant, split = duration.group("name"), duration.group("length"), True
        elif following is not None and following.sibling and is_variant_only(following.head):
            # "Brownies 1 kotak (12 pcs) RM25, 2 kotak RM45": which box is the variant.
            name, which = variant_split(name)
            if which is not None:
                variant, split = f"{which} ({variant})" if variant else which, True
    used_tail = False
    if not split:
        name, variant, unit, used_tail = reading.tail(price, name, variant, unit)
    if name and not inherited:
        reading.previous = (name, unit)
        reading.named.append(name)
        reading.names_after = reading.names_after and used_tail
    own_unit = price.unit or unit
    if (
        own_unit is None
        and variant
        and reading.last_item is not None
        and reading.last_item.name == name
        and is_audience(variant)
    ):
        # "Tiket RM30 seorang (kanak-kanak RM15)": who pays differs, not per what.
        own_unit = reading.last_item.unit
    item = OfferedItem(
        name=name,
        variant=variant or None,
        price=price.low[0],
        price_text=price.low[1],
        price_max=price.high[0] if price.high else None,
        price_max_text=price.high[1] if price.high else None,
        price_from=price.price_from,
        unit=own_unit,
    )
    reading.last_item = item
    return item, used_tail
