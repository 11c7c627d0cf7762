"""Render a profile, its copy and its pictures into one self-contained HTML page per style.

Jinja2 with autoescape on: everything from the user reaches the page escaped. The only
markup inserted unescaped is our own (CSS, SVG drawings, and the JSON-LD; see
bina.generator.json_ld). What a page says is settled in its view (bina.generator.page_view);
this module turns a view into HTML with the design's template.

A site (bina.generator.site_page) adds what only its owner has (bina.generator.page_extras).
"""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, StrictUndefined

from bina.generator.copy import SiteCopy
from bina.generator.images import ImageSet
from bina.generator.page_extras import PageExtras
from bina.generator.page_view import SiteView, build_view
from bina.generator.palettes import Palette
from bina.generator.profile import BusinessProfile
from bina.generator.styles import Style


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("bina.generator", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,
    )
    return env


def render_page(view: SiteView, template: str) -> str:
    return environment().get_template(template).render(site=view, ui=view.ui, copy=view.copy)


def render_style(
    profile: BusinessProfile,
    copy: SiteCopy,
    images: ImageSet,
    style: Style,
    palette: Palette,
    extras: PageExtras | None = None,
) -> str:
    """One finished page."""
    view = build_view(profile, copy, images, style, palette, extras=extras)
    return render_page(view, style.template)
