"""The cross-site and content-type rules of `RequestGuard`, decided from headers alone."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import pytest

from bina.api.identity import parse_networks
from bina.api.request_guard import Origin, RequestGuard, is_json

OWN = "http://bina.test:8000"
SHOP = "https://shop.example"


def scope(
    method: str = "POST",
    path: str = "/api/generate/start",
    *,
    host: str = "bina.test:8000",
    scheme: str = "http",
    peer: str = "203.0.113.9",
    **headers: str,
) -> dict[str, Any]:
    raw = {"host": host, **{k.replace("_", "-"): v for k, v in headers.items()}}
    return {
        "type": "http",
        "method": method,
        "path": path,
        "scheme": scheme,
        "client": (peer, 40000),
        "headers": [(k.lower().encode(), v.encode()) for k, v in raw.items()],
    }


def guard(
    origins: Sequence[str] = (), public_url: str | None = None, proxies: Sequence[str] = ()
) -> RequestGuard:
    return RequestGuard(origins, public_url, parse_networks(proxies))


def refused(request: dict[str, Any], rules: RequestGuard | None = None) -> str | None:
    """The error code the guard answers with, or None when the request goes on."""
    answer = (rules or guard()).refusal(request)
    if answer is None:
        return None
    code: str = json.loads(bytes(answer.body))["error"]
    return code


JSON = {"content_type": "application/json", "content_length": "20"}


@pytest.mark.parametrize(
    ("headers", "expected", "why"),
    [
        ({}, None, "no Origin, no Sec-Fetch-Site: curl or a backend"),
        ({"origin": OWN, "sec_fetch_site": "same-origin"}, None, "the server's own page"),
        ({"origin": "https://bina.test:8000"}, None, "own host over https (a TLS proxy)"),
        ({"origin": "https://evil.example"}, "cross_site_request", "a foreign Origin"),
        ({"origin": "null"}, "cross_site_request", "an opaque origin (sandbox, file:)"),
        ({"sec_fetch_site": "cross-site"}, "cross_site_request", "the browser says cross-site"),
        ({"sec_fetch_site": "same-site"}, "cross_site_request", "a sibling host, no Origin"),
        (
            {"origin": "http://shop.bina.test:8000", "sec_fetch_site": "same-site"},
            "cross_site_request",
            "a sibling subdomain is another origin",
        ),
        (
            {"origin": OWN, "sec_fetch_site": "cross-site"},
            "cross_site_request",
            "the browser's word wins over a matching Origin",
        ),
        ({"origin": "http://bina.test:8001"}, "cross_site_request", "another port"),
        ({"origin": "HTTP://BINA.TEST:8000"}, None, "case does not matter"),
    ],
)
def test_cross_site_requests_are_refused_and_own_ones_pass(
    headers: dict[str, str], expected: str | None, why: str
) -> None:
    assert refused(scope(**JSON, **headers)) == expected, why


@pytest.mark.parametrize("method", ["GET", "HEAD", "OPTIONS"])
def test_reads_and_preflights_are_never_refused(method: str) -> None:
    request = scope(method, origin="https://evil.example", sec_fetch_site="cross-site")
    assert refused(request) is None


@pytest.mark.parametrize("method", ["PUT", "PATCH", "DELETE", "POST"])
def test_every_state_changing_method_is_checked(method: str) -> None:
    request = scope(method, path="/anything", origin="https://evil.example")
    assert refused(request) == "cross_site_request"


def test_allowed_origins_pass_even_cross_site() -> None:
    rules = guard([SHOP])
    allowed = scope(**JSON, origin=SHOP, sec_fetch_site="cross-site")
    assert refused(allowed, rules) is None
    assert refused(scope(**JSON, origin="https://shop.example:443"), rules) is None
    other = scope(**JSON, origin="https://other.example", sec_fetch_site="cross-site")
    assert refused(other, rules) == "cross_site_request"
    anything = scope(**JSON, origin="https://other.example", sec_fetch_site="cross-site")
    assert refused(anything, guard(["*"])) is None


def test_the_public_url_is_the_only_own_origin_when_set() -> None:
    rules = guard(public_url="https://bina.example.my")
    assert refused(scope(**JSON, origin="https://bina.example.my"), rules) is None
    # A name that resolves to this server (DNS rebinding) is not its origin.
    rebound = scope(**JSON, host="rebound.example", origin="http://rebound.example")
    assert refused(rebound, rules) == "cross_site_request"


def test_an_http_page_is_not_the_origin_of_an_https_server() -> None:
    over_tls = scope(**JSON, scheme="https", origin=OWN)
    assert refused(over_tls) == "cross_site_request"
    proxied = scope(**JSON, peer="10.0.0.2", x_forwarded_proto="https", origin=OWN)
    assert refused(proxied, guard(proxies=["10.0.0.0/8"])) == "cross_site_request"
    # The same header from a peer that is not a trusted proxy proves nothing.
    assert refused(proxied) is None


@pytest.mark.parametrize(
    ("content_type", "expected"),
    [
        ("application/json", None),
        ("application/json; charset=utf-8", None),
        ("Application/JSON;charset=UTF-8", None),
        ("application/merge-patch+json", None),
        (None, "unsupported_media_type"),
        ("text/plain", "unsupported_media_type"),
        ("text/plain; charset=utf-8", "unsupported_media_type"),
        ("application/x-www-form-urlencoded", "unsupported_media_type"),
        ("multipart/form-data; boundary=x", "unsupported_media_type"),
        ("application/jsonp", "unsupported_media_type"),
    ],
)
def test_a_body_must_be_declared_json(content_type: str | None, expected: str | None) -> None:
    headers = {"content_length": "20"}
    if content_type is not None:
        headers["content_type"] = content_type
    assert refused(scope(**headers)) == expected


def test_requests_without_a_body_need_no_type() -> None:
    assert refused(scope(path="/api/generate/x/cancel")) is None
    assert refused(scope(path="/api/generate/x/cancel", content_length="0")) is None
    assert refused(scope(transfer_encoding="chunked")) == "unsupported_media_type"


def test_the_photo_upload_takes_multipart_only() -> None:
    photos = "/api/sites/abc/photos"
    form = {"content_type": "multipart/form-data; boundary=----x", "content_length": "900"}
    assert refused(scope(path=photos, **form)) is None
    assert refused(scope(path=photos, **JSON)) == "unsupported_media_type"
    cross = scope(path=photos, **form, origin="https://evil.example", sec_fetch_site="cross-site")
    assert refused(cross) == "cross_site_request"


def test_a_refusal_with_an_unread_body_closes_the_connection() -> None:
    answer = guard().refusal(scope(content_type="text/plain", content_length="20"))
    assert answer is not None and answer.headers["connection"] == "close"
    bodiless = guard().refusal(scope(origin="https://evil.example"))
    assert bodiless is not None and "connection" not in bodiless.headers


def test_origins_parse_as_browsers_send_them() -> None:
    assert Origin.parse("https://Shop.Example") == Origin("https", "shop.example", 443)
    assert Origin.parse("http://[::1]:8000") == Origin("http", "::1", 8000)
    for text in ("null", "file://", "ftp://x", "http://x:99999", ""):
        assert Origin.parse(text) is None, text
    assert is_json("application/problem+json") and not is_json("text/json")
