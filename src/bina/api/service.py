"""The work behind the generate routes: start a job, present it, wait for it to change.

Routes stay a few lines each; everything that talks to the job store for them lives here.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import json
from collections.abc import Awaitable
from datetime import timedelta
from typing import Any, TypeVar

from starlette.requests import Request

from bina import log_context
from bina.api import site_jobs
from bina.api.callbacks import checked_callback_url
from bina.api.errors import ApiError
from bina.api.identity import Caller, is_capability_owner
from bina.api.job_tokens import JobPass, JobTokens
from bina.api.schemas import GenerateRequest, JobStatusResponse, StartResponse, StyleOut
from bina.config import Settings
from bina.generator import GenerationError, check_description
from bina.jobs import Job, JobHead, JobNotFound, JobStore, NewJob, QuotaRule
from bina.jobs.raw_reads import JobText

T = TypeVar("T")
#: Suggested seconds between two polls, sent as `Retry-After` with a 202.
POLL_AFTER_SECONDS = 2
#: An identical start without an Idempotency-Key (a re-tap after a dropped connection) joins
#: the job while it is queued or running, and for this long after it completed.
JOIN_WINDOW = timedelta(seconds=60)


def quota_rule(settings: Settings, caller: Caller) -> QuotaRule:
    # A limit of 0 means unlimited: the store then counts usage but never refuses.
    return QuotaRule(subject=caller.quota_subject, limit=settings.daily_limit)


async def start_job(
    store: JobStore,
    settings: Settings,
    caller: Caller,
    body: GenerateRequest,
    idempotency_key: str | None,
) -> tuple[Job, bool]:
    """Commit a queued job (quota and idempotency checked in the same transaction).

    Without an Idempotency-Key, an identical start of the same caller joins the job in
    flight (see JOIN_WINDOW): old clients re-tap after a dropped connection, and each re-tap
    would otherwise be another job and another charge.
    """
    refuse_unusable_description(body)
    callback_url = checked_callback_url(body.callback_url, settings)
    owner = caller.owner_of_new_job(body.user_id)
    payload = site_jobs.generation_payload(body.text, body.language)
    # A start that wants its end reported elsewhere is not the same request.
    joined = payload if callback_url is None else {**payload, "callback_url": callback_url}
    new = NewJob(
        payload=payload,
        user_id=owner,
        idempotency_key=idempotency_key or join_key(owner, caller.quota_subject, joined),
        max_attempts=settings.max_attempts,
        join_window=None if idempotency_key else JOIN_WINDOW,
        # Set by the request-id middleware for this request: the job's log lines carry it.
        request_id=log_context.request_id.get(),
        callback_url=callback_url,
    )
    return await store.create_job(new, quota_rule(settings, caller))


def refuse_unusable_description(body: GenerateRequest) -> None:
    """422 `description_rejected` for a text the generator would always refuse ("ab", digits
    only, emoji only, invisible characters only), before any job exists or anything is charged:
    the generator's own rule, in the language the site was asked in."""
    try:
        check_description(body.text, body.language)
    except GenerationError as exc:
        issue = {"loc": ["body", "description"], "msg": exc.message, "type": exc.code}
        raise ApiError(
            422, "description_rejected", exc.message, extra={"reason": exc.code, "details": [issue]}
        ) from exc


def join_key(owner: str, quota_subject: str, payload: dict[str, Any]) -> str:
    """The key identical starts share: the same owner, from the same place, the same request.

    The quota subject is part of it so that capability jobs (all owned by "public:…") of two
    people who typed the same words never join each other's job.
    """
    text = json.dumps([owner, quota_subject, payload], sort_keys=True, ensure_ascii=False)
    return "join:" + hashlib.sha256(text.encode()).hexdigest()[:40]


async def followed_job(
    store: JobStore, job_id: str, caller: Caller, job_pass: JobPass | None = None
) -> Job:
    """The job if the caller may follow it: their own, a capability job (its id is the
    secret), or the one job a valid `?token=` was issued for. JobNotFound alike for missing
    and foreign jobs, so neither is revealed."""
    job = await store.get_job(job_id)
    if job is None or not _may_follow(caller, job_pass, job_id, job.user_id):
        raise JobNotFound()
    return job


async def followed_job_text(
    store: JobStore, job_id: str, caller: Caller, job_pass: JobPass | None = None
) -> JobText:
    """`followed_job`'s answer with the job's outputs as stored, JSON undecoded (status_body.py)."""
    job = await store.get_job_text(job_id)
    if job is None or not _may_follow(caller, job_pass, job_id, job.user_id):
        raise JobNotFound()
    return job


async def followed_head(
    store: JobStore, job_id: str, caller: Caller, job_pass: JobPass | None = None
) -> JobHead:
    """`followed_job`'s answer without the job's data: who owns it, its status and version."""
    head = await store.get_job_head(job_id)
    if head is None or not _may_follow(caller, job_pass, job_id, head.user_id):
        raise JobNotFound()
    return head


def _may_follow(caller: Caller, job_pass: JobPass | None, job_id: str, owner: str | None) -> bool:
    return caller.may_follow(owner) or (job_pass is not None and job_pass.opens(job_id, owner))


async def cancel_followed_job(store: JobStore, job_id: str, caller: Caller) -> Job:
    job = await followed_job(store, job_id, caller)
    return await store.cancel(job_id, job.user_id)


def job_urls(request: Request, job_id: str, token: str | None = None) -> tuple[str, str]:
    """Relative status and stream URLs (relative: right behind any proxy or path prefix),
    with the job's `?token=` when it has one."""
    root = request.scope.get("root_path", "").rstrip("/")
    query = f"?token={token}" if token else ""
    return (
        f"{root}{request.app.url_path_for('job_status', job_id=job_id)}{query}",
        f"{root}{request.app.url_path_for('job_stream', job_id=job_id)}{query}",
    )


def start_response(request: Request, job: Job, tokens: JobTokens) -> StartResponse:
    """The 202 body. A job with an owner gets a token in its URLs, so that a page on another
    origin (or an EventSource, which cannot send Authorization) can follow it; a capability
    job needs none: its id is the secret."""
    owner = job.user_id
    token = None
    if owner is not None and not is_capability_owner(owner):
        token = tokens.issue(job.job_id, owner, job.created_at)
    status_url, stream_url = job_urls(request, job.job_id, token)
    return StartResponse(
        job_id=job.job_id, status=job.status.value, status_url=status_url, stream_url=stream_url
    )


def start_headers(response: StartResponse, replayed: bool) -> dict[str, str]:
    headers = {"Location": response.status_url, "Retry-After": str(POLL_AFTER_SECONDS)}
    if replayed:
        headers["Idempotent-Replayed"] = "true"
    return headers


def styles_of(job: Job) -> list[StyleOut]:
    return [StyleOut.model_validate(style) for style in site_jobs.styles_of(job)]


def status_response(job: Job) -> JobStatusResponse:
    completed = job.status.value == "completed"
    return JobStatusResponse(
        job_id=job.job_id,
        status=job.status.value,
        progress=100 if completed else max(0, min(job.progress, 100)),
        stage=job.stage,
        message=job.message,
        html=site_jobs.html_of(job),
        styles=styles_of(job),
        error=job.error if job.status.value == "failed" else None,
        business_type=site_jobs.business_type_of(job),
        created_at=job.created_at,
        updated_at=job.updated_at,
    )


# --- ETags ------------------------------------------------------------------------------------


def etag(job: Job | JobHead | JobText) -> str:
    # Weak: the bytes differ with and without gzip; the job's state is what is compared.
    return f'W/"{job.job_id[:8]}-{job.version}"'


def etag_matches(if_none_match: str | None, job: Job | JobHead | JobText) -> bool:
    if not if_none_match:
        return False
    current = etag(job).removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == current:
            return True
    return False


# --- waiting ----------------------------------------------------------------------------------


async def wait_for_change(store: JobStore, job: Job, timeout: float) -> Job:
    """The job once it changes past `job` (or finishes), or as it is after `timeout`."""
    if job.is_finished or timeout <= 0:
        return job
    changed = await store.wait_for_change(job.job_id, job.version, timeout)
    return changed if changed is not None else job


async def wait_for_text_change(store: JobStore, job: JobText, timeout: float) -> JobText:
    """`wait_for_change` for a job read as text."""
    if job.is_finished or timeout <= 0:
        return job
    head = await store.wait_for_version(job.job_id, job.version, timeout)
    if head is None or head.version == job.version:
        return job  # gone, or the same version: the same content
    changed = await store.get_job_text(job.job_id)
    return changed if changed is not None else job


async def wait_for_new_version(store: JobStore, head: JobHead, timeout: float) -> JobHead:
    """The job's head once its version passes `head`'s (or it finishes), else `head`."""
    newer = await store.wait_for_version(head.job_id, head.version, timeout)
    return newer if newer is not None else head


async def wait_until_finished(store: JobStore, job: Job, timeout: float) -> Job:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not job.is_finished:
        remaining = deadline - loop.time()
        if remaining <= 0:
            break
        job = await wait_for_change(store, job, remaining)
    return job


async def _disconnected(request: Request) -> None:
    while True:
        message = await request.receive()
        if message["type"] == "http.disconnect":
            return


async def unless_disconnected(request: Request, work: Awaitable[T], fallback: T) -> T:
    """Run `work`, but give up (returning `fallback`) as soon as the client goes away.

    A phone that locks its screen during a 30-second long poll frees its waiter at once.
    """
    work_task: asyncio.Task[T] = asyncio.ensure_future(work)
    watch_task = asyncio.ensure_future(_disconnected(request))
    try:
        await asyncio.wait({work_task, watch_task}, return_when=asyncio.FIRST_COMPLETED)
        if work_task.done():
            return work_task.result()
        return fallback
    finally:
        for task in (work_task, watch_task):
            if not task.done():
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task


def usage_body(used: int, limit: int, remaining: int, reset_at: Any) -> dict[str, Any]:
    return {
        "limit": limit,
        "used": used,
        "remaining": None if limit <= 0 else remaining,
        "reset_at": reset_at,
    }
