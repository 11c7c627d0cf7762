"""A site's page: the generated design re-rendered from kept facts, with the owner's photos,
tagline, about text and notes, its public addresses, and nothing unsafe from any URL."""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

import pytest

from bina.app.handler import job_result, style_payload
from bina.generator import (
    BusinessProfile,
    GenerationResult,
    PageLinks,
    PagePhoto,
    PagePhotos,
    SitePipeline,
    default_palette,
    design_copy,
    kind_label,
    palette_keys,
    render_site_page,
    style_keys,
)
from bina.generator.analyze import analyze
from bina.generator.copy import SiteCopy, write_offline_copy
from bina.generator.palettes import themes_for
from bina.generator.profile import OfferedItem
from bina.generator.site_copy import words_source
from tests.unit.generator.generator_cases import CASES
from tests.unit.generator.test_render import Page, parse

WARUNG = (
    "Warung Pak Mat di Kampung Baru. Nasi lemak RM7, teh tarik RM2. "
    "Buka setiap hari 7 pagi - 11 malam. WhatsApp 012-345 6789"
)
HERO = PagePhoto(url="/media/hero123.webp", alt="Gerai kami waktu pagi", width=1600, height=900)
LOGO = PagePhoto(
    url="https://bina.test/media/logo9.webp", alt="Logo Pak Mat", width=400, height=120
)
GALLERY = (
    PagePhoto(url="/media/g1.webp", alt="Nasi lemak sebungkus", width=1200, height=1600),
    PagePhoto(url="/media/g2.jpg", alt="", width=1600, height=1200),
)
PHOTOS = PagePhotos(logo=LOGO, hero=HERO, gallery=GALLERY)


def generate(text: str, language: str = "ms") -> GenerationResult:
    async def run() -> GenerationResult:
        pipeline = SitePipeline()
        try:
            return await pipeline.generate(text, "en" if language == "en" else "ms")
        finally:
            await pipeline.aclose()

    return asyncio.run(run())


@pytest.fixture(scope="module")
def results() -> dict[str, GenerationResult]:
    return {case.id: generate(case.text, case.language) for case in CASES}


@pytest.fixture(scope="module")
def warung() -> BusinessProfile:
    return analyze(WARUNG, "ms")


def drawn_art(page: Page) -> list[dict[str, str | None]]:
    return [attrs for attrs in page.all("svg") if attrs.get("role") == "img"]


def images_with_class(page: Page, name: str) -> list[dict[str, str | None]]:
    return [a for a in page.all("img") if name in (a.get("class") or "").split()]


# The generated design, again ---------------------------------------------------------------


def test_without_photos_the_page_is_the_generated_design(
    results: dict[str, GenerationResult],
) -> None:
    for cid, result in results.items():
        for design in result.styles:
            again = render_site_page(result.profile, design.style, design.palette, design.site_copy)
            assert again == design.html, (cid, design.style)
            # An older job without the kept choices: the same defaults generation used.
            assert render_site_page(result.profile, design.style, None, None) == design.html


def test_kept_choices_are_the_ones_generation_made(results: dict[str, GenerationResult]) -> None:
    for cid, result in results.items():
        profile = result.profile
        expected = tuple(t.key for t in themes_for(profile.business_type, profile.description))
        assert palette_keys(profile) == expected
        for index, design in enumerate(result.styles):
            assert default_palette(profile, design.style) == design.palette, cid
            assert design.palette in palette_keys(profile)
            assert design_copy(profile, design.style) == design.site_copy
            assert design.site_copy == write_offline_copy(profile, index)
    assert style_keys() == ("modern", "minimal", "bold")


def test_another_palette_changes_the_colours_only(warung: BusinessProfile) -> None:
    keys = palette_keys(warung)
    pages = {key: render_site_page(warung, "modern", key, None) for key in keys}
    assert len(set(pages.values())) == len(keys)
    unify = {key: re.sub(r"<style>.*?</style>|#[0-9a-f]{6}", "", p) for key, p in pages.items()}
    assert len({re.sub(r'href="data:[^"]*"', "", p) for p in unify.values()}) == 1
    unknown = render_site_page(warung, "modern", "no-such-theme", None)
    assert unknown == render_site_page(warung, "modern", None, None)


def test_an_unknown_style_is_refused(warung: BusinessProfile) -> None:
    for call in (
        lambda: render_site_page(warung, "retro", None, None),
        lambda: default_palette(warung, "retro"),
        lambda: design_copy(warung, "retro"),
    ):
        with pytest.raises(ValueError, match="retro"):
            call()


def test_kind_label_in_the_sites_language() -> None:
    assert kind_label(analyze(WARUNG, "ms")) == "Kedai makan"
    assert kind_label(analyze(WARUNG, "en")) == "Restaurant"
    cafe = analyze("Kafe kopi di Ipoh, WhatsApp 012-345 6789", "en")
    assert kind_label(cafe) == "Café"


# Photos --------------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["modern", "minimal", "bold"])
def test_owner_photos_replace_the_drawn_art(warung: BusinessProfile, style: str) -> None:
    html = render_site_page(warung, style, None, None, PHOTOS)
    page = parse(html)
    assert not page.errors
    assert drawn_art(page) == []  # no drawn hero, no drawn gallery
    photos = images_with_class(page, "photo")
    assert [a["src"] for a in photos] == ["/media/hero123.webp", "/media/g1.webp", "/media/g2.jpg"]
    hero, first, second = photos
    assert hero["alt"] == "Gerai kami waktu pagi"
    assert (hero["width"], hero["height"]) == ("1600", "900")
    assert "loading" not in hero and hero.get("fetchpriority") == "high"
    assert first["alt"] == "Nasi lemak sebungkus" and first.get("loading") == "lazy"
    assert second["alt"] == "Foto Warung Pak Mat (2)"  # no alt given: a plain one
    logos = images_with_class(page, "logo-img")
    assert len(logos) == 1
    assert logos[0]["src"] == LOGO.url and logos[0]["alt"] == "Logo Pak Mat"
    # The logo stands in for the initials wherever they were the mark, the favicon too.
    assert 'class="mono"' not in html
    assert page.all("link")[0]["href"] == LOGO.url
    # Every picture still has a box and is cropped to it, whatever its shape.
    css = re.search(r"<style>(.*?)</style>", html, re.S)
    assert css is not None and ".photo{object-fit:cover" in css.group(1)
    gallery_box = {"modern": "bento photos", "minimal": "grid photos", "bold": "tiles photos"}
    assert f'class="{gallery_box[style]}"' in html


@pytest.mark.parametrize("style", ["modern", "minimal", "bold"])
def test_each_kind_of_photo_is_optional(warung: BusinessProfile, style: str) -> None:
    plain_html = render_site_page(warung, style, None, None)
    plain = parse(plain_html)
    assert len(drawn_art(plain)) == 1  # the drawn hero; drawings never make a gallery
    assert 'id="gallery-title"' not in plain_html

    hero_only = parse(render_site_page(warung, style, None, None, PagePhotos(hero=HERO)))
    assert drawn_art(hero_only) == []
    assert [a["src"] for a in images_with_class(hero_only, "photo")] == [HERO.url]
    assert images_with_class(hero_only, "logo-img") == []

    gallery_only = render_site_page(warung, style, None, None, PagePhotos(gallery=GALLERY[:1]))
    assert len(drawn_art(parse(gallery_only))) == 1  # the drawn hero stays
    assert len(images_with_class(parse(gallery_only), "photo")) == 1
    assert 'id="gallery-title"' in gallery_only

    logo_only = render_site_page(warung, style, None, None, PagePhotos(logo=LOGO))
    assert len(drawn_art(parse(logo_only))) == 1
    assert len(images_with_class(parse(logo_only), "logo-img")) == 1


def test_modern_keeps_its_initials_without_a_logo(warung: BusinessProfile) -> None:
    html = render_site_page(warung, "modern", None, None, PagePhotos(hero=HERO))
    assert '<span class="mono" aria-hidden="true">WP</span>' in html
    assert 'href="data:image/svg+xml,' in html  # the drawn favicon


UNSAFE_URLS = [
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java\nscript:alert(1)",
    "javascript://example.com/%0aalert(1)",
    "data:image/svg+xml,<svg onload=alert(1)>",
    "vbscript:msgbox(1)",
    "//evil.test/x.webp",
    "/\\evil.test/x.webp",
    "ftp://files.test/x.webp",
    "https:/\\evil.test",
    "media/x.webp",
    "",
    "https://" + "a" * 3000,
]


@pytest.mark.parametrize("url", UNSAFE_URLS)
def test_unsafe_urls_never_reach_the_page(warung: BusinessProfile, url: str) -> None:
    plain = render_site_page(warung, "modern", None, None)
    photo = PagePhoto(url=url, alt="x", width=10, height=10)
    photos = PagePhotos(logo=photo, hero=photo, gallery=(photo, photo))
    links = PageLinks(canonical_url=url, og_image_url=url)
    html = render_site_page(warung, "modern", None, None, photos, links)
    assert html == plain
    assert "script:" not in html.lower() and "evil.test" not in html


def test_photo_paths_are_fine_but_public_addresses_must_be_absolute(
    warung: BusinessProfile,
) -> None:
    links = PageLinks(canonical_url="/s/pak-mat", og_image_url="/s/pak-mat/og.png")
    assert render_site_page(warung, "bold", None, None, links=links) == render_site_page(
        warung, "bold", None, None
    )


def test_urls_and_alt_text_are_escaped(warung: BusinessProfile) -> None:
    url = 'https://bina.test/media/a.webp?x="><script>alert(1)</script>&y=1'
    alt = '"><img src=x onerror=alert(2)>'
    photo = PagePhoto(url=url, alt=alt, width=10, height=10)
    links = PageLinks(canonical_url=url, og_image_url=url)
    for style in style_keys():
        html = render_site_page(warung, style, None, None, PagePhotos(hero=photo), links)
        page = parse(html)
        assert not page.errors
        assert "<script>alert" not in html and "<img src=x" not in html
        hero = images_with_class(page, "photo")[0]
        assert hero["src"] == url and hero["alt"] == alt
        assert page.meta("og:image") == url
        assert all(a.get("type") == "application/ld+json" for a in page.scripts)
        for _, attrs in page.tags:
            assert not any(name.startswith("on") for name in attrs), attrs


# Public addresses ------------------------------------------------------------------------------


@pytest.mark.parametrize("style", ["modern", "minimal", "bold"])
def test_canonical_and_open_graph_addresses(warung: BusinessProfile, style: str) -> None:
    plain = parse(render_site_page(warung, style, None, None))
    assert plain.meta("og:url") is None and plain.meta("og:image") is None
    assert [a for a in plain.all("link") if a.get("rel") == "canonical"] == []
    assert plain.meta("twitter:card") == "summary"

    links = PageLinks(
        canonical_url="https://bina.test/s/pak-mat",
        og_image_url="https://bina.test/s/pak-mat/og.png",
    )
    page = parse(render_site_page(warung, style, None, None, links=links))
    assert not page.errors
    canonical = [a for a in page.all("link") if a.get("rel") == "canonical"]
    assert [a["href"] for a in canonical] == ["https://bina.test/s/pak-mat"]
    assert page.meta("og:url") == "https://bina.test/s/pak-mat"
    assert page.meta("og:image") == "https://bina.test/s/pak-mat/og.png"
    assert (page.meta("og:image:width"), page.meta("og:image:height")) == ("1200", "630")
    assert page.meta("twitter:card") == "summary_large_image"
    assert json.loads(page.json_ld[0])["url"] == "https://bina.test/s/pak-mat"

    # Search engines get the owner's pictures as absolute addresses.
    with_photos = parse(render_site_page(warung, style, None, None, PHOTOS, links))
    data = json.loads(with_photos.json_ld[0])
    assert data["image"] == "https://bina.test/media/hero123.webp"
    assert data["logo"] == LOGO.url
    without_address = json.loads(
        parse(render_site_page(warung, style, None, None, PHOTOS)).json_ld[0]
    )
    assert "image" not in without_address and "url" not in without_address
    assert without_address["logo"] == LOGO.url

    canonical_only = parse(
        render_site_page(
            warung, style, None, None, links=PageLinks(canonical_url=links.canonical_url)
        )
    )
    assert canonical_only.meta("og:url") == links.canonical_url
    assert canonical_only.meta("og:image") is None
    assert canonical_only.meta("twitter:card") == "summary"


# The owner's words -------------------------------------------------------------------------


def _owned(profile: BusinessProfile) -> BusinessProfile:
    items = list(profile.items)
    items[0] = items[0].model_copy(update={"note": "Dengan sambal sotong & telur <mata>"})
    return profile.model_copy(
        update={
            "tagline": "Sarapan orang Kampung Baru",
            "about": "Kami mula berniaga\ndi tepi jalan.\n\n  Kini di kedai sendiri.  \n\n\n",
            "items": tuple(items),
        }
    )


@pytest.mark.parametrize("style", ["modern", "minimal", "bold"])
def test_owner_tagline_about_and_notes(warung: BusinessProfile, style: str) -> None:
    copy = design_copy(warung, style)
    owned = _owned(warung)
    html = render_site_page(owned, style, None, copy)
    page = parse(html)
    assert not page.errors
    texts = [t.strip() for t in page.texts if t.strip()]
    assert "Sarapan orang Kampung Baru" in texts
    assert copy.tagline not in texts
    assert "Kami mula berniaga di tepi jalan." in texts and "Kini di kedai sendiri." in texts
    assert not any(paragraph in texts for paragraph in copy.about if len(paragraph) > 30)
    assert "Dengan sambal sotong & telur <mata>" in texts  # shown as text
    assert "&amp; telur &lt;mata&gt;" in html
    data = json.loads(page.json_ld[0])
    assert data["slogan"] == "Sarapan orang Kampung Baru"
    menu_items = data["hasMenu"]["hasMenuSection"]["hasMenuItem"]
    assert menu_items[0]["description"] == "Dengan sambal sotong & telur <mata>"
    assert "description" not in menu_items[1]


def test_a_note_describes_a_service_offer_too() -> None:
    salon = analyze("Salon Ayu di Shah Alam. Potong rambut RM25. WhatsApp 012-345 6789", "ms")
    item = salon.items[0].model_copy(update={"note": "Termasuk cuci rambut"})
    page = parse(
        render_site_page(salon.model_copy(update={"items": (item,)}), "minimal", None, None)
    )
    offer = json.loads(page.json_ld[0])["makesOffer"][0]
    assert offer["itemOffered"]["description"] == "Termasuk cuci rambut"


def test_owner_words_need_no_other_change(warung: BusinessProfile) -> None:
    """A page whose owner added nothing is byte for byte the generated one (checked above);
    one with an empty note or blank about is too."""
    blank = warung.model_copy(
        update={
            "about": " \n\n ",
            "tagline": " ",
            "items": tuple(
                OfferedItem.model_validate(i.model_dump() | {"note": ""}) for i in warung.items
            ),
        }
    )
    for style in style_keys():
        assert render_site_page(blank, style, None, None) == render_site_page(
            warung, style, None, None
        )


DURIAN = (
    "Gerai durian Ah Seng di Bentong. Musang King RM45 sekilo, D24 RM25/kg. Musim durian Jun "
    "hingga Ogos. Tempah 2 hari awal. WhatsApp 013-987 6543."
)


@pytest.mark.parametrize("style", ["modern", "minimal", "bold"])
def test_good_to_know_follows_the_notes_as_edited(style: str) -> None:
    profile = analyze(DURIAN, "ms")
    assert profile.notes
    kept = design_copy(profile, style)
    assert "Musim durian Jun hingga Ogos." in render_site_page(profile, style, None, kept)
    edited = profile.model_copy(
        update={"notes": ("Musim durian Julai hingga September", "COD sekitar Bentong")}
    )
    page = render_site_page(edited, style, None, kept)
    section = page[page.index('id="facts"') :]
    assert "Musim durian Julai hingga September." in section
    assert "COD sekitar Bentong." in section
    assert "Jun hingga Ogos" not in page  # the removed note is gone
    cleared = render_site_page(profile.model_copy(update={"notes": ()}), style, None, kept)
    assert 'id="facts"' not in cleared and "Perlu tahu" not in cleared


def _with_words(copy: SiteCopy, marker: str) -> SiteCopy:
    """A kept copy whose about text is not the offline one (as a model may have written)."""
    return copy.model_copy(update={"about": [marker]})


def test_kept_words_stay_until_the_facts_they_say_change(warung: BusinessProfile) -> None:
    marker = "Warung Pak Mat menyajikan sarapan di Kampung Baru."
    kept = _with_words(design_copy(warung, "modern"), marker)
    assert kept.written_for
    assert marker in render_site_page(warung, "modern", None, kept)
    # Notes, hours and the owner's tagline are shown as they are: the kept words stay.
    noted = warung.model_copy(update={"notes": ("Tutup cuti umum",), "tagline": "Sarapan"})
    assert marker in render_site_page(noted, "modern", None, kept)
    # A copy kept before it recorded its facts is kept whatever changes.
    unknown = kept.model_copy(update={"written_for": ""})
    renamed = warung.model_copy(update={"name": "Warung Mak Som"})
    assert marker in render_site_page(renamed, "modern", None, unknown)
    # A new name: the words are written again from the profile as it is now.
    page = render_site_page(renamed, "modern", None, kept)
    assert marker not in page
    assert "Warung Mak Som" in page
    assert page == render_site_page(renamed, "modern", None, None)


def test_a_new_way_of_serving_gets_its_own_invitation(warung: BusinessProfile) -> None:
    walk_in = " ".join(render_site_page(warung, s, None, None) for s in style_keys())
    assert "singgah" in walk_in.lower()
    for style in style_keys():
        kept = design_copy(warung, style)
        delivered = warung.model_copy(update={"modes": ("delivery",)})
        page = render_site_page(delivered, style, None, kept).lower()
        assert "singgah" not in page and "kedatangan" not in page, style
        assert "pesan" in page, style


def test_edited_highlights_are_the_ones_quoted(warung: BusinessProfile) -> None:
    kept = design_copy(warung, "minimal")
    edited = warung.model_copy(update={"highlights": ("Sambal kami pedas sederhana.",)})
    assert "Sambal kami pedas sederhana." in render_site_page(edited, "minimal", None, kept)


def test_the_facts_digest_survives_storage(warung: BusinessProfile) -> None:
    stored = BusinessProfile.model_validate(json.loads(json.dumps(warung.model_dump(mode="json"))))
    assert words_source(stored) == words_source(warung)
    assert design_copy(warung, "bold").written_for == words_source(warung)


# The job's result ---------------------------------------------------------------------------------


def test_the_job_result_keeps_each_designs_palette_and_copy() -> None:
    result = generate(WARUNG)
    payload: dict[str, Any] = job_result(result)
    designs = payload["designs"]
    assert list(designs) == ["modern", "minimal", "bold"]
    for design in result.styles:
        kept = designs[design.style]
        assert kept["palette"] == design.palette
        assert SiteCopy.model_validate(kept["copy"]) == design.site_copy
        profile = BusinessProfile.model_validate(payload["profile"])
        again = render_site_page(
            profile, design.style, kept["palette"], SiteCopy.model_validate(kept["copy"])
        )
        assert again == design.html
    json.dumps(payload)  # storable as it is
    # The streamed partial results stay as small as they were.
    assert set(style_payload(result.styles[0])) == {"style", "name", "description", "html"}
    assert [set(s) for s in payload["styles"]] == [{"style", "name", "description", "html"}] * 3
