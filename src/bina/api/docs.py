"""OpenAPI descriptions shared by the routes: error responses, headers, the Bearer scheme."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

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

BEARER_SCHEME_NAME = "BearerJWT"
#: The "Authorize" button of /docs. The routes check the header themselves (deps.get_caller),
#: so a malformed one is a 401 in the API's error shape, not FastAPI's 403.
BEARER_SCHEME: dict[str, Any] = {
    "type": "http",
    "scheme": "bearer",
    "description": "A JWT: HS256 signed with BINA_JWT_SECRET, or ES256/RS256/EdDSA signed by a "
    "key of the JWKS the server is given (Supabase access tokens work either way); `sub` is the "
    "user id. Without it you are an anonymous visitor with a cookie.",
}
#: Every route that knows its caller: a Bearer token, or none (`{}`: the anonymous cookie).
OPTIONAL_AUTH: dict[str, Any] = {"security": [{BEARER_SCHEME_NAME: []}, {}]}

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


def document_bearer_scheme(app: FastAPI) -> None:
    """Puts the Bearer scheme in the app's OpenAPI components, where `OPTIONAL_AUTH` names it.

    Written into the document rather than declared as a `Security` dependency, which FastAPI
    would resolve on every request only to document it.
    """
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = build()  # FastAPI keeps it as app.openapi_schema
            schemes = schema.setdefault("components", {}).setdefault("securitySchemes", {})
            schemes[BEARER_SCHEME_NAME] = dict(BEARER_SCHEME)
            return schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]
