"""The original front end's create page, on another origin, against a real `bina serve`.

The page below reproduces the calls of the system Bina replaces, verbatim: a JSON `POST` to
`{backend}/api/generate/start` with every field it sends and no credentials, then a `GET` of
`{backend}/api/generate/status/{job_id}?t=<ms>` on a timer (any non-2xx answer means "try
again"), reading `status`, `progress`, `error` and, once completed, `variants`, else `styles`,
else `html`. It is served from a second local port, so every call is cross-origin; the server
allows that origin in `BINA_CORS_ORIGINS` and nothing else changes.
"""

from __future__ import annotations

import contextlib
import functools
import http.server
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.server import bina_server

pytestmark = [pytest.mark.browser, pytest.mark.slow]

BUSINESS = "Kedai Kek Puan Salmah"
DESCRIPTION = (
    f"{BUSINESS} di Shah Alam. Kek coklat RM45, kek pandan RM38. "
    "Buka 10 pagi hingga 8 malam, tutup Isnin. WhatsApp 012-345 6789"
)
RESULT_TIMEOUT_MS = 60_000

# The original create page's calls, with its body and its polling loop; only the backend URL
# and the polling interval (the original's 3 s, here 1 s to keep the test short) are set here.
ORIGINAL_PAGE = """<!doctype html>
<html lang="ms"><head><meta charset="utf-8"><title>Original front end</title></head>
<body>
<p id="state">idle</p><p id="progress">0</p><p id="errors"></p>
<script>
const BACKEND = __BACKEND__;
const DESCRIPTION = __DESCRIPTION__;
const POLL_MS = 1000;
window.__result = null;
window.__polls = [];
const show = (id, text) => { document.getElementById(id).textContent = String(text); };

function body() {
  return {
    description: DESCRIPTION,
    business_description: DESCRIPTION,
    language: "ms",
    user_id: "anonymous",
    email: "",
    images: [],
    gallery_metadata: [],
    features: {whatsapp: true, googleMap: true, deliverySystem: false,
               contactForm: true, socialMedia: false},
    business_type: "bakery",
    image_choice: "none",
    color_mode: "light",
    design_style: "modern",
    template_id: null,
    delivery: null,
    address: "Shah Alam",
    social_media: {},
  };
}

function designsOf(data) {
  if (Array.isArray(data.variants) && data.variants.length) return data.variants;
  if (Array.isArray(data.styles) && data.styles.length) return data.styles;
  if (data.html) return [{html: data.html}];
  return [];
}

async function pollStatus(jobId) {
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    let response;
    try {
      response = await fetch(`${BACKEND}/api/generate/status/${jobId}?t=${Date.now()}`);
    } catch (error) {
      window.__polls.push("network");
      continue;
    }
    window.__polls.push(response.status);
    if (!response.ok) continue;  // the original treats any non-2xx as "retry"
    const data = await response.json();
    show("progress", data.progress);
    if (data.status === "completed") {
      window.__result = {kind: "start", designs: designsOf(data), jobId};
      show("state", "completed");
      return;
    }
    if (data.status === "failed") {
      show("state", "failed");
      show("errors", data.error);
      return;
    }
    show("state", data.status);
  }
}

window.startGeneration = async function () {
  show("state", "starting");
  const response = await fetch(`${BACKEND}/api/generate/start`, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body()),
  });
  const data = await response.json();
  if (!response.ok || !data.success) {
    show("state", "start-failed");
    show("errors", JSON.stringify(data));
    return;
  }
  await pollStatus(data.job_id);
};

window.generateSimple = async function () {
  show("state", "waiting");
  const response = await fetch(`${BACKEND}/api/generate-simple`, {
    method: "POST",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify(body()),
  });
  const data = await response.json();
  if (!response.ok || !data.success) {
    show("state", "simple-failed");
    show("errors", JSON.stringify(data));
    return;
  }
  window.__result = {kind: "simple", designs: designsOf(data), jobId: data.job_id};
  show("state", "completed");
};
</script>
</body></html>
"""


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class StaticSite:
    """A folder served over HTTP on its own port: one origin."""

    origin: str
    root: Path

    def publish(self, name: str, backend_url: str) -> str:
        html = ORIGINAL_PAGE.replace("__BACKEND__", json.dumps(backend_url))
        (self.root / name).write_text(
            html.replace("__DESCRIPTION__", json.dumps(DESCRIPTION)), encoding="utf-8"
        )
        return f"{self.origin}/{name}"


@contextlib.contextmanager
def static_site(root: Path) -> Iterator[StaticSite]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield StaticSite(f"http://127.0.0.1:{httpd.server_address[1]}", root)
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(scope="module")
def front_end(tmp_path_factory: pytest.TempPathFactory) -> Iterator[StaticSite]:
    """The original front end's origin: a static file server on a second port."""
    with static_site(tmp_path_factory.mktemp("original-front-end")) as site:
        yield site


@pytest.fixture(scope="module")
def backend(
    browser: Any, front_end: StaticSite, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Any]:
    """`bina serve` allowing only the front end's origin."""
    env = {
        "BINA_CORS_ORIGINS": front_end.origin,
        "BINA_DAILY_LIMIT": "0",
        "BINA_OFFLINE_DELAY_S": "2",
    }
    with bina_server(tmp_path_factory.mktemp("backend"), env) as running:
        yield running


def _open(browser: Any, url: str) -> tuple[Any, Any]:
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(url)
    return context, page


def _assert_three_designs_naming_the_business(result: dict[str, Any]) -> None:
    designs = result["designs"]
    assert len(designs) == 3, [design.get("style") for design in designs]
    assert len({design["style"] for design in designs}) == 3
    for design in designs:
        assert BUSINESS in design["html"], design["style"]


@pytest.mark.parametrize("call", ["startGeneration", "generateSimple"])
def test_the_original_create_page_works_unchanged_from_another_origin(
    browser: Any, front_end: StaticSite, backend: Any, call: str
) -> None:
    context, page = _open(browser, front_end.publish(f"{call}.html", backend.url))
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    try:
        page.evaluate(f"() => {{ window.{call}(); }}")  # started, not awaited here
        page.wait_for_function(
            "['completed', 'failed', 'start-failed', 'simple-failed']"
            ".includes(document.getElementById('state').textContent)",
            timeout=RESULT_TIMEOUT_MS,
        )
        state = page.text_content("#state")
        assert state == "completed", (state, page.text_content("#errors"), backend.log_tail())
        result = page.evaluate("window.__result")
        _assert_three_designs_naming_the_business(result)
        polls = page.evaluate("window.__polls")
        assert failed == [], failed  # no call was blocked by CORS or the network
        if call == "startGeneration":
            assert polls and all(status == 200 for status in polls), polls
        # The page kept no cookie, and the job id alone is what it followed.
        assert context.cookies(backend.url) == []
    finally:
        context.close()


def test_an_origin_that_is_not_allowed_is_blocked_by_the_browser(
    browser: Any, backend: Any, tmp_path: Path
) -> None:
    # Another port is another origin, and this one is not in BINA_CORS_ORIGINS.
    with static_site(tmp_path) as stranger:
        context, page = _open(browser, stranger.publish("stranger.html", backend.url))
        try:
            page.evaluate(
                "window.startGeneration().catch(() => {"
                " document.getElementById('state').textContent = 'blocked'; })"
            )
            page.wait_for_function(
                "document.getElementById('state').textContent === 'blocked'", timeout=15_000
            )
        finally:
            context.close()
