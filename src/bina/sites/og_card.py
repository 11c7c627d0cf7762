"""The preview card a published site shows when its link is shared (`og:image`).

WhatsApp, Facebook and others show a 1200×630 picture under a shared link; `draw_og_card`
draws one from the site's facts (the business name large, its kind and area below, the
palette's colours and the owner's logo) so the preview shows the business, not a blank box.

Text is drawn with DejaVu Sans when the system has it (accents, Arabic script, Cyrillic), a
CJK font when one is installed and the name needs it, else with the TrueType font bundled
in Pillow (plain Latin only). Characters the chosen font lacks are drawn without their accent
(é as e) or left out, never as empty boxes. Every call opens its own font faces, so cards
may be drawn in several threads at once.
"""

from __future__ import annotations

import functools
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from PIL import Image, ImageDraw, ImageFont, ImageOps

from bina.sites.photos import MAX_PIXELS

WIDTH: Final = 1200
HEIGHT: Final = 630

_BAND: Final = 28  # the accent band down the left edge
_LEFT: Final = _BAND + 68
_RIGHT: Final = 80
_NAME_SIZES: Final = tuple(range(104, 51, -8))  # largest first; the smallest may be cut short
_NAME_LINES: Final = 3
_NAME_BLOCK: Final = 330  # the most height the name may take
_META_SIZE: Final = 40
_LEADING: Final = 1.16  # line height over font size: room for accents and descenders
_GAP: Final = 30
_RULE: Final = 8  # the short accent rule between the name and the kind
_LOGO_SIDE: Final = 300
_LOGO_RADIUS: Final = 44
_MAX_TEXT: Final = 200  # characters of any one text considered at all

_COLOUR: Final = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")
# Embeddings, overrides and isolates: they could turn a name around or hide part of it.
_BIDI_CONTROLS: Final = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_ELLIPSIS: Final = "…"

# (bold, regular, face index), most complete first. Debian/Ubuntu paths, then others.
_SYSTEM_FONTS: Final = (
    *(
        (f"{folder}/DejaVuSans-Bold.ttf", f"{folder}/DejaVuSans.ttf", 0)
        for folder in (
            "/usr/share/fonts/truetype/dejavu",
            "/usr/share/fonts/dejavu",
            "/usr/share/fonts/TTF",
            "/usr/share/fonts/ttf-dejavu",
        )
    ),
    # Noto Sans CJK (fonts-noto-cjk); face 2 of the collection is Simplified Chinese.
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
    ),
)


@dataclass(frozen=True)
class OgCardSpec:
    """What the card shows. Colours are "#rrggbb"; `foreground` must read on `background`."""

    name: str
    kind: str
    area: str | None
    background: str
    foreground: str
    accent: str
    logo: bytes | None = None

    def __post_init__(self) -> None:
        for field in ("background", "foreground", "accent"):
            value = getattr(self, field)
            if not isinstance(value, str) or not _COLOUR.fullmatch(value):
                raise ValueError(f"OgCardSpec.{field} must be a colour like #1a2b3c, not {value!r}")


def draw_og_card(spec: OgCardSpec) -> bytes:
    """The 1200×630 PNG preview card for `spec`."""
    background = _rgb(spec.background)
    foreground = _rgb(spec.foreground)
    accent = _shape_colour(_rgb(spec.accent), background, foreground)

    card = Image.new("RGB", (WIDTH, HEIGHT), background)
    draw = ImageDraw.Draw(card)
    draw.rectangle((0, 0, _BAND - 1, HEIGHT), fill=accent)

    text_right = WIDTH - _RIGHT
    tile = _logo_tile(spec.logo) if spec.logo else None
    if tile is not None:
        left = WIDTH - _RIGHT - _LOGO_SIDE
        top = (HEIGHT - _LOGO_SIDE) // 2
        # An accent square behind the logo, offset: a frame that survives any logo colours.
        draw.rounded_rectangle(
            (left + 18, top + 18, left + _LOGO_SIDE + 18, top + _LOGO_SIDE + 18),
            radius=_LOGO_RADIUS,
            fill=accent,
        )
        card.paste(tile, (left, top), _rounded_mask(_LOGO_SIDE, _LOGO_RADIUS))
        text_right = left - 64

    name = _clean(spec.name)
    meta = " · ".join(text for text in (_clean(spec.kind), _clean(spec.area or "")) if text)
    bold, regular = _fonts_for(name + meta)
    name = _drawable(name, bold)
    meta = _drawable(meta, regular)
    width = text_right - _LEFT

    name_font, lines = _fit_name(name, bold, width)
    line_height = round(name_font.size * _LEADING)
    meta_font = regular.font_variant(size=_META_SIZE)
    meta_line = _ellipsize(meta, meta_font, width)
    meta_block = _GAP + _RULE + _GAP + round(_META_SIZE * _LEADING)
    block = len(lines) * line_height + (meta_block if meta_line else 0)
    y = max(40, (HEIGHT - block) // 2)
    for line in lines:
        draw.text((_LEFT, y), line, font=name_font, fill=foreground, anchor="la")
        y += line_height
    if meta_line:
        y += _GAP if lines else 0
        draw.rounded_rectangle((_LEFT, y, _LEFT + 96, y + _RULE), radius=_RULE // 2, fill=accent)
        y += _RULE + _GAP
        draw.text((_LEFT, y), meta_line, font=meta_font, fill=foreground, anchor="la")

    out = io.BytesIO()
    card.save(out, "PNG", optimize=True)
    return out.getvalue()


def _rgb(colour: str) -> tuple[int, int, int]:
    digits = colour[1:]
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))


def _shape_colour(
    accent: tuple[int, int, int],
    background: tuple[int, int, int],
    foreground: tuple[int, int, int],
) -> tuple[int, int, int]:
    """The accent, unless it would vanish into the background: then the text colour."""
    distance = sum(abs(a - b) for a, b in zip(accent, background, strict=True))
    return accent if distance >= 90 else foreground


def _clean(text: str) -> str:
    """One line of text: no control or direction-override characters, single spaces."""
    text = unicodedata.normalize("NFC", text[: _MAX_TEXT * 2])
    kept = []
    for ch in text:
        if ch.isspace():
            kept.append(" ")
        elif ch in _BIDI_CONTROLS or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append(ch)
    return " ".join("".join(kept).split())[:_MAX_TEXT]


# Fonts


@functools.cache
def _base_fonts() -> tuple[tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont], ...]:
    """(bold, regular) font pairs found on this machine, best first, Pillow's own last.

    Only ever used through `font_variant`, which opens a new face: FreeType faces are not
    shared between threads.
    """
    found = []
    for bold, regular, index in _SYSTEM_FONTS:
        if Path(bold).is_file() and Path(regular).is_file():
            try:
                found.append(
                    (
                        ImageFont.truetype(bold, 10, index=index),
                        ImageFont.truetype(regular, 10, index=index),
                    )
                )
            except OSError:
                continue
    bundled = ImageFont.load_default(size=10)
    if not isinstance(bundled, ImageFont.FreeTypeFont):  # Pillow built without FreeType
        raise RuntimeError("Pillow has no FreeType support, so no preview card can be drawn")
    found.append((bundled, bundled))
    return tuple(found)


def _fonts_for(text: str) -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
    """The first font pair that has every character of `text`, else the one with the most."""
    chars = {ch for ch in text if not ch.isspace()}
    best: tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont] | None = None
    best_missing = len(chars) + 1
    for pair in _base_fonts():
        probe = pair[0].font_variant(size=24)
        missing = sum(1 for ch in chars if not _has_glyph(probe, ch))
        if missing < best_missing:
            best, best_missing = pair, missing
        if missing == 0:
            break
    assert best is not None
    return best


def _has_glyph(font: ImageFont.FreeTypeFont, ch: str) -> bool:
    # A character the font lacks is drawn as its "missing" glyph; U+F0000 (private use,
    # in no font) shows what that glyph looks like.
    return _glyph(font, ch) != _glyph(font, "\U000f0000")


def _glyph(font: ImageFont.FreeTypeFont, ch: str) -> tuple[tuple[int, int], bytes]:
    mask = font.getmask(ch)
    return mask.size, bytes(mask)


def _drawable(text: str, base: ImageFont.FreeTypeFont) -> str:
    """`text` with characters the font lacks replaced by their plain form (é by e, – by -), or
    left out."""
    probe = base.font_variant(size=24)
    known: dict[str, bool] = {}

    def has(ch: str) -> bool:
        if ch not in known:
            known[ch] = ch.isspace() or _has_glyph(probe, ch)
        return known[ch]

    out = []
    for ch in text:
        if has(ch):
            out.append(ch)
            continue
        if unicodedata.category(ch) == "Pd":  # any dash: en, em, figure…
            out.append("-")
            continue
        plain = "".join(
            part
            for part in unicodedata.normalize("NFKD", ch)
            if not unicodedata.combining(part) and has(part)
        )
        out.append(plain)
    return " ".join("".join(out).split())


# Layout


def _fit_name(
    name: str, base: ImageFont.FreeTypeFont, width: int
) -> tuple[ImageFont.FreeTypeFont, list[str]]:
    """The largest size at which the name fits in three lines, or the smallest, cut short."""
    font = base
    for size in _NAME_SIZES:
        font = base.font_variant(size=size)
        lines = _wrap(name, font, width, _NAME_LINES + 1)
        if len(lines) <= _NAME_LINES and len(lines) * round(size * _LEADING) <= _NAME_BLOCK:
            return font, lines
    lines = _wrap(name, font, width, _NAME_LINES + 1)
    if len(lines) > _NAME_LINES:
        last = _ellipsize(f"{lines[_NAME_LINES - 1]} {lines[_NAME_LINES]}", font, width, True)
        lines = [*lines[: _NAME_LINES - 1], last]
    return font, lines


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, most: int) -> list[str]:
    """Lines of `text` no wider than `width`, breaking long words; at most `most` lines."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        candidate = f"{current} {word}" if current else word
        if font.getlength(candidate) <= width:
            current = candidate
            continue
        if current:
            lines.append(current)
        current = word
        while font.getlength(current) > width and len(lines) < most:
            cut = _fitting(current, font, width)
            lines.append(current[:cut])
            current = current[cut:]
        if len(lines) >= most:
            return lines[:most]
    if current:
        lines.append(current)
    return lines[:most]


def _fitting(text: str, font: ImageFont.FreeTypeFont, width: int, suffix: str = "") -> int:
    """How many leading characters of `text` (plus `suffix`) fit in `width`; at least one."""
    low, high = 1, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if font.getlength(text[:middle] + suffix) <= width:
            low = middle
        else:
            high = middle - 1
    return low


def _ellipsize(text: str, font: ImageFont.FreeTypeFont, width: int, always: bool = False) -> str:
    """`text`, or as much of it as fits followed by "…" (always cut when `always`)."""
    if not text or (not always and font.getlength(text) <= width):
        return text
    cut = _fitting(text, font, width, _ELLIPSIS)
    return text[:cut].rstrip(" ·,.-") + _ELLIPSIS


# Logo


def _logo_tile(data: bytes) -> Image.Image | None:
    """The logo as a square tile, or None when it cannot be read (the card goes without)."""
    try:
        with Image.open(io.BytesIO(data), formats=["WEBP", "PNG", "JPEG"]) as source:
            if source.width * source.height > MAX_PIXELS:
                return None
            source.draft("RGB", (_LOGO_SIDE, _LOGO_SIDE))
            logo = source.convert("RGBA")
    except Exception:  # includes Pillow's DecompressionBombError and its warning
        return None
    low, _ = logo.getchannel("A").getextrema()
    if low == 255:
        # A photo: fill the square, cropping the edges.
        return ImageOps.fit(logo.convert("RGB"), (_LOGO_SIDE, _LOGO_SIDE), Image.Resampling.LANCZOS)
    # A drawn logo with transparency: whole, on white, with room around it.
    inner = _LOGO_SIDE - 2 * 28
    logo = ImageOps.contain(logo, (inner, inner), Image.Resampling.LANCZOS)
    tile = Image.new("RGB", (_LOGO_SIDE, _LOGO_SIDE), (255, 255, 255))
    tile.paste(logo, ((_LOGO_SIDE - logo.width) // 2, (_LOGO_SIDE - logo.height) // 2), logo)
    return tile


def _rounded_mask(side: int, radius: int) -> Image.Image:
    """A rounded-square mask, drawn large and shrunk so the corners are smooth."""
    scale = 4
    mask = Image.new("L", (side * scale, side * scale), 0)
    ImageDraw.Draw(mask).rounded_rectangle(
        (0, 0, side * scale - 1, side * scale - 1), radius=radius * scale, fill=255
    )
    return mask.resize((side, side), Image.Resampling.LANCZOS)
