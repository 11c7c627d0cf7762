"""Analysis: descriptions in Malay and English become the right `BusinessProfile`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bina.generator.analyze import analyze
from bina.generator.contacts import find_phones, parse_number
from bina.generator.errors import (
    DescriptionTooLongError,
    DescriptionTooShortError,
    EmptyDescriptionError,
    GenerationError,
)
from bina.generator.hours import parse_hours
from bina.generator.items import find_items
from bina.generator.profile import BUSINESS_TYPES, BusinessProfile
from tests.unit.generator.generator_cases import ANY, CASES, Case


def _hours_text(profile: BusinessProfile, day: int) -> str:
    entry = profile.hours.for_day(day)
    if entry is None:
        return "absent"
    if entry.closed:
        return "closed"
    return ",".join(f"{t.opens}-{t.closes or ''}" for t in entry.ranges)


def test_there_are_enough_cases_covering_every_kind_and_both_languages() -> None:
    assert len(CASES) >= 30
    kinds = {case.business_type for case in CASES if case.business_type is not ANY}
    assert kinds == set(BUSINESS_TYPES)
    assert {case.language for case in CASES} == {"ms", "en"}


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_analysis_reads_the_stated_facts(case: Case) -> None:
    profile = analyze(case.text, case.language)
    assert profile.language == case.language
    if case.name is not ANY:
        assert profile.name == case.name
    if case.business_type is not ANY:
        assert profile.business_type == case.business_type
    if case.area is not ANY:
        assert profile.area == case.area
    if case.phones is not ANY:
        assert [phone.digits for phone in profile.phones] == case.phones
    if case.whatsapp is not ANY:
        assert (profile.whatsapp.digits if profile.whatsapp else None) == case.whatsapp
    items = {item.name: item for item in profile.items}
    for name, price in case.items.items():
        assert name in items, f"{name!r} not in {list(items)}"
        assert items[name].price_text == price
    for day, expected in case.hours.items():
        assert _hours_text(profile, day) == expected, f"day {day}"
    assert case.features <= set(profile.features)
    assert not case.not_features & set(profile.features)
    if case.established is not ANY:
        assert profile.established == case.established
    if case.address_contains is not ANY:
        assert profile.address is not None
        assert case.address_contains in profile.address
    if case.source_language is not ANY:
        assert profile.source_language == case.source_language


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_analysis_never_invents_numbers(case: Case) -> None:
    profile = analyze(case.text, case.language)
    digits_in_text = "".join(c for c in case.text if c.isdigit())
    for item in profile.items:
        if item.price_text:
            assert item.price_text in case.text
    for phone in profile.phones:
        national = phone.digits[2:] if phone.digits.startswith("60") else phone.digits
        assert national in digits_in_text
    if profile.established:
        assert profile.established in case.text
    if "halal" not in case.text.lower():
        assert "halal" not in profile.features


@pytest.mark.parametrize(
    ("written", "display", "digits", "kind"),
    [
        ("012-345 6789", "012-345 6789", "60123456789", "mobile"),
        ("+60 12-300 4455", "012-300 4455", "60123004455", "mobile"),
        ("+6012-3004455", "012-300 4455", "60123004455", "mobile"),
        ("6019 222 3333", "019-222 3333", "60192223333", "mobile"),
        ("011-2345 6789", "011-2345 6789", "601123456789", "mobile"),
        ("03-6257 1234", "03-6257 1234", "60362571234", "landline"),
        ("(03) 6257 1234", "03-6257 1234", "60362571234", "landline"),
        ("04-123 4567", "04-123 4567", "6041234567", "landline"),
        ("082-123 456", "082-123 456", "6082123456", "landline"),
        ("1-300-88-1234", "1-300-88-1234", "1300881234", "toll_free"),
        ("+65 9123 4567", "+65 9123 4567", "6591234567", "international"),
    ],
)
def test_malaysian_phone_formats(written: str, display: str, digits: str, kind: str) -> None:
    assert parse_number(written) == (display, digits, kind)


@pytest.mark.parametrize("not_a_phone", ["RM 1.50", "50400", "10.30", "1998", "7-11", "2024-2025"])
def test_things_that_are_not_phone_numbers(not_a_phone: str) -> None:
    assert find_phones(f"Harga {not_a_phone} sahaja")[0] == []


def test_two_numbers_side_by_side_are_two_phones() -> None:
    phones, _ = find_phones("Call 0123456789 0133334444")
    assert [p.digits for p in phones] == ["60123456789", "60133334444"]


def test_whatsapp_label_carries_over_a_joined_number() -> None:
    phones, _ = find_phones("Tel: 03-6257 1234, WhatsApp 012-300 4455 / 013-222 1111")
    assert [p.whatsapp for p in phones] == [False, True, True]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Isnin hingga Sabtu 8 pagi - 6 petang", {0: "08:00-18:00", 5: "08:00-18:00", 6: None}),
        ("setiap hari 5 petang hingga 2 pagi", {d: "17:00-02:00" for d in range(7)}),
        ("Tuesday to Sunday 10am-8pm", {0: None, 1: "10:00-20:00", 6: "10:00-20:00"}),
        ("Buka setiap hari kecuali Jumaat, 7-11 malam", {4: "closed", 0: "19:00-23:00"}),
        (
            "Open 8am-5pm (Mon-Fri), 8am-1pm (Sat). Closed Sundays.",
            {4: "08:00-17:00", 5: "08:00-13:00", 6: "closed"},
        ),
        ("Khamis cuti. Hari lain buka 11 pagi - 10 malam", {3: "closed", 2: "11:00-22:00"}),
        ("10am - 10pm daily except Tuesday", {1: "closed", 2: "10:00-22:00"}),
        ("Isn-Jum 8pg-5ptg", {0: "08:00-17:00", 4: "08:00-17:00", 5: None}),
        ("Weekdays 11am to 9pm, weekends 9am to 10pm", {2: "11:00-21:00", 6: "09:00-22:00"}),
    ],
)
def test_opening_hours(text: str, expected: dict[int, str | None]) -> None:
    hours, _ = parse_hours(text)
    for day, value in expected.items():
        entry = hours.for_day(day)
        if value is None:
            assert entry is None
        elif value == "closed":
            assert entry is not None and entry.closed
        else:
            assert entry is not None
            assert ",".join(f"{t.opens}-{t.closes}" for t in entry.ranges) == value


def test_times_without_days_stay_without_days() -> None:
    hours, _ = parse_hours("Buka 7 pagi - 11 malam")
    assert hours.days == ()
    assert [(t.opens, t.closes) for t in hours.times_without_days] == [("07:00", "23:00")]


def test_until_sold_out() -> None:
    hours, _ = parse_hours("buka 6 pagi sampai habis")
    (time,) = hours.times_without_days
    assert (time.opens, time.closes, time.until_sold_out) == ("06:00", None, True)


def test_price_forms() -> None:
    items, _ = find_items(
        "Haircut from RM25; colouring RM150-RM300; keratin RM350 and above; "
        "room RM180/malam; rm12 seorang; kek 10 ringgit"
    )
    by_name = {item.name: item for item in items}
    assert by_name["Haircut"].price_from and by_name["Haircut"].price == Decimal(25)
    assert by_name["Colouring"].price_max == Decimal(300)
    assert by_name["Keratin"].price_from
    assert by_name["Room"].unit == "night"
    assert by_name["Kek"].price == Decimal(10)


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", EmptyDescriptionError),
        ("   \n\t ", EmptyDescriptionError),
        ("🍜🍜🍜", DescriptionTooShortError),
        ("012-345 6789", DescriptionTooShortError),
        ("abc", DescriptionTooShortError),
        ("kedai " * 2000, DescriptionTooLongError),
    ],
)
def test_unusable_descriptions_raise(text: str, error: type[GenerationError]) -> None:
    with pytest.raises(error) as raised:
        analyze(text, "ms")
    assert isinstance(raised.value, GenerationError)
    assert raised.value.message  # a localised message for the user


def test_error_messages_follow_the_language() -> None:
    with pytest.raises(EmptyDescriptionError, match="empty"):
        analyze("", "en")
    with pytest.raises(EmptyDescriptionError, match="kosong"):
        analyze("", "ms")


def test_error_default_message_is_the_docstring() -> None:
    assert str(EmptyDescriptionError()).startswith("The description is empty")


@pytest.mark.timeout(20)
@pytest.mark.parametrize(
    "run",
    [
        "6f9619ff-8b86-4011-b42d-00c04fc964ff",  # an id pasted into the description
        "1" * 200,
        "No 5A Lot 7B " * 60,
        "G1 " * 400,
        "Lot " * 300 + "Jalan",
    ],
)
def test_long_runs_of_letters_and_digits_do_not_stall_the_reader(run: str) -> None:
    # The street-address pattern once tried every way to split such a run (a 36-character id
    # took 11 s of a worker's CPU); the timeout turns a relapse into a failure, not a hang.
    profile = analyze(f"Kedai kopi di Ipoh. {run}", "ms")
    assert profile.area == "Ipoh"
    assert analyze("Kedai kopi, No. 12, Jalan Sultan Idris, Ipoh", "ms").address == (
        "No. 12, Jalan Sultan Idris, Ipoh"
    )
