"""What a generation job carries, in the job system's opaque terms: the API's side of it.

The job system stores a payload, partial results and a result without reading them. For a
website these are: the payload `{description, language}`; partial results `{styles}` (each
design as soon as it is done) and `{draft}` (the generation's state, for the next attempt);
the result `{html, styles, business_type, …}`. The API makes
the payload and reads the rest through the functions below; the handler that runs the
generator writes them (bina.app), and the wiring keeps them in the table's original columns.
"""

from __future__ import annotations

from typing import Any, Literal

from bina.jobs import Job, Payload

DESCRIPTION = "description"
LANGUAGE = "language"
HTML = "html"
STYLES = "styles"
BUSINESS_TYPE = "business_type"
#: The facts the generator read, and each design's colours and words: what a site needs.
PROFILE = "profile"
DESIGNS = "designs"
#: A partial result only the handler reads: how far the generation got, so that an attempt
#: after a crash goes on from there (never shown to clients).
DRAFT = "draft"

Language = Literal["ms", "en"]


def generation_payload(description: str, language: Language) -> Payload:
    return {DESCRIPTION: description, LANGUAGE: language}


def description_of(job: Job) -> str:
    value = job.payload.get(DESCRIPTION)
    return value if isinstance(value, str) else ""


def language_of(job: Job) -> Language:
    # Rows written by the original system may have no language: theirs was Malay first.
    return "en" if job.payload.get(LANGUAGE) == "en" else "ms"


def styles_of(job: Job) -> list[dict[str, Any]]:
    """The finished designs: all of them once completed, else those done so far."""
    source = job.result if job.result is not None else job.partial
    styles = source.get(STYLES)
    return (
        [style for style in styles if isinstance(style, dict)] if isinstance(styles, list) else []
    )


def html_of(job: Job) -> str | None:
    value = job.result.get(HTML) if job.result is not None else None
    return value if isinstance(value, str) else None


def business_type_of(job: Job) -> str | None:
    value = job.result.get(BUSINESS_TYPE) if job.result is not None else None
    return value if isinstance(value, str) else None


def profile_of(job: Job) -> dict[str, Any] | None:
    """The facts the generator read, as JSON (completed jobs of older versions have none)."""
    value = job.result.get(PROFILE) if job.result is not None else None
    return value if isinstance(value, dict) else None


def design_of(job: Job, style: str) -> dict[str, Any]:
    """One design's colours and words (`palette`, `copy`), or {} for jobs that kept none."""
    designs = job.result.get(DESIGNS) if job.result is not None else None
    design = designs.get(style) if isinstance(designs, dict) else None
    return design if isinstance(design, dict) else {}
