"""The /create page over HTTP, without a browser or a database: headers, language, static files,
and that the page's texts, template and scripts agree with each other."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from html.parser import HTMLParser

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from bina.web import STATIC_DIR, mount_static, router
from bina.web.pages import TEMPLATES_DIR, page_strings
from bina.web.static import static_version


@pytest.fixture
def client() -> TestClient:
    app = FastAPI()
    app.include_router(router)
    mount_static(app)
    return TestClient(app)


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def _directives(policy: str) -> dict[str, list[str]]:
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("path", ["/create", "/"])
def test_page_has_strict_security_headers(client: TestClient, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    csp = _directives(response.headers["content-security-policy"])
    assert csp["script-src"] == ["'self'"]
    assert csp["connect-src"] == ["'self'"]
    assert csp["default-src"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert "blob:" in csp["frame-src"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["x-frame-options"] == "DENY"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["cache-control"] == "no-cache"
    assert "camera=()" in response.headers["permissions-policy"]


def test_page_has_no_inline_script_or_handler(client: TestClient) -> None:
    tags = _tags(client.get("/create").text)
    scripts = [attrs for tag, attrs in tags if tag == "script"]
    assert any(attrs.get("type") == "module" and attrs.get("src") for attrs in scripts)
    for attrs in scripts:
        assert attrs.get("src") or attrs.get("type") == "application/json", attrs
    for tag, attrs in tags:
        assert not [name for name in attrs if name.startswith("on")], (tag, attrs)
    frame = next(attrs for tag, attrs in tags if tag == "iframe")
    sandbox = (frame.get("sandbox") or "").split()
    assert "allow-scripts" not in sandbox and "allow-same-origin" not in sandbox


def test_language_from_query_then_cookie_then_malay(client: TestClient) -> None:
    assert '<html lang="ms">' in client.get("/create").text
    assert "Jana Laman Web" in client.get("/create").text
    english = client.get("/create?lang=en").text
    assert '<html lang="en">' in english and "Generate Website" in english
    client.cookies.set("bina_lang", "en")
    assert '<html lang="en">' in client.get("/create").text
    assert '<html lang="ms">' in client.get("/create?lang=ms").text
    client.cookies.set("bina_lang", "<script>")
    assert '<html lang="ms">' in client.get("/create").text


def test_embedded_strings_cannot_close_their_script_block(client: TestClient) -> None:
    html = client.get("/create").text
    block = re.search(
        r'<script type="application/json" id="bina-strings">(.*?)</script>', html, re.S
    )
    assert block, "the strings data block is missing"
    assert json.loads(block.group(1)) == page_strings()


def test_static_files_are_versioned_and_cached(client: TestClient) -> None:
    html = client.get("/create").text
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert {url.rsplit("/", 1)[1] for url in urls} >= {"app.js", "app.css", "i18n.js", "icon.svg"}
    for url in urls:
        assert url.startswith(f"/static/{static_version()}/"), url
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert response.headers["x-content-type-options"] == "nosniff"
        if url.endswith(".js"):
            assert "javascript" in response.headers["content-type"]
    plain = client.get("/static/app.js")
    assert plain.status_code == 200 and plain.headers["cache-control"] == "no-cache"
    stale = client.get("/static/v-000000000000/app.js")
    assert stale.status_code == 200 and stale.headers["cache-control"] == "no-cache"
    assert client.get(f"/static/{static_version()}/../pages.py").status_code == 404


def test_every_module_is_preloaded_and_every_import_exists(client: TestClient) -> None:
    html = client.get("/create").text
    preloaded = {
        url.rsplit("/", 1)[1] for url in re.findall(r'rel="modulepreload" href="([^"]+)"', html)
    }
    modules = {path.name for path in STATIC_DIR.glob("*.js")}
    assert preloaded | {"app.js"} == modules
    for module in STATIC_DIR.glob("*.js"):
        for imported in re.findall(r'from "\./([^"]+)"', module.read_text(encoding="utf-8")):
            assert (STATIC_DIR / imported).is_file(), (module.name, imported)


def test_both_languages_have_every_text() -> None:
    strings = page_strings()
    assert set(strings) == {"ms", "en"}
    assert set(strings["ms"]) == set(strings["en"])
    assert len(strings["ms"]["examples"]) == len(strings["en"]["examples"]) >= 4
    used = set(re.findall(r'data-i18n="([a-z_]+)"', (TEMPLATES_DIR / "create.html").read_text()))
    used |= set(
        re.findall(
            r":([a-z_]+)",
            " ".join(
                re.findall(r'data-i18n-attr="([^"]+)"', (TEMPLATES_DIR / "create.html").read_text())
            ),
        )
    )
    for module in STATIC_DIR.glob("*.js"):
        used |= set(re.findall(r'\bt\("([a-z_]+)"', module.read_text(encoding="utf-8")))
        used |= set(re.findall(r'showAlert\("([a-z_]+)"', module.read_text(encoding="utf-8")))
    missing = sorted(key for key in used if key not in strings["ms"])
    assert missing == []


def test_web_package_imports_no_job_or_generator_code() -> None:
    code = "import sys, bina.web; print(sorted(m for m in sys.modules if m.startswith('bina.')))"
    loaded = subprocess.run(
        [sys.executable, "-c", code], check=True, capture_output=True, text=True
    ).stdout
    for forbidden in ("bina.jobs", "bina.generator", "bina.api", "bina.handler"):
        assert forbidden not in loaded, loaded


@pytest.mark.parametrize("path", ["/", "/create"])
def test_the_page_answers_head_like_get(client: TestClient, path: str) -> None:
    """Uptime checks and link previews send HEAD; they must not get a 405."""
    head = client.head(path)
    assert head.status_code == 200
    assert head.headers["content-type"].startswith("text/html")
    assert (
        head.headers["content-security-policy"]
        == client.get(path).headers["content-security-policy"]
    )
    assert head.content == b""
