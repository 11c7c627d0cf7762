"""The durable job system: a store, workers with leases, and change notifications.

It knows nothing about websites or HTTP; the API wires a handler (the generator) into it.
"""

from bina.jobs.exceptions import (
    JobCanceled,
    JobError,
    JobNotFound,
    LeaseLost,
    PermanentJobError,
    QuotaExceeded,
    StoreUnavailable,
)
from bina.jobs.models import Claim, Job, JobResult, JobStatus, NewJob, QueueStats, QuotaRule
from bina.jobs.store import JobStore, open_store
from bina.jobs.worker import JobHandler, ProgressReporter, Worker

__all__ = [
    "Claim",
    "Job",
    "JobCanceled",
    "JobError",
    "JobHandler",
    "JobNotFound",
    "JobResult",
    "JobStatus",
    "JobStore",
    "LeaseLost",
    "NewJob",
    "PermanentJobError",
    "ProgressReporter",
    "QueueStats",
    "QuotaExceeded",
    "QuotaRule",
    "StoreUnavailable",
    "Worker",
    "open_store",
]
