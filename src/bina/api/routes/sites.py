"""Sites: make one from a design, list, read, edit (If-Match), photos, publish, take down."""

from __future__ import annotations

from typing import Annotated, Any

import anyio
from fastapi import APIRouter, File, Form, Header, Query, Response, UploadFile
from fastapi.responses import JSONResponse

from bina.api import service
from bina.api.deps import IdempotencyKeyHeader, SiteAccessDep, StoreDep
from bina.api.docs import OPTIONAL_AUTH, described
from bina.api.errors import ApiError
from bina.api.site_schemas import (
    CreateSiteRequest,
    PhotoOut,
    PublishRequest,
    SiteListOut,
    SiteOut,
    SitePatch,
    SlugCheckOut,
)
from bina.api.sites_service import (
    draft_from_job,
    photo_out,
    required_version,
    summary_out,
)
from bina.sites import NewPhoto, PhotoRole, VersionMismatch, edit_site
from bina.sites.photos import MAX_PHOTO_BYTES, PhotoRejected, process_photo
from bina.sites.slugs import slug_problem

router = APIRouter(prefix="/api/sites", tags=["sites"])

# Decoding a 48-megapixel photo takes a few hundred MB for a moment: two at a time.
_PHOTO_WORK = anyio.CapacityLimiter(2)

_NOT_FOUND = "No such site for this caller (another caller's site looks the same)."
_SITE_HEADERS = {
    "ETag": {"description": 'The site\'s version, quoted: "7".', "schema": {"type": "string"}}
}


# What any sites route may answer, besides its own outcomes.
_COMMON_ERRORS = {
    "e400": "The body is not valid JSON (`invalid_json`).",
    "e401": "The Bearer token is invalid or expired (`invalid_token`, `token_expired`).",
    "e404": _NOT_FOUND,
    "e413": "The body is too large (`payload_too_large`).",
    "e415": "The body is not sent as JSON (`unsupported_media_type`).",
    "e422": "The request is not valid (`validation_error`).",
    "e503": "The database is unreachable (`database_unavailable`); see `Retry-After`.",
}


def _documented(**specific: str) -> dict[int | str, dict[str, Any]]:
    return described(**{**_COMMON_ERRORS, **specific})


@router.post(
    "",
    status_code=201,
    response_model=SiteOut,
    summary="Make a site from one design of a completed job",
    responses={
        200: {"model": SiteOut, "description": "This design already is a site of yours."},
        **_documented(
            e401="No cookie and no token (`credentials_required`).",
            e404="No such job for this caller.",
            e409="The job is not completed (`job_not_completed`), or you have the most sites "
            "one owner may keep (`site_limit_reached`).",
            e503="The database is unreachable.",
        ),
    },
    openapi_extra=OPTIONAL_AUTH,
)
async def create_site(
    body: CreateSiteRequest, access: SiteAccessDep, store: StoreDep
) -> JSONResponse:
    owner = access.owner()
    job = await service.followed_job(store, body.job_id, access.caller)
    site, created = await access.sites.create(owner, draft_from_job(job, body.style))
    return access.answer(site, 201 if created else 200)


@router.get(
    "",
    response_model=SiteListOut,
    summary="Your sites, newest first",
    responses=_documented(e422="A bad `limit` or `cursor`.", e503="The database is unreachable."),
    openapi_extra=OPTIONAL_AUTH,
)
async def list_sites(
    access: SiteAccessDep,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> SiteListOut:
    try:
        page = await access.sites.list_for_user(access.user_id, limit, cursor)
    except ValueError:
        raise ApiError(422, "validation_error", "cursor: not a cursor this server gave") from None
    items = [summary_out(access.addresses, item) for item in page.items]
    return SiteListOut(items=items, next_cursor=page.next_cursor)


@router.get(
    "/slugs/{slug}",
    response_model=SlugCheckOut,
    summary="Is this address free? (ask as the owner types)",
    responses=_documented(e503="The database is unreachable."),
    openapi_extra=OPTIONAL_AUTH,
)
async def check_slug(
    slug: str,
    access: SiteAccessDep,
    site_id: Annotated[str | None, Query(max_length=100, description="the site it is for")] = None,
) -> SlugCheckOut:
    check = await access.sites.check_slug(access.user_id, slug[:100], site_id)
    return SlugCheckOut(
        slug=check.slug,
        available=check.available,
        reason=check.reason,
        suggestions=check.suggestions,
    )


@router.get(
    "/{site_id}",
    response_model=SiteOut,
    summary="One of your sites, with its preview page",
    responses={
        200: {"headers": _SITE_HEADERS},
        **_documented(e404=_NOT_FOUND, e503="The database is unreachable."),
    },
    openapi_extra=OPTIONAL_AUTH,
)
async def get_site(site_id: str, access: SiteAccessDep) -> JSONResponse:
    return access.answer(await access.sites.get(access.user_id, site_id))


@router.patch(
    "/{site_id}",
    response_model=SiteOut,
    summary="Correct the facts, or change the design, colours or language (If-Match required)",
    responses={
        200: {"headers": _SITE_HEADERS},
        **_documented(
            e404=_NOT_FOUND,
            e412="The site changed since that version (`version_mismatch`; "
            "`current_version` says which is current).",
            e422="The edit is not valid (`invalid_edit`; `field` names the field).",
            e428="No If-Match header (`precondition_required`).",
            e503="The database is unreachable.",
        ),
    },
    openapi_extra=OPTIONAL_AUTH,
)
async def edit(
    site_id: str,
    patch: SitePatch,
    access: SiteAccessDep,
    if_match: Annotated[
        str | None, Header(alias="If-Match", description='The site\'s ETag: "7".')
    ] = None,
) -> JSONResponse:
    expected = required_version(if_match)
    site = await access.sites.get(access.user_id, site_id)
    if site.version != expected:
        raise VersionMismatch(site.version)
    changes = edit_site(site, patch.model_dump(exclude_unset=True))
    return access.changed(await access.sites.update(access.user_id, site_id, expected, changes))


@router.post(
    "/{site_id}/photos",
    status_code=201,
    response_model=PhotoOut,
    summary="Add a photo (logo, hero or gallery): JPEG, PNG, WebP or HEIC up to 15 MB",
    responses={
        200: {"model": PhotoOut, "description": "A retried upload (same Idempotency-Key)."},
        **_documented(
            e404=_NOT_FOUND,
            e409="The site has the most photos it may have (`photo_limit_reached`).",
            e413="The photo is over 15 MB (`photo_too_large`).",
            e422="Not an image (`not_an_image`), another format (`unsupported_format`) or "
            "too many pixels (`image_too_large_pixels`).",
            e503="The database is unreachable.",
        ),
    },
    openapi_extra=OPTIONAL_AUTH,
)
async def add_photo(
    site_id: str,
    access: SiteAccessDep,
    file: Annotated[UploadFile, File(description="the photo")],
    role: Annotated[PhotoRole, Form(description="logo, hero or gallery")] = "gallery",
    alt: Annotated[str | None, Form(max_length=200, description="what the photo shows")] = None,
    idempotency_key: IdempotencyKeyHeader = None,
) -> JSONResponse:
    site = await access.sites.get(access.user_id, site_id)  # 404 before the work of decoding
    data = await file.read(MAX_PHOTO_BYTES + 1)
    if len(data) > MAX_PHOTO_BYTES:
        raise ApiError(413, "photo_too_large", "A photo may be at most 15 MB.")
    try:
        processed = await anyio.to_thread.run_sync(process_photo, data, limiter=_PHOTO_WORK)
    except PhotoRejected as exc:
        raise ApiError(
            413 if exc.code == "photo_too_large" else 422, exc.code, exc.message
        ) from exc
    new = NewPhoto(
        role=role,
        alt=alt.strip() or None if alt else None,
        content_type=processed.content_type,
        width=processed.width,
        height=processed.height,
        data=processed.data,
        thumb=processed.thumb,
        thumb_width=processed.thumb_width,
        thumb_height=processed.thumb_height,
        upload_key=idempotency_key,
    )
    photo, created = await access.sites.add_photo(access.user_id, site_id, new)
    access.published.forget(site.slug)
    body = photo_out(access.addresses, photo)
    return JSONResponse(body.model_dump(mode="json"), status_code=201 if created else 200)


@router.delete(
    "/{site_id}/photos/{photo_id}",
    response_model=SiteOut,
    summary="Remove a photo",
    responses=_documented(e404=_NOT_FOUND, e503="The database is unreachable."),
    openapi_extra=OPTIONAL_AUTH,
)
async def delete_photo(site_id: str, photo_id: str, access: SiteAccessDep) -> JSONResponse:
    return access.changed(await access.sites.delete_photo(access.user_id, site_id, photo_id))


@router.post(
    "/{site_id}/publish",
    response_model=SiteOut,
    summary="Publish at /s/{slug}",
    responses=_documented(
        e404=_NOT_FOUND,
        e409="Another site has that address (`slug_taken`, with free `suggestions`).",
        e422="Not a usable address (`invalid_slug`).",
        e503="The database is unreachable.",
    ),
    openapi_extra=OPTIONAL_AUTH,
)
async def publish(
    site_id: str, access: SiteAccessDep, body: PublishRequest | None = None
) -> JSONResponse:
    slug = body.slug.strip().lower() if body and body.slug else None
    if slug is not None:
        problem = slug_problem(slug)
        if problem is not None:
            raise ApiError(422, "invalid_slug", problem, extra={"field": "slug"})
    before = await access.sites.get(access.user_id, site_id)
    site = await access.sites.publish(access.user_id, site_id, slug)
    return access.changed(site, before.slug)


@router.post(
    "/{site_id}/unpublish",
    response_model=SiteOut,
    summary="Take the site down (its address then answers 410 Gone)",
    responses=_documented(e404=_NOT_FOUND, e503="The database is unreachable."),
    openapi_extra=OPTIONAL_AUTH,
)
async def unpublish(site_id: str, access: SiteAccessDep) -> JSONResponse:
    return access.changed(await access.sites.unpublish(access.user_id, site_id))


@router.delete(
    "/{site_id}",
    status_code=204,
    summary="Delete the site and its photos (its address then answers 410 Gone)",
    responses=_documented(e404=_NOT_FOUND, e503="The database is unreachable."),
    openapi_extra=OPTIONAL_AUTH,
)
async def delete_site(site_id: str, access: SiteAccessDep) -> Response:
    site = await access.sites.get(access.user_id, site_id)
    await access.sites.delete(access.user_id, site_id)
    access.published.forget(site.slug)
    return Response(status_code=204)
