"""Rows of `generation_jobs` turned into `Job` values, and the small conversions reads need."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from bina.jobs.columns import ColumnMap
from bina.jobs.models import Job, JobHead, JobStatus


class RowReader:
    """Builds a `Job` from a row, the job's data assembled as the column map places it."""

    def __init__(self, columns: ColumnMap) -> None:
        self.columns = columns

    def job(self, row: sa.Row[Any]) -> Job:
        return self.job_from(row._mapping)

    def jobs(self, rows: Sequence[Mapping[Any, Any]]) -> list[Job]:
        return [self.job_from(row) for row in rows]

    def job_from(self, m: Mapping[Any, Any]) -> Job:
        try:
            status = JobStatus(m["status"])
        except ValueError:
            status = JobStatus.FAILED  # a row written by hand with an unknown status
        completed = status == JobStatus.COMPLETED
        return Job(
            id=str(m["id"]),
            job_id=m["job_id"],
            status=status,
            progress=int(m["progress"] or 0),
            stage=m["stage"] or status.value,
            message=m["message"],
            payload=self.columns.read_payload(m),
            partial=self.columns.read_partial(m, finished=status.is_finished),
            result=self.columns.read_result(m) if completed else None,
            error=m["error"],
            user_id=m["user_id"],
            attempts=int(m["attempts"] or 0),
            max_attempts=int(m["max_attempts"] or 1),
            worker_id=m["worker_id"],
            lease_expires_at=m["lease_expires_at"],
            available_at=m["available_at"],
            started_at=m["started_at"],
            finished_at=m["finished_at"],
            created_at=m["created_at"],
            updated_at=m["updated_at"],
            idempotency_key=m["idempotency_key"],
            quota_subject=m["quota_subject"],
            quota_refunded=bool(m["quota_refunded"]),
            version=int(m["version"] or 0),
            request_id=m["request_id"],
        )


def first_head(rows: Sequence[Mapping[str, Any]]) -> JobHead | None:
    """A `JobHead` from the rows of `HEAD_BY_JOB_ID` (column -> value), None when there are none."""
    if not rows:
        return None
    row = rows[0]
    try:
        status = JobStatus(row["status"])
    except ValueError:
        status = JobStatus.FAILED  # as `RowReader` reads it
    return JobHead(row["job_id"], row["user_id"], status, int(row["version"] or 0))


def as_utc(value: datetime | str | None) -> datetime | None:
    """A timestamp from an aggregate: SQLite's min() hands back text without the column type."""
    if isinstance(value, str):
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    return value


def looks_like_job_id(job_id: str) -> bool:
    """Ids are canonical UUID strings; anything else cannot exist, so no query is needed."""
    try:
        return str(uuid.UUID(job_id)) == job_id.lower() and len(job_id) == 36
    except (ValueError, AttributeError, TypeError):
        return False
