"""Refuses the state-changing requests that a page on another site can make a browser send.

Any page can make its visitor's browser POST here without asking CORS first: a form, or a
`fetch` in `no-cors` mode with a text or typeless body. The request carries the visitor's cookie
and comes from the visitor's address, so it would start jobs on the visitor's anonymous quota.
Two rules close that, before anything reads the body:

* A request that changes state (every method but GET, HEAD and OPTIONS) sent by a browser from
  another origin is 403 `cross_site_request`, unless that origin is in `BINA_CORS_ORIGINS` (`*`:
  any). Browsers name the page's origin in `Origin` (always, for these methods) and say how it
  relates to this server in `Sec-Fetch-Site`. `cross-site` is refused; `same-site` (a sibling
  subdomain) counts as another origin like any other. A request with neither header is not a
  browser's (curl, a backend, a mobile app) and passes: it cannot spend someone else's quota.
* A body sent to `/api/` must be declared JSON (`application/json` or `…+json`, any charset),
  or 415 `unsupported_media_type`: a JSON type is what makes a browser ask CORS first. The photo
  upload takes `multipart/form-data` instead; a form can send that cross-site, which the first
  rule refuses.

The server's own origin is `BINA_PUBLIC_URL` when set. Otherwise it is the request's `Host`
with the request's scheme (https as reported by a trusted proxy) or https: a page served over
https through a proxy that is not in `BINA_TRUSTED_PROXIES` still matches, while an http page
never passes for an https server.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from bina.api.identity import IPNetwork, forwarded_https, parse_networks
from bina.config import Settings

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_PHOTO_UPLOAD = re.compile(r"^/api/sites/[^/]+/photos/?$")
_DEFAULT_PORTS = {"http": 80, "https": 443}


@dataclass(frozen=True, slots=True)
class Origin:
    """An origin compared as browsers mean it: scheme, lower-case host, port (default filled)."""

    scheme: str
    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Origin | None:
        """`https://shop.example` → Origin; None for what is no http(s) origin (`null`)."""
        try:
            parts = urlsplit(text.strip())
            port = parts.port
        except ValueError:
            return None
        if parts.scheme not in _DEFAULT_PORTS or not parts.hostname:
            return None
        return cls(parts.scheme, parts.hostname.lower(), port or _DEFAULT_PORTS[parts.scheme])


def is_json(content_type: str) -> bool:
    """`application/json`, `application/merge-patch+json`, … with or without parameters."""
    media = content_type.split(";", 1)[0].strip().lower()
    kind, _, subtype = media.partition("/")
    return kind == "application" and (subtype == "json" or subtype.endswith("+json"))


def is_multipart_form(content_type: str) -> bool:
    return content_type.split(";", 1)[0].strip().lower() == "multipart/form-data"


def has_body(headers: Headers) -> bool:
    length = headers.get("content-length")
    return "transfer-encoding" in headers or (length is not None and length.strip() != "0")


class RequestGuard:
    """Decides, from headers alone, whether a request may reach the routes (see the module)."""

    def __init__(
        self,
        cors_origins: Sequence[str],
        public_url: str | None,
        trusted_proxies: Sequence[IPNetwork],
    ) -> None:
        self.any_origin = "*" in cors_origins
        self.allowed = {
            origin for entry in cors_origins if (origin := Origin.parse(entry)) is not None
        }
        self.public_origin = Origin.parse(public_url) if public_url else None
        self.trusted_proxies = tuple(trusted_proxies)

    @classmethod
    def from_settings(cls, settings: Settings) -> RequestGuard:
        return cls(
            settings.cors_origins,
            settings.public_url,
            parse_networks(settings.trusted_proxies),
        )

    def own_origins(self, scope: Scope, headers: Headers) -> set[Origin]:
        """The origins this request's own pages have."""
        if self.public_origin is not None:
            return {self.public_origin}
        host = headers.get("host")
        if not host:
            return set()
        peer = scope["client"][0] if scope.get("client") else None
        https = scope.get("scheme") == "https" or forwarded_https(
            peer, headers.get("x-forwarded-proto"), self.trusted_proxies
        )
        schemes = ("https",) if https else ("http", "https")
        return {origin for scheme in schemes if (origin := Origin.parse(f"{scheme}://{host}"))}

    def is_cross_site(self, scope: Scope, headers: Headers) -> bool:
        """True for a browser's request from a page whose origin may not change state here."""
        if self.any_origin:
            return False
        fetch_site = (headers.get("sec-fetch-site") or "").strip().lower()
        origin_header = headers.get("origin")
        if origin_header is None:
            # Browsers always send Origin with these methods: no Origin is no browser, unless
            # the browser itself says the page is elsewhere.
            return fetch_site in ("cross-site", "same-site")
        origin = Origin.parse(origin_header)
        if origin is not None and origin in self.allowed:
            return False
        if fetch_site == "cross-site":
            return True
        return origin is None or origin not in self.own_origins(scope, headers)

    def refusal(self, scope: Scope) -> JSONResponse | None:
        """The error answer for a request that must not go on, else None."""
        if scope["method"] in SAFE_METHODS:
            return None
        headers = Headers(scope=scope)
        if self.is_cross_site(scope, headers):
            return _error(
                403,
                "cross_site_request",
                "A page on another site may not make this request; its origin would have to "
                "be allowed by this server (BINA_CORS_ORIGINS).",
                headers,
            )
        path: str = scope.get("path", "")
        if not path.startswith("/api/") or not has_body(headers):
            return None
        content_type = headers.get("content-type", "")
        if _PHOTO_UPLOAD.match(path) and scope["method"] == "POST":
            if is_multipart_form(content_type):
                return None
            expected = "Send the photo as multipart/form-data (a `file` field)."
        elif is_json(content_type):
            return None
        else:
            expected = "Send the body as JSON, with Content-Type: application/json."
        return _error(415, "unsupported_media_type", expected, headers)


def _error(status: int, error: str, message: str, headers: Headers) -> JSONResponse:
    answer = JSONResponse(
        {"success": False, "error": error, "message": message}, status_code=status
    )
    if has_body(headers):
        # The body is left unread: the connection cannot carry another request after it.
        answer.headers["Connection"] = "close"
    return answer


class RequestGuardMiddleware:
    """Answers 403/415 for what `RequestGuard` refuses; everything else passes untouched."""

    def __init__(self, app: ASGIApp, guard: RequestGuard) -> None:
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (refusal := self.guard.refusal(scope)) is not None:
            await refusal(scope, receive, send)
            return
        await self.app(scope, receive, send)
