"""How a business serves its customers (modes) and what it offers besides (features).

Both are read in context: a service is not an amenity ("servis aircond" is work done, not an
air-conditioned shop), a pet "pickup & drop-off" is not a customer collecting an order, and a
negated mention ("no walk-in", "jgn datang tanpa temujanji") says the opposite.
"""

from __future__ import annotations

import re

from bina.generator.profile import BusinessType, ServiceMode

_NEGATION = re.compile(
    r"\b(?:tiada|tidak|tak|takde|no|not|non|bukan|without|tanpa|jgn|jangan|x|never|don'?t)"
    r"\W*(?:\w+\W+)?$",
    re.I,
)


def _negated(text: str, start: int) -> bool:
    # A negation ends with its sentence: "Sabah x dpt. Ambil sendiri pun boleh".
    window = re.split(r"[.!?;\n•|]\s", text[max(0, start - 20) : start])[-1]
    return bool(_NEGATION.search(window))


# --- features -------------------------------------------------------------------------------

# The object of a service verb is the work done ("servis aircond", "repair aircond kereta").
_AIRCOND_SERVICE = re.compile(
    r"(?:servis|service|servicing|cuci|pasang|install\w*|repair|baiki|tambah gas|top ?up|"
    r"isi gas|chemical wash|overhaul|bersihkan|cleaning|maintenance|tukar|new)\W+(?:\w+\W+)?$",
    re.I,
)
_AIRCOND_OBJECT = re.compile(
    r"^\W*(?:kereta|car|unit|units|service|servicing|servis|repair|cleaning|technician|"
    r"installation|specialist|rumah|kedai|\d(?:\.\d)?\s?hp)\b",
    re.I,
)
# Premises said to be cool, in words that cannot mean the trade.
_AIRCOND_PREMISES = re.compile(
    r"berhawa dingin|air[- ]conditioned|fully air[- ]?cond\w*|ber-?aircond|bilik aircond|"
    r"ruang aircond|kedai aircond|tempat aircond|aircond (?:room|premises|shop|space)",
    re.I,
)

FEATURE_PATTERNS: list[tuple[str, str]] = [
    (
        "halal_certified",
        r"sijil halal|halal certified|certified halal|halal jakim|jakim halal|disahkan halal",
    ),
    ("halal", r"halal"),
    ("muslim_owned", r"milik muslim|muslim[- ]owned|pengusaha muslim|usahawan muslim"),
    ("no_pork", r"no pork|pork[- ]free|tiada babi|tanpa babi|no pork no lard"),
    (
        "delivery",
        r"delivery|deliver|deliveries|penghantaran|hantar(?:an)? ke rumah|hantar rumah|"
        r"free hantar|hantar free|hantar percuma|boleh hantar|kami hantar|hantar dalam|"
        r"hantar dlm|hantar area|hantar sekitar|hantar ke|we deliver|door[- ]to[- ]door|"
        r"grab ?food|foodpanda|shopee ?food|lalamove|"
        r"pos ke seluruh|pos seluruh|boleh pos|pos laju|poslaju|postage|courier|kurier|"
        r"shipping|ship (?:to|nationwide)|penghantaran percuma|free delivery|"
        # "We ship frozen paste nationwide", "kami pos ke Sabah": sent out, whatever the words
        r"(?:we|kami|saya|sy|i) (?:also |juga )?(?:ship|post|pos|courier|send)|"
        r"ships? [\w\s-]{0,40}?(?:nationwide|seluruh malaysia|across malaysia|to all states)|"
        # parcels by a named courier: "pos J&T seluruh Malaysia", "hantar guna Ninja Van"
        r"pos (?:[\w&-]+ ){0,2}(?:ke )?seluruh|j&t|ninja ?van|dhl|city-?link|gdex|skynet|"
        r"flash express|shopee express",
    ),
    (
        "cod",
        r"cod|c\.o\.d|cash on delivery|bayar (?:tunai )?(?:semasa|masa|bila) (?:terima|sampai)",
    ),
    # "Nasi lemak bungkus RM3" names a packet; only "boleh bungkus" offers takeaway.
    (
        "takeaway",
        r"take ?away|takeaway|tapau|bawa pulang|boleh bungkus|bungkus pun boleh|dibungkus|"
        r"bungkus (?:ada|boleh|juga)",
    ),
    (
        "pickup",
        r"self[- ]?pick[- ]?up|pick[- ]?up|self[- ]collect(?:ion)?|ambil sendiri|boleh ambil|"
        r"collect (?:at|from)|collection (?:at|from)",
    ),
    ("dine_in", r"dine[- ]in|makan di sini|tempat makan selesa"),
    ("parking", r"parking|tempat letak kereta|parkir|letak kereta"),
    ("aircond", r"aircond|air[- ]cond\w*|berhawa dingin|air conditioned|aircon"),
    ("wifi", r"wi-?fi"),
    (
        "booking",
        r"tempahan|booking|book now|appointment|temujanji|pre-?order|buat tempahan|"
        r"(?:sila|kena|perlu|mesti|pls|please) tempah(?: dulu| dahulu| awal)?",
    ),
    ("walk_in", r"walk[- ]?ins?"),
    (
        "cashless",
        r"duitnow|touch ?n ?go|tng|e-?wallet|e-?dompet|boost|qr pay|online banking|"
        r"kad kredit|credit card|debit card|cashless",
    ),
    ("accessible", r"mesra oku|oku friendly|wheelchair|kerusi roda"),
    (
        "women_only",
        r"wanita sahaja|muslimah|ladies only|women only|khas wanita|"
        r"perempuan sahaja|untuk wanita|utk wanita",
    ),
    ("homemade", r"home ?made|buatan sendiri|air tangan|buatan rumah|home[- ]based|dari rumah"),
    ("warranty", r"waranti|warranty|warrantee|jaminan|guarantee|guaranteed|garansi"),
    (
        "prayer_room",
        r"surau|musolla|musollah|musalla|musholla|prayer room|bilik solat|ruang solat|"
        r"tempat solat",
    ),
]
_COMPILED = [(key, re.compile(rf"\b(?:{pattern})\b", re.I)) for key, pattern in FEATURE_PATTERNS]


# Kinds whose "tempahan" is an order for goods, not a booked time.
_GOODS_KINDS = frozenset(
    {"bakery", "florist", "home_food", "retail", "fruit_stall", "grocery", "pet_shop"}
)


def _feature_applies(key: str, text: str, match: re.Match[str], kind: BusinessType) -> bool:
    start, end = match.span()
    if key == "halal":
        return not re.search(r"\b(?:non|bukan|tidak|tak|not)[\s-]*$", text[:start], re.I)
    if key not in {"no_pork"} and _negated(text, start):
        return False  # "tiada parking", "no walk-in"; "no pork" is itself the feature
    if key == "aircond":
        if kind == "aircond_service" and not _AIRCOND_PREMISES.match(text, start):
            return False
        if _AIRCOND_SERVICE.search(text[max(0, start - 30) : start]):
            return False
        return not _AIRCOND_OBJECT.match(text[end : end + 30])
    if key == "booking" and kind in _GOODS_KINDS and match.group().lower() == "tempahan":
        return False  # "terima tempahan bouquet", "tempahan kek": an order for goods
    if key == "pickup":
        # "Pickup & drop-off" of a pet or a car is a service the business does.
        return not re.match(r"\s*(?:&|and|dan|n)\s*(?:drop|hantar|delivery)", text[end:], re.I)
    if key == "prayer_room":
        # "classes at Surau Al-Hidayah" names a place, it is not an amenity.
        return not re.match(r"\s+[A-Z]", text[end:]) or kind == "restaurant"
    return True


def find_features(text: str, kind: BusinessType = "general") -> list[str]:
    """Features the user stated (and did not negate), by key."""
    found: list[str] = []
    for key, pattern in _COMPILED:
        for match in pattern.finditer(text):
            if _feature_applies(key, text, match, kind):
                found.append(key)
                break
    if "halal_certified" in found and "halal" in found:
        found.remove("halal")
    return found


# --- modes ----------------------------------------------------------------------------------

# (mode, strength, pattern): 3 = said to be the only way or required, 2 = said plainly,
# 1 = implied. The strongest wins; at equal strength, the one said first.
_MODE_CUES: list[tuple[ServiceMode, int, str]] = [
    (
        "appointment",
        3,
        r"(?:by )?appointments? only|by appointment|appointment (?:is )?(?:required|needed|first)|"
        r"strictly by|prior appointment|appointment basis|booking (?:is )?(?:required|needed)|"
        r"advance booking|(?:perlu|wajib|mesti|kena) (?:buat )?(?:temujanji|booking|appointment|"
        r"tempah)|buat (?:temujanji|appointment) dulu|book dulu|by reservation|reservation only|"
        r"(?:jangan|jgn|don'?t) (?:datang|come|walk in) (?:tanpa|without) (?:temujanji|"
        r"appointment|booking)|"
        r"temujanji (?:dulu|sahaja|shj|je|wajib|diperlukan)|(?:dengan|dgn|melalui|ikut) "
        r"temujanji|booking (?:sahaja|shj|je|only|dulu|first|wajib)|"
        r"(?:by|via) booking|book (?:first|in advance)|tempah(?:an)? dulu|janji temu",
    ),
    (
        "appointment",
        2,
        r"appointments?|temujanji|appt|slots?|reservations?|book a slot|booking (?:via|through|"
        r"melalui|by)|book (?:via|through|by)|tempah slot|tempah dulu|appointment preferred",
    ),
    # "Booking" alone: a time is booked, unless a walk-in or other way is said outright.
    (
        "appointment",
        1,
        r"booking|book now|to book|book (?:a|your) (?:slot|session|appointment|date)",
    ),
    (
        "walk_in",
        3,
        r"walk[- ]?ins? only|walk[- ]?in sahaja|no appointments?(?: needed)?|"
        r"no booking(?: needed| required)?|(?:tak|tidak|x) perlu (?:booking|temujanji|tempah)|"
        r"first come,? first serve[d]?|no reservations?(?: (?:is )?(?:needed|required))?|"
        r"just (?:come|walk in|drop by)|datang (?:je|saja|sahaja) terus",
    ),
    (
        "walk_in",
        2,
        r"walk[- ]?ins?(?: (?:are )?welcome)?|datang terus|terus datang|jom singgah|"
        r"singgah(?:lah)?|drop by|drop in|layan diri|self[- ]service|tanpa temujanji|"
        r"dialu-alukan|visit us|come visit|jemput datang|datang (?:je|la|lah|ke kedai)|"
        r"open to (?:the )?public|boleh datang terus|terus ke kedai|kedai fizikal|"
        r"physical (?:store|shop)|visit our (?:shop|store|outlet|kiosk)|drive[- ]?thru|"
        r"dine[- ]in|makan di (?:kedai|sini)",
    ),
    ("walk_in", 1, r"while you wait|tunggu siap|kiosk|kaunter|counter"),
    (
        "online",
        3,
        r"online only|no walk[- ]?ins?|tiada kedai fizikal|no physical (?:shop|store)|"
        r"online sahaja|secara online|kelas online|online class\w*|via zoom|"
        r"(?:melalui|guna|through|on) (?:zoom|google meet|ms teams)",
    ),
    (
        "online",
        2,
        r"online|dalam talian|shopee|lazada|tiktok shop|kedai online|order online|e-?commerce|"
        r"zoom|google meet|website kami|our website|online shop|e-?shop|order (?:via|through) "
        r"(?:our )?website",
    ),
    (
        "on_site",
        3,
        r"(?:kami|we|saya|sy|i|team kami|our team)\s+(?:akan\s+|will\s+|boleh\s+|can\s+)?"
        r"(?:datang|dtg|come|pergi|travel)|we come to you|come to (?:you|your)|"
        r"(?:ke|di|at|to) rumah (?:anda|pelanggan|customer|awak|korang|pesakit|klien|client)|"
        r"(?:at|to) your (?:home|house|place|premises|office|location|doorstep|event|venue)|"
        r"(?:ke|di) (?:lokasi|tempat|premis) (?:anda|pelanggan|awak)|door[- ]?step|"
        r"mobile (?:service|grooming|van|car ?wash|massage|mechanic|spa|salon|servis)|"
        r"on[- ]?site|datang (?:ke )?rumah|dtg (?:ke )?rumah|panggil (?:je|sahaja|saja|kami)|"
        r"servis di rumah|lokasi ikut (?:client|pelanggan)|home service|servis ke rumah|"
        r"rumah ke rumah|house to house|(?:we|i) travel|travel to you|"
        r"(?:datang|dtg) (?:ke )?lokasi|"
        r"(?:kami|saya|sy) (?:akan )?(?:pergi|ke) rumah|home tuition|"
        r"tuisyen (?:di|ke) rumah (?:pelajar|anda)",
    ),
    # "Fisioterapi di rumah", "Home physiotherapy", "urut di rumah": the service is
    # brought to the customer's home (a home of the owner's own is said as such).
    (
        "on_site",
        2,
        r"(?:fisioterapi|physio\w*|terapi|therapy|rawatan|treatment|urut|massage|spa|"
        r"tuisyen|tuition|grooming|mandi|cuci|cleaning|servis|service|jagaan|care|nursing|"
        r"rawatan|bekam|cupping|facial|mekap|make ?up)\s+(?:di|ke|at|to)\s+(?:rumah|home)"
        r"(?!\s+(?:saya|sy|kami|sendiri|my|our|ustaz\w*|cikgu|kak|mak))|"
        r"home (?:physio\w*|fisioterapi|therapy|treatment|massage|spa|nursing|care|grooming|"
        r"cleaning)s?",
    ),
    (
        "on_site",
        1,
        r"home visits?|house calls?|service area|kawasan servis|liputan kawasan|outdoor|"
        r"bring (?:our|their|my) own|bawa (?:sendiri|peralatan)|site visit",
    ),
    (
        "home_based",
        2,
        r"home[- ]?based|dari rumah|from (?:my|our) home|home ?kitchen|dapur rumah|"
        r"depan rumah|tepi rumah|rumah sendiri|home studio|studio (?:di )?rumah|"
        r"rumah saya|my home|home baker|homebaker|bisnes rumah|"
        r"(?:di|kat|dkt|dekat|at) rumah (?:saya|sy|kami|sendiri|ustazah|ustaz|cikgu|teacher|"
        r"kak|mak|makcik|aunty|auntie)|at (?:my|our) (?:own )?(?:home|house|place)|"
        r"rumah (?:saya|sy|kami) sendiri|(?:my|our) own (?:home|house)",
    ),
    ("home_based", 1, r"home ?made|buatan sendiri|buatan rumah"),
    # "self pickup at my house", "ambil di rumah saya": collected from the owner's home.
    (
        "home_based",
        3,
        r"(?:pick[- ]?up|ambil(?: sendiri)?|collect\w*)\s+(?:at|from|di|kat|dkt|dekat)\s+"
        r"(?:my|our) (?:house|home|place)|(?:pick[- ]?up|ambil(?: sendiri)?|collect\w*)\s+"
        r"(?:at|from|di|kat|dkt|dekat)\s+rumah (?:saya|sy|kami)",
    ),
    ("pickup", 3, r"(?:takeaway|take away|bungkus|tapau|pick[- ]?up) (?:only|sahaja|je)"),
    (
        "pickup",
        2,
        r"self[- ]?pick[- ]?up|pick[- ]?up (?:at|from|di|kat|point)|self[- ]collect\w*|"
        r"ambil sendiri|(?:boleh )?ambil (?:di|kat|dekat|dkt)|collect (?:at|from)|"
        r"pick[- ]?up only|pickup sahaja|ambil sahaja|self[- ]?collect|"
        r"(?:\w+day|sabtu|ahad|isnin|selasa|rabu|khamis|jumaat) pick[- ]?up",
    ),
    (
        "delivery",
        3,
        r"delivery only|delivery sahaja|hantar sahaja|penghantaran sahaja|no dine[- ]in|"
        r"tiada dine[- ]in|cloud kitchen",
    ),
    (
        "delivery",
        1,
        r"delivery|deliver|penghantaran|hantar(?:an)? ke rumah|hantar rumah|free hantar|"
        r"pos seluruh|boleh pos|lalamove|grab ?food|foodpanda|courier|postage|"
        r"(?:we|kami|saya|sy|i) (?:also |juga )?(?:ship|post|pos|send)|nationwide",
    ),
]
_MODE_COMPILED = [
    (mode, strength, re.compile(rf"\b(?:{pattern})\b", re.I))
    for mode, strength, pattern in _MODE_CUES
]
# Trades done where the customer is: said or not, the work happens at the customer's place.
_ON_SITE_TRADES: frozenset[BusinessType] = frozenset(
    {"aircond_service", "electrician", "plumber", "cleaning", "moving"}
)
_PRICED_NEAR = re.compile(r"^[^.\n]{0,12}(?:RM|rm)\s?\d")


_ALTERNATIVE = re.compile(r"\b(?:or|atau|ataupun|also|juga)\s+(?:[\w-]+\s+)?$", re.I)


def find_modes(text: str, kind: BusinessType = "general") -> tuple[ServiceMode, ...]:
    """How customers are served, the main way first; () when the text says nothing."""
    hits: dict[ServiceMode, tuple[int, int]] = {}
    for mode, strength, pattern in _MODE_COMPILED:
        for match in pattern.finditer(text):
            if _negated(text, match.start()):
                continue  # "no walk-in", "jgn datang tanpa temujanji"
            if mode == "on_site" and _PRICED_NEAR.match(text[match.end() :]):
                # "Caj dtg rumah RM20": an extra on the price list, not the main way.
                strength = min(strength, 1)
            if mode == "pickup" and re.match(
                r"\s*(?:&|and|dan|n)\s*(?:drop|hantar)", text[match.end() :], re.I
            ):
                continue
            if _ALTERNATIVE.search(text[max(0, match.start() - 12) : match.start()]):
                strength = min(strength, 1)  # "…, or online via Zoom": another way, not the main
            best = hits.get(mode)
            candidate = (strength, -match.start())
            if best is None or candidate > best:
                hits[mode] = candidate
    if not hits and kind in _ON_SITE_TRADES:
        return ("on_site",)
    if kind in _ON_SITE_TRADES and "walk_in" not in hits:
        hits["on_site"] = (4, 0)  # the work is done where the customer is, however booked
    if kind == "home_food" and "home_based" not in hits and "walk_in" not in hits:
        hits["home_based"] = (1, -len(text))  # a home kitchen, after any way said outright
    ordered = sorted(hits.items(), key=lambda entry: entry[1], reverse=True)
    return tuple(mode for mode, _ in ordered)
