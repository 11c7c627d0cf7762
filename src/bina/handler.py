"""The glue between the two halves: a job handler that runs the site generator.

The job system knows nothing about websites and the generator nothing about jobs; this module
is where a queued description becomes pipeline progress, stored styles and a finished job.
"""

from __future__ import annotations

from typing import Any, Literal

from bina.config import Settings
from bina.generator import GenerationResult, ProgressUpdate, SitePipeline, StyleResult
from bina.generator.errors import GenerationError
from bina.jobs import Job, JobResult, PermanentJobError, ProgressReporter


class GenerationHandler:
    """A JobHandler: description in, three designs out, each style stored as soon as it is done."""

    def __init__(self, settings: Settings, pipeline: SitePipeline | None = None) -> None:
        self.pipeline = pipeline or SitePipeline(settings)

    async def __call__(self, job: Job, reporter: ProgressReporter) -> JobResult:
        finished_styles: list[dict[str, Any]] = []

        async def on_progress(update: ProgressUpdate) -> None:
            if update.style is not None:
                finished_styles.append(style_payload(update.style))
                await reporter.progress(
                    update.stage, update.progress, update.message, styles=list(finished_styles)
                )
            elif update.stage != "completed":
                await reporter.progress(update.stage, update.progress, update.message)

        language: Literal["ms", "en"] = "en" if job.language == "en" else "ms"
        try:
            result = await self.pipeline.generate(
                job.description or "", language, on_progress=on_progress
            )
        except GenerationError as exc:
            raise PermanentJobError(str(exc), user_fault=True) from exc
        return job_result(result)

    async def warm_up(self) -> None:
        """Before the first job: see SitePipeline.warm_up (a test's fake pipeline has none)."""
        warm_up = getattr(self.pipeline, "warm_up", None)
        if warm_up is not None:
            warm_up()

    async def aclose(self) -> None:
        await self.pipeline.aclose()


def style_payload(style: StyleResult) -> dict[str, Any]:
    return {
        "style": style.style,
        "name": style.name,
        "description": style.description,
        "html": style.html,
    }


def job_result(result: GenerationResult) -> JobResult:
    styles = [style_payload(style) for style in result.styles]
    if not styles:
        # Never a "completed" job with nothing in it (the original system's failure mode).
        raise PermanentJobError("The generator produced no design.")
    return JobResult(
        html=styles[0]["html"],
        styles=styles,
        business_type=result.business_type,
        result={
            "copy_source": result.copy_source,
            "warnings": result.warnings,
            "profile": result.profile.model_dump(mode="json"),
        },
    )
