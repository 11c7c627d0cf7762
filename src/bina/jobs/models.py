"""The values the job system hands around: jobs, claims, results, quota rules."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELED = "canceled"

    @property
    def is_finished(self) -> bool:
        return self in FINISHED_STATUSES


FINISHED_STATUSES = frozenset({JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.CANCELED})


#: What a job is asked to do, what it has finished so far, what it returns: JSON objects
#: whose meaning belongs to whoever runs the jobs (the job system stores them, never reads them).
Payload = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Job:
    """One row of `generation_jobs`, as the rest of the program sees it."""

    id: str
    job_id: str
    status: JobStatus
    progress: int
    stage: str
    message: str | None
    payload: Payload
    #: The parts finished so far, as the handler last reported them (empty before any).
    partial: Payload
    #: What the handler returned; None until the job completes.
    result: Payload | None
    error: str | None
    user_id: str | None
    attempts: int
    max_attempts: int
    worker_id: str | None
    lease_expires_at: datetime | None
    available_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None
    created_at: datetime
    updated_at: datetime
    idempotency_key: str | None
    quota_subject: str | None
    quota_refunded: bool
    version: int
    #: The `X-Request-ID` of the request that started the job, for its log lines.
    request_id: str | None = None

    @property
    def is_finished(self) -> bool:
        return self.status.is_finished


@dataclass(frozen=True, slots=True)
class JobHead:
    """A job's owner, status and version without its data: enough to tell if it changed
    (a conditional poll), for the cost of a few bytes instead of every design's HTML."""

    job_id: str
    user_id: str | None
    status: JobStatus
    version: int

    @property
    def is_finished(self) -> bool:
        return self.status.is_finished


@dataclass(frozen=True, slots=True)
class NewJob:
    """What a caller supplies to create a job."""

    payload: Payload = field(default_factory=dict)
    user_id: str | None = None
    idempotency_key: str | None = None
    max_attempts: int | None = None
    #: When set, `idempotency_key` is a join key the server made from the request: an
    #: identical start finds the job while it is queued or running, or completed less than
    #: this long ago; after that the key joins nothing (a new start makes a new job).
    join_window: timedelta | None = None
    #: The id of the request that starts the job; the worker logs the job's lines under it.
    request_id: str | None = None
    #: Where to POST a signed webhook when the job ends (checked by the caller beforehand).
    callback_url: str | None = None


@dataclass(frozen=True, slots=True)
class QuotaRule:
    """At most `limit` charged jobs per `window` for `subject`, checked as the job is created."""

    subject: str
    limit: int
    window: timedelta = timedelta(hours=24)


@dataclass(frozen=True, slots=True)
class Usage:
    limit: int
    used: int
    remaining: int
    reset_at: datetime | None


@dataclass(frozen=True, slots=True)
class Claim:
    """A worker's hold on one attempt of a job; every write it makes is fenced by it."""

    job_id: str
    worker_id: str
    attempt: int


@dataclass(frozen=True, slots=True)
class QueueStats:
    queued: int
    processing: int
    oldest_queued_age_seconds: float | None
    live_workers: int
    counts_by_status: dict[str, int]


@dataclass(frozen=True, slots=True)
class WorkerInfo:
    id: str
    host: str
    pid: int
    concurrency: int
    started_at: datetime
    last_heartbeat_at: datetime
    #: How this worker's death shows to the others (liveness.py); None: only by its leases.
    liveness: str | None = None
