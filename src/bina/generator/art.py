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

#: The motifs that fit each kind: the first leads the hero, the others support it.
KIND_MOTIFS: dict[BusinessType, tuple[str, ...]] = {
    "restaurant": ("bowl", "plate", "glass"),
    "cafe": ("cup", "beans", "cake"),
    "bakery": ("cake", "cupcake", "bread"),
    "catering": ("cloche", "bowl", "plate"),
    "salon": ("mirror", "scissors", "polish"),
    "clinic": ("cross", "heart", "capsule"),
    "fitness": ("dumbbell", "kettlebell", "heart"),
    "education": ("book", "pencil", "chat"),
    "automotive": ("car", "wrench", "tyre"),
    "laundry": ("washer", "shirt", "bubbles"),
    "florist": ("bouquet", "flower", "tulip"),
    "tailor": ("shirt", "scissors", "spool"),
    "homestay": ("house", "palm", "key"),
    "retail": ("bag", "tag", "shop"),
    "pet_shop": ("paw", "fish", "bone"),
    "photography": ("camera", "aperture", "frame"),
    "vehicle_rental": ("car", "carkey", "key"),
    "aircond_service": ("aircond", "snowflake", "wrench"),
    "electrician": ("bolt", "plug", "bulb"),
    "plumber": ("tap", "pipe", "wrench"),
    "cleaning": ("spray", "bucket", "bubbles"),
    "moving": ("lorry", "box", "house"),
    "fruit_stall": ("durian", "fruits", "leaf"),
    "home_food": ("tiffin", "kuih", "house"),
    "grocery": ("shelf", "basket", "tag"),
    "religious_class": ("rehal", "crescent", "book"),
    "tuition": ("book", "abacus", "pencil"),
    "childcare": ("blocks", "rattle", "heart"),
    "bridal": ("pelamin", "rings", "veil"),
    "barber": ("pole", "clippers", "scissors"),
    "massage": ("stones", "lotus", "leaf"),
    "physiotherapy": ("spine", "stretch", "heart"),
    "pet_grooming": ("dog", "comb", "bath"),
    "bicycle_shop": ("bicycle", "wrench", "gear"),
    "phone_repair": ("phone", "screwdriver", "chat"),
    "printing": ("printer", "banner", "frame"),
    "general": ("shop", "chat", "tag"),
}

#: Words in a description that make another of the kind's motifs (or a closer one) lead:
#: a motorcycle for a motor rental, the basket for a fruit stall that sells no durian.
_LEADS: dict[BusinessType, tuple[tuple[tuple[str, ...], str], ...]] = {
    "vehicle_rental": (
        (("motor", "motosikal", "skuter", "scooter", "motorcycle", "kapcai"), "motorcycle"),
    ),
    "fruit_stall": ((("durian",), "durian"), ((), "fruits")),
    "home_food": ((("kuih", "kueh", "biskut", "cookies", "kek"), "kuih"),),
    "tuition": ((("sempoa", "abacus", "mental arithmetic", "matematik", "math"), "abacus"),),
    "bridal": ((("cincin", "ring", "wedding planner", "perancang"), "rings"),),
    "cleaning": ((("mop", "lantai", "floor"), "bucket"),),
}


def motifs_for(kind: BusinessType, description: str) -> tuple[str, ...]:
    """The kind's motifs, the one its description calls for first."""
    keys = KIND_MOTIFS.get(kind, KIND_MOTIFS["general"])
    text = description.lower()
    for words, lead in _LEADS.get(kind, ()):
        if not words or any(word in text for word in words):
            return (lead, *(key for key in keys if key != lead))[: max(len(keys), 3)]
    return keys
