"""The request and response bodies of the HTTP API, documented for OpenAPI (`/docs`)."""

from __future__ import annotations

import unicodedata
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

MAX_DESCRIPTION_CHARS = 5_000
JobStatusName = Literal["queued", "processing", "completed", "failed", "canceled"]

_EXAMPLE_JOB_ID = "3f0c9a52-8a5e-4c1f-9d4e-2b7f1e6a9c10"
_EXAMPLE_TOKEN = "1767312000.yA1s5Kxk2m3Q2c7i0w6Tq9bqF8mJt3R1VnXo4eZpL0c"
_EXAMPLE_DESCRIPTION = (
    "Kedai nasi kandar di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789"
)


def clean_description(value: str) -> str:
    """The description as stored: trimmed, and free of what no database or page can hold."""
    value = value.strip()
    if not value:
        raise ValueError("the description is empty; say what the business is and where")
    if len(value) > MAX_DESCRIPTION_CHARS:
        raise ValueError(
            f"the description is {len(value)} characters; at most {MAX_DESCRIPTION_CHARS}"
        )
    for char in value:
        # NUL cannot be stored in PostgreSQL text; other control characters are never meant.
        if unicodedata.category(char) in ("Cc", "Cs") and char not in "\t\n\r":
            raise ValueError("the description contains control characters")
    return value


# No control characters (tab and newlines are fine), and at least one visible character.
_ALLOWED = r"[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]"
_DESCRIPTION_PATTERN = rf"^{_ALLOWED}*[^\s\x00-\x1f\x7f-\x9f]{_ALLOWED}*$"


def _document_request(schema: dict[str, Any]) -> None:
    """The request's JSON Schema as the validator really behaves (for docs and fuzzers)."""
    text = {
        "type": "string",
        "minLength": 1,
        "maxLength": MAX_DESCRIPTION_CHARS,
        "pattern": _DESCRIPTION_PATTERN,
    }
    properties = schema["properties"]
    for name in ("description", "business_description"):
        documented = {k: v for k, v in properties[name].items() if k not in ("anyOf", "default")}
        properties[name] = {**text, **documented}
    # `null` means the default, as the validator reads it: older front ends send it.
    language = dict(properties["language"])
    choices = {"type": language.pop("type"), "enum": language.pop("enum")}
    properties["language"] = {"anyOf": [choices, {"type": "null"}], **language}
    schema["oneOf"] = [{"required": ["description"]}, {"required": ["business_description"]}]
    schema["examples"] = [
        {"description": _EXAMPLE_DESCRIPTION, "language": "ms"},
        {"business_description": "Bakery in Ipoh, open daily 8am-6pm", "language": "en"},
    ]


class GenerateRequest(BaseModel):
    """What to build: a business description in Malay or English."""

    model_config = ConfigDict(extra="ignore", json_schema_extra=_document_request)

    description: str | None = Field(
        default=None,
        description=(
            "The business, in the owner's words: what it sells, where it is, opening hours, "
            f"how to reach it. 1 to {MAX_DESCRIPTION_CHARS} characters after trimming."
        ),
        examples=[_EXAMPLE_DESCRIPTION],
    )
    business_description: str | None = Field(
        default=None,
        description="The older name of `description`, still accepted; give one of the two.",
    )
    language: Literal["ms", "en"] = Field(
        default="ms",
        description=(
            "The language of the generated site: `ms` (Bahasa Melayu) or `en`; "
            "absent or null means `ms`."
        ),
    )
    user_id: str | None = Field(
        default=None,
        max_length=255,
        description=(
            "Ignored for identity (who you are comes from the token or the cookie). Kept as a "
            "label on a job started without any credentials, so operators can tell them apart."
        ),
    )
    callback_url: str | None = Field(
        default=None,
        description=(
            "Optional: an `https://` URL that gets a signed POST (`Bina-Signature`) when the "
            "job ends: completed, failed or canceled. Its host must be one this server sends "
            "webhooks to (`BINA_WEBHOOK_HOSTS`); no user name or password, no `#fragment`, at "
            "most 2,048 characters. Otherwise 422 `invalid_callback_url`, and no job."
        ),
        examples=["https://hooks.example.com/bina"],
    )

    @field_validator("language", mode="before")
    @classmethod
    def _language_default(cls, value: Any) -> Any:
        if value is None:
            return "ms"
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("user_id", mode="before")
    @classmethod
    def _label_or_nothing(cls, value: Any) -> Any:
        # A label only: an odd value (a number, an object) is dropped, never an error.
        return value if isinstance(value, str) and len(value) <= 255 else None

    @model_validator(mode="after")
    def _one_description(self) -> GenerateRequest:
        given = [v for v in (self.description, self.business_description) if v is not None]
        if len(given) == 2 and not all(v.strip() for v in given):
            # Older front ends send both fields, one of them sometimes left empty.
            given = [v for v in given if v.strip()] or given[:1]
        if not given:
            raise ValueError("`description` is required")
        cleaned = [clean_description(v) for v in given]
        if len(cleaned) == 2 and cleaned[0] != cleaned[1]:
            raise ValueError("give `description` or `business_description`, not two different")
        self.description = cleaned[0]
        self.business_description = None
        return self

    @property
    def text(self) -> str:
        assert self.description is not None
        return self.description


class ErrorResponse(BaseModel):
    """Every error: `success` is false, `error` a stable code, `message` for people."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "success": False,
                    "error": "database_unavailable",
                    "message": "The job database cannot be reached right now; try again shortly.",
                }
            ]
        }
    )

    success: Literal[False] = Field(default=False, description="Always false for an error.")
    error: str = Field(description="A stable machine-readable code.", examples=["invalid_json"])
    message: str = Field(description="What went wrong, for people.")


class NotFoundResponse(ErrorResponse):
    """No such job for this caller (a job of another caller looks exactly the same)."""

    status: Literal["not_found"] = Field(default="not_found", description="Always `not_found`.")


class ValidationIssue(BaseModel):
    """One problem with the request."""

    loc: list[str | int] = Field(description='Where: e.g. `["body", "description"]`.')
    msg: str = Field(description="What is wrong there.")
    type: str = Field(description="Pydantic's error type, e.g. `string_too_long`.")


class ValidationErrorResponse(ErrorResponse):
    """The request was understood but its content is not acceptable."""

    details: list[ValidationIssue] = Field(
        default_factory=list, description="Every problem found, where and what."
    )


class UsageResponse(BaseModel):
    """The caller's free generations in the rolling 24-hour window."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [{"limit": 3, "used": 1, "remaining": 2, "reset_at": None}],
        }
    )

    limit: int = Field(description="Generations allowed per rolling 24 h; 0 means unlimited.")
    used: int = Field(description="Generations charged in the window (refunded ones excluded).")
    remaining: int | None = Field(description="How many are left; null when unlimited.")
    reset_at: datetime | None = Field(
        description="When the oldest charge leaves the window and a generation frees up."
    )


class QuotaErrorResponse(ErrorResponse):
    """The free quota is used up: `Retry-After` says when the next generation frees up."""

    limit: int = Field(description="Generations allowed per rolling 24 h.")
    used: int = Field(description="Generations charged in the window.")
    remaining: int = Field(description="Always 0 here.")
    reset_at: datetime | None = Field(description="When the next generation frees up.")
    retry_after_seconds: int = Field(description="The same as the `Retry-After` header.")


class StartResponse(BaseModel):
    """The job was committed; follow it at `status_url` (poll) or `stream_url` (SSE)."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "success": True,
                    "job_id": _EXAMPLE_JOB_ID,
                    "status": "queued",
                    "status_url": f"/api/generate/status/{_EXAMPLE_JOB_ID}?token={_EXAMPLE_TOKEN}",
                    "stream_url": f"/api/generate/stream/{_EXAMPLE_JOB_ID}?token={_EXAMPLE_TOKEN}",
                }
            ]
        }
    )

    success: Literal[True] = Field(default=True, description="Always true here.")
    job_id: str = Field(description="The job's id (a UUID).", examples=[_EXAMPLE_JOB_ID])
    status: JobStatusName = Field(description="The job's status now; `queued` when new.")
    status_url: str = Field(
        description="Poll here (supports ETag and `?wait=`). Relative to the server. For a job "
        "with an owner (a token or a cookie started it) it carries `?token=`: proof of this one "
        "job, so the URL works from another origin and after a reload without credentials."
    )
    stream_url: str = Field(
        description="Server-Sent Events for this job, with the same `?token=` as `status_url` "
        "(an `EventSource` cannot send `Authorization`)."
    )


class StyleOut(BaseModel):
    """One finished design."""

    model_config = ConfigDict(extra="ignore")

    style: str = Field(description="The style's key.", examples=["modern"])
    name: str = Field(default="", description="Its display name.", examples=["Moden"])
    description: str = Field(default="", description="One line about the design.")
    html: str = Field(default="", description="The complete, self-contained HTML page.")


class JobStatusResponse(BaseModel):
    """A job as the client sees it. `html` and `business_type` are set once it completes."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "success": True,
                    "job_id": _EXAMPLE_JOB_ID,
                    "status": "processing",
                    "progress": 40,
                    "stage": "styles",
                    "message": "Designing: modern",
                    "html": None,
                    "styles": [],
                    "error": None,
                    "business_type": None,
                    "created_at": "2025-01-01T08:00:00Z",
                    "updated_at": "2025-01-01T08:00:04Z",
                }
            ]
        }
    )

    success: Literal[True] = Field(default=True, description="Always true here.")
    job_id: str = Field(description="The job's id.")
    status: JobStatusName = Field(description="queued → processing → completed|failed|canceled")
    progress: int = Field(ge=0, le=100, description="0–100; never goes back within an attempt.")
    stage: str = Field(description="queued, analyzing, images, styles, completed, …")
    message: str | None = Field(description="What is happening now, for people.")
    html: str | None = Field(description="The first design's HTML once completed, else null.")
    styles: list[StyleOut] = Field(description="Finished designs, filled in as each is done.")
    error: str | None = Field(description="Why the job failed, when it did.")
    business_type: str | None = Field(description="What kind of business it was taken for.")
    created_at: datetime = Field(description="When the job was committed (UTC).")
    updated_at: datetime = Field(description="When it last changed (UTC).")


class SimpleResponse(BaseModel):
    """The finished site, for the synchronous call."""

    success: Literal[True] = Field(default=True, description="Always true here.")
    job_id: str = Field(description="The job's id, for `GET /api/generate/status/{job_id}`.")
    html: str = Field(description="The first design's HTML.")
    styles: list[StyleOut] = Field(description="Every design.")
    business_type: str | None = Field(description="What kind of business it was taken for.")


class HealthResponse(BaseModel):
    """Whether this instance can serve, and how the queue looks."""

    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "success": True,
                    "status": "ok",
                    "database": "ok",
                    "backend": "postgresql",
                    "notifications": "live",
                    "queue_depth": 0,
                    "processing": 1,
                    "oldest_queued_age_seconds": None,
                    "live_workers": 2,
                    "warnings": [],
                }
            ]
        }
    )

    success: bool = Field(description="False only when the database is unreachable (503).")
    status: Literal["ok", "degraded", "unavailable"] = Field(
        description="`degraded`: serving, but jobs wait with no live worker or wait long."
    )
    database: Literal["ok", "unreachable"] = Field(description="Whether the database answered.")
    backend: str = Field(description="`sqlite` or `postgresql`.")
    notifications: Literal["live", "polling"] = Field(
        description="`live`: other processes' changes are announced at once (PostgreSQL "
        "LISTEN/NOTIFY, or SQLite's commit watcher); `polling`: they are seen by polling."
    )
    queue_depth: int | None = Field(description="Jobs waiting for a worker.")
    processing: int | None = Field(description="Jobs running now.")
    oldest_queued_age_seconds: float | None = Field(description="How long the oldest has waited.")
    live_workers: int | None = Field(description="Worker processes with a recent heartbeat.")
    warnings: list[str] = Field(
        default_factory=list, description="Why the status is not `ok`, for operators."
    )
