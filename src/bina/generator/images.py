"""Images for the site: offline SVG art (default) or an HTTP image service (optional).

The offline provider composes the motifs of `art.py` into a hero scene and four gallery
tiles that fit the kind of business. The drawings use colour classes, so each style's CSS
paints them in its own palette. Every image carries alt text in the site's language.

The HTTP provider asks a configured service for pictures, downloads them and embeds them
as data URIs (the page stays self-contained); any failure falls back to the offline art.
"""

from __future__ import annotations

import base64
import hashlib
import random
from typing import Protocol

import httpx
from pydantic import BaseModel, ConfigDict

from bina.generator.art import KIND_MOTIFS, MOTIFS, Motif
from bina.generator.errors import ImageProviderError
from bina.generator.profile import BusinessProfile, Language


class SiteImage(BaseModel):
    """One picture: inline SVG markup (our own drawing) or a data URI, with its alt text."""

    model_config = ConfigDict(frozen=True)

    alt: str
    width: int
    height: int
    svg: str | None = None
    src: str | None = None


class ImageSet(BaseModel):
    """The hero picture and the gallery pictures of one site."""

    model_config = ConfigDict(frozen=True)

    hero: SiteImage
    gallery: tuple[SiteImage, ...]
    source: str = "offline"


class ImageProvider(Protocol):
    """Anything that can supply the pictures for a profile."""

    async def images(self, profile: BusinessProfile) -> ImageSet: ...

    async def aclose(self) -> None: ...


_ILLUSTRATION: dict[Language, str] = {"ms": "Ilustrasi {what}", "en": "Illustration of {what}"}


def _place(motif: Motif, x: float, y: float, scale: float) -> str:
    return (
        f'<g transform="translate({x:g} {y:g}) scale({scale:g}) translate(-50 -50)">{motif.svg}</g>'
    )


def _sparkle(x: float, y: float, size: float, cls: str) -> str:
    s = size
    return (
        f'<path class="{cls}" d="M{x:g} {y - s:g}q{s * 0.2:g} {s * 0.8:g} {s:g} {s:g}'
        f"q-{s * 0.8:g} {s * 0.2:g}-{s:g} {s:g}q-{s * 0.2:g}-{s * 0.8:g}-{s:g}-{s:g}"
        f'q{s * 0.8:g}-{s * 0.2:g} {s:g}-{s:g}z"/>'
    )


def _hero(motifs: list[Motif], rng: random.Random) -> str:
    flip = rng.random() < 0.5
    sun_x = 120 if flip else 520
    wave = rng.choice(
        (
            "M0 340C120 290 220 390 360 350S560 300 640 360V480H0z",
            "M0 370C140 320 260 400 400 360S580 330 640 340V480H0z",
            "M0 350C100 380 240 320 380 360S560 390 640 350V480H0z",
        )
    )
    parts = [
        '<rect class="f5" width="640" height="480"/>',
        f'<circle class="f2" cx="{sun_x}" cy="110" r="150" opacity=".85"/>',
        f'<path class="f1" d="{wave}" opacity=".9"/>',
    ]
    dots_x = 470 if flip else 40
    parts += [
        f'<circle class="f4" cx="{dots_x + col * 22}" cy="{300 + row * 22}" r="3" opacity=".25"/>'
        for row in range(4)
        for col in range(5)
    ]
    parts.append('<circle class="f3" cx="320" cy="245" r="150"/>')
    parts.append('<circle class="s4" cx="320" cy="245" r="168" opacity=".25"/>')
    parts.append(_place(motifs[0], 320, 245, 2.3))
    small_x, big_x = (540, 110) if flip else (100, 540)
    parts.append(f'<circle class="f3" cx="{small_x}" cy="120" r="58"/>')
    parts.append(_place(motifs[1], small_x, 120, 0.8))
    parts.append(f'<circle class="f3" cx="{big_x}" cy="380" r="52"/>')
    parts.append(_place(motifs[2], big_x, 380, 0.72))
    parts.append(_sparkle(200 if not flip else 440, 70, 14, "f4"))
    parts.append(_sparkle(470 if not flip else 170, 420, 10, "f2"))
    parts.append(_sparkle(600 if not flip else 30, 250, 8, "f4"))
    return "".join(parts)


def _tile(index: int, motif: Motif, rng: random.Random) -> str:
    if index == 0:
        return (
            '<rect class="f1" width="300" height="300"/>'
            '<circle class="f3" cx="150" cy="150" r="104"/>'
            + _place(motif, 150, 150, 1.6)
            + _sparkle(52, 56, 12, "f2")
        )
    if index == 1:
        stripes = "".join(
            f'<path class="f3" d="M{x} 0h22L{x - 278} 300h-22z" opacity=".35"/>'
            for x in range(0, 620, 70)
        )
        return (
            f'<rect class="f2" width="300" height="300"/>{stripes}'
            '<circle class="f5" cx="150" cy="150" r="96"/>' + _place(motif, 150, 150, 1.55)
        )
    if index == 2:
        grid = "".join(
            _place(motif, 60 + col * 90, 60 + row * 90, 0.62)
            for row in range(3)
            for col in range(3)
        )
        return f'<rect class="f5" width="300" height="300"/>{grid}'
    rings = "".join(
        f'<circle class="s2" cx="150" cy="150" r="{r}" opacity=".55"/>' for r in (70, 100, 130, 160)
    )
    return (
        f'<rect class="f4" width="300" height="300"/>{rings}'
        '<circle class="f3" cx="150" cy="150" r="70"/>' + _place(motif, 150, 150, 1.05)
    )


class OfflineImages:
    """Draws SVG art for the kind of business; deterministic for a given description."""

    async def images(self, profile: BusinessProfile) -> ImageSet:
        return draw_images(profile)

    async def aclose(self) -> None:
        return None


def draw_images(profile: BusinessProfile) -> ImageSet:
    """The hero scene and gallery tiles for a profile (pure, a few hundred microseconds)."""
    keys = list(KIND_MOTIFS.get(profile.business_type, KIND_MOTIFS["general"]))
    seed = int.from_bytes(hashlib.sha256(profile.description.encode()).digest()[:8], "big")
    rng = random.Random(seed)
    motifs = [MOTIFS[key] for key in keys]
    language = profile.language
    template = _ILLUSTRATION[language]
    hero_alt = template.format(what=motifs[0].alt[language])
    hero = SiteImage(alt=hero_alt, width=640, height=480, svg=_hero(motifs, rng))
    order = [motifs[1], motifs[0], motifs[2], motifs[3]]
    gallery = tuple(
        SiteImage(
            alt=template.format(what=motif.alt[language]),
            width=300,
            height=300,
            svg=_tile(index, motif, rng),
        )
        for index, motif in enumerate(order)
    )
    return ImageSet(hero=hero, gallery=gallery)


_IMAGE_TYPES = ("image/jpeg", "image/png", "image/webp", "image/gif")
MAX_IMAGE_BYTES = 400_000


class HttpImages:
    """Pictures from an HTTP image service, embedded as data URIs.

    The service is asked `GET {url}?query=<words>&count=5&lang=<ms|en>` and answers JSON
    `{"images": [{"url": "...", "alt": "..."}]}` (or the list alone). Each picture is
    downloaded (JPEG, PNG, WebP or GIF, at most 400 kB) and embedded, so the page never
    loads anything from elsewhere. Anything unexpected raises `ImageProviderError`.
    """

    def __init__(
        self, url: str, *, timeout_s: float = 10.0, client: httpx.AsyncClient | None = None
    ) -> None:
        self._url = url
        self._client = client or httpx.AsyncClient(timeout=timeout_s, follow_redirects=True)
        self._owns_client = client is None

    async def images(self, profile: BusinessProfile) -> ImageSet:
        words = [profile.business_type.replace("_", " ")]
        if profile.specialty:
            words.insert(0, profile.specialty)
        try:
            response = await self._client.get(
                self._url,
                params={"query": " ".join(words), "count": 5, "lang": profile.language},
            )
            response.raise_for_status()
            payload = response.json()
            entries = payload.get("images", []) if isinstance(payload, dict) else payload
            pictures: list[SiteImage] = []
            for entry in entries[:5]:
                if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
                    continue
                picture = await self._download(entry["url"], str(entry.get("alt") or ""))
                if picture is not None:
                    pictures.append(picture)
        except (httpx.HTTPError, ValueError) as exc:
            raise ImageProviderError() from exc
        if len(pictures) < 2:
            raise ImageProviderError()
        fallback = draw_images(profile)
        pictures = [
            p if p.alt else p.model_copy(update={"alt": fallback.hero.alt}) for p in pictures
        ]
        return ImageSet(hero=pictures[0], gallery=tuple(pictures[1:5]), source="http")

    async def _download(self, url: str, alt: str) -> SiteImage | None:
        if not url.startswith(("https://", "http://")):
            return None
        response = await self._client.get(url)
        response.raise_for_status()
        kind = response.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind not in _IMAGE_TYPES or len(response.content) > MAX_IMAGE_BYTES:
            return None
        data = base64.b64encode(response.content).decode()
        return SiteImage(alt=alt, width=800, height=600, src=f"data:{kind};base64,{data}")

    async def aclose(self) -> None:
        if self._owns_client:
            await self._client.aclose()
