"""`SiteStore` on a real SQLite file and on PostgreSQL: races are settled by the database."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator

import pytest
from typer.testing import CliRunner

from bina.cli import app
from bina.config import get_settings
from bina.generator import analyze
from bina.jobs.connect import open_database
from bina.sites import (
    NewPhoto,
    PhotoNotFound,
    SiteChanges,
    SiteDraft,
    SiteNotFound,
    SiteStore,
    SlugTaken,
    VersionMismatch,
)

DESCRIPTION = "Kedai Kek Puan Salmah di Shah Alam, kek coklat RM45, WhatsApp 012-345 6789"


@pytest.fixture
async def sites(database_url: str) -> AsyncIterator[SiteStore]:
    database = open_database(database_url, pool_size=4)
    try:
        yield SiteStore(database)
    finally:
        await database.close()


def draft(job_id: str | None = None, style: str = "modern") -> SiteDraft:
    return SiteDraft(
        job_id=job_id, style=style, palette=None, profile=analyze(DESCRIPTION, "ms"), copy=None
    )


def photo(key: str | None = None, role: str = "gallery") -> NewPhoto:
    return NewPhoto(
        role=role,  # type: ignore[arg-type]
        alt=None,
        content_type="image/webp",
        width=10,
        height=10,
        data=b"RIFF....WEBP",
        thumb=b"RIFF....WEBP",
        thumb_width=5,
        thumb_height=5,
        upload_key=key,
    )


async def test_two_edits_against_one_version_one_wins(sites: SiteStore) -> None:
    site, created = await sites.create("owner", draft("job-1"))
    assert created and site.version == 1
    renamed = site.profile.model_copy(update={"name": "Kek Salmah"})
    retitled = site.profile.model_copy(update={"tagline": "Kek rumah"})
    outcomes = await asyncio.gather(
        sites.update("owner", site.site_id, 1, SiteChanges(profile=renamed)),
        sites.update("owner", site.site_id, 1, SiteChanges(profile=retitled)),
        return_exceptions=True,
    )
    won = [o for o in outcomes if not isinstance(o, BaseException)]
    lost = [o for o in outcomes if isinstance(o, VersionMismatch)]
    assert len(won) == 1 and len(lost) == 1, outcomes
    assert lost[0].current_version == 2
    with pytest.raises(SiteNotFound):
        await sites.update("stranger", site.site_id, 2, SiteChanges(profile=renamed))
    # The same design of the same job again is the same site.
    again, created = await sites.create("owner", draft("job-1"))
    assert not created and again.site_id == site.site_id


async def test_one_slug_two_owners_at_once(sites: SiteStore) -> None:
    first, _ = await sites.create("owner-a", draft())
    second, _ = await sites.create("owner-b", draft())
    outcomes = await asyncio.gather(
        sites.publish("owner-a", first.site_id, "kedai-kek"),
        sites.publish("owner-b", second.site_id, "kedai-kek"),
        return_exceptions=True,
    )
    taken = [o for o in outcomes if isinstance(o, SlugTaken)]
    assert len(taken) == 1, outcomes
    assert len(taken[0].suggestions) >= 3 and "kedai-kek" not in taken[0].suggestions


async def test_retried_uploads_store_one_photo(sites: SiteStore) -> None:
    site, _ = await sites.create("owner", draft())
    outcomes = await asyncio.gather(
        *(sites.add_photo("owner", site.site_id, photo("k1")) for _ in range(4))
    )
    assert len({stored.photo_id for stored, _ in outcomes}) == 1
    assert sum(created for _, created in outcomes) == 1
    logo, _ = await sites.add_photo("owner", site.site_id, photo(role="logo"))
    newer, _ = await sites.add_photo("owner", site.site_id, photo(role="logo"))
    roles = [p.role for p in (await sites.get("owner", site.site_id)).photos]
    assert roles.count("logo") == 1 and logo.photo_id != newer.photo_id
    assert await sites.photo_bytes(logo.photo_id) is None
    assert await sites.photo_bytes(newer.photo_id) == (b"RIFF....WEBP", "image/webp")


@pytest.mark.parametrize("hostile", ["\x00", "kedai\x00kek", "\ud800"])
async def test_keys_no_row_can_hold_are_simply_not_found(sites: SiteStore, hostile: str) -> None:
    """A site id, slug or photo name with NUL or a lone surrogate (from a request's path)
    names nothing; PostgreSQL would refuse the text itself, which must not become a 500."""
    site, _ = await sites.create("owner", draft())
    for call in (
        sites.get("owner", hostile),
        sites.update("owner", hostile, 1, SiteChanges(style="bold")),
        sites.add_photo("owner", hostile, photo()),
        sites.delete_photo("owner", hostile, "x"),
        sites.check_slug("owner", "kedai-kek", hostile),
        sites.publish("owner", hostile, None),
        sites.unpublish("owner", hostile),
        sites.delete("owner", hostile),
    ):
        with pytest.raises(SiteNotFound):
            await call
    with pytest.raises(PhotoNotFound):
        await sites.delete_photo("owner", site.site_id, hostile)
    assert await sites.find(hostile) is None
    assert await sites.photo_bytes(hostile) is None
    assert await sites.photo_bytes("x" * 24, slug=hostile) is None
    assert await sites.published_head(hostile) is None
    assert await sites.published_site(hostile) is None
    assert await sites.unpublish_any(hostile) is None
    assert (await sites.get("owner", site.site_id)).version == site.version  # nothing touched


async def test_an_address_is_published_gone_or_never_used(sites: SiteStore) -> None:
    site, _ = await sites.create("owner", draft())
    assert await sites.published_head("kedai-kek-puan-salmah") is None
    published = await sites.publish("owner", site.site_id, None)
    assert published.slug == "kedai-kek-puan-salmah"  # from the name
    head = await sites.published_head("kedai-kek-puan-salmah")
    assert head is not None and head.published and head.version == published.version
    await sites.unpublish("owner", site.site_id)
    head = await sites.published_head("kedai-kek-puan-salmah")
    assert head is not None and not head.published
    await sites.delete("owner", site.site_id)
    head = await sites.published_head("kedai-kek-puan-salmah")
    assert head is not None and head.site_id is None and not head.published
    # Another site may take the retired address.
    other, _ = await sites.create("owner-2", draft())
    await sites.publish("owner-2", other.site_id, "kedai-kek-puan-salmah")
    head = await sites.published_head("kedai-kek-puan-salmah")
    assert head is not None and head.site_id == other.site_id and head.published


def test_operators_list_show_and_take_down_sites(
    database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def prepare() -> str:
        database = open_database(database_url, pool_size=1)
        try:
            store = SiteStore(database)
            site, _ = await store.create("owner", draft())
            await store.publish("owner", site.site_id, "kedai-untuk-cli")
            return site.site_id
        finally:
            await database.close()

    site_id = asyncio.run(prepare())
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    runner = CliRunner()
    try:
        listed = runner.invoke(app, ["sites", "list", "--json"])
        assert listed.exit_code == 0, listed.output
        assert [item["slug"] for item in json.loads(listed.output)] == ["kedai-untuk-cli"]
        shown = runner.invoke(app, ["sites", "show", "kedai-untuk-cli", "--json"])
        assert json.loads(shown.output)["site_id"] == site_id
        down = runner.invoke(app, ["sites", "unpublish", "kedai-untuk-cli"])
        assert down.exit_code == 0 and "unpublished" in down.output
        unpublished = runner.invoke(app, ["sites", "list", "--unpublished", "--json"])
        assert [item["site_id"] for item in json.loads(unpublished.output)] == [site_id]
        missing = runner.invoke(app, ["sites", "show", "no-such-site"])
        assert missing.exit_code == 5
    finally:
        get_settings.cache_clear()
