"""From the designs to a live link, in real headless Chromium against a real `bina serve`.

A shop owner on a 360 px phone: describe → designs → "Pilih reka bentuk ini" → correct a price
while the connection drops (the edit waits, then arrives) → add a big camera photo (shrunk in
the browser first) → "Terbitkan" → share → the published page shows the corrected price and
the photo → "Laman saya". Then what goes wrong: a reload with an edit not yet sent, another
tab's change (412), a price the server cannot read (422), and an address already taken (409).

Screenshots go to a temporary folder, or to BINA_SCREENSHOT_DIR (e.g. docs/screenshots).
"""

from __future__ import annotations

import importlib.util
import io
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOB_TIMEOUT_MS = 45_000
SAVE_TIMEOUT_MS = 15_000
OFFLINE_SECONDS = 3.0
CAMERA_SIZE = (2400, 1600)


def _load_server_helper() -> Any:
    # Loaded by path under a unique name: `server` alone could clash with another test helper.
    name = "bina_browser_test_server"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name("server.py"))
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


server_helper = _load_server_helper()


@pytest.fixture(scope="module")
def server(browser: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    env = {"BINA_DAILY_LIMIT": "0", "BINA_OFFLINE_DELAY_S": "1"}
    with server_helper.bina_server(tmp_path_factory.mktemp("sites-server"), env) as running:
        yield running


@pytest.fixture
def screenshots(tmp_path: Path) -> Path:
    target = os.environ.get("BINA_SCREENSHOT_DIR")
    folder = Path(target) if target else tmp_path / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@dataclass
class Owner:
    """One shop owner's phone: its own context (cookie, storage) and page, and what it sent."""

    context: Any
    page: Any
    base_url: str
    requests: list[dict[str, Any]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def sent(self, method: str, path: str, since: float = 0.0) -> list[dict[str, Any]]:
        return [
            r
            for r in self.requests
            if r["method"] == method and path in r["url"] and r["at"] >= since
        ]

    def overflow(self) -> int:
        return int(
            self.page.evaluate(
                "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
                " - document.documentElement.clientWidth"
            )
        )

    def save_state(self) -> str:
        return str(self.page.get_attribute("#save-status", "data-state"))

    def wait_saved(self) -> None:
        self.page.wait_for_selector("#save-status[data-state=saved]", timeout=SAVE_TIMEOUT_MS)

    def site_id(self) -> str:
        raw = self.page.evaluate("localStorage.getItem('bina.site.v1')")
        assert raw, "the open site is not in localStorage"
        site_id: str = json.loads(raw)["siteId"]
        return site_id

    def api_site(self) -> dict[str, Any]:
        response = self.context.request.get(f"{self.base_url}/api/sites/{self.site_id()}")
        assert response.status == 200, response.text()
        site: dict[str, Any] = response.json()
        return site

    def preview_html(self) -> str:
        return str(self.page.eval_on_selector("#site-preview", "frame => frame.srcdoc"))

    def shoot(self, folder: Path, name: str, *, full_page: bool = True) -> None:
        self.page.screenshot(path=str(folder / f"sites-{name}-360.png"), full_page=full_page)

    def assert_clean(self) -> None:
        assert self.problems == [], self.problems


@pytest.fixture
def new_owner(browser: Any, server: Any) -> Iterator[Any]:
    contexts: list[Any] = []

    def make() -> Owner:
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            device_scale_factor=1,
            is_mobile=True,
            has_touch=True,
        )
        contexts.append(context)
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
        # WhatsApp is the outside world: answer for it, never reach it.
        context.route(
            "https://wa.me/**", lambda route: route.fulfill(body="wa", content_type="text/plain")
        )
        page = context.new_page()
        owner = Owner(context=context, page=page, base_url=str(server.url))
        page.on(
            "request",
            lambda request: owner.requests.append(
                {
                    "at": time.monotonic(),
                    "method": request.method,
                    "url": request.url,
                    "headers": request.headers,
                    "body": request.post_data_buffer,
                }
            ),
        )
        page.on("pageerror", lambda error: owner.problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                owner.problems.append(message.text)
                if "Content Security Policy" in message.text
                else None
            ),
        )

        def on_dialog(dialog: Any) -> None:
            # The page asks in place; a native dialog would be a bug (and would block it).
            owner.problems.append(f"dialog: {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return owner

    yield make
    for context in contexts:
        context.close()


def camera_photo(path: Path) -> Path:
    """A 2400×1600 JPEG like a phone camera's: a shopfront, with the grain of a real photo."""
    from PIL import Image, ImageDraw

    image = Image.linear_gradient("L").resize(CAMERA_SIZE).convert("RGB")
    image = Image.blend(image, Image.new("RGB", CAMERA_SIZE, (250, 190, 120)), 0.6)
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 500, 2100, 1600), fill=(245, 236, 220))  # the shop
    for index in range(12):  # a striped awning
        colour = (190, 30, 70) if index % 2 else (255, 250, 245)
        draw.rectangle((300 + index * 150, 420, 450 + index * 150, 640), fill=colour)
    draw.rectangle((500, 800, 1100, 1600), fill=(90, 60, 40))  # the door
    draw.rectangle((1300, 800, 1900, 1250), fill=(120, 170, 200))  # the window
    # Sensor grain: what makes a camera's file big.
    grain = Image.effect_noise(CAMERA_SIZE, 60).convert("RGB")
    image = Image.blend(image, grain, 0.12)
    image.save(path, "JPEG", quality=92)
    return path


def uploaded_image_size(body: bytes) -> tuple[int, int]:
    """The pixel size of the image inside a multipart body."""
    from PIL import Image

    start = body.find(b"\xff\xd8\xff")
    assert start >= 0, "no JPEG in the upload"
    end = body.rfind(b"\xff\xd9")
    with Image.open(io.BytesIO(body[start : end + 2])) as image:
        return image.size


def wait_until_loaded(image: Any, timeout: float = 10.0) -> None:
    """Wait for an <img> (in any frame) to have loaded its picture (lazy ones are scrolled to)."""
    image.wait_for(state="attached")
    image.evaluate("img => img.scrollIntoView({block: 'center'})")
    deadline = time.monotonic() + timeout
    while not image.evaluate("img => img.complete && img.naturalWidth > 0"):
        assert time.monotonic() < deadline, f"{image.get_attribute('src')} never loaded"
        time.sleep(0.1)


def make_designs(owner: Owner, example: int = 0) -> None:
    page = owner.page
    page.goto(owner.base_url + "/create")
    page.wait_for_selector("html[data-ready=true]")
    page.click(f"#examples [data-example='{example}']")
    page.click("#generate")
    page.wait_for_function(
        "() => document.querySelectorAll('#style-tabs [role=tab]').length === 3"
        " && document.getElementById('progress').hidden"
        " && !document.getElementById('use-design').hidden",
        timeout=JOB_TIMEOUT_MS,
    )


def use_design(owner: Owner, style: str = "modern") -> None:
    page = owner.page
    page.click(f"#style-tabs [data-style={style}]")
    page.click("#use-design")
    page.wait_for_selector("#site:not([hidden])")
    page.wait_for_function("() => document.getElementById('site-preview').srcdoc.length > 1000")
    owner.wait_saved()


# --- the whole way, on a phone ------------------------------------------------------------------


def test_from_designs_to_a_shared_link(new_owner: Any, screenshots: Path, tmp_path: Path) -> None:
    owner: Owner = new_owner()
    page = owner.page
    make_designs(owner, example=1)  # the salon: its services have prices
    assert page.inner_text("#use-design") == "Pilih reka bentuk ini"
    use_design(owner, "modern")
    assert page.is_hidden("#results") and page.is_hidden("#compose")
    assert owner.overflow() <= 0
    assert page.get_attribute("#site-preview", "sandbox") == ""
    site = owner.api_site()
    assert site["style"] == "modern" and site["published"] is False
    assert page.input_value("#fact-name") == site["profile"]["name"]
    assert page.locator("#hours-rows .hours-row").count() == 7

    # The first price is corrected while the connection is down: it waits, then arrives.
    price = page.locator("#item-rows [data-role=price]").first
    assert price.input_value() == (site["profile"]["items"][0].get("price_text") or "")
    owner.context.set_offline(True)
    offline_at = time.monotonic()
    price.fill("28.50")
    page.wait_for_selector("#save-status[data-state=offline]")
    assert page.inner_text("#save-status") == "Belum disimpan — akan dihantar bila talian pulih"
    pending = json.loads(page.evaluate("localStorage.getItem('bina.site.pending.v1')"))
    assert pending[owner.site_id()]["patch"]["profile"]["items"][0]["price_text"] == "28.50"
    owner.shoot(screenshots, "offline", full_page=False)
    time.sleep(OFFLINE_SECONDS)
    assert owner.sent("PATCH", "/api/sites/", since=offline_at) == []
    assert owner.save_state() == "offline"
    back_at = time.monotonic()  # before: the edit may leave while set_offline returns
    owner.context.set_offline(False)
    owner.wait_saved()
    patches = owner.sent("PATCH", "/api/sites/", since=back_at)
    assert len(patches) == 1, patches
    assert patches[0]["headers"]["if-match"] == f'"{site["version"]}"'
    assert json.loads(patches[0]["body"])["profile"]["items"][0]["price_text"] == "28.50"
    assert "28.50" in owner.preview_html()
    assert owner.api_site()["profile"]["items"][0]["price_text"] == "28.50"
    assert page.evaluate("localStorage.getItem('bina.site.pending.v1')") is None

    # A photo straight from the camera: shrunk in the browser, uploaded once, in the preview.
    photo = camera_photo(tmp_path / "kedai.jpg")
    page.set_input_files("#photo-input-hero", str(photo))
    page.wait_for_selector("#photos-hero .photo[data-photo-id]", timeout=20_000)
    owner.wait_saved()
    uploads = owner.sent("POST", "/photos")
    assert len(uploads) == 1
    assert uploads[0]["headers"].get("idempotency-key")
    body: bytes = uploads[0]["body"]
    assert len(body) < photo.stat().st_size, "the photo went up unshrunk"
    assert max(uploaded_image_size(body)) == 1600
    hero = next(p for p in owner.api_site()["photos"] if p["role"] == "hero")
    assert max(hero["width"], hero["height"]) == 1600
    page.wait_for_function(
        "id => document.getElementById('site-preview').srcdoc.includes(id)", arg=hero["photo_id"]
    )
    # The sandboxed preview (an opaque origin) loads the photo from /media/ without credentials.
    in_preview = page.frame_locator("#site-preview").locator(f"img[src*='{hero['photo_id']}']")
    wait_until_loaded(in_preview.first)
    assert owner.overflow() <= 0
    page.evaluate("window.scrollTo(0, 0)")
    owner.shoot(screenshots, "editor", full_page=False)
    price.scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, 120)")
    owner.shoot(screenshots, "editor-items", full_page=False)

    # Publish at the address suggested from the name.
    page.locator("#publish").scroll_into_view_if_needed()
    page.wait_for_selector("#slug-status[data-tone=ok]")
    slug = page.input_value("#slug")
    assert slug.startswith("salon-seri-ayu"), slug
    page.click("#publish-button")
    page.wait_for_selector("#link-view:not([hidden])")
    url = page.inner_text("#site-url")
    assert url == f"{owner.base_url}/s/{slug}"
    assert page.get_attribute("#open-site", "href") == url
    name = site["profile"]["name"]
    expected_share = "https://wa.me/?text=" + quote(f"{name} {url}", safe="")
    assert page.get_attribute("#share-link", "href") == expected_share
    page.click("#copy-link")
    page.wait_for_function("() => document.getElementById('link-status').textContent.length > 0")
    assert page.evaluate("navigator.clipboard.readText()") == url
    assert owner.overflow() <= 0
    owner.shoot(screenshots, "share", full_page=False)

    # What a customer sees at the link: the corrected price and the owner's photo.
    customer = owner.context.new_page()
    response = customer.goto(url)
    assert response is not None and response.status == 200
    assert "28.50" in customer.inner_text("body")
    wait_until_loaded(customer.locator(f"img[src*='/s/{slug}/media/{hero['photo_id']}']").first)
    customer.screenshot(path=str(screenshots / "sites-published-360.png"), full_page=True)
    customer.close()

    # "Laman saya" lists it, live; a reload comes back to the same place.
    page.click("#link-my-sites")
    page.wait_for_selector("#my-sites-list .site-row")
    row = page.locator("#my-sites-list .site-row").first
    assert row.locator(".badge-live").count() == 1
    assert row.locator(".site-row-link").get_attribute("href") == url
    owner.shoot(screenshots, "my-sites", full_page=False)
    page.reload()
    page.wait_for_selector("#my-sites:not([hidden]) #my-sites-list .site-row")
    row.locator("[data-action=edit]").click()
    page.wait_for_selector("#site:not([hidden])")
    assert page.locator("#item-rows [data-role=price]").first.input_value() == "28.50"
    assert page.is_visible("#publish-live")
    owner.assert_clean()


# --- when the server says no --------------------------------------------------------------------


def test_reload_another_tab_a_bad_price_and_a_taken_address(new_owner: Any) -> None:
    first: Owner = new_owner()
    make_designs(first, example=2)  # the workshop
    use_design(first, "bold")
    page = first.page
    site = first.api_site()

    # Edits that cannot be sent survive a reload: the form shows them, then they are sent.
    def drop_patches(route: Any) -> None:
        if route.request.method == "PATCH":
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/sites/*", drop_patches)
    page.fill("#fact-about", "Bengkel keluarga sejak 1998.")
    page.wait_for_selector("#save-status[data-state=retrying]", timeout=SAVE_TIMEOUT_MS)
    page.reload()
    page.wait_for_selector("#site:not([hidden])")
    assert page.input_value("#fact-about") == "Bengkel keluarga sejak 1998."
    page.unroute("**/api/sites/*")
    first.wait_saved()
    assert first.api_site()["profile"]["about"] == "Bengkel keluarga sejak 1998."

    # The server cannot read the price: it says which field, and nothing else is lost.
    page.fill("#fact-tagline", "Bengkel dipercayai di Cheras")
    price = page.locator("#item-rows [data-role=price]").first
    price.fill("murah")
    page.wait_for_selector("#save-status[data-state=invalid]", timeout=SAVE_TIMEOUT_MS)
    assert price.get_attribute("aria-invalid") == "true"
    error_id = price.get_attribute("aria-describedby")
    assert error_id and "Harga" in page.inner_text(f"#{error_id}")
    price.fill("90")
    first.wait_saved()
    saved = first.api_site()
    assert saved["profile"]["tagline"] == "Bengkel dipercayai di Cheras"
    assert saved["profile"]["items"][0]["price_text"] == "90"
    assert price.get_attribute("aria-invalid") is None

    # Another tab changes the name: this tab's next edit is not written over it.
    other = first.context.request.patch(
        f"{first.base_url}/api/sites/{site['site_id']}",
        data={"profile": {"name": "Bengkel Ah Seng & Anak"}},
        headers={"If-Match": f'"{saved["version"]}"', "Content-Type": "application/json"},
    )
    assert other.status == 200, other.text()
    page.fill("#fact-area", "Cheras, Kuala Lumpur")
    page.wait_for_selector("#site-conflict:not([hidden])", timeout=SAVE_TIMEOUT_MS)
    assert page.input_value("#fact-name") == "Bengkel Ah Seng & Anak"
    assert page.input_value("#fact-area") != "Cheras, Kuala Lumpur"
    assert first.api_site()["profile"]["name"] == "Bengkel Ah Seng & Anak"
    page.click("#conflict-reapply")
    first.wait_saved()
    final = first.api_site()["profile"]
    assert final["area"] == "Cheras, Kuala Lumpur" and final["name"] == "Bengkel Ah Seng & Anak"
    assert page.is_hidden("#site-conflict")

    # Publish, then a second owner asks for the same address: taken, with free ones offered.
    page.fill("#slug", "bengkel-ah-seng-test")
    page.wait_for_selector("#slug-status[data-tone=ok]")
    page.click("#publish-button")
    page.wait_for_selector("#link-view:not([hidden])")

    second: Owner = new_owner()
    make_designs(second, example=2)
    use_design(second, "modern")
    second.page.fill("#slug", "bengkel-ah-seng-test")
    second.page.wait_for_selector("#slug-status[data-tone=error]")
    chips = second.page.locator("#slug-suggestions [data-slug]")
    assert chips.count() >= 1
    chosen = chips.first.get_attribute("data-slug")
    chips.first.click()
    assert second.page.input_value("#slug") == chosen
    second.page.click("#publish-button")
    second.page.wait_for_selector("#link-view:not([hidden])")
    assert second.page.inner_text("#site-url").endswith(f"/s/{chosen}")

    # Take it down and delete it from "Laman saya", each asked first.
    second.page.click("#link-unpublish")
    second.page.click("#link-view .confirm [data-confirm=yes]")
    second.page.wait_for_selector("#site:not([hidden])")
    gone = second.context.request.get(f"{second.base_url}/s/{chosen}")
    assert gone.status == 410
    second.page.click("#site-back")
    second.page.wait_for_selector("#my-sites-list .site-row")
    second.page.click("#my-sites-list [data-action=delete]")
    second.page.click("#my-sites-list .confirm [data-confirm=yes]")
    second.page.wait_for_selector("#my-sites-empty:not([hidden])")
    first.assert_clean()
    second.assert_clean()


def test_what_customers_should_know_and_who_a_price_is_for(
    new_owner: Any, screenshots: Path
) -> None:
    owner: Owner = new_owner()
    make_designs(owner, example=3)  # the home cake kitchen
    use_design(owner, "minimal")
    page = owner.page

    # One note per line; blank lines and spaces around them are not notes.
    page.fill("#fact-notes", "  Tempah 2 hari awal \n\nMusim raya: tempahan ditutup 20 Mac\n")
    owner.wait_saved()
    notes = ["Tempah 2 hari awal", "Musim raya: tempahan ditutup 20 Mac"]
    assert owner.api_site()["profile"]["notes"] == notes
    for note in notes:
        assert note in owner.preview_html()

    # Who a price is for sits beside the item's name, on the page as on the form.
    page.click("#item-add")
    row = page.locator("#item-rows .item-row").last
    row.locator("[data-role=name]").fill("Kek lapis")
    row.locator("[data-role=price]").fill("45")
    row.locator("[data-role=variant]").fill("<b>saiz besar</b>")
    owner.wait_saved()
    item = owner.api_site()["profile"]["items"][-1]
    assert (item["name"], item["variant"], item["price_text"]) == (
        "Kek lapis",
        "<b>saiz besar</b>",
        "45",
    )
    assert "&lt;b&gt;saiz besar&lt;/b&gt;" in owner.preview_html()
    row.scroll_into_view_if_needed()
    owner.shoot(screenshots, "editor-notes", full_page=False)

    # A note removed is gone from the page, and reloading shows the form as saved.
    page.fill("#fact-notes", notes[1])
    owner.wait_saved()
    assert "Tempah 2 hari awal" not in owner.preview_html()
    page.reload()
    page.wait_for_selector("#site:not([hidden])")
    assert page.input_value("#fact-notes") == notes[1]
    assert page.locator("#item-rows [data-role=variant]").last.input_value() == "<b>saiz besar</b>"
    owner.assert_clean()
