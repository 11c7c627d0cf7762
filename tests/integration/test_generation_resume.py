"""A generation whose worker died goes on from what it had stored: the designs already
shown stay, only the missing ones are made, and the result is what one run would have made.

The worker's death is its handler's task cancelled mid-job with its lease left to run out,
as after a SIGKILL; the next claim is another worker's."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any, Literal

import pytest

from bina.api import site_jobs
from bina.app.handler import GenerationHandler, draft_of, stored_draft
from bina.config import Settings
from bina.generator import (
    Draft,
    GenerationResult,
    GeneratorOptions,
    ProgressCallback,
    ProgressUpdate,
    SitePipeline,
    analyze,
)
from bina.generator.pipeline import DRAFT_IMAGE_CHARS, keeps_images
from bina.jobs import Claim, JobStatus, JobStore, ProgressReporter
from tests.job_helpers import site_job
from tests.waiting import wait_until_async

SHORT_LEASE = timedelta(seconds=0.3)
DESCRIPTION = "Kedai Kopi Pak Mat di Ipoh. Kopi putih RM2.80, roti bakar RM3. Buka 7 pagi-6 petang."


class CountingPipeline(SitePipeline):
    """The offline pipeline, counting the designs it renders and the stages it reports."""

    def __init__(self, delay_s: float) -> None:
        super().__init__(GeneratorOptions(offline_delay_s=delay_s))
        self.rendered: list[str] = []
        self.stages: list[str] = []

    async def generate(
        self,
        description: str,
        language: Literal["ms", "en"] = "ms",
        on_progress: ProgressCallback | None = None,
        *,
        draft: Draft | None = None,
    ) -> GenerationResult:
        async def counted(update: ProgressUpdate) -> None:
            self.stages.append(update.stage)
            if update.style is not None:
                self.rendered.append(update.style.style)
            if on_progress is not None:
                await on_progress(update)

        return await super().generate(description, language, counted, draft=draft)


def handler(pipeline: SitePipeline) -> GenerationHandler:
    return GenerationHandler(Settings(_env_file=None), pipeline=pipeline)


async def test_a_retaken_generation_makes_only_the_designs_still_missing(
    store: JobStore,
) -> None:
    job, _ = await store.create_job(site_job(DESCRIPTION, language="ms"))
    (first,) = await store.claim_jobs("w1", 1, SHORT_LEASE)
    dying = CountingPipeline(delay_s=3.0)  # one design a second: time to die after two
    running = asyncio.create_task(
        handler(dying)(first, ProgressReporter(store, Claim(job.job_id, "w1", 1)))
    )

    async def two_designs_stored() -> bool:
        now = await store.get_job(job.job_id)
        return now is not None and len(site_jobs.styles_of(now)) == 2

    await wait_until_async(two_designs_stored, timeout=10, interval=0.02)
    running.cancel()  # the worker dies; its lease runs out
    await asyncio.gather(running, return_exceptions=True)
    await asyncio.sleep(SHORT_LEASE.total_seconds() + 0.1)

    (retaken,) = await store.claim_jobs("w2", 1, SHORT_LEASE)
    assert retaken.job_id == job.job_id and retaken.attempts == 2
    shown_before = site_jobs.styles_of(retaken)
    assert [style["style"] for style in shown_before] == ["modern", "minimal"]  # still shown
    draft = draft_of(retaken)
    assert draft is not None and [d.style for d in draft.done] == ["modern", "minimal"]

    going_on = CountingPipeline(delay_s=0)
    result = await handler(going_on)(retaken, ProgressReporter(store, Claim(job.job_id, "w2", 2)))
    assert going_on.rendered == ["bold"]  # only the one missing
    assert "analyzing" not in going_on.stages  # no reading or writing again
    assert "images" not in going_on.stages  # the pictures kept in the draft, not drawn again
    assert draft.images is not None
    await store.complete(Claim(job.job_id, "w2", 2), result)

    # The same three designs one uninterrupted run makes, the first two as they were shown.
    fresh = await SitePipeline().generate(DESCRIPTION, "ms")
    done = await store.get_job(job.job_id)
    assert done is not None and done.status == JobStatus.COMPLETED
    styles = site_jobs.styles_of(done)
    assert [style["html"] for style in styles] == [style.html for style in fresh.styles]
    assert styles[:2] == shown_before
    assert done.result is not None and site_jobs.DRAFT not in done.result
    assert set(done.result[site_jobs.DESIGNS]) == {"modern", "minimal", "bold"}


async def test_a_draft_for_other_words_or_unreadable_is_not_used(store: JobStore) -> None:
    job, _ = await store.create_job(site_job(DESCRIPTION, language="ms"))
    await store.claim_jobs("w1", 1, SHORT_LEASE)
    claim = Claim(job.job_id, "w1", 1)
    drafts: list[Any] = []

    async def keep_draft(update: ProgressUpdate) -> None:
        if update.draft is not None:
            drafts.append(update.draft)

    await SitePipeline().generate("Kedai bunga di Melaka, jambangan RM50", "ms", keep_draft)
    fresh = [style.html for style in (await SitePipeline().generate(DESCRIPTION, "ms")).styles]
    for stored in (stored_draft(drafts[-1]), {"description": DESCRIPTION, "nonsense": True}):
        await ProgressReporter(store, claim).progress(
            "styles", 60, "…", partial={"styles": [], site_jobs.DRAFT: stored}
        )
        current = await store.get_job(job.job_id)
        assert current is not None
        again = CountingPipeline(delay_s=0)
        result = await handler(again)(current, ProgressReporter(store, claim))
        # Made from the beginning, and made from this job's own words.
        assert again.rendered == ["modern", "minimal", "bold"] and "analyzing" in again.stages
        assert [style["html"] for style in result[site_jobs.STYLES]] == fresh


async def test_pictures_too_big_to_keep_are_drawn_again_and_the_designs_still_match() -> None:
    """A draft keeps pictures only up to DRAFT_IMAGE_CHARS; bigger ones (a photo service's)
    are fetched again by the next attempt, which then makes the same designs."""
    drafts: list[Draft] = []

    async def keep_draft(update: ProgressUpdate) -> None:
        if update.draft is not None:
            drafts.append(update.draft)

    whole = await SitePipeline().generate(DESCRIPTION, "ms", keep_draft)
    # The profile, then the words, then the pictures, then each design.
    assert [(d.has_words, d.images is not None, len(d.done)) for d in drafts] == [
        (False, False, 0),
        (True, False, 0),
        (True, True, 0),
        (True, True, 1),
        (True, True, 2),
        (True, True, 3),
    ]
    with_pictures = drafts[2]
    assert with_pictures.images is not None
    assert keeps_images(with_pictures.images)
    big = with_pictures.images.hero.model_copy(update={"svg": "x" * (DRAFT_IMAGE_CHARS + 1)})
    assert not keeps_images(with_pictures.images.model_copy(update={"hero": big}))

    without_pictures = drafts[1].model_copy(update={"done": whole.styles[:1]})
    assert without_pictures.images is None
    again = CountingPipeline(delay_s=0)
    result = await again.generate(DESCRIPTION, "ms", draft=without_pictures)
    assert "images" in again.stages and again.rendered == ["minimal", "bold"]
    assert [style.html for style in result.styles] == [style.html for style in whole.styles]


async def test_a_draft_with_only_the_profile_goes_on_to_write_the_words(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An attempt that died after reading (a model's paid call) but before the words were
    written: the next one reads nothing again, writes the words, and makes the same designs."""
    drafts: list[Draft] = []

    async def keep_draft(update: ProgressUpdate) -> None:
        if update.draft is not None:
            drafts.append(update.draft)

    whole = await SitePipeline().generate(DESCRIPTION, "ms", keep_draft)
    read_only = drafts[0]
    assert not read_only.has_words and read_only.fits(DESCRIPTION, "ms")
    readings: list[str] = []
    real_analyze = analyze

    def counted(description: str, language: Literal["ms", "en"]) -> Any:
        readings.append(description)
        return real_analyze(description, language)

    monkeypatch.setattr("bina.generator.pipeline.analyze", counted)
    again = CountingPipeline(delay_s=0)
    result = await again.generate(DESCRIPTION, "ms", draft=read_only)
    assert readings == []  # not read again
    assert again.rendered == ["modern", "minimal", "bold"]
    assert [style.html for style in result.styles] == [style.html for style in whole.styles]
    # Through the job's storage too: the handler keeps and restores that draft.
    restored = Draft.model_validate(stored_draft(read_only))
    assert restored == read_only
