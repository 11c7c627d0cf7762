"""The job handler that runs the site generator: a queued description in, three designs out.

The job system knows nothing about websites and the generator nothing about jobs; here a
job's payload becomes a pipeline run, each finished design a partial result stored at once,
and the generation a result the API presents (bina.api.site_jobs names the keys). With each
design goes the generation's draft (the profile, the words, which designs are done): when a
worker dies mid-job, the attempt that takes it over renders only the designs still missing.
"""

from __future__ import annotations

import logging
from typing import Any

from pydantic import ValidationError

from bina.api import site_jobs
from bina.config import Settings
from bina.generator import (
    Draft,
    GenerationError,
    GenerationResult,
    GeneratorOptions,
    LLMOptions,
    ProgressUpdate,
    SitePipeline,
    StyleResult,
)
from bina.jobs import Job, Payload, PermanentJobError, ProgressReporter

logger = logging.getLogger(__name__)


def generator_options(settings: Settings) -> GeneratorOptions:
    """The generator's share of the settings: nothing about databases or tokens."""
    llm = None
    if settings.llm_base_url and settings.llm_model:
        key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else None
        llm = LLMOptions(
            base_url=settings.llm_base_url,
            model=settings.llm_model,
            api_key=key,
            timeout_s=settings.llm_timeout_s,
        )
    return GeneratorOptions(
        offline_delay_s=settings.offline_delay_s,
        image_api_url=settings.image_api_url,
        llm=llm,
    )


class GenerationHandler:
    """A JobHandler: description in, three designs out, each style stored as soon as it is done."""

    def __init__(self, settings: Settings, pipeline: SitePipeline | None = None) -> None:
        self.pipeline = pipeline or SitePipeline(generator_options(settings))

    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        # An earlier attempt's state (its worker died, or the attempt failed): go on from it.
        draft = draft_of(job)
        finished_styles = [style_payload(style) for style in draft.done] if draft else []

        async def on_progress(update: ProgressUpdate) -> None:
            if update.style is not None:
                finished_styles.append(style_payload(update.style))
            if update.draft is not None:
                partial = {
                    site_jobs.STYLES: list(finished_styles),
                    site_jobs.DRAFT: stored_draft(update.draft),
                }
                await reporter.progress(
                    update.stage, update.progress, update.message, partial=partial
                )
            elif update.stage != "completed":
                await reporter.progress(update.stage, update.progress, update.message)

        try:
            result = await self.pipeline.generate(
                site_jobs.description_of(job),
                site_jobs.language_of(job),
                on_progress=on_progress,
                draft=draft,
            )
        except GenerationError as exc:
            raise PermanentJobError(str(exc), user_fault=True) from exc
        return job_result(result)

    async def warm_up(self) -> None:
        """Before the first job: see SitePipeline.warm_up."""
        self.pipeline.warm_up()

    async def aclose(self) -> None:
        await self.pipeline.aclose()


#: What a stored draft leaves out of each finished design: its HTML is in `styles` already,
#: its words in the draft's `copies`.
_STORED_ELSEWHERE = {"html", "site_copy"}


def stored_draft(draft: Draft) -> dict[str, Any]:
    """The draft as the job keeps it (JSON), without what the job holds already."""
    return draft.model_dump(mode="json", exclude={"done": {"__all__": _STORED_ELSEWHERE}})


def draft_of(job: Job) -> Draft | None:
    """The draft an earlier attempt of `job` stored, whole again; None when there is none or
    it does not read as one (the attempt then starts from the beginning)."""
    stored = job.partial.get(site_jobs.DRAFT)
    if not isinstance(stored, dict):
        return None
    shown = {style.get("style"): style for style in site_jobs.styles_of(job)}
    copies = stored.get("copies")
    done = []
    for design in stored.get("done") or []:
        key = design.get("style") if isinstance(design, dict) else None
        html = shown.get(key, {}).get("html")
        if not isinstance(html, str) or not isinstance(copies, dict):
            continue  # not shown (or unreadable): that design is made again
        done.append({**design, "html": html, "site_copy": copies.get(key)})
    try:
        return Draft.model_validate({**stored, "done": done})
    except ValidationError:
        logger.warning("job %s: its stored draft does not read; starting over", job.job_id)
        return None


def style_payload(style: StyleResult) -> dict[str, Any]:
    """A design as streamed while the job runs (the palette and copy wait for the result)."""
    return {
        "style": style.style,
        "name": style.name,
        "description": style.description,
        "html": style.html,
    }


def job_result(result: GenerationResult) -> Payload:
    styles = [style_payload(style) for style in result.styles]
    if not styles:
        # Never a "completed" job with nothing in it (the original system's failure mode).
        raise PermanentJobError("The generator produced no design.")
    return {
        site_jobs.HTML: styles[0]["html"],
        site_jobs.STYLES: styles,
        site_jobs.BUSINESS_TYPE: result.business_type,
        "copy_source": result.copy_source,
        "warnings": result.warnings,
        "profile": result.profile.model_dump(mode="json"),
        # What a site made from a design keeps: the theme and the words (a model's included).
        "designs": {
            style.style: {"palette": style.palette, "copy": style.site_copy.model_dump(mode="json")}
            for style in result.styles
        },
    }
