"""What the offline copy says about each kind of business: its nouns, group, usual way of
serving customers, a tagline that fits it, and what its offer section is called.

Every entry states no fact about a particular business: a tagline speaks of the kind
("Sedia untuk perjalanan anda"), never of quality, price or history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bina.generator.profile import BusinessType, Language, ServiceMode

Group = Literal["food", "service", "class", "stay", "shop"]

Pair = tuple[str, str]  # (Malay, English)
Titles = tuple[tuple[str, ...], tuple[str, ...]]  # three offer titles, Malay and English


@dataclass(frozen=True)
class KindWords:
    """The fixed words for one kind of business."""

    group: Group
    noun: Pair
    #: How its customers are usually served when the description does not say.
    usual_mode: ServiceMode | None
    tagline: Pair | None = None
    #: The modes the tagline suits ("Bawa kenderaan anda kepada kami" only for walk-ins);
    #: None: any.
    tagline_modes: frozenset[ServiceMode] | None = None
    #: Offer section titles when prices are shown, and when they are not (None: the group's).
    priced_titles: Titles | None = None
    titles: Titles | None = None
    #: "Antara hidangan kami: {items}." — None: the group's.
    lead: Pair | None = None
    #: The button that leads to the offer section — None: the group's.
    cta_offer: Pair | None = None

    def for_language(self, pair: Pair, language: Language) -> str:
        return pair[0] if language == "ms" else pair[1]


_WALK_IN: frozenset[ServiceMode] = frozenset({"walk_in"})
_SERVICE_PRICES: Titles = (
    ("Harga", "Senarai harga", "Perkhidmatan & harga"),
    ("Prices", "Price list", "Services & prices"),
)
_FEES: Titles = (("Yuran", "Kelas & yuran", "Yuran kelas"), ("Fees", "Classes & fees", "Our fees"))
_PACKAGES: Titles = (
    ("Pakej", "Pakej kami", "Pakej & harga"),
    ("Packages", "Our packages", "Packages & prices"),
)
_RATES: Titles = (
    ("Kadar sewa", "Kenderaan & kadar", "Pilihan kenderaan"),
    ("Rental rates", "Vehicles & rates", "Our vehicles"),
)

KIND_WORDS: dict[BusinessType, KindWords] = {
    "restaurant": KindWords("food", ("kedai makan", "restaurant"), "walk_in"),
    "cafe": KindWords(
        "food", ("kafe", "café"), "walk_in", ("Secawan kopi, sejenak rehat", "A cup and a moment")
    ),
    "bakery": KindWords(
        "food",
        ("bakeri", "bakery"),
        "walk_in",
        ("Sesuatu yang manis untuk semua", "Something sweet for everyone"),
    ),
    "catering": KindWords(
        "food",
        ("perkhidmatan katering", "catering service"),
        "delivery",
        ("Hidangan untuk majlis anda", "Food for your event"),
        priced_titles=(
            ("Menu & harga", "Pakej katering", "Menu katering"),
            ("Menu & prices", "Catering packages", "Catering menu"),
        ),
    ),
    "salon": KindWords(
        "service",
        ("salon", "salon"),
        "walk_in",
        ("Tampil yakin, rasa selesa", "Look good, feel good"),
    ),
    "clinic": KindWords("service", ("klinik", "clinic"), "walk_in"),
    "fitness": KindWords(
        "class", ("pusat kecergasan", "fitness studio"), "walk_in", ("Jom bergerak!", "Let's move")
    ),
    "education": KindWords(
        "class", ("pusat pendidikan", "learning centre"), "appointment", priced_titles=_FEES
    ),
    "automotive": KindWords(
        "service",
        ("bengkel kenderaan", "auto workshop"),
        "walk_in",
        ("Bawa kenderaan anda kepada kami", "Bring your car to us"),
        _WALK_IN,
        _SERVICE_PRICES,
    ),
    "laundry": KindWords(
        "service",
        ("kedai dobi", "laundry"),
        "walk_in",
        ("Serahkan urusan dobi kepada kami", "Leave the laundry to us"),
        priced_titles=_SERVICE_PRICES,
    ),
    "florist": KindWords(
        "shop",
        ("kedai bunga", "florist"),
        "walk_in",
        ("Bunga untuk setiap cerita", "Flowers for every story"),
    ),
    "tailor": KindWords(
        "service",
        ("kedai jahit", "tailor"),
        "walk_in",
        ("Dijahit ikut ukuran anda", "Made to your measure"),
        priced_titles=_SERVICE_PRICES,
    ),
    "homestay": KindWords("stay", ("homestay", "homestay"), "appointment"),
    "retail": KindWords("shop", ("kedai", "shop"), "walk_in"),
    "pet_shop": KindWords(
        "shop",
        ("kedai haiwan peliharaan", "pet shop"),
        "walk_in",
        ("Untuk si comel kesayangan anda", "For the furry ones you love"),
    ),
    "photography": KindWords(
        "service",
        ("perkhidmatan fotografi", "photography service"),
        "appointment",
        ("Abadikan detik anda", "Moments worth keeping"),
        priced_titles=_PACKAGES,
        lead=("Pakej kami termasuk {items}.", "Our packages include {items}."),
        cta_offer=("Lihat pakej", "See packages"),
    ),
    "vehicle_rental": KindWords(
        "service",
        ("perkhidmatan kereta sewa", "car rental"),
        "appointment",
        ("Kunci di tangan, perjalanan bermula", "Your keys, your journey"),
        priced_titles=_RATES,
        titles=(
            ("Kenderaan kami", "Pilihan kenderaan", "Untuk disewa"),
            ("Our vehicles", "Vehicles", "For hire"),
        ),
        lead=("Pilihan kenderaan: {items}.", "Choose from {items}."),
        cta_offer=("Lihat kadar sewa", "See rates"),
    ),
    "aircond_service": KindWords(
        "service",
        ("perkhidmatan servis aircond", "air-conditioner service"),
        "on_site",
        ("Rumah sejuk, hati tenang", "Keep your home cool"),
        priced_titles=_SERVICE_PRICES,
    ),
    "electrician": KindWords(
        "service",
        ("perkhidmatan elektrik", "electrician"),
        "on_site",
        ("Kami uruskan hal elektrik anda", "We sort out your electrics"),
        priced_titles=_SERVICE_PRICES,
    ),
    "plumber": KindWords(
        "service",
        ("perkhidmatan paip", "plumbing service"),
        "on_site",
        ("Kami uruskan hal paip anda", "We sort out your plumbing"),
        priced_titles=_SERVICE_PRICES,
    ),
    "cleaning": KindWords(
        "service",
        ("perkhidmatan pembersihan", "cleaning service"),
        "on_site",
        ("Ruang bersih, hati lapang", "A clean space, a clear mind"),
        priced_titles=_SERVICE_PRICES,
    ),
    "moving": KindWords(
        "service",
        ("perkhidmatan pindah rumah", "moving service"),
        "on_site",
        ("Pindah rumah dengan tenang", "Moving day, made simpler"),
        priced_titles=(
            ("Harga", "Kadar & harga", "Senarai harga"),
            ("Prices", "Rates", "Price list"),
        ),
    ),
    "fruit_stall": KindWords(
        "shop",
        ("gerai buah-buahan", "fruit stall"),
        "walk_in",
        ("Buah-buahan untuk semua", "Fruit for everyone"),
        priced_titles=(
            ("Harga", "Buah & harga", "Senarai harga"),
            ("Prices", "Fruit & prices", "Price list"),
        ),
        titles=(
            ("Buah-buahan", "Buah-buahan kami", "Pilihan buah"),
            ("Fruit", "Our fruit", "On the stall"),
        ),
        lead=("Antara buah kami: {items}.", "On the stall: {items}."),
        cta_offer=("Lihat harga", "See prices"),
    ),
    "home_food": KindWords(
        "food",
        ("dapur rumah", "home kitchen"),
        "home_based",
        ("Air tangan dari dapur kami", "From our home kitchen"),
        priced_titles=(
            ("Menu & harga", "Senarai harga", "Menu kami"),
            ("Menu & prices", "Price list", "Our menu"),
        ),
        cta_offer=("Lihat menu", "See the menu"),
    ),
    "grocery": KindWords(
        "shop",
        ("kedai runcit", "grocery shop"),
        "walk_in",
        ("Keperluan harian anda", "For your everyday needs"),
    ),
    "religious_class": KindWords(
        "class",
        ("kelas agama", "religious class"),
        "appointment",
        ("Menuntut ilmu bersama kami", "Learning together"),
        priced_titles=_FEES,
    ),
    "tuition": KindWords(
        "class",
        ("pusat tuisyen", "tuition centre"),
        "appointment",
        ("Belajar bersama, maju bersama", "Learning together"),
        priced_titles=_FEES,
    ),
    "childcare": KindWords(
        "class",
        ("taska", "childcare centre"),
        "appointment",
        ("Tempat si kecil membesar", "A place for little ones to grow"),
        priced_titles=(
            ("Yuran", "Yuran & pakej", "Yuran bulanan"),
            ("Fees", "Fees & packages", "Our fees"),
        ),
        titles=(
            ("Program kami", "Program", "Apa yang kami sediakan"),
            ("Our programmes", "Programmes", "What we offer"),
        ),
        lead=("Program kami: {items}.", "Our programmes: {items}."),
        cta_offer=("Lihat yuran", "See fees"),
    ),
    "bridal": KindWords(
        "service",
        ("butik pengantin", "bridal boutique"),
        "appointment",
        ("Untuk hari bahagia anda", "For your big day"),
        priced_titles=_PACKAGES,
        titles=(
            ("Pakej", "Pakej kami", "Perkhidmatan kami"),
            ("Packages", "Our packages", "What we do"),
        ),
        lead=("Pakej kami termasuk {items}.", "Our packages include {items}."),
        cta_offer=("Lihat pakej", "See packages"),
    ),
    "barber": KindWords(
        "service",
        ("kedai gunting rambut", "barbershop"),
        "walk_in",
        ("Kemas dan segak", "Sharp and tidy"),
        priced_titles=_SERVICE_PRICES,
    ),
    "massage": KindWords(
        "service",
        ("perkhidmatan urut", "massage service"),
        "appointment",
        ("Rehatkan badan anda", "Time to unwind"),
        priced_titles=_SERVICE_PRICES,
    ),
    "physiotherapy": KindWords(
        "service",
        ("pusat fisioterapi", "physiotherapy centre"),
        "appointment",
        ("Langkah demi langkah", "One step at a time"),
        priced_titles=_SERVICE_PRICES,
    ),
    "pet_grooming": KindWords(
        "service",
        ("perkhidmatan grooming haiwan", "pet grooming"),
        "appointment",
        ("Bersih dan wangi untuk si comel", "Clean and fluffy"),
        priced_titles=_SERVICE_PRICES,
    ),
    "bicycle_shop": KindWords(
        "shop", ("kedai basikal", "bicycle shop"), "walk_in", ("Jom berbasikal!", "Let's ride")
    ),
    "phone_repair": KindWords(
        "service",
        ("kedai baiki telefon", "phone repair shop"),
        "walk_in",
        ("Telefon rosak? Kami bantu", "Broken phone? We can help"),
        priced_titles=_SERVICE_PRICES,
    ),
    "printing": KindWords(
        "service",
        ("kedai percetakan", "print shop"),
        "walk_in",
        ("Idea anda, dicetak", "Your ideas, in print"),
        priced_titles=_SERVICE_PRICES,
    ),
    "general": KindWords("service", ("perniagaan", "business"), None),
}


def kind_words(business_type: BusinessType) -> KindWords:
    return KIND_WORDS.get(business_type, KIND_WORDS["general"])


#: Nouns that depend on what the user sells: (kind, pattern on the description, noun).
NOUN_REFINEMENTS: tuple[tuple[BusinessType, str, Pair], ...] = (
    (
        "vehicle_rental",
        r"\b(?:motor|motosikal|skuter|scooter|motorcycles?|motorbikes?)\b(?!.*\b(?:kereta|cars?)\b)",
        ("perkhidmatan sewa motosikal", "motorcycle rental"),
    ),
    ("moving", r"\blori\b", ("perkhidmatan lori & pindah rumah", "lorry and moving service")),
    ("fruit_stall", r"\bdurian\b", ("gerai durian", "durian stall")),
    (
        "religious_class",
        r"\b(?:quran|qur'an|al-quran|mengaji|tajwid|iqra|muqaddam)\b",
        ("kelas mengaji", "Quran class"),
    ),
    (
        "phone_repair",
        r"\b(?:laptop|komputer|computer)\b",
        ("kedai baiki telefon & komputer", "phone and computer repair shop"),
    ),
    ("massage", r"\b(?:spa)\b", ("spa", "spa")),
    ("childcare", r"\b(?:tadika|kindergarten|preschool)\b", ("tadika", "kindergarten")),
)
