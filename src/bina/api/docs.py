"""OpenAPI descriptions shared by the routes: error responses and response headers."""

from __future__ import annotations

from typing import Any

from bina.api.schemas import (
    ErrorResponse,
    NotFoundResponse,
    QuotaErrorResponse,
    ValidationErrorResponse,
)

_ERRORS: dict[int, tuple[type[ErrorResponse], str]] = {
    400: (ErrorResponse, "The body is not valid JSON (`invalid_json`)."),
    401: (
        ErrorResponse,
        "The Bearer token is invalid, expired or forged (`invalid_token`, `token_expired`), "
        "or this server takes no tokens (`auth_not_configured`).",
    ),
    404: (NotFoundResponse, "No such job for this caller (another caller's job looks the same)."),
    409: (ErrorResponse, "The job is already finished (`already_finished`) or was canceled."),
    413: (ErrorResponse, "The body is over 64 KB (`payload_too_large`); refused unread."),
    415: (ErrorResponse, "The body is not sent as JSON (`unsupported_media_type`)."),
    422: (
        ValidationErrorResponse,
        "The request is well-formed but not acceptable (`validation_error`, "
        "`idempotency_key_reused`, `generation_failed`).",
    ),
    429: (QuotaErrorResponse, "The free quota is used up; see `Retry-After`."),
    503: (
        ErrorResponse,
        "The job database is unreachable (`database_unavailable`); see `Retry-After`.",
    ),
}

#: Added to the Bearer requirement FastAPI lists: `{}` says "or no token" (anonymous cookie).
OPTIONAL_AUTH: dict[str, Any] = {"security": [{}]}

RETRY_AFTER = {"description": "Seconds to wait before trying again.", "schema": {"type": "integer"}}


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries for these error status codes."""
    documented: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        model, description = _ERRORS[code]
        entry: dict[str, Any] = {"model": model, "description": description}
        if code in (429, 503):
            entry["headers"] = {"Retry-After": RETRY_AFTER}
        documented[code] = entry
    return documented


def described(**codes: str) -> dict[int | str, dict[str, Any]]:
    """OpenAPI `responses` entries with their own descriptions: `described(e404="…")`."""
    documented: dict[int | str, dict[str, Any]] = {}
    for key, description in codes.items():
        code = int(key.removeprefix("e"))
        model = _ERRORS[code][0] if code in _ERRORS else ErrorResponse
        entry: dict[str, Any] = {"model": model, "description": description}
        if code in (429, 503):
            entry["headers"] = {"Retry-After": RETRY_AFTER}
        documented[code] = entry
    return documented
