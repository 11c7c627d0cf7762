"""What a site is, as the rest of the service sees it: plain values, no database handles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal, get_args

from bina.generator import BusinessProfile
from bina.generator.copy import SiteCopy

PhotoRole = Literal["logo", "hero", "gallery"]
PHOTO_ROLES: tuple[PhotoRole, ...] = get_args(PhotoRole)
#: Roles a site has at most one photo of: a new upload replaces the old one.
SINGLE_PHOTO_ROLES: frozenset[str] = frozenset({"logo", "hero"})


@dataclass(frozen=True, slots=True)
class SitePhoto:
    """A photo's description (its bytes are read only when it is served)."""

    photo_id: str
    role: PhotoRole
    alt: str | None
    content_type: str
    width: int
    height: int
    thumb_width: int
    thumb_height: int
    created_at: datetime

    @property
    def extension(self) -> str:
        return "webp" if self.content_type == "image/webp" else "jpg"


@dataclass(frozen=True, slots=True)
class Site:
    """An owner's site: the facts it is rendered from and where it is published."""

    site_id: str
    user_id: str
    job_id: str | None
    style: str
    palette: str | None
    language: str
    profile: BusinessProfile
    copy: SiteCopy | None
    version: int
    slug: str | None
    published: bool
    published_at: datetime | None
    created_at: datetime
    updated_at: datetime
    photos: tuple[SitePhoto, ...] = ()

    @property
    def name(self) -> str:
        return self.profile.display_name


@dataclass(frozen=True, slots=True)
class SiteSummary:
    """A line of the owner's list of sites."""

    site_id: str
    name: str
    style: str
    version: int
    slug: str | None
    published: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class SiteDraft:
    """What a new site starts from: one design of a completed job."""

    job_id: str | None
    style: str
    palette: str | None
    profile: BusinessProfile
    copy: SiteCopy | None


@dataclass(frozen=True, slots=True)
class SiteChanges:
    """A validated edit: the new values of what changed (None: unchanged)."""

    style: str | None = None
    palette: str | None = None
    profile: BusinessProfile | None = None
    copy: SiteCopy | None = None
    #: The copy is set to `copy` even when that is None (words rewritten from the facts).
    replace_copy: bool = False


@dataclass(frozen=True, slots=True)
class NewPhoto:
    """A photo already decoded and re-encoded, ready to store."""

    role: PhotoRole
    alt: str | None
    content_type: str
    width: int
    height: int
    data: bytes
    thumb: bytes
    thumb_width: int
    thumb_height: int
    upload_key: str | None = None


@dataclass(frozen=True, slots=True)
class PublishedHead:
    """The state of an address, enough to answer a conditional request (no facts, no photos).

    `site_id` is None for a retired address (its site was deleted or moved to another one).
    """

    site_id: str | None
    slug: str
    version: int
    published: bool


@dataclass(frozen=True, slots=True)
class SitePage:
    """A page of the owner's sites, newest first."""

    items: list[SiteSummary]
    next_cursor: str | None = None


@dataclass(frozen=True, slots=True)
class SlugCheck:
    """Whether an address is free, and what else is."""

    slug: str
    available: bool
    reason: str | None = None
    suggestions: list[str] = field(default_factory=list)
