"""The work behind the sites routes: a completed job's design becomes a draft, a site becomes
its JSON, and the addresses a site is reached at are worked out once, here.

Addresses: `BINA_PUBLIC_URL` when set, else the request's scheme and host (as the trusted
proxies report them). A published site lives at `/s/{slug}`, or at
`https://{slug}.{BINA_SITES_DOMAIN}/` when a sites domain is set; its canonical link, preview
card and sitemap all name that one address.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError
from starlette.requests import Request

from bina.api import site_jobs
from bina.api.errors import ApiError
from bina.api.site_schemas import PhotoOut, SiteOut, SiteSummaryOut
from bina.config import Settings
from bina.generator import BusinessProfile, analyze
from bina.generator.copy import SiteCopy
from bina.generator.site_page import PageLinks, palette_keys
from bina.jobs import Job, JobStatus
from bina.sites import Site, SiteDraft, SitePhoto, SiteSummary, render_site


@dataclass(frozen=True, slots=True)
class Addresses:
    """Where things are, as seen from one request."""

    base: str  # https://bina.example.com (no trailing slash)
    sites_domain: str | None

    @classmethod
    def of(cls, request: Request, settings: Settings) -> Addresses:
        base = settings.public_url or str(request.base_url).rstrip("/")
        return cls(base=base, sites_domain=settings.sites_domain)

    def site_root(self, slug: str) -> str:
        """The published site's address, without a trailing slash."""
        if self.sites_domain:
            return f"https://{slug}.{self.sites_domain}"
        return f"{self.base}/s/{slug}"

    def site_url(self, slug: str) -> str:
        return f"{self.site_root(slug)}/" if self.sites_domain else self.site_root(slug)

    def preview_media(self, photo: SitePhoto, thumb: bool = False) -> str:
        suffix = ".thumb" if thumb else ""
        return f"{self.base}/media/{photo.photo_id}{suffix}.{photo.extension}"

    def published_media(self, slug: str, photo: SitePhoto) -> str:
        # Root-relative: the same page works behind /s/{slug} and on its own subdomain
        # (where every path is served as /s/{slug}/…).
        prefix = "" if self.sites_domain else f"/s/{slug}"
        return f"{prefix}/media/{photo.photo_id}.{photo.extension}"

    def page_links(self, slug: str) -> PageLinks:
        root = self.site_root(slug)
        return PageLinks(canonical_url=self.site_url(slug), og_image_url=f"{root}/og.png")


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
