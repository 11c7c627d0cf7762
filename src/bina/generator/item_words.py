"""The words the item reader knows: who or which one a price is for, units written with no
unit key, lead-in and trailing words around an item's name, days and times, and phrases
that make money a condition rather than a price.

Tables only; `items` reads prices with them.
"""

from __future__ import annotations

import re

from bina.generator.text import word_set

# "/bln", "per day", "a night", "sebiji", "setiap tayar", "per aircond unit", "untuk sebulan".
UNIT_AFTER = re.compile(
    r"^\s*(?:(?:je|jer|sahaja|saja|only|nett?)\s+)?"
    r"(?:(?P<join>/|per\b|a\b|an\b|setiap\b|each\b|for\s+each\b|untuk\b|bagi\b|for\b|"
    r"satu\b|one\b|1\b)\s*)?"
    r"(?P<word>[^\W\d_]{1,15})\b(?:\s+(?P<unit>unit)\b)?",
    re.I,
)

# Words that directly follow a price as its unit with nothing joining them ("RM5 each").
BARE_UNITS = word_set(
    "each pcs pax kg sesi hourly daily harian nightly weekly mingguan monthly bulanan yearly "
    "annually tahunan"
)

# "Yuran bulanan RM350", "Monthly membership RM120": how often the price is paid.
PERIODIC = re.compile(
    r"\b(hourly|daily|harian|nightly|weekly|mingguan|monthly|bulanan|yearly|annual|tahunan)\b", re.I
)

# Containers and servings with no unit key, kept as written after "se-" ("RM35 sebalang").
OTHER_UNITS = word_set(
    "balang loyang pinggan mangkuk cawan gelas botol tin pasang dulang potong cucuk sikat ikat "
    "tandan papan bilik"
)

FROM_BEFORE = re.compile(
    r"(?:bermula(?:\s+(?:dari(?:pada)?|dr))?|mula(?:i)?(?:\s+(?:dari|dr))?|dari(?:pada)?|dr|frm|from|starting(?:\s+from|\s+at)?|"
    r"starts?\s+(?:at|from)|as\s+low\s+as|serendah)\s*:?\s*$",
    re.I,
)

# "RM80+", "RM80 ke atas"; but "RM250 + parts" adds a cost, it is not "from".
FROM_AFTER = re.compile(
    r"^(?:\+(?![+\s]*[^\W\d_])|\s*(?:(?:&|and|dan|or|atau)\s*)?(?:ke\s+atas|keatas|above|onwards?))",
    re.I,
)

# Verbs that open the name of a service ("Tukar kapasitor", "tambah gas R32"): a list of
# them is a list of jobs, so "tambah …" there is one more job, not an add-on.
SERVICE_VERB = re.compile(
    r"^(?:pasang|servis|service|repair|baiki|cuci|tukar|ganti|check|cek|periksa|install|fix|"
    r"clean|wash|replace|tambah|top\s+up|buang|potong|gunting|cat|paint|polish|urut)\b",
    re.I,
)

# Words that introduce what is sold: the item is what follows them ("kami jual kuih raya").
LEAD_INS = re.compile(
    r"\b(?:(?P<speaker>(?:kami|we|saya|sy|i)\s+(?:juga\s+|also\s+)?(?:ada\s+)?(?:jual|menjual|"
    r"sediakan|menyediakan|tawarkan|menawarkan|buat|membuat|hidangkan|menghidangkan|sell|serve|"
    r"offer|make|bake|do|have|provide|charge|caj|kenakan|ambil\s+tempahan|terima\s+tempahan|"
    r"take\s+orders?\s+for))|"
    r"jual|menjual|menyediakan|menawarkan|menghidangkan|ambil\s+tempahan|terima\s+tempahan|"
    r"selling|serving|offering|offers|sells|serves|provides|specialising\s+in|specializing\s+in|"
    r"pakar\s+dalam|menu(?:\s+kami)?(?:\s+(?:ada|termasuk|includes?))?|"
    r"our\s+menu(?:\s+includes?)?|(?:servis|perkhidmatan|produk)\s+kami|"
    r"our\s+(?:services?|products?)|services?\s+include|products?\s+include|harga|prices?|"
    r"senarai\s+harga|price\s+list|termasuk|including|includes?|antaranya|such\s+as|seperti|"
    r"is|are|ialah|adalah)\b\s*:?\s*",
    re.I,
)

LEADING_JUNK = re.compile(
    r"^(?:[\s\-–*•·:;,.=+>|/&()\[\]]|\d{1,2}[.)]\s|dan\b|and\b|serta\b|juga\b|also\b|"
    r"plus\b|atau\b|or\b|lagi\b|ada\b|the\b|harga\b|price\b|only\b|hanya\b|cuma\b|just\b|"
    r"boleh\b|can\b|do\b|we\s+can\b|kami\s+boleh\b|for\b|untuk\b|utk\b|bagi\b|a\b|an\b|our\b|my\b|"
    r"anda\b|you\b|saya\b|sy\b|each\b|every\b|setiap\b|hrga?\b|we\b|kami\b|"
    # how it is bought, not what: "Order online pos J&T seluruh Malaysia RM8"
    r"(?:order|beli|buy|tempah)\s+online\b|"
    # a condition before what: "If you need a full house wiring job", "Kalau nak servis penuh"
    r"(?:if|kalau|kalo|jika|sekiranya)\s+(?:you\s+|anda\s+|awak\s+)?"
    r"(?:need|want|nak|mahu|hendak|perlu|perlukan|require)?\b|"
    # a pronoun for what was just named: "it starts at RM3,000"
    r"(?:it|this|that|ini|itu)\s*$)+",
    re.I,
)

TRAILING_JUNK = re.compile(
    r"(?:[\s\-–*•:;,=@(\[/&+.…]|\bdari(?:pada)?\b|\bfrom\b|\bbermula\b|\bmula(?:i)?\b|\bhanya\b|"
    r"\bonly\b|\bcuma\b|\bjust\b|\bat\b|\bfor\b|\buntuk\b|\bpada\b|\bis\b|\bialah\b|\badalah\b|"
    r"\bharga(?:nya)?\b|\bprice\b|\bstarting\b|\bstarts?\b|\bserendah\b|\bas\s+low\s+as\b|"
    r"\bcosts?\b|\bdengan\b|\bwith\b|\bsebanyak\b|\bsahaja\b|\bsaja\b|\bje\b|\bdan\b|\band\b|"
    r"\batau\b|\bor\b|\bserta\b|\bplus\b|\bnett?\b|\bsold\b|\bdijual\b|\bavailable\b|"
    r"\bdisediakan\b|\btersedia\b|\bantara\b|\bbetween\b|\bkami\b|\bours\b|"
    # the same words in chat shorthand
    r"\bhrga?\b|\bdr\b|\bfrm\b|\bdgn\b|\bshj\b|\bsje\b|\bjer\b|\bjek\b|\bsahje\b|\butk\b|"
    # an add-on said after its name: "nail art tambah RM2 satu jari"
    r"\btambah\b|\badd-on\b|\bextra\b|\bare\b|\bwas\b|\bwill\s+be\b|"
    # Manglish and chat particles that end a phrase: "Banner also can", "tables can arrange"
    r"\balso\b|\bcan(?:\s+(?:arrange|do|provide|make|order|also))?\b|\blah?\b|\bya\b|\bye\b|"
    r"\bboleh\b|\bpun\b|\bjuga\b)+$",
    re.I,
)

FEE_WORDS = re.compile(
    r"^(?:yuran|fees?|harga|prices?|kos|costs?|caj|charges?|kadar|rates?|tambang|bayaran)$", re.I
)

PRICE_LIST = re.compile(r"^(?:harga|prices?|senarai\s+harga|price\s+list|menu)$", re.I)

# Who or what a price is for, when that is all that is written before or after it.
AUDIENCE_WORDS = word_set(
    """
    kanak-kanak kanak kanak2 budak budak2 budak-budak dewasa remaja pelajar murid lelaki
    perempuan wanita warga emas bayi orang muslimah muslimin dewasa-dewasa
    kids kid children child adult adults teen teens teenager teenagers student students senior
    seniors men women man woman ladies lady gents male female boys girls boy girl toddler
    toddlers infant infants baby babies
    kucing anjing cat cats dog dogs
    kecil sederhana besar small medium large big xl xxl regular biasa special spesial istimewa
    jumbo mini saiz size gred grade queen king single double twin
    sekolah rendah menengah primary secondary tadika prasekolah preschool darjah tingkatan
    weekday weekdays weekend weekends hari cuti umum public holiday holidays ph peak off-peak
    separuh half suku quarter
    adik-beradik sibling siblings ahli member members non-member non-members bukan oku veteran
    warganegara foreigner foreigners local locals individu individual berkumpulan group
    persendirian private kumpulan groups 1-1 1-on-1 1-to-1 one-to-one
    sedan hatchback suv mpv 4x4 4wd
    """
)

# Of those, the ones that say who or what is served (people, pets, vehicles), as opposed to
# levels or sizes of what is sold ("Primary", "Large"): a price with only these before it
# is for what the business does ("Cats RM60, small dogs RM70").
WHO_WORDS = word_set(
    """
    kanak-kanak kanak2 kanak budak budak2 budak-budak dewasa remaja pelajar murid lelaki
    perempuan wanita warga emas bayi muslimah muslimin
    kids kid children child adult adults teen teens teenager teenagers student students senior
    seniors men women man woman ladies lady gents male female boys girls boy girl toddler
    toddlers infant infants baby babies
    kucing anjing cat cats dog dogs
    sedan hatchback suv mpv 4x4 4wd
    """
)

QUALIFIER_WORDS = word_set(
    "bawah atas under above over below umur age tahun thn years year yrs old dan and & ke to "
    "hingga untuk for sahaja only a b c d e"
)

# A "pakej"/"package" is an item of its own ("Pakej 5 sesi"); a "set" or "kotak" is how much.
QUANTITY_LEAD = word_set("set kotak box pack bekas balang")

# A count in words: "RM50 sebulan satu subjek" is per one subject, not an item "Satu subjek".
COUNT_WORDS = word_set("satu dua tiga empat lima enam one two three four five six 1 2 3 4 5 6")

QUANTITY_JOINS = word_set("x of satu one - – to hingga ke sampai")

# Words that say which one but belong to the item's own name ("Gunting biasa").
UNSPLIT = word_set("biasa regular normal special spesial istimewa")

# Where the goods come from is said of the item, not part of its name: "Musang King direct
# from our orchard", "Kerepek dari dapur kami", "Sayur segar terus dari ladang".
PROVENANCE = re.compile(
    r"\s+(?:(?:direct(?:ly)?|fresh(?:ly)?|straight|terus|segar|langsung)\s+(?:from|dari)|"
    r"(?:from|dari(?:pada)?)\s+(?:our|my|the|kami|saya|sy)?\s*(?:own\s+)?"
    r"(?:orchard|farm|kebun|ladang|dapur|kitchen|garden|estate|oven|kolam|pond|home|rumah)s?)"
    r"\b.*$",
    re.I,
)

# How the price is worked out, not what is sold: "Ikan bakar ikut berat", "Prawns by weight",
# "Udang harga ikut saiz".
BY_MEASURE = re.compile(
    r"\s+(?:(?:harga|price|priced|charged|dijual|sold)\s+)?(?:ikut|mengikut|by|according\s+to|"
    r"based\s+on|berdasarkan)\s+(?:the\s+)?(?:berat|weight|saiz|size|timbang(?:an)?|kilo|"
    r"gram|jarak|distance|musim|season|market\s+price|harga\s+pasaran)\s*$",
    re.I,
)

# "RM5/kaki persegi", "RM3 per sq ft": an area, kept as written.
AREA_UNIT = re.compile(
    r"^\s*(?:/|per|se|setiap)\s*((?:kaki|meter)\s+persegi|sq\.?\s?ft|sqft|kps)\b", re.I
)

DAY_NAMES = (
    r"isnin|selasa|rabu|khamis|jumaat|jumaah|sabtu|ahad|monday|tuesday|wednesday|thursday|"
    r"friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|sun|isn|jum|sab"
)

CLOCK = r"\d{1,2}(?:[.:]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|pg|ptg|mlm|pagi|petang|malam|tgh\s*hari)?"

# Days and times written after an item ("Kelas zumba Selasa & Khamis 8.30mlm").
SCHEDULE_TAIL = re.compile(
    rf"(?:^|\s+|,\s*)(?:{DAY_NAMES}|{CLOCK}(?:\s*[-–]\s*{CLOCK})?|&|dan|and|to|hingga|"
    r"sampai|-|–|setiap|every|hari|daily|weekends?|weekdays?|pada|on)\.?\s*$",
    re.I,
)

SCHEDULE_WORD = re.compile(rf"\b(?:{DAY_NAMES})\b|\d\s*(?:am|pm|pg|ptg|mlm)\b|\d[.:]\d\d", re.I)

# "Fri-Sat", "isnin-khamis", "sat&sun": which days a price is for.
DAYS_ONLY = re.compile(rf"(?:{DAY_NAMES})(?:\s*[-–&]\s*(?:{DAY_NAMES}))*", re.I)

DURATION = re.compile(
    r"^(?P<name>.*?[^\W\d_].*?)\s+(?P<length>\d+(?:\.\d+)?\s*(?:min|mins|minit|minutes|jam|"
    r"hours?|hrs?|j)\b\.?)$",
    re.I,
)

# Sizes measured in a unit that is not sold by ("6 inch", "3 tan", "2 seater").
SIZE_WORDS = word_set("inch inci inches cm mm tan tonne ton seater kaki ft feet meter m")

DURATION_WORDS = word_set("min mins minit minutes jam hour hours hr hrs j")

# A surcharge written as "add RM50", "tambah RM20": the item is named in the piece before.
SURCHARGE = re.compile(r"^(?:add|tambah|extra|plus|additional|tambahan|surcharge)$", re.I)

# "Diskaun RM10", "save RM5", "jimat RM20", "gaji RM1,800": money, but not a price.
DISCOUNT = re.compile(
    r"\b(?:diskaun|discount|jimat|save|saving|potongan|rebat|rebate|cashback|baucar|voucher|"
    r"gaji|salary|modal|tip|harga\s+(?:asal|normal)|original\s+price|usual\s+price|was)\s*:?\s*$|"
    r"\(\s*(?:normal|asal|biasa|ori)\s*:?\s*$",
    re.I,
)

# "RM10 off": money off.
OFF = re.compile(r"^\s*(?:off|diskaun|discount|potongan)\b", re.I)

# "Free delivery for orders above RM300", "min order RM50", "deposit RM100": a condition,
# not something sold.
THRESHOLD = re.compile(
    r"\b(?:order|orders|pembelian|purchase|purchases|belian|tempahan|spend|belanja|free|percuma|"
    r"delivery|penghantaran|hantar|postage|pos|shipping)\b.*"
    r"\b(?:above|over|atas|melebihi|exceeding|minimum|min|at\s+least|sekurang-kurangnya|"
    r"lebih\s+(?:dari(?:pada)?|than))\s*:?\s*$|"
    r"\b(?:min(?:imum)?|minima)\s+(?:order|orders|pembelian|purchase|spend|tempahan|belian)\s*:?\s*$|"
    r"\b(?:deposit|wang\s+pendahuluan|cengkeram|down\s*payment)\s*:?\s*$|"
    r"\b(?:free|percuma)\b.*\b(?:for|untuk|utk|bagi|with|dengan)\s*$",
    re.I,
)

PLACE_TAIL = re.compile(
    r"\s+(?:di|in|at|dekat|near|within|around|sekitar|kawasan|area|seluruh|dalam)\s+.*$", re.I
)

# "… area Kajang", "… kawasan Shah Alam" after an item: where it is done.
AREA_TAIL = re.compile(r"\s+(?:area|kawasan|sekitar|around)\s+(?:[A-Z][\w'-]*\s*){1,3}$")

# "60 min", "1 jam", "90 minit": only how long.
DURATION_ONLY = re.compile(r"\d+(?:\.\d+)?\s?(?:min|mins|minit|minutes|jam|hours?|hrs?)", re.I)

# "Nasi lemak bungkus Kak Ida RM3": who sells it, after what is sold.
OWNER_TAIL = re.compile(
    r"\s+(?i:kak|kakak|pak|pakcik|mak|makcik|abang|abg|uncle|aunty|auntie|cik|encik|en\.?|"
    r"puan|pn\.?|cikgu|ustaz|ustazah|chef|coach|teacher|mr\.?|mrs\.?|ms\.?|madam)"
    r"\s+[A-Z][\w'-]*(?:\s+[A-Z][\w'-]*)?$"
)

# Where, not what: "(jual) depan rumah", "at your home".
WHERE_LEAD = re.compile(
    r"^(?:depan|tepi|sebelah|belakang|dekat|dkt|di|kat|at|in|near|opposite|beside|outside|"
    r"luar|dalam|within|around|sekitar)\b",
    re.I,
)

PLACE_LEAD = re.compile(
    r"^(?i:luar|outside|dalam|within|sekitar|around|kawasan|area)\s+(?:[A-Z][\w'-]*\s+)+(?=[a-z])"
)

PURPOSE = re.compile(r"^(?P<name>\S.*?)\s+(?:untuk|utk|for)\s+(?P<purpose>\S.*)$", re.I)

# "sleeps 6", "muat 12 org": how many fit, said of the item, not its name.
CAPACITY = re.compile(
    r"^(?:sleeps|muat|fits|up\s+to|capacity|kapasiti|max(?:imum)?|maksimum|boleh\s+muat)\s+\d+",
    re.I,
)

LIST_TRIGGER = re.compile(
    r"\b(?:menu(?:\s+kami)?(?:\s+(?:ada|termasuk))?\s*:|kami\s+(?:jual|menjual|sediakan|menyediakan|"
    r"tawarkan|menawarkan|hidangkan)|menjual|menyediakan|menawarkan|jual|"
    r"perkhidmatan(?:\s+kami)?(?:\s+(?:termasuk|ialah))?\s*:?|servis(?:\s+kami)?\s*:|"
    r"we\s+(?:sell|serve|offer|bake|make|provide|do|teach|repair|fix)|our\s+menu(?:\s+includes?)?\s*:?|"
    r"services?(?:\s+include)?\s*:|products?\s*:|produk(?:\s+kami)?\s*:|specialising\s+in|"
    r"specializing\s+in|pakar\s+dalam|subjek\s*:?|subjects?\s*:|kelas\s*:|classes\s*:|"
    r"selling|serving|offering)\s*",
    re.I,
)

LIST_STOP = re.compile(
    r"\b(?:di|in|at|near|dekat|berhampiran|untuk|for|yang|which|that|with|dengan|sejak|since|"
    r"setiap|every|buka|open|daily|hubungi|call|whatsapp|sahaja|only|je)\b|[.!?:]",
    re.I,
)

LIST_SPLIT = re.compile(r"\s*(?:,|/|&|\+|\bdan\b|\band\b|\bserta\b|\bor\b|\batau\b)\s*", re.I)
