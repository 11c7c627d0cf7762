"""How long the offline generator takes for three designs, and how big the pages are.

    .venv/bin/python bench/generate.py [--rounds N]

Runs the whole pipeline (analysis, copy, images, three renders; offline, no pacing delay)
over 50 descriptions and prints the median and p95 time for all three designs, the
longest single synchronous step (what the API's event loop feels), and the page sizes.
For context it prints, from the same run, the Jinja2 render alone and a naive baseline:
the same facts escaped and poured into a plain `str.format` page with no design at all.
Targets: at most 50 ms for the three designs, at most 60 KB per page. Asserts nothing.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import html
import statistics
import time
from collections.abc import Callable

from bina.generator import GeneratorOptions, SitePipeline
from bina.generator.analyze import analyze
from bina.generator.copy import write_offline_copy
from bina.generator.images import draw_images
from bina.generator.palettes import themes_for
from bina.generator.profile import BusinessProfile
from bina.generator.render import build_view, render_page
from bina.generator.styles import STYLE_ORDER, STYLES

# (kind, name, area, items, hours, phone); each becomes a Malay and an English description.
_FACTS = [
    (
        "Warung",
        "Warung Pak Mat",
        "Kampung Baru",
        "nasi lemak RM7, mee goreng RM6.50, teh tarik RM1.50",
        "setiap hari 6 pagi - 12 tengah hari kecuali Jumaat",
        "012-300 4455",
    ),
    (
        "Kopitiam",
        "Kopitiam Ah Seng",
        "Ipoh",
        "kopi putih RM2.80, roti bakar RM3, telur separuh masak RM2.40",
        "Isnin hingga Sabtu 7am-3pm",
        "05-254 1234",
    ),
    (
        "Bakeri",
        "Tan's Bakery",
        "Taiping",
        "kek coklat RM85, cupcake RM36/dozen, roti sosej RM2",
        "Selasa - Ahad 10am-8pm",
        "016-555 1212",
    ),
    (
        "Katering",
        "Katering Mak Yah",
        "Seremban",
        "nasi minyak dari RM12 seorang, nasi briyani RM15 seorang",
        "setiap hari 9 pagi - 6 petang",
        "011-1234 5678",
    ),
    (
        "Salon",
        "Salon Cantik Manis",
        "Bangi",
        "potong rambut dari RM15, facial bermula RM89, rebonding RM150-RM300",
        "Isnin hingga Sabtu 10 pagi - 7 malam",
        "013-222 1111",
    ),
    (
        "Barber",
        "Kings Cut Barbershop",
        "Bangsar",
        "haircut RM25, kids cut RM18, beard trim RM10",
        "daily 11am - 10pm, closed Wednesdays",
        "017-345 9090",
    ),
    (
        "Klinik",
        "Klinik Dr. Aminah",
        "Shah Alam",
        "konsultasi RM35, ujian darah dari RM60",
        "Isnin-Jumaat 8.30 pagi - 9.30 malam, Sabtu 8.30 pagi - 1 tengah hari",
        "03-5510 9988",
    ),
    (
        "Gym",
        "IronWorks Gym",
        "Petaling Jaya",
        "monthly membership RM120, personal training from RM80 per session",
        "weekdays 6am-11pm, weekends 8am-8pm",
        "017-888 2211",
    ),
    (
        "Pusat tuisyen",
        "Pusat Tuisyen Cemerlang",
        "Kajang",
        "kelas Matematik SPM RM150 sebulan, kelas Sains PT3 RM120 sebulan",
        "Isnin - Khamis 3 petang - 9 malam",
        "019-333 4444",
    ),
    (
        "Bengkel",
        "Bengkel Ah Kow Motor",
        "Puchong",
        "tukar minyak hitam RM80, alignment RM40, balancing RM10",
        "Isnin - Sabtu 9am-6pm",
        "012-678 9012",
    ),
    (
        "Dobi",
        "Dobi Bersih Wangi",
        "Taman Melawati",
        "basuh RM5, kering RM4, lipat RM3/kg",
        "24 jam setiap hari",
        "014-222 3333",
    ),
    (
        "Florist",
        "Bloom & Petal Florist",
        "Subang Jaya",
        "hand bouquet from RM89, graduation bouquet RM65, hamper RM150",
        "daily 9am-7pm",
        "011-2345 6789",
    ),
    (
        "Tukang jahit",
        "Jahitan Kak Ani",
        "Kota Bharu",
        "baju kurung RM60, baju melayu RM70, alter seluar RM10",
        "Sabtu hingga Khamis 9 pagi - 6 petang",
        "014-567 8901",
    ),
    (
        "Homestay",
        "Homestay Pak Long",
        "Cameron Highlands",
        "bilik deluxe RM180 semalam, rumah penuh RM450 semalam",
        "check-in 3 petang",
        "019-222 3333",
    ),
    (
        "Kedai runcit",
        "Kedai Runcit Pak Abu",
        "Sungai Buloh",
        "beras 10kg RM32, telur RM13/papan, minyak masak RM30",
        "setiap hari 7 pagi - 10 malam",
        "013-456 7890",
    ),
    (
        "Pet shop",
        "Happy Paws Pet Shop",
        "Cheras",
        "grooming from RM45, cat food RM25, cat litter RM18",
        "10am-9pm, closed Tuesdays",
        "03-9100 2233",
    ),
    (
        "Jurugambar",
        "Lensa Indah Studio",
        "Melaka",
        "pakej nikah RM800, pakej sanding RM1,500, passport photo RM15",
        "Isnin - Sabtu 10 pagi - 6 petang",
        "018-765 4321",
    ),
    (
        "Kedai",
        "Kedai Serbaguna Jaya",
        "Kuantan",
        "servis kunci pendua RM8, asah pisau RM5",
        "Isnin - Jumaat 9 pagi - 5 petang",
        "012-111 2222",
    ),
    (
        "Restoran",
        "Restoran Sri Murugan",
        "Brickfields",
        "banana leaf rice RM12, thosai RM3, teh tarik RM2",
        "setiap hari 7am-10pm",
        "03-2274 5566",
    ),
    (
        "Kafe",
        "Brew Lab Cafe",
        "Kuching",
        "flat white RM12, iced latte RM13, banana bread RM9",
        "Mon-Fri 8am-6pm, Sat 9am-5pm, Sun closed",
        "082-123 456",
    ),
    (
        "Kedai kek",
        "Kek Lapis Dayang",
        "Kuching",
        "kek lapis Sarawak RM45, kek lapis cheese RM55",
        "setiap hari 9 pagi - 9 malam",
        "016-889 0011",
    ),
    (
        "Spa",
        "Serenity Spa",
        "Johor Bahru",
        "urut badan RM120/jam, refleksologi RM60",
        "setiap hari 11am-11pm",
        "07-333 4455",
    ),
    (
        "Kelas mengaji",
        "Kelas Mengaji Ustazah Nor",
        "Gombak",
        "yuran RM80 sebulan",
        "Isnin - Khamis 5 petang - 7 petang",
        "017-323 2323",
    ),
    (
        "Butik",
        "Butik Hijab Ayu",
        "Kuala Lumpur",
        "tudung bawal RM25, shawl RM35, telekung RM89",
        "Isnin-Sabtu 10am-7pm",
        "011-5555 6666",
    ),
    (
        "Cuci kereta",
        "Kilat Car Wash",
        "Klang",
        "cuci luar RM12, cuci penuh RM25, polish RM80",
        "setiap hari 9 pagi - 7 malam",
        "012-909 8080",
    ),
]


def descriptions() -> list[tuple[str, str]]:
    """Fifty (language, description) pairs: each business once in Malay, once in English."""
    out: list[tuple[str, str]] = []
    for kind, name, area, items, hours, phone in _FACTS:
        out.append(
            ("ms", f"{name}, {kind.lower()} di {area}. {items}. Buka {hours}. WhatsApp {phone}.")
        )
        out.append(("en", f"{name} in {area}. Prices: {items}. Open {hours}. WhatsApp {phone}"))
    return out


_NAIVE = """<!doctype html><html lang="{lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>{name}</title>
<meta name="description" content="{description}">
<style>body{{font-family:sans-serif;margin:1rem}}</style></head><body><h1>{name}</h1><p>{about}</p><ul>{items}</ul><p>{contact}</p></body></html>"""


def naive_page(profile: BusinessProfile) -> str:
    """A baseline: the same facts, escaped, in a plain str.format page with no design."""
    items = "".join(
        f"<li>{html.escape(item.name)} {html.escape(item.price_text or '')}</li>"
        for item in profile.items
    )
    contact = profile.call_phone.display if profile.call_phone else ""
    return _NAIVE.format(
        lang=profile.language,
        name=html.escape(profile.display_name),
        description=html.escape(profile.description[:150], quote=True),
        about=html.escape(profile.description),
        items=items,
        contact=html.escape(contact),
    )


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3, help="passes over the 50 descriptions")
    rounds = parser.parse_args().rounds
    cases = descriptions()
    pipeline = SitePipeline(GeneratorOptions())
    loop = asyncio.new_event_loop()

    def generate(language: str, text: str) -> None:
        loop.run_until_complete(pipeline.generate(text, language))  # type: ignore[arg-type]

    for language, text in cases[:5]:  # warm up: templates compiled, caches filled
        generate(language, text)

    totals: list[float] = []
    steps: list[float] = []
    analysis: list[float] = []
    renders: list[float] = []
    jinja_only: list[float] = []
    naive: list[float] = []
    sizes: dict[str, list[int]] = {key: [] for key in STYLE_ORDER}
    naive_sizes: list[int] = []
    gc.collect()
    for _ in range(rounds):
        for language, text in cases:
            totals.append(timed(lambda language=language, text=text: generate(language, text)))
            profile = analyze(text, language)  # type: ignore[arg-type]
            analysis.append(timed(lambda text=text, language=language: analyze(text, language)))  # type: ignore[arg-type]
            images = draw_images(profile)
            views = []
            render_time = 0.0
            for index, key in enumerate(STYLE_ORDER):
                style = STYLES[key]
                copy = write_offline_copy(profile, index)
                theme = themes_for(profile.business_type, profile.description)[index % 3]
                started = time.perf_counter()
                view = build_view(profile, copy, images, style, style.palette_for(theme))
                page = render_page(view, style.template)
                elapsed = (time.perf_counter() - started) * 1000
                render_time += elapsed
                steps.append(elapsed)
                views.append((view, style.template))
                sizes[key].append(len(page.encode()))
            renders.append(render_time)
            steps.append(analysis[-1])
            jinja_only.append(timed(lambda views=views: [render_page(v, t) for v, t in views]))
            pages: list[str] = []
            naive.append(
                timed(
                    lambda profile=profile, pages=pages: pages.extend(
                        naive_page(profile) for _ in range(3)
                    )
                )
            )
            naive_sizes.append(len(pages[0].encode()))
    loop.run_until_complete(pipeline.aclose())
    loop.close()

    def row(label: str, values: list[float], note: str = "") -> None:
        print(
            f"{label:<44}{statistics.median(values):>9.2f}{percentile(values, 0.95):>9.2f}"
            f"{max(values):>9.2f}  {note}"
        )

    count = len(cases)
    print(f"Bina offline generator, {count} descriptions × {rounds} rounds (times in ms)\n")
    print(f"{'':<44}{'median':>9}{'p95':>9}{'max':>9}")
    row("whole pipeline, three designs", totals, "target ≤ 50")
    row("  analysis (description → profile)", analysis)
    row("  view + render, three designs", renders)
    row("  longest single synchronous step", steps, "what the event loop feels")
    print("reference, same run:")
    row("  Jinja2 render alone, three designs", jinja_only)
    row("  naive str.format page ×3 (no design)", naive)
    print(f"\n{'page size (KB)':<44}{'median':>9}{'p95':>9}{'max':>9}")
    for key in STYLE_ORDER:
        kb = [size / 1024 for size in sizes[key]]
        row(f"  {key}", kb, "target ≤ 60")
    row("  naive str.format page (reference)", [size / 1024 for size in naive_sizes])


if __name__ == "__main__":
    main()
