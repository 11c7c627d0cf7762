"""Request and response bodies of the sites API, as they appear in OpenAPI."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from bina.generator import BusinessProfile

StyleKey = Literal["modern", "minimal", "bold"]


class CreateSiteRequest(BaseModel):
    """Make a site from one design of a completed job."""

    model_config = ConfigDict(extra="forbid")

    job_id: str = Field(min_length=1, max_length=100, description="a completed job of yours")
    style: StyleKey = Field(description="which of its designs")


class PublishRequest(BaseModel):
    """Publish at an address; without `slug`, at the site's address or the best free one."""

    model_config = ConfigDict(extra="forbid")

    slug: str | None = Field(
        default=None,
        max_length=100,
        description="3–40 of a-z, 0-9 and single hyphens, e.g. kedai-kek-salmah",
        examples=["kedai-kek-salmah"],
    )


class SitePatch(BaseModel):
    """A JSON merge patch (RFC 7396) of the editable fields: objects merge, arrays and
    scalars replace, `null` removes an optional field (`palette: null`: the design's own)."""

    model_config = ConfigDict(extra="allow")

    profile: dict[str, Any] | None = Field(
        default=None, description="fields of the BusinessProfile to change"
    )
    style: StyleKey | None = Field(default=None, description="another of the three designs")
    palette: str | None = Field(
        default=None, description="one of the site's `palettes`; null: the design's own"
    )
    language: Literal["ms", "en"] | None = Field(
        default=None, description="the site's language; its words are written again"
    )


class PhotoOut(BaseModel):
    """A photo of a site, as stored: re-encoded, at most 1600 px, no EXIF."""

    photo_id: str = Field(description="unguessable; names these bytes forever")
    role: Literal["logo", "hero", "gallery"] = Field(description="where the designs use it")
    url: str = Field(description="works without credentials (an unguessable id)")
    thumb_url: str = Field(description="a 320 px thumbnail")
    width: int = Field(description="pixels, after orientation")
    height: int = Field(description="pixels, after orientation")
    alt: str | None = Field(description="what it shows (the page's alt text)")


class SiteOut(BaseModel):
    """A site, with its preview page (photos served from /media/…)."""

    site_id: str = Field(description="the site's id")
    job_id: str | None = Field(description="the generation it was made from")
    slug: str | None = Field(description="its address, once published (kept while it exists)")
    url: str | None = Field(description="the published address; null while not published")
    published: bool = Field(description="whether /s/{slug} shows it")
    version: int = Field(description='also the strong ETag, quoted: "7"')
    style: StyleKey = Field(description="the design")
    palette: str | None = Field(description="the colour scheme")
    palettes: list[str] = Field(description="the colour schemes this kind of business may use")
    language: Literal["ms", "en"] = Field(description="the language of the page")
    profile: BusinessProfile = Field(description="the facts the page is rendered from")
    photos: list[PhotoOut] = Field(description="the owner's photos, oldest first")
    html: str = Field(description="the page as it looks now (photos served from /media/…)")
    created_at: datetime = Field(description="when it was made")
    updated_at: datetime = Field(description="when it last changed")
    published_at: datetime | None = Field(description="when it was first published")


class SiteSummaryOut(BaseModel):
    """A line of the owner's list of sites."""

    site_id: str = Field(description="the site's id")
    name: str = Field(description="the business's name")
    slug: str | None = Field(description="its address, once published")
    url: str | None = Field(description="the published address; null while not published")
    published: bool = Field(description="whether /s/{slug} shows it")
    version: int = Field(description="its current version")
    style: str = Field(description="the design")
    created_at: datetime = Field(description="when it was made")
    updated_at: datetime = Field(description="when it last changed")


class SiteListOut(BaseModel):
    """A page of the owner's sites, newest first."""

    items: list[SiteSummaryOut] = Field(description="up to `limit` sites")
    next_cursor: str | None = Field(description="pass as ?cursor= for the next page")


class SlugCheckOut(BaseModel):
    """Whether an address is free."""

    slug: str = Field(description="the address asked about")
    available: bool = Field(description="free for this site")
    reason: str | None = Field(default=None, description="why not, in a sentence")
    suggestions: list[str] = Field(description="free addresses, best first")
