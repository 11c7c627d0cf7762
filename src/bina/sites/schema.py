"""The site tables, as SQLAlchemy Core metadata (SQLite and PostgreSQL alike).

Sites live apart from `generation_jobs`: purging old jobs never touches them. A site keeps
the facts it is rendered from (the profile, as JSON), never its HTML, so an edit is a row
update and a re-render. Photos are rows too (their bytes in the database), so every
instance of the service can serve every photo without shared disks.
"""

from __future__ import annotations

import sqlalchemy as sa

from bina.sql_types import JsonColumn, UtcDateTime, metadata

sites = sa.Table(
    "sites",
    metadata,
    sa.Column("site_id", sa.Text, primary_key=True),
    sa.Column("user_id", sa.Text, nullable=False),
    # The job it was made from; jobs are purged, so this is a note, not a foreign key.
    sa.Column("job_id", sa.Text),
    sa.Column("style", sa.Text, nullable=False),
    sa.Column("palette", sa.Text),
    sa.Column("language", sa.Text, nullable=False),
    sa.Column("profile", JsonColumn, nullable=False),
    sa.Column("copy", JsonColumn),
    # Bumped by every change: the site's strong ETag.
    sa.Column("version", sa.Integer, nullable=False),
    # Set on first publish and kept while the site exists, published or not.
    sa.Column("slug", sa.Text),
    sa.Column("published", sa.Boolean, nullable=False),
    sa.Column("published_at", UtcDateTime),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Column("updated_at", UtcDateTime, nullable=False),
    sa.Index("ix_sites_slug", "slug", unique=True),
    sa.Index("ix_sites_user", "user_id", "created_at"),
)

site_photos = sa.Table(
    "site_photos",
    metadata,
    # Unguessable: a photo's URL works without credentials (the sandboxed preview loads it).
    sa.Column("photo_id", sa.Text, primary_key=True),
    sa.Column(
        "site_id",
        sa.Text,
        sa.ForeignKey("sites.site_id", ondelete="CASCADE"),
        nullable=False,
    ),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("alt", sa.Text),
    sa.Column("content_type", sa.Text, nullable=False),
    sa.Column("width", sa.Integer, nullable=False),
    sa.Column("height", sa.Integer, nullable=False),
    sa.Column("data", sa.LargeBinary, nullable=False),
    sa.Column("thumb", sa.LargeBinary, nullable=False),
    sa.Column("thumb_width", sa.Integer, nullable=False),
    sa.Column("thumb_height", sa.Integer, nullable=False),
    # The client's Idempotency-Key: a retried upload finds the photo its first try stored.
    sa.Column("upload_key", sa.Text),
    sa.Column("created_at", UtcDateTime, nullable=False),
    sa.Index("ix_site_photos_site", "site_id", "created_at"),
    sa.Index("ix_site_photos_upload", "site_id", "upload_key", unique=True),
)

# Slugs of deleted (or renamed) sites: their address answers 410 Gone, not 404, until
# another site publishes under it.
retired_slugs = sa.Table(
    "retired_slugs",
    metadata,
    sa.Column("slug", sa.Text, primary_key=True),
    sa.Column("retired_at", UtcDateTime, nullable=False),
)
