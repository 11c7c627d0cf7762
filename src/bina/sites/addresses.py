"""Addresses (slugs) in SQL: which are taken, free ones to offer, retired ones, an address's state.

A slug is unique among sites (an index settles two owners racing for one); one a site gave up
is kept as retired, so that its old address answers 410 rather than 404 until it is reused.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import sqlalchemy as sa

from bina.generator.site_page import kind_label
from bina.sites.models import PublishedHead, Site
from bina.sites.schema import retired_slugs, sites
from bina.sites.slugs import candidates, first_free, slug_problem

#: Free addresses offered when one is taken.
SUGGESTIONS = 4


def taken(connection: sa.Connection, slugs: Sequence[str], site_id: str | None) -> set[str]:
    """Which of `slugs` another site than `site_id` holds."""
    where: sa.ColumnElement[bool] = sites.c.slug.in_(list(slugs))
    if site_id is not None:
        where = where & (sites.c.site_id != site_id)
    return set(connection.execute(sa.select(sites.c.slug).where(where)).scalars())


def suggest(connection: sa.Connection, site: Site | None, base: str) -> list[str]:
    """Up to `SUGGESTIONS` free addresses: `base`, then ones made from the site's name, area
    and kind."""
    options = [base] if base else []
    if site is not None:
        profile = site.profile
        options += candidates(profile.display_name, profile.area, kind_label(profile))
    options += candidates(base.replace("-", " "), None)
    options = [slug for slug in dict.fromkeys(options) if slug_problem(slug) is None]
    held = taken(connection, options, site.site_id if site else None)
    return first_free(options, held, SUGGESTIONS)


def retire(connection: sa.Connection, slug: str, now: datetime) -> None:
    """Keep `slug` as given up (its address answers 410 until another site takes it)."""
    connection.execute(retired_slugs.delete().where(retired_slugs.c.slug == slug))
    connection.execute(retired_slugs.insert().values(slug=slug, retired_at=now))


def address_state(connection: sa.Connection, slug: str) -> PublishedHead | None:
    """A published or taken-down site at `slug`, a retired slug, or None (never used)."""
    row = connection.execute(
        sa.select(sites.c.site_id, sites.c.version, sites.c.published).where(sites.c.slug == slug)
    ).one_or_none()
    if row is not None:
        return PublishedHead(row.site_id, slug, row.version, row.published)
    retired = connection.execute(
        sa.select(retired_slugs.c.slug).where(retired_slugs.c.slug == slug)
    ).scalar()
    return PublishedHead(None, slug, 0, False) if retired else None
