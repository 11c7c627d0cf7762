"""The /create page in real headless Chromium against a real `bina serve` (SQLite, offline).

What a shop owner on a cheap phone and a flaky connection goes through: a job followed to three
designs, the network dropping mid-job, a reload, Slow 3G, the free quota running out, and a
description that tries to inject markup. Screenshots go to a temporary folder, or to
BINA_SCREENSHOT_DIR (e.g. docs/screenshots) when set.
"""

from __future__ import annotations

import importlib.util
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOB_TIMEOUT_MS = 45_000
# Chrome DevTools' "Slow 3G" preset: 2 s round trips, ~400 kbit/s each way.
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 51_200,
    "uploadThroughput": 51_200,
}
HOSTILE = (
    '<script>alert("script")</script><img src=x onerror="alert(\'img\');window.top.__pwned=1">'
    " Kedai Roti <b>Mak Esah</b> di Ipoh, roti canai dan kopi, WhatsApp 012-345 6789"
)


def _load_server_helper() -> Any:
    # Loaded by path under a unique name: `server` alone could clash with another test helper.
    spec = importlib.util.spec_from_file_location(
        "bina_browser_test_server", Path(__file__).with_name("server.py")
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


server_helper = _load_server_helper()


@pytest.fixture(scope="module")
def server(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One server for the tests that need no quota (all callers share 127.0.0.1)."""
    env = {"BINA_DAILY_LIMIT": "0", "BINA_OFFLINE_DELAY_S": "4"}
    with server_helper.bina_server(tmp_path_factory.mktemp("web-server"), env) as running:
        yield running


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    target = os.environ.get("BINA_SCREENSHOT_DIR")
    folder = Path(target) if target else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Phone:
    """One visitor: a fresh browser context (own cookies and storage) with one page."""

    context: Any
    page: Any
    server: Any
    requests: list[dict[str, Any]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    @property
    def base_url(self) -> str:
        return str(self.server.url)

    def api_requests(self, since: float = 0.0, path: str = "/api/") -> list[dict[str, Any]]:
        return [r for r in self.requests if r["at"] >= since and path in r["url"]]

    def open(self, path: str = "/create") -> None:
        self.page.goto(self.base_url + path)
        self.page.wait_for_selector("html[data-ready=true]")

    def progress(self) -> int:
        return int(self.page.eval_on_selector("#progress-bar", "bar => bar.value"))

    def saved_job(self) -> dict[str, Any]:
        raw = self.page.evaluate("localStorage.getItem('bina.job.v1')")
        assert raw, "the job is not in localStorage"
        saved: dict[str, Any] = json.loads(raw)
        return saved

    def horizontal_overflow(self) -> int:
        return int(
            self.page.evaluate(
                "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                " - document.documentElement.clientWidth"
            )
        )

    def wait_for_designs(self, count: int = 3, timeout: float = JOB_TIMEOUT_MS) -> None:
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        try:
            self.page.wait_for_function(
                "n => document.querySelectorAll('#style-tabs [role=tab]').length === n"
                " && document.getElementById('progress').hidden"
                " && !document.getElementById('results').hidden",
                arg=count,
                timeout=timeout,
            )
        except PlaywrightTimeout:
            pytest.fail(f"the designs never showed:\n{self.diagnosis()}", pytrace=True)

    def diagnosis(self) -> str:
        """What the page, the job and the server looked like, for a failure message."""
        page_state = self.page.evaluate(
            "() => ({progress: document.getElementById('progress-bar').value,"
            " stage: document.getElementById('stage').textContent,"
            " note: document.getElementById('progress-note').textContent,"
            " alert: document.getElementById('alert').dataset.error || null,"
            " saved: (localStorage.getItem('bina.job.v1') || '').slice(0, 300)})"
        )
        job = "no job id saved"
        raw = self.page.evaluate("localStorage.getItem('bina.job.v1')")
        if raw and json.loads(raw).get("jobId"):
            response = self.context.request.get(
                f"{self.base_url}/api/generate/status/{json.loads(raw)['jobId']}"
            )
            body = response.json()
            job = json.dumps(
                {key: body.get(key) for key in ("status", "progress", "stage", "error")}
            )
        recent = [f"{r['method']} {r['url']}" for r in self.api_requests()[-15:]]
        return (
            f"page: {page_state}\njob: {job}\nrequests:\n  "
            + "\n  ".join(recent)
            + f"\nserver log:\n{self.server.log_tail(30)}"
        )

    def shoot(self, folder: Path, name: str) -> None:
        self.page.screenshot(path=str(folder / f"create-{name}.png"), full_page=True)

    def assert_clean(self) -> None:
        assert self.page_errors == [], self.page_errors
        assert self.csp_violations == [], self.csp_violations
        assert self.dialogs == [], self.dialogs


@pytest.fixture
def new_phone(browser: Any, server: Any) -> Iterator[Callable[..., Phone]]:
    contexts: list[Any] = []

    def make(width: int = 360, height: int = 740, on: Any = None, scale: float = 2) -> Phone:
        context = browser.new_context(
            viewport={"width": width, "height": height},
            device_scale_factor=scale,
            is_mobile=True,
            has_touch=True,
            accept_downloads=True,
        )
        contexts.append(context)
        page = context.new_page()
        phone = Phone(context=context, page=page, server=on or server)
        page.on(
            "request",
            lambda request: phone.requests.append(
                {
                    "at": time.monotonic(),
                    "method": request.method,
                    "url": request.url,
                    "headers": request.headers,
                    "body": request.post_data,
                }
            ),
        )
        page.on("pageerror", lambda error: phone.page_errors.append(str(error)))
        page.on(
            "console",
            lambda message: (
                phone.csp_violations.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

        def on_dialog(dialog: Any) -> None:
            phone.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return phone

    yield make
    for context in contexts:
        context.close()


def start_example(phone: Phone, index: int = 0) -> None:
    phone.page.click(f"#examples [data-example='{index}']")
    assert phone.page.input_value("#description").strip()
    phone.page.click("#generate")
    phone.page.wait_for_selector("#progress:not([hidden])")


def wait_for_progress(phone: Phone, at_least: int) -> None:
    phone.page.wait_for_function(
        "n => document.getElementById('progress-bar').value >= n", arg=at_least, timeout=20_000
    )


def job_status(phone: Phone, job_id: str) -> dict[str, Any]:
    response = phone.context.request.get(f"{phone.base_url}/api/generate/status/{job_id}")
    assert response.status == 200, response.text()
    body: dict[str, Any] = response.json()
    return body


# --- the happy path -----------------------------------------------------------------------------


def test_happy_path_on_a_phone(new_phone: Callable[..., Phone], screenshots: Path) -> None:
    phone = new_phone(360, 740)
    page = phone.context.pages[0]
    phone.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=phone.base_url)
    phone.context.route(
        "https://wa.me/**", lambda route: route.fulfill(body="whatsapp", content_type="text/plain")
    )
    phone.open()
    assert page.get_attribute("html", "lang") == "ms"
    assert page.inner_text("#generate") == "Jana Laman Web"
    assert phone.horizontal_overflow() <= 0
    phone.shoot(screenshots, "phone-form")

    start_example(phone, 0)
    seen: list[int] = []
    shot_progress = False
    deadline = time.monotonic() + JOB_TIMEOUT_MS / 1000
    while time.monotonic() < deadline and not page.is_hidden("#progress"):
        value = phone.progress()
        if not seen or value != seen[-1]:
            seen.append(value)
        if not shot_progress and 30 <= value < 100 and page.is_visible("#progress"):
            assert page.inner_text("#stage").strip()
            assert phone.horizontal_overflow() <= 0
            phone.shoot(screenshots, "phone-progress")
            shot_progress = True
        time.sleep(0.1)
    phone.wait_for_designs(3)
    assert shot_progress, f"progress never seen mid-job: {seen}"
    assert seen == sorted(seen), f"progress went backwards: {seen}"
    assert len([v for v in seen if 0 < v < 100]) >= 3, f"progress did not rise in steps: {seen}"

    # Accessible progress: a live region for the stage, a labelled progressbar with a value text.
    assert page.get_attribute("#stage", "aria-live") == "polite"
    assert page.get_attribute("#progress-bar", "aria-valuetext")
    # The stream was the transport; nothing fell back to polling on a good connection.
    assert phone.api_requests(path="/api/generate/stream/")
    assert not [r for r in phone.api_requests(path="/api/generate/status/") if "wait=" in r["url"]]

    job = phone.saved_job()
    status = job_status(phone, job["jobId"])
    assert status["status"] == "completed"
    expected = {style["style"]: style["html"] for style in status["styles"]}
    assert len(expected) == 3

    frame = page.locator("#preview")
    sandbox = frame.get_attribute("sandbox") or ""
    assert "allow-scripts" not in sandbox and "allow-same-origin" not in sandbox
    shown: set[str] = set()
    for tab in page.locator("#style-tabs [role=tab]").all():
        tab.click()
        assert tab.get_attribute("aria-selected") == "true"
        key = tab.get_attribute("data-style") or ""
        assert frame.evaluate("f => f.srcdoc") == expected[key]
        shown.add(key)
        preview = page.frame_locator("#preview")
        preview.locator("body").wait_for()
    assert shown == set(expected)
    phone.shoot(screenshots, "phone-results")

    selected = page.get_attribute("#style-tabs [aria-selected=true]", "data-style") or ""
    with page.expect_download() as download_info:
        page.click("#download")
    download = download_info.value
    assert download.suggested_filename.endswith(f"-{selected}.html")
    assert Path(download.path()).read_text(encoding="utf-8") == expected[selected]

    page.click("#copy")
    page.wait_for_function("document.getElementById('action-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == expected[selected]

    with phone.context.expect_page() as popup_info:
        page.click("#share")
    assert popup_info.value.url.startswith("https://wa.me/?text=")

    page.click("[data-view=desktop]")
    assert frame.evaluate("f => f.getBoundingClientRect().width") <= 360
    assert frame.evaluate("f => f.style.width") == "1280px"
    assert phone.horizontal_overflow() <= 0
    phone.shoot(screenshots, "phone-desktop-preview")
    page.click("[data-view=phone]")

    # "Generate again": the form comes back with the text kept; the last designs stay reachable.
    page.click("#again")
    assert page.is_visible("#compose")
    assert page.input_value("#description") == job["description"]
    assert page.is_visible("#show-last")
    page.click("#show-last")
    phone.wait_for_designs(3)
    phone.assert_clean()


# --- a flaky connection -------------------------------------------------------------------------


def test_offline_mid_job_then_back(new_phone: Callable[..., Phone], screenshots: Path) -> None:
    phone = new_phone(360, 740)
    page = phone.page
    phone.open()
    start_example(phone, 1)
    wait_for_progress(phone, 10)
    assert page.is_visible("#progress")

    phone.context.set_offline(True)
    page.wait_for_selector("#progress-note[data-state=offline]:not([hidden])")
    quiet_from = time.monotonic()
    time.sleep(4)
    # Quiet while offline: no request at all, not even one failing every few seconds.
    assert phone.api_requests(since=quiet_from) == []
    assert page.is_visible("#progress"), "the page gave up on the job while offline"
    phone.shoot(screenshots, "phone-offline")

    phone.context.set_offline(False)
    back_at = time.monotonic()
    phone.wait_for_designs(3)
    first = phone.api_requests(since=back_at)
    assert first and first[0]["at"] - back_at < 1.5, "did not resume at once when back online"
    assert page.is_hidden("#alert")
    phone.assert_clean()


def test_reload_mid_job_resumes_the_same_job(
    new_phone: Callable[..., Phone], tmp_path: Path
) -> None:
    # A job long enough that the reload surely lands in the middle of it.
    env = {"BINA_DAILY_LIMIT": "0", "BINA_OFFLINE_DELAY_S": "10"}
    with server_helper.bina_server(tmp_path / "slow-job-server", env) as slow_server:
        phone = new_phone(360, 740, on=slow_server, scale=1)
        page = phone.page
        phone.open()
        start_example(phone, 2)
        wait_for_progress(phone, 10)
        saved = phone.saved_job()
        assert saved["jobId"] and saved["idempotencyKey"]
        # Pretend the job started four minutes ago: the page must say it is slow, not give up.
        # (An init script, so the page's own saves before the reload cannot undo it.)
        page.add_init_script(
            "(() => { if (window !== window.top) return;"
            " const raw = localStorage.getItem('bina.job.v1'); if (!raw) return;"
            " const s = JSON.parse(raw); s.createdAt = Date.now() - 4 * 60 * 1000;"
            " localStorage.setItem('bina.job.v1', JSON.stringify(s)); })()"
        )
        page.reload()
        page.wait_for_selector("html[data-ready=true]")
        assert page.is_hidden("#compose")
        page.wait_for_selector("#progress-note[data-state=slow]:not([hidden])", timeout=5000)
        assert 0 < phone.progress() < 100
        phone.wait_for_designs(3)
        assert phone.saved_job()["jobId"] == saved["jobId"]
        starts = [
            r for r in phone.api_requests(path="/api/generate/start") if r["method"] == "POST"
        ]
        assert len(starts) == 1, "the reload started a second job"

        # A finished job is shown again on the next visit, straight from the saved state.
        page.reload()
        page.wait_for_selector("html[data-ready=true]")
        phone.wait_for_designs(3, timeout=5000)
        phone.assert_clean()


def test_start_is_retried_with_the_same_idempotency_key(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    failures = {"left": 1}

    def drop_first(route: Any) -> None:
        if failures["left"]:
            failures["left"] -= 1
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/generate/start", drop_first)
    phone.open()
    page.click("[data-lang=en]")
    start_example(phone, 3)
    phone.wait_for_designs(3)
    starts = [r for r in phone.api_requests(path="/api/generate/start") if r["method"] == "POST"]
    assert len(starts) == 2
    keys = {r["headers"].get("idempotency-key") for r in starts}
    assert len(keys) == 1 and None not in keys
    assert json.loads(starts[1]["body"])["language"] == "en"
    phone.assert_clean()


def test_falls_back_to_polling_when_the_stream_fails(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    page.route("**/api/generate/stream/**", lambda route: route.fulfill(status=503, body=""))
    phone.open()
    start_example(phone, 0)
    phone.wait_for_designs(3)
    polls = [r for r in phone.api_requests(path="/api/generate/status/") if "wait=25" in r["url"]]
    assert polls, "no long poll after the stream failed"
    assert any(r["headers"].get("if-none-match") for r in polls), "polling without If-None-Match"
    phone.assert_clean()


def test_completes_on_slow_3g(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    cdp = phone.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    began = time.monotonic()
    page.goto(phone.base_url + "/create", timeout=60_000)
    page.wait_for_selector("html[data-ready=true]", timeout=60_000)
    loaded_in = time.monotonic() - began
    start_example(phone, 3)
    phone.wait_for_designs(3, timeout=120_000)
    assert page.frame_locator("#preview").locator("body").inner_text(timeout=10_000).strip()
    print(f"Slow 3G: the page was usable after {loaded_in:.1f} s")
    phone.assert_clean()


# --- errors -------------------------------------------------------------------------------------


def test_quota_exceeded_says_so_clearly(
    new_phone: Callable[..., Phone],
    tmp_path: Path,
    screenshots: Path,
) -> None:
    env = {"BINA_DAILY_LIMIT": "1", "BINA_OFFLINE_DELAY_S": "1"}
    with server_helper.bina_server(tmp_path / "quota-server", env) as quota_server:
        phone = new_phone(360, 740, on=quota_server)
        page = phone.page
        phone.open()
        page.wait_for_selector("#quota:not([hidden])")
        assert "1" in page.inner_text("#quota")
        # The quota goes elsewhere (same visitor, another tab) while this page still shows 1 left.
        other = phone.context.request.post(
            f"{quota_server.url}/api/generate/start",
            data={"description": "Kedai kopi di Ipoh, buka 8 pagi, WhatsApp 012-345 6789"},
        )
        assert other.status == 202, other.text()

        page.click("#examples [data-example='0']")
        page.click("#generate")
        page.wait_for_selector("#alert[data-error=error_quota]:not([hidden])")
        message = page.inner_text("#alert-message")
        assert "janaan percuma" in message and ("pada" in message or "esok" in message), message
        assert page.is_visible("#compose") and page.is_hidden("#progress")
        assert page.input_value("#description").strip(), "the description was lost"
        assert page.get_attribute("#generate", "aria-disabled") == "true"
        assert phone.horizontal_overflow() <= 0
        phone.shoot(screenshots, "phone-quota")

        # The next visit knows before trying, and a tap explains instead of sending a request.
        page.reload()
        page.wait_for_selector("html[data-ready=true]")
        page.wait_for_selector("#quota.quota-out")
        posts_before = len(phone.api_requests(path="/api/generate/start"))
        page.fill("#description", "Kedai bunga di Melaka, WhatsApp 012-345 6789")
        page.click("#generate", force=True)  # aria-disabled: still tappable, on purpose
        page.wait_for_selector("#alert[data-error=error_quota]:not([hidden])")
        assert len(phone.api_requests(path="/api/generate/start")) == posts_before
        phone.assert_clean()


def test_invalid_input_is_explained_in_the_users_language(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    phone.open()
    page.click("#generate")
    assert page.is_visible("#form-error")
    assert page.inner_text("#form-error") == "Sila terangkan perniagaan anda dahulu."
    assert page.get_attribute("#description", "aria-invalid") == "true"
    assert phone.api_requests(path="/api/generate/start") == []
    page.click("[data-lang=en]")
    assert page.inner_text("#form-error") == "Please describe your business first."
    # Only control characters: the server refuses it (422), and the page says so in English.
    page.fill("#description", "Kedai \u0007\u0007 di Ipoh")
    page.click("#generate")
    page.wait_for_selector("#alert[data-error=error_invalid]:not([hidden])")
    assert page.is_visible("#compose")
    phone.assert_clean()


def test_a_description_the_generator_refuses_is_explained_before_any_job(
    new_phone: Callable[..., Phone],
) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    phone.open()
    # The generator's own rule, applied by the API before a job exists or quota is charged.
    page.fill("#description", "kedai")
    page.click("#generate")
    page.wait_for_selector("#alert[data-error=error_invalid]:not([hidden])", timeout=20_000)
    assert "pendek" in page.inner_text("#alert-detail")  # the generator's reason, in Malay
    assert page.is_hidden("#alert-retry")  # the same words would be refused again
    assert page.is_visible("#compose") and page.input_value("#description") == "kedai"
    assert page.is_hidden("#progress") and page.is_hidden("#results")
    starts = [r for r in phone.api_requests(path="/api/generate/start") if r["method"] == "POST"]
    assert len(starts) == 1
    # The next visit starts fresh, not with the old error.
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.is_hidden("#alert")
    phone.assert_clean()


def test_a_job_that_fails_on_the_server_is_explained_with_a_retry(
    new_phone: Callable[..., Phone],
) -> None:
    """A failure that is no fault of the user (every attempt of the job failed): the server's
    answer is replaced on the way, since no input makes the real generator fail any more."""
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    page.route("**/api/generate/stream/**", lambda route: route.fulfill(status=503, body=""))

    def failed(route: Any) -> None:
        real = route.fetch()
        snapshot = real.json()
        snapshot.update(
            status="failed", progress=40, stage="failed", error="Pelayan sibuk, cuba lagi."
        )
        route.fulfill(response=real, json=snapshot, headers={**real.headers, "etag": '"x-1"'})

    page.route("**/api/generate/status/**", failed)
    phone.open()
    start_example(phone, 1)
    page.wait_for_selector("#alert[data-error=error_failed]:not([hidden])", timeout=20_000)
    assert page.inner_text("#alert-message") == "Maaf, laman web anda tidak dapat dijana."
    assert page.is_visible("#alert-retry")
    assert page.is_visible("#compose") and page.input_value("#description").strip()
    assert page.is_hidden("#progress") and page.is_hidden("#results")
    # The retry is a new start of the same words, which this time runs to the end.
    page.unroute("**/api/generate/status/**")
    page.click("#alert-retry")
    phone.wait_for_designs(3)
    starts = [r for r in phone.api_requests(path="/api/generate/start") if r["method"] == "POST"]
    assert len(starts) == 2
    assert starts[0]["headers"]["idempotency-key"] != starts[1]["headers"]["idempotency-key"]
    phone.assert_clean()


def test_cancel_returns_to_the_form(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    phone.open()
    start_example(phone, 1)
    page.wait_for_selector("#cancel:not([hidden])")
    page.click("#cancel")
    page.wait_for_selector("#alert[data-error=error_canceled]:not([hidden])", timeout=20_000)
    assert page.is_visible("#compose") and page.input_value("#description").strip()
    assert page.is_hidden("#progress")
    phone.assert_clean()


def test_hostile_description_runs_nothing(new_phone: Callable[..., Phone]) -> None:
    phone = new_phone(360, 740, scale=1)
    page = phone.page
    phone.open()
    page.fill("#description", HOSTILE)
    page.click("#generate")
    page.wait_for_selector("#progress:not([hidden])")
    assert "<script>" in page.inner_text("#progress-description")
    phone.wait_for_designs(3)
    for tab in page.locator("#style-tabs [role=tab]").all():
        tab.click()
        preview = page.frame_locator("#preview")
        preview.locator("body").wait_for()
        assert preview.locator("img[src=x]").count() == 0
        # JSON-LD data is the only script a generated site may hold; nothing that runs.
        types = preview.locator("script").evaluate_all("nodes => nodes.map(n => n.type)")
        assert set(types) <= {"application/ld+json"}, types
    page.wait_for_timeout(500)
    assert page.locator("img[src=x]").count() == 0
    assert page.evaluate("window.__pwned") is None
    assert page.locator("body script:not([type='application/json'])").count() == 0
    phone.assert_clean()


# --- layout -------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", [320, 360])
def test_no_horizontal_scroll_in_either_language(
    new_phone: Callable[..., Phone], screenshots: Path, width: int
) -> None:
    phone = new_phone(width, 700)
    page = phone.page
    phone.open()
    assert phone.horizontal_overflow() <= 0
    page.click("[data-lang=en]")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("#generate") == "Generate Website"
    assert phone.horizontal_overflow() <= 0
    if width == 320:
        phone.shoot(screenshots, "320-form-en")
    # The choice sticks: the server renders the next visit in English.
    page.reload()
    page.wait_for_selector("html[data-ready=true]")
    assert page.inner_text("h1").startswith("A website")
    small = page.evaluate(
        "[...document.querySelectorAll('button, a, textarea')].filter(e => e.offsetParent)"
        ".map(e => e.getBoundingClientRect()).filter(r => r.height < 40).length"
    )
    assert small <= 2, "tap targets smaller than 40 px"  # the footer link and the skip link

    start_example(phone, 0)
    assert phone.horizontal_overflow() <= 0
    phone.wait_for_designs(3)
    assert phone.horizontal_overflow() <= 0
    if width == 320:
        phone.shoot(screenshots, "320-results-en")
    page.click("[data-view=desktop]")
    assert phone.horizontal_overflow() <= 0
    phone.assert_clean()


def test_desktop_layout(new_phone: Callable[..., Phone], screenshots: Path) -> None:
    phone = new_phone(1280, 860, scale=1)
    page = phone.page
    phone.open()
    assert phone.horizontal_overflow() <= 0
    start_example(phone, 1)
    phone.wait_for_designs(3)
    page.click("[data-view=desktop]")
    frame_width = page.locator("#preview").evaluate("f => f.getBoundingClientRect().width")
    assert 600 < frame_width <= 1000, frame_width
    assert phone.horizontal_overflow() <= 0
    phone.shoot(screenshots, "desktop-results")
    phone.assert_clean()
