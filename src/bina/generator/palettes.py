"""Colour palettes that suit each kind of business, with WCAG AA contrast guaranteed.

Each kind has a few hand-picked themes (a main colour, a second colour, a deep ink and a
light tint). A style turns a theme into a concrete palette for its own treatment (light,
paper or dark), and every text/background pair is then nudged until it meets WCAG AA:
4.5:1 for text, 3:1 for large text and graphics.
"""

from __future__ import annotations

import colorsys
import re
from dataclasses import dataclass
from functools import lru_cache

from bina.generator.profile import BusinessType

AA_TEXT = 4.5
AA_LARGE = 3.0


@dataclass(frozen=True)
class Theme:
    """Hand-picked colours for a kind of business."""

    key: str
    main: str
    second: str
    ink: str
    tint: str
    #: A bright colour for the bold style's highlights, when `second` is too dark for it.
    pop: str | None = None


THEMES: dict[BusinessType, tuple[Theme, ...]] = {
    "restaurant": (
        Theme("sambal", "#c2410c", "#f5b400", "#2b1a12", "#fff4e6"),
        Theme("pandan", "#2f7d32", "#e8a317", "#14261a", "#f1f8ec"),
        Theme("kari", "#b45309", "#7f1d1d", "#2a1608", "#fdf3e2", "#fbbf24"),
    ),
    "cafe": (
        Theme("kopi", "#7c4a2d", "#d9a066", "#241711", "#f7efe6"),
        Theme("matcha", "#4d7c0f", "#b08968", "#1b2412", "#f3f6ea", "#d9f99d"),
        Theme("espresso", "#5b3a29", "#e07a5f", "#1f1410", "#fbf1ea"),
    ),
    "bakery": (
        Theme("strawberry", "#be3455", "#f4a259", "#3a1a22", "#fff1f3"),
        Theme("butter", "#a16207", "#d97787", "#2e2210", "#fff8e7", "#f9a8d4"),
        Theme("cocoa", "#6b3e2e", "#e9a8b6", "#24140f", "#fcf1ee"),
    ),
    "catering": (
        Theme("emerald", "#0f766e", "#d4a017", "#0f2322", "#effaf7"),
        Theme("songket", "#7e22ce", "#d4a017", "#221433", "#f7f0fd"),
        Theme("rempah", "#b91c1c", "#f59e0b", "#2b1111", "#fff5ef"),
    ),
    "salon": (
        Theme("rose", "#b83280", "#f6ad55", "#33142a", "#fdf0f7"),
        Theme("plum", "#6b21a8", "#e9a8c9", "#25123a", "#f8f1fd"),
        Theme("blush", "#be123c", "#fcd5ce", "#3b0d18", "#fff1f2"),
    ),
    "clinic": (
        Theme("teal", "#0e7490", "#34d399", "#0c2530", "#ecf8fb"),
        Theme("sky", "#1d4ed8", "#5eead4", "#0f1e3d", "#eef4ff"),
        Theme("mint", "#047857", "#60a5fa", "#0b2a20", "#ecfbf4"),
    ),
    "fitness": (
        Theme("volt", "#15803d", "#d9f99d", "#0b1a10", "#f0fdf4"),
        Theme("blaze", "#ea580c", "#1f2937", "#1a0f08", "#fff4ec", "#fde047"),
        Theme("electric", "#4338ca", "#facc15", "#121036", "#f0f0ff"),
    ),
    "education": (
        Theme("ink", "#1d4ed8", "#fbbf24", "#0f1b3d", "#eff5ff"),
        Theme("chalk", "#166534", "#fde68a", "#0f2416", "#f0f9f1"),
        Theme("crayon", "#c2410c", "#2563eb", "#2a160b", "#fff5ed", "#facc15"),
    ),
    "automotive": (
        Theme("torque", "#c2410c", "#1f2937", "#111827", "#f8f5f2", "#facc15"),
        Theme("racing", "#b91c1c", "#fbbf24", "#18181b", "#fafafa"),
        Theme("steel", "#1e40af", "#f97316", "#0f172a", "#f1f5f9"),
    ),
    "laundry": (
        Theme("aqua", "#0369a1", "#67e8f9", "#0b2336", "#eef8fd"),
        Theme("fresh", "#0d9488", "#a5b4fc", "#0d2624", "#effbf9"),
        Theme("lavender", "#6d28d9", "#7dd3fc", "#1e1236", "#f5f1fe"),
    ),
    "florist": (
        Theme("peony", "#be185d", "#65a30d", "#3a1027", "#fdf0f6", "#a3e635"),
        Theme("meadow", "#4d7c0f", "#f472b6", "#1a2610", "#f4f9ec"),
        Theme("lilac", "#7e22ce", "#84cc16", "#24123a", "#f8f1fe"),
    ),
    "tailor": (
        Theme("indigo", "#3730a3", "#d4a017", "#14123a", "#f2f2fd"),
        Theme("songket", "#9f1239", "#e0b341", "#2e0d18", "#fdf1f4"),
        Theme("linen", "#57534e", "#b45309", "#1c1917", "#f7f4ef", "#fbbf24"),
    ),
    "homestay": (
        Theme("kampung", "#3f6212", "#d97706", "#1a240e", "#f5f8ec", "#fbbf24"),
        Theme("sunset", "#c2410c", "#0e7490", "#2b160b", "#fff5ee", "#fcd34d"),
        Theme("highland", "#166534", "#93c5fd", "#0d2215", "#eff8f1"),
    ),
    "retail": (
        Theme("market", "#ea580c", "#0f766e", "#221208", "#fff6ee", "#5eead4"),
        Theme("bazaar", "#0f766e", "#f59e0b", "#0c2422", "#edfaf7"),
        Theme("berry", "#9d174d", "#fbbf24", "#2c0b19", "#fdf0f5"),
    ),
    "pet_shop": (
        Theme("paws", "#0d9488", "#fb923c", "#0b2523", "#eefbf9"),
        Theme("sunny", "#d97706", "#0ea5e9", "#2a1a05", "#fff8e8"),
        Theme("berry", "#be185d", "#22c55e", "#33101f", "#fdf0f6"),
    ),
    "photography": (
        Theme("noir", "#27272a", "#eab308", "#09090b", "#f4f4f5"),
        Theme("film", "#9a3412", "#fbbf24", "#1c1009", "#fbf4ee"),
        Theme("studio", "#1e3a8a", "#f472b6", "#0c1430", "#eff3fb"),
    ),
    "vehicle_rental": (
        Theme("highway", "#1d4ed8", "#f59e0b", "#0f172a", "#eef3fd"),
        Theme("asphalt", "#334155", "#facc15", "#0b1120", "#f3f5f8"),
        Theme("cruise", "#0f766e", "#f97316", "#0b2220", "#edf9f7"),
    ),
    "aircond_service": (
        Theme("frost", "#0369a1", "#38bdf8", "#0b2233", "#eef8fd"),
        Theme("breeze", "#0e7490", "#a3e635", "#0a2429", "#ecfafc", "#bef264"),
        Theme("cool", "#1e40af", "#22d3ee", "#0f1a3a", "#eff4ff"),
    ),
    "electrician": (
        Theme("spark", "#a16207", "#1e3a8a", "#1f1a0b", "#fefae8", "#facc15"),
        Theme("circuit", "#1e3a8a", "#facc15", "#0e1733", "#eff3fc"),
        Theme("live", "#b91c1c", "#fbbf24", "#230c0c", "#fff3f1"),
    ),
    "plumber": (
        Theme("pipe", "#1d4ed8", "#f97316", "#0f1b3d", "#eef4ff"),
        Theme("flow", "#0e7490", "#facc15", "#0b232b", "#ecf9fb"),
        Theme("copper", "#9a3412", "#38bdf8", "#24120a", "#fdf3ee"),
    ),
    "cleaning": (
        Theme("sparkle", "#0d9488", "#fbbf24", "#0b2523", "#eefbf9"),
        Theme("fresh", "#2563eb", "#86efac", "#0f1c3d", "#eff5ff"),
        Theme("citrus", "#4d7c0f", "#facc15", "#182410", "#f4f9ea"),
    ),
    "moving": (
        Theme("lorry", "#c2410c", "#1e3a8a", "#22130a", "#fff5ee", "#fdba74"),
        Theme("cargo", "#1e3a8a", "#f59e0b", "#0e1733", "#eff3fc"),
        Theme("route", "#15803d", "#facc15", "#0d1f13", "#effaf2"),
    ),
    "fruit_stall": (
        Theme("durian", "#4d7c0f", "#eab308", "#1a2610", "#f6faea"),
        Theme("rambutan", "#b91c1c", "#65a30d", "#2a0f0f", "#fff2f0", "#a3e635"),
        Theme("mango", "#c2410c", "#16a34a", "#2a160b", "#fff6ea", "#fde047"),
    ),
    "home_food": (
        Theme("dapur", "#b45309", "#15803d", "#2a1808", "#fff7e8", "#fbbf24"),
        Theme("pandan", "#2f7d32", "#e8a317", "#14261a", "#f1f8ec"),
        Theme("gula", "#9f1239", "#f59e0b", "#2e0d18", "#fff1f3"),
    ),
    "grocery": (
        Theme("runcit", "#15803d", "#f59e0b", "#0f2416", "#effaf2"),
        Theme("market", "#ea580c", "#0f766e", "#221208", "#fff6ee", "#5eead4"),
        Theme("fresh", "#0f766e", "#facc15", "#0c2422", "#edfaf7"),
    ),
    "religious_class": (
        Theme("hijau", "#166534", "#d4a017", "#0f2416", "#f0f9f1"),
        Theme("subuh", "#1e3a8a", "#d4a017", "#0e1733", "#eff3fc"),
        Theme("firus", "#0f766e", "#e0b341", "#0c2422", "#edfaf7"),
    ),
    "tuition": (
        Theme("ink", "#1d4ed8", "#fbbf24", "#0f1b3d", "#eff5ff"),
        Theme("chalk", "#166534", "#fde68a", "#0f2416", "#f0f9f1"),
        Theme("marker", "#b91c1c", "#2563eb", "#2a1010", "#fff3f1", "#facc15"),
    ),
    "childcare": (
        Theme("crayon", "#c2410c", "#2563eb", "#2a160b", "#fff5ed", "#facc15"),
        Theme("sky", "#0369a1", "#f472b6", "#0b2336", "#eef8fd"),
        Theme("meadow", "#15803d", "#fb923c", "#0d1f13", "#f0fbf2"),
    ),
    "bridal": (
        Theme("champagne", "#9d174d", "#d4a017", "#2c0b19", "#fdf2f6"),
        Theme("songket", "#7e22ce", "#e0b341", "#221433", "#f8f1fd"),
        Theme("ivory", "#78350f", "#e9a8b6", "#24140a", "#fcf6ee"),
    ),
    "barber": (
        Theme("copper", "#1e3a5f", "#c8733b", "#101b2b", "#f1f4f8", "#f6ad55"),
        Theme("charcoal", "#27272a", "#d4a017", "#09090b", "#f4f4f5"),
        Theme("oxblood", "#7f1d1d", "#d6b36a", "#1f0a0a", "#fbf3f1"),
    ),
    "massage": (
        Theme("serai", "#3f6212", "#d6b36a", "#182410", "#f5f8ec"),
        Theme("lavender", "#6d28d9", "#a7f3d0", "#1e1236", "#f5f1fe"),
        Theme("teak", "#7c4a2d", "#86efac", "#241711", "#f7efe6"),
    ),
    "physiotherapy": (
        Theme("teal", "#0e7490", "#34d399", "#0c2530", "#ecf8fb"),
        Theme("motion", "#1d4ed8", "#fb923c", "#0f1e3d", "#eef4ff"),
        Theme("mint", "#047857", "#60a5fa", "#0b2a20", "#ecfbf4"),
    ),
    "pet_grooming": (
        Theme("bubbles", "#0369a1", "#fb923c", "#0b2336", "#eef8fd"),
        Theme("paws", "#0d9488", "#f472b6", "#0b2523", "#eefbf9"),
        Theme("sunny", "#d97706", "#7c3aed", "#2a1a05", "#fff8e8", "#c4b5fd"),
    ),
    "bicycle_shop": (
        Theme("trail", "#15803d", "#f97316", "#0d1f13", "#effaf2"),
        Theme("chain", "#27272a", "#facc15", "#09090b", "#f4f4f5"),
        Theme("velo", "#b91c1c", "#0ea5e9", "#230c0c", "#fff3f1"),
    ),
    "phone_repair": (
        Theme("circuit", "#1d4ed8", "#22d3ee", "#0f1b3d", "#eef4ff"),
        Theme("graphite", "#334155", "#34d399", "#0b1120", "#f3f5f8"),
        Theme("signal", "#7c3aed", "#facc15", "#1c1236", "#f6f2fe"),
    ),
    "printing": (
        Theme("cmyk", "#0e7490", "#db2777", "#0a2429", "#ecfafc", "#f9a8d4"),
        Theme("press", "#27272a", "#f59e0b", "#09090b", "#f4f4f5"),
        Theme("poster", "#c2410c", "#2563eb", "#2a160b", "#fff5ed", "#fde047"),
    ),
    "general": (
        Theme("indigo", "#4338ca", "#f59e0b", "#151338", "#f1f1fd"),
        Theme("teal", "#0f766e", "#f97316", "#0c2422", "#edfaf8"),
        Theme("berry", "#a21caf", "#facc15", "#2b0f33", "#fbf0fd"),
    ),
}


def _rgb(color: str) -> tuple[float, float, float]:
    value = color.lstrip("#")
    return int(value[0:2], 16) / 255, int(value[2:4], 16) / 255, int(value[4:6], 16) / 255


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(color: str) -> float:
    """Relative luminance as WCAG 2 defines it."""

    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(color))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21)."""
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


def mix(first: str, second: str, amount: float) -> str:
    """`first` moved `amount` (0..1) of the way towards `second`."""
    a, b = _rgb(first), _rgb(second)
    return _hex(tuple(x + (y - x) * amount for x, y in zip(a, b, strict=True)))  # type: ignore[arg-type]


@lru_cache(maxsize=4096)
def readable(color: str, background: str, ratio: float = AA_TEXT) -> str:
    """`color`, darkened or lightened just enough to reach `ratio` against `background`."""
    if contrast(color, background) >= ratio:
        return color
    hue, light, saturation = colorsys.rgb_to_hls(*_rgb(color))
    darker = luminance(background) > 0.18
    for step in range(1, 101):
        shifted = light - step / 100 if darker else light + step / 100
        candidate = _hex(colorsys.hls_to_rgb(hue, max(0.0, min(1.0, shifted)), saturation))
        if contrast(candidate, background) >= ratio:
            return candidate
    return "#000000" if darker else "#ffffff"


def on(background: str) -> str:
    """Black-ish or white text, whichever reads better on `background`."""
    return (
        "#ffffff"
        if contrast("#ffffff", background) >= contrast("#111111", background)
        else "#111111"
    )


@dataclass(frozen=True)
class Palette:
    """Concrete colours for one page; every pair used for text meets WCAG AA."""

    theme: str
    bg: str
    surface: str
    text: str
    muted: str
    primary: str
    on_primary: str
    accent: str
    on_accent: str
    link: str
    border: str
    band: str
    on_band: str
    heading: str
    art: tuple[str, str, str, str, str]

    def css_variables(self) -> str:
        names = ("bg", "surface", "text", "muted", "primary", "on-primary", "accent")
        values = (self.bg, self.surface, self.text, self.muted, self.primary, self.on_primary)
        pairs = [*zip(names, (*values, self.accent), strict=True)]
        pairs += [
            ("on-accent", self.on_accent),
            ("link", self.link),
            ("border", self.border),
            ("band", self.band),
            ("on-band", self.on_band),
            ("heading", self.heading),
        ]
        pairs += [(f"a{index + 1}", color) for index, color in enumerate(self.art)]
        return ";".join(f"--{name}:{value}" for name, value in pairs)

    def text_pairs(self) -> list[tuple[str, str, str, float]]:
        """(what, foreground, background, required ratio) for every text pairing used."""
        return [
            ("text on bg", self.text, self.bg, AA_TEXT),
            ("text on surface", self.text, self.surface, AA_TEXT),
            ("muted on bg", self.muted, self.bg, AA_TEXT),
            ("muted on surface", self.muted, self.surface, AA_TEXT),
            ("on-primary on primary", self.on_primary, self.primary, AA_TEXT),
            ("on-accent on accent", self.on_accent, self.accent, AA_TEXT),
            ("link on bg", self.link, self.bg, AA_TEXT),
            ("link on surface", self.link, self.surface, AA_TEXT),
            ("on-band on band", self.on_band, self.band, AA_TEXT),
            ("heading on bg (large)", self.heading, self.bg, AA_LARGE),
            ("heading on surface (large)", self.heading, self.surface, AA_LARGE),
        ]


# A salon whose description speaks of barbering (a profile saved before barbers were a kind
# of their own, or a unisex salon) still wants the barber-shop look rather than rose and plum.
BARBER_THEMES: tuple[Theme, ...] = THEMES["barber"]
_BARBER = re.compile(r"\bbarber|gunting rambut lelaki|potong rambut lelaki|men'?s grooming", re.I)


def themes_for(business_type: BusinessType, description: str = "") -> tuple[Theme, ...]:
    """The themes that suit a kind of business (a salon that barbers gets the barber's)."""
    if business_type == "salon" and _BARBER.search(description):
        return BARBER_THEMES
    return THEMES.get(business_type, THEMES["general"])


def theme_by_key(themes: tuple[Theme, ...], key: str | None, fallback: int) -> Theme:
    """The theme called `key`, else the `fallback`-th (wrapping around)."""
    for theme in themes:
        if theme.key == key:
            return theme
    return themes[fallback % len(themes)]


@lru_cache(maxsize=512)
def light_palette(theme: Theme) -> Palette:
    """Modern: white cards on a faint tint of the main colour."""
    bg = mix(theme.tint, "#ffffff", 0.35)
    surface = "#ffffff"
    primary = readable(theme.main, "#ffffff", AA_TEXT)
    text = readable(theme.ink, bg)
    accent = mix(theme.second, "#ffffff", 0.55)
    band = readable(mix(theme.main, theme.ink, 0.35), "#ffffff", 7)
    return Palette(
        theme=theme.key,
        bg=bg,
        surface=surface,
        text=text,
        muted=readable(mix(theme.ink, bg, 0.35), bg),
        primary=primary,
        on_primary=on(primary),
        accent=accent,
        on_accent=readable(theme.ink, accent),
        link=readable(primary, bg),
        border=mix(theme.tint, theme.ink, 0.1),
        band=band,
        on_band=on(band),
        heading=readable(primary, bg, AA_LARGE),
        art=(theme.main, theme.second, mix(theme.tint, "#ffffff", 0.4), theme.ink, theme.tint),
    )


@lru_cache(maxsize=512)
def paper_palette(theme: Theme) -> Palette:
    """Minimal: warm paper, near-black ink and one restrained accent."""
    bg = "#faf8f4"
    surface = "#ffffff"
    ink = mix("#1c1917", theme.ink, 0.3)
    primary = readable(mix(theme.main, ink, 0.25), bg, AA_TEXT)
    accent = mix(theme.main, bg, 0.82)
    soft_main = mix(theme.main, "#d6d3d1", 0.45)
    soft_second = mix(theme.second, "#e7e5e4", 0.45)
    return Palette(
        theme=theme.key,
        bg=bg,
        surface=surface,
        text=readable(ink, bg, 7),
        muted=readable("#6b6560", bg),
        primary=primary,
        on_primary=on(primary),
        accent=accent,
        on_accent=readable(ink, accent),
        link=primary,
        border="#d9d4cc",
        band=readable(ink, "#ffffff", 7),
        on_band="#ffffff",
        heading=readable(primary, surface, AA_LARGE),
        art=(soft_main, soft_second, "#f3efe8", mix(ink, "#ffffff", 0.15), "#ebe5dc"),
    )


@lru_cache(maxsize=512)
def dark_palette(theme: Theme) -> Palette:
    """Bold: a vivid main colour, near-black sections and a loud second colour."""
    bg = mix(theme.ink, "#000000", 0.55)
    surface = mix(theme.ink, "#000000", 0.25)
    primary = theme.main
    if contrast("#ffffff", primary) < AA_TEXT:
        primary = readable(primary, "#ffffff", AA_TEXT)
    accent = theme.pop or theme.second
    if luminance(accent) < 0.3:
        accent = readable(accent, bg, 7)
    return Palette(
        theme=theme.key,
        bg=bg,
        surface=surface,
        text="#ffffff",
        muted=readable(mix("#ffffff", bg, 0.3), surface),
        primary=primary,
        on_primary=on(primary),
        accent=accent,
        on_accent=readable(mix(theme.ink, "#000000", 0.3), accent),
        link=readable(accent, bg),
        border=mix(surface, "#ffffff", 0.15),
        band=accent,
        on_band=readable(mix(theme.ink, "#000000", 0.3), accent),
        heading=readable(accent, surface, AA_LARGE),
        art=(
            theme.main,
            theme.second,
            mix(theme.tint, "#ffffff", 0.2),
            mix(theme.ink, "#000000", 0.4),
            mix(theme.main, "#000000", 0.25),
        ),
    )
