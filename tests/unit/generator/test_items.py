"""The reader's numbers: each price bound to its own item, units, and phone numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bina.generator.contacts import find_phones
from bina.generator.items import find_items, name_unnamed
from bina.generator.profile import Language, OfferedItem
from bina.generator.units import UNIT_KEYS, unit_display, unit_key
from bina.generator.wording import price_label


def _read(text: str) -> list[tuple[str, str | None, str, str | None]]:
    """(name, variant, price, unit) of each priced item, in order."""
    items, _ = find_items(text)
    out = []
    for item in items:
        price = f"{item.price}" + (f"-{item.price_max}" if item.price_max is not None else "")
        out.append((item.name, item.variant, price, item.unit))
    return out


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nasi lemak RM7, mee goreng RM6.50",
            [("Nasi lemak", None, "7", None), ("Mee goreng", None, "6.50", None)],
        ),
        (
            "Yuran RM60/bln budak, RM80/bln dewasa",
            [("Yuran", "budak", "60", "month"), ("Yuran", "dewasa", "80", "month")],
        ),
        (
            "Grooming RM50 (cats), RM70 (small dogs)",
            [("Grooming", "cats", "50", None), ("Grooming", "small dogs", "70", None)],
        ),
        (
            "Grooming RM50 (cats) and RM70 (small dogs)",
            [("Grooming", "cats", "50", None), ("Grooming", "small dogs", "70", None)],
        ),
        (
            "Musang King RM45/kg, Black Thorn (duri hitam) RM60/kg",
            [("Musang King", None, "45", "kg"), ("Black Thorn", "duri hitam", "60", "kg")],
        ),
        (
            "Karipap RM0.60 sebiji, set 20 biji RM10",
            [("Karipap", None, "0.60", "piece"), ("Karipap", "set 20 biji", "10", "set")],
        ),
        (
            "Kelas mengaji: budak RM60/bln, dewasa RM80/bln",
            [
                ("Kelas mengaji", "budak", "60", "month"),
                ("Kelas mengaji", "dewasa", "80", "month"),
            ],
        ),
        (
            "Yuran kanak-kanak RM60, dewasa RM80",
            [("Yuran", "kanak-kanak", "60", None), ("Yuran", "dewasa", "80", None)],
        ),
        (
            "Fees: Form 4-5 RM120/month, Form 1-3 RM90/month",
            [("Fees", "Form 4-5", "120", "month"), ("Fees", "Form 1-3", "90", "month")],
        ),
        (
            "Urut badan 1 jam RM60, 1.5 jam RM85",
            [("Urut badan", "1 jam", "60", None), ("Urut badan", "1.5 jam", "85", None)],
        ),
        (
            "Membership RM99/month or RM999/year, day pass RM15",
            [
                ("Membership", None, "99", "month"),
                ("Membership", None, "999", "year"),
                ("Day pass", None, "15", None),
            ],
        ),
        (
            "RM5 nasi lemak, RM7 nasi ayam",
            [("Nasi lemak", None, "5", None), ("Nasi ayam", None, "7", None)],
        ),
        (
            "Harga: RM7 (nasi lemak), RM8 (nasi ayam)",
            [("Nasi lemak", None, "7", None), ("Nasi ayam", None, "8", None)],
        ),
        (
            "Cuci aircond 1hp-1.5hp RM70, 2hp-2.5hp RM90",
            [("Cuci aircond", "1hp-1.5hp", "70", None), ("Cuci aircond", "2hp-2.5hp", "90", None)],
        ),
        (
            "Kelas renang: kanak-kanak (5-12 thn) RM200, dewasa RM280",
            [
                ("Kelas renang", "kanak-kanak 5-12 tahun", "200", None),
                ("Kelas renang", "dewasa", "280", None),
            ],
        ),
        (
            "Tiket RM10/dewasa, RM5/kanak-kanak",
            [("Tiket", "dewasa", "10", None), ("Tiket", "kanak-kanak", "5", None)],
        ),
        (
            "MENU\nNasi lemak ayam ..... rm9\nTeh tarik ..... rm2.50",
            [("Nasi lemak ayam", None, "9", None), ("Teh tarik", None, "2.50", None)],
        ),
        (
            "Harga:\nRM15 - potong rambut\nRM10 - budak",
            [("Potong rambut", None, "15", None), ("Potong rambut", "budak", "10", None)],
        ),
        (
            "Cuci tilam queen RM120, king RM150",
            [("Cuci tilam", "queen", "120", None), ("Cuci tilam", "king", "150", None)],
        ),
        (
            "Zumba RM10 per class or RM35 for 4 classes",
            [("Zumba", None, "10", "class"), ("Zumba", "4 classes", "35", None)],
        ),
        (
            "- Kek span pandan: RM25\n- Kek lapis legit (1 loyang): RM180\n- Cupcakes: RM30/dozen",
            [
                ("Kek span pandan", None, "25", None),
                ("Kek lapis legit", "1 loyang", "180", None),
                ("Cupcakes", None, "30", "dozen"),
            ],
        ),
        (
            "Axia RM80/day. Weekly rate: Axia RM450.",
            [("Axia", None, "80", "day"), ("Axia", None, "450", "week")],
        ),
        (
            "Tiket RM30 seorang (kanak-kanak RM15)",
            [("Tiket", None, "30", "person"), ("Tiket", "kanak-kanak", "15", "person")],
        ),
        (
            "Sabun RM12 seketul, 3 ketul RM33",
            [("Sabun", None, "12", "piece"), ("Sabun", "3 ketul", "33", None)],
        ),
        (
            "Urut badan 1 jam: RM60, 1.5 jam: RM85",
            [("Urut badan", "1 jam", "60", None), ("Urut badan", "1.5 jam", "85", None)],
        ),
        (
            "Nasi lemak (RM7) sebungkus, teh tarik - RM2",
            [("Nasi lemak", None, "7", "pack"), ("Teh tarik", None, "2", None)],
        ),
        (
            "Basic wash: sedan RM15, SUV RM20. Wash + vacuum: sedan RM25, SUV RM30.",
            [
                ("Basic wash", "sedan", "15", None),
                ("Basic wash", "SUV", "20", None),
                ("Wash + vacuum", "sedan", "25", None),
                ("Wash + vacuum", "SUV", "30", None),
            ],
        ),
        (
            "Set 1 RM10, Set 2 RM12",
            [("Set 1", None, "10", None), ("Set 2", None, "12", None)],
        ),
        (
            "Homestay RM200/malam. Weekend RM250/malam.",
            [("Homestay", None, "200", "night"), ("Homestay", "Weekend", "250", "night")],
        ),
        (
            "Famous white coffee RM3.20 hot / RM3.80 iced",
            [
                ("Famous white coffee", "hot", "3.20", None),
                ("Famous white coffee", "iced", "3.80", None),
            ],
        ),
    ],
)
def test_each_price_binds_to_its_own_item(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Durian kampung, Bentong 🌳 Musang King RM45/kg", "Musang King"),
        ("Harga nasi lemak RM7", "Nasi lemak"),
        ("Nasi lemak harga RM7 sahaja", "Nasi lemak"),
        ("Only haircut RM12", "Haircut"),
        ("Laptop format + install Windows RM50", "Laptop format + install Windows"),
        ("Servis aircond RM80", "Servis aircond"),
        ("Kelas zumba Selasa & Khamis 8.30mlm, RM15/kelas", "Kelas zumba"),
        ("Kids class Mon, Wed, Fri 8.30pm-9.30pm, RM50/month", "Kids class"),
        ("Home visit available within Subang Jaya, add RM50", "Home visit"),
        ("Packing boxes sold at RM5 each", "Packing boxes"),
        ("2-bedroom unit, sleeps 6, RM250 per night", "2-bedroom unit"),
        ("Kelas Matematik SPM, yuran RM150 sebulan", "Kelas Matematik SPM"),
        ("Gym Aisyah, Kota Damansara - khas utk wanita, Yuran RM80 sebulan", "Yuran"),
        ("Kelas di Taman Sri Gombak, Sabtu 9pg-11pg, Yuran RM40 sebulan", "Yuran"),
        ("Tukar skrin iPhone dari RM180", "Tukar skrin iPhone"),
        ("iPhone dari RM180", "iPhone"),
        ("Kami juga ada jual nasi lemak dengan harga RM3 sahaja", "Nasi lemak"),
        ("Saya ambil tempahan kek lapis, harga RM60 sebiji", "Kek lapis"),
        ("Anda boleh sewa kanopi kami pada harga RM150 sehari", "Sewa kanopi"),
        ("Our best seller is the chicken rice, only RM8.90", "Chicken rice"),
        ("We charge RM50 per hour for cleaning", "Cleaning"),
    ],
)
def test_item_names_are_clean(text: str, name: str) -> None:
    items, _ = find_items(text)
    assert [item.name for item in items] == [name]


@pytest.mark.parametrize(
    "name", ["Cats) and", "Duri hitam)", "Grooming (cats", "And shave", "Dan teh"]
)
def test_no_dangling_brackets_or_conjunctions(name: str) -> None:
    text = "Grooming RM50 (cats) and RM70 (small dogs). Black Thorn (duri hitam) RM60. " + (
        "Haircut RM12 and shave RM10, kopi RM2 dan teh RM2"
    )
    assert name not in {item.name for item in find_items(text)[0]}


@pytest.mark.parametrize(
    ("text", "price", "price_max", "price_from"),
    [
        ("Servis RM80-120", Decimal(80), Decimal(120), False),
        ("Servis RM80 - RM120", Decimal(80), Decimal(120), False),
        ("Facial from RM89", Decimal(89), None, True),
        ("Facial bermula RM89", Decimal(89), None, True),
        ("Facial dari RM89", Decimal(89), None, True),
        ("Facial RM89 ke atas", Decimal(89), None, True),
        ("Kek rm 5", Decimal(5), None, False),
        ("Kek RM5.00", Decimal(5), None, False),
        ("Kek 5 ringgit", Decimal(5), None, False),
        ("Pakej kahwin RM 1.2k", Decimal(1200), None, False),
        ("Pakej kahwin RM1,200", Decimal(1200), None, False),
        ("B&W printing 10 sen per page", Decimal("0.10"), None, False),
        ("Servis antara RM80 dan RM120", Decimal(80), Decimal(120), False),
        ("Kek RM80 ~ RM120", Decimal(80), Decimal(120), False),
        ("Gubahan RM150 & ke atas", Decimal(150), None, True),
        ("Facial RM80+", Decimal(80), None, True),
        ("Toilet bowl replacement RM250 + parts", Decimal(250), None, False),
    ],
)
def test_price_forms(
    text: str, price: Decimal, price_max: Decimal | None, price_from: bool
) -> None:
    (item,) = find_items(text)[0]
    assert (item.price, item.price_max, item.price_from) == (price, price_max, price_from)


@pytest.mark.parametrize(
    "text",
    [
        "Free delivery for orders above RM300 within the town",
        "Free delivery above RM40",
        "Free hantar dlm Kangar utk order atas RM50",
        "Min order RM50",
        "Booking dgn deposit RM100",
        "Free pickup & delivery for RM30 and above",
        "Diskaun RM10 untuk warga emas",
        "RM10 off for students",
        "Free delivery for orders above = RM300",
    ],
)
def test_conditions_are_not_items(text: str) -> None:
    assert find_items(text)[0] == []


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("Kuih RM0.60 sebiji", "piece"),
        ("Kuih RM0.60 seketul", "piece"),
        ("Kuih RM0.60 each", "piece"),
        ("Kuih RM6 per dozen", "dozen"),
        ("Nasi RM5 sebungkus", "pack"),
        ("Kek RM12 sekotak", "box"),
        ("Durian RM60/kg", "kg"),
        ("Sewa RM25 sejam", "hour"),
        ("Kereta RM150/day", "day"),
        ("Kereta RM150 sehari", "day"),
        ("Bilik RM180 semalam", "night"),
        ("Yuran RM60 sebulan", "month"),
        ("Yuran RM60/bln", "month"),
        ("Gym RM999/year", "year"),
        ("Terapi RM90/sesi", "session"),
        ("Zumba RM15/kelas", "class"),
        ("Buffet RM18/pax", "person"),
        ("Tambah pekerja RM80 seorang", "person"),
        ("Servis RM80 per aircond unit", "unit"),
        ("Lori RM250 satu trip", "trip"),
        ("Caj minyak RM0.50/km", "km"),
        ("Print RM1/page", "page"),
        ("Tart nenas RM35 sebalang", "balang"),
        ("Tukar tayar RM10 setiap tayar", "tayar"),
        ("Pisang RM6 sesikat", "sikat"),
        ("Fotostat RM0.10 per muka surat", "page"),
        ("Gym RM120 monthly", "month"),
        ("Yuran bulanan RM350", "month"),
    ],
)
def test_units_become_canonical_keys(text: str, unit: str) -> None:
    (item,) = find_items(text)[0]
    assert item.unit == unit


def test_unit_keys_and_their_words() -> None:
    assert set(UNIT_KEYS) >= {"piece", "month", "person", "unit", "trip", "page"}
    assert unit_key("sebiji") == unit_key("pcs") == "piece"
    assert unit_key("bln") == unit_key("sebulan") == "month"
    assert unit_key("sedap") is None


@pytest.mark.parametrize(
    ("unit", "language", "label"),
    [
        ("piece", "ms", "RM0.60 sebiji"),
        ("piece", "en", "RM0.60 each"),
        ("month", "ms", "RM0.60/bulan"),
        ("day", "en", "RM0.60/day"),
        ("tayar", "ms", "RM0.60/tayar"),
        (None, "ms", "RM0.60"),
    ],
)
def test_price_labels_follow_the_site_language(
    unit: str | None, language: Language, label: str
) -> None:
    item = OfferedItem(name="x", price=Decimal("0.60"), price_text="0.60", unit=unit)
    assert price_label(item, language) == label


def test_unit_display_of_an_owners_own_word() -> None:
    assert unit_display("per tayar", "en") == "/tayar"


def test_prices_with_no_item_named_are_for_what_the_business_sells() -> None:
    items, _ = find_items("RM280 semalam (weekday), RM350 semalam (weekend & cuti umum)")
    assert [(item.name, item.variant) for item in items] == [
        ("", "weekday"),
        ("", "weekend & cuti umum"),
    ]
    named = name_unnamed(items, [], "homestay Tok Wan")
    assert [item.name for item in named] == ["Homestay Tok Wan", "Homestay Tok Wan"]
    lone = [OfferedItem(name="", price=Decimal(5)), OfferedItem(name="", price=Decimal(7))]
    assert name_unnamed(lone, [OfferedItem(name="Teh", price=Decimal(2))], "Kopi") == []


@pytest.mark.parametrize(
    ("text", "name"),
    [
        # where the goods come from is said of them, not part of their name
        ("Harumanis terus dari kebun kami di Perlis RM30/kg", "Harumanis"),
        ("Madu kelulut fresh from our farm in Pahang RM45", "Madu kelulut"),
        ("Free-range eggs direct from the farm RM18 per tray", "Free-range eggs"),
        # how the price is worked out is not what is sold
        ("Udang galah ikut berat, RM9/100g", "Udang galah"),
        ("Crabs priced by weight RM12/100g", "Crabs"),
        ("Lobster ikut saiz RM80", "Lobster"),
    ],
)
def test_item_names_without_where_from_or_how_priced(text: str, name: str) -> None:
    assert _read(text)[0][0] == name


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Sewa baju melayu sepasang RM80", [("Sewa baju melayu", None, "80", "pasang")]),
        ("Kuih koci sedulang RM25", [("Kuih koci", None, "25", "dulang")]),
        ("Pisang tanduk setandan RM20", [("Pisang tanduk", None, "20", "tandan")]),
    ],
)
def test_a_container_or_pair_before_the_price_is_its_unit(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Chalet RM250 per night weekdays, RM320 Sat-Sun",
            [("Chalet", "weekdays", "250", "night"), ("Chalet", "Sat-Sun", "320", "night")],
        ),
        (
            "Bilik keluarga RM180 semalam isnin-khamis, RM220 jumaat-ahad",
            [
                ("Bilik keluarga", "isnin-khamis", "180", "night"),
                ("Bilik keluarga", "jumaat-ahad", "220", "night"),
            ],
        ),
    ],
)
def test_days_after_a_price_say_which_one(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Nasi lemak biasa RM3, with ayam goreng RM7",
            [
                ("Nasi lemak biasa", None, "3", None),
                ("Nasi lemak biasa", "with ayam goreng", "7", None),
            ],
        ),
        (
            "Roti canai RM1.50, dengan telur RM2.50",
            [("Roti canai", None, "1.50", None), ("Roti canai", "dengan telur", "2.50", None)],
        ),
        (
            "Burger daging RM8, add cheese RM10",
            [("Burger daging", None, "8", None), ("Burger daging", "add cheese", "10", None)],
        ),
    ],
)
def test_the_same_item_with_something_more(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


def test_a_lone_first_price_is_for_what_the_business_does() -> None:
    rate = OfferedItem(name="", price=Decimal(30), unit="hour")
    package = OfferedItem(name="Pakej bulanan", price=Decimal(400), unit="month")
    named = name_unnamed([rate], [package], "servis cleaning", leading=True)
    assert [(item.name, item.unit) for item in named] == [("Servis cleaning", "hour")]
    # The same bare price after named items could be for any of them.
    assert name_unnamed([rate], [package], "servis cleaning", leading=False) == []


def test_spans_cover_the_price_and_the_words_that_qualify_it() -> None:
    text = "Grooming RM50 (cats), RM70 (small dogs)."
    _, spans = find_items(text)
    assert [text[start:end] for start, end in spans] == ["RM50 (cats)", "RM70 (small dogs)"]


# --- phone numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "digits"),
    [
        ("03-2141 8890", "60321418890"),
        ("04-917 2203", "6049172203"),
        ("05-253 9907", "6052539907"),
        ("06-601 2234", "6066012234"),
        ("07-520 3381", "6075203381"),
        ("09-516 7720", "6095167720"),
        ("082-123 456", "6082123456"),
        ("088-251 234", "6088251234"),
        ("012-345 6789", "60123456789"),
        ("011-2345 6789", "601123456789"),
        ("+60 11-1098 2345", "601110982345"),
        ("6012 345 6789", "60123456789"),
        ("012.345.6789", "60123456789"),
        ("03.6257.1234", "60362571234"),
        ("012 345 6789", "60123456789"),
    ],
)
def test_phone_numbers_of_every_state_and_network(written: str, digits: str) -> None:
    phones, _ = find_phones(f"Hubungi {written} sekarang")
    assert [phone.digits for phone in phones] == [digits]


@pytest.mark.parametrize("joined", ["012-3456789/013-2223333", "012-345 6789 / 013-222 3333"])
def test_two_numbers_joined_by_a_slash(joined: str) -> None:
    phones, _ = find_phones(f"Call {joined}")
    assert [phone.digits for phone in phones] == ["60123456789", "60132223333"]


@pytest.mark.parametrize("label", ["WS", "ws", "wasap", "WhatsApp", "whatsapp:", "WA", "Call/WA"])
def test_whatsapp_labels(label: str) -> None:
    phones, _ = find_phones(f"Tel 03-6257 1234, {label} 019-221 7745")
    assert [(p.digits, p.whatsapp) for p in phones] == [
        ("60362571234", False),
        ("60192217745", True),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # an aside in brackets before the first item is not part of its name
        (
            "Salon Mawar 💇 (khas muslimah) Facial RM80, cuci rambut RM25.",
            [("Facial", None, "80", None), ("Cuci rambut", None, "25", None)],
        ),
        (
            "Studio Ayu, Kluang 🌸 (ladies only) Threading RM15, waxing RM40.",
            [("Threading", None, "15", None), ("Waxing", None, "40", None)],
        ),
        # an add-on word after the name is not part of it
        (
            "Nasi lemak RM5, sambal tambah RM1.",
            [("Nasi lemak", None, "5", None), ("Sambal", None, "1", None)],
        ),
        (
            "Burger RM8, cheese extra RM2.",
            [("Burger", None, "8", None), ("Cheese", None, "2", None)],
        ),
        # in a list of jobs, "tambah …" is one more job; after a dish, the dish with more
        (
            "Tukar minyak hitam RM80, tambah coolant RM30.",
            [("Tukar minyak hitam", None, "80", None), ("Tambah coolant", None, "30", None)],
        ),
        (
            "Nasi lemak biasa RM3, tambah ayam goreng RM7.",
            [
                ("Nasi lemak biasa", None, "3", None),
                ("Nasi lemak biasa", "tambah ayam goreng", "7", None),
            ],
        ),
        # what a set holds, in brackets, is not which one
        (
            "Set mandi bayi (sabun + syampu + tuala) RM25 per set.",
            [("Set mandi bayi", None, "25", "set")],
        ),
        (
            "Family pack (2 burgers + 2 fries + 2 drinks) RM45.",
            [("Family pack", None, "45", None)],
        ),
        # which one, in brackets after the price, comes before what it is for
        (
            "Design logo utk small business: RM150 (3 draf), RM250 (5 draf).",
            [("Design logo", "3 draf", "150", None), ("Design logo", "5 draf", "250", None)],
        ),
        # a place before a price is where, not what
        ("Kelas di dewan kami, Taman Melawati: RM50 sebulan.", [("Kelas", None, "50", "month")]),
        ("Hair cut area Bangi RM15.", [("Hair cut", None, "15", None)]),
        # group or one-to-one is which class
        (
            "Piano class RM120 sebulan (kumpulan), RM200 sebulan (1-1).",
            [
                ("Piano class", "kumpulan", "120", "month"),
                ("Piano class", "1-1", "200", "month"),
            ],
        ),
        (
            "Swimming lessons RM150 a month (group), RM280 a month (one-to-one).",
            [
                ("Swimming lessons", "group", "150", "month"),
                ("Swimming lessons", "one-to-one", "280", "month"),
            ],
        ),
        # a count of what the price is for is no item
        (
            "Tuisyen Sains RM50 sebulan satu subjek.",
            [("Tuisyen Sains", "satu subjek", "50", "month")],
        ),
        # who does it and how it is bought are not part of the name
        ("Kami pasang kipas siling RM80 seunit.", [("Pasang kipas siling", None, "80", "unit")]),
        (
            "We install water heaters (Joven/Alpha) from RM350 incl. wiring.",
            [("Install water heaters", "Joven/Alpha", "350", None)],
        ),
        (
            "Order online pos Ninja Van seluruh Malaysia RM10.",
            [("Pos Ninja Van seluruh Malaysia", None, "10", None)],
        ),
        # only how long: which session of what the business does
        ("60 min RM120, 90 min RM160.", [("", "60 min", "120", None), ("", "90 min", "160", None)]),
    ],
)
def test_item_names_keep_only_what_is_sold(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Eggless cakes from home 🎂 6 inch RM85, 8 inch RM120.",
            [("Eggless cakes", "6 inch", "85", None), ("Eggless cakes", "8 inch", "120", None)],
        ),
        (
            "Kek coklat dari rumah: 2 kg RM90, 3 kg RM130.",
            [("Kek coklat", "2 kg", "90", None), ("Kek coklat", "3 kg", "130", None)],
        ),
        (
            "Sewa lori 1 tan RM250, 3 tan RM450.",
            [("Sewa lori", "1 tan", "250", None), ("Sewa lori", "3 tan", "450", None)],
        ),
    ],
)
def test_sizes_after_the_first_price_are_which_one(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "For walk-in customers, a basic haircut is RM15 and kids are RM10.",
            [("Basic haircut", None, "15", None), ("Basic haircut", "kids", "10", None)],
        ),
        (
            "If you need a full house wiring job, it starts at RM3,000.",
            [("Full house wiring job", None, "3000", None)],
        ),
        (
            "Kalau nak servis penuh kereta, harga RM180 termasuk minyak hitam.",
            [("Servis penuh kereta", None, "180", None)],
        ),
        ("Selepas pukul 10 malam, caj tambahan RM20.", [("Caj tambahan", None, "20", None)]),
    ],
)
def test_conditions_pronouns_and_verbs_around_a_name_are_left_off(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "dr"/"frm" are chat shorthand for "from": a start price, not part of the name.
        (
            "Tukar skrin Oppo dr RM150, tukar bateri dr RM70",
            [("Tukar skrin Oppo", None, "150", None), ("Tukar bateri", None, "70", None)],
        ),
        ("Cuci karpet frm RM40 per keping", [("Cuci karpet", None, "40", "piece")]),
        # Manglish particles that end a phrase say nothing of what is sold.
        ("Laminate also can RM2 per page", [("Laminate", None, "2", "page")]),
        ("Katering 200 pax, khemah can arrange RM300", [("Khemah", None, "300", None)]),
        (
            "Car wash RM15, wax polish also RM40",
            [("Car wash", None, "15", None), ("Wax polish", None, "40", None)],
        ),
    ],
)
def test_chat_shorthand_and_particles_stay_out_of_names(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


def test_a_from_price_in_shorthand_is_marked_from() -> None:
    items, _ = find_items("Hair colouring dr RM120 ikut panjang")
    assert [(i.name, i.price_from) for i in items] == [("Hair colouring", True)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Pondok kami jual kerepek (kerepek pisang RM8, kerepek ubi RM7), air kelapa RM4",
            [
                ("Kerepek pisang", None, "8", None),
                ("Kerepek ubi", None, "7", None),
                ("Air kelapa", None, "4", None),
            ],
        ),
        (
            "We sell used phones (iPhone 12 from RM1,200) and cases",
            [("iPhone 12", None, "1200", None)],
        ),
    ],
)
def test_a_price_inside_an_open_bracket_is_for_the_words_inside_it(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Laksa RM9, with extra prawns +RM4",
            [("Laksa", None, "9", None), ("Extra prawns", None, "4", None)],
        ),
        (
            "Massage 1 hour RM90 (tambah RM15 caj pengangkutan)",
            [("Massage", "1 hour", "90", None), ("Caj pengangkutan", None, "15", None)],
        ),
        (
            "Baking class RM150 (+RM20 bahan)",
            [("Baking class", None, "150", None), ("Bahan", None, "20", None)],
        ),
        (
            "Yuran bulanan darjah 1 RM80, darjah 2 RM90, tambah subjek RM30",
            [
                ("Yuran bulanan", "darjah 1", "80", "month"),
                ("Yuran bulanan", "darjah 2", "90", "month"),
                ("Tambah subjek", None, "30", None),
            ],
        ),
    ],
)
def test_a_charge_added_on_is_its_own_item(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Jambangan lili 5 kuntum RM60, 10 kuntum RM110",
            [
                ("Jambangan lili", "5 kuntum", "60", None),
                ("Jambangan lili", "10 kuntum", "110", None),
            ],
        ),
        (
            "Penghantaran sekitar Kuantan RM8, ke Pekan RM15",
            [("Penghantaran", None, "8", None), ("Penghantaran", "ke Pekan", "15", None)],
        ),
        (
            "Delivery within Ipoh RM5, to Batu Gajah RM12",
            [("Delivery within Ipoh", None, "5", None), ("Delivery", "to Batu Gajah", "12", None)],
        ),
    ],
)
def test_which_one_by_count_or_destination_is_a_variant(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "van 1 tan RM150 per trip includes 1 helper extra helper RM50 each",
            [("Van 1 tan", None, "150", "trip"), ("Extra helper", None, "50", "piece")],
        ),
        (
            "Sewa lori RM300 sehari termasuk pemandu tambahan pekerja RM80",
            [("Sewa lori", None, "300", "day"), ("Tambahan pekerja", None, "80", None)],
        ),
    ],
)
def test_what_a_price_includes_ends_where_the_next_charge_begins(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Durian kampung dari dusun Pak Mat, Raub 🍈 Gred A RM25/kg, gred B RM15/kg",
            [("Gred A", None, "25", "kg"), ("Gred B", None, "15", "kg")],
        ),
        (
            "Madu asli dari ladang Kak Ani, Jerantut 🍯 botol kecil RM30, botol besar RM55",
            [("Botol kecil", None, "30", None), ("Botol besar", None, "55", None)],
        ),
    ],
)
def test_where_someones_place_is_does_not_name_the_items_after_it(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "colour printing RM0.50 per page, RM0.10/page B/W",
            [("Colour printing", None, "0.50", "page"), ("B/W printing", None, "0.10", "page")],
        ),
        (
            "Normal wash RM10, RM18 premium",
            [("Normal wash", None, "10", None), ("Premium wash", None, "18", None)],
        ),
        (
            "Kopi panas RM2, RM2.50 ais",
            [("Kopi panas", None, "2", None), ("Kopi ais", None, "2.50", None)],
        ),
    ],
)
def test_a_price_for_another_quality_swaps_the_quality_word(
    text: str, expected: list[tuple[str, str | None, str, str | None]]
) -> None:
    assert _read(text) == expected
