"""Headless Chromium for browser tests: a session-wide `browser` and a fresh `page` per test.

Playwright's sync API drives the Debian `chromium` binary, found from BINA_CHROMIUM, then
/usr/bin/chromium, then `chromium` on the PATH. Without it the tests are skipped with a loud
reason, unless BINA_TEST_REQUIRE_BROWSER=1 (CI), which makes that a failure. Every test in
this folder gets the `browser` marker, so `-m "not browser"` leaves them all out.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, ViewportSize

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MOBILE: ViewportSize = {"width": 360, "height": 740}
_HERE = Path(__file__).parent


def chromium_path() -> str | None:
    """The Chromium binary to drive, or None when there is none."""
    candidates = [os.environ.get("BINA_CHROMIUM"), "/usr/bin/chromium", shutil.which("chromium")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    return None


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("BINA_TEST_REQUIRE_BROWSER", "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{reason} (BINA_TEST_REQUIRE_BROWSER=1 makes this a failure)", pytrace=False)
    pytest.skip(f"SKIPPED LOUDLY: {reason}; set BINA_TEST_REQUIRE_BROWSER=1 to make it a failure")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One headless Chromium for the whole session (sync Playwright API)."""
    path = chromium_path()
    if path is None:
        _skip_or_fail("no Chromium found (BINA_CHROMIUM, /usr/bin/chromium or chromium on PATH)")
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        launched = playwright.chromium.launch(
            executable_path=path, args=CHROMIUM_ARGS, headless=True
        )
    except PlaywrightError as exc:
        playwright.stop()
        _skip_or_fail(f"Chromium at {path} did not start: {exc}")
        raise  # not reached: skip and fail raise
    try:
        yield launched
    finally:
        launched.close()
        playwright.stop()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A page in its own context (no shared cookies or storage), phone-sized to start with."""
    context = browser.new_context(viewport=MOBILE, device_scale_factor=1, service_workers="block")
    opened = context.new_page()
    try:
        yield opened
    finally:
        context.close()
