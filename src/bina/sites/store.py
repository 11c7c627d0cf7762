"""`SiteStore`: sites, their photos and their addresses in the service's SQL database.

It runs on the same database (and connections) as the jobs, through a `SqlRunner` (runner.py).
Every method that touches a site takes the owner's id and matches it in SQL: another user's
site is not found, exactly like a missing one.

Concurrency is settled by the database, not by checks in Python: an edit is an UPDATE that
names the version it was made against (two tabs: the second gets VersionMismatch), a slug is
a unique index (two owners publishing one slug: one gets SlugTaken), a retried photo upload
is a unique (site, upload key) pair.
"""

from __future__ import annotations

import secrets
import uuid
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

from bina.sites.addresses import address_state, retire, suggest, taken
from bina.sites.errors import (
    LimitReached,
    PhotoNotFound,
    SiteNotFound,
    SlugTaken,
    VersionMismatch,
)
from bina.sites.keys import storable
from bina.sites.models import (
    SINGLE_PHOTO_ROLES,
    NewPhoto,
    PublishedHead,
    Site,
    SiteChanges,
    SiteDraft,
    SitePage,
    SitePhoto,
    SlugCheck,
)
from bina.sites.rows import (
    PHOTO_COLUMNS,
    decode_cursor,
    encode_cursor,
    photo_of,
    site_of,
    summary_of,
)
from bina.sites.runner import SitesDatabase, SqlRunner
from bina.sites.schema import retired_slugs, site_photos, sites
from bina.sites.slugs import slug_problem

#: Sites one owner may keep.
MAX_SITES_PER_USER = 50
#: Photos one site may have.
MAX_PHOTOS_PER_SITE = 12


def _now() -> datetime:
    return datetime.now(UTC)


class SiteStore:
    """Sites in SQL (see the module docstring)."""

    def __init__(
        self,
        runner: SqlRunner,
        *,
        max_sites_per_user: int = MAX_SITES_PER_USER,
        max_photos_per_site: int = MAX_PHOTOS_PER_SITE,
        clock: Callable[[], datetime] = _now,
    ) -> None:
        self._database = SitesDatabase(runner)
        self._read = self._database.read
        self._write = self._database.write
        self.max_sites_per_user = max_sites_per_user
        self.max_photos_per_site = max_photos_per_site
        self._clock = clock

    # -- reading -----------------------------------------------------------------------

    @staticmethod
    def _load(connection: sa.Connection, where: sa.ColumnElement[bool]) -> Site | None:
        row = connection.execute(sa.select(sites).where(where)).one_or_none()
        if row is None:
            return None
        photos = connection.execute(
            sa.select(*PHOTO_COLUMNS)
            .where(site_photos.c.site_id == row.site_id)
            .order_by(site_photos.c.created_at, site_photos.c.photo_id)
        ).all()
        return site_of(row, [photo_of(photo) for photo in photos])

    @classmethod
    def _owned(cls, connection: sa.Connection, user_id: str, site_id: str) -> Site:
        site = cls._load(connection, (sites.c.site_id == site_id) & (sites.c.user_id == user_id))
        if site is None:
            raise SiteNotFound()
        return site

    async def get(self, user_id: str, site_id: str) -> Site:
        """The owner's site; SiteNotFound for a missing or another owner's site."""
        if not storable(site_id):
            raise SiteNotFound()
        return await self._read(lambda c: self._owned(c, user_id, site_id))

    async def find(self, site_id_or_slug: str) -> Site | None:
        """Any owner's site by id or slug (for operators)."""
        if not storable(site_id_or_slug):
            return None
        return await self._read(
            lambda c: self._load(
                c, (sites.c.site_id == site_id_or_slug) | (sites.c.slug == site_id_or_slug)
            )
        )

    async def list_for_user(self, user_id: str, limit: int, cursor: str | None) -> SitePage:
        """The owner's sites, newest first, `limit` at a time."""
        return await self._list(sites.c.user_id == user_id, limit, cursor)

    async def list_all(
        self,
        limit: int,
        cursor: str | None = None,
        *,
        user_id: str | None = None,
        published: bool | None = None,
    ) -> SitePage:
        """Everyone's sites, newest first (for operators)."""
        where: sa.ColumnElement[bool] = sa.true()
        if user_id is not None:
            where = where & (sites.c.user_id == user_id)
        if published is not None:
            where = where & (sites.c.published == published)
        return await self._list(where, limit, cursor)

    async def _list(
        self, where: sa.ColumnElement[bool], limit: int, cursor: str | None
    ) -> SitePage:
        if cursor is not None:
            position = decode_cursor(cursor)
            if position is None:
                raise ValueError("cursor")
            created_at, site_id = position
            where = where & (
                (sites.c.created_at < created_at)
                | ((sites.c.created_at == created_at) & (sites.c.site_id < site_id))
            )
        statement = (
            sa.select(
                sites.c.site_id,
                sites.c.profile,
                sites.c.style,
                sites.c.version,
                sites.c.slug,
                sites.c.published,
                sites.c.created_at,
                sites.c.updated_at,
            )
            .where(where)
            .order_by(sites.c.created_at.desc(), sites.c.site_id.desc())
            .limit(limit + 1)
        )
        rows = await self._read(lambda c: c.execute(statement).all())
        items = [summary_of(row) for row in rows[:limit]]
        next_cursor = None
        if len(rows) > limit:
            last = items[-1]
            next_cursor = encode_cursor(last.created_at, last.site_id)
        return SitePage(items=items, next_cursor=next_cursor)

    # -- creating and editing ----------------------------------------------------------

    async def create(self, user_id: str, draft: SiteDraft) -> tuple[Site, bool]:
        """A new draft site from one design; (site, created). Turning the same design of
        the same job into a site again returns the site made the first time."""

        def work(connection: sa.Connection) -> tuple[Site, bool]:
            if draft.job_id is not None:
                existing = self._load(
                    connection,
                    (sites.c.user_id == user_id)
                    & (sites.c.job_id == draft.job_id)
                    & (sites.c.style == draft.style),
                )
                if existing is not None:
                    return existing, False
            count = connection.execute(
                sa.select(sa.func.count()).select_from(sites).where(sites.c.user_id == user_id)
            ).scalar_one()
            if count >= self.max_sites_per_user:
                raise LimitReached(
                    "site_limit_reached",
                    f"You already have {self.max_sites_per_user} sites, the most one owner "
                    "may keep; delete one first.",
                )
            now = self._clock()
            site_id = str(uuid.uuid4())
            connection.execute(
                sites.insert().values(
                    site_id=site_id,
                    user_id=user_id,
                    job_id=draft.job_id,
                    style=draft.style,
                    palette=draft.palette,
                    language=draft.profile.language,
                    profile=draft.profile.model_dump(mode="json"),
                    copy=draft.copy.model_dump(mode="json") if draft.copy else None,
                    version=1,
                    slug=None,
                    published=False,
                    published_at=None,
                    created_at=now,
                    updated_at=now,
                )
            )
            return self._owned(connection, user_id, site_id), True

        return await self._write(work)

    def _bump(
        self,
        connection: sa.Connection,
        user_id: str,
        site_id: str,
        values: dict[str, Any],
        expected_version: int | None = None,
    ) -> None:
        """Write `values` and a new version; VersionMismatch if `expected_version` is old."""
        where = (sites.c.site_id == site_id) & (sites.c.user_id == user_id)
        if expected_version is not None:
            where = where & (sites.c.version == expected_version)
        result = connection.execute(
            sites.update()
            .where(where)
            .values(**values, version=sites.c.version + 1, updated_at=self._clock())
        )
        if result.rowcount == 0:
            current = connection.execute(sa.select(sites.c.version).where(where)).scalar()
            if expected_version is None or current is None:
                # Matching on the id and owner only: the site is gone or someone else's.
                version = connection.execute(
                    sa.select(sites.c.version).where(
                        (sites.c.site_id == site_id) & (sites.c.user_id == user_id)
                    )
                ).scalar()
                if version is None:
                    raise SiteNotFound()
                raise VersionMismatch(version)
            raise VersionMismatch(current)

    async def update(
        self, user_id: str, site_id: str, expected_version: int, changes: SiteChanges
    ) -> Site:
        """Apply validated `changes` made against `expected_version`."""
        if not storable(site_id):
            raise SiteNotFound()
        values: dict[str, Any] = {}
        if changes.style is not None:
            values["style"] = changes.style
        if changes.palette is not None:
            values["palette"] = changes.palette
        if changes.profile is not None:
            values["profile"] = changes.profile.model_dump(mode="json")
            values["language"] = changes.profile.language
        if changes.replace_copy:
            values["copy"] = changes.copy.model_dump(mode="json") if changes.copy else None

        def work(connection: sa.Connection) -> Site:
            self._bump(connection, user_id, site_id, values, expected_version)
            return self._owned(connection, user_id, site_id)

        return await self._write(work)

    # -- photos ------------------------------------------------------------------------

    async def add_photo(
        self, user_id: str, site_id: str, photo: NewPhoto
    ) -> tuple[SitePhoto, bool]:
        """Store a processed photo; (photo, created). A retry with the same upload key
        returns the photo the first try stored. A logo or hero replaces the previous one."""
        if not storable(site_id):
            raise SiteNotFound()

        def existing(connection: sa.Connection) -> SitePhoto | None:
            row = connection.execute(
                sa.select(*PHOTO_COLUMNS).where(
                    (site_photos.c.site_id == site_id)
                    & (site_photos.c.upload_key == photo.upload_key)
                )
            ).one_or_none()
            return photo_of(row) if row is not None else None

        def work(connection: sa.Connection) -> tuple[SitePhoto, bool]:
            site = self._owned(connection, user_id, site_id)
            if photo.upload_key is not None:
                found = existing(connection)
                if found is not None:
                    return found, False
            replaced = [p.photo_id for p in site.photos if p.role == photo.role]
            if photo.role not in SINGLE_PHOTO_ROLES:
                replaced = []
            if len(site.photos) - len(replaced) >= self.max_photos_per_site:
                raise LimitReached(
                    "photo_limit_reached",
                    f"A site has at most {self.max_photos_per_site} photos; "
                    "delete one to add another.",
                )
            if replaced:
                connection.execute(site_photos.delete().where(site_photos.c.photo_id.in_(replaced)))
            photo_id = secrets.token_urlsafe(18)
            connection.execute(
                site_photos.insert().values(
                    photo_id=photo_id,
                    site_id=site_id,
                    role=photo.role,
                    alt=photo.alt,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    data=photo.data,
                    thumb=photo.thumb,
                    thumb_width=photo.thumb_width,
                    thumb_height=photo.thumb_height,
                    upload_key=photo.upload_key,
                    created_at=self._clock(),
                )
            )
            self._bump(connection, user_id, site_id, {})
            stored = connection.execute(
                sa.select(*PHOTO_COLUMNS).where(site_photos.c.photo_id == photo_id)
            ).one()
            return photo_of(stored), True

        try:
            return await self._write(work)
        except sa_exc.IntegrityError:
            # The same upload, retried while its first try was being stored: that one won.
            found = await self._read(existing)
            if found is None:
                raise
            return found, False

    async def delete_photo(self, user_id: str, site_id: str, photo_id: str) -> Site:
        if not storable(site_id):
            raise SiteNotFound()
        if not storable(photo_id):
            raise PhotoNotFound()

        def work(connection: sa.Connection) -> Site:
            self._owned(connection, user_id, site_id)
            deleted = connection.execute(
                site_photos.delete().where(
                    (site_photos.c.photo_id == photo_id) & (site_photos.c.site_id == site_id)
                )
            )
            if deleted.rowcount == 0:
                raise PhotoNotFound()
            self._bump(connection, user_id, site_id, {})
            return self._owned(connection, user_id, site_id)

        return await self._write(work)

    async def photo_bytes(
        self, photo_id: str, *, thumb: bool = False, slug: str | None = None
    ) -> tuple[bytes, str] | None:
        """A photo's bytes and type; with `slug`, only if it belongs to that published site."""
        if not storable(photo_id, slug):
            return None
        column = site_photos.c.thumb if thumb else site_photos.c.data
        statement = sa.select(column, site_photos.c.content_type).where(
            site_photos.c.photo_id == photo_id
        )
        if slug is not None:
            statement = statement.join(sites, sites.c.site_id == site_photos.c.site_id).where(
                (sites.c.slug == slug) & sites.c.published
            )
        row = await self._read(lambda c: c.execute(statement).one_or_none())
        return (bytes(row[0]), row[1]) if row is not None else None

    # -- addresses ---------------------------------------------------------------------

    async def check_slug(self, user_id: str, slug: str, site_id: str | None = None) -> SlugCheck:
        """Whether `slug` is free for the owner's site (or any site), and free alternatives."""
        if not storable(site_id):
            raise SiteNotFound()

        def work(connection: sa.Connection) -> SlugCheck:
            site = None
            if site_id is not None:
                site = self._load(
                    connection, (sites.c.site_id == site_id) & (sites.c.user_id == user_id)
                )
            problem = slug_problem(slug)
            if problem is None and not taken(connection, [slug], site_id):
                return SlugCheck(slug=slug, available=True)
            if problem is None:
                problem = "That address is already taken."
            return SlugCheck(
                slug=slug,
                available=False,
                reason=problem,
                suggestions=[s for s in suggest(connection, site, slug) if s != slug],
            )

        return await self._read(work)

    async def publish(self, user_id: str, site_id: str, slug: str | None) -> Site:
        """Publish at `slug` (or the site's address, or the best free one); SlugTaken when
        another site holds it."""
        if not storable(site_id):
            raise SiteNotFound()

        def work(connection: sa.Connection) -> Site:
            site = self._owned(connection, user_id, site_id)
            chosen = slug or site.slug
            if chosen is None:
                chosen = suggest(connection, site, "")[0]
            if chosen != site.slug:
                if taken(connection, [chosen], site_id):
                    raise SlugTaken(chosen, suggest(connection, site, chosen))
                connection.execute(retired_slugs.delete().where(retired_slugs.c.slug == chosen))
                if site.slug is not None:
                    retire(connection, site.slug, self._clock())
            values: dict[str, Any] = {"slug": chosen, "published": True}
            if not site.published:
                values["published_at"] = self._clock()
            self._bump(connection, user_id, site_id, values)
            return self._owned(connection, user_id, site_id)

        try:
            return await self._write(work)
        except sa_exc.IntegrityError as exc:
            # Another owner published this slug between our check and our write.
            site = await self.get(user_id, site_id)
            wanted = slug or ""
            suggestions = await self._read(lambda c: suggest(c, site, wanted))
            raise SlugTaken(wanted, suggestions) from exc

    async def unpublish(self, user_id: str, site_id: str) -> Site:
        """Take the site down; its address answers 410 and stays the site's."""
        if not storable(site_id):
            raise SiteNotFound()

        def work(connection: sa.Connection) -> Site:
            self._owned(connection, user_id, site_id)
            self._bump(connection, user_id, site_id, {"published": False})
            return self._owned(connection, user_id, site_id)

        return await self._write(work)

    async def delete(self, user_id: str, site_id: str) -> None:
        """Delete the site and its photos; its address answers 410 until reused."""
        if not storable(site_id):
            raise SiteNotFound()

        def work(connection: sa.Connection) -> None:
            site = self._owned(connection, user_id, site_id)
            connection.execute(site_photos.delete().where(site_photos.c.site_id == site_id))
            connection.execute(sites.delete().where(sites.c.site_id == site_id))
            if site.slug is not None:
                retire(connection, site.slug, self._clock())

        await self._write(work)

    # -- serving published sites -------------------------------------------------------

    async def published_head(self, slug: str) -> PublishedHead | None:
        """The state of an address: a published or taken-down site, a retired slug, or
        None when it was never used."""
        if not storable(slug):
            return None

        return await self._read(lambda c: address_state(c, slug))

    async def published_site(self, slug: str) -> Site | None:
        """The published site at `slug`, or None."""
        if not storable(slug):
            return None
        return await self._read(lambda c: self._load(c, (sites.c.slug == slug) & sites.c.published))

    async def unpublish_any(self, site_id: str) -> Site | None:
        """Take any owner's site down (for operators)."""
        site = await self.find(site_id)
        if site is None:
            return None
        return await self.unpublish(site.user_id, site.site_id)
