"""An owner's edit, from a JSON merge patch to validated `SiteChanges`.

The patch may touch `profile`, `style`, `palette` and `language`. The profile is merged
(RFC 7396) and normalised by the generator, exactly as analysis would have written it
(phones in national format, prices parsed). When the facts the words speak of change (the
name, the kind, the area, the items, the language), the words are written again from the new
facts, offline; the owner's own tagline and about text are facts, and are kept.
"""

from __future__ import annotations

from typing import Any

from bina.generator import BusinessProfile
from bina.generator.profile_edit import ProfileEditError, apply_profile_edit
from bina.generator.site_page import default_palette, design_copy, palette_keys, style_keys
from bina.sites.errors import InvalidEdit
from bina.sites.merge_patch import merge_patch
from bina.sites.models import Site, SiteChanges

EDITABLE = ("profile", "style", "palette", "language")
LANGUAGES = ("ms", "en")
# Profile fields the written words mention: a change to one rewrites the words.
_WORDED_FIELDS = (
    "language",
    "name",
    "label",
    "business_type",
    "area",
    "items",
    "specialty",
    "established",
    "features",
    # The invitation follows how customers are served and how they reach the business, and
    # the about text quotes the owner's own sentences.
    "modes",
    "phones",
    "highlights",
)


def edit_site(site: Site, patch: Any) -> SiteChanges:
    """The changes `patch` makes to `site`; InvalidEdit names the field that is wrong."""
    if not isinstance(patch, dict):
        raise InvalidEdit("body", "An edit is a JSON object of the fields to change.")
    for key in patch:
        if key not in EDITABLE:
            raise InvalidEdit(key, f"{key!r} cannot be edited; edit {', '.join(EDITABLE)}.")
    profile = _edited_profile(site, patch)
    style = _edited_style(site, patch)
    palette = _edited_palette(site, patch, profile, style)
    rewrite = any(getattr(profile, name) != getattr(site.profile, name) for name in _WORDED_FIELDS)
    return SiteChanges(
        style=style if style != site.style else None,
        palette=palette if palette != site.palette else None,
        profile=profile if profile != site.profile else None,
        copy=design_copy(profile, style) if rewrite else None,
        replace_copy=rewrite,
    )


def _edited_profile(site: Site, patch: dict[str, Any]) -> BusinessProfile:
    current = site.profile.model_dump(mode="json")
    merged = current
    if "profile" in patch:
        if not isinstance(patch["profile"], dict):
            raise InvalidEdit("profile", "profile is an object of the facts to change.")
        merged = merge_patch(current, patch["profile"])
    if "language" in patch:
        language = patch["language"]
        if language not in LANGUAGES:
            raise InvalidEdit("language", "language is 'ms' (Bahasa Malaysia) or 'en' (English).")
        merged = {**merged, "language": language}
    if merged == current:
        return site.profile
    try:
        return apply_profile_edit(site.profile, merged)
    except ProfileEditError as exc:
        raise InvalidEdit(exc.field, exc.message) from exc


def _edited_style(site: Site, patch: dict[str, Any]) -> str:
    if "style" not in patch:
        return site.style
    style = patch["style"]
    if style not in style_keys():
        raise InvalidEdit("style", f"style is one of: {', '.join(style_keys())}.")
    return str(style)


def _edited_palette(site: Site, patch: dict[str, Any], profile: BusinessProfile, style: str) -> str:
    choices = palette_keys(profile)
    if "palette" in patch:
        palette = patch["palette"]
        if palette is None:
            return default_palette(profile, style)
        if palette not in choices:
            raise InvalidEdit("palette", f"palette is one of: {', '.join(choices)}.")
        return str(palette)
    if site.palette in choices:
        return site.palette
    # A new kind of business has other colours: its first choice for this design.
    return default_palette(profile, style)
