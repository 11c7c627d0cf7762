"""Sites: the owner's facts, photos and published address, kept apart from jobs.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _timestamp() -> sa.types.TypeEngine[object]:
    return sa.DateTime(timezone=True)


def _json() -> sa.types.TypeEngine[object]:
    return sa.JSON().with_variant(postgresql.JSONB(), "postgresql")


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("site_id", sa.Text, primary_key=True),
        sa.Column("user_id", sa.Text, nullable=False),
        sa.Column("job_id", sa.Text),
        sa.Column("style", sa.Text, nullable=False),
        sa.Column("palette", sa.Text),
        sa.Column("language", sa.Text, nullable=False),
        sa.Column("profile", _json(), nullable=False),
        sa.Column("copy", _json()),
        sa.Column("version", sa.Integer, nullable=False),
        sa.Column("slug", sa.Text),
        sa.Column("published", sa.Boolean, nullable=False),
        sa.Column("published_at", _timestamp()),
        sa.Column("created_at", _timestamp(), nullable=False),
        sa.Column("updated_at", _timestamp(), nullable=False),
    )
    op.create_index("ix_sites_slug", "sites", ["slug"], unique=True)
    op.create_index("ix_sites_user", "sites", ["user_id", "created_at"])
    op.create_table(
        "site_photos",
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
        sa.Column("upload_key", sa.Text),
        sa.Column("created_at", _timestamp(), nullable=False),
    )
    op.create_index("ix_site_photos_site", "site_photos", ["site_id", "created_at"])
    op.create_index("ix_site_photos_upload", "site_photos", ["site_id", "upload_key"], unique=True)
    op.create_table(
        "retired_slugs",
        sa.Column("slug", sa.Text, primary_key=True),
        sa.Column("retired_at", _timestamp(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("retired_slugs")
    op.drop_table("site_photos")
    op.drop_table("sites")
