"""The durable job system: a store, workers with leases, and change notifications.

It knows nothing about websites or HTTP: a job carries an opaque JSON payload and returns an
opaque JSON result. The application wires a handler into it, and says which of the job's keys
have columns of their own (`ColumnMap`).
"""

from bina.jobs.columns import ColumnMap
from bina.jobs.connect import open_store
from bina.jobs.exceptions import (
    JobCanceled,
    JobError,
    JobNotFound,
    LeaseLost,
    PermanentJobError,
    QuotaExceeded,
    StoreUnavailable,
)
from bina.jobs.models import (
    Claim,
    Job,
    JobHead,
    JobStatus,
    NewJob,
    Payload,
    QueueStats,
    QuotaRule,
)
from bina.jobs.store import JobStore
from bina.jobs.worker import JobHandler, JobHandlerBase, ProgressReporter, Worker, WorkerSettings

__all__ = [
    "Claim",
    "ColumnMap",
    "Job",
    "JobCanceled",
    "JobError",
    "JobHandler",
    "JobHandlerBase",
    "JobHead",
    "JobNotFound",
    "JobStatus",
    "JobStore",
    "LeaseLost",
    "NewJob",
    "Payload",
    "PermanentJobError",
    "ProgressReporter",
    "QueueStats",
    "QuotaExceeded",
    "QuotaRule",
    "StoreUnavailable",
    "Worker",
    "WorkerSettings",
    "open_store",
]
