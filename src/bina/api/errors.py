"""One error shape everywhere: `{"success": false, "error": "<code>", "message": "<human>"}`.

Domain errors of the job system are mapped here once, so routes simply let them rise:
StoreUnavailable is a 503 with Retry-After (never a 500, never a hang), a foreign or unknown
job a 404 that looks the same either way, a spent quota a 429 with the caller's usage.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from bina.api.request_id import current_request_id_headers
from bina.jobs import JobNotFound, QuotaExceeded, StoreUnavailable
from bina.jobs.exceptions import IdempotencyKeyReused
from bina.sites import (
    InvalidEdit,
    InvalidSlug,
    LimitReached,
    PhotoNotFound,
    SiteError,
    SiteNotFound,
    SitesUnavailable,
    SlugTaken,
    VersionMismatch,
)

logger = logging.getLogger(__name__)

STORE_RETRY_AFTER_SECONDS = 5
NOT_FOUND_MESSAGE = "No such job (it may have expired, or it belongs to someone else)."

# Codes for plain HTTP errors raised by the framework (405, 404 for an unknown path, …).
_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "quota_exceeded",
    503: "service_unavailable",
}


class ApiError(Exception):
    """An error the API answers on purpose, in the common shape."""

    def __init__(
        self,
        status_code: int,
        error: str,
        message: str,
        *,
        headers: Mapping[str, str] | None = None,
        extra: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.status_code = status_code
        self.error = error
        self.message = message
        self.headers = dict(headers or {})
        self.extra = dict(extra or {})


def error_response(
    status_code: int,
    error: str,
    message: str,
    *,
    headers: Mapping[str, str] | None = None,
    **extra: Any,
) -> JSONResponse:
    body: dict[str, Any] = {"success": False, "error": error, "message": message}
    body.update({k: v.isoformat() if isinstance(v, datetime) else v for k, v in extra.items()})
    return JSONResponse(body, status_code=status_code, headers=dict(headers or {}))


def not_found_response() -> JSONResponse:
    return error_response(404, "not_found", NOT_FOUND_MESSAGE, status="not_found")


#: The error keys of every answer that says the database is away (or did not answer in time).
UNAVAILABLE_ERROR = {
    "error": "database_unavailable",
    "message": "The job database cannot be reached right now; try again shortly.",
}


def unavailable_response(message: str | None = None) -> JSONResponse:
    return error_response(
        503,
        UNAVAILABLE_ERROR["error"],
        message or UNAVAILABLE_ERROR["message"],
        headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
    )


def retry_after_header(seconds: float) -> str:
    return str(max(1, math.ceil(seconds)))


async def _api_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status_code, exc.error, exc.message, headers=exc.headers, **exc.extra)


async def _not_found(_request: Request, _exc: Exception) -> JSONResponse:
    return not_found_response()


async def _store_unavailable(_request: Request, exc: Exception) -> JSONResponse:
    logger.warning("database unavailable: %s", exc.__cause__ or exc)
    return unavailable_response()


async def _quota_exceeded(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, QuotaExceeded)
    retry_after = retry_after_header(exc.retry_after_seconds)
    return error_response(
        429,
        "quota_exceeded",
        f"You have used all {exc.limit} free generations for now; "
        f"the next one frees up in about {_human_duration(exc.retry_after_seconds)}.",
        headers={"Retry-After": retry_after},
        limit=exc.limit,
        used=exc.used,
        remaining=0,
        reset_at=datetime.now(UTC) + timedelta(seconds=exc.retry_after_seconds),
        retry_after_seconds=int(retry_after),
    )


async def _idempotency_reused(_request: Request, _exc: Exception) -> JSONResponse:
    return error_response(
        422,
        "idempotency_key_reused",
        "This Idempotency-Key was already used for a different request; use a new key.",
    )


async def _validation_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = list(exc.errors())
    if any(error.get("type") == "json_invalid" for error in errors):
        return error_response(400, "invalid_json", "The request body is not valid JSON.")
    if any(isinstance(error.get("input"), bytes) for error in errors):
        # FastAPI hands over the raw bytes when the Content-Type is not JSON.
        return error_response(
            415, "unsupported_media_type", "Send the body as JSON (Content-Type: application/json)."
        )
    details = [
        {
            "loc": [part if isinstance(part, int) else str(part) for part in error.get("loc", ())],
            "msg": _clean_message(str(error.get("msg", "invalid"))),
            "type": str(error.get("type", "value_error")),
        }
        for error in errors
    ]
    first = details[0] if details else {"loc": [], "msg": "invalid request"}
    where = ".".join(str(part) for part in first["loc"] if part not in ("body",))
    message = f"{where}: {first['msg']}" if where else str(first["msg"])
    return error_response(422, "validation_error", message, details=details)


async def _http_error(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    if exc.status_code == 404:
        return error_response(
            404, "not_found", "Nothing here.", headers=exc.headers, status="not_found"
        )
    if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeError | RecursionError):
        # FastAPI answers a bare 400 for a JSON body it could not even decode: bytes that are
        # not UTF-8, or nesting too deep for the parser. For the client it is invalid JSON.
        return error_response(
            400, "invalid_json", "The request body is not valid JSON (UTF-8 text, sensibly nested)."
        )
    code = _CODES.get(exc.status_code, f"http_{exc.status_code}")
    detail = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    return error_response(exc.status_code, code, detail, headers=exc.headers)


async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
    logger.error("unhandled error", exc_info=exc)
    # Answered outside the other middleware: the request id is added here.
    return error_response(
        500,
        "internal_error",
        "Something went wrong on our side.",
        headers=current_request_id_headers(),
    )


SITE_NOT_FOUND_MESSAGE = "No such site (or it belongs to someone else)."


async def _site_error(_request: Request, exc: Exception) -> JSONResponse:
    """Sites' domain errors, each to its status; a foreign site is a 404 like a missing one."""
    assert isinstance(exc, SiteError)
    if isinstance(exc, SitesUnavailable):
        logger.warning("database unavailable: %s", exc.__cause__ or exc)
        return unavailable_response("The database cannot be reached right now; try again shortly.")
    if isinstance(exc, SiteNotFound):
        return error_response(404, "not_found", SITE_NOT_FOUND_MESSAGE)
    if isinstance(exc, PhotoNotFound):
        return error_response(404, "not_found", exc.message)
    if isinstance(exc, VersionMismatch):
        return error_response(
            412,
            "version_mismatch",
            exc.message,
            headers={"ETag": f'"{exc.current_version}"'},
            current_version=exc.current_version,
        )
    if isinstance(exc, InvalidEdit):
        return error_response(422, exc.code, exc.message, field=exc.field)
    if isinstance(exc, InvalidSlug):
        return error_response(422, exc.code, exc.message, field="slug")
    if isinstance(exc, SlugTaken):
        return error_response(
            409, exc.code, exc.message, slug=exc.slug, suggestions=exc.suggestions
        )
    if isinstance(exc, LimitReached):
        return error_response(409, exc.code, exc.message)
    return error_response(400, exc.code, exc.message)


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(JobNotFound, _not_found)
    app.add_exception_handler(StoreUnavailable, _store_unavailable)
    app.add_exception_handler(SiteError, _site_error)
    app.add_exception_handler(QuotaExceeded, _quota_exceeded)
    app.add_exception_handler(IdempotencyKeyReused, _idempotency_reused)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected)


def _clean_message(message: str) -> str:
    # Pydantic prefixes messages of custom validators with "Value error, ".
    return message.removeprefix("Value error, ")


def _human_duration(seconds: float) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    if minutes < 60:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    hours = math.ceil(minutes / 60)
    return f"{hours} hour{'s' if hours != 1 else ''}"
