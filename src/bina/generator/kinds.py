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


# "cat" is the English animal unless it is Malay for paint: "cat rumah", "tukang cat".
_PET_CAT = (
    r"(?<!tukang )(?<!servis )(?<!upah )(?<!kerja )cats?"
    r"(?! (?:rumah|kereta|dinding|bumbung|pagar|pintu|tingkap|semula|dalam|luar|penuh|motor|"
    r"kilang|kedai|pejabat|bangunan))"
)

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
                    r"restoran|restaurant|kedai makan|warung|gerai(?! (?:bunga|buah|durian|sayur))|"
                    r"food ?stall|food ?truck|"
                    r"mamak|nasi kandar|nasi lemak|nasi campur|nasi ayam|char kue?y teow|laksa|"
                    r"satay|sate|burger|bistro|eatery|medan selera|food court|tomyam|tom yam|"
                    r"masakan panas|kedai mee|noodle|dim sum|steamboat|bbq|ikan bakar|"
                    r"mee (?:goreng|rebus|kari|bandung)|roti canai|thosai|banana leaf|pizza|ramen|"
                    r"bak ku?t teh|yau char kwai|chicken rice|wantan mee|hokkien mee|pan mee|"
                    r"curry mee|economy rice|nasi kukus|nasi kerabu|nasi dagang|rojak|cendol|"
                    r"ais kacang|lok lok|briyani|biryani|mandi rice|nasi mandy|western food|"
                    r"ayam gepuk|ayam penyet|nasi goreng|nasi arab|nasi beriani|roti john|"
                    r"murtabak|air tebu|goreng pisang|pisang goreng|keropok lekor|otak-otak|"
                    r"lontong|soto|kuey teow|yong tau foo|chicken chop|lamb chop|tomyam|"
                    r"masakan thai|thai food|sushi|korean food|nasi kerabu|sup tulang|"
                    r"nasi ayam penyet|mee udang|ikan bakar|"
                    r"(?:ayam|kambing|daging|lembu|itik) (?:golek|panggang|bakar|percik)",
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
                    r"tart|dessert|donut|doughnut|home ?baker",
                ),
                (1, r"roti|bake|baking|oven|birthday"),
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
                    r"walimah|majlis perkahwinan|(?:per|se|satu) ?dulang|"
                    r"(?:for|untuk|utk) \d+ (?:guests|tetamu|orang tetamu)",
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
                    r"gunting rambut|potong rambut|haircut|hair ?cut|creambath|"
                    r"facial|manicure|pedicure|nail|kuku|lash|bulu mata|eyebrow|kening|"
                    r"make ?up artist|mua|kecantikan|beauty|rebonding|"
                    r"hair ?colou?r|waxing|threading|hair ?treatment|keratin|highlight",
                ),
                (5, r"salon|beauty salon|salon kecantikan"),
                (1, r"rambut|hair|cantik|kulit|skin"),
            ),
            (
                (r"nail|manicure|pedicure|kuku", "NailSalon"),
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
                    r"klinik gigi|gigi|scaling|tampal gigi|cabut gigi|"
                    r"farmasi|pharmacy|veterinar(?:y|i)|vet|"
                    r"optometrist|optik|optical|kesihatan|health ?care|pesakit|patients?|"
                    r"vaksin|vaccin\w*|ubat|medicine|chiropract\w*",
                ),
                # treatment of what: of pests ("rawatan anai-anai"), hair, a car's paint
                (1, r"rawatan"),
            ),
            (
                (r"pergigian|dental|dentist|klinik gigi", "Dentist"),
                (r"veterinar(?:y|i)|vet|haiwan|pet", "VeterinaryCare"),
                (r"farmasi|pharmacy", "Pharmacy"),
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
                    r"akademi|academy|kelas (?:memandu|muzik|piano|renang|bahasa|coding|masakan|"
                    r"jahitan|jahit|seni|gitar|melukis|lukisan|menjahit|baking|bahasa inggeris|"
                    r"english|kek|memasak|mekap|make ?up|solekan)|"
                    r"music (?:lessons?|classes)|piano|guitar|gitar|violin|biola|coding class|"
                    r"language (?:class|centre|center)|learning centre|sekolah memandu|"
                    r"driving school|swimming (?:lessons?|class\w*)|kelas renang|bengkel kemahiran|"
                    # not the courses of a meal ("6-course dinner")
                    r"kursus|(?<!\d-)(?<!\d )course|workshop (?:for|untuk)|pelajar|students?",
                ),
                (2, r"kelas|class|classes|belajar|learn|ajar|teach|murid|yuran|lessons?"),
            ),
            ((r"driving school|sekolah memandu", "DrivingSchool"),),
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
                    r"detailing|polish kereta|bateri kereta|car battery|"
                    r"spare ?parts?|alat ganti|body ?work|cat kereta|wiring kereta|"
                    r"servis motor|repair motor|bengkel motor|kereta terpakai|used cars?|recond|"
                    r"motorcycle (?:repair|service|workshop)",
                ),
                (
                    2,
                    r"kereta|car|cars|motor|motosikal|motorcycle|enjin|engine|brek|brake|"
                    r"kenderaan|vehicle",
                ),
                (1, r"bateri|battery"),
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
                    r"dobi layan diri|gosok baju|ironing|cuci comforter|comforter",
                ),
                (2, r"cuci karpet|carpet cleaning"),
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
                    r"gubahan|floral|roses|hampers?|bunga ros",
                ),
                (2, r"hantaran"),
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
                    r"butik|boutique|kedai (?:telefon|baju|kasut|hardware|perkakasan|buku|"
                    r"cenderamata|barang)|hardware|tudung|hijab|pakaian|clothing|apparel|"
                    r"kedai kasut|shoe (?:shop|store)|telefon bimbit|handphone|gadget|borong|"
                    r"wholesale|"
                    r"barangan|souvenirs?|cenderamata|kraftangan|kraf tangan|handicrafts?|"
                    r"crafts|beaded|manik|"
                    r"kosmetik|cosmetics|perfume|minyak wangi|online shop|kedai online|perabot|"
                    r"furniture|kedai emas|gold shop|jewell?ery|barang kemas|kedai elektrik|"
                    r"electrical (?:shop|store|appliances)|barangan elektrik",
                ),
                (1, r"kedai|shop|store|jual|sell|produk|products?|stok|stock|kasut|shoes"),
            ),
            (
                (
                    r"butik|boutique|tudung|hijab|pakaian|clothing|apparel|kedai baju",
                    "ClothingStore",
                ),
                (r"hardware|perkakasan", "HardwareStore"),
                (r"kasut|shoes", "ShoeStore"),
                (r"telefon|handphone|gadget", "MobilePhoneStore"),
                (r"buku|books?", "BookStore"),
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
                    r"pet ?shop|kedai haiwan|pet store|haiwan peliharaan|"
                    r"makanan kucing|makanan anjing|cat food|dog food|pet food|pasir kucing|"
                    r"cat litter|aquarium|akuarium|ikan hiasan|sangkar|cages?|aksesori haiwan|"
                    r"pet accessories|royal canin|whiskas|"
                    r"kedai (?:kucing|anjing|burung|ikan hiasan)",
                ),
                # "cat" before or after what is painted is Malay for paint: "cat rumah"
                (1, rf"pets?|kucing|{_PET_CAT}|anjing|dogs?|arnab|rabbits?|hamster|burung|birds?"),
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
        Kind(
            "vehicle_rental",
            "AutoRental",
            "Kereta Sewa",
            "Car Rental",
            (
                (
                    6,
                    r"(?:kereta|kete|keta|car|cars|motor|motosikal|motorsikal|motorcycles?|"
                    r"motorbikes?|scooters?|skuter|van|mpv|suv|4x4|4wd|kenderaan|vehicles?)\s+"
                    r"(?:untuk\s+|utk\s+)?(?:sewa|disewa|disewakan|rental|for rent|for hire|hire)|"
                    r"(?:sewa|sewakan|menyewa|menyewakan|rent|rental|hire)\s+(?:a\s+)?"
                    r"(?:kereta|kete|keta|car|cars|motor|motosikal|motorsikal|motorcycles?|"
                    r"motorbikes?|scooters?|skuter|van|mpv|suv|4x4|4wd|kenderaan|vehicles?)|"
                    r"car ?rental|rent[- ]a[- ]car|kereta sewa|keta sewa|kete sewa|self[- ]drive|"
                    r"rental kereta|rent car|rental car|car for rent|car hire|sewa bas|"
                    r"bus (?:rental|charter)|kereta kahwin|wedding car",
                ),
                (
                    2,
                    r"myvi|axia|bezza|alza|saga|vios|perodua|proton|vellfire|alphard|hiace|"
                    r"starex|innova|exora|x50|x70|persona|aruz|ativa",
                ),
                (1, r"sewa|rental|rent|hire|deposit|lesen|licen[cs]e"),
            ),
        ),
        Kind(
            "aircond_service",
            "HVACBusiness",
            "Servis Aircond",
            "Aircond Service",
            (
                (
                    6,
                    r"(?:servis|service|servicing|cuci|pasang|install\w*|repair|baiki|"
                    r"rawat|tambah gas|top ?up gas|isi gas|chemical wash|overhaul|bersihkan|"
                    r"cleaning|maintenance|penyelenggaraan)\s+(?:&\s+\w+\s+|dan\s+\w+\s+)?"
                    r"(?:aircond|aircon|air[- ]?cond(?:itioner)?s?|air[- ]?con|"
                    r"penghawa dingin|a/c)(?!\s+(?:kereta|car))|"
                    r"(?:aircond|aircon|air[- ]?cond(?:itioner)?s?|air[- ]?con|a/c)\s+"
                    r"(?:service|servicing|servis|repair|cleaning|technician|installation|"
                    r"specialist|services|maintenance)|"
                    r"tukang aircond|juruteknik aircond|aircond technician|hvac|"
                    r"(?:servis|service|cuci|repair) (?:aircorn|aicond|ac|a\.c\.?)",
                ),
                (
                    2,
                    r"aircond|aircon|air[- ]?cond(?:itioner)?s?|penghawa dingin|"
                    r"\d(?:\.\d)?\s?hp|btu|inverter|r32|r410a?|daikin|acson|york|midea|"
                    r"chemical wash|gas",
                ),
            ),
        ),
        Kind(
            "electrician",
            "Electrician",
            "Servis Elektrik",
            "Electrician",
            (
                (
                    5,
                    r"electrician|tukang elektrik|juruelektrik|kontraktor elektrik|"
                    r"electrical (?:contractor|services?|works?|wiring|repairs?)|"
                    r"servis elektrik|pendawaian|wiring(?: rumah)?|rewiring|"
                    r"litar pintas|short circuit|db box|papan suis|elektrik rumah|wireman|"
                    r"chargeman|pendawai|tukang wiring",
                ),
                (
                    2,
                    r"elektrik|electrical|lampu|lights?|kipas|ceiling fans?|soket|sockets?|suis|"
                    r"switch(?:es)?|trip|power trip|plug|mcb|elcb|rccb|meter tnb|tnb",
                ),
            ),
        ),
        Kind(
            "plumber",
            "Plumber",
            "Tukang Paip",
            "Plumber",
            (
                (
                    5,
                    r"plumber|plumbing|tukang paip|servis paip|paip bocor|paip tersumbat|"
                    r"pipe (?:leak\w*|repairs?)|leaking pipes?|tandas tersumbat|sinki tersumbat|"
                    r"clogged|blocked drains?|saluran tersumbat|water heater|pemanas air|"
                    r"pam air|water pump|tangki air|water tank|mangkuk tandas",
                ),
                (
                    2,
                    r"paip|pipes?|bocor|leak\w*|tersumbat|sinki|singki|sink|tandas|toilet|"
                    r"pili|faucet|tap",
                ),
            ),
        ),
        Kind(
            "cleaning",
            "HomeAndConstructionBusiness",
            "Servis Pembersihan",
            "Cleaning Service",
            (
                (
                    5,
                    r"cleaning services?|cleaning company|cleaners?|house ?cleaning|home cleaning|"
                    r"office cleaning|deep clean\w*|servis pembersihan|perkhidmatan pembersihan|"
                    r"pembersihan|cuci rumah|bersih rumah|bersihkan rumah|cuci sofa|cuci tilam|"
                    r"sofa cleaning|mattress cleaning|part[- ]time maid|maid services?|"
                    r"post[- ]renovation|move[- ]in cleaning|move[- ]out cleaning|cuci kolam|"
                    r"kemas rumah|housekeeping|disinfect\w*|sanitis\w*|sanitiz\w*|nyahkuman|"
                    r"cuci tangki|pembantu rumah|"
                    r"(?:polish|poles|polishing|kilat)\s+(?:lantai|marmar|marble|floors?|mozek|"
                    r"jubin|tiles?)|(?:floor|marble|lantai|marmar)\s+(?:polish|polishing|poles)|"
                    r"cuci grout|grout cleaning",
                ),
                (
                    2,
                    r"cuci karpet|carpet cleaning|sofa|tilam|mattress|vakum|vacuum|mop|lantai|"
                    r"cleaning",
                ),
                (4, r"servis cleaning|cleaning (?:rumah|pejabat|service)"),
            ),
        ),
        Kind(
            "moving",
            "MovingCompany",
            "Servis Pindah Rumah",
            "Movers",
            (
                (
                    6,
                    r"pindah rumah|pindah pejabat|pindah barang|pindah kedai|lori sewa|"
                    r"sewa lori|lori pindah|house moving|home moving|office moving|movers?|"
                    r"moving (?:services?|company|house|lorry|truck|van|jobs?|works?)|relocation|"
                    r"angkut barang|angkat barang|lorry (?:for )?(?:rent|hire)|removal|"
                    # a crew with a vehicle: "Van + 2 men", "lori 3 tan + 3 pekerja"
                    r"(?:van|lori|lorry|truck)(?: \d+ tan)? (?:\+|&|and|dan|with|dengan) \d+ "
                    r"(?:men|guys|movers|workers|orang|pekerja|kru)",
                ),
                (
                    2,
                    r"lori|lorry|lorries|truck|trak|tan|tonne|ton|angkut|transport|pindah|van|"
                    r"moving",
                ),
            ),
        ),
        Kind(
            "fruit_stall",
            "Store",
            "Gerai Buah",
            "Fruit Stall",
            (
                (
                    5,
                    r"durians?|musang king|duri hitam|black ?thorn|udang merah|red prawn|d24|d197|"
                    r"buah-buahan|buah ?buahan|gerai buah|kedai buah|fruits? (?:stall|shop|seller)|"
                    r"fresh fruits?|buah segar|dusun",
                ),
                (
                    2,
                    r"buah|fruits?|rambutan|manggis|mangosteen|mangga|mempelam|mangoes|mango|harumanis|"
                    r"nanas|pineapples?|tembikai|watermelon|dokong|langsat|duku|cempedak|nangka|"
                    r"jackfruit|ciku|jambu|betik|papaya|pisang|bananas?|kelapa muda|oren|limau",
                ),
            ),
            ((r"kedai buah|fruit shop", "GroceryStore"),),
        ),
        Kind(
            "home_food",
            "FoodEstablishment",
            "Dapur Rumah",
            "Home Kitchen",
            (
                (
                    4,
                    r"home ?made|buatan sendiri|buatan rumah|dari rumah|home[- ]?based|"
                    r"home ?kitchen|dapur rumah|home ?cook(?:ed|ing)?|masakan rumah|"
                    r"frozen food|makanan sejuk beku|sejuk beku|frozen|ready to (?:eat|cook)|"
                    r"kuih|kueh|kuih ?muih|kuih-muih|kuih nyonya|nyonya kuih|kueh nyonya|"
                    r"karipap|curry puffs?|popia|"
                    r"kuih raya|biskut raya|cookies raya|kerepek|rempeyek|serunding|"
                    r"sambal (?:bilis|garing|hitam|nyet|ikan bilis)|dodol|bahulu|"
                    r"tempahan (?:kuih|makanan)|food orders?|pre-?order|air tangan|masak sendiri|"
                    r"tempahan lauk|meal prep|lunch ?box|bento|tiffin|bekal",
                ),
                (2, r"tempahan|order|tempah|nugget|dumplings?|sambal|rendang|lauk"),
            ),
        ),
        Kind(
            "grocery",
            "GroceryStore",
            "Kedai Runcit",
            "Grocery",
            (
                (
                    5,
                    r"kedai runcit|runcit|grocery|groceries|grocer|mini ?market|minimart|"
                    r"pasar mini|supermarket|kedai serbaneka|convenience store|sundry shop|"
                    r"provision shop|barang(?:an)? dapur|barang basah|barang kering|"
                    r"kedai sayur|gerai sayur|sayur-sayuran|sayur ?sayuran|vegetables|"
                    r"kedai (?:ikan|ayam|daging|beras)|butcher|fishmonger|pasar basah|wet market",
                ),
                (
                    1,
                    r"beras|telur|eggs|minyak masak|cooking oil|gula|sugar|tepung|flour|sayur|"
                    r"susu|milk|barang",
                ),
            ),
            ((r"serbaneka|convenience", "ConvenienceStore"),),
        ),
        Kind(
            "religious_class",
            "EducationalOrganization",
            "Kelas Mengaji",
            "Quran Classes",
            (
                (
                    6,
                    r"kelas mengaji|mengaji|iqra'?|al-?qur'?an|qur'?an|tajwid|tajweed|"
                    r"fardu ain|fardhu ain|fardu 'ain|hafazan|tahfiz|tahfeez|kelas agama|"
                    r"muqaddam|tilawah|kelas jawi|jawi|kafa|kelas solat|religious class\w*|"
                    r"islamic class\w*|pengajian islam|ngaji|tahsin|qiraat|tarannum|talaqqi|"
                    r"sekolah agama",
                ),
                (2, r"ustaz|ustazah|ustadh|ustadzah|doa|solat|agama|islam"),
            ),
        ),
        Kind(
            "tuition",
            "EducationalOrganization",
            "Pusat Tuisyen",
            "Tuition Centre",
            (
                (
                    6,
                    r"tuisyen|tuition|tutor|tutoring|pusat tuisyen|home tuition|"
                    r"spm|pt3|upsr|stpm|igcse|uasa|sijil pelajaran|kelas tambahan|tusyen|tuisen|"
                    r"tution|private tutor",
                ),
                (
                    2,
                    r"matematik|math|maths|mathematics|add ?maths|sains|science|fizik|physics|"
                    r"kimia|chemistry|biologi|biology|subjek|subjects?|sekolah rendah|"
                    r"sekolah menengah|primary school|secondary school|darjah|tingkatan|"
                    r"form [1-6]|standard [1-6]|peperiksaan|exams?|year [1-6]",
                ),
                # School years up to a school form, a fee per subject: lessons for school.
                (
                    6,
                    r"(?:year|standard|darjah|tahun) [1-6] (?:to|hingga|sampai|-) "
                    r"(?:form|tingkatan) [1-6]|(?:/|per |setiap )(?:subject|subjek|mata pelajaran)",
                ),
            ),
        ),
        Kind(
            "childcare",
            "ChildCare",
            "Taska",
            "Childcare",
            (
                (
                    6,
                    r"taska|nurseri|nursery|daycare|day care|tadika|kindergarten|preschool|"
                    r"pra ?sekolah|pusat jagaan(?: kanak-kanak)?|jaga (?:budak|anak|baby)|"
                    r"babysit\w*|pengasuh|child ?care|after[- ]school care|transit(?: sekolah)?|"
                    r"penjagaan kanak-kanak|montessori|pusat asuhan|asuhan|childminder|nanny",
                ),
                (1, r"kanak-kanak|kids|children|budak|bayi|baby|babies|toddlers?"),
            ),
            ((r"tadika|kindergarten|preschool|pra ?sekolah|montessori", "Preschool"),),
        ),
        Kind(
            "bridal",
            "LocalBusiness",
            "Butik Pengantin",
            "Bridal",
            (
                (
                    6,
                    r"butik pengantin|bridal|andaman|mak andam|pelamin|wedding planner|"
                    r"perancang perkahwinan|baju pengantin|gaun pengantin|wedding (?:dress|gown)s?|"
                    r"pakej perkahwinan|pakej kahwin|wedding packages?|pakej pengantin|"
                    r"dais|sewa baju nikah|baju nikah|busana pengantin|mekap pengantin|"
                    r"jurusolek(?: pengantin)?|juru solek|"
                    r"make ?up pengantin|makeup pengantin|bridal make ?up|"
                    r"door ?gifts?",
                ),
                (2, r"pengantin|bride|groom|nikah|sanding|wedding|perkahwinan|kahwin|hantaran"),
            ),
        ),
        Kind(
            "barber",
            "HairSalon",
            "Kedai Gunting Rambut",
            "Barber",
            (
                (
                    6,
                    r"barber|barbers|barbershop|barber shop|barber's|kedai gunting(?: rambut)?|"
                    r"tukang gunting|"
                    r"gunting rambut lelaki|potong rambut lelaki|men'?s (?:haircut|grooming)|"
                    r"gentlemen'?s|skin fade|fade|undercut|pompadour|cukur|shave|shaving|"
                    r"beard|janggut|misai",
                ),
                (1, r"gunting|haircut|rambut"),
            ),
        ),
        Kind(
            "massage",
            "DaySpa",
            "Pusat Urut",
            "Massage",
            (
                (
                    5,
                    r"urut|urutan|massage|refleksologi|reflexology|bekam|hijama|cupping|"
                    r"urut (?:tradisional|pantang|kaki|badan)|foot (?:massage|reflexology)|"
                    r"aromaterapi|aromatherapy|body scrub|lulur|tuina|sauna|therapist|terapis|"
                    r"mandi bunga|totok|shiatsu|thai massage|body massage",
                ),
                (3, r"spa"),
                (1, r"relax\w*|rehat|lenguh|sengal|pantang"),
            ),
        ),
        Kind(
            "physiotherapy",
            "Physiotherapy",
            "Fisioterapi",
            "Physiotherapy",
            (
                (
                    6,
                    r"fisioterapi|physiotherapy|physio|physiotherapist|ahli fisioterapi|"
                    r"rehabilitation|rehab|pemulihan|sports injur(?:y|ies)|kecederaan sukan|fisio|"
                    r"terapi fizikal|physical therapy",
                ),
                (
                    2,
                    r"sakit belakang|back pain|sakit lutut|knee pain|sendi|joints?|stroke|"
                    r"slipped disc|sakit bahu|shoulder pain|postur\w*",
                ),
            ),
        ),
        Kind(
            "pet_grooming",
            "LocalBusiness",
            "Grooming Haiwan",
            "Pet Grooming",
            (
                (
                    5,
                    r"grooming|groomer|groom kucing|mandi kucing|mandi anjing|pet spa|pet salon|"
                    r"cat grooming|dog grooming|pet grooming|potong kuku (?:kucing|anjing)|"
                    r"trim bulu|shave kucing|de-?shedding",
                ),
                (1, rf"pets?|kucing|{_PET_CAT}|anjing|dogs?|arnab|rabbits?|bulu|fur"),
            ),
        ),
        Kind(
            "bicycle_shop",
            "BikeStore",
            "Kedai Basikal",
            "Bicycle Shop",
            (
                (
                    6,
                    r"basikal|bicycles?|kedai basikal|bike shop|bicycle shop|cycling|"
                    r"mountain bikes?|road bikes?|mtb|folding bikes?|basikal lipat|brompton|"
                    r"e-?bikes?|fixie|bmx|roadbikes?|bike (?:service|repair)|servis basikal|"
                    r"sewa basikal|basikal sewa|bicycle (?:rental|hire)|"
                    r"bicycle repair",
                ),
                (1, r"bikes?|gear|tayar|tyres?|brek|brakes?|rantai|chain|helmet|topi keledar"),
            ),
        ),
        Kind(
            "phone_repair",
            "MobilePhoneStore",
            "Baiki Telefon",
            "Phone Repair",
            (
                (
                    6,
                    r"(?:repair|baiki|servis|service|fix)\s+(?:&\s+\w+\s+)?"
                    r"(?:telefon|fon|phones?|handphones?|hp|smartphones?|iphones?|laptops?|"
                    r"komputer|computers?|pc|tablets?|ipads?|gadgets?)|"
                    r"(?:telefon|fon|phones?|handphones?|smartphones?|iphones?|laptops?|komputer|"
                    r"computers?|pc|tablets?|ipads?|gadgets?)\s+repairs?|"
                    r"tukar (?:skrin|screen|lcd|bateri)|screen replacement|"
                    r"battery replacement|ganti skrin|skrin pecah|cracked screen|tukar lcd|"
                    r"ganti lcd|repair hp|hp repair|servis komputer|baiki komputer|"
                    # board-level work and a wet phone are said without "phone repair"
                    r"board repair|repair (?:ic|board|motherboard|charging port|port cas)|"
                    r"(?:phone|fon|telefon|hp|handphone) masuk air|water damaged? phones?|"
                    r"tukar port cas|charging port",
                ),
                (
                    2,
                    r"telefon|fon|handphones?|smartphones?|iphones?|android|samsung|xiaomi|oppo|"
                    r"vivo|huawei|laptops?|komputer|skrin|screen|lcd|bateri|battery|"
                    r"motherboard|software|format|data recovery|pc|komputer|computers?|ssd|"
                    r"kedai (?:telefon|fon)|gadgets?|port cas|type-c|joy-?cons?|nintendo|"
                    r"playstation|ps[345]",
                ),
            ),
            ((r"laptops?|komputer|computers?|pc", "ElectronicsStore"),),
        ),
        Kind(
            "printing",
            "ProfessionalService",
            "Kedai Cetak",
            "Printing",
            (
                (
                    5,
                    r"cetak|percetakan|printing|printer|print shop|banners?|buntings?|"
                    r"kad kahwin|wedding cards?|kad nama|business cards?|name cards?|"
                    r"stickers?|pelekat|flyers?|risalah|brochures?|posters?|cetak baju|"
                    r"t-?shirt printing|sablon|photostat|fotostat|fotokopi|photocopy|"
                    r"signage|papan tanda|bunting|roll ?up|backdrop|laminat\w*|binding|cetakan|"
                    r"digital printing|signboard|papan iklan|copy ?cent(?:re|er)|copy shop",
                ),
                (1, r"print|bind|design|reka|a4|a3|kertas|paper"),
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


# Food made at home and sold by order is a home kitchen, whatever the food, unless the
# opening speaks of a shop.
_HOME_FOOD_KINDS = frozenset({"bakery", "restaurant", "cafe"})
_HOME_BASED = re.compile(
    r"\b(?:dari rumah|home[- ]?based|home ?kitchen|dapur rumah|from (?:my |our )?home|"
    r"depan rumah|rumah sendiri)\b",
    re.I,
)
_HOME_MADE = re.compile(r"\b(?:home ?made|buatan sendiri|buatan rumah)\b", re.I)
# Sold by order and sent or met for, with no opening hours: no shop to walk into.
_BY_ORDER = re.compile(r"\b(?:cod|pre-?order|order|tempah\w*|pos|postage|lalamove)\b", re.I)
_OPENING = re.compile(r"\b(?:buka|open|opens|daily|setiap hari|isnin|monday|mon)\b", re.I)


def _made_at_home(text: str) -> bool:
    if _HOME_BASED.search(text):
        return True
    return bool(_HOME_MADE.search(text) and _BY_ORDER.search(text) and not _OPENING.search(text))


_PREMISES = re.compile(
    r"\b(?:kedai|shop|bakery|bakeri|restoran|restaurant|cafe|kafe|café|warung|gerai|stall|"
    r"kiosk|outlet|premis|kopitiam)\b",
    re.I,
)

_EQUIPMENT = (
    r"(?:tents?|canop(?:y|ies)|khemah|kanopi|kerusi|meja|chairs?|tables?|pa system|"
    r"sound system|siste?m? pa|karpet|kipas)"
)
# "Tent & canopy rental", "Sewa khemah dan kerusi": event equipment for hire.
_EQUIPMENT_RENTAL = re.compile(
    # at the start of a clause: "Pelamin & kanopi rental" is a wedding boutique's
    rf"(?:^|[,;:(–-])\s*(?:{_EQUIPMENT}(?:\s*(?:&|and|dan|,|/)\s*{_EQUIPMENT})*\s+"
    rf"(?:rental|rentals|hire|for rent)|(?:sewa(?:an)?|rent(?:al)? of)\s+{_EQUIPMENT})\b",
    re.I,
)

# Food cooked for a feast or for a number of guests, not served at a table of one's own.
_FOR_EVENTS = re.compile(
    r"\b(?:kenduri|katering|catering|majlis|walimah|jamuan|events?|(?:per|se|satu) ?dulang|"
    r"(?:for|untuk|utk) \d+ (?:guests|pax|tetamu|orang))\b",
    re.I,
)

# What a business is gets said early; scanning a long tail only costs time.
CLASSIFY_CHARS = 2000

# Things that are mended, not people or animals: beside one, "doktor" or "klinik" is a
# figure of speech in a brand ("Gadget Doktor", "Phone Clinic", "Klinik Aircond").
_THINGS = (
    r"(?:gadgets?|phones?|fon|telefon|handphones?|hp|iphones?|laptops?|komputer|computers?|pc|"
    r"aircond|air-?cond|kereta|car|cars|auto|motor|motosikal|tayar|tyres?|kasut|shoes?|"
    r"sneakers?|jam|watch(?:es)?|basikal|bikes?|bicycles?|sofa|tilam|kamera|cameras?|printer|"
    r"paip|pipes?|bumbung|roof|rumah|house|home|pc|tv|elektrik|electrical|kunci|locks?)"
)
_CARE = r"(?:doktor|doctor|klinik|clinic|hospital)"
_FIGURATIVE_CARE = re.compile(
    rf"\b(?:{_THINGS}\s+(?P<after>{_CARE})|(?P<before>{_CARE})\s+{_THINGS})\b", re.I
)


def _literal_care(text: str) -> str:
    """The text with "doktor", "klinik" said of things blanked out."""

    def blank(match: re.Match[str]) -> str:
        word = "after" if match.group("after") else "before"
        start, end = match.span(word)
        found = match.group()
        offset = start - match.start()
        return found[:offset] + " " * (end - start) + found[offset + end - start :]

    return _FIGURATIVE_CARE.sub(blank, text)


# Trades with no kind of their own, said first: the cars or houses they work on do not
# make them a workshop or a cleaner ("Tukang kunci … pintu rumah/kereta").
_TRADE_OF_ITS_OWN = re.compile(
    r"[\W_]*(?:tukang kunci|locksmith|khidmat kunci|servis kunci|kunci pendua|"
    r"key (?:duplicat\w*|cutting))\b",
    re.I,
)


def classify(text: str) -> tuple[BusinessType, str, int]:
    """(business type, schema.org type, score) for a description; 'general' when unsure.

    Each keyword adds its weight, and a keyword in the first sentence counts double: the
    opening words ("Kedai kek di Ipoh…") say most reliably what the business is.
    """
    text = _literal_care(text[:CLASSIFY_CHARS])
    first = re.split(r"[.!?\n]", text, maxsplit=1)[0]
    if _EQUIPMENT_RENTAL.search(first) or _TRADE_OF_ITS_OWN.match(first.strip()):
        # Tents, chairs or sound sets hired out serve a wedding or a feast but are neither.
        return "general", GENERAL.schema_type, 0
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
    # One everyday word once ("pintu kereta") does not make a kind.
    if score < 3:
        return "general", GENERAL.schema_type, score
    if key == "restaurant" and _FOR_EVENTS.search(first) and not _PREMISES.search(first):
        key = "catering"  # dishes named in an opening that cooks them for feasts and events
    if key in _HOME_FOOD_KINDS and not _PREMISES.search(first) and _made_at_home(text):
        key = "home_food"  # cakes or nasi lemak made at home and sold by order
    kind = KINDS[key]
    schema_type = kind.schema_type
    for refinement, refined in kind.schema_refinements:
        if re.search(rf"\b(?:{refinement})\b", text, re.I):
            schema_type = refined
            break
    return key, schema_type, score
