"""The HTML of the /create page, rendered in the visitor's language with strict security headers."""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from bina.web.static import static_url

Language = Literal["ms", "en"]
LANGUAGES: tuple[Language, ...] = ("ms", "en")
DEFAULT_LANGUAGE: Language = "ms"
#: Set by the page's language toggle, so a reload renders in the chosen language at once.
LANGUAGE_COOKIE = "bina_lang"

WEB_DIR = Path(__file__).parent
TEMPLATES_DIR = WEB_DIR / "templates"

#: The page runs only its own modules and talks only to its own origin. The preview is a
#: sandboxed `srcdoc` iframe, which inherits this policy: the generated site's inline CSS
#: needs 'unsafe-inline' styles, and its images may be data: URIs or (with an image API)
#: https: URLs. No script may run anywhere: script-src has neither 'unsafe-inline' nor eval,
#: and the iframe sandbox has no allow-scripts.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob: https:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "frame-src 'self' blob: data:",
        "child-src 'self' blob: data:",
        "manifest-src 'self'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "object-src 'none'",
    ]
)

SECURITY_HEADERS: dict[str, str] = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    # The HTML names content-hashed static URLs, so it must be revalidated to pick up a deploy.
    "Cache-Control": "no-cache",
    "Vary": "Cookie",
}


@lru_cache(maxsize=1)
def page_strings() -> dict[str, dict[str, Any]]:
    """Every text of the page in both languages (one file, read by the server and the script)."""
    with (WEB_DIR / "strings.json").open(encoding="utf-8") as file:
        strings: dict[str, dict[str, Any]] = json.load(file)
    return strings


@lru_cache(maxsize=1)
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def choose_language(request: Request) -> Language:
    """`?lang=` first, then the toggle's cookie, then Bahasa Malaysia."""
    for candidate in (request.query_params.get("lang"), request.cookies.get(LANGUAGE_COOKIE)):
        if candidate in LANGUAGES:
            return "en" if candidate == "en" else "ms"
    return DEFAULT_LANGUAGE


def render_create_page(language: Language) -> str:
    """The page's HTML in one language, with both languages' strings embedded for the toggle."""
    strings = page_strings()
    texts = strings[language]

    def text(key: str) -> Any:
        return texts[key]

    return (
        _environment()
        .get_template("create.html")
        .render(
            lang=language,
            t=text,
            strings=strings,
            static=static_url,
        )
    )


router = APIRouter(tags=["web"])


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
@router.get("/create", response_class=HTMLResponse, summary="The web page that makes a website")
# HEAD too, for uptime checks and link previews; kept out of the OpenAPI document so the GET
# route keeps its operation id.
@router.head("/", response_class=HTMLResponse, include_in_schema=False)
@router.head("/create", response_class=HTMLResponse, include_in_schema=False)
async def create_page(request: Request) -> HTMLResponse:
    """Serve the /create page (also at /)."""
    return HTMLResponse(render_create_page(choose_language(request)), headers=SECURITY_HEADERS)
