"""Facts read by a model: the verifier alone, the merge over the rules, the request schema."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from bina.generator.fact_answer import ReadFacts
from bina.generator.fact_merge import merge_facts
from bina.generator.factcheck import SourceText
from bina.generator.llm_read import extraction_schema
from bina.generator.profile import BusinessProfile, OfferedItem, Phone

QURAN = (
    "Kelas mengaji utk kanak2 & dewasa di Tmn Melati, Gombak. Yuran RM50/bln kanak-kanak, "
    "RM80/bln dewasa. Kelas Isnin - Khamis 8.30 malam - 10 mlm, Jumaat tutup. "
    "Ustazah Nor, berdaftar dgn JAIS. WhatsApp 013-456 7890."
)
GROOMING = (
    "Paws & Claws Grooming, Bangsar. Grooming RM50 (cats), RM70 (small dogs). "
    "Pickup service available. Call 03-2284 1234."
)


def _base(text: str, **update: Any) -> BusinessProfile:
    """A rules' profile made by hand, so these tests do not depend on the rule reader."""
    fields: dict[str, Any] = {
        "description": text,
        "language": "ms",
        "source_language": "ms",
        "label": "Kedai",
    }
    fields.update(update)
    return BusinessProfile(**fields)


def _facts(**values: Any) -> ReadFacts:
    return ReadFacts.model_validate(values)


# --- the verifier ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "found"),
    [
        ("Taman Melati", True),  # shorthand spelled out
        ("tmn melati", True),
        ("GOMBAK", True),
        ("kanak-kanak", True),
        ("Ustazah Nor", True),
        ("untuk kanak2", True),
        ("Ustazah Aminah", False),
        ("Taman Permata", False),
        ("Melati Gombak Selatan", False),
        ("", False),
    ],
)
def test_phrases_are_traced_in_the_text(value: str, found: bool) -> None:
    assert SourceText(QURAN).traceable(value) is found


def test_accents_and_case_are_folded() -> None:
    source = SourceText("Café Zoë di Ipoh, kopi RM3")
    assert source.traceable("cafe zoe")
    assert source.traceable("CAFÉ ZOË")


def test_notes_may_drop_brackets_and_small_words() -> None:
    source = SourceText("Durian kampung, musim durian (Jun–Ogos) sahaja. Order 2 hari awal.")
    assert source.loosely_traceable("Musim durian Jun–Ogos")
    assert source.loosely_traceable("Order 2 hari awal")
    assert not source.loosely_traceable("Musim durian Disember")
    assert not source.loosely_traceable("Penghantaran percuma")


@pytest.mark.parametrize(
    ("written", "found"),
    [
        ("013-456 7890", True),
        ("+60 13-456 7890", True),
        ("60134567890", True),
        ("0134567890", True),
        ("013-456 7891", False),
        ("019-999 9999", False),
        ("7890", False),
    ],
)
def test_phone_digits_must_be_written(written: str, found: bool) -> None:
    assert SourceText(QURAN).has_phone(written) is found


@pytest.mark.parametrize(
    ("time", "found"),
    [("20:30", True), ("22:00", True), ("08:30", True), ("21:00", False), ("10:15", False)],
)
def test_times_must_be_written(time: str, found: bool) -> None:
    assert SourceText(QURAN).has_time(time) is found


def test_times_in_other_spellings() -> None:
    source = SourceText("Open 0900 - 2130, Sat 10am-2pm")
    assert source.has_time("09:00") and source.has_time("21:30")
    assert source.has_time("10:00") and source.has_time("14:00")
    assert not source.has_time("18:00")


def test_amounts_are_compared_by_value() -> None:
    source = SourceText("Set A RM1,200.00, set B RM 950")
    assert source.amount_spans(Decimal("1200"))
    assert source.amount_spans(Decimal("950.00"))
    assert not source.amount_spans(Decimal("120"))


def test_a_price_binds_to_the_words_next_to_it() -> None:
    source = SourceText(QURAN)
    fifty = source.amount_spans(Decimal("50"))[0]
    eighty = source.amount_spans(Decimal("80"))[0]
    children = source.spans("kanak-kanak")[-1]
    adults = source.spans("dewasa")[-1]
    assert source.adjacent(children, fifty) is not None
    assert source.adjacent(adults, eighty) is not None
    # Another price stands between: no binding at all.
    assert source.adjacent(adults, fifty) is None
    # Only a comma between: possible, but further than the variant on its own side.
    near = source.adjacent(children, fifty)
    across = source.adjacent(children, eighty)
    assert near is not None and (across is None or across > near)


def test_negated_words_do_not_count() -> None:
    source = SourceText("Kedai kopi, tiada wifi, parking luas")
    assert source.search("parking")
    assert not source.search("wi-?fi")


# --- the merge -------------------------------------------------------------------------------


def test_model_fills_what_the_rules_left_empty() -> None:
    base = _base(QURAN, business_type="general")
    facts = _facts(
        name="Kelas Mengaji Ustazah Nor",
        business_type="religious_class",
        area="Tmn Melati, Gombak",
        phones=["013-456 7890"],
        items=[
            {"name": "Yuran", "variant": "kanak-kanak", "price": "RM50", "unit": "month"},
            {"name": "Yuran", "variant": "dewasa", "price": "RM80", "unit": "bln"},
        ],
        hours=[
            {"day": "mon", "ranges": [{"opens": "20:30", "closes": "22:00"}]},
            {"day": "fri", "closed": True},
        ],
        modes=["walk_in"],
        notes=["Berdaftar dengan JAIS"],
    )
    merged, used, dropped = merge_facts(base, facts)
    assert merged.business_type == "religious_class"
    assert merged.area == "Tmn Melati, Gombak"
    assert [p.digits for p in merged.phones] == ["60134567890"]
    assert merged.phones[0].whatsapp
    prices = {(i.variant, i.price, i.unit) for i in merged.items}
    assert prices == {("kanak-kanak", Decimal("50"), "month"), ("dewasa", Decimal("80"), "month")}
    assert merged.hours.for_day(4) is not None and merged.hours.for_day(4).closed  # type: ignore[union-attr]
    assert merged.notes == ("Berdaftar dengan JAIS",)
    # "Kelas Mengaji Ustazah Nor" is not written as such: names must be the owner's words.
    assert merged.name is None
    assert any("name" in reason for reason in dropped)
    assert "modes" not in used  # no word for walking in


def test_swapped_prices_are_corrected_and_a_right_pair_is_kept() -> None:
    wrong = (
        OfferedItem(name="Yuran", variant="kanak-kanak", price=Decimal("80"), price_text="80"),
        OfferedItem(name="Yuran", variant="dewasa", price=Decimal("50"), price_text="50"),
    )
    facts = _facts(
        items=[
            {"name": "Yuran", "variant": "kanak-kanak", "price": "50"},
            {"name": "Yuran", "variant": "dewasa", "price": "80"},
        ]
    )
    merged, _, _ = merge_facts(_base(QURAN, items=wrong), facts)
    assert {(i.variant, i.price) for i in merged.items} == {
        ("kanak-kanak", Decimal("50")),
        ("dewasa", Decimal("80")),
    }
    right = tuple(
        OfferedItem(name=i.name, variant=i.variant, price=i.price, price_text=i.price_text)
        for i in merged.items
    )
    swapped = _facts(
        items=[
            {"name": "Yuran", "variant": "kanak-kanak", "price": "80"},
            {"name": "Yuran", "variant": "dewasa", "price": "50"},
        ]
    )
    kept, used, _ = merge_facts(_base(QURAN, items=right), swapped)
    assert kept.items == right
    assert used == []


def test_a_mangled_rule_item_gives_way_to_the_model_pair() -> None:
    rules = (
        OfferedItem(name="Grooming", price=Decimal("50"), price_text="50"),
        OfferedItem(name="Cats) and", price=Decimal("70"), price_text="70"),
    )
    facts = _facts(
        name="Paws & Claws Grooming",
        items=[
            {"name": "Grooming", "variant": "cats", "price": "RM50"},
            {"name": "Grooming", "variant": "small dogs", "price": "RM70"},
        ],
        features=["pickup", "takeaway"],
    )
    merged, _, dropped = merge_facts(_base(GROOMING, items=rules), facts)
    assert merged.name == "Paws & Claws Grooming"
    assert {(i.name, i.variant, i.price) for i in merged.items} == {
        ("Grooming", "cats", Decimal("50")),
        ("Grooming", "small dogs", Decimal("70")),
    }
    assert "takeaway" not in merged.features
    assert any("takeaway" in reason for reason in dropped)


def test_invented_facts_are_all_dropped() -> None:
    base = _base(
        GROOMING, phones=(Phone(display="03-2284 1234", digits="60322841234", kind="landline"),)
    )
    facts = _facts(
        name="Best Pet Spa Malaysia",
        business_type="bakery",
        area="Mont Kiara",
        address="12, Jalan Telawi 3, Bangsar Baru",
        phones=["012-888 7777"],
        email="hello@pawsclaws.my",
        items=[
            {"name": "Grooming", "variant": "cats", "price": "RM45"},
            {"name": "Nail trim", "price": "RM20"},
            {"name": "Grooming", "variant": "rabbits", "price": "RM50"},
        ],
        hours=[{"day": "mon", "ranges": [{"opens": "09:00", "closes": "18:00"}]}],
        features=["halal", "wifi", "award"],
        notes=["Pemenang anugerah Pet Award 2019"],
        established="2010",
        specialty="Premium spa",
    )
    merged, used, dropped = merge_facts(base, facts)
    assert merged == base
    assert used == []
    assert len(dropped) >= 12


def test_a_bare_kind_word_is_not_a_name() -> None:
    merged, _, dropped = merge_facts(
        _base("Perniagaan servis aircond di Shah Alam. Call 012-345 6789"),
        _facts(name="Perniagaan"),
    )
    assert merged.name is None
    assert dropped


def test_aircond_repair_is_not_air_conditioned_premises() -> None:
    text = "Servis aircond rumah & pejabat, Shah Alam. Cuci aircond RM80/unit."
    merged, _, _ = merge_facts(_base(text), _facts(features=["aircond"]))
    assert "aircond" not in merged.features
    cool = "Kedai gunting rambut berhawa dingin di Klang."
    assert "aircond" in merge_facts(_base(cool), _facts(features=["aircond"]))[0].features


def test_units_need_a_word_after_the_price() -> None:
    text = "Kuih lapis RM0.60 sebiji, set 20 biji RM10."
    facts = _facts(
        items=[
            {"name": "Kuih lapis", "price": "RM0.60", "unit": "piece"},
            {"name": "set 20 biji", "price": "RM10", "unit": "kg"},
        ]
    )
    merged, _, dropped = merge_facts(_base(text), facts)
    units = {i.name: i.unit for i in merged.items}
    assert units == {"Kuih lapis": "piece", "Set 20 biji": None}
    assert any("unit 'kg'" in reason for reason in dropped)


def test_price_ranges_need_both_ends() -> None:
    text = "Servis aircond RM80-120 seunit. Gas top-up RM60."
    facts = _facts(
        items=[
            {"name": "Servis aircond", "price": "RM80 - RM120", "unit": "unit"},
            {"name": "Gas top-up", "price": "RM60-90"},
        ]
    )
    merged, _, _ = merge_facts(_base(text), facts)
    assert [(i.name, i.price, i.price_max) for i in merged.items] == [
        ("Servis aircond", Decimal("80"), Decimal("120"))
    ]


def test_a_year_needs_a_word_for_starting() -> None:
    text = "Kedai basikal Ah Kow sejak 1998, Ipoh. Basikal BMX model 2021 RM900."
    assert merge_facts(_base(text), _facts(established="1998"))[0].established == "1998"
    assert merge_facts(_base(text), _facts(established="2021"))[0].established is None


# --- the answer and the request --------------------------------------------------------------


def test_answer_validation() -> None:
    facts = ReadFacts.model_validate(
        {"name": " Kedai Ah Kow ", "hours": [{"day": "mon", "ranges": [{"opens": "9.00"}]}]}
    )
    assert facts.name == "Kedai Ah Kow"
    assert facts.hours[0].ranges[0].opens == "09:00"
    with pytest.raises(ValidationError):
        ReadFacts.model_validate({"items": "lots"})
    with pytest.raises(ValidationError):
        ReadFacts.model_validate({"hours": [{"day": "someday"}]})
    with pytest.raises(ValidationError):
        ReadFacts.model_validate({"hours": [{"day": "mon", "ranges": [{"opens": "9 pagi"}]}]})


def _objects(schema: Any) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    if isinstance(schema, dict):
        if schema.get("type") == "object":
            found.append(schema)
        for value in schema.values():
            found += _objects(value)
    elif isinstance(schema, list):
        for value in schema:
            found += _objects(value)
    return found


def test_schema_is_strict() -> None:
    schema = extraction_schema()
    objects = _objects(schema)
    assert len(objects) == 4  # facts, item, day, time range
    for obj in objects:
        assert obj["additionalProperties"] is False
        assert set(obj["required"]) == set(obj["properties"])
    assert set(schema["properties"]) == set(ReadFacts.model_fields)
    assert "religious_class" in schema["properties"]["business_type"]["enum"]


def test_doubled_words_and_sen() -> None:
    source = SourceText("Kelas utk kanak2, yuran 50 sen sehari. Fotostat 10 sen.")
    assert source.traceable("untuk kanak-kanak")
    assert source.amount_spans(Decimal("0.50")) and source.amount_spans(Decimal("0.10"))
    assert not source.amount_spans(Decimal("50"))


def test_a_variant_refines_the_rules_item_with_the_same_name() -> None:
    text = "Haircut RM12, kids (below 12) RM8, shave RM10."
    rules = (
        OfferedItem(name="Haircut", price=Decimal("12"), price_text="12"),
        OfferedItem(name="Haircut", price=Decimal("8"), price_text="8"),
        OfferedItem(name="Shave", price=Decimal("10"), price_text="10"),
    )
    facts = _facts(
        items=[
            {"name": "Haircut", "price": "RM12"},
            {"name": "Haircut", "variant": "kids (below 12)", "price": "RM8"},
            {"name": "Shave", "variant": "kids", "price": "RM10"},  # not next to 10
        ]
    )
    merged, _, dropped = merge_facts(_base(text, items=rules), facts)
    assert [(i.name, i.variant, i.price) for i in merged.items] == [
        ("Haircut", None, Decimal("12")),
        ("Haircut", "kids (below 12)", Decimal("8")),
        ("Shave", None, Decimal("10")),
    ]
    assert any("'RM10' of 'Shave'" in reason for reason in dropped)


def test_a_unit_word_before_the_price_counts() -> None:
    text = "Roti sosej RM2.20 seketul, kek pandan sebiji RM25."
    facts = _facts(
        items=[
            {"name": "Roti sosej", "price": "RM2.20", "unit": "piece"},
            {"name": "Kek pandan", "price": "RM25", "unit": "piece"},
        ]
    )
    merged, _, _ = merge_facts(_base(text), facts)
    assert [i.unit for i in merged.items] == ["piece", "piece"]


def test_plain_json_answers_are_read_leniently() -> None:
    facts = ReadFacts.model_validate(
        {
            "items": [{"name": "Kopi", "price": 2.8}] * 50,
            "hours": [{"day": "Isnin", "closed": True}, {"day": "Friday", "closed": True}],
            "phones": [60123456789],
            "established": 1998,
            "notes": None,
        }
    )
    assert len(facts.items) == 40 and facts.items[0].price == "2.8"
    assert [d.day for d in facts.hours] == ["mon", "fri"]
    assert facts.phones == ["60123456789"] and facts.established == "1998"
    assert facts.notes == []


def test_a_price_not_next_to_its_item_is_replaced() -> None:
    text = "Nasi lemak RM7, mee goreng RM6.50."
    rules = (
        OfferedItem(name="Nasi lemak", price=Decimal("6.50"), price_text="6.50"),
        OfferedItem(name="Mee goreng", price=Decimal("6.50"), price_text="6.50"),
    )
    facts = _facts(items=[{"name": "Nasi lemak", "price": "RM7 (bungkus 2)"}])
    merged, _, _ = merge_facts(_base(text, items=rules), facts)
    assert [(i.name, i.price) for i in merged.items] == [
        ("Nasi lemak", Decimal("7")),
        ("Mee goreng", Decimal("6.50")),
    ]


def test_notes_are_not_stitched_from_far_apart_words() -> None:
    source = SourceText("Penghantaran RM5 sahaja, parking percuma depan kedai.")
    assert not source.loosely_traceable("Penghantaran percuma")
    assert source.loosely_traceable("parking percuma depan kedai")
    longer = SourceText("Tempahan mesti dibuat sekurang-kurangnya 2 hari lebih awal ya")
    assert longer.loosely_traceable("Tempahan dibuat sekurang-kurangnya 2 hari awal")
