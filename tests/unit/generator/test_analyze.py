"""Analysis: descriptions in Malay and English become the right `BusinessProfile`."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bina.generator.analyze import analyze
from bina.generator.classify_kind import classify
from bina.generator.contacts import find_phones, parse_number
from bina.generator.errors import (
    DescriptionTooLongError,
    DescriptionTooShortError,
    EmptyDescriptionError,
    GenerationError,
)
from bina.generator.hours import parse_hours
from bina.generator.items import find_items
from bina.generator.kinds import kind_of
from bina.generator.manner import find_features, find_modes
from bina.generator.names import find_name
from bina.generator.notes import find_notes
from bina.generator.people import find_owner
from bina.generator.profile import BUSINESS_TYPES, BusinessProfile, BusinessType, Language
from bina.generator.text import expand_shorthand
from bina.generator.wording import FEATURE_LABELS
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
    if case.label is not ANY:
        assert profile.label == case.label
    if case.mode is not ANY:
        assert profile.modes[:1] == (case.mode,), profile.modes
    for fragment in case.notes:
        assert any(fragment.lower() in note.lower() for note in profile.notes), profile.notes


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


# --- shorthand --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "language", "expected"),
    [
        (
            "Yuran utk 8 thn ke atas, 2 kali sebulan",
            "ms",
            "Yuran untuk 8 tahun ke atas, 2 kali sebulan",
        ),
        ("Utk info sy boleh dtg dgn org", "ms", "Untuk info saya boleh datang dengan orang"),
        ("UTK TEMPAHAN", "ms", "UNTUK TEMPAHAN"),
        (
            "luar musim x buka, tak termasuk barang",
            "ms",
            "luar musim tidak buka, tidak termasuk barang",
        ),
        ("Banner 2 x 4 kaki", "ms", "Banner 2 x 4 kaki"),
        ("ambil kat rumah, kanak2 & buah2an", "ms", "ambil di rumah, kanak-kanak & buah-buahan"),
        ("tempah sekurang2nya 3 hari", "ms", "tempah sekurang-kurangnya 3 hari"),
        ("Sedap!! Order sekarang!!!", "ms", "Sedap! Order sekarang!"),
        ("min order 3 balang, urut 45 min", "ms", "minimum order 3 balang, urut 45 min"),
        ("No MSG, Dr. Aminah", "ms", "No MSG, Dr. Aminah"),
        ("email yg@kedai.my or www.utk.com.my", "ms", "email yg@kedai.my or www.utk.com.my"),
        (
            "pls book 2 days ahead, 10 yrs experience",
            "en",
            "please book 2 days ahead, 10 years experience",
        ),
        ("we tak charge extra", "en", "we tak charge extra"),
    ],
)
def test_shorthand_is_spelled_out(written: str, language: str, expected: str) -> None:
    assert expand_shorthand(written, language) == expected


# --- kinds told apart ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kereta sewa murah di Ipoh. Axia RM90 sehari.", "vehicle_rental"),
        ("Bengkel kereta Ah Kow, tukar minyak hitam RM80, servis aircond kereta.", "automotive"),
        ("Sewa motor Langkawi, scooter RM40/hari.", "vehicle_rental"),
        ("Cuci aircond rumah RM80 seunit, tambah gas RM60.", "aircond_service"),
        ("Kafe kami berhawa dingin, ada aircond dan wifi. Kopi RM5.", "cafe"),
        ("Kuih muih dari rumah, karipap RM0.50 sebiji.", "home_food"),
        ("Kek batik homemade, order 3 hari awal. COD je.", "home_food"),
        ("Kedai kek dan roti di Ipoh. Kek coklat RM50.", "bakery"),
        ("Kelas mengaji & tajwid untuk kanak-kanak.", "religious_class"),
        ("Pusat tuisyen SPM Matematik dan Sains.", "tuition"),
        ("Kelas piano untuk kanak-kanak, RM120 sebulan.", "education"),
        ("Grooming kucing, mandi + potong kuku RM40.", "pet_grooming"),
        ("Pet shop: cat food, cat litter and grooming.", "pet_shop"),
        ("Kedai gunting rambut lelaki, potong rambut RM12.", "barber"),
        ("Salon rambut wanita, rebonding dan facial.", "salon"),
        ("Gerai buah-buahan segar di pasar tani.", "fruit_stall"),
        ("Kedai runcit, jual beras, telur, sayur dan buah.", "grocery"),
        ("Taska dan tadika, jaga anak 2 bulan - 6 tahun.", "childcare"),
        ("Pelamin dan andaman pengantin, pakej nikah.", "bridal"),
        ("Urut tradisional dan bekam.", "massage"),
        ("Fisioterapi untuk sakit belakang dan lutut.", "physiotherapy"),
        ("Kedai basikal, road bike dan MTB.", "bicycle_shop"),
        ("Repair telefon dan laptop, tukar skrin RM80.", "phone_repair"),
        ("Cetak banner, bunting dan kad kahwin.", "printing"),
        ("Tukang paip, paip bocor dan tandas tersumbat.", "plumber"),
        ("Electrician: house wiring, ceiling fans, DB box.", "electrician"),
        ("Servis cuci rumah dan sofa selepas renovasi.", "cleaning"),
        ("Lori sewa untuk pindah rumah, lori 1 tan RM200.", "moving"),
        ("Tukang kunci di Kuantan. Buka pintu kereta terkunci, buat kunci pendua.", "general"),
    ],
)
def test_kinds_that_share_words_are_told_apart(text: str, kind: str) -> None:
    assert classify(text)[0] == kind


# --- names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Nasi lemak Kak Ma, Kampung Baru.", "Kak Ma"),
        ("Kelas mengaji Ustazah Nor di Gombak.", "Ustazah Nor"),
        ("Servis aircond. Sy Faizal, 8 thn pengalaman.", "Faizal"),
        ("Hi, I'm Priya! I bake cakes at home.", "Priya"),
        ("Old school barber, run by Pak Hassan since 1988.", "Pak Hassan"),
        ("Lori sewa. Hubungi Hafiz 07-355 8120.", "Hafiz"),
        ("Kereta sewa Kuantan - Azman.", "Azman"),
        ("Langsir & blind. Pn Rohana 012-330 6590", "Pn Rohana"),
        ("Kek batik homemade. Wani 014-662 1187", "Wani"),
        ("Grooming di Taman Tun Dr Ismail.", None),
        ("Musim durian Jun-Ogos. Call 012-345 6789", None),
        ("Mak buat kuih sedap, order dgn saya.", None),
    ],
)
def test_the_owner_is_found_by_title_or_introduction(text: str, owner: str | None) -> None:
    assert find_owner(text) == owner


@pytest.mark.parametrize(
    "text",
    [
        "Kedai runcit Pak Long, Kajang. Beras RM30.",  # a person, not the business name
        "Dobi layan diri 24jam Taman Sentosa, Klang.",  # a place, not a name
        "Kopi & toast @ Sekinchan. Kopi O ais RM3.50.",  # on the menu, not over the door
        "Tajwid & Iqra classes for kids at Surau Al-Hidayah.",  # what is taught
        "Reflexology & foot spa by Mei Ling, Ipoh.",  # who runs it
    ],
)
def test_people_places_and_wares_are_not_business_names(text: str) -> None:
    assert find_name(text) is None


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Servis aircond rumah & kedai area Shah Alam. Sy Faizal. WS 012-388 4512",
            "ms",
            "Servis Aircond Faizal",
        ),
        ("Durian kampung Ah Seng, Bentong. Musang King RM45/kg.", "ms", "Durian Kampung Ah Seng"),
        ("Kereta sewa Kuantan - Azman. Axia RM90/hari.", "ms", "Kereta Sewa Azman"),
        (
            "Kelas mengaji & fardu ain Ustazah Nor di Gombak.",
            "ms",
            "Kelas Mengaji & Fardu Ain Ustazah Nor",
        ),
        ("Old school barber in Taiping, run by Pak Hassan.", "en", "Barber Pak Hassan"),
        ("Cikgu Lim's tuition centre, Cheras. SPM Add Maths.", "en", "Cikgu Lim Tuition Centre"),
        (
            "Dobi layan diri 24jam Taman Sentosa, Klang. Basuh RM5.",
            "ms",
            "Dobi Layan Diri Klang",
        ),
        ("Frozen food homemade by Mama Liza. Karipap RM15.", "en", "Frozen Food Mama Liza"),
        ("Assalamualaikum, sy Kak Mun jual nasi lemak depan rumah.", "ms", "Nasi Lemak Kak Mun"),
    ],
)
def test_a_label_is_composed_when_no_name_is_given(text: str, language: str, label: str) -> None:
    profile = analyze(text, language)  # type: ignore[arg-type]
    assert profile.name is None
    assert profile.label == label


def test_a_label_is_never_the_bare_kind_word_when_more_is_said() -> None:
    profile = analyze("Urut tradisional di Kota Bharu. Urut badan RM60.", "ms")
    assert profile.label == "Urut Tradisional Kota Bharu"
    assert profile.label != kind_of(profile.business_type).label_ms


def test_given_names_are_kept_exactly() -> None:
    assert analyze("Abang Din Elektrik, Seremban. Pasang kipas RM50.", "ms").name == (
        "Abang Din Elektrik"
    )
    assert analyze("Pawfect Grooming by Mei, Puchong. Grooming RM50.", "en").name == (
        "Pawfect Grooming"
    )


# --- modes and features in context --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "modes"),
    [
        (
            "By appointment only, pls WhatsApp to book. Pickup & drop-off +RM20.",
            "pet_grooming",
            ("appointment",),
        ),
        ("Walk in only, no appointment.", "barber", ("walk_in",)),
        (
            "No walk-in, order via WhatsApp or Instagram. Same day delivery.",
            "florist",
            ("online", "delivery"),
        ),
        ("Kuih raya homemade, pos seluruh Malaysia.", "home_food", ("home_based", "delivery")),
        ("Butik pengantin. Jgn datang tanpa temujanji ya.", "bridal", ("appointment",)),
        ("Cuci aircond RM80. Kami dtg ke rumah anda.", "aircond_service", ("on_site",)),
        ("Wiring rumah dan pasang kipas.", "electrician", ("on_site",)),
        (
            "Urut badan RM60. Caj dtg rumah RM20. Temujanji dulu.",
            "massage",
            ("appointment", "on_site"),
        ),
        (
            "Order by Wednesday for Saturday pickup at Taman Desa.",
            "home_food",
            ("pickup", "home_based"),
        ),
        ("Kedai makan di Ipoh. Nasi campur RM8.", "restaurant", ()),
    ],
)
def test_modes_come_from_what_is_said(
    text: str, kind: BusinessType, modes: tuple[str, ...]
) -> None:
    assert find_modes(text, kind) == modes


@pytest.mark.parametrize(
    ("text", "kind", "present", "absent"),
    [
        ("Servis aircond & cuci aircond 1.0hp RM80", "aircond_service", set(), {"aircond"}),
        ("Bengkel: servis aircond kereta RM150", "automotive", set(), {"aircond"}),
        ("Kafe berhawa dingin, free wifi", "cafe", {"aircond", "wifi"}, set()),
        ("Pickup & drop-off within 5km +RM20", "pet_grooming", set(), {"pickup", "takeaway"}),
        ("Self pickup at Taman Melati", "home_food", {"pickup"}, {"takeaway"}),
        ("Boleh pos & COD area Shah Alam", "retail", {"cod", "delivery"}, set()),
        ("Part original ada waranti 6 bln", "bicycle_shop", {"warranty"}, set()),
        (
            "Halal, ada surau & parking luas",
            "restaurant",
            {"halal", "prayer_room", "parking"},
            set(),
        ),
        ("Classes at Surau Al-Hidayah, Nilai", "religious_class", set(), {"prayer_room"}),
        ("Nasi lemak bungkus RM3", "restaurant", set(), {"takeaway"}),
        ("No walk-in, tiada parking", "florist", set(), {"walk_in", "parking"}),
    ],
)
def test_features_are_read_in_context(
    text: str, kind: BusinessType, present: set[str], absent: set[str]
) -> None:
    found = set(find_features(text, kind))
    assert present <= found
    assert not absent & found


def test_new_feature_keys_have_labels_in_both_languages() -> None:
    for key in ("pickup", "cod", "warranty", "prayer_room"):
        assert set(FEATURE_LABELS[key]) == {"ms", "en"}
    assert FEATURE_LABELS["pickup"]["en"] != FEATURE_LABELS["takeaway"]["en"]


# --- notes --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language", "fragment"),
    [
        ("Musim durian Jun–Ogos je, luar musim x buka.", "ms", "Musim durian Jun–Ogos sahaja"),
        ("Order 2 minggu awal ye, min order 3 balang.", "ms", "Minimum order 3 balang"),
        ("Pakej A RM150: 30 min, 10 gambar edit.", "ms", "Pakej A: 30 min, 10 gambar edit"),
        ("Sy bertauliah JAIS.", "ms", "Saya bertauliah JAIS"),
        ("Tukar water heater RM120 (tak termasuk barang).", "ms", "tidak termasuk barang"),
        ("Pakej sanding dari RM3,500 termasuk pelamin.", "ms", "Pakej sanding: termasuk pelamin"),
        ("Free delivery for orders above RM300 within town.", "en", "orders above RM300"),
        ("Servis motor RM35 (minyak + cek brek).", "ms", "Servis motor: minyak + cek brek"),
        ("Kelas zumba Selasa & Khamis 8.30mlm, RM15/kelas.", "ms", "Kelas zumba Selasa & Khamis"),
        ("Our cleaners bring their own equipment.", "en", "bring their own equipment"),
    ],
)
def test_notes_keep_seasons_lead_times_conditions_and_qualifications(
    text: str, language: str, fragment: str
) -> None:
    notes = find_notes(text, language)
    assert any(fragment in note for note in notes), notes


def test_notes_do_not_repeat_prices_phones_or_hours() -> None:
    text = "Nasi lemak RM5. Buka 7pg-11pg setiap hari. WS 012-345 6789. Halal."
    profile = analyze(text, "ms")
    assert profile.notes == ()


def test_notes_are_not_repeated_as_highlights() -> None:
    profile = analyze(
        "Kedai kek Mama di Ipoh. Tempahan mesti dibuat 3 hari awal untuk kek hari jadi.", "ms"
    )
    assert any("3 hari awal" in note for note in profile.notes)
    assert not any("3 hari awal" in highlight for highlight in profile.highlights)


def test_highlights_in_another_language_are_kept() -> None:
    profile = analyze(
        "Kedai kopi di Ipoh. Kopi RM3. Our beans are roasted fresh every single morning.", "ms"
    )
    assert any("roasted fresh" in h for h in profile.highlights)


# --- places -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("Fisioterapi Sihat, KB. Sesi RM100.", "Kota Bharu"),
        ("Lori sewa Sg Petani-Kulim. Lori 1 tan RM200.", "Sungai Petani"),
        ("Homestay Tok Wan, Kampung Jeram, Kuala Selangor.", "Kampung Jeram, Kuala Selangor"),
        ("Pickup at Taman Desa Jaya, Kepong.", "Taman Desa Jaya, Kepong"),
        ("Studio foto. Walk in Mon-Sat 10am-6pm, Bayan Lepas.", "Bayan Lepas"),
        ("Homestay. Check in 3ptg, di Sekinchan.", "Sekinchan"),
        ("Kelas tajwid at Surau Al-Hidayah, Bandar Baru Nilai.", "Bandar Baru Nilai"),
        ("Repair phone at Digital Mall PJ, Lot 2-15.", "Petaling Jaya"),
        ("kuih raya, cod area bangi je", "Bangi"),
    ],
)
def test_areas_are_towns_not_times_venues_or_short_forms(text: str, area: str) -> None:
    assert analyze(text, "ms").area == area


@pytest.mark.parametrize(
    ("text", "label", "area"),
    [
        ("salon siti, skudai. potong rambut rm20. 0123456789", "Salon Siti", "Skudai"),
        (
            "mee udang mak long tepi sungai, kuala sepetang. mee rm12",
            "Mee Udang Mak Long",
            "Kuala Sepetang",
        ),
        (
            "KEDAI RUNCIT PAK LONG, KAJANG. BERAS 10KG RM30. WS 0193880021",
            "Kedai Runcit Pak Long",
            "Kajang",
        ),
    ],
)
def test_text_in_one_case_still_gives_who_and_where(text: str, label: str, area: str) -> None:
    profile = analyze(text, "ms")
    assert (profile.name, profile.label, profile.area) == (None, label, area)


def test_signatures_that_are_not_people() -> None:
    assert find_owner("Kedai kopi. Office 03-2222 3333. Hp 012-345 6789") is None
    assert find_owner("Buka 9am - Midnight. Tel 03-2222 3333") is None
    assert find_name("Pasang CCTV & alarm + wiring - Lim Electrical, Kota Kinabalu.") == (
        "Lim Electrical"
    )
    assert find_name("Outdoor shoot sahaja. Booking awal! - Amir Lens, 014-335 8120") == (
        "Amir Lens"
    )


def test_delivery_coverage_is_not_the_area() -> None:
    assert analyze("Kerepek pedas homemade. Pos seluruh Malaysia. 012-345 6789", "ms").area is None


@pytest.mark.parametrize(
    ("text", "note"),
    [
        ("Pasang free. Transport disediakan.", "Pasang free"),
        ("All repairs 3 months warranty 👍 Walk-in or WhatsApp", "All repairs 3 months warranty"),
        ("Deposit 30%. Promo Raya 10% off!", "Deposit 30%"),
    ],
)
def test_more_kinds_of_notes(text: str, note: str) -> None:
    assert note in find_notes(text, "ms")


def test_features_alone_are_not_notes() -> None:
    assert find_notes("Free wifi, aircond. Parking percuma.", "en") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        (
            "KL Aircond Specialist Sdn. Bhd. Servis aircond pejabat.",
            "KL Aircond Specialist Sdn. Bhd.",
        ),
        ("Two Men and a Lorry, Penang. House moving from RM300.", "Two Men and a Lorry"),
        ("Wiring & elektrik rumah - Wan Elektrik Kuala Lipis. Tukar soket RM30.", "Wan Elektrik"),
        ("PhysioCare Subang (Dr. Kavitha). Treatment RM120.", "PhysioCare Subang"),
        (
            "Servis aircond oleh Syarikat Sejuk Beku Enterprise, Kuantan.",
            "Syarikat Sejuk Beku Enterprise",
        ),
        ("Pak Mat Burger, Kota Bharu. Burger ayam RM6.", "Pak Mat Burger"),
    ],
)
def test_given_names_in_their_many_forms(text: str, name: str) -> None:
    assert find_name(text) == name


def test_seri_and_sri_are_one_place_spelled_as_written() -> None:
    assert analyze("Nasi lemak dari rumah, Taman Seri Gombak. RM3.", "ms").area == (
        "Taman Seri Gombak"
    )
    assert analyze("Sewa kereta Sri Iskandar - Encik Hakim. Saga RM80/hari.", "ms").area == (
        "Sri Iskandar"
    )


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Servis elektrik sekitar Rawang. PIC: Amin 019-111 2233", "Amin"),
        ("Sewa motor Pulau Perhentian. Owner: Zaki, 013-456 7890.", "Zaki"),
        ("Kuih bahulu homemade. Tanya Kak Nor 011-234 5678 untuk tempahan.", "Kak Nor"),
        ("Jaga budak di rumah saya, Taman Permata Ampang. Hubungi Kak Zu 017-334 4545", "Kak Zu"),
    ],
)
def test_owners_introduced_in_other_ways(text: str, owner: str) -> None:
    assert find_owner(text) == owner


# --- rules that read a whole class of descriptions, each in several wordings ---------------


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # a crew with a vehicle is a moving service, whatever it carries
        ("Lori 3 tan + 3 pekerja, pindah barang sekitar Seremban. Call 012-345 6789", "moving"),
        ("Need help moving? Lorry with 2 workers from RM250. Call 012-345 6789", "moving"),
        ("Servis angkut: van dan 2 orang RM100 dalam Kuantan. 019-222 3344", "moving"),
        # school years to school forms, fees per subject: lessons for school
        ("Pusat Pembelajaran Cerdik, Darjah 1 hingga Tingkatan 3. RM50/subjek.", "tuition"),
        ("Smart Kids Learning Centre. Standard 1 to Form 3, RM70 per subject.", "tuition"),
        ("Learning hub for Year 4 to Form 2. Fees RM90 per subject monthly.", "tuition"),
        # event equipment for hire is neither a wedding boutique nor a caterer
        ("Sewa khemah dan kerusi untuk majlis kahwin, Kota Tinggi. Khemah RM120.", "general"),
        ("Canopy & table rental for weddings and kenduri. Canopy RM180/day.", "general"),
        ("PA system rental for events, Ipoh. RM200 per day.", "general"),
    ],
)
def test_kinds_read_from_what_the_work_is(text: str, kind: BusinessType) -> None:
    assert classify(text)[0] == kind


@pytest.mark.parametrize(
    ("text", "label"),
    [
        # a qualification after the trade is not part of it
        ("Saya Hafiz, juruteknik berdaftar. Baiki peti sejuk RM80. 012-345 6789", "Hafiz"),
        ("Hi I'm Ken, plumber licensed by SPAN. Leak repair RM80. 012-345 6789", "Ken"),
    ],
)
def test_a_qualification_stays_out_of_a_composed_name(text: str, label: str) -> None:
    profile = analyze(text, "ms")
    assert label in profile.label
    assert "berdaftar" not in profile.label.lower() and "licensed" not in profile.label.lower()


@pytest.mark.parametrize(
    ("text", "jobs"),
    [
        ("Plumbing jobs by Ravi. Tukar paip RM60. 012-345 6789", "jobs"),
        ("Small renovation works by Ah Seng, Ipoh. Tiling RM15 per sq ft. 012-345 6789", "works"),
    ],
)
def test_the_word_jobs_is_left_off_a_composed_name(text: str, jobs: str) -> None:
    assert jobs not in analyze(text, "en").label.lower().split()


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Sewa van 12 seater di Kuantan. Sewa dari Ahmad, 012-345 6789", "Ahmad"),
        ("Fresh kuih every morning. Order from Aunty Lee 012-345 6789", "Aunty Lee"),
        ("Kerepek pisang. Chat with Mei 016-333 4455 untuk order", "Mei"),
        ("Baju kurung tempahan. Sembang dengan Kak Yah 013-222 1100", "Kak Yah"),
    ],
)
def test_whom_customers_deal_with_is_the_owner(text: str, owner: str) -> None:
    assert find_owner(text) == owner


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # a brand with its capital inside, then "@ where"
        ("eKedai Komputer @ Plaza Low Yat. Repair laptop RM80.", "eKedai Komputer"),
        ("iCare Phone Clinic @ Sunway Pyramid, servis skrin RM150.", "iCare Phone Clinic"),
        ("Kopi Kaw Corner @ Taman Sri Muda. Kopi O RM2.", "Kopi Kaw Corner"),
    ],
)
def test_a_name_ends_where_at_says_where(text: str, name: str) -> None:
    assert find_name(text) == name


@pytest.mark.parametrize(
    "text",
    [
        "Black Thorn fresh from our own farm in Bentong, RM60/kg. Call Ah Chong 012-345 6789",
        "Harumanis terus dari kebun di Perlis RM30/kg. WS Pak Din 013-456 7890",
    ],
)
def test_what_is_on_the_price_list_is_not_the_business_name(text: str) -> None:
    profile = analyze(text, "en")
    assert profile.name is None
    assert profile.items[0].name in {"Black Thorn", "Harumanis"}


@pytest.mark.parametrize(
    ("text", "area"),
    [
        # a place where orders are sent is not where the business is
        ("Kek Kak Yam, Kuala Selangor. Hantar sekitar Shah Alam. 012-345 6789", "Kuala Selangor"),
        (
            "Cupcakes by Nina, Kuala Kubu Bharu. Delivery around KL only. 012-345 6789",
            "Kuala Kubu Bharu",
        ),
        # a neighbourhood named by its kind of place, known or not
        ("Kedai Jahit Mawar, Taman Seri Bayu. Jahit baju kurung RM60.", "Taman Seri Bayu"),
        ("Warung Kak Limah, Kampung Parit Lapis. Nasi campur RM7.", "Kampung Parit Lapis"),
        ("Gerai Buah Pak Su, Bukit Keluang. Durian RM15/kg.", "Bukit Keluang"),
        # towns served in a list: the first is where
        ("Cleaning service around Kajang, Semenyih & Bangi. RM30/hour.", "Kajang"),
        ("Servis paip sekitar Kluang, Ayer Hitam dan Batu Pahat.", "Kluang"),
    ],
)
def test_where_the_business_is(text: str, area: str) -> None:
    assert analyze(text, "ms").area == area


@pytest.mark.parametrize(
    ("text", "mode"),
    [
        # at the owner's own home, shorthand or not
        ("Kelas mengaji kat rumah sy sendiri, Taman Mewah. Yuran RM40.", "home_based"),
        ("Jahit langsir di rumah saya sendiri, Kulai. 012-345 6789", "home_based"),
        ("Piano lessons at my own home in Bangsar. RM120 per month.", "home_based"),
        # a service brought to the customer's home
        ("Urut di rumah, sekitar Kajang. Urut badan RM80. 012-345 6789", "on_site"),
        ("Home physiotherapy for the elderly around PJ. RM150 per session.", "on_site"),
        ("Rawatan bekam di rumah, Klang. RM60 sesi.", "on_site"),
    ],
)
def test_modes_said_in_other_words(text: str, mode: str) -> None:
    assert find_modes(text)[0] == mode


@pytest.mark.parametrize(
    "text",
    [
        "Frozen rendang. We ship nationwide, RM10 postage.",
        "Kami pos ke seluruh Sabah. Sambal bilis RM12.",
        "Our cookies ship across Malaysia in tins.",
    ],
)
def test_sending_goods_out_is_delivery(text: str) -> None:
    assert "delivery" in find_features(text)


@pytest.mark.parametrize(
    ("text", "note"),
    [
        # how long the work or the order takes
        ("Screen replaced in 30 minutes. Call 012-345 6789", "Screen replaced in 30 minutes"),
        ("Cetakan banner siap dalam 2 hari. WS 012-345 6789", "Cetakan banner siap dalam 2 hari"),
        ("Processing 3-5 working days.", "Processing 3-5 working days"),
        ("Tempoh proses 7 hari bekerja.", "Tempoh proses 7 hari bekerja"),
        # what the team does as part of the job
        ("Kami balut semua perabot dengan plastik.", "Kami balut semua perabot dengan plastik"),
        ("We dismantle and assemble your beds.", "We dismantle and assemble your beds"),
        # a price after which "and above" is a condition
        ("Free delivery for RM80 and above.", "Free delivery for RM80 and above"),
        ("Hantar percuma untuk belian RM50 ke atas.", "Hantar percuma untuk belian RM50 ke atas"),
    ],
)
def test_notes_in_other_wordings(text: str, note: str) -> None:
    assert note in find_notes(text, "ms")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Servis cuci rumah Kak Ani, Kajang. RM30 sejam, min 3 jam. Pakej bulanan RM400.", "ms"),
        ("Ironing service by Priya, Klang. RM20 per hour. Monthly package RM300.", "en"),
    ],
)
def test_a_bare_rate_before_the_list_is_for_the_service(text: str, language: Language) -> None:
    items = analyze(text, language).items
    assert len(items) == 2
    assert items[0].unit == "hour" and items[0].name
    assert items[1].name.lower().startswith(("pakej", "monthly"))


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Pelamin & kanopi rental by Kak Nor, Kuantan. Pakej RM1500.", "bridal"),
        ("Katering & sewa khemah, Kuala Kangsar. Nasi minyak RM10/pax", "catering"),
    ],
)
def test_equipment_hired_by_another_trade_keeps_that_trade(text: str, kind: BusinessType) -> None:
    assert classify(text)[0] == kind


@pytest.mark.parametrize(
    "text", ["Kerepek pedas. Order from Shopee or Lazada.", "Beli dari Kedai Ali, Ipoh."]
)
def test_shops_and_apps_are_not_owners(text: str) -> None:
    assert find_owner(text) is None


@pytest.mark.parametrize(
    "text", ["Nasi Padang Sederhana. Rendang RM8.", "Kedai kek harga rendah. Kek coklat RM50."]
)
def test_everyday_words_are_not_places_or_kinds(text: str) -> None:
    profile = analyze(text, "ms")
    assert profile.area is None
    assert profile.business_type != "tuition"


@pytest.mark.parametrize(
    ("text", "language", "variants"),
    [
        (
            "Pet grooming at your doorstep in Subang. Cats RM60, small dogs RM70. 012-881 2233",
            "en",
            ["Cats", "small dogs"],
        ),
        (
            "Mobile car wash by Hafiz, Puchong. Sedan RM25, SUV/MPV RM35. 011-1234 5678",
            "en",
            ["Sedan", "SUV/MPV"],
        ),
        (
            "Kelas renang Coach Amin, Kuantan. Kanak2 RM80 sebulan, dewasa RM100 sebulan.",
            "ms",
            ["Kanak-kanak", "dewasa"],
        ),
    ],
)
def test_prices_only_for_whom_are_for_what_the_business_does(
    text: str, language: Language, variants: list[str]
) -> None:
    items = analyze(text, language).items
    assert [item.variant for item in items] == variants
    assert len({item.name for item in items}) == 1 and items[0].name.lower() not in {
        v.lower() for v in variants
    }


@pytest.mark.parametrize(
    ("text", "owner"),
    [
        ("Frozen food Kak Long, Jitra. Nugget ayam 1kg RM18.", "Kak Long"),
        ("Bengkel basikal Pak Ya, Kota Bharu. Tukar tiub RM10.", "Pak Ya"),
    ],
)
def test_people_called_by_a_title_or_a_short_name_are_not_business_names(
    text: str, owner: str
) -> None:
    profile = analyze(text, "ms")
    assert profile.name is None
    assert owner in profile.label


def test_pekan_and_its_town_are_one_place() -> None:
    assert analyze("Kedai runcit Ah Meng, Pekan Karak. Beras RM32.", "ms").area == "Pekan Karak"


# --- reading descriptions written unlike the evaluation set ---------------------------------


@pytest.mark.parametrize(
    ("text", "language", "area"),
    [
        ("Bayu Kuantan Aircond – servis aircond di rumah anda. 012-345 6789", "ms", "Kuantan"),
        ("Klang Tyre Centre: new tyres from RM150. 012-345 6789", "en", "Klang"),
        ("Kedai Jahit Seri Ipoh, tempah baju kurung RM80. 012-345 6789", "ms", "Ipoh"),
    ],
)
def test_a_town_inside_the_name_is_the_area_when_no_other_is_named(
    text: str, language: Language, area: str
) -> None:
    assert analyze(text, language).area == area


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Laptop Doctor Seremban, tukar skrin laptop RM250. 012-345 6789", "phone_repair"),
        ("Klinik Kasut Ali – cuci & repair kasut RM25. 012-345 6789", "retail"),
        ("Aircond Clinic Ipoh: servis aircond RM80 seunit, tambah gas RM100.", "aircond_service"),
        ("Klinik Dr. Wong, Ipoh – rawatan demam dan batuk. 05-254 1234", "clinic"),
        ("Klinik haiwan Dr Lim, Klang. Vaksin kucing RM60.", "clinic"),
    ],
)
def test_doctor_and_clinic_said_of_things_are_a_figure_of_speech(text: str, kind: str) -> None:
    assert classify(text)[0] == kind


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Rawatan anai-anai & kawalan lipas, Kajang, dari RM200. 012-345 6789", "general"),
        ("Pest control for homes in Ipoh: termite treatment from RM500.", "general"),
        ("Board repair & phone masuk air, cuci ultrasonic RM80. Kota Bharu.", "phone_repair"),
        ("We fix water damaged phones and do board repair, Miri. From RM60.", "phone_repair"),
    ],
)
def test_treatment_and_repair_words_point_to_the_right_trade(text: str, kind: str) -> None:
    assert classify(text)[0] == kind


@pytest.mark.parametrize(
    ("text", "language", "kind"),
    [
        (
            "Nasi briyani kambing RM200 sedulang untuk kenduri, area Muar. 012-345 6789",
            "ms",
            "catering",
        ),
        (
            "Fried rice and mee goreng for 30 guests RM250, delivered to your event in Klang.",
            "en",
            "catering",
        ),
        ("Ayam golek Pak Din, Kuantan. Ayam golek RM45 seekor. 012-345 6789", "ms", "restaurant"),
        ("Kambing panggang for your party, Seremban. Whole lamb RM900.", "en", "restaurant"),
    ],
)
def test_food_for_feasts_is_catering_and_roasts_are_cooked_food(
    text: str, language: Language, kind: str
) -> None:
    assert analyze(text, language).business_type == kind


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        ("Sewa 4x4 Gua Musang, Hilux RM300 sehari. Call Mat 012-345 6789", "ms", "Sewa 4x4 Mat"),
        (
            "Polish marmar & mozek area Kajang, RM3 sekaki persegi. WS Abang Li 012-345 6789",
            "ms",
            "Polish Marmar Abang Li",
        ),
        (
            "Paip bocor? Tandas tersumbat? Sy Man, tukang paip area Klang. 012-345 6789",
            "ms",
            "Tukang Paip Man",
        ),
        (
            "Lights keep tripping? I'm Ah Chong, electrician in Seremban. 012-345 6789",
            "en",
            "Ah Chong Electrician",
        ),
        (
            "Tajwid & Quran reading with Ustaz Ali, Bangi. RM60 sebulan. 012-345 6789",
            "en",
            "Tajwid & Quran Reading Ustaz Ali",
        ),
        (
            "Kek batik frozen Kak Yah, Bangi. Kek batik RM35 sebiji. 012-345 6789",
            "ms",
            "Kek Batik Frozen Kak Yah",
        ),
        (
            "Deep tissue massage by Coach Lina, Ampang. 60 min RM120. 012-345 6789",
            "en",
            "Deep Tissue Massage Coach Lina",
        ),
        ("Old school barber Pak Hassan, Taiping. Gunting RM15.", "ms", "Barber Pak Hassan"),
    ],
)
def test_composed_names_keep_the_whole_trade_and_the_owner(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert profile.label == label


@pytest.mark.parametrize(
    ("text", "language", "owner"),
    [
        (
            "Kelas Bahasa Inggeris SPM dgn Teacher Mary, Ipoh. RM80 sebulan. 012-345 6789",
            "ms",
            "Teacher Mary",
        ),
        (
            "Piano Lessons with Teacher Grace, Klang. RM150 a month. 012-345 6789",
            "en",
            "Teacher Grace",
        ),
        (
            "Tuisyen Sains & Matematik UPSR bersama Cikgu Ros, Kajang. 012-345 6789",
            "ms",
            "Cikgu Ros",
        ),
    ],
)
def test_what_is_taught_then_by_whom_is_no_business_name(
    text: str, language: Language, owner: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert owner in profile.label


@pytest.mark.parametrize(
    ("text", "whatsapp"),
    [
        ("Kedai kek Mawar, Johor Bahru. Tel/WA 07-556 7788 / 012-334 5566", "60123345566"),
        ("Bengkel Ah Seng, Ipoh. Hubungi/WhatsApp 05-733 1122 atau 019-455 6677", "60194556677"),
        ("Kedai kek Mawar, Johor Bahru. WA 07-556 7788", "6075567788"),
    ],
)
def test_a_call_and_chat_label_gives_the_chat_to_the_mobile(text: str, whatsapp: str) -> None:
    chat = analyze(text, "ms").whatsapp
    assert chat is not None and chat.digits == whatsapp


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kerepek pedas Mak Nah. Pos guna Ninja Van ke seluruh Malaysia RM10.", "ms"),
        ("Homemade sambal by Aunty Lee. We ship with J&T. 012-345 6789", "en"),
        ("Tudung Aisyah, order online pos J&T seluruh Malaysia RM8.", "ms"),
    ],
)
def test_parcels_by_a_named_courier_are_delivery(text: str, language: Language) -> None:
    assert "delivery" in find_features(text, classify(text)[0])


@pytest.mark.parametrize(
    ("text", "language", "fragment"),
    [
        ("Kontrak servis tahunan ada (4 kali setahun). 012-345 6789", "ms", "4 kali setahun"),
        ("Annual maintenance contract available for offices.", "en", "contract"),
        ("Bawa kasut sukan & botol air sendiri ya.", "ms", "kasut sukan"),
        ("Bring your own yoga mat.", "en", "yoga mat"),
        ("15 tahun pengalaman dalam bidang ni.", "ms", "15 tahun"),
        ("18 years in the trade.", "en", "18 years"),
        ("Cikgu Ros, 20 thn mengajar di sekolah.", "ms", "20 tahun"),
        ("Order b4 5pm, hantar esok.", "ms", "5pm"),
        ("Small groups.", "en", "Small groups"),
        ("Kumpulan kecil sahaja.", "ms", "Kumpulan kecil"),
        ("Chargeman & wireman PW2 area Klang.", "ms", "PW2"),
    ],
)
def test_more_kinds_of_note_are_kept(text: str, language: Language, fragment: str) -> None:
    assert any(fragment in note for note in find_notes(text, language))


def test_codes_in_capitals_are_not_doubled_words() -> None:
    assert expand_shorthand("wireman PW2, kanak2, rumah2, MP3") == (
        "wireman PW2, kanak-kanak, rumah-rumah, MP3"
    )


@pytest.mark.parametrize(
    ("text", "language", "owner"),
    [
        ("Electrician in Kuching. Licensed by ST. Call Jason 012-889 1234", "en", "Jason"),
        ("Klinik gigi berdaftar dengan KKM, Ipoh. Hubungi Dr Aina 012-889 1234", "ms", "Aina"),
        ("Tukang paip bertauliah oleh SPAN, Kajang. Call Ah Fook 012-889 1234", "ms", "Ah Fook"),
    ],
)
def test_who_approves_a_business_is_not_who_runs_it(
    text: str, language: Language, owner: str
) -> None:
    assert owner in analyze(text, language).label


@pytest.mark.parametrize(
    "text",
    [
        "Chef Danny's Private Dining, Penang. 6-course dinner RM280 per person.",
        "Makan malam 5 course di rumah Chef Lina, Ipoh. RM150 seorang.",
    ],
)
def test_the_courses_of_a_meal_are_no_lessons(text: str) -> None:
    assert classify(text)[0] != "education"


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Kelas memandu Akademi Memandu Cemerlang, Kota Tinggi. Lesen D RM1,450.", "ms"),
        ("Excellent Tuition Centre, Klang. Form 4 RM120 per subject.", "en"),
    ],
)
def test_the_opening_that_only_names_the_business_is_no_note(text: str, language: Language) -> None:
    profile = analyze(text, language)
    assert not any((profile.name or "").lower() in note.lower() for note in profile.notes)


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Looking for a reliable plumber in Kota Kinabalu? Call us! Unclog sinks RM80.",
            "en",
            "Plumber Kota Kinabalu",
        ),
        ("Nak cari tukang jahit di Kuantan? Jahit baju kurung RM60.", "ms", "Tukang Jahit Kuantan"),
        (
            "Pintu rosak? Kunci hilang? Sy Rizal, tukang kunci area Ampang.",
            "ms",
            "Tukang Kunci Rizal",
        ),
    ],
)
def test_a_question_says_the_trade_only_when_nothing_else_does(
    text: str, language: Language, label: str
) -> None:
    assert analyze(text, language).label == label


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        (
            "Nasi lemak bungkus Kak Ida 🌶️ RM3 sebungkus. Jual depan rumah, Taman Desa Jaya.",
            "ms",
            {"Nasi lemak bungkus"},
        ),
        ("Roti canai Abang Man, Kuantan 🫓 RM1.50 sekeping.", "ms", {"Roti canai"}),
        (
            "Maths tutor for Year 4-6, Ms Tan, Bukit Jalil. RM50 per hour at your home.",
            "en",
            {"Maths tutor"},
        ),
    ],
)
def test_items_are_not_named_by_who_sells_them_or_where(
    text: str, language: Language, names: set[str]
) -> None:
    profile = analyze(text, language)
    assert {item.name for item in profile.items} == names
    assert profile.name is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Servis cat rumah Abang Din, Bangi. Cat dalam rumah RM1,200.", "general"),
        ("Tukang cat Pak Usop, Kuala Pilah. Upah cat RM15 sekaki.", "general"),
        ("Cat grooming & boarding, Ipoh. Mandi kucing RM40.", "pet_grooming"),
    ],
)
def test_cat_is_paint_in_malay_beside_what_is_painted(text: str, kind: str) -> None:
    assert classify(text)[0] == kind


@pytest.mark.parametrize(
    ("text", "chat"),
    [
        ("WA/Tel 012-555 6677 / 05-254 1234", {"60125556677"}),
        ("Call/WA 05-254 1234 / 012-555 6677", {"60125556677"}),
        ("Call/WA 05-254 1234", {"6052541234"}),
        ("Telefon/WS: 05-254 1234 | 012-555 6677 | 019-222 3344", {"60125556677", "60192223344"}),
    ],
)
def test_a_shared_call_and_chat_label_marks_only_mobiles_for_chat(
    text: str, chat: set[str]
) -> None:
    phones, _ = find_phones(text)
    assert {phone.digits for phone in phones if phone.whatsapp} == chat


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (
            "Lori 1 tan untuk pindah rumah, Sungai Buloh. Dalam KL RM200. Call Faizal 016-223 3445",
            "ms",
        ),
        ("Van 2 ton for house moving in Klang. Within Klang RM180. Call Ravi 016-223 3445", "en"),
    ],
)
def test_a_vehicle_and_its_size_is_no_business_name(text: str, language: Language) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert [item.variant for item in profile.items] in (["Dalam KL"], ["Within Klang"])


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Promo servis aircond area Shah Alam! RM60 seunit. Sy Faizal 012-345 6789",
            "ms",
            "Servis Aircond Faizal",
        ),
        (
            "Murah2 servis aircond area Klang. RM55 seunit. WS Amir 012-345 6789",
            "ms",
            "Servis Aircond Amir",
        ),
        (
            "Affordable wedding photography by Adam, Shah Alam. From RM800. 012-345 6789",
            "en",
            "Wedding Photography Adam",
        ),
    ],
)
def test_selling_words_and_the_word_for_i_stay_out_of_a_composed_name(
    text: str, language: Language, label: str
) -> None:
    assert analyze(text, language).label == label


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Sewa kereta Kota Bharu - Azman\nAxia: RM90/hari\n013-922 1188",
            "ms",
            "Sewa Kereta Azman",
        ),
        (
            "Aircond service 🧊 Johor Bahru & Skudai\n✅ General service RM65/unit\n"
            "WhatsApp Jason 016-744 2211",
            "en",
            "Aircond Service Jason",
        ),
        (
            "Catering Seremban & Nilai\nNasi minyak RM12 sepax\nCall Kak Lin 012-345 6789",
            "en",
            "Catering Kak Lin",
        ),
    ],
)
def test_a_name_ends_with_its_line_and_towns_are_no_name(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert profile.label == label


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Kuih Nyonya homemade Bibik Lim, area Bukit Beruang. Kuih lapis RM1 seketul. "
            "WS 012-345 6789",
            "ms",
            "Kuih Nyonya Homemade Bibik Lim",
        ),
        (
            "Gym Muay Thai & kickboxing 🥊 Coach Danny (ex-atlet negeri). Kelas RM100 sebulan. "
            "WS 012-345 6789",
            "ms",
            "Gym Muay Thai Coach Danny",
        ),
        (
            "Yoga & Pilates 🧘 with Teacher Mei. Group class RM80 per month. 012-345 6789",
            "en",
            "Yoga Teacher Mei",
        ),
    ],
)
def test_an_opening_that_only_says_what_is_done_is_named_with_who_does_it(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert profile.label == label


@pytest.mark.parametrize(
    ("text", "language", "name"),
    [
        ("Print & Bind Seremban, depan stesen bas. Print A4 RM0.20. 012-345 6789", "ms", None),
        (
            "Hi everyone!! Kedai Bunga Mawar Kuantan terima tempahan bouquet. WS 012-345 6789",
            "ms",
            "Kedai Bunga Mawar",
        ),
        (
            "Hai semua, Butik Seri Ayu Kuala Terengganu sedia menerima tempahan. 012-345 6789",
            "ms",
            "Butik Seri Ayu",
        ),
    ],
)
def test_a_greeting_to_everyone_opens_no_name_and_a_trade_keeps_its_town(
    text: str, language: Language, name: str | None
) -> None:
    profile = analyze(text, language)
    assert profile.display_name == (name or "Print & Bind Seremban")


@pytest.mark.parametrize(
    ("text", "language", "area"),
    [
        (
            "cleaning service seremban area house cleaning RM120 per visit outstation to nilai "
            "can discuss call jenny 012-345 6789",
            "en",
            "Seremban",
        ),
        (
            "sewa van ipoh area RM200 sehari outstation ke taiping boleh bincang ws 012-345 6789",
            "ms",
            "Ipoh",
        ),
        (
            "Kerepek Pedas Mak Jah Kuantan, pos seluruh Semenanjung, Sabah Sarawak x dpt. "
            "WS 012-345 6789",
            "ms",
            "Kuantan",
        ),
        (
            "Frozen food Kak Ani, pos ke Semenanjung sahaja, Sabah dan Sarawak tak boleh. "
            "Rumah di Kuala Kubu Bharu. 012-345 6789",
            "ms",
            "Kuala Kubu Bharu",
        ),
    ],
)
def test_where_it_goes_or_does_not_go_is_not_where_it_is(
    text: str, language: Language, area: str
) -> None:
    assert analyze(text, language).area == area


@pytest.mark.parametrize(
    ("text", "kind", "has", "lacks"),
    [
        (
            "Kek lapis homemade. Terima tempahan kek hari jadi. WS 012-345 6789",
            "bakery",
            [],
            ["booking"],
        ),
        (
            "Florist Kuantan, we take tempahan for bouquets. 012-345 6789",
            "florist",
            [],
            ["booking"],
        ),
        ("Spa wanita, hujung minggu sila tempah dulu. 012-345 6789", "massage", ["booking"], []),
        ("Beauty salon, please tempah awal on weekends.", "salon", ["booking"], []),
        (
            "Pos ke Semenanjung, Sabah x dpt. Ambil sendiri kat rumah pun boleh.",
            "fruit_stall",
            ["pickup"],
            [],
        ),
        ("No delivery to Sabah. Pickup at our shop ok.", "retail", ["pickup"], ["delivery"]),
    ],
)
def test_an_order_for_goods_is_no_booking_and_a_negation_ends_with_its_sentence(
    text: str, kind: BusinessType, has: list[str], lacks: list[str]
) -> None:
    features = find_features(text, kind)
    assert set(has) <= set(features)
    assert not set(lacks) & set(features)


@pytest.mark.parametrize(
    ("text", "kind", "mode"),
    [
        (
            "Frozen nuggets, self pickup at my house Taman Melawati or delivery around KL",
            "home_food",
            "home_based",
        ),
        ("Kek pisang, boleh ambil di rumah saya, Seksyen 7", "home_food", "home_based"),
        ("Cozy cafe in Ipoh. No reservation needed, just come!", "cafe", "walk_in"),
        ("Kedai kopi, datang je terus, tak perlu tempah", "cafe", "walk_in"),
        (
            "Kelas gitar di rumah saya, Taman Sri Muda, atau online via Google Meet",
            "education",
            "home_based",
        ),
        (
            "Tuition at my home in Bangi, or online via Zoom for students outside",
            "tuition",
            "home_based",
        ),
        ("Tukang kunci, kami dtg lokasi anda", "general", "on_site"),
        ("Tukang paip 24 jam, dtg ke lokasi dlm 1 jam", "general", "on_site"),
    ],
)
def test_the_main_way_is_not_the_one_offered_as_an_alternative(
    text: str, kind: BusinessType, mode: str
) -> None:
    assert find_modes(text, kind)[0] == mode


@pytest.mark.parametrize(
    ("text", "language", "note"),
    [
        (
            "Wedding actual day RM1,800 (10 hours, 2 photographers, 300+ edited photos).",
            "en",
            "Wedding actual day: 10 hours, 2 photographers, 300+ edited photos",
        ),
        (
            "Pakej nikah RM900 (4 jam, 200 gambar siap edit). Tempah awal.",
            "ms",
            "Pakej nikah: 4 jam, 200 gambar siap edit",
        ),
        (
            "Guitar RM120/month (4 lessons x 45min), drums RM150/month.",
            "en",
            "Guitar: 4 lessons x 45min",
        ),
        ("Kelas piano RM150/bulan, 4 kelas sebulan.", "ms", "4 kelas sebulan"),
    ],
)
def test_what_a_package_includes_counted_is_a_note(text: str, language: str, note: str) -> None:
    assert note in find_notes(text, language)


@pytest.mark.parametrize(
    ("text", "language", "area"),
    [
        ("Servis paip\n📍 Ipoh, Batu Gajah\n📞 012-345 6789", "ms", "Ipoh, Batu Gajah"),
        (
            "Family photoshoot RM300 (1 hour, at Pantai Remis beach). Studio in Taiping. "
            "012-345 6789",
            "en",
            "Taiping",
        ),
        (
            "Kedai jahit Kota Bharu. Baju kurung RM60. Kedai kat Jln Hamzah, sebelah bank. "
            "012-345 6789",
            "ms",
            "Kota Bharu",
        ),
        ("Kelas renang - Ipoh, Batu Gajah, Kampar. Kelas RM100. 012-345 6789", "ms", "Ipoh"),
        (
            "Homestay Rumah Panjang Nanga Ukom, Batang Lupar. RM80 semalam. 012-345 6789",
            "ms",
            "Batang Lupar",
        ),
    ],
)
def test_the_area_is_the_town_it_is_in_not_an_aside_or_a_street(
    text: str, language: Language, area: str
) -> None:
    assert analyze(text, language).area == area


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "⚡ PAIP & SINKI ⚡\n✅ Tukar paip RM50\n📍 Kuching\n"
            "👷 Jugah anak Sandai, tukang paip berpengalaman\n📞 019-887 4105",
            "ms",
            "Tukang Paip Jugah",
        ),
        (
            "🔧 AIRCOND SERVICE 🔧\nGeneral service RM70\nRosli bin Ahmad, 15 thn pengalaman\n"
            "012-345 6789",
            "en",
            "Aircond Service Rosli",
        ),
        (
            "Grooming kucing & anjing di rumah anda. Mandi RM40. WS Mei 016-870 3312",
            "ms",
            "Grooming Kucing & Anjing Mei",
        ),
    ],
)
def test_a_full_name_with_bin_or_anak_is_the_owner_and_capitals_are_not_kept(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert profile.label == label


@pytest.mark.parametrize(
    "text",
    [
        "Kraftangan Iban dari Kapit, handmade. Terendak RM80. WS 012-345 6789",
        "Handicrafts from Kelantan, songket & batik. Shipping nationwide.",
        "Kraf tangan manik Sabah, rantai RM30",
    ],
)
def test_handicrafts_are_a_shop(text: str) -> None:
    assert classify(text)[0] == "retail"


@pytest.mark.parametrize(
    ("text", "language", "note"),
    [
        ("Same day for print, binding 2 days.", "en", "Binding 2 days"),
        (
            "Jahit baju kurung RM60. Jahit baju 3-5 hari, tempahan raya tutup awal.",
            "ms",
            "Jahit baju 3-5 hari",
        ),
        ("Cuci karpet RM5 sekaki. Cuci karpet 3 hari.", "ms", "Cuci karpet 3 hari"),
    ],
)
def test_a_job_and_how_many_days_it_takes_is_a_note(text: str, language: str, note: str) -> None:
    assert note in find_notes(text, language)


@pytest.mark.parametrize(
    ("text", "language", "note"),
    [
        (
            "van 1 tan RM150 per trip 3 tan RM300 per trip includes 1 helper "
            "extra helper RM50 each",
            "en",
            "Includes 1 helper",
        ),
        (
            "lori 1 tan RM150 sehari lori 3 tan RM300 sehari termasuk 2 pekerja tambahan pekerja "
            "RM80 seorang",
            "ms",
            "Termasuk 2 pekerja",
        ),
    ],
)
def test_what_a_price_includes_in_run_on_text_is_a_note(
    text: str, language: str, note: str
) -> None:
    assert note in find_notes(text, language)


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Tukang kunci Seremban 🔑 Buka pintu kereta terkunci RM70, buat kunci pendua RM10. "
            "Sy Zul, dtg ke lokasi. 012-345 6789",
            "ms",
            "Tukang Kunci Zul",
        ),
        (
            "Locksmith service KL, car & house lockout from RM80. Call Ravi 012-345 6789",
            "en",
            "Locksmith Service Ravi",
        ),
    ],
)
def test_a_locksmith_is_no_workshop_for_the_cars_it_opens(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.business_type == "general"
    assert profile.label == label


@pytest.mark.parametrize(
    ("text", "language", "label"),
    [
        (
            "Durian Musang King Raub asli dari dusun Pak Mat, Bentong. Gred A RM50/kg. "
            "WS 012-345 6789",
            "ms",
            "Durian Musang King Pak Mat",
        ),
        (
            "Mangga Harumanis Perlis asli dari kebun Pak Mat. Gred A RM25/kg. 012-345 6789",
            "ms",
            "Mangga Harumanis Pak Mat",
        ),
        (
            "Durian Kampung Raub, fresh from the orchard of Uncle Lim. RM20/kg. 012-345 6789",
            "en",
            "Durian Uncle Lim",
        ),
    ],
)
def test_goods_said_with_where_they_come_from_are_no_name(
    text: str, language: Language, label: str
) -> None:
    profile = analyze(text, language)
    assert profile.name is None
    assert profile.label == label


@pytest.mark.parametrize(
    ("text", "language", "names"),
    [
        (
            "NASI LEMAK KAK ROS SEGAMAT 🍛 NASI LEMAK BIASA RM3, AYAM GORENG RM7. WS 012-345 6789",
            "ms",
            ["Nasi lemak biasa", "Ayam goreng"],
        ),
        (
            "KEDAI GUNTING ABANG JO, KLUANG. HAIRCUT RM15, SHAVING RM10. CALL 012-345 6789",
            "en",
            ["Haircut", "Shaving"],
        ),
        ("Piano lessons. ABRSM THEORY RM100. 012-345 6789", "en", ["ABRSM THEORY"]),
    ],
)
def test_items_typed_in_capitals_throughout_are_not_shouted(
    text: str, language: Language, names: list[str]
) -> None:
    assert [item.name for item in analyze(text, language).items] == names


@pytest.mark.parametrize(
    ("text", "language", "notes"),
    [
        ("Order 3 days before lah.", "en", ["Order 3 days before"]),
        (
            "Tempah 2 hari awal ya! Min order 50 biji ok",
            "ms",
            ["Tempah 2 hari awal", "Minimum order 50 biji"],
        ),
        (
            "Pasang aircond baru dr RM250 (tak termasuk paip).",
            "ms",
            ["Pasang aircond baru: tidak termasuk paip"],
        ),
    ],
)
def test_notes_drop_chat_particles_and_from_shorthand(
    text: str, language: str, notes: list[str]
) -> None:
    assert find_notes(text, language) == notes
