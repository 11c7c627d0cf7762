"""Offline copy that fits the business: its kind, the way it serves customers, its hours,
its notes, and only item names that read as what it sells."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from bina.generator.analyze import analyze
from bina.generator.business_nouns import group_of, primary_mode
from bina.generator.copy import SiteCopy, ticker_words, write_offline_copy
from bina.generator.copy_kinds import KIND_WORDS
from bina.generator.invitations import invitation
from bina.generator.item_names import readable_items
from bina.generator.owner_sentences import user_sentence
from bina.generator.profile import (
    BUSINESS_TYPES,
    SERVICE_MODES,
    BusinessProfile,
    BusinessType,
    DayHours,
    Language,
    OfferedItem,
    OpeningHours,
    Phone,
    ServiceMode,
    TimeRange,
)
from bina.generator.repeats import repeats
from bina.generator.site_page import render_site_page
from bina.generator.text import sentences

_PHONE = Phone(display="012-345 6789", digits="60123456789", kind="mobile", whatsapp=True)


def _profile(
    business_type: BusinessType,
    *,
    language: Language = "ms",
    label: str = "Perniagaan Contoh",
    name: str | None = None,
    modes: tuple[ServiceMode, ...] = (),
    items: tuple[OfferedItem, ...] = (),
    notes: tuple[str, ...] = (),
    highlights: tuple[str, ...] = (),
    features: tuple[str, ...] = (),
    source_language: Language = "ms",
    hours: OpeningHours | None = None,
    description: str = "Perniagaan contoh di Kuantan.",
) -> BusinessProfile:
    return BusinessProfile(
        description=description,
        language=language,
        source_language=source_language,
        name=name,
        label=label,
        business_type=business_type,
        area="Kuantan",
        phones=(_PHONE,),
        items=items,
        notes=notes,
        highlights=highlights,
        features=features,
        modes=modes,
        hours=hours or OpeningHours(),
    )


def _item(name: str, price: str | None = None, unit: str | None = None) -> OfferedItem:
    if price is None:
        return OfferedItem(name=name)
    return OfferedItem(name=name, price=Decimal(price), price_text=price, unit=unit)


def _all_text(copy: SiteCopy) -> str:
    data = copy.model_dump(exclude={"written_for"})
    parts = [value for value in data.values() if isinstance(value, str)]
    return " | ".join(parts + list(copy.about) + list(copy.facts))


def _every_variant(profile: BusinessProfile) -> str:
    return " || ".join(_all_text(write_offline_copy(profile, variant)) for variant in range(3))


# --- kinds ----------------------------------------------------------------------------------


def test_every_kind_has_its_words() -> None:
    for business_type in BUSINESS_TYPES:
        words = KIND_WORDS[business_type]
        assert words.noun[0] and words.noun[1], business_type
        for language in ("ms", "en"):
            copy = write_offline_copy(_profile(business_type, language=language), 0)
            assert copy.kicker and copy.tagline and copy.offer_title


@pytest.mark.parametrize("language", ["ms", "en"])
def test_a_car_rental_speaks_of_the_journey_not_of_a_workshop(language: Language) -> None:
    profile = _profile(
        "vehicle_rental",
        language=language,
        label="Kereta Sewa Azman Kuantan",
        items=(_item("Axia", "90", "day"), _item("Myvi", "110", "day")),
        description="Kereta sewa Kuantan - Azman. Axia RM90/hari, Myvi RM110/hari.",
    )
    text = _every_variant(profile)
    assert not re.search(
        r"bring your car|bawa kenderaan|bengkel|workshop|temujanji|slot", text, re.I
    )
    copy = write_offline_copy(profile, 0)
    assert copy.cta_offer == ("Lihat kadar sewa" if language == "ms" else "See rates")
    titles = {write_offline_copy(profile, v).offer_title for v in range(3)}
    expected = (
        {"Kadar sewa", "Kenderaan & kadar", "Pilihan kenderaan"}
        if language == "ms"
        else {"Rental rates", "Vehicles & rates", "Our vehicles"}
    )
    assert titles <= expected
    assert re.search(r"perjalanan|kunci|kenderaan|journey|keys|ride", text, re.I)


def test_a_workshop_that_comes_to_you_does_not_ask_you_to_bring_the_car() -> None:
    profile = _profile("automotive", language="en", modes=("on_site",))
    assert "Bring your car" not in _every_variant(profile)
    assert "Bring your car to us" in _every_variant(_profile("automotive", language="en"))


@pytest.mark.parametrize(
    ("business_type", "titles"),
    [
        ("religious_class", {"Yuran", "Kelas & yuran", "Yuran kelas"}),
        ("tuition", {"Yuran", "Kelas & yuran", "Yuran kelas"}),
        ("bridal", {"Pakej", "Pakej kami", "Pakej & harga"}),
        ("photography", {"Pakej", "Pakej kami", "Pakej & harga"}),
        ("aircond_service", {"Harga", "Senarai harga", "Perkhidmatan & harga"}),
        ("plumber", {"Harga", "Senarai harga", "Perkhidmatan & harga"}),
    ],
)
def test_offer_titles_fit_the_kind(business_type: BusinessType, titles: set[str]) -> None:
    profile = _profile(
        business_type, items=(_item("Pakej asas", "80"), _item("Kelas dewasa", "60"))
    )
    assert {write_offline_copy(profile, v).offer_title for v in range(3)} <= titles


def test_price_titles_are_not_used_without_prices() -> None:
    profile = _profile("aircond_service", items=(_item("Cuci aircond"), _item("Tambah gas")))
    for variant in range(3):
        assert "harga" not in write_offline_copy(profile, variant).offer_title.lower()


# --- the way customers are served ----------------------------------------------------------


def test_the_primary_mode_is_the_users_else_the_kinds() -> None:
    assert primary_mode(_profile("restaurant", modes=("delivery", "walk_in"))) == "delivery"
    assert primary_mode(_profile("aircond_service")) == "on_site"
    assert primary_mode(_profile("home_food")) == "home_based"
    assert primary_mode(_profile("bridal")) == "appointment"
    assert primary_mode(_profile("restaurant")) == "walk_in"


@pytest.mark.parametrize(
    ("business_type", "modes"),
    [
        ("bridal", ("appointment",)),
        ("retail", ("appointment",)),
        ("home_food", ()),
        ("bakery", ("home_based",)),
        ("restaurant", ("home_based",)),
        ("aircond_service", ()),
        ("cleaning", ("on_site",)),
        ("salon", ("on_site",)),
        ("massage", ()),
        ("general", ()),
    ],
)
def test_no_walk_in_invitation_when_customers_do_not_walk_in(
    business_type: BusinessType, modes: tuple[ServiceMode, ...]
) -> None:
    malay = _every_variant(_profile(business_type, modes=modes))
    english = _every_variant(_profile(business_type, modes=modes, language="en"))
    assert not re.search(r"singgah|kunjungan|kedatangan|datanglah", malay, re.I), malay
    assert not re.search(r"drop by|come along|pull up|visit", english, re.I), english


def test_walk_in_businesses_are_invited_in() -> None:
    text = _every_variant(_profile("restaurant", modes=("walk_in",)))
    assert "singgah" in text.lower()


def test_appointment_asks_for_a_booking() -> None:
    copy = write_offline_copy(_profile("bridal", modes=("appointment",)), 0)
    assert re.search(r"tempah|temujanji", copy.contact_lead, re.I)
    assert re.search(r"tempah|temujanji", copy.cta_whatsapp, re.I)
    assert "tempahan" in copy.whatsapp_message
    english = write_offline_copy(_profile("bridal", language="en"), 0)
    assert re.search(r"book|appointment", english.contact_lead, re.I)


def test_home_based_takes_orders_and_says_how_they_reach_you() -> None:
    profile = _profile("home_food", features=("pickup", "delivery"))
    copy = write_offline_copy(profile, 0)
    assert re.search(r"pesan|tempah", copy.cta_whatsapp, re.I)
    assert "pesanan" in copy.whatsapp_message
    assert "Boleh ambil sendiri atau kami hantar." in copy.contact_lead
    plain = write_offline_copy(_profile("home_food"), 0)
    assert "hantar" not in plain.contact_lead and "ambil" not in plain.contact_lead


def test_on_site_says_we_come_to_you_only_when_the_user_said_so() -> None:
    said = _every_variant(_profile("aircond_service", modes=("on_site",)))
    assert "Kami datang ke rumah anda" in said
    usual = _every_variant(_profile("aircond_service"))
    assert "datang" not in usual.lower()
    english = _every_variant(_profile("plumber", modes=("on_site",), language="en"))
    assert "We come to you" in english


def test_delivery_and_online_invite_an_order() -> None:
    delivery = _every_variant(_profile("restaurant", modes=("delivery",)))
    assert "kami hantar" in delivery.lower()
    online = write_offline_copy(_profile("retail", modes=("online",), language="en"), 0)
    assert re.search(r"order", online.contact_lead + online.cta_whatsapp, re.I)


# --- hours ------------------------------------------------------------------------------------


def _days(days: range | tuple[int, ...], opens: str, closes: str) -> tuple[DayHours, ...]:
    return tuple(DayHours(day=d, ranges=(TimeRange(opens=opens, closes=closes),)) for d in days)


def test_the_hours_card_shows_the_whole_week_not_the_first_row() -> None:
    hours = OpeningHours(
        days=(DayHours(day=4, closed=True),),
        times_without_days=(TimeRange(opens="07:00", closes="18:00"),),
    )
    page = render_site_page(_profile("restaurant", hours=hours), "modern", None, None)
    assert "Setiap hari kecuali Jumaat, 7.00 pagi – 6.00 petang" in page


# --- items, highlights, notes -------------------------------------------------------------------


def test_item_names_that_are_only_amounts_are_not_listed() -> None:
    items = (
        _item("Set 20 biji", "10"),
        _item("Pakej 1", "50"),
        _item("Yuran", "60"),
        _item("Cats) and", "50"),
        _item("Kuih koci", "0.60", "piece"),
    )
    assert readable_items(items, 5) == ["kuih koci"]
    profile = _profile("home_food", items=items)
    for variant in range(3):
        copy = write_offline_copy(profile, variant)
        text = _all_text(copy)
        assert "set 20 biji" not in text.lower() and "pakej 1" not in text.lower()
        assert not any(p.startswith(("Antara hidangan", "On our menu")) for p in copy.about)
    profile = _profile("home_food", items=(*items, _item("Karipap", "1")))
    assert "Antara hidangan kami: kuih koci dan karipap." in write_offline_copy(profile, 0).about


def test_item_names_keep_model_and_variety_codes_and_proper_names() -> None:
    items = (_item("Musang King", "45"), _item("D24", "28"), _item("Black Thorn", "60"))
    assert readable_items(items, 5) == ["Musang King", "D24", "Black Thorn"]
    cars = (_item("Axia"), _item("Myvi"), _item("Alza"))
    assert readable_items(cars, 5, "Axia RM90/hari, Myvi RM110/hari, Alza RM160.") == [
        "Axia",
        "Myvi",
        "Alza",
    ]
    dishes = (_item("Kek coklat"), _item("kek lapis"))
    assert readable_items(dishes, 5, "Kek coklat RM80, kek lapis RM60.") == [
        "kek coklat",
        "kek lapis",
    ]


def test_the_ticker_holds_only_facts_and_each_once() -> None:
    profile = _profile(
        "restaurant",
        items=(_item("Nasi lemak", "7"), _item("Set 20 biji", "10"), _item("Nasi lemak", "8")),
        features=("halal",),
        hours=OpeningHours(days=_days(range(7), "10:00", "22:00")),
    )
    words = ticker_words(profile, "ms")
    assert words == ["Nasi lemak", "Halal", "Kuantan", "Setiap hari, 10.00 pagi – 10.00 malam"]


def test_notes_become_facts_ready_to_show() -> None:
    profile = _profile(
        "home_food",
        notes=("order 2 hari awal!!", "musim durian Jun–Ogos je", "min order 50 biji utk kenduri"),
    )
    copy = write_offline_copy(profile, 0)
    assert copy.facts == (
        "Order 2 hari awal!",
        "Musim durian Jun–Ogos sahaja.",
        "Minimum order 50 biji untuk kenduri.",
    )
    assert SiteCopy.model_validate(copy.model_dump(mode="json")) == copy


def test_highlights_are_shown_whatever_their_language() -> None:
    profile = _profile(
        "photography",
        language="ms",
        source_language="en",
        highlights=("Each session is 30 min with 10 edited photos.",),
    )
    assert "Each session is 30 min with 10 edited photos." in write_offline_copy(profile, 0).about


def test_no_raw_shorthand_or_doubled_marks_from_the_users_words() -> None:
    profile = _profile(
        "home_food",
        label="Kuih Utk Kenduri",
        highlights=("Kuih sedap yg dibuat dgn tangan utk majlis anda!!",),
        notes=("Tempah 3 hari awal dkt rumah sy!!",),
    )
    for variant in range(3):
        text = _all_text(write_offline_copy(profile, variant))
        assert not re.search(r"\b(?:utk|yg|dgn|dkt|sy|thn|bln)\b|!!", text, re.I), text
    assert user_sentence("  harga bln ni je!!  ") == "Harga bulan ni sahaja!"
    assert user_sentence("🎉") is None


def test_minutes_after_a_number_stay_minutes() -> None:
    assert user_sentence("Pakej foto (30 min, 10 edited photos)") == (
        "Pakej foto (30 min, 10 edited photos)."
    )
    assert user_sentence("min order 3 balang") == "Minimum order 3 balang."


def test_a_rental_that_delivers_says_so_in_its_own_words() -> None:
    copy = write_offline_copy(_profile("vehicle_rental", modes=("delivery",)), 0)
    assert copy.contact_lead.endswith("Kenderaan boleh dihantar kepada anda.")
    assert "Pesan" not in copy.contact_lead


# --- each sentence once ---------------------------------------------------------------------


def _page_sentences(copy: SiteCopy) -> list[tuple[str, str]]:
    """(where, sentence) for every sentence the copy puts in the page's running text."""
    found = [("tagline", copy.tagline)]
    found += [("about", s) for paragraph in copy.about for s in sentences(paragraph)]
    found += [("facts", s) for fact in copy.facts for s in sentences(fact)]
    found += [("contact", s) for s in sentences(copy.contact_lead)]
    return found


def _repeated(copy: SiteCopy) -> list[tuple[str, str]]:
    page = _page_sentences(copy)
    return [
        (sentence, other)
        for i, (where, sentence) in enumerate(page)
        if where in ("about", "contact")
        for j, (_, other) in enumerate(page)
        if i != j and repeats(sentence, other)
    ]


def _echoes(profile: BusinessProfile) -> list[tuple[str, ...]]:
    """Highlights an owner might write that are (or hold) what the invitation says."""
    language = profile.language
    mode = primary_mode(profile)
    rental = profile.business_type == "vehicle_rental"
    invite = invitation(mode, group_of(profile.business_type), True, language, rental)
    first = [sentences(closing)[0] for closing in invite.closings]
    return [
        tuple(first),
        tuple(f"{tagline}." for tagline in invite.taglines[:2]),
        (f"{first[0].rstrip('.!?')} di sekitar Kuantan.",),
    ]


@pytest.mark.parametrize("business_type", BUSINESS_TYPES)
def test_no_about_or_contact_sentence_is_said_twice(business_type: BusinessType) -> None:
    """Every kind, every way of serving (and none), both languages, all three styles: the
    owner's sentences that equal or hold an invitation's are said once."""
    for language in ("ms", "en"):
        for mode in (None, *SERVICE_MODES):
            base = _profile(
                business_type,
                language=language,
                source_language=language,
                modes=(mode,) if mode else (),
                items=(_item("Pakej asas", "80"), _item("Pakej penuh", "120")),
                notes=("Tempah 2 hari awal",),
                features=("delivery", "pickup"),
            )
            profiles = [base] + [
                base.model_copy(update={"highlights": echo}) for echo in _echoes(base)
            ]
            for profile in profiles:
                for variant in range(3):
                    copy = write_offline_copy(profile, variant)
                    assert copy.contact_lead and copy.about
                    assert not _repeated(copy), (language, mode, profile.highlights, variant)


def test_the_aircond_page_says_we_come_to_you_once() -> None:
    profile = _profile(
        "aircond_service",
        label="Servis Aircond Faizal",
        modes=("on_site",),
        features=("warranty",),
        items=(_item("Servis aircond", "80", "unit"), _item("Cuci aircond", "60")),
        highlights=("Servis aircond di Shah Alam oleh Faizal.", "Kami datang ke rumah anda."),
        notes=("Waranti 30 hari",),
    )
    for index, style in enumerate(("modern", "minimal", "bold")):
        html = render_site_page(profile, style, None, None)
        visible = re.sub(r"<[^>]+>", "\n", html[html.index("<body") :])
        assert visible.count("Kami datang ke rumah anda") == 1, style
        assert "Kami datang ke rumah anda." in write_offline_copy(profile, index).about
    # The description the design was first seen with, read as it is read today.
    text = (
        "Servis aircond di Shah Alam oleh Faizal. Servis aircond RM80 seunit, cuci aircond "
        "RM60, pasang baru dari RM150. Kami datang ke rumah anda. Waranti 30 hari. "
        "Isnin-Sabtu 9 pagi - 6 petang, Ahad tutup. WhatsApp 012-345 6789."
    )
    for style in ("modern", "minimal", "bold"):
        html = render_site_page(analyze(text, "ms"), style, None, None)
        assert re.sub(r"<[^>]+>", "\n", html).count("Kami datang ke rumah anda") <= 1, style
