"""Screenshots and Lighthouse scores of generated sites, for looking at the designs.

    .venv/bin/python bench/lighthouse/site_shots.py shots [--out docs/screenshots] [--only KIND]
    .venv/bin/python bench/lighthouse/site_shots.py motifs [--out /tmp/motifs.png]
    .venv/bin/python bench/lighthouse/site_shots.py lighthouse [--desktop] [--only KIND]

`shots` renders six kinds of business in the three designs (offline pipeline) and saves full
pages at 360 px and 1280 px as site-<kind>-<design>-<width>.png. `motifs` draws every motif on
one sheet in two palettes. `lighthouse` serves a few pages from a local http.server and prints
the four Lighthouse category scores of each (Lighthouse is installed with npm outside the
repository: `cd /tmp/lh && npm install lighthouse`, the default PATH). Uses the Debian
Chromium, like the browser tests. Not part of `make test`.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import http.server
import json
import subprocess
import tempfile
import threading
from pathlib import Path

from bina.generator import GenerationResult, GeneratorOptions, SitePipeline
from bina.generator.profile import Language

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

KINDS: dict[str, tuple[Language, str]] = {
    "aircond": (
        "ms",
        "Servis aircond di Shah Alam oleh Faizal. Servis aircond RM80 seunit, cuci aircond "
        "RM60, pasang baru dari RM150. Kami datang ke rumah anda. Waranti 30 hari. "
        "Isnin-Sabtu 9 pagi - 6 petang, Ahad tutup. WhatsApp 012-345 6789.",
    ),
    "durian": (
        "ms",
        "Gerai durian Ah Seng di Bentong. Musang King RM45 sekilo, Black Thorn (duri hitam) "
        "RM60 sekilo, D24 RM25/kg. Musim durian Jun hingga Ogos. Buka setiap hari 10 pagi - "
        "8 malam semasa musim. WhatsApp 013-987 6543.",
    ),
    "carrental": (
        "en",
        "Car rental in Kuantan by Azman. Myvi RM120 per day, Alza RM180 per day, Vellfire "
        "RM600 per day. Free delivery to Kuantan airport. Deposit RM200. Open daily 8am-10pm. "
        "WhatsApp 019-222 3344.",
    ),
    "quran": (
        "ms",
        "Kelas mengaji Al-Quran oleh Ustazah Nor di Bangi. Yuran RM60 sebulan untuk "
        "kanak-kanak, RM80 sebulan untuk dewasa. Kelas kanak-kanak Isnin-Khamis 5-6.30 petang; "
        "kelas dewasa Ahad 9-11 pagi. Tajwid dan fardu ain. WhatsApp 017-555 1212.",
    ),
    "bridal": (
        "en",
        "Bridal boutique in Johor Bahru, by appointment only. Wedding dress rental from RM800, "
        "pelamin decoration from RM2,500, andaman (bridal make-up) RM600. Open Tuesday to "
        "Sunday 11am-7pm. WhatsApp 011-2233 4455. Instagram @butikseriandaman",
    ),
    "kuih": (
        "ms",
        "Kuih-muih buatan sendiri dari dapur rumah Kak Yah di Kota Bharu. Kuih lapis RM0.60 "
        "sebiji, seri muka RM0.80 sebiji, set 20 biji RM12. Order 2 hari awal, minimum 50 biji. "
        "Ambil sendiri atau COD sekitar Kota Bharu. WhatsApp 014-777 8899.",
    ),
}
WIDTHS = (360, 1280)


def generate(language: Language, text: str) -> GenerationResult:
    async def run() -> GenerationResult:
        pipeline = SitePipeline(GeneratorOptions())
        try:
            return await pipeline.generate(text, language)
        finally:
            await pipeline.aclose()

    return asyncio.run(run())


def _browser():  # type: ignore[no-untyped-def]
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
    )
    return playwright, browser


def _shrink(path: Path) -> None:
    """Flat designs need few colours: a 256-colour PNG is a third of the size, looks the same."""
    from PIL import Image

    with Image.open(path) as image:
        small = image.convert("RGB").quantize(colors=256, dither=Image.Dither.NONE)
    small.save(path, optimize=True)


def shots(out: Path, only: str | None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    results = {
        kind: generate(language, text)
        for kind, (language, text) in KINDS.items()
        if only is None or kind == only
    }
    playwright, browser = _browser()
    try:
        page = browser.new_page()
        for kind, result in results.items():
            print(kind, result.profile.display_name, result.profile.business_type)
            for style in result.styles:
                for width in WIDTHS:
                    page.set_viewport_size({"width": width, "height": 800})
                    page.set_content(style.html, wait_until="load")
                    # A viewport as tall as the page: bars fixed to the bottom of the screen
                    # show at the end of the page, as a phone shows them after scrolling.
                    height = page.evaluate("document.documentElement.scrollHeight")
                    page.set_viewport_size({"width": width, "height": height})
                    path = out / f"site-{kind}-{style.style}-{width}.png"
                    page.screenshot(path=str(path), full_page=True)
                    _shrink(path)
    finally:
        browser.close()
        playwright.stop()


def motif_sheet(out: Path) -> None:
    from bina.generator.art import MOTIFS
    from bina.generator.palettes import light_palette, themes_for

    cells = "".join(
        f'<figure><svg class="art" viewBox="0 0 100 100">{motif.svg}</svg>'
        f"<figcaption>{key}</figcaption></figure>"
        for key, motif in MOTIFS.items()
    )
    css = Path("src/bina/generator/templates/base.css").read_text()
    blocks = []
    for kind in ("restaurant", "bridal"):
        palette = light_palette(themes_for(kind, "x")[0])  # type: ignore[arg-type]
        blocks.append(f'<div class="sheet" style="{palette.css_variables()}">{cells}</div>')
    html = (
        f"<!doctype html><style>{css}.sheet{{display:grid;grid-template-columns:repeat(10,1fr);"
        "gap:6px;padding:8px;background:#fff}figure{margin:0;background:var(--a5)}"
        "figcaption{font:11px sans-serif;text-align:center}</style>" + "".join(blocks)
    )
    playwright, browser = _browser()
    try:
        page = browser.new_page(viewport={"width": 1200, "height": 800})
        page.set_content(html)
        page.screenshot(path=str(out), full_page=True)
    finally:
        browser.close()
        playwright.stop()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        return None


def lighthouse(binary: str, kinds: list[str], desktop: bool = False) -> None:
    folder = Path(tempfile.mkdtemp(prefix="bina-lh-"))
    pages: list[str] = []
    for kind in kinds:
        language, text = KINDS[kind]
        for style in generate(language, text).styles:
            name = f"{kind}-{style.style}.html"
            (folder / name).write_text(style.html, "utf-8")
            pages.append(name)
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    flags = "--headless=new --no-sandbox --disable-gpu"
    try:
        for name in pages:
            report = folder / (name + ".json")
            subprocess.run(
                [
                    binary,
                    f"http://127.0.0.1:{port}/{name}",
                    "--quiet",
                    "--output=json",
                    f"--output-path={report}",
                    f"--chrome-flags={flags}",
                    "--only-categories=performance,accessibility,best-practices,seo",
                    *(["--preset=desktop"] if desktop else []),
                ],
                check=True,
                env={"CHROME_PATH": CHROMIUM, "PATH": "/usr/bin:/bin:/usr/local/bin"},
            )
            data = json.loads(report.read_text())
            scores = {k: round(v["score"] * 100) for k, v in data["categories"].items()}
            failing = [
                audit["id"]
                for audit in data["audits"].values()
                if audit.get("score") is not None
                and audit["score"] < 1
                and audit.get("scoreDisplayMode") == "binary"
            ]
            print(name, scores, "failing:", failing)
    finally:
        server.shutdown()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("what", choices=("shots", "motifs", "lighthouse"))
    parser.add_argument("--out", default=None)
    parser.add_argument("--only", default=None)
    parser.add_argument("--lighthouse", default="/tmp/lh/node_modules/.bin/lighthouse")
    parser.add_argument("--desktop", action="store_true", help="Lighthouse's desktop preset")
    args = parser.parse_args()
    if args.what == "shots":
        shots(Path(args.out or "docs/screenshots"), args.only)
    elif args.what == "motifs":
        motif_sheet(Path(args.out or "/tmp/motifs.png"))
    else:
        lighthouse(args.lighthouse, [args.only] if args.only else list(KINDS), args.desktop)


if __name__ == "__main__":
    main()
