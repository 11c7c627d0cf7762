"""Descriptions a shop owner might type, with what analysis must read from each.

Fields left at `ANY` are not asserted. Phone numbers are given as digits-only international
numbers (what `wa.me` needs); hours as {day: "HH:MM-HH:MM" | "closed"} with 0 = Monday.
`label` is the name composed when none is given; `mode` the main way customers are served;
`notes` fragments that must appear in the profile's notes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bina.generator.profile import Language

ANY: Any = object()


@dataclass(frozen=True)
class Case:
    id: str
    text: str
    language: Language = "ms"
    name: Any = ANY
    business_type: Any = ANY
    area: Any = ANY
    phones: Any = ANY
    whatsapp: Any = ANY
    items: dict[str, str | None] = field(default_factory=dict)
    hours: dict[int, str] = field(default_factory=dict)
    features: frozenset[str] = frozenset()
    not_features: frozenset[str] = frozenset()
    established: Any = ANY
    address_contains: Any = ANY
    source_language: Any = ANY
    label: Any = ANY
    mode: Any = ANY
    notes: tuple[str, ...] = ()


EVERY_DAY = range(7)

CASES: list[Case] = [
    Case(
        id="nasi-kandar-no-name",
        text="Kedai nasi kandar di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789",
        name=None,
        business_type="restaurant",
        area="Penang",
        phones=["60123456789"],
        whatsapp="60123456789",
        source_language="ms",
    ),
    Case(
        id="warung-full",
        text=(
            "Warung Pak Mat, Kampung Baru KL. Nasi lemak RM7, mee goreng RM6.50, teh tarik "
            "RM1.50. Buka setiap hari 6 pagi - 12 tengah hari kecuali Jumaat. WhatsApp "
            "+60 12-300 4455. Resipi turun-temurun dari arwah nenek kami."
        ),
        name="Warung Pak Mat",
        business_type="restaurant",
        area="Kampung Baru, Kuala Lumpur",
        whatsapp="60123004455",
        items={"Nasi lemak": "7", "Mee goreng": "6.50", "Teh tarik": "1.50"},
        hours={0: "06:00-12:00", 3: "06:00-12:00", 4: "closed", 6: "06:00-12:00"},
    ),
    Case(
        id="bakery-english",
        text=(
            "Tan's Bakery in Ipoh. Birthday cakes from RM60, cupcakes RM36/dozen. Open Tuesday "
            "to Sunday 10am-8pm. Call 05-254 1234 or WhatsApp 016-555 1212. Since 1998."
        ),
        language="en",
        name="Tan's Bakery",
        business_type="bakery",
        area="Ipoh",
        phones=["6052541234", "60165551212"],
        whatsapp="60165551212",
        items={"Birthday cakes": "60", "Cupcakes": "36"},
        hours={0: "absent", 1: "10:00-20:00", 6: "10:00-20:00"},
        established="1998",
        source_language="en",
    ),
    Case(
        id="restaurant-in-sentence",
        text=(
            "Saya buka Restoran Selera Kampung di Shah Alam. Masakan panas & nasi campur. Halal. "
            "Tel 03-5511 2233"
        ),
        name="Restoran Selera Kampung",
        business_type="restaurant",
        area="Shah Alam",
        phones=["60355112233"],
        whatsapp=None,
        features=frozenset({"halal"}),
    ),
    Case(
        id="chinese-kopitiam",
        text=(
            "陈记咖啡店 Chen Ji Kopitiam di Ipoh, kopi putih RM2.80, roti bakar RM3. "
            "Buka 7am-3pm daily"
        ),
        name="陈记咖啡店 Chen Ji Kopitiam",
        business_type="cafe",
        area="Ipoh",
        items={"Kopi putih": "2.80", "Roti bakar": "3"},
        hours={d: "07:00-15:00" for d in EVERY_DAY},
    ),
    Case(
        id="salon-muslimah",
        text=(
            "Salon Cantik Manis, salon muslimah di Bangi. Potong rambut dari RM15, facial bermula "
            "RM89. Isnin hingga Sabtu 10 pagi - 7 malam. WA 013-222 1111"
        ),
        name="Salon Cantik Manis",
        business_type="salon",
        area="Bangi",
        whatsapp="60132221111",
        items={"Potong rambut": "15", "Facial": "89"},
        hours={0: "10:00-19:00", 5: "10:00-19:00", 6: "absent"},
        features=frozenset({"women_only"}),
    ),
    Case(
        id="barber-english-emoji",
        text=(
            "💈 Kings Cut Barbershop 💈 Bangsar. Haircut RM25, kids cut RM18, beard trim RM10. "
            "Open daily 11am - 10pm, closed on Wednesdays! Walk-in welcome 👍 IG @kingscut.bangsar"
        ),
        language="en",
        name="Kings Cut Barbershop",
        business_type="barber",
        area="Bangsar",
        phones=[],
        whatsapp=None,
        items={"Haircut": "25", "Kids cut": "18", "Beard trim": "10"},
        hours={0: "11:00-22:00", 2: "closed", 6: "11:00-22:00"},
        features=frozenset({"walk_in"}),
    ),
    Case(
        id="clinic-landline-only",
        text=(
            "Klinik Dr. Aminah, Seksyen 7 Shah Alam. Rawatan am, vaksin dan pemeriksaan kesihatan. "
            "Isnin-Jumaat 8.30 pagi - 9.30 malam; Sabtu 8.30 pagi - 1 tengah hari. Ahad & cuti "
            "umum tutup. "
            "Tel: 03-5510 9988"
        ),
        name="Klinik Dr. Aminah",
        business_type="clinic",
        area="Shah Alam",
        phones=["60355109988"],
        whatsapp=None,
        hours={0: "08:30-21:30", 4: "08:30-21:30", 5: "08:30-13:00", 6: "closed"},
    ),
    Case(
        id="gym-english",
        text=(
            "IronWorks Gym, Petaling Jaya. Monthly membership RM120, personal training from RM80 "
            "per session. Open 6am to 11pm weekdays, 8am to 8pm weekends. WhatsApp 017-888 2211."
        ),
        language="en",
        name="IronWorks Gym",
        business_type="fitness",
        area="Petaling Jaya",
        whatsapp="60178882211",
        items={"Monthly membership": "120", "Personal training": "80"},
        hours={0: "06:00-23:00", 4: "06:00-23:00", 5: "08:00-20:00", 6: "08:00-20:00"},
    ),
    Case(
        id="tuition-fees",
        text=(
            "Pusat Tuisyen Cemerlang di Kajang. Kelas Matematik SPM, yuran RM150 sebulan. "
            "Kelas Sains PT3 RM120 sebulan. Kelas hujung minggu. Hubungi Cikgu Lina 019-333 4444."
        ),
        name="Pusat Tuisyen Cemerlang",
        business_type="tuition",
        area="Kajang",
        whatsapp="60193334444",
        items={"Kelas Matematik SPM": "150", "Kelas Sains PT3": "120"},
    ),
    Case(
        id="workshop-many-numbers",
        text=(
            "Bengkel Ah Kow Motor, Jalan Kenari 5, 47100 Puchong. Servis kereta: tukar minyak "
            "hitam "
            "RM80, alignment RM40, balancing RM10 setiap tayar. Buka Isnin - Sabtu 9am-6pm. "
            "Tel 03-8070 1234 / WhatsApp 012-678 9012"
        ),
        name="Bengkel Ah Kow Motor",
        business_type="automotive",
        area="Puchong",
        phones=["60380701234", "60126789012"],
        whatsapp="60126789012",
        items={"Tukar minyak hitam": "80", "Alignment": "40", "Balancing": "10"},
        hours={0: "09:00-18:00", 5: "09:00-18:00"},
        address_contains="Jalan Kenari 5",
    ),
    Case(
        id="laundry-24h",
        text=(
            "Dobi layan diri Bersih Wangi, Taman Melawati. Basuh RM5, kering RM4. Buka 24 jam, "
            "setiap hari. Ada parking. Tiada wifi."
        ),
        name="Bersih Wangi",
        business_type="laundry",
        area="Taman Melawati",
        phones=[],
        whatsapp=None,
        items={"Basuh": "5", "Kering": "4"},
        hours={0: "00:00-24:00", 6: "00:00-24:00"},
        features=frozenset({"parking"}),
        not_features=frozenset({"wifi"}),
    ),
    Case(
        id="florist-english-list",
        text=(
            "Bloom & Petal Florist in Subang Jaya. We sell fresh flowers, bouquets and hampers. "
            "Hand bouquet from RM89, graduation bouquet RM65. Delivery around Klang Valley. "
            "WhatsApp +6011-2345 6789"
        ),
        language="en",
        name="Bloom & Petal Florist",
        business_type="florist",
        area="Subang Jaya",
        whatsapp="601123456789",
        items={"Hand bouquet": "89", "Graduation bouquet": "65"},
        features=frozenset({"delivery"}),
    ),
    Case(
        id="tailor-no-name",
        text=(
            "Tukang jahit di Kota Bharu. Tempahan baju kurung RM60, baju melayu RM70, alter "
            "seluar RM10. Siap dalam 2 minggu. WhatsApp 014-567 8901"
        ),
        name=None,
        business_type="tailor",
        area="Kota Bharu",
        whatsapp="60145678901",
        items={"Baju melayu": "70"},
    ),
    Case(
        id="homestay-nightly",
        text=(
            "Homestay Pak Long, Cameron Highlands. 3 bilik, muat 10 orang. RM350 semalam "
            "(weekday), RM450 semalam hujung minggu. Check-in 3 petang. Hubungi 6019-222 3333."
        ),
        name="Homestay Pak Long",
        business_type="homestay",
        area="Cameron Highlands",
        whatsapp="60192223333",
    ),
    Case(
        id="grocery",
        text=(
            "Kedai Runcit Pak Abu di Kampung Sungai Buloh. Jual barang dapur, beras, telur dan "
            "minyak masak. Buka setiap hari 7 pagi - 10 malam. Tel 013-456 7890"
        ),
        name="Kedai Runcit Pak Abu",
        business_type="grocery",
        whatsapp="60134567890",
        hours={d: "07:00-22:00" for d in EVERY_DAY},
    ),
    Case(
        id="pet-shop-english",
        text=(
            "Happy Paws Pet Shop, Cheras. Cat food, cat litter and grooming. Grooming from RM45. "
            "Open 10am-9pm, closed Tuesdays. Call 03-9100 2233"
        ),
        language="en",
        name="Happy Paws Pet Shop",
        business_type="pet_shop",
        area="Cheras",
        phones=["60391002233"],
        whatsapp=None,
        items={"Grooming": "45"},
        hours={1: "closed"},
    ),
    Case(
        id="photography",
        text=(
            "Jurugambar perkahwinan di Melaka. Pakej nikah RM800, pakej sanding RM1,500. "
            "Termasuk album. WhatsApp 018-765 4321. IG: @lensa_melaka"
        ),
        name=None,
        business_type="photography",
        area="Melaka",
        whatsapp="60187654321",
        items={"Pakej nikah": "800", "Pakej sanding": "1,500"},
    ),
    Case(
        id="catering-pax",
        text=(
            "Katering Mak Yah, Seremban. Nasi minyak untuk majlis kenduri dari RM12 seorang, "
            "minimum 100 pax. Tempahan 2 minggu awal. WhatsApp 011-1234 5678"
        ),
        name="Katering Mak Yah",
        business_type="catering",
        area="Seremban",
        whatsapp="601112345678",
        features=frozenset({"booking"}),
    ),
    Case(
        id="general-fallback",
        text=(
            "Perkhidmatan pindah rumah dan lori sewa di Johor Bahru. Hubungi 012-111 2222 untuk "
            "sebut harga."
        ),
        name=None,
        business_type="moving",
        area="Johor Bahru",
        whatsapp="60121112222",
        label="Perkhidmatan Pindah Rumah Johor Bahru",
        mode="on_site",
    ),
    Case(
        id="tamil-name",
        text=(
            "Restoran Sri Murugan (ஸ்ரீ முருகன்) di Brickfields. Banana leaf rice RM12, thosai "
            "RM3. "
            "Buka 7am-10pm setiap hari. Tel 03-2274 5566"
        ),
        name="Restoran Sri Murugan",
        business_type="restaurant",
        area="Brickfields",
        phones=["60322745566"],
        items={"Banana leaf rice": "12", "Thosai": "3"},
        hours={d: "07:00-22:00" for d in EVERY_DAY},
    ),
    Case(
        id="messy-punctuation",
        text=(
            "nasi lemak kak ma!!! kampung baru,,, nasi lemak ayam rm9...teh o ais rm2 ;; "
            "buka 6pg-11pg isnin-sabtu... ws 0123456789"
        ),
        business_type="restaurant",
        area="Kampung Baru",
        whatsapp="60123456789",
        items={"Nasi lemak ayam": "9", "Teh o ais": "2"},
        hours={0: "06:00-11:00", 5: "06:00-11:00"},
    ),
    Case(
        id="several-phones-labelled",
        text=(
            "Kedai Bunga Mawar, Ipoh. Tel: 05-241 1111. Fax: 05-241 2222. WhatsApp: 012-555 6666."
        ),
        name="Kedai Bunga Mawar",
        business_type="florist",
        phones=["6052411111", "6052412222", "60125556666"],
        whatsapp="60125556666",
    ),
    Case(
        id="cafe-english-hours-break",
        text=(
            "Brew Lab Cafe, Kuching. Flat white RM12, iced latte RM13, banana bread RM9. "
            "Mon-Fri 8am-6pm, Sat 9am-5pm, Sun closed. Free wifi, aircond."
        ),
        language="en",
        name="Brew Lab Cafe",
        business_type="cafe",
        area="Kuching",
        phones=[],
        whatsapp=None,
        items={"Flat white": "12", "Iced latte": "13", "Banana bread": "9"},
        hours={0: "08:00-18:00", 4: "08:00-18:00", 5: "09:00-17:00", 6: "closed"},
        features=frozenset({"wifi", "aircond"}),
    ),
    Case(
        id="friday-prayer-break",
        text=(
            "Kedai Makan Selera Utara, Alor Setar. Buka setiap hari 8 pagi - 10 malam, Jumaat "
            "8 pagi - 12 tengah hari & 3 petang - 10 malam. WhatsApp 019-456 1234"
        ),
        name="Kedai Makan Selera Utara",
        business_type="restaurant",
        area="Alor Setar",
        hours={0: "08:00-22:00", 4: "08:00-12:00,15:00-22:00", 6: "08:00-22:00"},
    ),
    Case(
        id="english-description-malay-site",
        text=(
            "Mama's Kitchen, a home-based kitchen in Setia Alam. Chicken rice RM10, laksa RM12. "
            "Pre-order by WhatsApp 016-222 8888. Open Thursday to Sunday 11am-3pm."
        ),
        language="ms",
        name="Mama's Kitchen",
        business_type="home_food",
        mode="home_based",
        area="Setia Alam",
        whatsapp="60162228888",
        items={"Chicken rice": "10", "Laksa": "12"},
        hours={3: "11:00-15:00", 6: "11:00-15:00", 0: "absent"},
        features=frozenset({"homemade", "booking"}),
        source_language="en",
    ),
    Case(
        id="sold-out",
        text=(
            "Nasi Lemak Bumbung, Seksyen 17 PJ. Buka 6 pagi sampai habis, kecuali Isnin. RM5 "
            "sebungkus."
        ),
        name="Nasi Lemak Bumbung",
        business_type="restaurant",
        area="Petaling Jaya",
        hours={0: "closed", 1: "06:00-", 6: "06:00-"},
    ),
    Case(
        id="non-halal-not-halal",
        text=(
            "Ah Seng Bak Kut Teh, Klang. Non-halal. Bak kut teh RM18, yau char kwai RM2. "
            "Open 7am-2pm except Thursdays. Call 012-345 0000"
        ),
        language="en",
        name="Ah Seng Bak Kut Teh",
        area="Klang",
        items={"Bak kut teh": "18", "Yau char kwai": "2"},
        hours={3: "closed", 0: "07:00-14:00"},
        not_features=frozenset({"halal", "halal_certified"}),
    ),
    Case(
        id="halal-certified",
        text=(
            "Dapur Bonda Catering, Bandar Baru Bangi. Sijil halal JAKIM. Nasi briyani RM15 "
            "seorang. "
            "WhatsApp 013-999 1111 untuk tempahan."
        ),
        name="Dapur Bonda Catering",
        business_type="catering",
        features=frozenset({"halal_certified"}),
        not_features=frozenset({"halal"}),
        items={"Nasi briyani": "15"},
    ),
    Case(
        id="address-line",
        text=(
            "Butik Hijab Ayu. Alamat: No. 12, Jalan Tun Razak, 50400 Kuala Lumpur. Tudung bawal "
            "RM25, shawl RM35. Isnin-Sabtu 10am-7pm. WhatsApp 011-5555 6666."
        ),
        name="Butik Hijab Ayu",
        business_type="retail",
        address_contains="No. 12, Jalan Tun Razak, 50400 Kuala Lumpur",
        area="Kuala Lumpur",
        whatsapp="601155556666",
        items={"Tudung bawal": "25", "Shawl": "35"},
    ),
    Case(
        id="email-and-website",
        text=(
            "Studio Lensa Indah, photo studio in Kota Kinabalu. Passport photo RM15, family "
            "portrait from RM199. Email hello@lensaindah.my or visit www.lensaindah.my"
        ),
        language="en",
        name="Studio Lensa Indah",
        business_type="photography",
        area="Kota Kinabalu",
        phones=[],
        items={"Passport photo": "15", "Family portrait": "199"},
    ),
    Case(
        id="pet-grooming-malay",
        text=(
            "Grooming kucing di Seri Kembangan. Mandi kucing RM35, potong kuku RM10. Buka Selasa "
            "hingga Ahad, 10 pagi - 8 malam. WhatsApp 010-234 5678."
        ),
        name=None,
        business_type="pet_grooming",
        area="Seri Kembangan",
        label="Grooming Kucing Seri Kembangan",
        whatsapp="60102345678",
        items={"Mandi kucing": "35", "Potong kuku": "10"},
        hours={1: "10:00-20:00", 6: "10:00-20:00", 0: "absent"},
    ),
    Case(
        id="price-range",
        text=(
            "Salon Rambut Ayu, Kuantan. Rebonding RM150-RM300, cuci rambut RM20. Tutup hari Rabu. "
            "WhatsApp 012-909 8080"
        ),
        name="Salon Rambut Ayu",
        business_type="salon",
        area="Kuantan",
        items={"Rebonding": "150", "Cuci rambut": "20"},
        hours={2: "closed"},
    ),
    Case(
        id="yoga-english-landline-wa",
        text=(
            "Lotus Yoga Studio, Mont Kiara. Drop-in class RM45, 10-class pass RM380. Classes "
            "Monday to Saturday 7am-9pm. WhatsApp 03-6201 7788"
        ),
        language="en",
        name="Lotus Yoga Studio",
        business_type="fitness",
        area="Mont Kiara",
        phones=["60362017788"],
        whatsapp="60362017788",
    ),
    Case(
        id="short-english-no-contact",
        text="Family bakery in Kuching selling kek lapis Sarawak.",
        language="en",
        business_type="bakery",
        area="Kuching",
        phones=[],
        whatsapp=None,
    ),
    Case(
        id="quran-class",
        text=(
            "Kelas mengaji Al-Quran untuk kanak-kanak di Gombak. Yuran RM80 sebulan. Kelas petang "
            "Isnin - Khamis 5 petang - 7 petang. Hubungi Ustazah Nor 017-323 2323."
        ),
        name=None,
        business_type="religious_class",
        area="Gombak",
        whatsapp="60173232323",
        label="Kelas Mengaji Al-Quran Ustazah Nor",
        hours={0: "17:00-19:00", 3: "17:00-19:00", 4: "absent"},
    ),
    # Kinds told apart by their words; names composed from what, who and where.
    Case(
        id="aircond-service-owner",
        text=(
            "Servis & cuci aircond area Bangi, Kajang. Cuci aircond 1.0hp RM70, 2.0hp RM90. "
            "Saya Hakim, 5 tahun pengalaman, kami datang ke rumah. WS 012-444 5566"
        ),
        name=None,
        business_type="aircond_service",
        label="Servis & Cuci Aircond Hakim",
        mode="on_site",
        not_features=frozenset({"aircond", "walk_in"}),
        notes=("5 tahun pengalaman",),
    ),
    Case(
        id="electrician-english",
        text=(
            "Bright Spark Electrical Works, Rawang. House wiring, ceiling fan installation RM60. "
            "Licensed by Suruhanjaya Tenaga. Call 019-222 3344"
        ),
        language="en",
        name="Bright Spark Electrical Works",
        business_type="electrician",
        area="Rawang",
        mode="on_site",
        notes=("Suruhanjaya Tenaga",),
    ),
    Case(
        id="plumber-titled-owner",
        text=(
            "Tukang paip Abang Jo di Kuantan. Baiki paip bocor dari RM50, tandas tersumbat RM70 "
            "(tak termasuk barang). WS 013-111 2233"
        ),
        name=None,
        business_type="plumber",
        area="Kuantan",
        label="Tukang Paip Abang Jo",
        mode="on_site",
        notes=("tidak termasuk barang",),
    ),
    Case(
        id="cleaning-owner-by",
        text=(
            "Home cleaning around Bangsar by Aunty Mary. RM40/hour, minimum 3 hours. We bring "
            "our own vacuum. WhatsApp 016-777 8899"
        ),
        language="en",
        name=None,
        business_type="cleaning",
        area="Bangsar",
        label="Home Cleaning Aunty Mary",
        mode="on_site",
        notes=("3 hours", "vacuum"),
    ),
    Case(
        id="fruit-stall-season",
        text=(
            "Gerai durian Pak Latif, Raub. Musang King RM50/kg, D24 RM30/kg. Musim durian "
            "Jun-Ogos sahaja. WS 019-888 1122"
        ),
        name=None,
        business_type="fruit_stall",
        area="Raub",
        label="Gerai Durian Pak Latif",
        notes=("Jun-Ogos",),
    ),
    Case(
        id="home-food-kuih",
        text=(
            "Kuih muih dari rumah Mak Nah, Kuala Terengganu. Karipap RM0.50 sebiji. Tempah 1 hari "
            "awal. COD sekitar Kuala Terengganu. 017-555 1234"
        ),
        name=None,
        business_type="home_food",
        area="Kuala Terengganu",
        label="Kuih Muih Mak Nah",
        mode="home_based",
        features=frozenset({"cod"}),
        not_features=frozenset({"takeaway"}),
        notes=("1 hari awal",),
    ),
    Case(
        id="childcare-registered",
        text=(
            "Taska Ceria, Seksyen 9 Bangi. Jaga anak 3 bulan - 4 tahun. Yuran RM400 sebulan. "
            "Berdaftar dengan JKM. 012-888 7766"
        ),
        name="Taska Ceria",
        business_type="childcare",
        area="Bangi",
        notes=("JKM",),
    ),
    Case(
        id="bridal-appointment-only",
        text=(
            "Butik Pengantin Mawar Putih, Kota Bharu. Nikah package from RM1,500. By appointment "
            "only. 019-303 4455"
        ),
        language="en",
        name="Butik Pengantin Mawar Putih",
        business_type="bridal",
        area="Kota Bharu",
        mode="appointment",
        not_features=frozenset({"walk_in"}),
    ),
    Case(
        id="massage-appointment",
        text=(
            "Urut tradisional Mak Cik Zah, Kuantan. Urut badan RM70 sejam. Temujanji dulu ya. "
            "WS 013-212 3434"
        ),
        name=None,
        business_type="massage",
        area="Kuantan",
        label="Urut Tradisional Mak Cik Zah",
        mode="appointment",
    ),
    Case(
        id="physiotherapy-english",
        text=(
            "Active Physio Centre, Kuching. Back pain treatment RM100 per session. Home visits "
            "available. Appointment only. Call 082-123 456"
        ),
        language="en",
        name="Active Physio Centre",
        business_type="physiotherapy",
        area="Kuching",
        mode="appointment",
    ),
    Case(
        id="bicycle-shop-warranty",
        text=(
            "Kedai basikal Ah Lim, Seremban. Servis basikal RM20. Waranti 6 bulan untuk part. "
            "06-761 2345"
        ),
        name=None,
        business_type="bicycle_shop",
        area="Seremban",
        label="Kedai Basikal Ah Lim",
        features=frozenset({"warranty"}),
        notes=("6 bulan",),
    ),
    Case(
        id="phone-repair-walk-in",
        text=(
            "Phone repair by Kumar at Brickfields. Screen replacement from RM90. 3 months "
            "warranty. Walk-in welcome. 011-2233 4455"
        ),
        language="en",
        name=None,
        business_type="phone_repair",
        area="Brickfields",
        label="Phone Repair Kumar",
        mode="walk_in",
        features=frozenset({"walk_in", "warranty"}),
        notes=("3 months",),
    ),
    Case(
        id="printing-lead-time",
        text=(
            "Kedai cetak Syafiq, Kangar. Cetak banner RM20, kad nama RM35. Siap dalam 2 hari. "
            "04-976 1122"
        ),
        name=None,
        business_type="printing",
        area="Kangar",
        label="Kedai Cetak Syafiq",
        notes=("2 hari",),
    ),
    Case(
        id="vehicle-rental-not-workshop",
        text=(
            "Sewa kereta Melaka by Encik Rosli. Myvi RM100 per day, Alza RM150 per day. Deposit "
            "RM200. Free delivery to Melaka Sentral. 012-600 7788"
        ),
        language="en",
        name=None,
        business_type="vehicle_rental",
        label="Sewa Kereta Encik Rosli",
        features=frozenset({"delivery"}),
        notes=("Deposit",),
    ),
    Case(
        id="general-trade-owner",
        text=(
            "Servis asah pisau & gunting Pak Karim, Kajang. Asah pisau RM5 sebilah. Saya datang "
            "ke rumah anda. 012-909 1212"
        ),
        name=None,
        business_type="general",
        area="Kajang",
        label="Servis Asah Pisau Pak Karim",
        mode="on_site",
    ),
    Case(
        id="lowercase-owner",
        text=(
            "kuih raya kak ros, order 2 minggu awal ye. tart nenas rm35 sebalang. cod area "
            "bangi. 0112345678"
        ),
        name=None,
        business_type="home_food",
        area="Bangi",
        label="Kuih Raya Kak Ros",
        features=frozenset({"cod"}),
        notes=("2 minggu awal",),
    ),
    Case(
        id="capitals-throughout",
        text="SERVIS AIRCOND ABANG JOE KUANTAN. CUCI AIRCOND RM70. WS 0139998888",
        name=None,
        business_type="aircond_service",
        area="Kuantan",
        label="Servis Aircond Abang Joe",
    ),
    Case(
        id="education-not-tuition",
        text=(
            "Akademi Renang Ikan Bilis, Putrajaya. Kelas renang kanak-kanak RM120 sebulan "
            "(4 kelas). Jurulatih bertauliah. 012-818 2020"
        ),
        name="Akademi Renang Ikan Bilis",
        business_type="education",
        area="Putrajaya",
        notes=("bertauliah",),
    ),
]
