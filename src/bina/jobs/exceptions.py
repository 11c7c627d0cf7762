"""Every error the job system raises, under one base class.

Driver errors never leave the store as they are: they become one of these (`raise ... from`).
"""

from __future__ import annotations


class JobError(Exception):
    """A job-system error."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())


class StoreUnavailable(JobError):
    """The job database cannot be reached right now; try again shortly."""


class JobNotFound(JobError):
    """No such job."""


class QuotaExceeded(JobError):
    """The free generation quota for this period is used up."""

    def __init__(self, limit: int, used: int, retry_after_seconds: float) -> None:
        super().__init__()
        self.limit = limit
        self.used = used
        self.retry_after_seconds = retry_after_seconds


class LeaseLost(JobError):
    """This worker no longer holds the job: its lease expired and another attempt owns it."""


class JobCanceled(JobError):
    """The job was canceled; the worker stops at this checkpoint."""


class PermanentJobError(JobError):
    """The job cannot succeed however often it is retried."""

    def __init__(self, message: str | None = None, *, user_fault: bool = False) -> None:
        super().__init__(message)
        # A failure that is the user's own doing keeps its quota charge; any other gives it back.
        self.user_fault = user_fault


class IdempotencyKeyReused(JobError):
    """This Idempotency-Key was already used for a different request."""
