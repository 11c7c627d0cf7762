"""The job handler that runs the site generator: a queued description in, three designs out.

The job system knows nothing about websites and the generator nothing about jobs; here a
job's payload becomes a pipeline run, each finished design a partial result stored at once,
and the generation a result the API presents (bina.api.site_jobs names the keys).
"""

from __future__ import annotations

from typing import Any

from bina.api import site_jobs
from bina.config import Settings
from bina.generator import (
    GenerationError,
    GenerationResult,
    GeneratorOptions,
    LLMOptions,
    ProgressUpdate,
    SitePipeline,
    StyleResult,
)
from bina.jobs import Job, Payload, PermanentJobError, ProgressReporter


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
        finished_styles: list[dict[str, Any]] = []

        async def on_progress(update: ProgressUpdate) -> None:
            if update.style is not None:
                finished_styles.append(style_payload(update.style))
                partial = {site_jobs.STYLES: list(finished_styles)}
                await reporter.progress(
                    update.stage, update.progress, update.message, partial=partial
                )
            elif update.stage != "completed":
                await reporter.progress(update.stage, update.progress, update.message)

        try:
            result = await self.pipeline.generate(
                site_jobs.description_of(job), site_jobs.language_of(job), on_progress=on_progress
            )
        except GenerationError as exc:
            raise PermanentJobError(str(exc), user_fault=True) from exc
        return job_result(result)

    async def warm_up(self) -> None:
        """Before the first job: see SitePipeline.warm_up."""
        self.pipeline.warm_up()

    async def aclose(self) -> None:
        await self.pipeline.aclose()


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
