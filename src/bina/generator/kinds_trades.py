"""Kinds of business that work on things: their keywords, schema.org types and labels.

Workshops, home services, movers, repairers, printers and photographers are told apart by
what they mend, clean, carry or make; kept apart from the food and shop kinds and the care and
learning kinds so each table stays readable.
"""

from __future__ import annotations

from bina.generator.kind import Kind

# Kinds that mend, clean, carry, hire out or make things.
TRADE_KINDS: tuple[Kind, ...] = (
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
