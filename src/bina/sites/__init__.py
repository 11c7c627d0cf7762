"""Sites: an owner's chosen design made permanent, corrected, personalised and published.

A site keeps the facts the generator read (the `BusinessProfile`), the design, its colours,
the words and the owner's photos, and is rendered from them through the generator at every
change, offline and in milliseconds. It knows nothing about HTTP or jobs: the API turns a
completed job's design into a `SiteDraft` and serves what `SiteStore` keeps.
"""

from bina.sites.editing import edit_site
from bina.sites.errors import (
    InvalidEdit,
    InvalidSlug,
    LimitReached,
    PhotoNotFound,
    SiteError,
    SiteNotFound,
    SitesUnavailable,
    SlugTaken,
    VersionMismatch,
)
from bina.sites.models import (
    PHOTO_ROLES,
    NewPhoto,
    PhotoRole,
    PublishedHead,
    Site,
    SiteChanges,
    SiteDraft,
    SitePage,
    SitePhoto,
    SiteSummary,
    SlugCheck,
)
from bina.sites.render import MediaUrl, render_site, site_palette
from bina.sites.runner import SqlRunner
from bina.sites.store import SiteStore

__all__ = [
    "PHOTO_ROLES",
    "InvalidEdit",
    "InvalidSlug",
    "LimitReached",
    "MediaUrl",
    "NewPhoto",
    "PhotoNotFound",
    "PhotoRole",
    "PublishedHead",
    "Site",
    "SiteChanges",
    "SiteDraft",
    "SiteError",
    "SiteNotFound",
    "SitePage",
    "SitePhoto",
    "SiteStore",
    "SiteSummary",
    "SitesUnavailable",
    "SlugCheck",
    "SlugTaken",
    "SqlRunner",
    "VersionMismatch",
    "edit_site",
    "render_site",
    "site_palette",
]
