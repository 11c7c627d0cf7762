"""Flat motifs drawn in SVG for each kind of business, in a 100×100 box.

The drawings live in `motifs.txt` (one block per motif: its key, its alt text in Malay and
English, then SVG elements). Colours are classes, not values: `f1` main, `f2` second, `f3`
light, `f4` ink, `f5` tint (and `s1`–`s4` for strokes), so each style's CSS paints one
drawing in its own palette. Nothing here comes from the user: the markup is safe to inline.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources

from bina.generator.profile import BusinessType, Language


@dataclass(frozen=True)
class Motif:
    key: str
    svg: str
    alt: dict[Language, str]


def _load(text: str) -> dict[str, Motif]:
    motifs: dict[str, Motif] = {}
    key: str | None = None
    alt: dict[Language, str] = {}
    elements: list[str] = []

    def finish() -> None:
        if key is not None:
            motifs[key] = Motif(key=key, svg="".join(elements), alt=dict(alt))

    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            finish()
            key, alt, elements = line[1:-1], {}, []
        elif line.startswith("ms:"):
            alt["ms"] = line[3:].strip()
        elif line.startswith("en:"):
            alt["en"] = line[3:].strip()
        else:
            elements.append(line)
    finish()
    return motifs


MOTIFS: dict[str, Motif] = _load(
    resources.files("bina.generator").joinpath("motifs.txt").read_text("utf-8")
)

#: The motifs that fit each kind: the first leads the hero, the rest fill the gallery.
KIND_MOTIFS: dict[BusinessType, tuple[str, ...]] = {
    "restaurant": ("bowl", "plate", "glass", "leaf"),
    "cafe": ("cup", "beans", "cake", "leaf"),
    "bakery": ("cake", "cupcake", "bread", "cup"),
    "catering": ("cloche", "bowl", "plate", "leaf"),
    "salon": ("mirror", "scissors", "polish", "flower"),
    "clinic": ("cross", "heart", "capsule", "leaf"),
    "fitness": ("dumbbell", "kettlebell", "heart", "leaf"),
    "education": ("book", "cap", "pencil", "chat"),
    "automotive": ("car", "wrench", "tyre", "gear"),
    "laundry": ("washer", "shirt", "bubbles", "leaf"),
    "florist": ("bouquet", "flower", "tulip", "leaf"),
    "tailor": ("shirt", "scissors", "spool", "tag"),
    "homestay": ("house", "palm", "key", "leaf"),
    "retail": ("bag", "basket", "tag", "shop"),
    "pet_shop": ("paw", "fish", "bone", "heart"),
    "photography": ("camera", "aperture", "frame", "leaf"),
    "general": ("shop", "chat", "leaf", "tag"),
}
