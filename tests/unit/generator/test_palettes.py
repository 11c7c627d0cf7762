"""Palettes suit the kind of business and meet WCAG AA in every style."""

from __future__ import annotations

import pytest

from bina.generator.palettes import (
    AA_LARGE,
    AA_TEXT,
    THEMES,
    contrast,
    dark_palette,
    light_palette,
    paper_palette,
    readable,
    themes_for,
)
from bina.generator.profile import BUSINESS_TYPES, BusinessType
from bina.generator.styles import STYLE_ORDER, STYLES


def test_every_kind_has_themes() -> None:
    assert set(THEMES) == set(BUSINESS_TYPES)
    assert all(len(themes) >= 3 for themes in THEMES.values())


@pytest.mark.parametrize("business_type", BUSINESS_TYPES)
def test_every_text_pair_meets_wcag_aa(business_type: BusinessType) -> None:
    for theme in THEMES[business_type]:
        for build in (light_palette, paper_palette, dark_palette):
            palette = build(theme)
            for what, foreground, background, ratio in palette.text_pairs():
                assert contrast(foreground, background) >= ratio, (
                    business_type,
                    theme.key,
                    build.__name__,
                    what,
                )


def test_whatsapp_green_is_readable_with_white() -> None:
    assert contrast("#15803d", "#ffffff") >= AA_TEXT


def test_contrast_maths() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#777777", "#777777") == pytest.approx(1)
    fixed = readable("#f5b400", "#ffffff", AA_TEXT)
    assert contrast(fixed, "#ffffff") >= AA_TEXT
    assert contrast(readable("#333333", "#000000", AA_LARGE), "#000000") >= AA_LARGE


def test_styles_use_different_treatments() -> None:
    theme = THEMES["restaurant"][0]
    backgrounds = {key: STYLES[key].palette_for(theme).bg for key in STYLE_ORDER}
    assert len(set(backgrounds.values())) == 3
    assert {STYLES[key].template for key in STYLE_ORDER} == {
        "modern.html.j2",
        "minimal.html.j2",
        "bold.html.j2",
    }


def test_barbers_get_the_barber_shop_look() -> None:
    assert themes_for("barber") == THEMES["barber"]
    # A salon that barbers (a profile from before barbers were a kind of their own) too.
    assert themes_for("salon", "Unisex salon and barber, Ipoh") == THEMES["barber"]
    assert themes_for("salon", "Salon rambut wanita") == THEMES["salon"]


def test_new_kinds_have_their_own_themes() -> None:
    keys = {kind: tuple(theme.key for theme in themes) for kind, themes in THEMES.items()}
    assert keys["aircond_service"] != keys["general"]
    assert len({theme.key for theme in THEMES["fruit_stall"]}) == 3
