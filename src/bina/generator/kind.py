"""What one kind of business is made of, and keyword pieces its tables share.

A module of its own so that the keyword tables (`kinds_food_shops`, `kinds_trades`,
`kinds_care_learning`) and the assembled table in `kinds` can all build on it without
importing each other.
"""

from __future__ import annotations

from dataclasses import dataclass

from bina.generator.profile import BusinessType


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
PET_CAT = (
    r"(?<!tukang )(?<!servis )(?<!upah )(?<!kerja )cats?"
    r"(?! (?:rumah|kereta|dinding|bumbung|pagar|pintu|tingkap|semula|dalam|luar|penuh|motor|"
    r"kilang|kedai|pejabat|bangunan))"
)
