"""The offline writer's fixed phrases: section titles, offer titles and leads, offer buttons
and how an order reaches the customer, in Malay and English.

Tables only, no logic: the writer (copy) picks among them, and keeping them apart lets the
wording be read and extended without reading the code that chooses it.
"""

from __future__ import annotations

from bina.generator.copy_kinds import Group
from bina.generator.profile import Language

__all__ = [
    "CTA_OFFER",
    "HANDOVER",
    "OFFER_LEAD",
    "OFFER_TITLES",
    "RENTAL_DELIVERY",
    "SECTION_TITLES",
]

OFFER_TITLES: dict[Group, dict[Language, tuple[str, ...]]] = {
    "food": {
        "ms": ("Menu", "Menu kami", "Hidangan kami"),
        "en": ("Menu", "Our menu", "On the menu"),
    },
    "service": {
        "ms": ("Perkhidmatan", "Perkhidmatan kami", "Servis kami"),
        "en": ("Services", "Our services", "What we do"),
    },
    "class": {
        "ms": ("Kelas", "Kelas kami", "Kelas & yuran"),
        "en": ("Classes", "Our classes", "Classes & fees"),
    },
    "stay": {
        "ms": ("Bilik & kadar", "Penginapan", "Pilihan bilik"),
        "en": ("Rooms & rates", "Stay with us", "Rooms"),
    },
    "shop": {
        "ms": ("Produk", "Produk kami", "Koleksi kami"),
        "en": ("Products", "What we sell", "Our range"),
    },
}
OFFER_LEAD: dict[Group, dict[Language, str]] = {
    "food": {"ms": "Antara hidangan kami: {items}.", "en": "On our menu: {items}."},
    "service": {"ms": "Perkhidmatan kami termasuk {items}.", "en": "Our services include {items}."},
    "class": {"ms": "Kelas yang ditawarkan: {items}.", "en": "Classes on offer: {items}."},
    "stay": {"ms": "Pilihan penginapan: {items}.", "en": "Choose from {items}."},
    "shop": {"ms": "Antara produk kami: {items}.", "en": "Among what we sell: {items}."},
}
SECTION_TITLES: dict[str, dict[Language, tuple[str, ...]]] = {
    "about": {
        "ms": ("Tentang kami", "Kenali kami", "Siapa kami"),
        "en": ("About us", "Who we are", "Get to know us"),
    },
    "gallery": {
        "ms": ("Galeri", "Sekilas pandang", "Galeri kami"),
        "en": ("Gallery", "A closer look", "At a glance"),
    },
    "hours": {
        "ms": ("Waktu operasi", "Waktu perniagaan", "Bila kami buka"),
        "en": ("Opening hours", "Hours", "When we're open"),
    },
    "location": {
        "ms": ("Lokasi", "Cari kami", "Lokasi kami"),
        "en": ("Location", "Find us", "Where to find us"),
    },
    "contact": {
        "ms": ("Hubungi kami", "Ada soalan?", "Jom berhubung"),
        "en": ("Contact us", "Get in touch", "Questions?"),
    },
}
CTA_OFFER: dict[Group, tuple[str, str]] = {
    "food": ("Lihat menu", "See the menu"),
    "service": ("Lihat perkhidmatan", "See services"),
    "class": ("Lihat kelas", "See classes"),
    "stay": ("Lihat bilik", "See rooms"),
    "shop": ("Lihat produk", "See products"),
}
RENTAL_DELIVERY = ("Kenderaan boleh dihantar kepada anda.", "We can bring the vehicle to you.")
#: Home kitchens and other order-first businesses: how the order reaches the customer.
HANDOVER: dict[tuple[bool, bool], tuple[str, str]] = {
    (True, True): ("Boleh ambil sendiri atau kami hantar.", "Collect it or have it delivered."),
    (True, False): ("Ambil sendiri di tempat kami.", "Collect it from us."),
    (False, True): ("Kami boleh hantar kepada anda.", "We can deliver to you."),
}
