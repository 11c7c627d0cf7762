"""Generated sites in headless Chromium: no horizontal overflow from 320 px up, no requests
to anywhere, the WhatsApp button in reach, and screenshots of every design.

Screenshots go to a temporary folder, or to BINA_SCREENSHOTS_DIR when it is set
(`BINA_SCREENSHOTS_DIR=docs/screenshots` refreshes the ones in the docs).
"""

from __future__ import annotations

import asyncio
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from bina.generator import GenerationResult, GeneratorOptions, SitePipeline
from bina.generator.profile import Language

if TYPE_CHECKING:
    from playwright.sync_api import Page, Request

pytestmark = pytest.mark.browser

DESCRIPTIONS: dict[str, tuple[Language, str]] = {
    "warung": (
        "ms",
        "Warung Pak Mat, Kampung Baru KL. Nasi lemak RM7, mee goreng RM6.50, teh tarik RM1.50. "
        "Buka setiap hari 6 pagi - 12 tengah hari kecuali Jumaat. WhatsApp +60 12-300 4455. "
        "Resipi turun-temurun dari arwah nenek kami.",
    ),
    "salon": (
        "en",
        "Bella Beauty Salon in Petaling Jaya. Haircut from RM35, hair colouring RM120-RM250, "
        "facial RM89. Open Tuesday to Sunday 10am-8pm, closed Mondays. Ladies only. "
        "WhatsApp 016-555 1212 or call 03-7956 1234. Instagram @bellabeautypj",
    ),
    "long-words": (
        "ms",
        "Restoran Nasi Kandar Pelita Bistro Dan Kafe Seri Bintang Kampung Pandan Dalam, "
        "No. 1234, Jalan Perusahaan Kecil Sederhana Taman Perindustrian Bukit Beruntung, 48300 "
        "Rawang. Nasi kandar ayam goreng berempah istimewa RM1,234.50 sepinggan. "
        "E-mel tempahan.majlis.perkahwinan.besar@restorannasikandarpelita.com.my "
        "WhatsApp 011-1234 5678, tel 03-6091 2345 / 03-6091 2346",
    ),
}
VIEWPORTS = [(320, 640), (360, 740), (1280, 800)]


def _generate(language: Language, text: str) -> GenerationResult:
    async def run() -> GenerationResult:
        pipeline = SitePipeline(GeneratorOptions())
        try:
            return await pipeline.generate(text, language)
        finally:
            await pipeline.aclose()

    # Sync Playwright keeps its own loop marked as running in this thread: use another one.
    with ThreadPoolExecutor(max_workers=1) as executor:
        return executor.submit(asyncio.run, run()).result()


@pytest.fixture(scope="module")
def sites() -> dict[str, GenerationResult]:
    return {key: _generate(language, text) for key, (language, text) in DESCRIPTIONS.items()}


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = os.environ.get("BINA_SCREENSHOTS_DIR")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path


def _load(page: Page, html: str) -> list[str]:
    """Show the page, recording any request that leaves the page itself."""
    outside: list[str] = []

    def record(request: Request) -> None:
        if not request.url.startswith(("data:", "about:")):
            outside.append(request.url)

    page.on("request", record)
    page.set_content(html, wait_until="load")
    return outside


@pytest.mark.parametrize("key", list(DESCRIPTIONS))
@pytest.mark.parametrize(("width", "height"), VIEWPORTS, ids=[f"{w}x{h}" for w, h in VIEWPORTS])
def test_no_horizontal_overflow_and_no_requests(
    page: Page,
    sites: dict[str, GenerationResult],
    shots: Path,
    key: str,
    width: int,
    height: int,
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    for style in sites[key].styles:
        outside = _load(page, style.html)
        assert outside == [], (style.style, outside)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        inner_width = page.evaluate("window.innerWidth")
        assert scroll_width <= inner_width, (key, style.style, width, scroll_width)
        wide = page.evaluate(
            """() => [...document.querySelectorAll('body *')]
                .filter(e => !e.closest('.strip') && e.getClientRects().length)
                .filter(e => !(e.parentElement && e.parentElement.closest('svg')))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
                .map(e => e.tagName + '.' + e.getAttribute('class'))"""
        )
        assert wide == [], (key, style.style, width, wide[:5])
        # Day and hours never run into each other ("Isnin – Khamis6.00 pagi").
        gaps = page.evaluate(
            """() => [...document.querySelectorAll('.hours-table tr')].map(row => {
                const th = row.querySelector('th'), td = row.querySelector('td');
                const apart = td.getBoundingClientRect().left - th.getBoundingClientRect().right;
                const padding = parseFloat(getComputedStyle(th).paddingRight)
                    + parseFloat(getComputedStyle(td).paddingLeft);
                return apart + padding >= 8;
            })"""
        )
        assert all(gaps), (key, style.style, width, gaps)
        if width in (360, 1280) and key != "long-words":  # the whole page
            page.screenshot(
                path=str(shots / f"site-{key}-{style.style}-{width}.png"), full_page=True
            )
    assert errors == []


@pytest.mark.parametrize("style_index", [0, 1, 2])
def test_whatsapp_button_floats_in_reach_on_a_phone(
    page: Page, sites: dict[str, GenerationResult], style_index: int
) -> None:
    style = sites["warung"].styles[style_index]
    _load(page, style.html)
    page.mouse.wheel(0, 1500)
    page.wait_for_timeout(50)
    box = page.evaluate(
        """() => {
            const links = [...document.querySelectorAll('a[href^="https://wa.me/"]')]
                .filter(a => getComputedStyle(a).position === 'fixed'
                    || getComputedStyle(a.parentElement).position === 'fixed');
            if (!links.length) return null;
            const r = links[0].getBoundingClientRect();
            return {left: r.left, right: r.right, bottom: r.bottom, w: r.width, h: r.height};
        }"""
    )
    assert box is not None, style.style
    assert box["right"] <= 360 and box["bottom"] <= 740 and box["left"] >= 0
    assert box["w"] >= 44 and box["h"] >= 44  # a comfortable tap target


def test_no_whatsapp_button_without_a_number(page: Page) -> None:
    result = _generate("en", "Family bakery in Kuching selling kek lapis Sarawak.")
    for style in result.styles:
        _load(page, style.html)
        assert page.locator('a[href*="wa.me"]').count() == 0


def test_text_is_large_enough_to_read_on_a_phone(
    page: Page, sites: dict[str, GenerationResult]
) -> None:
    for style in sites["salon"].styles:
        _load(page, style.html)
        smallest = page.evaluate(
            """() => Math.min(...[...document.querySelectorAll('p, li, td, th, a')]
                .filter(e => e.textContent.trim() && e.getClientRects().length)
                .map(e => parseFloat(getComputedStyle(e).fontSize)))"""
        )
        assert smallest >= 11.5, (style.style, smallest)


LONG_NAME: tuple[Language, str] = (
    "ms",
    "Servis Aircond dan Elektrik Faizal Bentong. Servis aircond RM80 seunit, cuci aircond RM60. "
    "Isnin-Sabtu 9 pagi - 6 petang. WhatsApp 012-345 6789.",
)


def _with_name(result: GenerationResult, name: str) -> dict[str, str]:
    """The pages of `result` re-rendered with `name` as the business's name."""
    from bina.generator.site_page import render_site_page

    profile = result.profile.model_copy(update={"name": name})
    return {s.style: render_site_page(profile, s.style, None, None) for s in result.styles}


@pytest.mark.parametrize("width", [320, 360])
def test_a_long_name_takes_at_most_three_lines(page: Page, width: int) -> None:
    pages = _with_name(_generate(*LONG_NAME), "Servis Aircond dan Elektrik Faizal Bentong")
    page.set_viewport_size({"width": width, "height": 740})
    for style, html in pages.items():
        _load(page, html)
        lines = page.evaluate(
            """() => { const h = document.querySelector('h1');
                return Math.round(h.getBoundingClientRect().height
                    / parseFloat(getComputedStyle(h).lineHeight)); }"""
        )
        assert lines <= 3, (style, width, lines)


def test_fixed_buttons_hide_nothing(page: Page, sites: dict[str, GenerationResult]) -> None:
    """On a phone the contact bars sit below the first screen's name and main button, and at
    the end of the page the footer ends above them."""
    page.set_viewport_size({"width": 360, "height": 740})
    for style in sites["warung"].styles:
        _load(page, style.html)
        check = """() => {
            const fixed = [...document.querySelectorAll('body *')].filter(e =>
                getComputedStyle(e).position === 'fixed' && e.getClientRects().length
                && !e.classList.contains('skip'));
            const tops = fixed.map(e => e.getBoundingClientRect().top);
            const top = Math.min(window.innerHeight, ...tops);
            const foot = document.querySelector('footer');
            const texts = [...foot.querySelectorAll('p')].map(p => p.getBoundingClientRect());
            const h1 = document.querySelector('h1').getBoundingClientRect();
            const cta = document.querySelector('main a[href^="https://wa.me/"]')
                .getBoundingClientRect();
            const foot_bottom = Math.max(...texts.map(r => r.bottom));
            return {top, h1: h1.bottom, cta: cta.bottom, foot: foot_bottom};
        }"""
        first = page.evaluate(check)
        assert first["h1"] <= first["top"] and first["cta"] <= first["top"], (style.style, first)
        page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")
        page.wait_for_timeout(50)
        last = page.evaluate(check)
        assert last["foot"] <= last["top"] + 0.5, (style.style, last)


def test_minimal_calls_to_action_above_the_fold(
    page: Page, sites: dict[str, GenerationResult]
) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    minimal = next(s for s in sites["salon"].styles if s.style == "minimal")
    _load(page, minimal.html)
    buttons = page.evaluate(
        """() => [...document.querySelectorAll('main .button')].map(a => {
            const r = a.getBoundingClientRect();
            return {href: a.getAttribute('href'), bottom: r.bottom, h: r.height};
        })"""
    )
    assert [b["href"][:7] for b in buttons] == ["https:/", "tel:+60"]
    assert buttons and all(b["bottom"] <= 740 and b["h"] >= 44 for b in buttons), buttons
