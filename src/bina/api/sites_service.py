"""The work behind the sites routes: a completed job's design becomes a draft, a site becomes
its JSON, an edit's preconditions are checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import ValidationError

from bina.api import site_jobs
from bina.api.addresses import Addresses
from bina.api.errors import ApiError
from bina.api.identity import Caller
from bina.api.published_pages import PublishedPages
from bina.api.site_schemas import PhotoOut, SiteOut, SiteSummaryOut
from bina.generator import BusinessProfile, analyze
from bina.generator.copy import SiteCopy
from bina.generator.site_page import palette_keys
from bina.jobs import Job, JobStatus
from bina.sites import Site, SiteDraft, SitePhoto, SiteStore, SiteSummary, render_site


@dataclass(frozen=True, slots=True)
class SiteAccess:
    """What a sites route works with: who asks, the sites, the published pages, the addresses."""

    caller: Caller
    sites: SiteStore
    published: PublishedPages
    addresses: Addresses

    @property
    def user_id(self) -> str:
        return self.caller.user_id

    def owner(self) -> str:
        """Sites belong to someone who can come back: a signed-in user or a kept cookie."""
        if not self.caller.credentialed:
            raise ApiError(
                401,
                "credentials_required",
                "Sites belong to a signed-in user (Bearer token) or to the browser that keeps "
                "Bina's cookie; send the cookie you were given or a token.",
            )
        return self.caller.user_id

    def answer(self, site: Site, status: int = 200) -> JSONResponse:
        """The site's JSON, its preview rendered now, with its ETag."""
        headers = {"ETag": site_etag(site.version)}
        if status == 201:
            headers["Location"] = f"/api/sites/{site.site_id}"
        body = site_out(self.addresses, site).model_dump(mode="json")
        return JSONResponse(body, status_code=status, headers=headers)

    def changed(self, site: Site, *also: str | None) -> JSONResponse:
        """`answer` for a change: this instance serves the site's address afresh at once."""
        self.published.forget(site.slug)
        for slug in also:
            self.published.forget(slug)
        return self.answer(site)


def draft_from_job(job: Job, style: str) -> SiteDraft:
    """The draft a design of a completed job becomes; 409 while the job is not completed."""
    if job.status != JobStatus.COMPLETED or job.result is None:
        raise ApiError(
            409,
            "job_not_completed",
            "Only a completed generation can become a site; wait for it to finish.",
        )
    profile = _profile(job)
    design = site_jobs.design_of(job, style)
    palette = design.get("palette")
    copy: SiteCopy | None = None
    if isinstance(design.get("copy"), dict):
        try:
            copy = SiteCopy.model_validate(design["copy"])
        except ValidationError:
            copy = None  # written by another version: the design's offline words instead
    return SiteDraft(
        job_id=job.job_id,
        style=style,
        palette=palette if isinstance(palette, str) and palette in palette_keys(profile) else None,
        profile=profile,
        copy=copy,
    )


def _profile(job: Job) -> BusinessProfile:
    stored = site_jobs.profile_of(job)
    if stored is not None:
        try:
            return BusinessProfile.model_validate(stored)
        except ValidationError:
            pass
    # Jobs that kept no profile: analysis is deterministic, so reading the description
    # again gives the facts their designs were made from.
    return analyze(site_jobs.description_of(job), site_jobs.language_of(job))


def photo_out(addresses: Addresses, photo: SitePhoto) -> PhotoOut:
    return PhotoOut(
        photo_id=photo.photo_id,
        role=photo.role,
        url=addresses.preview_media(photo),
        thumb_url=addresses.preview_media(photo, thumb=True),
        width=photo.width,
        height=photo.height,
        alt=photo.alt,
    )


def site_out(addresses: Addresses, site: Site) -> SiteOut:
    """The site's JSON, with its preview rendered now (a few milliseconds)."""
    html = render_site(site, addresses.preview_media)
    return SiteOut(
        site_id=site.site_id,
        job_id=site.job_id,
        slug=site.slug,
        url=addresses.site_url(site.slug) if site.published and site.slug else None,
        published=site.published,
        version=site.version,
        style=site.style,
        palette=site.palette,
        palettes=list(palette_keys(site.profile)),
        language=site.language,
        profile=site.profile,
        photos=[photo_out(addresses, photo) for photo in site.photos],
        html=html,
        created_at=site.created_at,
        updated_at=site.updated_at,
        published_at=site.published_at,
    )


def summary_out(addresses: Addresses, summary: SiteSummary) -> SiteSummaryOut:
    url = addresses.site_url(summary.slug) if summary.published and summary.slug else None
    return SiteSummaryOut(
        site_id=summary.site_id,
        name=summary.name,
        slug=summary.slug,
        url=url,
        published=summary.published,
        version=summary.version,
        style=summary.style,
        created_at=summary.created_at,
        updated_at=summary.updated_at,
    )


def site_etag(version: int) -> str:
    return f'"{version}"'


def required_version(if_match: str | None) -> int:
    """The version an edit was made against, from `If-Match` (strong comparison)."""
    if if_match is None:
        raise ApiError(
            428,
            "precondition_required",
            'Send If-Match with the site\'s ETag (e.g. If-Match: "3") so that an edit made '
            "against an old version cannot overwrite a newer one.",
        )
    text = if_match.strip()
    if text.startswith("W/") or not (text.startswith('"') and text.endswith('"')):
        raise ApiError(412, "version_mismatch", "If-Match must be the site's strong ETag.")
    try:
        return int(text[1:-1])
    except ValueError:
        raise ApiError(412, "version_mismatch", "If-Match must be the site's ETag.") from None


def patch_body(body: Any) -> dict[str, Any]:
    if not isinstance(body, dict):
        raise ApiError(422, "invalid_edit", "An edit is a JSON object.", extra={"field": "body"})
    return body
