"""The style variations: each a different design (layout, type, section treatment), not a
palette swap.

- `modern`: light and friendly. Sticky header, split hero with the motif in an arch card and a
  facts card over it (hours, place, lowest price), cards for the menu, a "good to know" panel,
  hours and map side by side, a colour band for contact, a bottom contact bar on phones.
  System sans-serif.
- `minimal`: editorial. Centred serif masthead, one small line-art motif over the name, plain
  WhatsApp and call buttons above the fold, numbered sections between hairlines, a classic
  price list with dotted leaders, a slim WhatsApp bar.
- `bold`: poster. Full-bleed colour blocks, huge uppercase type sized to the name, the motif
  cut out like a sticker and bleeding off a banded panel, hard-shadow buttons, a band of what
  is on offer (each once), numbered rows, dark sections and a sticky action bar.

A gallery appears only for the owner's photos; drawings are never shown as a gallery.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from bina.generator.palettes import (
    Palette,
    Theme,
    dark_palette,
    light_palette,
    paper_palette,
    theme_by_key,
    themes_for,
)
from bina.generator.profile import BusinessProfile, Language

StyleKey = str


@dataclass(frozen=True)
class Style:
    """One design: its template, how it colours a theme, its names in both languages."""

    key: StyleKey
    template: str
    names: dict[Language, str]
    descriptions: dict[Language, str]
    palette_for: Callable[[Theme], Palette]
    #: Which of a kind's themes this style starts from (varied by description, see theme_for).
    theme_offset: int
    #: Section order (the template lays each one out its own way).
    sections: tuple[str, ...]

    def name(self, language: Language) -> str:
        return self.names[language]

    def description(self, language: Language) -> str:
        return self.descriptions[language]


STYLES: dict[StyleKey, Style] = {
    "modern": Style(
        key="modern",
        template="modern.html.j2",
        names={"ms": "Moden", "en": "Modern"},
        descriptions={
            "ms": "Kemas dan mesra: kad, sudut bulat dan butang besar yang mudah ditekan.",
            "en": "Clean and friendly: cards, rounded corners and big buttons easy to tap.",
        },
        palette_for=light_palette,
        theme_offset=0,
        sections=("hero", "about", "offer", "facts", "gallery", "visit", "contact"),
    ),
    "minimal": Style(
        key="minimal",
        template="minimal.html.j2",
        names={"ms": "Minimalis", "en": "Minimal"},
        descriptions={
            "ms": "Gaya majalah: huruf serif, ruang lapang dan senarai harga klasik.",
            "en": "Editorial: serif type, generous white space and a classic price list.",
        },
        palette_for=paper_palette,
        theme_offset=1,
        sections=("hero", "about", "offer", "facts", "hours", "location", "gallery", "contact"),
    ),
    "bold": Style(
        key="bold",
        template="bold.html.j2",
        names={"ms": "Berani", "en": "Bold"},
        descriptions={
            "ms": "Gaya poster: warna penuh, huruf besar tebal dan butang tindakan sentiasa ada.",
            "en": "Poster-like: full-bleed colour, huge heavy type and an always-there action bar.",
        },
        palette_for=dark_palette,
        theme_offset=2,
        sections=("hero", "strip", "offer", "about", "facts", "gallery", "hours", "contact"),
    ),
}
STYLE_ORDER: tuple[StyleKey, ...] = ("modern", "minimal", "bold")


def get_style(key: StyleKey) -> Style:
    return STYLES[key]


def _seed(description: str) -> int:
    return int.from_bytes(hashlib.sha256(description.encode()).digest()[:4], "big")


def theme_for(profile: BusinessProfile, style: Style, key: str | None) -> Theme:
    """The theme called `key` among those that suit the business, else the one this style
    starts from for this description (so the three designs differ, and a re-render of a
    design picks what generation picked)."""
    themes = themes_for(profile.business_type, profile.description)
    return theme_by_key(themes, key, _seed(profile.description) + style.theme_offset)
