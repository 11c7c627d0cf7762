"""How the page invites a customer, by the way the business serves them.

A walk-in shop says "Jom singgah"; a business by appointment asks for a booking; a home
kitchen takes orders on WhatsApp; a service that comes to the customer says so. No invitation
here states a fact the user did not give: "Kami datang ke rumah anda" and "kami hantar" are
used only when the user said the business comes to the customer or delivers (`said`).
"""

from __future__ import annotations

from dataclasses import dataclass

from bina.generator.copy_kinds import Group
from bina.generator.profile import Language, ServiceMode


@dataclass(frozen=True)
class Invitation:
    """The words for one way of serving customers, in one language.

    `leads` hold "{via}" ("melalui WhatsApp atau telefon"); `message` holds "{name}".
    """

    taglines: tuple[str, ...]
    closings: tuple[str, ...]
    ctas: tuple[str, ...]
    message: str
    leads: tuple[str, ...]


_ASK_MS = "Salam {name}, saya ingin bertanya."
_ASK_EN = "Hi {name}, I have a question."
_BOOK_MS = "Salam {name}, saya ingin membuat tempahan."
_BOOK_EN = "Hi {name}, I'd like to make a booking."
_ORDER_MS = "Salam {name}, saya ingin membuat pesanan."
_ORDER_EN = "Hi {name}, I'd like to place an order."

_WALK_IN_LEADS = {
    "ms": (
        "Hubungi kami {via}, atau singgah ke tempat kami.",
        "Ada pertanyaan? Hubungi kami {via}.",
    ),
    "en": ("Reach us {via}, or drop by.", "Questions? Reach us {via}."),
}
_WALK_IN_CTAS = {
    "ms": ("WhatsApp kami", "Chat di WhatsApp", "Mesej di WhatsApp"),
    "en": ("WhatsApp us", "Chat on WhatsApp", "Message us"),
}

#: Walk-in invitations differ by what the customer comes for.
WALK_IN: dict[Group, dict[Language, Invitation]] = {
    "food": {
        "ms": Invitation(
            ("Jom singgah, jom makan!", "Singgah dan rasa sendiri", "Kami tunggu kedatangan anda"),
            (
                "Jom singgah, kami tunggu kedatangan anda!",
                "Datanglah, bawa kawan-kawan sekali.",
            ),
            _WALK_IN_CTAS["ms"],
            _ASK_MS,
            _WALK_IN_LEADS["ms"],
        ),
        "en": Invitation(
            ("Drop by and taste for yourself", "Pull up a chair", "Come hungry, come as you are"),
            ("Drop by, we look forward to seeing you!", "Come along and bring your friends."),
            _WALK_IN_CTAS["en"],
            _ASK_EN,
            _WALK_IN_LEADS["en"],
        ),
    },
    "service": {
        "ms": Invitation(
            (
                "Kami sedia membantu anda",
                "Datang, kami sedia berkhidmat",
                "Tanya sahaja, kami bantu",
            ),
            ("Singgah atau hubungi kami untuk bertanya.", "Kami sedia menjawab soalan anda."),
            _WALK_IN_CTAS["ms"],
            _ASK_MS,
            _WALK_IN_LEADS["ms"],
        ),
        "en": Invitation(
            ("Here to help", "Drop by or drop us a message", "Ask us anything"),
            (
                "Drop by or get in touch with any questions.",
                "We're happy to answer your questions.",
            ),
            _WALK_IN_CTAS["en"],
            _ASK_EN,
            _WALK_IN_LEADS["en"],
        ),
    },
    "class": {
        "ms": Invitation(
            (
                "Jom belajar bersama kami",
                "Belajar setapak demi setapak",
                "Tempat untuk terus belajar",
            ),
            ("Hubungi kami untuk maklumat lanjut.", "Ada soalan tentang kelas? Tanya sahaja."),
            _WALK_IN_CTAS["ms"],
            _ASK_MS,
            ("Hubungi kami {via} untuk maklumat lanjut.", "Ada pertanyaan? Hubungi kami {via}."),
        ),
        "en": Invitation(
            ("Learn with us", "One lesson at a time", "A place to keep learning"),
            ("Get in touch for more details.", "Questions about a class? Just ask."),
            _WALK_IN_CTAS["en"],
            _ASK_EN,
            ("Get in touch {via} for more details.", "Questions? Reach us {via}."),
        ),
    },
    "stay": {
        "ms": Invitation(
            ("Rehat sejenak bersama kami", "Tempat singgah untuk berehat", "Jom bercuti!"),
            ("Hubungi kami untuk semak tarikh.", "Tanya kami tentang tarikh yang anda mahu."),
            _WALK_IN_CTAS["ms"],
            _ASK_MS,
            ("Semak tarikh {via}.", "Ada pertanyaan? Hubungi kami {via}."),
        ),
        "en": Invitation(
            ("Stay a while", "A place to rest", "Your stay, your pace"),
            ("Get in touch to check dates.", "Ask us about the dates you have in mind."),
            _WALK_IN_CTAS["en"],
            _ASK_EN,
            ("Check dates with us {via}.", "Questions? Reach us {via}."),
        ),
    },
    "shop": {
        "ms": Invitation(
            (
                "Singgah dan lihat sendiri",
                "Jom membeli-belah bersama kami",
                "Kami tunggu kunjungan anda",
            ),
            (
                "Singgah atau hubungi kami untuk bertanya.",
                "Ada soalan tentang produk? Tanya sahaja.",
            ),
            _WALK_IN_CTAS["ms"],
            _ASK_MS,
            _WALK_IN_LEADS["ms"],
        ),
        "en": Invitation(
            ("Come and have a look", "Drop by and browse", "We look forward to your visit"),
            ("Drop by or message us with questions.", "Questions about a product? Just ask."),
            _WALK_IN_CTAS["en"],
            _ASK_EN,
            _WALK_IN_LEADS["en"],
        ),
    },
}

_APPOINTMENT: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Tempah slot anda", "Buat temujanji dengan kami", "Kami sedia menerima tempahan anda"),
        ("Hubungi kami untuk membuat temujanji.", "Tempah slot anda lebih awal."),
        ("Tempah di WhatsApp", "Tempah slot", "Buat temujanji"),
        _BOOK_MS,
        ("Tempah slot anda {via}.", "Hubungi kami {via} untuk membuat temujanji."),
    ),
    "en": Invitation(
        ("Book your slot", "Make an appointment with us", "Book ahead, we'll be ready for you"),
        ("Get in touch to book an appointment.", "Book your slot ahead."),
        ("Book on WhatsApp", "Book a slot", "Make an appointment"),
        _BOOK_EN,
        ("Book your slot {via}.", "Get in touch {via} to book an appointment."),
    ),
}
_ENROL: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Jom belajar bersama kami", "Daftar dan mula belajar", "Tempah tempat anda"),
        (
            "Hubungi kami untuk mendaftar atau bertanya.",
            "Ada soalan tentang pendaftaran? Tanya sahaja.",
        ),
        ("Daftar di WhatsApp", "Tanya tentang kelas", "Daftar sekarang"),
        "Salam {name}, saya ingin bertanya tentang kelas.",
        ("Daftar atau bertanya {via}.", "Hubungi kami {via} untuk mendaftar."),
    ),
    "en": Invitation(
        ("Learn with us", "Sign up and start learning", "Save your place"),
        ("Get in touch to sign up or ask a question.", "Questions about signing up? Just ask."),
        ("Sign up on WhatsApp", "Ask about classes", "Sign up now"),
        "Hi {name}, I'd like to ask about your classes.",
        ("Sign up or ask us {via}.", "Get in touch {via} to sign up."),
    ),
}
_BOOK_STAY: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Tempah tarikh anda", "Rehat sejenak bersama kami", "Jom bercuti!"),
        ("Hubungi kami untuk semak tarikh.", "Tanya kami tentang tarikh yang anda mahu."),
        ("Tempah di WhatsApp", "Semak tarikh", "Tempah sekarang"),
        "Salam {name}, saya ingin semak tarikh kosong.",
        ("Semak tarikh dan tempah {via}.", "Hubungi kami {via} untuk tempahan."),
    ),
    "en": Invitation(
        ("Book your dates", "Stay a while", "Your stay, your pace"),
        ("Get in touch to check dates.", "Ask us about the dates you have in mind."),
        ("Book on WhatsApp", "Check dates", "Book now"),
        "Hi {name}, I'd like to check your available dates.",
        ("Check dates and book {via}.", "Get in touch {via} to book."),
    ),
}
_HOME_BASED: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Tempah melalui WhatsApp", "Pesan awal, kami sediakan", "Tempah dahulu, kami uruskan"),
        ("Pesan awal supaya kami sempat sediakan.", "Hantar pesanan anda, kami akan sahkan."),
        ("Pesan di WhatsApp", "Tempah di WhatsApp", "Buat pesanan"),
        _ORDER_MS,
        ("Pesan {via} dan kami akan sahkan pesanan anda.", "Buat pesanan {via}."),
    ),
    "en": Invitation(
        (
            "Order on WhatsApp",
            "Order ahead, we'll have it ready",
            "Order first, we'll take care of it",
        ),
        ("Order early so we can have it ready.", "Send us your order and we'll confirm it."),
        ("Order on WhatsApp", "Order via WhatsApp", "Place an order"),
        _ORDER_EN,
        ("Order {via} and we'll confirm your order.", "Place your order {via}."),
    ),
}
_PICKUP: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Pesan awal, ambil sendiri", "Tempah dahulu, ambil bila siap", "Pesan dan ambil"),
        ("Pesan dahulu, ambil bila siap.", "Hantar pesanan anda, kami akan sahkan."),
        ("Pesan di WhatsApp", "Buat pesanan", "Tempah di WhatsApp"),
        _ORDER_MS,
        ("Pesan {via}, kemudian ambil di tempat kami.", "Buat pesanan {via}."),
    ),
    "en": Invitation(
        (
            "Order ahead, collect it yourself",
            "Order first, pick it up when it's ready",
            "Order and collect",
        ),
        ("Order ahead and collect when it's ready.", "Send us your order and we'll confirm it."),
        ("Order on WhatsApp", "Place an order", "Order via WhatsApp"),
        _ORDER_EN,
        ("Order {via}, then collect it from us.", "Place your order {via}."),
    ),
}
_DELIVERY: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Pesan melalui WhatsApp", "Pesan sekarang", "Buat pesanan anda"),
        ("Hubungi kami untuk membuat pesanan.", "Pesan awal, kami sediakan."),
        ("Pesan di WhatsApp", "Pesan sekarang", "Buat pesanan"),
        _ORDER_MS,
        ("Buat pesanan {via}.", "Hubungi kami {via} untuk membuat pesanan."),
    ),
    "en": Invitation(
        ("Order on WhatsApp", "Order now", "Place your order"),
        ("Get in touch to place an order.", "Order early, we'll have it ready."),
        ("Order on WhatsApp", "Order now", "Place an order"),
        _ORDER_EN,
        ("Place your order {via}.", "Get in touch {via} to place an order."),
    ),
}
_DELIVERY_SAID: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Anda pesan, kami hantar", "Pesan sekarang, kami hantar", "Kami hantar kepada anda"),
        ("Pesan sekarang, kami hantar kepada anda.", "Hubungi kami untuk membuat pesanan."),
        _DELIVERY["ms"].ctas,
        _ORDER_MS,
        ("Pesan {via}, kami hantar kepada anda.", "Hubungi kami {via} untuk membuat pesanan."),
    ),
    "en": Invitation(
        ("You order, we deliver", "Order now, we deliver", "Delivered to you"),
        ("Order now and we'll deliver to you.", "Get in touch to place an order."),
        _DELIVERY["en"].ctas,
        _ORDER_EN,
        ("Order {via} and we'll deliver.", "Get in touch {via} to place an order."),
    ),
}
_ON_SITE: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Tempah servis anda", "Kami sedia membantu anda", "Tanya sahaja, kami bantu"),
        ("Hubungi kami untuk tempah servis.", "Beritahu kami apa yang anda perlukan."),
        ("Tempah servis", "Tempah di WhatsApp", "Tanya di WhatsApp"),
        "Salam {name}, saya ingin tempah servis.",
        ("Tempah servis {via}.", "Hubungi kami {via} untuk tempah servis."),
    ),
    "en": Invitation(
        ("Book a service", "Here to help", "Ask us anything"),
        ("Get in touch to book a service.", "Tell us what you need and we'll set a time."),
        ("Book a service", "Book on WhatsApp", "Ask on WhatsApp"),
        "Hi {name}, I'd like to book a service.",
        ("Book a service {via}.", "Get in touch {via} to book a service."),
    ),
}
_ON_SITE_SAID: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Kami datang ke rumah anda", "Tempah servis, kami datang", "Kami datang kepada anda"),
        (
            "Kami datang ke rumah anda. Hubungi kami untuk tempah servis.",
            "Beritahu kami apa yang anda perlukan, kami datang.",
        ),
        _ON_SITE["ms"].ctas,
        _ON_SITE["ms"].message,
        (
            "Kami datang ke rumah anda. Tempah servis {via}.",
            "Hubungi kami {via}, kami datang ke tempat anda.",
        ),
    ),
    "en": Invitation(
        ("We come to you", "Book a service, we come to you", "We come to your home"),
        (
            "We come to you. Get in touch to book a service.",
            "Tell us what you need and we'll come to you.",
        ),
        _ON_SITE["en"].ctas,
        _ON_SITE["en"].message,
        ("We come to you. Book a service {via}.", "Get in touch {via} and we'll come to you."),
    ),
}
_ONLINE: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Pesan secara dalam talian", "Beli dengan mudah dalam talian", "Pesan dari rumah"),
        ("Hantar mesej untuk membuat pesanan.", "Ada soalan? Tanya kami dalam talian."),
        ("Pesan di WhatsApp", "Pesan sekarang", "Buat pesanan"),
        _ORDER_MS,
        ("Buat pesanan {via}.", "Ada soalan? Hubungi kami {via}."),
    ),
    "en": Invitation(
        ("Order online", "Shop with us online", "Order from home"),
        ("Message us to place an order.", "Questions? Ask us online."),
        ("Order on WhatsApp", "Order now", "Place an order"),
        _ORDER_EN,
        ("Place your order {via}.", "Questions? Reach us {via}."),
    ),
}
_RENTAL: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Tempah kenderaan anda", "Sedia untuk perjalanan anda", "Kunci di tangan anda"),
        (
            "Hubungi kami untuk semak kenderaan dan tarikh.",
            "Tempah awal untuk tarikh pilihan anda.",
        ),
        ("Tempah di WhatsApp", "Semak tarikh", "Tempah sekarang"),
        "Salam {name}, saya ingin menyewa kenderaan.",
        ("Semak tarikh dan tempah {via}.", "Hubungi kami {via} untuk tempahan."),
    ),
    "en": Invitation(
        ("Book your ride", "Ready for your journey", "Your keys, your trip"),
        ("Get in touch to check vehicles and dates.", "Book early for the dates you want."),
        ("Book on WhatsApp", "Check dates", "Book now"),
        "Hi {name}, I'd like to rent a vehicle.",
        ("Check dates and book {via}.", "Get in touch {via} to book."),
    ),
}
#: When the way of serving is not known: neither "come in" nor "we come to you".
_NEUTRAL: dict[Language, Invitation] = {
    "ms": Invitation(
        ("Kami sedia membantu anda", "Tanya sahaja, kami bantu", "Jom berhubung dengan kami"),
        ("Hubungi kami untuk sebarang pertanyaan.", "Kami sedia menjawab soalan anda."),
        _WALK_IN_CTAS["ms"],
        _ASK_MS,
        ("Hubungi kami {via}.", "Ada pertanyaan? Hubungi kami {via}."),
    ),
    "en": Invitation(
        ("Here to help", "Ask us anything", "Let's talk"),
        ("Get in touch with any questions.", "We're happy to answer your questions."),
        _WALK_IN_CTAS["en"],
        _ASK_EN,
        ("Get in touch {via}.", "Questions? Reach us {via}."),
    ),
}

#: How to reach the business: WhatsApp and a phone, a phone only, WhatsApp only, neither.
VIA: dict[Language, dict[str, str]] = {
    "ms": {
        "both": "melalui WhatsApp atau telefon",
        "phone": "melalui telefon",
        "whatsapp": "melalui WhatsApp",
        "none": "melalui saluran di bawah",
    },
    "en": {
        "both": "on WhatsApp or by phone",
        "phone": "by phone",
        "whatsapp": "on WhatsApp",
        "none": "through the details below",
    },
}

#: The plainest lead, for when every lead of an invitation would repeat the page.
VIA_LEAD: dict[Language, str] = {"ms": "Hubungi kami {via}.", "en": "Get in touch {via}."}


def invitation(
    mode: ServiceMode | None,
    group: Group,
    said: bool,
    language: Language,
    rental: bool = False,
) -> Invitation:
    """The invitation for the business's main way of serving customers.

    `said`: the user stated this way (not only the kind's usual one), so "we come to you"
    and "we deliver" may be said. `rental`: the customer hires a vehicle (keys and dates,
    not a slot or a visit).
    """
    if rental and mode not in ("online",):
        return _RENTAL[language]
    if mode == "walk_in":
        return WALK_IN[group][language]
    if mode == "appointment":
        if group == "class":
            return _ENROL[language]
        if group == "stay":
            return _BOOK_STAY[language]
        return _APPOINTMENT[language]
    if mode == "home_based":
        return _HOME_BASED[language]
    if mode == "pickup":
        return _PICKUP[language]
    if mode == "delivery":
        return (_DELIVERY_SAID if said else _DELIVERY)[language]
    if mode == "on_site":
        return (_ON_SITE_SAID if said else _ON_SITE)[language]
    if mode == "online":
        return _ONLINE[language]
    return _NEUTRAL[language]
