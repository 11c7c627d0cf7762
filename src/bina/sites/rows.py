"""Rows of the site tables as the rest of the service sees them, and list cursors.

Plain functions of SQLAlchemy rows: a site with its photos, a line of a list, a photo's
description (never its bytes), and the opaque cursor a list hands out for its next page.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from bina.generator import BusinessProfile
from bina.generator.copy import SiteCopy
from bina.sites.keys import storable
from bina.sites.models import Site, SitePhoto, SiteSummary
from bina.sites.schema import site_photos

PHOTO_COLUMNS = (
    site_photos.c.photo_id,
    site_photos.c.site_id,
    site_photos.c.role,
    site_photos.c.alt,
    site_photos.c.content_type,
    site_photos.c.width,
    site_photos.c.height,
    site_photos.c.thumb_width,
    site_photos.c.thumb_height,
    site_photos.c.created_at,
)


def photo_of(row: Any) -> SitePhoto:
    return SitePhoto(
        photo_id=row.photo_id,
        role=row.role,
        alt=row.alt,
        content_type=row.content_type,
        width=row.width,
        height=row.height,
        thumb_width=row.thumb_width,
        thumb_height=row.thumb_height,
        created_at=row.created_at,
    )


def site_of(row: Any, photos: Sequence[SitePhoto]) -> Site:
    return Site(
        site_id=row.site_id,
        user_id=row.user_id,
        job_id=row.job_id,
        style=row.style,
        palette=row.palette,
        language=row.language,
        profile=BusinessProfile.model_validate(row.profile),
        copy=SiteCopy.model_validate(row.copy) if row.copy is not None else None,
        version=row.version,
        slug=row.slug,
        published=row.published,
        published_at=row.published_at,
        created_at=row.created_at,
        updated_at=row.updated_at,
        photos=tuple(photos),
    )


def summary_of(row: Any) -> SiteSummary:
    profile = row.profile or {}
    return SiteSummary(
        site_id=row.site_id,
        name=profile.get("name") or profile.get("label") or "",
        style=row.style,
        version=row.version,
        slug=row.slug,
        published=row.published,
        created_at=row.created_at,
        updated_at=row.updated_at,
    )


def encode_cursor(created_at: datetime, site_id: str) -> str:
    raw = f"{created_at.isoformat()}|{site_id}".encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[datetime, str] | None:
    """The position a cursor names; None for anything this store did not hand out."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        when, site_id = raw.split("|", 1)
        created_at = datetime.fromisoformat(when)
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    if created_at.tzinfo is None or not site_id or not storable(site_id):
        return None
    return created_at, site_id
