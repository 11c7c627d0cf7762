"""Score the offline reader against hand-written descriptions, one fact (field) at a time.

A case (TOML, see cases.toml) holds a description, the site language and the facts a careful
human reads from it. `score_case` runs `bina.generator.analyze` and compares field by field:
name, kind, area, phones, whatsapp, mode, features, each note fragment, each expected priced
item (and each priced item nobody expected), each weekday listed under hours. Scoring never
raises on what the reader returns: a reader error makes every field of that case wrong.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from bina.generator import analyze
from bina.generator.profile import BusinessProfile, OfferedItem

FACTS_DIR = Path(__file__).resolve().parent
CASES_PATH = FACTS_DIR / "cases.toml"
HOLDOUT_PATH = FACTS_DIR / "holdout.toml"

#: Field groups in the order reports show them.
FIELDS = (
    "name",
    "kind",
    "area",
    "phones",
    "whatsapp",
    "mode",
    "features",
    "notes",
    "items",
    "hours",
)
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

#: The feature keys and units the contract fixes (wording.FEATURE_LABELS may lag behind).
FEATURE_KEYS = frozenset({
    "halal_certified", "halal", "muslim_owned", "no_pork", "delivery", "takeaway", "dine_in",
    "parking", "aircond", "wifi", "booking", "walk_in", "cashless", "accessible", "women_only",
    "homemade", "kids", "pickup", "cod", "warranty", "prayer_room",
})  # fmt: skip
UNIT_KEYS = frozenset({
    "piece", "dozen", "set", "pack", "box", "kg", "gram", "litre", "hour", "day", "night",
    "week", "month", "year", "session", "class", "person", "unit", "trip", "km", "page",
})  # fmt: skip
MODE_KEYS = frozenset(
    {"walk_in", "appointment", "delivery", "pickup", "home_based", "on_site", "online"}
)

_CASE_KEYS = frozenset({
    "id", "language", "text", "name", "kind", "area", "phones", "whatsapp", "mode", "features",
    "not_features", "notes", "items", "hours",
})  # fmt: skip
_ITEM_KEYS = frozenset({"name", "variant", "price", "unit"})
_TIME = r"(?:[01]\d|2[0-4]):[0-5]\d"
_HOURS_SPEC = re.compile(rf"^closed$|^{_TIME}-(?:{_TIME})?(?:,{_TIME}-(?:{_TIME})?)*$")


class CaseError(ValueError):
    """A case in the file is malformed (a typo in the evaluation set, not a reader fault)."""


@dataclass(frozen=True)
class ExpectedItem:
    names: tuple[str, ...]
    price: Decimal
    price_max: Decimal | None = None
    variants: tuple[str, ...] | None = None  # acceptable variants; None: any
    unit: str | None = None

    @property
    def label(self) -> str:
        return f"item {self.names[0]}" + (f" ({self.variants[0]})" if self.variants else "")

    def describe(self) -> str:
        price = f"RM{self.price}" + (f"-{self.price_max}" if self.price_max is not None else "")
        variant = f" ({' | '.join(self.variants)})" if self.variants else ""
        unit = f" /{self.unit}" if self.unit else ""
        return f"{' | '.join(self.names)}{variant} {price}{unit}"


@dataclass(frozen=True)
class Case:
    id: str
    language: str
    text: str
    names: tuple[str, ...]
    kind: str
    area: tuple[str, ...]  # acceptable areas; () = no area must be read
    phones: tuple[str, ...]
    whatsapp: str | None = None
    modes: tuple[str, ...] = ()  # acceptable primary modes; () = not scored
    features: tuple[str, ...] | None = None
    not_features: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    items: tuple[ExpectedItem, ...] = ()
    hours: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldResult:
    group: str  # one of FIELDS
    label: str  # e.g. "hours.mon", "item Yuran (budak)", "note 'Jun'"
    ok: bool
    expected: str
    got: str


@dataclass(frozen=True)
class CaseResult:
    case: Case
    fields: tuple[FieldResult, ...]
    error: str | None = None

    @property
    def wrong(self) -> tuple[FieldResult, ...]:
        return tuple(f for f in self.fields if not f.ok)

    @property
    def ok(self) -> bool:
        return not self.wrong


# --- loading ---------------------------------------------------------------------------------


def _strings(value: Any, where: str, *, allow_empty: bool = True) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseError(f"{where}: expected a string or a list of strings")
    if not allow_empty and not value:
        raise CaseError(f"{where}: must not be empty")
    return tuple(value)


def _price(text: str, where: str) -> tuple[Decimal, Decimal | None]:
    low, _, high = text.partition("-")
    try:
        return Decimal(low.strip()), (Decimal(high.strip()) if high else None)
    except InvalidOperation as error:
        raise CaseError(f"{where}: price {text!r} is not 'N' or 'N-M'") from error


def _item(raw: Any, where: str) -> ExpectedItem:
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: an item must be a table")
    unknown = set(raw) - _ITEM_KEYS
    if unknown or "name" not in raw or "price" not in raw:
        raise CaseError(f"{where}: needs name and price, unknown keys {sorted(unknown)}")
    price, price_max = _price(str(raw["price"]), where)
    return ExpectedItem(
        names=_strings(raw["name"], f"{where}.name", allow_empty=False),
        price=price,
        price_max=price_max,
        variants=None if "variant" not in raw else _strings(raw["variant"], f"{where}.variant"),
        unit=raw.get("unit"),
    )


def _case(raw: Any, index: int) -> Case:
    where = f"case #{index + 1}"
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: must be a table")
    where = f"case {raw.get('id', index + 1)!r}"
    unknown = set(raw) - _CASE_KEYS
    missing = {"id", "language", "text", "name", "kind", "area", "phones"} - set(raw)
    if unknown or missing:
        raise CaseError(f"{where}: unknown keys {sorted(unknown)}, missing {sorted(missing)}")
    if raw["language"] not in ("ms", "en"):
        raise CaseError(f"{where}: language must be ms or en")
    hours = raw.get("hours", {})
    if not isinstance(hours, dict):
        raise CaseError(f"{where}: hours must be a table")
    for day, spec in hours.items():
        if day not in DAYS or not isinstance(spec, str) or not _HOURS_SPEC.match(spec):
            raise CaseError(f"{where}: hours.{day} = {spec!r} is not valid")
    features = raw.get("features")
    return Case(
        id=str(raw["id"]),
        language=raw["language"],
        text=str(raw["text"]),
        names=_strings(raw["name"], f"{where}.name", allow_empty=False),
        kind=str(raw["kind"]),
        area=tuple(a for a in _strings(raw["area"], f"{where}.area") if a),
        phones=_strings(raw["phones"], f"{where}.phones"),
        whatsapp=raw.get("whatsapp"),
        modes=_strings(raw.get("mode", []), f"{where}.mode"),
        features=None if features is None else _strings(features, f"{where}.features"),
        not_features=_strings(raw.get("not_features", []), f"{where}.not_features"),
        notes=_strings(raw.get("notes", []), f"{where}.notes"),
        items=tuple(
            _item(item, f"{where}.items[{n}]") for n, item in enumerate(raw.get("items", []))
        ),
        hours=dict(hours),
    )


def load_cases(path: Path = CASES_PATH) -> list[Case]:
    """The cases of one TOML file, checked for shape; ids must be unique."""
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    cases = [_case(raw, index) for index, raw in enumerate(data.get("case", []))]
    seen: set[str] = set()
    for case in cases:
        if case.id in seen:
            raise CaseError(f"duplicate case id {case.id!r} in {path.name}")
        seen.add(case.id)
    return cases


# --- normalising -----------------------------------------------------------------------------


def collapse(text: str) -> str:
    return " ".join(text.split())


def normal(text: str | None) -> str:
    """Casefolded, punctuation and symbols (emoji too) turned to spaces, spaces collapsed."""
    if not text:
        return ""
    kept = (
        ch if unicodedata.category(ch)[0] in "LN" or ch.isspace() else " "
        for ch in unicodedata.normalize("NFKC", text).casefold()
    )
    return collapse("".join(kept))


def _fragment_text(text: str) -> str:
    """For note fragments: casefolded, dashes unified, spaces collapsed."""
    return collapse(re.sub(r"[\u2010-\u2015\u2212]", "-", text.casefold()))


def _describe_item(item: OfferedItem) -> str:
    price = f"RM{item.price}" + (f"-{item.price_max}" if item.price_max is not None else "")
    variant = f" ({item.variant})" if item.variant else ""
    unit = f" /{item.unit}" if item.unit else ""
    return f"{item.name}{variant} {price}{unit}"


def _item_matches(expected: ExpectedItem, item: OfferedItem) -> bool:
    if normal(item.name) not in {normal(n) for n in expected.names}:
        return False
    if expected.variants is not None and normal(item.variant) not in {
        normal(v) for v in expected.variants
    }:
        return False
    if expected.unit is not None and item.unit != expected.unit:
        return False
    if item.price is None or Decimal(item.price) != expected.price:
        return False
    got_max = item.price_max if item.price_max != item.price else None
    return (None if got_max is None else Decimal(got_max)) == expected.price_max


def _closeness(expected: ExpectedItem, item: OfferedItem) -> int:
    """How alike an expected item and a read one are, to show the nearest when none match."""
    score = 0
    if normal(item.name) in {normal(n) for n in expected.names}:
        score += 4
    if item.price is not None and Decimal(item.price) == expected.price:
        score += 3
    if expected.variants and normal(item.variant) in {normal(v) for v in expected.variants}:
        score += 2
    return score


# --- comparing -------------------------------------------------------------------------------


def _hours_text(profile: BusinessProfile, day: int) -> str:
    entry = profile.hours.for_day(day)
    if entry is None:
        if profile.hours.days:
            return "absent"
        ranges = profile.hours.times_without_days
    elif entry.closed:
        return "closed"
    else:
        ranges = entry.ranges
    if not ranges:
        return "absent" if entry is None else "open (no times)"
    return ",".join(sorted(f"{r.opens}-{r.closes or ''}" for r in ranges))


def _one(group: str, label: str, ok: bool, expected: object, got: object) -> FieldResult:
    return FieldResult(group, label, ok, str(expected), str(got))


def _identity_fields(case: Case, profile: BusinessProfile) -> Iterable[FieldResult]:
    shown = collapse(profile.display_name or "")
    ok = shown in {collapse(n) for n in case.names}
    yield _one("name", "name", ok, " | ".join(case.names), shown)
    yield _one("kind", "kind", profile.business_type == case.kind, case.kind, profile.business_type)
    area = profile.area or ""
    ok = normal(area) in {normal(a) for a in case.area} if case.area else not area
    yield _one("area", "area", ok, " | ".join(case.area) or "(none)", area or "(none)")


def _contact_fields(case: Case, profile: BusinessProfile) -> Iterable[FieldResult]:
    got = sorted(p.digits for p in profile.phones)
    yield _one("phones", "phones", got == sorted(case.phones), sorted(case.phones), got)
    if case.whatsapp is not None:
        wa = profile.whatsapp.digits if profile.whatsapp is not None else "(none)"
        yield _one("whatsapp", "whatsapp", wa == case.whatsapp, case.whatsapp, wa)


def _manner_fields(case: Case, profile: BusinessProfile) -> Iterable[FieldResult]:
    if case.modes:
        mode = profile.modes[0] if profile.modes else "(none)"
        expected = " | ".join(case.modes)
        yield _one("mode", "mode", mode in case.modes, expected, f"{mode} {list(profile.modes)}")
    if case.features is not None or case.not_features:
        got = set(profile.features)
        ok = not got & set(case.not_features)
        expected = f"not {sorted(case.not_features)}" if case.not_features else ""
        if case.features is not None:
            ok = ok and got == set(case.features)
            expected = f"{sorted(case.features)} {expected}".strip()
        yield _one("features", "features", ok, expected, sorted(got))
    notes = [_fragment_text(n) for n in profile.notes]
    for fragment in case.notes:
        ok = any(_fragment_text(fragment) in note for note in notes)
        yield _one("notes", f"note {fragment!r}", ok, fragment, list(profile.notes) or "(none)")


def _item_fields(case: Case, profile: BusinessProfile) -> Iterable[FieldResult]:
    remaining = list(profile.priced_items)
    unmatched: list[ExpectedItem] = []
    for expected in case.items:
        match = next((item for item in remaining if _item_matches(expected, item)), None)
        if match is None:
            unmatched.append(expected)
            continue
        remaining.remove(match)
        yield _one("items", expected.label, True, expected.describe(), _describe_item(match))
    for expected in unmatched:
        nearest = max(remaining, key=lambda item: _closeness(expected, item), default=None)
        if nearest is not None and _closeness(expected, nearest) > 0:
            remaining.remove(nearest)  # shown here, so not counted again as an extra
            got = _describe_item(nearest)
        else:
            got = "(missing)"
        yield _one("items", expected.label, False, expected.describe(), got)
    for extra in remaining:
        yield _one("items", f"extra item {extra.name}", False, "(none)", _describe_item(extra))


def _hours_fields(case: Case, profile: BusinessProfile) -> Iterable[FieldResult]:
    for day, spec in case.hours.items():
        expected = spec if spec == "closed" else ",".join(sorted(spec.split(",")))
        got = _hours_text(profile, DAYS.index(day))
        yield _one("hours", f"hours.{day}", got == expected, expected, got)


def _all_fields(case: Case, profile: BusinessProfile) -> list[FieldResult]:
    return [
        *_identity_fields(case, profile),
        *_contact_fields(case, profile),
        *_manner_fields(case, profile),
        *_item_fields(case, profile),
        *_hours_fields(case, profile),
    ]


def _failed(case: Case, reason: str) -> CaseResult:
    """Every field of the case wrong, as when the reader raised."""
    empty = BusinessProfile(description=case.text, language="ms", source_language="ms", label="")
    fields = [
        FieldResult(f.group, f.label, False, f.expected, reason) for f in _all_fields(case, empty)
    ]
    # With an empty profile, "no area" and "no features" would pass; the reader failed, so not.
    if not any(f.group == "items" for f in fields):
        fields.append(FieldResult("items", "items", False, "(read)", reason))
    return CaseResult(case, tuple(fields), reason)


def score_case(case: Case) -> CaseResult:
    """Run the reader on one case and compare every field; never raises for reader faults."""
    try:
        profile = analyze(case.text, case.language)  # type: ignore[arg-type]
    except Exception as error:  # the reader's fault, scored as wrong
        return _failed(case, f"error: {type(error).__name__}: {error}")
    try:
        return CaseResult(case, tuple(_all_fields(case, profile)))
    except Exception as error:  # a profile the comparison did not foresee
        return _failed(case, f"error while scoring: {type(error).__name__}: {error}")


def score_cases(cases: Sequence[Case]) -> list[CaseResult]:
    return [score_case(case) for case in cases]


def accuracy(results: Sequence[CaseResult]) -> dict[str, tuple[int, int]]:
    """(right, total) per field group, plus "overall"."""
    counts = {group: [0, 0] for group in FIELDS}
    for result in results:
        for item in result.fields:
            counts[item.group][1] += 1
            counts[item.group][0] += item.ok
    out = {group: (right, total) for group, (right, total) in counts.items()}
    out["overall"] = (sum(r for r, _ in out.values()), sum(t for _, t in out.values()))
    return out


def explain(result: CaseResult) -> str:
    """The wrong fields of a case, one per line: field, expected, got."""
    lines = [f"case {result.case.id}: {len(result.wrong)} wrong field(s)"]
    lines += [f"  {f.label}: expected {f.expected!r}, got {f.got!r}" for f in result.wrong]
    return "\n".join(lines)
