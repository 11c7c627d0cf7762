"""Jobs as the site generator's jobs look to the job core: helpers for the store and worker tests.

The job core stores opaque JSON; Bina's wiring keeps a site job's data in the table's original
columns (`WEBSITE_COLUMNS`). These helpers make such payloads and results, and adapt a plain
coroutine function into a `JobHandler`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from bina.jobs import Job, JobHandlerBase, NewJob, Payload, ProgressReporter

HandlerFunction = Callable[[Job, ProgressReporter], Awaitable[Payload]]


def site_job(description: str, language: str = "ms", **options: Any) -> NewJob:
    """A new job as the API makes it: `{description, language}`."""
    return NewJob({"description": description, "language": language}, **options)


def site_result(
    html: str, styles: list[dict[str, Any]], business_type: str | None = None, **extra: Any
) -> Payload:
    """A result as the generator's handler returns it."""
    return {"html": html, "styles": styles, "business_type": business_type, **extra}


class FunctionHandler(JobHandlerBase):
    """A `JobHandler` made of one coroutine function (nothing to warm up or close)."""

    def __init__(self, function: HandlerFunction) -> None:
        self.function = function

    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        return await self.function(job, reporter)


def handler(function: HandlerFunction) -> FunctionHandler:
    return FunctionHandler(function)
