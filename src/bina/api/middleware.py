"""Pure ASGI middleware (no BaseHTTPMiddleware: streams and long polls pass straight through).

* `BodySizeLimitMiddleware`: a body over the limit is refused with 413 before anything parses
  it: at once from `Content-Length`, or as soon as a chunked body grows past the limit.
  Photo uploads have a limit of their own (a phone photo is megabytes).
* `SitesDomainMiddleware`: `https://{slug}.{BINA_SITES_DOMAIN}/…` is served as `/s/{slug}/…`.
* `ResponseHeadersMiddleware`: security headers, `Cache-Control` for per-user API answers,
  and the anonymous-identity cookie a dependency asked for (so it is set on every answer,
  errors and streams included, whatever the route returned).
"""

from __future__ import annotations

import json
import re

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

MAX_BODY_BYTES = 64 * 1024
# A 15 MB photo and its multipart envelope.
MAX_PHOTO_BODY_BYTES = 15 * 1024 * 1024 + 64 * 1024
_PHOTO_UPLOAD = re.compile(r"^/api/sites/[^/]+/photos/?$")
SET_COOKIE_STATE_KEY = "bina_set_cookie"
API_CSP = "default-src 'none'; frame-ancestors 'none'"


async def _send_error(send: Send, status: int, error: str, message: str) -> None:
    body = json.dumps({"success": False, "error": error, "message": message}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


class BodySizeLimitMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        max_bytes: int = MAX_BODY_BYTES,
        max_photo_bytes: int = MAX_PHOTO_BODY_BYTES,
    ) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.max_photo_bytes = max_photo_bytes

    async def _too_large(self, send: Send, limit: int) -> None:
        # Wrapped by the header middleware's send only if it is outside us; add them here too.
        size = f"{limit // (1024 * 1024)} MB" if limit >= 1024 * 1024 else f"{limit // 1024} KB"
        await _send_error(
            send, 413, "payload_too_large", f"The request body is larger than {size}."
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_bytes
        if scope.get("method") == "POST" and _PHOTO_UPLOAD.match(scope.get("path", "")):
            limit = self.max_photo_bytes
        headers = Headers(scope=scope)
        length = headers.get("content-length")
        if length is None and "transfer-encoding" not in headers:
            # No body (a poll, a page, a photo): nothing to count, nothing to replay.
            await self.app(scope, receive, send)
            return
        if length is not None and length.isdigit() and int(length) > limit:
            await self._too_large(send, limit)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before sending its body
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > limit:
                await self._too_large(send, limit)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()  # afterwards: the disconnect, for streams and long polls

        await self.app(scope, replay, send)


class SitesDomainMiddleware:
    """Serves `{slug}.{domain}/path` as `/s/{slug}/path` (the service's own host is untouched)."""

    def __init__(self, app: ASGIApp, domain: str) -> None:
        self.app = app
        self.suffix = "." + domain.lower()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            host = (Headers(scope=scope).get("host") or "").lower().rsplit(":", 1)[0]
            if host.endswith(self.suffix):
                slug = host[: -len(self.suffix)]
                if slug and "." not in slug:
                    path: str = scope.get("path", "/")
                    new_path = f"/s/{slug}" + ("" if path == "/" else path)
                    scope = {**scope, "path": new_path, "raw_path": new_path.encode()}
        await self.app(scope, receive, send)


class ResponseHeadersMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        is_api = path.startswith("/api/") or path == "/metrics"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
                headers.setdefault("X-Frame-Options", "DENY")
                if is_api:
                    headers.setdefault("Content-Security-Policy", API_CSP)
                    headers.setdefault("Cache-Control", "no-store")
                cookie = scope.get("state", {}).get(SET_COOKIE_STATE_KEY)
                if cookie:
                    headers.append("Set-Cookie", cookie)
                    headers.add_vary_header("Cookie")
            await send(message)

        await self.app(scope, receive, send_with_headers)
