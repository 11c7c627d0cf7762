"""Images for the site: offline SVG art (default) or an HTTP image service (optional).

The offline provider composes the motifs of `art.py` that fit the kind of business into a
hero for each design: a cropped poster for bold, an arch card for modern, a single small
motif for minimal. The drawings use colour classes, so each style's CSS paints them in its
own palette (minimal as line art). Every image carries alt text in the site's language.

The HTTP provider asks a configured service for pictures, downloads them and embeds them
as data URIs (the page stays self-contained); any failure falls back to the offline art.
"""

from __future__ import annotations

import base64
import hashlib
import random
from typing import Protocol

import httpx
from pydantic import BaseModel, ConfigDict, Field

from bina.generator.art import MOTIFS, Motif, motifs_for
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
    #: A hero composed for each design (by style key); `hero` serves any other.
    heroes: dict[str, SiteImage] = Field(default_factory=dict)

    def hero_for(self, style: str) -> SiteImage:
        return self.heroes.get(style, self.hero)


class ImageProvider(Protocol):
    """Anything that can supply the pictures for a profile."""

    async def images(self, profile: BusinessProfile) -> ImageSet: ...

    async def aclose(self) -> None: ...


_ILLUSTRATION: dict[Language, str] = {"ms": "Ilustrasi {what}", "en": "Illustration of {what}"}


def _place(motif: Motif, x: float, y: float, scale: float) -> str:
    return (
        f'<g transform="translate({x:g} {y:g}) scale({scale:g}) translate(-50 -50)">{motif.svg}</g>'
    )


def _bold(motifs: list[Motif], rng: random.Random) -> str:
    """A poster: the main motif huge, cut out like a sticker and cropped by the edges, over
    loud diagonal bands, with a halftone corner and a column of the second motif like a print."""
    tilt = rng.choice((150, 170, 190))
    parts = [
        '<rect class="f5" width="600" height="600"/>',
        f'<path class="f1" d="M0 {tilt + 300}L600 {tilt}v120L0 {tilt + 420}z"/>',
        f'<path class="f2" d="M0 {tilt + 450}L600 {tilt + 150}v36L0 {tilt + 486}z"/>',
        f'<path class="f1" d="M0 {tilt + 530}L600 {tilt + 230}v200L0 {tilt + 730}z"'
        ' opacity=".55"/>',
    ]
    parts += [
        f'<circle class="f3" cx="{18 + col * 26}" cy="{18 + row * 26}" r="{5 - row * 0.6:g}"'
        ' opacity=".3"/>'
        for row in range(6)
        for col in range(6 - row)
    ]
    parts += [_place(motifs[1], 74, 230 + index * 92, 0.62) for index in range(3)]
    # A sticker: a hard black shadow and a light rim (both painted by the style's CSS) keep
    # the motif clear of the bands whatever its colours.
    big = _place(motifs[0], 380, 320, 4.7)
    parts.append(f'<g class="sil" transform="translate(16 16)">{big}</g>')
    parts.append(f'<g class="rim">{big}</g>')
    parts.append(big)
    return "".join(parts)


def _modern(motifs: list[Motif], rng: random.Random) -> str:
    """A card: the main motif framed in an arch with an offset shadow, a small chip with the
    second motif and a quiet grid of plus signs."""
    # The arch stands right of centre: the facts card overlaps the panel's lower left.
    arch_x = rng.choice((230, 250))
    chip_x = 40
    arch = f"M{arch_x} 440V210a140 140 0 0 1 280 0V440z"
    parts = [
        '<rect class="f5" width="560" height="440"/>',
        f'<circle class="f1" cx="{arch_x + 140}" cy="200" r="190" opacity=".18"/>',
        f'<path class="f2" d="{arch}" transform="translate(26 18)" opacity=".9"/>',
        f'<path class="f3" d="{arch}"/>',
    ]
    parts += [
        f'<path class="s4" d="M{44 + col * 26} {180 + row * 26}h10m-5-5v10" stroke-width="2"'
        ' opacity=".25"/>'
        for row in range(4)
        for col in range(5)
    ]
    parts.append(_place(motifs[0], arch_x + 140, 250, 2.3))
    parts.append(f'<rect class="f3" x="{chip_x}" y="36" width="100" height="100" rx="26"/>')
    parts.append(
        f'<rect class="s4" x="{chip_x}" y="36" width="100" height="100" rx="26" stroke-width="2"'
        ' opacity=".15"/>'
    )
    parts.append(_place(motifs[1], chip_x + 50, 86, 0.72))
    return "".join(parts)


def _minimal(motifs: list[Motif]) -> str:
    """One motif, small, alone: the style draws it as thin line art."""
    return _place(motifs[0], 50, 50, 0.9)


class OfflineImages:
    """Draws SVG art for the kind of business; deterministic for a given description."""

    async def images(self, profile: BusinessProfile) -> ImageSet:
        return draw_images(profile)

    async def aclose(self) -> None:
        return None


def draw_images(profile: BusinessProfile) -> ImageSet:
    """A hero drawing for each design (pure, well under a millisecond). No gallery: a
    gallery of drawings would only repeat the hero, so the designs show one only for photos."""
    keys = motifs_for(profile.business_type, profile.description)
    seed = int.from_bytes(hashlib.sha256(profile.description.encode()).digest()[:8], "big")
    rng = random.Random(seed)
    motifs = [MOTIFS[key] for key in keys]
    alt = _ILLUSTRATION[profile.language].format(what=motifs[0].alt[profile.language])
    modern = SiteImage(alt=alt, width=560, height=440, svg=_modern(motifs, rng))
    heroes = {
        "modern": modern,
        "bold": SiteImage(alt=alt, width=600, height=600, svg=_bold(motifs, rng)),
        "minimal": SiteImage(alt=alt, width=100, height=100, svg=_minimal(motifs)),
    }
    return ImageSet(hero=modern, gallery=(), heroes=heroes)


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
