"""What a value read by a model needs in the description before it is believed.

The word tables say which words a feature, a way of serving, a closed day or a year of
starting needs; a kind needs one of its keywords; an item needs its name in the text, its
price written next to it with no other price between, and its unit by the price. These checks
answer only "is it written there?" and note in the `MergeLog` what failed and why; which
value wins over the rules' is decided in `fact_merge`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from bina.generator.fact_answer import ReadItem
from bina.generator.factcheck import SourceText, Span
from bina.generator.kinds import GENERIC_WORDS, KINDS, kind_of
from bina.generator.profile import BusinessType, OfferedItem
from bina.generator.units import UNIT_KEYS, UNIT_WORDS, unit_key

# The words that must be in the text before a feature is believed (folded, whole words).
FEATURE_TRIGGERS: dict[str, str] = {
    "halal_certified": r"sijil halal|halal certified|certified halal|halal jakim|jakim|"
    r"disahkan halal",
    "halal": r"halal",
    "muslim_owned": r"milik muslim|muslim[- ]owned|pengusaha muslim|usahawan muslim",
    "no_pork": r"no pork|pork[- ]free|tiada babi|tanpa babi",
    "delivery": r"delivery|deliver\w*|penghantaran|hantar\w*|grab ?food|foodpanda|postage|pos",
    "takeaway": r"bungkus|take ?away|tapau|bawa pulang",
    "dine_in": r"dine[- ]in|makan di sini|makan di kedai",
    "parking": r"parking|tempat letak kereta|parkir|letak kereta",
    # Premises said to be cool; a bare "aircond" is as often the trade (aircond repair).
    "aircond": r"berhawa dingin|air[- ]conditioned|ber-?aircond|full(?:y)? air[- ]?cond\w*",
    "wifi": r"wi-?fi",
    "booking": r"tempahan|tempah|booking|book|appointment|temujanji|pre-?order|reservation",
    "walk_in": r"walk[- ]in|datang terus",
    "cashless": r"duitnow|touch ?n ?go|tng|e-?wallet|boost|qr|online banking|kad kredit|"
    r"credit card|debit card|cashless",
    "accessible": r"mesra oku|oku friendly|wheelchair|kerusi roda",
    "women_only": r"wanita sahaja|muslimah|ladies only|women only|khas wanita",
    "homemade": r"home ?made|buatan sendiri|air tangan|buatan rumah",
    "kids": r"kids?[- ]friendly|mesra kanak-kanak|mesra keluarga|family[- ]friendly|"
    r"kids? (?:area|corner|playground)|ruang permainan|taman permainan",
    "pickup": r"pick ?-?up|self[- ]?pickup|self[- ]collect\w*|ambil sendiri|boleh ambil|collect",
    "cod": r"cod|cash on delivery|bayar tunai semasa terima|bayar masa terima",
    "warranty": r"waranti|warranty|jaminan|guarantee\w*",
    "prayer_room": r"surau|musolla|musalla|prayer room|bilik solat",
}
MODE_TRIGGERS: dict[str, str] = {
    "walk_in": r"walk[- ]ins?|datang terus|singgah|jemput datang|come by|drop by|visit us|"
    r"layan diri|self[- ]service",
    "appointment": r"appointments?|temujanji|janji temu|booking|book|tempah\w*|by appointment",
    "delivery": r"delivery|deliver\w*|penghantaran|hantar\w*|pos|postage|grab ?food|foodpanda",
    "pickup": r"pick ?-?up|self[- ]?pickup|self[- ]collect\w*|ambil sendiri|boleh ambil|collect",
    "home_based": r"dari rumah|di rumah(?! anda)|home[- ]?based|from home|rumah saya|"
    r"rumah sendiri|home kitchen|dapur rumah|home ?made",
    "on_site": r"(?:datang|dtg)(?: ke)? (?:rumah|lokasi|tempat)|ke rumah anda|di rumah anda|"
    r"ke lokasi|on[- ]site|we come|kami (?:datang|dtg)|sy (?:datang|dtg)|saya (?:datang|dtg)|"
    r"house calls?|home service|servis di rumah|site visit|we bring|at your (?:home|place|house)|"
    r"mobile (?:service|grooming|van)|door ?step",
    "online": r"online|dalam talian|shopee|lazada|website|laman web|tiktok shop",
}
# Trades that go to the customer: "on site" is how they work even when no word says so.
ON_SITE_KINDS = frozenset({"aircond_service", "electrician", "plumber", "cleaning", "moving"})
CLOSED_WORDS = r"tutup|closed?|cuti|off|rehat|kecuali|except|selain"
ESTABLISHED_WORDS = re.compile(
    r"(?:sejak|since|est|established|ditubuhkan|beroperasi|dibuka|founded|mula|bermula|"
    r"started|tahun)\W+(?:\w+\W+){0,2}$"
)
_FROM_WORDS = re.compile(r"(?:from|bermula|mula|dari|starting|start|serendah)\W+(?:rm\s*)?$")


@dataclass
class MergeLog:
    """The description a merge checks against, and what it used and dropped (with why)."""

    source: SourceText
    dropped: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    def drop(self, what: str, why: str) -> None:
        self.dropped.append(f"{what}: {why}")


def token_key(value: str | None) -> tuple[str, ...]:
    """A value's folded words, to compare names, variants and notes by."""
    return tuple(SourceText.tokens(value or ""))


def is_bare_kind_word(name: str) -> bool:
    """Whether a name is only a kind of business's label or generic words, not a name."""
    tokens = token_key(name)
    labels = {token_key(label) for k in KINDS.values() for label in (k.label_ms, k.label_en)}
    return tokens in labels or all(t in GENERIC_WORDS for t in tokens)


def kind_support(source: SourceText, kind: BusinessType) -> int:
    """The strongest weight among the kind's keywords found in the text (0: none)."""
    best = 0
    for weight, pattern in kind_of(kind).keywords:
        if weight > best and source.search(pattern):
            best = weight
    return best


def _amounts(written: str) -> list[tuple[Decimal, str]]:
    found = []
    for match in re.finditer(r"(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?", written):
        text = match.group(1) + (f".{match.group(2)}" if match.group(2) else "")
        found.append((Decimal(text.replace(",", "")), text))
    return found


def price_binding(
    source: SourceText, name: str, variant: str | None, price: Decimal
) -> tuple[int, int] | None:
    """(distance, where the price is) for the closest place the item sits next to its price.

    The item's name, or its variant with the name a little before it ("Grooming RM50 (cats),
    RM70 (small dogs)"), must touch the amount with no other price in between.
    """
    best: tuple[int, int] | None = None
    names = source.spans(name)
    variants = source.spans(variant) if variant else []
    for amount in source.amount_spans(price):
        named = [gap for span in names if (gap := source.adjacent(span, amount)) is not None]
        if variant is None:
            candidates = named
        else:
            # The variant binds the price; the name may stand a little before ("Yuran RM60
            # budak, RM80 dewasa").
            before = any(n.end <= amount.start and amount.start - n.end <= 160 for n in names)
            candidates = [
                gap
                for span in variants
                if (gap := source.adjacent(span, amount)) is not None and (named or before)
            ]
        if candidates and (best is None or min(candidates) < best[0]):
            best = (min(candidates), amount.start)
    return best


def _unit(source: SourceText, written: str | None, price_at: Span) -> str | None:
    """The unit when a word for it stands by the price ("RM0.60 sebiji", "sebiji RM25")."""
    if not written:
        return None
    following = source.words_after(price_at)[:4]
    preceding = [w for w in source.words_before(price_at) if w != "rm"][-1:]
    key = written if written in UNIT_KEYS else unit_key(written)
    if key is not None:
        for word in following + preceding:
            if unit_key(word) == key or UNIT_WORDS.get(word) == key:
                return key
        return None
    tokens = [t for t in SourceText.tokens(written) if t not in {"per", "setiap"}]
    if tokens and all(t in following[:5] for t in tokens):
        return written.strip()
    return None


def check_item(merge: MergeLog, read: ReadItem) -> tuple[OfferedItem, int | None] | None:
    """The item when it checks out, with how close its price sits (None: no price)."""
    source = merge.source
    if not source.traceable(read.name):
        merge.drop(f"item {read.name!r}", "its name is not in the text")
        return None
    variant = read.variant
    if variant and not source.traceable(variant):
        merge.drop(f"variant {variant!r} of {read.name!r}", "not in the text")
        if read.price:
            return None  # the price was said to be for something the text does not name
        variant = None
    name = read.name[:1].upper() + read.name[1:]
    if not read.price:
        return OfferedItem(name=name, variant=variant), None
    amounts = _amounts(read.price)
    if not amounts or len(amounts) > 2:
        merge.drop(f"price {read.price!r} of {read.name!r}", "no amount in it")
        return None
    (price, price_text), *rest = amounts
    if rest and not re.search(r"\d\s*(?:-|–|to|hingga|sampai|ke)\s*(?:rm\s*)?\d", read.price, re.I):
        rest = []  # "RM25 (6 biji)": one price, the rest is not a range
    binding = price_binding(source, read.name, variant, price)
    if binding is None:
        merge.drop(f"price {read.price!r} of {read.name!r}", "not written next to the item")
        return None
    gap, at = binding
    price_span = next(s for s in source.amount_spans(price) if s.start == at)
    update: dict[str, Any] = {}
    if rest:
        top, top_text = rest[0]
        tops = [s for s in source.amount_spans(top) if 0 < s.start - price_span.end <= 12]
        if not tops or top <= price:
            merge.drop(f"price range {read.price!r} of {read.name!r}", "the top is not in the text")
            return None
        update = {"price_max": top, "price_max_text": top_text}
        price_span = tops[0]
    unit = _unit(source, read.unit, price_span)
    if read.unit and unit is None:
        merge.drop(f"unit {read.unit!r} of {read.name!r}", "not written after the price")
    from_price = bool(_FROM_WORDS.search(source.text_before(Span(at, at))))
    item = OfferedItem(
        name=name,
        variant=variant,
        price=price,
        price_text=price_text,
        price_from=from_price,
        unit=unit,
        **update,
    )
    return item, gap
