"""The generation pipeline: description → profile → copy → images → three styled pages.

With a model configured, the profile is the rule reader's with the model's verified facts
merged in (`llm_read.py`), and the copy is the model's where it passes the fact check.

It knows nothing about jobs or HTTP. Progress goes to an async callback (the stages and
percentages in docs/generator.md); an exception raised by the callback (a job being
cancelled, say) propagates unchanged. Every synchronous step is small (analysis and one page
render take a few milliseconds), and the loop gets control back between steps.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Literal

from pydantic import BaseModel, Field

from bina.generator.analyze import analyze
from bina.generator.copy import SiteCopy, write_offline_copy
from bina.generator.errors import ImageProviderError
from bina.generator.images import HttpImages, ImageProvider, ImageSet, OfflineImages, draw_images
from bina.generator.llm import CopyOutcome, LLMCopyWriter
from bina.generator.llm_read import LLMFactReader
from bina.generator.options import GeneratorOptions
from bina.generator.profile import BusinessProfile, Language
from bina.generator.render import render_style
from bina.generator.styles import STYLE_ORDER, STYLES, theme_for

logger = logging.getLogger(__name__)


class StyleResult(BaseModel):
    """One finished design, with the theme and the copy it was made with (a site keeps them)."""

    style: str
    name: str
    description: str
    html: str
    palette: str
    site_copy: SiteCopy = Field(description="the copy the page was written with (LLM or offline)")


class Draft(BaseModel):
    """What a generation has settled so far: enough for another run to finish it.

    Made once the profile is read (with a model, a paid call), given the words (another),
    then the pictures, and grown by each finished design. `generate(..., draft=)` goes on from
    it when it was made from the same description and language: it reads nothing again, writes
    the words only when the draft has none, draws the pictures only when it has none, and
    renders only the designs not finished.
    """

    description: str
    language: Language
    profile: BusinessProfile
    #: Each design's words; empty until they are written.
    copies: dict[str, SiteCopy] = Field(default_factory=dict)
    palettes: dict[str, str] = Field(default_factory=dict)
    copy_source: Literal["offline", "llm"] = "offline"
    warnings: list[str] = Field(default_factory=list)
    done: list[StyleResult] = Field(default_factory=list)
    #: The pictures, once drawn, when small enough to keep (`keeps_images`).
    images: ImageSet | None = None
    image_warnings: list[str] = Field(default_factory=list)

    def fits(self, description: str, language: Language) -> bool:
        """Made for this request."""
        return self.description == description and self.language == language

    @property
    def has_words(self) -> bool:
        """Every design's words are written."""
        return all(key in self.copies for key in STYLE_ORDER)


#: The most picture bytes (SVG markup and data URIs) a draft keeps. The offline drawings of a
#: site are about 12 KB, kept so that a retaken job does not draw (or, with an image service,
#: download) them again; a service's photos can reach 2 MB, which every later progress update
#: would write once more, so they are fetched again instead.
DRAFT_IMAGE_CHARS = 64_000


def keeps_images(images: ImageSet) -> bool:
    """Whether a draft keeps these pictures (small enough to store with every update)."""
    pictures = [images.hero, *images.gallery, *images.heroes.values()]
    return sum(len(p.svg or "") + len(p.src or "") for p in pictures) <= DRAFT_IMAGE_CHARS


class ProgressUpdate(BaseModel):
    """A step of the pipeline, as the job system stores and streams it."""

    stage: str
    progress: int
    message: str
    style: StyleResult | None = None
    #: The generation's state whenever it grows (after the words, after each design).
    draft: Draft | None = None


ProgressCallback = Callable[[ProgressUpdate], Awaitable[None]]


class GenerationResult(BaseModel):
    """Everything one generation produced."""

    profile: BusinessProfile
    business_type: str
    styles: list[StyleResult]
    copy_source: Literal["offline", "llm"]
    warnings: list[str]


_MESSAGES: dict[Language, dict[str, str]] = {
    "ms": {
        "analyzing": "Membaca penerangan perniagaan anda…",
        "copy": "Menulis teks untuk laman anda…",
        "images": "Melukis ilustrasi…",
        "styles": "Mereka bentuk laman…",
        "style_done": "Reka bentuk {name} siap",
        "completed": "Siap! {count} reka bentuk sedia untuk dilihat.",
    },
    "en": {
        "analyzing": "Reading your business description…",
        "copy": "Writing the words for your site…",
        "images": "Drawing the illustrations…",
        "styles": "Designing your site…",
        "style_done": "{name} design ready",
        "completed": "Done! {count} designs ready to preview.",
    },
}
# Shares of offline_delay_s spent after each stage (they add up to 1).
_PACE = {"analyzing": 0.15, "copy": 0.2, "images": 0.15, "style": 0.5 / len(STYLE_ORDER)}


class _Progress:
    """Sends updates in order, never letting the percentage go down."""

    def __init__(self, callback: ProgressCallback | None, language: Language) -> None:
        self._callback = callback
        self._language = language
        self._last = 0

    async def __call__(
        self,
        stage: str,
        progress: int,
        key: str,
        style: StyleResult | None = None,
        draft: Draft | None = None,
        **fmt: object,
    ) -> None:
        progress = max(self._last, min(progress, 100))
        self._last = progress
        if self._callback is not None:
            message = _MESSAGES[self._language][key].format(**fmt)
            update = ProgressUpdate(
                stage=stage, progress=progress, message=message, style=style, draft=draft
            )
            await self._callback(update)


_WARM_UP_DESCRIPTION = "Kedai kopi di Ipoh, buka 7 pagi hingga 6 petang, kopi putih RM2.80"


def _render(
    profile: BusinessProfile,
    key: str,
    copy: SiteCopy,
    images: ImageSet,
    palette_key: str | None,
) -> StyleResult:
    style = STYLES[key]
    theme = theme_for(profile, style, palette_key)
    html = render_style(profile, copy, images, style, style.palette_for(theme))
    language = profile.language
    return StyleResult(
        style=key,
        name=style.name(language),
        description=style.description(language),
        html=html,
        palette=theme.key,
        site_copy=copy,
    )


class SitePipeline:
    """Turns a description into a `GenerationResult`, reporting progress as it goes."""

    def __init__(
        self,
        options: GeneratorOptions | None = None,
        *,
        image_provider: ImageProvider | None = None,
        copy_writer: LLMCopyWriter | None = None,
        fact_reader: LLMFactReader | None = None,
    ) -> None:
        self._options = options = options or GeneratorOptions()
        self._images: ImageProvider = image_provider or (
            HttpImages(options.image_api_url) if options.image_api_url else OfflineImages()
        )
        self._copy_writer = copy_writer
        if copy_writer is None and options.llm is not None:
            self._copy_writer = LLMCopyWriter.from_options(options.llm)
        self._fact_reader = fact_reader
        if fact_reader is None and options.llm is not None and options.llm.read_facts:
            self._fact_reader = LLMFactReader.from_options(options.llm)

    async def aclose(self) -> None:
        if self._fact_reader is not None:
            await self._fact_reader.aclose()
        if self._copy_writer is not None:
            await self._copy_writer.aclose()
        await self._images.aclose()

    def warm_up(self) -> None:
        """Render one site offline: templates compile and lazy tables load now, not during
        the first job (that took up to ~30 ms of an event loop that also answers requests).
        Calls no model and no image service."""
        profile = analyze(_WARM_UP_DESCRIPTION, "ms")
        images = draw_images(profile)
        for index, key in enumerate(STYLE_ORDER):
            _render(profile, key, write_offline_copy(profile, index), images, None)

    async def _pace(self, share: float) -> None:
        delay = self._options.offline_delay_s * share
        await asyncio.sleep(delay if delay > 0 else 0)

    async def generate(
        self,
        description: str,
        language: Literal["ms", "en"] = "ms",
        on_progress: ProgressCallback | None = None,
        *,
        draft: Draft | None = None,
    ) -> GenerationResult:
        """Generate, or finish the generation `draft` describes (a `Draft` made from the same
        description and language; any other is ignored)."""
        report = _Progress(on_progress, language)
        # Reading and writing share one budget: a model never makes generation slower than
        # the copy writer's own bound.
        deadline = self._model_deadline()
        if draft is None or not draft.fits(description, language):
            draft = await self._read(description, language, deadline, report)
        else:
            logger.info("going on from a draft with %d of 3 designs done", len(draft.done))
        if not draft.has_words:
            draft = await self._write_words(draft, deadline, report)

        images = draft.images
        if images is None:
            await report("images", 30, "images")
            images, image_warnings = await self._draw(draft.profile)
            await self._pace(_PACE["images"])
            if keeps_images(images):
                draft = draft.model_copy(
                    update={"images": images, "image_warnings": image_warnings}
                )
            else:
                draft = draft.model_copy(update={"image_warnings": image_warnings})
            await report("styles", 40, "styles", draft=draft)
        else:
            await report("styles", 40, "styles")
        done = {result.style: result for result in draft.done}
        for index, key in enumerate(STYLE_ORDER):
            progress = 40 + round(50 * (index + 1) / len(STYLE_ORDER))
            if key in done:
                continue  # finished by an earlier run, and already shown
            copy, palette = draft.copies[key], draft.palettes.get(key)
            done[key] = result = _render(draft.profile, key, copy, images, palette)
            draft = draft.model_copy(update={"done": [*draft.done, result]})
            await self._pace(_PACE["style"])
            await report(
                "styles", progress, "style_done", style=result, draft=draft, name=result.name
            )

        results = [done[key] for key in STYLE_ORDER]
        await report("completed", 100, "completed", count=len(results))
        return GenerationResult(
            profile=draft.profile,
            business_type=draft.profile.business_type,
            styles=results,
            copy_source=draft.copy_source,
            warnings=draft.warnings + draft.image_warnings,
        )

    async def _read(
        self, description: str, language: Language, deadline: float | None, report: _Progress
    ) -> Draft:
        """Read the description (the rules, then a model's verified facts): a draft with the
        profile every design is made from."""
        await report("analyzing", 10, "analyzing")
        profile = analyze(description, language)
        read_warnings: list[str] = []
        if self._fact_reader is not None:
            reading = await self._fact_reader.read(profile, deadline=deadline)
            profile, read_warnings = reading.profile, reading.warnings
        await self._pace(_PACE["analyzing"])
        draft = Draft(
            description=description, language=language, profile=profile, warnings=read_warnings
        )
        await report("analyzing", 20, "copy", draft=draft)
        return draft

    async def _write_words(self, draft: Draft, deadline: float | None, report: _Progress) -> Draft:
        """Write every design's words for the draft's profile."""
        profile = draft.profile
        offline = {key: write_offline_copy(profile, index) for index, key in enumerate(STYLE_ORDER)}
        outcome = await self._write_copy(profile, offline, deadline)
        draft = draft.model_copy(
            update={
                "copies": outcome.copies,
                "palettes": outcome.palettes,
                "copy_source": "llm" if outcome.source == "llm" else "offline",
                "warnings": draft.warnings + outcome.warnings,
            }
        )
        await report("analyzing", 25, "copy", draft=draft)
        return draft

    def _model_deadline(self) -> float | None:
        if self._copy_writer is None and self._fact_reader is None:
            return None
        llm = self._options.llm
        if self._copy_writer is not None:
            budget = self._copy_writer.budget_s
        else:
            budget = (llm.timeout_s if llm is not None else 45.0) * 2 + 1
        return asyncio.get_running_loop().time() + budget

    async def _write_copy(
        self, profile: BusinessProfile, offline: dict[str, SiteCopy], deadline: float | None
    ) -> CopyOutcome:
        if self._copy_writer is None:
            await self._pace(_PACE["copy"])
            return CopyOutcome(copies=offline, source="offline")
        return await self._copy_writer.write(profile, offline, deadline=deadline)

    async def _draw(self, profile: BusinessProfile) -> tuple[ImageSet, list[str]]:
        try:
            return await self._images.images(profile), []
        except ImageProviderError as exc:
            logger.warning("image provider failed (%s); using the offline art", exc.__cause__)
            return draw_images(profile), ["images: the image service failed; offline art used"]
