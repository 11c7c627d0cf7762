"""Rendered pages: valid structure, SEO data, no external resources, facts shown, escaping."""

from __future__ import annotations

import asyncio
import difflib
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from html.parser import HTMLParser

import pytest

from bina.generator import GenerationResult, GeneratorOptions, SitePipeline, render_site_page
from bina.generator.analyze import analyze
from bina.generator.art import KIND_MOTIFS, MOTIFS, motifs_for
from bina.generator.copy import write_offline_copy
from bina.generator.images import draw_images
from bina.generator.json_ld import json_for_script
from bina.generator.palettes import themes_for
from bina.generator.profile import BUSINESS_TYPES, Language, OfferedItem
from bina.generator.render import render_style
from bina.generator.styles import STYLE_ORDER, STYLES
from tests.unit.generator.generator_cases import CASES

VOID = {"meta", "link", "img", "br", "hr", "input", "source", "wbr", "area", "base", "col"}
BALANCED = {
    "html", "head", "body", "header", "main", "footer", "section", "nav", "div", "ul", "ol",
    "li", "table", "tr", "th", "td", "a", "p", "h1", "h2", "h3", "figure", "figcaption",
    "span", "svg", "title", "style", "script", "dl", "dt", "dd", "g", "symbol",
}  # fmt: skip


@dataclass
class Page:
    """What html.parser saw in a page."""

    tags: list[tuple[str, dict[str, str | None]]] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)
    title: str = ""
    json_ld: list[str] = field(default_factory=list)
    scripts: list[dict[str, str | None]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def meta(self, key: str) -> str | None:
        for tag, attrs in self.tags:
            if tag == "meta" and (attrs.get("name") == key or attrs.get("property") == key):
                return attrs.get("content")
        return None

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [attrs for name, attrs in self.tags if name == tag]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.stack: list[str] = []
        self.in_body = False
        self.current_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.page.tags.append((tag, attributes))
        if tag == "body":
            self.in_body = True
        if self.in_body and tag not in {"path", "circle", "rect", "ellipse", "g", "use"}:
            classes = attributes.get("class") or ""
            self.page.body.append(f"{tag}.{'.'.join(sorted(classes.split()))}")
        if tag == "script":
            self.page.scripts.append(attributes)
            self.current_script = attributes.get("type")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.page.errors.append(f"</{tag}> closes <{self.stack[-1] if self.stack else None}>")
            if tag in self.stack:
                while self.stack and self.stack.pop() != tag:
                    pass
            return
        self.stack.pop()
        if tag == "script":
            self.current_script = None

    def handle_data(self, data: str) -> None:
        if self.stack and self.stack[-1] == "title":
            self.page.title += data
        elif self.current_script == "application/ld+json":
            self.page.json_ld.append(data)
        elif self.stack and self.stack[-1] not in {"style", "script"}:
            self.page.texts.append(data)


def parse(html: str) -> Page:
    parser = _Parser()
    parser.feed(html)
    parser.close()
    unclosed = [tag for tag in parser.stack if tag in BALANCED]
    if unclosed:
        parser.page.errors.append(f"unclosed: {unclosed}")
    return parser.page


def style_block(html: str) -> str:
    """The page's inline stylesheet."""
    found = re.search(r"<style>(.*?)</style>", html, re.S)
    assert found is not None, "no <style> block"
    return found.group(1)


def generate(text: str, language: Language = "ms") -> GenerationResult:
    async def run() -> GenerationResult:
        pipeline = SitePipeline(GeneratorOptions())
        try:
            return await pipeline.generate(text, language)
        finally:
            await pipeline.aclose()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def results() -> dict[str, GenerationResult]:
    return {case.id: generate(case.text, case.language) for case in CASES}


ALLOWED_LINK = re.compile(r"^https://(wa\.me/\d+(\?text=[^\s\"]*)?$|www\.google\.com/maps/search/)")


def _pages(results: dict[str, GenerationResult]) -> list[tuple[str, str, str]]:
    return [(cid, s.style, s.html) for cid, r in results.items() for s in r.styles]


def test_every_page_parses_with_balanced_tags(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        page = parse(html)
        assert html.startswith("<!doctype html>"), (cid, style)
        assert not page.errors, (cid, style, page.errors[:3])
        assert [t for t, _ in page.tags].count("h1") == 1, (cid, style)
        for tag in ("header", "main", "footer"):
            assert page.all(tag), (cid, style, tag)


def test_seo_and_social_data(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        page = parse(html)
        result = results[cid]
        lang = page.all("html")[0].get("lang")
        assert lang == result.profile.language
        assert result.profile.display_name in page.title
        assert page.meta("viewport") == "width=device-width, initial-scale=1"
        description = page.meta("description")
        assert description and 20 <= len(description) <= 160
        for key in ("og:title", "og:description", "og:type", "og:locale", "og:site_name"):
            assert page.meta(key), (cid, style, key)
        assert page.all("meta")[0].get("charset") == "utf-8"


def test_json_ld_is_valid_local_business_data(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        page = parse(html)
        assert len(page.json_ld) == 1, (cid, style)
        data = json.loads(page.json_ld[0])
        profile = results[cid].profile
        assert data["@context"] == "https://schema.org"
        types = data["@type"] if isinstance(data["@type"], list) else [data["@type"]]
        assert profile.schema_type in types
        assert data["name"] == profile.display_name
        if profile.call_phone:
            assert data["telephone"].lstrip("+").replace("-", "") in (
                profile.call_phone.digits,
                profile.call_phone.display.replace("-", ""),
            )
        else:
            assert "telephone" not in data
        for spec in data.get("openingHoursSpecification", []):
            assert re.fullmatch(r"\d\d:\d\d", spec["opens"])
            assert re.fullmatch(r"\d\d:\d\d", spec["closes"])
            assert set(spec["dayOfWeek"]) <= {
                "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
            }  # fmt: skip


def test_opening_hours_in_schema_org_form() -> None:
    result = generate("Kedai Kopi Ah Seng, Ipoh. Isnin-Sabtu 7am-3pm, Ahad tutup. Tel 05-254 1234")
    data = json.loads(parse(result.styles[0].html).json_ld[0])
    assert data["openingHoursSpecification"] == [
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"],
            "opens": "07:00",
            "closes": "15:00",
        },
        {
            "@type": "OpeningHoursSpecification",
            "dayOfWeek": ["Sunday"],
            "opens": "00:00",
            "closes": "00:00",
        },
    ]


def test_no_external_resources(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        page = parse(html)
        own_links = {link.url for link in results[cid].profile.links}
        for tag, attrs in page.tags:
            for attribute in ("src", "href", "xlink:href", "action", "poster", "data"):
                value = attrs.get(attribute)
                if value is None or not re.match(r"^\s*(https?:)?//", value, re.I):
                    continue
                assert tag == "a" and attribute == "href", (cid, style, tag, value)
                assert ALLOWED_LINK.match(value) or value in own_links, (cid, style, value)
        for attrs in page.scripts:
            assert attrs.get("type") == "application/ld+json"
            assert "src" not in attrs
        assert not page.all("iframe") and not page.all("object") and not page.all("embed")
        assert "@import" not in html and "url(http" not in html


def test_user_prices_appear(results: dict[str, GenerationResult]) -> None:
    for case in CASES:
        result = results[case.id]
        for item in result.profile.items:
            if item.price_text is None:
                continue
            for style in result.styles:
                text = " ".join(parse(style.html).texts)
                assert f"RM{item.price_text}" in text, (case.id, style.style, item.name)
                assert item.name in text


def test_whatsapp_link_when_a_number_is_given_and_only_then(
    results: dict[str, GenerationResult],
) -> None:
    for case in CASES:
        result = results[case.id]
        whatsapp = result.profile.whatsapp
        for style in result.styles:
            hrefs = [a.get("href") or "" for a in parse(style.html).all("a")]
            wa = [h for h in hrefs if "wa.me" in h]
            if whatsapp is None:
                assert wa == [], (case.id, style.style)
            else:
                assert wa, (case.id, style.style)
                for href in wa:
                    assert re.match(rf"^https://wa\.me/{whatsapp.digits}(\?text=\S+)?$", href)
                    assert re.match(r"^https://wa\.me/\d+", href)


def test_tel_links_are_international_digits(results: dict[str, GenerationResult]) -> None:
    for _cid, _style, html in _pages(results):
        for attrs in parse(html).all("a"):
            href = attrs.get("href") or ""
            if href.startswith("tel:"):
                assert re.fullmatch(r"tel:\+?\d{9,15}", href)


def test_map_link_for_the_address() -> None:
    result = generate(
        "Butik Ayu. Alamat: No. 12, Jalan Tun Razak, 50400 Kuala Lumpur. WhatsApp 011-5555 6666"
    )
    for style in result.styles:
        maps = [
            a.get("href") or ""
            for a in parse(style.html).all("a")
            if "google.com/maps" in (a.get("href") or "")
        ]
        assert maps
        assert "Jalan+Tun+Razak" in maps[0]


def test_no_map_link_without_a_place() -> None:
    result = generate("Kek coklat moist buatan sendiri, tempah melalui WhatsApp 012-345 6789")
    for style in result.styles:
        assert "google.com/maps" not in style.html


def test_every_image_has_alt_text(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        page = parse(html)
        for attrs in page.all("img"):
            assert (attrs.get("alt") or "").strip(), (cid, style)
        pictures = [a for a in page.all("svg") if a.get("role") == "img"]
        assert len(pictures) == 1, (cid, style)  # the drawn hero; no gallery of drawings
        for attrs in pictures:
            assert (attrs.get("aria-label") or "").strip(), (cid, style)
        for attrs in page.all("svg"):
            assert attrs.get("role") == "img" or attrs.get("aria-hidden") == "true"


HOSTILE = (
    'Kedai "Kak Ma" <script>alert(1)</script> di Kampung Baru. '
    "Nasi lemak <img src=x onerror=alert(2)> RM7. Sedap </script><script>alert(3)</script> "
    "dan teh tarik RM2 & kopi. Alamat: Jalan <b>Bold</b> 5, 50400 Kuala Lumpur. "
    "WhatsApp 012-345 6789. Kami <!-- komen --> ikhlas' onmouseover='alert(4)"
)


@pytest.mark.parametrize("language", ["ms", "en"])
def test_user_markup_is_escaped_everywhere(language: Language) -> None:
    result = generate(HOSTILE, language)
    for style in result.styles:
        html = style.html
        page = parse(html)
        assert not page.errors
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "<b>Bold</b>" not in html
        assert "<!-- komen" not in html
        assert [t for t, _ in page.tags if t == "img"] == []
        assert [t for t, _ in page.tags if t == "b"] == []
        assert all(a.get("type") == "application/ld+json" for a in page.scripts)
        for _, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), attrs
        raw_json = page.json_ld[0]
        assert "<" not in raw_json and ">" not in raw_json
        data = json.loads(raw_json)
        assert "<script>" in json.dumps(data, ensure_ascii=False) or "Kak Ma" in data["name"]
        text = " ".join(page.texts)
        assert "&lt;" not in text  # decoded by the parser: the markup is shown as text


def test_json_for_script_escapes_closing_tags() -> None:
    rendered = json_for_script({"name": "</script><script>alert(1)</script> & <!--"})
    assert "<" not in rendered and ">" not in rendered and "&" not in rendered
    assert json.loads(str(rendered))["name"].startswith("</script>")


def _structure(html: str) -> list[str]:
    return parse(html).body


def test_styles_differ_in_structure_not_only_colour(results: dict[str, GenerationResult]) -> None:
    for case_id in ("warung-full", "bakery-english", "clinic-landline-only", "general-fallback"):
        styles = {s.style: s.html for s in results[case_id].styles}
        assert set(styles) == {"modern", "minimal", "bold"}
        structures = {key: _structure(html) for key, html in styles.items()}
        keys = list(structures)
        for index, first in enumerate(keys):
            for second in keys[index + 1 :]:
                a, b = structures[first], structures[second]
                similarity = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
                assert similarity < 0.6, (case_id, first, second, similarity)
                classes_a = {c for item in a for c in item.split(".")[1:] if c}
                classes_b = {c for item in b for c in item.split(".")[1:] if c}
                overlap = len(classes_a & classes_b) / len(classes_a | classes_b)
                assert overlap < 0.35, (case_id, first, second, classes_a & classes_b)
        css = {key: style_block(html) for key, html in styles.items()}
        fonts = {key: re.findall(r"font(?:-family)?:[^;}]*", text) for key, text in css.items()}
        assert any("Charter" in f or "Georgia" in f for f in fonts["minimal"])
        assert not any("Georgia" in f for f in fonts["modern"])


def test_three_styles_with_names_and_descriptions() -> None:
    expected: list[tuple[Language, list[str]]] = [
        ("ms", ["Moden", "Minimalis", "Berani"]),
        ("en", ["Modern", "Minimal", "Bold"]),
    ]
    for language, names in expected:
        result = generate("Kedai Kopi Ah Seng di Ipoh, kopi RM2", language)
        assert [s.style for s in result.styles] == ["modern", "minimal", "bold"]
        assert [s.name for s in result.styles] == names
        assert all(len(s.description) > 20 for s in result.styles)


def test_sections_without_data_are_left_out() -> None:
    result = generate("Family bakery in Kuching selling kek lapis Sarawak.", "en")
    for style in result.styles:
        page = parse(style.html)
        ids = {attrs.get("id") for _, attrs in page.tags}
        assert "hours" not in ids and "contact" not in ids and "offer" in ids
        assert "wa.me" not in style.html and "tel:" not in style.html


def test_pages_stay_small(results: dict[str, GenerationResult]) -> None:
    for cid, style, html in _pages(results):
        assert len(html.encode()) < 60_000, (cid, style)


def test_language_of_the_page_follows_the_choice() -> None:
    text = "Warung Pak Mat di Kampung Baru. Nasi lemak RM7. Buka setiap hari 7 pagi - 11 malam."
    malay = generate(text, "ms").styles[0].html
    english = generate(text, "en").styles[0].html
    assert 'lang="ms"' in malay and "Setiap hari" in malay and "Hubungi" not in english
    assert 'lang="en"' in english and "Every day" in english and "7:00 am" in english


# Art and layout of the three designs ---------------------------------------------------------

MOTIF_CLASSES = re.compile(r'class="([^"]*)"')
ALLOWED_CLASSES = {"f1", "f2", "f3", "f4", "f5", "s1", "s2", "s3", "s4"}


def test_every_kind_has_fitting_motifs_drawn_with_palette_classes() -> None:
    for kind in BUSINESS_TYPES:
        keys = KIND_MOTIFS[kind]
        assert len(keys) >= 3 and len(set(keys)) == len(keys), kind
        assert all(key in MOTIFS for key in keys), kind
    for key, motif in MOTIFS.items():
        assert motif.alt["ms"] and motif.alt["en"], key
        assert set(MOTIF_CLASSES.findall(motif.svg)) <= ALLOWED_CLASSES, key
        # Inlined many times per page and painted by the page's CSS: no ids, text or colours.
        for banned in ("id=", "<text", "style=", "href", "<script"):
            assert banned not in motif.svg, (key, banned)
        assert not re.search(r'(fill|stroke)="(?!none")', motif.svg), key
    # Icons that say the wrong thing are gone.
    assert "bag" not in KIND_MOTIFS["bicycle_shop"] + KIND_MOTIFS["bridal"]
    assert "cap" not in KIND_MOTIFS["religious_class"]
    assert KIND_MOTIFS["religious_class"][0] == "rehal"
    assert KIND_MOTIFS["fruit_stall"][0] == "durian"
    assert KIND_MOTIFS["bicycle_shop"][0] == "bicycle"


def test_the_description_can_pick_a_closer_motif() -> None:
    assert motifs_for("vehicle_rental", "Sewa motor murah di Kuantan")[0] == "motorcycle"
    assert motifs_for("vehicle_rental", "Kereta sewa Myvi RM120 sehari")[0] == "car"
    assert motifs_for("fruit_stall", "Gerai rambutan dan manggis")[0] == "fruits"
    assert motifs_for("fruit_stall", "Durian Musang King RM45")[0] == "durian"
    assert motifs_for("home_food", "Kuih lapis RM0.60 sebiji")[0] == "kuih"
    for kind in BUSINESS_TYPES:
        assert len(motifs_for(kind, "motor kuih durian sempoa cincin mop")) >= 3, kind


def _motif_count(svg: str) -> int:
    return svg.count("translate(-50 -50)")


def test_each_design_has_its_own_hero_composition() -> None:
    images = draw_images(analyze("Servis aircond Faizal di Shah Alam, RM80 seunit", "ms"))
    heroes = images.heroes
    assert set(heroes) == {"modern", "minimal", "bold"}
    svgs = {key: hero.svg or "" for key, hero in heroes.items()}
    assert len(set(svgs.values())) == 3
    assert len({(hero.width, hero.height) for hero in heroes.values()}) == 3
    assert _motif_count(svgs["minimal"]) == 1  # one small motif, alone
    assert _motif_count(svgs["bold"]) == 6  # the huge one (with shadow and rim), a row of three
    assert _motif_count(svgs["modern"]) == 2  # the arch and the chip
    assert images.gallery == ()  # drawings never make a gallery
    assert all(MOTIFS["aircond"].svg in svg for svg in svgs.values())
    assert all(hero.alt == "Ilustrasi unit penghawa dingin di dinding" for hero in heroes.values())


def test_pages_show_no_gallery_of_drawings_and_no_caption(
    results: dict[str, GenerationResult],
) -> None:
    for cid, style, html in _pages(results):
        assert 'id="gallery-title"' not in html, (cid, style)
        assert "<figcaption" not in html, (cid, style)  # alt text stays an attribute
        if style == "minimal":
            assert 'class="art line"' in html  # the hero drawn as line art


def _facts_page(style_key: str, facts: tuple[str, ...]) -> str:
    """The page of a profile holding `facts` as its notes, rendered with a copy written
    before them (as a site's kept copy is)."""
    profile = analyze(
        "Durian Ah Seng di Bentong. Musang King RM45 sekilo, D24 RM25 sekilo. "
        "WhatsApp 013-987 6543",
        "ms",
    )
    index = STYLE_ORDER.index(style_key)
    copy = write_offline_copy(profile, index)
    profile = profile.model_copy(update={"notes": facts})
    style = STYLES[style_key]
    images = draw_images(profile)
    palette = style.palette_for(themes_for(profile.business_type)[0])
    return render_style(profile, copy, images, style, palette)


@pytest.mark.parametrize("style_key", ["modern", "minimal", "bold"])
def test_facts_are_shown_when_the_profile_has_notes(style_key: str) -> None:
    facts = ("Musim durian Jun – Ogos", "Tempah 2 hari awal", "Minimum <order> & 5 kg")
    html = _facts_page(style_key, facts)
    page = parse(html)
    assert not page.errors
    ids = [attrs.get("id") for _, attrs in page.tags]
    assert "facts" in ids
    section = html[html.index('id="facts"') :]
    for fact in facts[:2]:
        assert fact + "." in section
    assert "Minimum order &amp; 5 kg." in section and "<order>" not in html  # escaped
    assert "Perlu tahu" in section
    without = _facts_page(style_key, ())
    assert 'id="facts"' not in without


def test_bold_band_names_each_thing_once() -> None:
    text = (
        "Kedai Kopi Ah Seng di Ipoh. Kopi putih RM2.80, roti bakar RM3, kopi putih RM2.80. "
        "Halal. WhatsApp 012-345 6789"
    )
    html = next(s.html for s in generate(text).styles if s.style == "bold")
    found = re.search(r'<div class="strip" aria-hidden="true"><ul>(.*?)</ul>', html)
    assert found is not None
    words = re.findall(r"<li>(.*?)</li>", found.group(1))
    assert len(words) >= 2
    assert len(words) == len({word.casefold() for word in words})


def test_a_price_shows_who_it_is_for() -> None:
    profile = analyze("Kelas mengaji Ustazah Nor di Bangi. WhatsApp 017-555 1212", "ms")
    fees = (
        OfferedItem(name="Yuran", variant="kanak-kanak", price=Decimal(60), price_text="60"),
        OfferedItem(name="Yuran", variant="dewasa", price=Decimal(80), price_text="80"),
    )
    profile = profile.model_copy(update={"items": fees})
    for style in STYLE_ORDER:
        html = render_site_page(profile, style, None, None)
        assert '<span class="variant">kanak-kanak</span>' in html, style
        assert '<span class="variant">dewasa</span>' in html, style
        data = json.loads(parse(html).json_ld[0])
        names = [offer["itemOffered"]["name"] for offer in data["makesOffer"]]
        assert names == ["Yuran (kanak-kanak)", "Yuran (dewasa)"]


def test_long_names_are_set_smaller() -> None:
    profile = analyze("Servis aircond di Bentong. WhatsApp 012-345 6789", "ms")
    long_name = profile.model_copy(update={"name": "Servis Aircond dan Elektrik Faizal Bentong"})
    short_name = profile.model_copy(update={"name": "Kopi Ah Seng"})
    for style in ("bold", "modern", "minimal"):
        assert '<h1 class="n-s">' in render_site_page(long_name, style, None, None)
        assert '<h1 class="n-l">' in render_site_page(short_name, style, None, None)
    hyphen = profile.model_copy(update={"name": "Kelas Al-Quran Nor"})
    for style in ("bold", "modern", "minimal"):
        html = render_site_page(hyphen, style, None, None)
        assert 'Kelas <span class="nowrap">Al-Quran</span> Nor</h1>' in html


def test_modern_facts_card_and_minimal_call_to_action() -> None:
    text = (
        "Servis aircond Faizal di Shah Alam. Servis aircond RM80, cuci aircond RM60. "
        "Isnin-Sabtu 9 pagi - 6 petang. WhatsApp 012-345 6789"
    )
    styles = {s.style: s.html for s in generate(text).styles}
    modern = styles["modern"]
    card = modern[modern.index('<ul class="glance">') :]
    card = card[: card.index("</ul>")]
    assert "Harga dari" in card and "RM60" in card and "Shah Alam" in card
    assert 'class="fab"' not in modern and 'class="mbar"' in modern
    minimal = styles["minimal"]
    intro = minimal[minimal.index('<div class="col intro">') : minimal.index('id="about"')]
    assert 'class="button" href="https://wa.me/60123456789' in intro
    assert 'href="tel:+60123456789"' in intro
