"""Kinds of business: the words that reveal each kind, its schema.org type and plain labels."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from bina.generator.profile import BusinessType
from bina.generator.text import word_set


@dataclass(frozen=True)
class Kind:
    """One kind of business as the analysis and the copy see it."""

    key: BusinessType
    schema_type: str
    label_ms: str
    label_en: str
    #: (weight, keywords) — a keyword is a regular expression matched on whole words.
    keywords: tuple[tuple[int, str], ...]
    #: More precise schema.org types: (pattern, type), first match wins.
    schema_refinements: tuple[tuple[str, str], ...] = ()


KINDS: dict[BusinessType, Kind] = {
    kind.key: kind
    for kind in (
        Kind(
            "restaurant",
            "Restaurant",
            "Kedai Makan",
            "Restaurant",
            (
                (
                    3,
                    r"restoran|restaurant|kedai makan|warung|gerai(?! bunga)|food ?stall|"
                    r"food ?truck|"
                    r"mamak|nasi kandar|nasi lemak|nasi campur|nasi ayam|char kue?y teow|laksa|"
                    r"satay|sate|burger|bistro|eatery|medan selera|food court|tomyam|tom yam|"
                    r"masakan panas|kedai mee|noodle|dim sum|steamboat|bbq|ikan bakar|"
                    r"mee (?:goreng|rebus|kari|bandung)|roti canai|thosai|banana leaf|pizza|ramen|"
                    r"bak ku?t teh|yau char kwai|chicken rice|wantan mee|hokkien mee|pan mee|"
                    r"curry mee|economy rice|nasi kukus|nasi kerabu|nasi dagang|rojak|cendol|"
                    r"ais kacang|lok lok|briyani|biryani|mandi rice|nasi mandy|western food",
                ),
                (2, r"makan|menu|hidangan|masakan|lauk|nasi|mee|makanan|food|dishes|cuisine|dine"),
            ),
            (
                (r"gerai|food ?stall|food ?truck|warung", "FoodEstablishment"),
                (r"burger|pizza|fast food", "FastFoodRestaurant"),
            ),
        ),
        Kind(
            "cafe",
            "CafeOrCoffeeShop",
            "Kafe",
            "Café",
            (
                (
                    3,
                    r"kafe|cafe|café|coffee ?shop|kopitiam|kedai kopi|coffee|espresso|latte|"
                    r"barista|bubble tea|boba|tea house",
                ),
                (1, r"kopi|teh tarik|brunch|toast"),
            ),
        ),
        Kind(
            "bakery",
            "Bakery",
            "Bakeri",
            "Bakery",
            (
                (
                    3,
                    r"bakeri|bakery|bakeshop|kek|kek lapis|cakes?|cupcakes?|pastry|pastri|pastries|"
                    r"roti (?:buku|sosej|bun)|bun|bread|croissants?|cookies?|biskut raya|brownies?|"
                    r"tart|dessert|donut|doughnut|home ?baker|kuih ?muih",
                ),
                (1, r"roti|kuih|bake|baking|oven|birthday"),
            ),
        ),
        Kind(
            "catering",
            "FoodEstablishment",
            "Katering",
            "Catering",
            (
                (
                    4,
                    r"katering|catering|caterer|tempahan majlis|majlis kenduri|kenduri|buffet|"
                    r"bufet|"
                    r"jamuan|event food|nasi kotak|nasi box|packed meals?|"
                    r"walimah|majlis perkahwinan",
                ),
                (1, r"majlis|pax|event|wedding"),
            ),
        ),
        Kind(
            "salon",
            "BeautySalon",
            "Salon",
            "Salon",
            (
                (
                    3,
                    r"salon|barber|barbershop|gunting rambut|potong rambut|haircut|hair ?cut|"
                    r"spa|facial|manicure|pedicure|nail|kuku|lash|bulu mata|eyebrow|kening|"
                    r"make ?up artist|mua|mak andam|andaman|kecantikan|beauty|rebonding|"
                    r"hair ?colou?r|waxing|threading|urut|massage|refleksologi|reflexology",
                ),
                (1, r"rambut|hair|cantik|kulit|skin"),
            ),
            (
                (
                    r"barber|barbershop|barber shop|gunting rambut lelaki|potong rambut lelaki",
                    "HairSalon",
                ),
                (r"nail|manicure|pedicure|kuku", "NailSalon"),
                (r"spa|urut|massage|refleksologi|reflexology", "DaySpa"),
                (r"hair|rambut|rebonding", "HairSalon"),
            ),
        ),
        Kind(
            "clinic",
            "MedicalClinic",
            "Klinik",
            "Clinic",
            (
                (
                    4,
                    r"klinik|clinic|doktor|doctor|dr|medical|perubatan|pergigian|dental|dentist|"
                    r"fisioterapi|physiotherapy|physio|farmasi|pharmacy|veterinar(?:y|i)|vet|"
                    r"optometrist|optik|optical|kesihatan|health ?care|rawatan|pesakit|patients?|"
                    r"vaksin|vaccin\w*|ubat|medicine|chiropract\w*|bekam|hijama",
                ),
            ),
            (
                (r"pergigian|dental|dentist", "Dentist"),
                (r"veterinar(?:y|i)|vet|haiwan|pet", "VeterinaryCare"),
                (r"farmasi|pharmacy", "Pharmacy"),
                (r"fisioterapi|physio\w*", "Physiotherapy"),
                (r"optometrist|optik|optical", "Optician"),
            ),
        ),
        Kind(
            "fitness",
            "ExerciseGym",
            "Pusat Kecergasan",
            "Fitness Studio",
            (
                (
                    4,
                    r"gym|gim|fitness|kecergasan|yoga|pilates|zumba|aerobik|aerobics|crossfit|"
                    r"muay thai|boxing|tinju|silat|taekwondo|karate|martial arts?|"
                    r"personal trainer|jurulatih peribadi|senaman|workout|bootcamp|hiit",
                ),
            ),
            ((r"yoga|pilates", "SportsActivityLocation"),),
        ),
        Kind(
            "education",
            "EducationalOrganization",
            "Pusat Pendidikan",
            "Learning Centre",
            (
                (
                    4,
                    r"tuisyen|tuition|tutor|tutoring|kelas mengaji|mengaji|iqra|al-quran|quran|"
                    r"akademi|academy|spm|pt3|upsr|stpm|igcse|tadika|taska|kindergarten|preschool|"
                    r"pra ?sekolah|kelas (?:memandu|muzik|piano|renang|bahasa|coding|masakan|"
                    r"jahitan|seni)|music (?:lessons?|classes)|piano|coding class|"
                    r"language (?:class|centre|center)|learning centre|pusat tuisyen|"
                    r"sekolah memandu|"
                    r"driving school|subjek|subjects?|pelajar|students?",
                ),
                (2, r"kelas|class|classes|belajar|learn|ajar|teach|murid|yuran|kursus|course"),
            ),
            ((r"tadika|taska|kindergarten|preschool|pra ?sekolah", "Preschool"),),
        ),
        Kind(
            "automotive",
            "AutoRepair",
            "Bengkel",
            "Auto Workshop",
            (
                (
                    4,
                    r"bengkel|workshop kereta|car workshop|auto ?repair|mekanik|mechanic|"
                    r"servis kereta|car service|tukar minyak|minyak hitam|oil change|tayar|tyres?|"
                    r"tires?|alignment|balancing|aircond kereta|car aircond|cuci kereta|car wash|"
                    r"detailing|polish kereta|motosikal|motorcycle|bateri kereta|car battery|"
                    r"spare ?parts?|alat ganti|body ?work|cat kereta|wiring",
                ),
                (2, r"kereta|car|cars|motor|enjin|engine|brek|brake|kenderaan|vehicle"),
            ),
            (
                (r"cuci kereta|car wash|detailing", "AutoWash"),
                (r"kedai tayar|tyre shop|tire shop|tyre centre|tyre center", "TireShop"),
            ),
        ),
        Kind(
            "laundry",
            "DryCleaningOrLaundry",
            "Dobi",
            "Laundry",
            (
                (
                    4,
                    r"dobi|laundry|laundromat|dry ?clean\w*|cucian|basuh baju|"
                    r"self[- ]service laundry|"
                    r"dobi layan diri|gosok baju|ironing|cuci karpet|carpet cleaning|"
                    r"cuci comforter|comforter",
                ),
            ),
        ),
        Kind(
            "florist",
            "Florist",
            "Kedai Bunga",
            "Florist",
            (
                (
                    4,
                    r"florist|flowers?|bunga|jambangan|bouquets?|kuntum|hand ?bouquet|"
                    r"gubahan|floral|ros|roses|hampers?|hantaran",
                ),
            ),
        ),
        Kind(
            "tailor",
            "LocalBusiness",
            "Tukang Jahit",
            "Tailor",
            (
                (
                    4,
                    r"tukang jahit|jahit|jahitan|tailor|tailoring|alteration|alter|baju kurung|"
                    r"baju melayu|kebaya|tempahan baju|sulam|embroidery|sewing|dressmaker|"
                    r"potong seluar|hem",
                ),
            ),
        ),
        Kind(
            "homestay",
            "LodgingBusiness",
            "Homestay",
            "Homestay",
            (
                (
                    4,
                    r"homestay|home ?stay|inap ?desa|chalet|guest ?house|rumah tumpangan|"
                    r"bilik sewa|room(?:s)? for rent|villa|resort|airbnb|hostel|motel|hotel|"
                    r"penginapan|accommodation|check[- ]in|check[- ]out|bilik tidur|bedrooms?|"
                    r"semalam|per night|malam",
                ),
            ),
            (
                (r"hotel", "Hotel"),
                (r"hostel", "Hostel"),
                (r"resort", "Resort"),
                (r"motel", "Motel"),
            ),
        ),
        Kind(
            "retail",
            "Store",
            "Kedai",
            "Shop",
            (
                (
                    3,
                    r"kedai runcit|runcit|grocery|groceries|mini ?market|pasar mini|supermarket|"
                    r"butik|boutique|kedai (?:telefon|baju|kasut|hardware|perkakasan|buku|"
                    r"cenderamata|barang)|hardware|tudung|hijab|pakaian|clothing|apparel|"
                    r"kasut|shoes|telefon bimbit|handphone|gadget|borong|wholesale|"
                    r"kedai serbaneka|convenience store|barangan|souvenirs?|cenderamata|"
                    r"kosmetik|cosmetics|perfume|minyak wangi",
                ),
                (1, r"kedai|shop|store|jual|sell|produk|products?|stok|stock"),
            ),
            (
                (r"runcit|grocery|groceries|mini ?market|pasar mini|supermarket", "GroceryStore"),
                (
                    r"butik|boutique|tudung|hijab|pakaian|clothing|apparel|kedai baju",
                    "ClothingStore",
                ),
                (r"hardware|perkakasan", "HardwareStore"),
                (r"kasut|shoes", "ShoeStore"),
                (r"telefon|handphone|gadget", "MobilePhoneStore"),
                (r"buku|books?", "BookStore"),
                (r"serbaneka|convenience", "ConvenienceStore"),
            ),
        ),
        Kind(
            "pet_shop",
            "PetStore",
            "Kedai Haiwan",
            "Pet Shop",
            (
                (
                    4,
                    r"pet ?shop|kedai haiwan|pet store|haiwan peliharaan|pets?|kucing|cats?|"
                    r"anjing|dogs?|grooming|makanan kucing|cat food|dog food|pasir kucing|"
                    r"cat litter|aquarium|akuarium|ikan hiasan|arnab|rabbits?|hamster|burung|"
                    r"birds?",
                ),
            ),
        ),
        Kind(
            "photography",
            "LocalBusiness",
            "Jurugambar",
            "Photography",
            (
                (
                    4,
                    r"jurugambar|photographer|photography|fotografi|photo ?studio|studio foto|"
                    r"gambar kahwin|wedding photo\w*|videograph\w*|video ?grafi|photoshoot|"
                    r"sesi foto|sesi fotografi|potret|portraits?|graduation photo|konvo|drone",
                ),
            ),
        ),
    )
}

GENERAL = Kind("general", "LocalBusiness", "Perniagaan", "Business", ())

_COMPILED: dict[BusinessType, list[tuple[int, re.Pattern[str]]]] = {
    key: [(weight, re.compile(rf"\b(?:{words})\b", re.I)) for weight, words in kind.keywords]
    for key, kind in KINDS.items()
}

# Words that name the kind of place rather than the business; a "name" made only of them
# ("Kedai Makan") is not a name, and they are not the specialty ("Kedai nasi kandar").
PLACE_WORDS = word_set(
    "kedai restoran restaurant warung gerai kafe cafe café bakeri bakery salon klinik clinic gym "
    "pusat centre center bengkel dobi laundry butik boutique studio homestay katering catering "
    "spa akademi academy tadika kelas shop store makan florist tailor runcit mini market pasar "
    "the a an my our kami saya perniagaan business services servis barber home family-run "
    "small kecil family"
)
GENERIC_WORDS = PLACE_WORDS | word_set("kopi kek cake cakes nasi mee roti food")


def kind_of(key: BusinessType) -> Kind:
    return KINDS.get(key, GENERAL)


# What a business is gets said early; scanning a long tail only costs time.
CLASSIFY_CHARS = 2000


def classify(text: str) -> tuple[BusinessType, str, int]:
    """(business type, schema.org type, score) for a description; 'general' when unsure.

    Each keyword adds its weight, and a keyword in the first sentence counts double: the
    opening words ("Kedai kek di Ipoh…") say most reliably what the business is.
    """
    text = text[:CLASSIFY_CHARS]
    first = re.split(r"[.!?\n]", text, maxsplit=1)[0]
    best: tuple[int, int, BusinessType] = (0, 0, "general")
    for key, patterns in _COMPILED.items():
        score = 0
        earliest = len(text)
        for weight, pattern in patterns:
            # A few mentions decide; counting hundreds would only cost time on long texts.
            for match in itertools.islice(pattern.finditer(text), 8):
                score += weight * (2 if match.start() < len(first) else 1)
                earliest = min(earliest, match.start())
        if score > best[0] or (score == best[0] and score and -earliest > best[1]):
            best = (score, -earliest, key)
    score, _, key = best
    if score < 2:
        return "general", GENERAL.schema_type, score
    kind = KINDS[key]
    schema_type = kind.schema_type
    for refinement, refined in kind.schema_refinements:
        if re.search(rf"\b(?:{refinement})\b", text, re.I):
            schema_type = refined
            break
    return key, schema_type, score
