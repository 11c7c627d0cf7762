"""Facts a model read from a description (`fact_answer`), checked against the text and merged
over the rule reader's profile.

Every value is verified against the description (`factcheck.SourceText`): names and places
must be in the text, numbers, prices, phone numbers and times must be written there, a price
must sit next to its item, a kind or a feature needs one of its words. What cannot be traced
is dropped, with the reason. Verified values fill what the rules left empty and correct a
price the rules bound to the wrong item; a verified rule value is never replaced by an
unverified one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from bina.generator.contacts import parse_number
from bina.generator.fact_answer import DAY_WORDS, DAYS, ReadDay, ReadFacts, ReadItem
from bina.generator.factcheck import SourceText, Span
from bina.generator.kinds import GENERIC_WORDS, KINDS, kind_of
from bina.generator.profile import (
    BUSINESS_TYPES,
    SERVICE_MODES,
    BusinessProfile,
    BusinessType,
    DayHours,
    OfferedItem,
    OpeningHours,
    Phone,
    ServiceMode,
    TimeRange,
)
from bina.generator.units import UNIT_KEYS, UNIT_WORDS, unit_key

MAX_ITEMS = 24

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
_ON_SITE_KINDS = frozenset({"aircond_service", "electrician", "plumber", "cleaning", "moving"})
_CLOSED_WORDS = r"tutup|closed?|cuti|off|rehat|kecuali|except|selain"
_ESTABLISHED_WORDS = re.compile(
    r"(?:sejak|since|est|established|ditubuhkan|beroperasi|dibuka|founded|mula|bermula|"
    r"started|tahun)\W+(?:\w+\W+){0,2}$"
)
_FROM_WORDS = re.compile(r"(?:from|bermula|mula|dari|starting|start|serendah)\W+(?:rm\s*)?$")


# --- checking and merging --------------------------------------------------------------------


@dataclass
class _Merge:
    source: SourceText
    dropped: list[str] = field(default_factory=list)
    used: list[str] = field(default_factory=list)

    def drop(self, what: str, why: str) -> None:
        self.dropped.append(f"{what}: {why}")


def _key(value: str | None) -> tuple[str, ...]:
    return tuple(SourceText.tokens(value or ""))


def _is_bare_kind_word(name: str) -> bool:
    tokens = _key(name)
    labels = {_key(k.label_ms) for k in KINDS.values()} | {_key(k.label_en) for k in KINDS.values()}
    return tokens in labels or all(t in GENERIC_WORDS for t in tokens)


def _kind_support(source: SourceText, kind: BusinessType) -> int:
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


def _binding(
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


def _item(merge: _Merge, read: ReadItem) -> tuple[OfferedItem, int | None] | None:
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
    binding = _binding(source, read.name, variant, price)
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


def _merge_items(merge: _Merge, base: BusinessProfile, read: list[ReadItem]) -> list[OfferedItem]:
    source = merge.source
    items = list(base.items)

    def same(a: OfferedItem, b: OfferedItem) -> bool:
        return _key(a.name) == _key(b.name) and _key(a.variant) == _key(b.variant)

    def rule_binding(item: OfferedItem) -> tuple[int, int] | None:
        if item.price is None:
            return None
        return _binding(source, item.name, item.variant, item.price)

    checked = [found for entry in read if (found := _item(merge, entry)) is not None]
    agreed = {id(i) for i in items for m, _ in checked if same(i, m) and i.price == m.price}
    for model_item, gap in checked:
        if model_item.price is None:
            # A bare list of things sold is the rules' job; the model's only fills an empty one.
            if not base.items and not any(_key(model_item.name) == _key(i.name) for i in items):
                items.append(model_item)
                merge.used.append(f"item {model_item.name!r}")
            continue
        twin = next((i for i in items if same(i, model_item) and i.price == model_item.price), None)
        if twin is not None:
            if twin.unit is None and model_item.unit is not None:
                items[items.index(twin)] = twin.model_copy(update={"unit": model_item.unit})
            continue
        if gap is None:
            continue
        rivals = [
            i
            for i in items
            if i.price == model_item.price and id(i) not in agreed and not same(i, model_item)
        ]
        # A rival loses when its words are further from the price, or when it is the same item
        # without the variant the model found next to the price ("Grooming" → "Grooming, cats").
        worse = [
            r
            for r in rivals
            if (b := rule_binding(r)) is None
            or b[0] > gap
            or (r.variant is None and model_item.variant and _key(r.name) == _key(model_item.name))
        ]
        if rivals and not worse:
            merge.drop(f"item {model_item.name!r}", "the rules' item sits closer to the price")
            continue
        if worse:
            replaced = worse[0]
            items[items.index(replaced)] = model_item
            agreed.add(id(model_item))
            merge.used.append(f"item {model_item.name!r} for {replaced.name!r}")
            continue
        # The rules have no item at this price: add it unless that price is already taken.
        at = _binding(source, model_item.name, model_item.variant, model_item.price or Decimal(0))
        taken = {b[1] for i in items if (b := rule_binding(i)) is not None}
        if at is not None and at[1] in taken:
            merge.drop(f"item {model_item.name!r}", "its price belongs to another item")
            continue
        # The same item at a price not written next to it in the rules: the model's pair wins.
        stale = next(
            (i for i in items if same(i, model_item) and rule_binding(i) is None and i.price),
            None,
        )
        if stale is not None:
            items[items.index(stale)] = model_item
            merge.used.append(f"price of {model_item.name!r}")
        else:
            items.append(model_item)
            merge.used.append(f"item {model_item.name!r}")
        agreed.add(id(model_item))
    return items[:MAX_ITEMS]


def _merge_hours(merge: _Merge, base: OpeningHours, read: list[ReadDay]) -> OpeningHours:
    if not base.is_empty or not read:
        return base
    source = merge.source
    days: dict[int, DayHours] = {}
    for entry in read:
        index = DAYS.index(entry.day)
        if entry.closed:
            day, closed = DAY_WORDS[entry.day], _CLOSED_WORDS
            near = r"\W+(?:\w+\W+){0,3}"
            said = f"(?:{day}){near}(?:{closed})|(?:{closed}){near}(?:{day})"
            if source.search(said):
                days[index] = DayHours(day=index, closed=True)
            else:
                merge.drop(f"hours {entry.day}", "no closed day written")
            continue
        times = [t for r in entry.ranges for t in (r.opens, r.closes) if t is not None]
        if not times or not all(source.has_time(t) for t in times):
            merge.drop(f"hours {entry.day}", "a time is not in the text")
            continue
        ranges = tuple(TimeRange(opens=r.opens, closes=r.closes) for r in entry.ranges)
        days[index] = DayHours(day=index, ranges=ranges)
    if not days:
        return base
    merge.used.append("hours")
    return OpeningHours(days=tuple(days[d] for d in sorted(days)))


def _merge_phones(merge: _Merge, base: BusinessProfile, read: list[str]) -> tuple[Phone, ...]:
    phones = list(base.phones)
    known = {p.digits for p in phones}
    for written in read:
        parsed = parse_number(written)
        if parsed is None and re.sub(r"\D", "", written).startswith("60"):
            parsed = parse_number("+" + re.sub(r"\D", "", written))  # 60xxxxxxxx, "+" left off
        if parsed is None or not merge.source.has_phone(written):
            merge.drop(f"phone {written!r}", "not written in the text")
            continue
        display, digits, kind = parsed
        if digits in known:
            continue
        span = merge.source.phone_span(written)
        before = merge.source.text_before(span, 40) if span else ""
        whatsapp = bool(re.search(r"whats\s*app|wasap|watsap|\bwa\b", before))
        phones.append(Phone(display=display, digits=digits, kind=kind, whatsapp=whatsapp))
        known.add(digits)
        merge.used.append(f"phone {display}")
    return tuple(phones)


def _contains(longer: tuple[str, ...], shorter: tuple[str, ...]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def _text_value(
    merge: _Merge, what: str, current: str | None, value: str | None, *, widen: bool = False
) -> str | None:
    """A name-like value: the rules' when they have one; the model's when it is in the text.

    With `widen`, a model value that is the rules' value and more ("Taman Sri Muda, Shah Alam"
    for "Sri Muda"), all of it written in the text, replaces it.
    """
    if not value or (current and not widen):
        return current
    if current and widen:
        longer, shorter = _key(value), _key(current)
        if len(longer) <= len(shorter) or not _contains(longer, shorter):
            return current
    found = merge.source.traceable_parts(value) if widen else merge.source.traceable(value)
    if not found:
        merge.drop(f"{what} {value!r}", "not in the text")
        return current
    merge.used.append(what)
    return value


def _merge_kind(
    merge: _Merge, base: BusinessProfile, value: str | None
) -> tuple[BusinessType, str, str]:
    kind, schema, label = base.business_type, base.schema_type, base.label
    if not value or value == kind or value == "general":
        return kind, schema, label
    if value not in BUSINESS_TYPES:
        merge.drop(f"kind {value!r}", "not a known kind")
        return kind, schema, label
    new: BusinessType = next(k for k in BUSINESS_TYPES if k == value)
    support = _kind_support(merge.source, new)
    if support == 0:
        merge.drop(f"kind {value!r}", "none of its words are in the text")
        return kind, schema, label
    # The rules' kind stays unless they had none, or the model's kind has a stronger word.
    if kind != "general" and support <= _kind_support(merge.source, kind):
        return kind, schema, label
    old, fresh = kind_of(kind), kind_of(new)
    fresh_label = fresh.label_ms if base.language == "ms" else fresh.label_en
    for old_label in (old.label_ms, old.label_en):
        if old_label and old_label.lower() in label.lower():
            start = label.lower().index(old_label.lower())
            label = label[:start] + fresh_label + label[start + len(old_label) :]
            break
    merge.used.append(f"kind {new}")
    return new, fresh.schema_type, label


def _merge_features(merge: _Merge, base: BusinessProfile, read: list[str]) -> tuple[str, ...]:
    features = list(base.features)
    for key in read:
        if key in features:
            continue
        trigger = FEATURE_TRIGGERS.get(key)
        if trigger is None:
            merge.drop(f"feature {key!r}", "not a known feature")
        elif not merge.source.search(trigger):
            merge.drop(f"feature {key!r}", "no word for it in the text")
        elif key == "halal" and "halal_certified" in features:
            continue
        else:
            features.append(key)
            merge.used.append(f"feature {key}")
    return tuple(features)


def _merge_modes(
    merge: _Merge, base: BusinessProfile, read: list[str], kind: BusinessType
) -> tuple[ServiceMode, ...]:
    if base.modes:
        return base.modes
    modes: list[ServiceMode] = []
    for value in read:
        mode = next((m for m in SERVICE_MODES if m == value), None)
        if mode is None or mode in modes:
            continue
        if merge.source.search(MODE_TRIGGERS[mode]) or (
            mode == "on_site" and kind in _ON_SITE_KINDS
        ):
            modes.append(mode)
        else:
            merge.drop(f"mode {value!r}", "no word for it in the text")
    if modes:
        merge.used.append("modes")
    return tuple(modes)


def _merge_notes(merge: _Merge, base: BusinessProfile, read: list[str]) -> tuple[str, ...]:
    notes = list(base.notes)
    for note in read:
        note = note.strip()[:160]
        if not note:
            continue
        if not merge.source.loosely_traceable(note) or (
            re.search(r"\d", note) and not merge.source.has_number(note)
        ):
            merge.drop(f"note {note!r}", "not in the text")
            continue
        key = " ".join(_key(note))
        if any(key in " ".join(_key(n)) or " ".join(_key(n)) in key for n in notes):
            continue
        notes.append(note)
        merge.used.append("note")
    return tuple(notes[:8])


def _merge_established(merge: _Merge, current: str | None, value: str | None) -> str | None:
    if current or not value:
        return current
    if not re.fullmatch(r"(?:19|20)\d{2}", value):
        merge.drop(f"established {value!r}", "not a year")
        return current
    for span in merge.source.amount_spans(Decimal(value)):
        if _ESTABLISHED_WORDS.search(merge.source.text_before(span, 40)):
            merge.used.append("established")
            return value
    merge.drop(f"established {value!r}", "no year of starting in the text")
    return current


def _merge_email(merge: _Merge, current: str | None, value: str | None) -> str | None:
    if current or not value:
        return current
    if (
        re.fullmatch(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", value)
        and value.lower() in merge.source.text.lower()
    ):
        merge.used.append("email")
        return value
    merge.drop(f"email {value!r}", "not in the text")
    return current


def merge_facts(
    base: BusinessProfile, facts: ReadFacts
) -> tuple[BusinessProfile, list[str], list[str]]:
    """(merged profile, what was used, what was dropped and why) — the rules' profile as base."""
    merge = _Merge(SourceText(base.description))
    name = base.name
    if not name and facts.name:
        if _is_bare_kind_word(facts.name):
            merge.drop(f"name {facts.name!r}", "only a kind of business")
        elif not merge.source.written_as_name(facts.name):
            merge.drop(f"name {facts.name!r}", "not written as a name in the text")
        else:
            name = _text_value(merge, "name", None, facts.name)
    kind, schema_type, label = _merge_kind(merge, base, facts.business_type)
    update: dict[str, Any] = {
        "name": name,
        "business_type": kind,
        "schema_type": schema_type,
        "label": label,
        "area": _text_value(merge, "area", base.area, facts.area, widen=True),
        "address": _text_value(merge, "address", base.address, facts.address),
        "specialty": _text_value(merge, "specialty", base.specialty, facts.specialty),
        "phones": _merge_phones(merge, base, facts.phones),
        "email": _merge_email(merge, base.email, facts.email),
        "items": tuple(_merge_items(merge, base, facts.items)),
        "hours": _merge_hours(merge, base.hours, facts.hours),
        "features": _merge_features(merge, base, facts.features),
        "modes": _merge_modes(merge, base, facts.modes, kind),
        "notes": _merge_notes(merge, base, facts.notes),
        "established": _merge_established(merge, base.established, facts.established),
    }
    if not merge.used:
        return base, merge.used, merge.dropped
    merged = BusinessProfile.model_validate({**base.model_dump(), **_dumped(update)})
    return merged, merge.used, merge.dropped


def _dumped(update: dict[str, Any]) -> dict[str, Any]:
    """Values ready for `model_validate` (nested models as plain data)."""
    out: dict[str, Any] = {}
    for key, value in update.items():
        if isinstance(value, BaseModel):
            out[key] = value.model_dump()
        elif isinstance(value, tuple):
            out[key] = [v.model_dump() if isinstance(v, BaseModel) else v for v in value]
        else:
            out[key] = value
    return out
