"""Facts a model read from a description (`fact_answer`), checked against the text and merged
over the rule reader's profile.

Every value is verified against the description (`factcheck.SourceText`; the word tables and
the checks of kinds, items and prices are in `fact_checks`): names and places must be in the
text, numbers, prices, phone numbers and times must be written there, a price must sit next to
its item, a kind or a feature needs one of its words. What cannot be traced is dropped, with
the reason. Verified values fill what the rules left empty and correct a price the rules bound
to the wrong item; a verified rule value is never replaced by an unverified one.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from bina.generator.contacts import parse_number
from bina.generator.fact_answer import DAY_WORDS, DAYS, ReadDay, ReadFacts, ReadItem
from bina.generator.fact_checks import (
    CLOSED_WORDS,
    ESTABLISHED_WORDS,
    FEATURE_TRIGGERS,
    MODE_TRIGGERS,
    ON_SITE_KINDS,
    MergeLog,
    check_item,
    is_bare_kind_word,
    kind_support,
    price_binding,
    token_key,
)
from bina.generator.factcheck import SourceText
from bina.generator.kinds import kind_of
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

MAX_ITEMS = 24


def _merge_items(merge: MergeLog, base: BusinessProfile, read: list[ReadItem]) -> list[OfferedItem]:
    source = merge.source
    items = list(base.items)

    def same(a: OfferedItem, b: OfferedItem) -> bool:
        same_name = token_key(a.name) == token_key(b.name)
        return same_name and token_key(a.variant) == token_key(b.variant)

    def rule_binding(item: OfferedItem) -> tuple[int, int] | None:
        if item.price is None:
            return None
        return price_binding(source, item.name, item.variant, item.price)

    checked = [found for entry in read if (found := check_item(merge, entry)) is not None]
    agreed = {id(i) for i in items for m, _ in checked if same(i, m) and i.price == m.price}
    for model_item, gap in checked:
        if model_item.price is None:
            # A bare list of things sold is the rules' job; the model's only fills an empty one.
            if not base.items and not any(
                token_key(model_item.name) == token_key(i.name) for i in items
            ):
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
            or (
                r.variant is None
                and model_item.variant
                and token_key(r.name) == token_key(model_item.name)
            )
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
        at = price_binding(
            source, model_item.name, model_item.variant, model_item.price or Decimal(0)
        )
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


def _merge_hours(merge: MergeLog, base: OpeningHours, read: list[ReadDay]) -> OpeningHours:
    if not base.is_empty or not read:
        return base
    source = merge.source
    days: dict[int, DayHours] = {}
    for entry in read:
        index = DAYS.index(entry.day)
        if entry.closed:
            day, closed = DAY_WORDS[entry.day], CLOSED_WORDS
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


def _merge_phones(merge: MergeLog, base: BusinessProfile, read: list[str]) -> tuple[Phone, ...]:
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
    merge: MergeLog, what: str, current: str | None, value: str | None, *, widen: bool = False
) -> str | None:
    """A name-like value: the rules' when they have one; the model's when it is in the text.

    With `widen`, a model value that is the rules' value and more ("Taman Sri Muda, Shah Alam"
    for "Sri Muda"), all of it written in the text, replaces it.
    """
    if not value or (current and not widen):
        return current
    if current and widen:
        longer, shorter = token_key(value), token_key(current)
        if len(longer) <= len(shorter) or not _contains(longer, shorter):
            return current
    found = merge.source.traceable_parts(value) if widen else merge.source.traceable(value)
    if not found:
        merge.drop(f"{what} {value!r}", "not in the text")
        return current
    merge.used.append(what)
    return value


def _merge_kind(
    merge: MergeLog, base: BusinessProfile, value: str | None
) -> tuple[BusinessType, str, str]:
    kind, schema, label = base.business_type, base.schema_type, base.label
    if not value or value == kind or value == "general":
        return kind, schema, label
    if value not in BUSINESS_TYPES:
        merge.drop(f"kind {value!r}", "not a known kind")
        return kind, schema, label
    new: BusinessType = next(k for k in BUSINESS_TYPES if k == value)
    support = kind_support(merge.source, new)
    if support == 0:
        merge.drop(f"kind {value!r}", "none of its words are in the text")
        return kind, schema, label
    # The rules' kind stays unless they had none, or the model's kind has a stronger word.
    if kind != "general" and support <= kind_support(merge.source, kind):
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


def _merge_features(merge: MergeLog, base: BusinessProfile, read: list[str]) -> tuple[str, ...]:
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
    merge: MergeLog, base: BusinessProfile, read: list[str], kind: BusinessType
) -> tuple[ServiceMode, ...]:
    if base.modes:
        return base.modes
    modes: list[ServiceMode] = []
    for value in read:
        mode = next((m for m in SERVICE_MODES if m == value), None)
        if mode is None or mode in modes:
            continue
        if merge.source.search(MODE_TRIGGERS[mode]) or (
            mode == "on_site" and kind in ON_SITE_KINDS
        ):
            modes.append(mode)
        else:
            merge.drop(f"mode {value!r}", "no word for it in the text")
    if modes:
        merge.used.append("modes")
    return tuple(modes)


def _merge_notes(merge: MergeLog, base: BusinessProfile, read: list[str]) -> tuple[str, ...]:
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
        key = " ".join(token_key(note))
        if any(key in " ".join(token_key(n)) or " ".join(token_key(n)) in key for n in notes):
            continue
        notes.append(note)
        merge.used.append("note")
    return tuple(notes[:8])


def _merge_established(merge: MergeLog, current: str | None, value: str | None) -> str | None:
    if current or not value:
        return current
    if not re.fullmatch(r"(?:19|20)\d{2}", value):
        merge.drop(f"established {value!r}", "not a year")
        return current
    for span in merge.source.amount_spans(Decimal(value)):
        if ESTABLISHED_WORDS.search(merge.source.text_before(span, 40)):
            merge.used.append("established")
            return value
    merge.drop(f"established {value!r}", "no year of starting in the text")
    return current


def _merge_email(merge: MergeLog, current: str | None, value: str | None) -> str | None:
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
    merge = MergeLog(SourceText(base.description))
    name = base.name
    if not name and facts.name:
        if is_bare_kind_word(facts.name):
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
