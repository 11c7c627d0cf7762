"""What a price is per: canonical unit keys, the words owners write for them, and their display.

A price's unit is stored as one of the keys below when the written word is one of its
synonyms ("sebiji", "pcs" and "each" are all `piece`; "bln", "sebulan" and "/month" are all
`month`); any other word is kept as written ("RM10 setiap tayar" has the unit "tayar").
"""

from __future__ import annotations

import re

from bina.generator.profile import Language

# key: the words for it, without the "se-"/"per"/"/" that joins them to a price.
_SYNONYMS: dict[str, str] = {
    "piece": (
        "biji bji keping kpg ketul ktl pcs pc piece pieces each ekor helai batang buah kuntum "
        "tangkai"
    ),
    "dozen": "dozen doz dzn lusin",
    "set": "set sets",
    "pack": "bungkus bks pack packs paket packet pek bekas peket",
    "box": "kotak box boxes",
    "kg": "kg kilo kilogram kgs",
    "gram": "gram g gm gr",
    "litre": "liter litre l ltr",
    "hour": "jam hour hours hr hrs j hourly",
    "day": "hari day days daily harian",
    "night": "malam night nights nite nightly",
    "week": "minggu week weeks weekly mingguan",
    "month": "bulan bln month months mth mo monthly bulanan",
    "year": "tahun thn year years yr yearly annual annually tahunan",
    "session": "sesi session sessions",
    "class": "kelas class classes lesson lessons",
    "person": "orang org pax person persons people head kepala pelajar student",
    "unit": "unit units",
    "trip": "trip trips perjalanan sehala",
    "km": "km kilometer kilometre",
    "page": "page pages halaman mukasurat pg",
}
UNIT_WORDS: dict[str, str] = {
    word: key for key, written in _SYNONYMS.items() for word in written.split()
}
UNIT_KEYS: tuple[str, ...] = tuple(_SYNONYMS)

# How each key follows a price on a site: "RM0.60 sebiji" / "RM0.60 each", "RM60/bulan".
UNIT_LABELS: dict[str, dict[Language, str]] = {
    "piece": {"ms": "sebiji", "en": "each"},
    "dozen": {"ms": "sedozen", "en": "per dozen"},
    "set": {"ms": "/set", "en": "/set"},
    "pack": {"ms": "sebungkus", "en": "per pack"},
    "box": {"ms": "sekotak", "en": "per box"},
    "kg": {"ms": "/kg", "en": "/kg"},
    "gram": {"ms": "/gram", "en": "/gram"},
    "litre": {"ms": "/liter", "en": "/litre"},
    "hour": {"ms": "/jam", "en": "/hour"},
    "day": {"ms": "/hari", "en": "/day"},
    "night": {"ms": "/malam", "en": "/night"},
    "week": {"ms": "/minggu", "en": "/week"},
    "month": {"ms": "/bulan", "en": "/month"},
    "year": {"ms": "/tahun", "en": "/year"},
    "session": {"ms": "/sesi", "en": "/session"},
    "class": {"ms": "/kelas", "en": "/class"},
    "person": {"ms": "seorang", "en": "per person"},
    "unit": {"ms": "/unit", "en": "/unit"},
    "trip": {"ms": "/trip", "en": "/trip"},
    "km": {"ms": "/km", "en": "/km"},
    "page": {"ms": "/muka surat", "en": "/page"},
}

# Keys an older reader stored, still shown the way they were.
_OLDER_LABELS: dict[str, dict[Language, str]] = {
    "each": {"ms": "setiap satu", "en": "each"},
    "jar": {"ms": "sebalang", "en": "per jar"},
    "plate": {"ms": "sepinggan", "en": "per plate"},
    "bowl": {"ms": "semangkuk", "en": "per bowl"},
    "cup": {"ms": "secawan", "en": "per cup"},
    "pair": {"ms": "sepasang", "en": "per pair"},
    "tray": {"ms": "seloyang", "en": "per tray"},
}


def unit_key(word: str) -> str | None:
    """The canonical key for a written unit word ("sebiji", "bln", "pax"), or None."""
    plain = word.strip().lower().rstrip(".")
    if plain in UNIT_WORDS:
        return UNIT_WORDS[plain]
    # "sebiji", "sebulan", "sekilo": "se-" is "one"; a short rest ("sel", "seg") is another word.
    if plain.startswith("se") and len(plain) >= 5 and plain[2:] in UNIT_WORDS:
        return UNIT_WORDS[plain[2:]]
    return None


def unit_display(unit: str, language: Language) -> str:
    """The words after a price: a key's label, or an owner's own unit as "/word"."""
    labels = UNIT_LABELS.get(unit) or _OLDER_LABELS.get(unit)
    if labels:
        return labels[language]
    written = re.sub(r"^(?:/|per\s+|setiap\s+)", "", unit.strip(), flags=re.I)
    return f"/{written}"
