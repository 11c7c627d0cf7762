"""A status poll's two reads of one job, as units of work with a driver form.

The page polls every 3 s, so these are the API's most frequent statements: the job's head
(owner, status, version: a conditional poll is answered from it alone) and its text (the full
answer, outputs undecoded; raw_reads.py). On PostgreSQL they run on the pooled asyncpg
connection itself, as starts and claims do (statement_work.py): through SQLAlchemy's async
layer the head's read cost more client CPU than the rest of a 304 together. On SQLite the
head's read runs on the event loop itself: one small row by its key takes microseconds,
less than the hop to a reader thread.
"""

from __future__ import annotations

from bina.jobs import statements as sql
from bina.jobs.models import JobHead
from bina.jobs.raw_reads import JobText, JobTextReads
from bina.jobs.rows import first_head
from bina.jobs.statement_work import BriefRead, DriverStatements, StatementWork

#: An id no job has: what the warm-up reads, to prepare the statements.
_NO_JOB = "00000000-0000-0000-0000-000000000000"


class PollReads:
    """Makes the head and text reads of a job."""

    def __init__(self, texts: JobTextReads, compiled: DriverStatements) -> None:
        self.texts = texts
        self.compiled = compiled

    def head(self, job_id: str) -> StatementWork[JobHead | None]:
        return BriefRead(sql.HEAD_BY_JOB_ID, {"job_id": job_id}, first_head, self.compiled)

    def text(self, job_id: str) -> StatementWork[JobText | None]:
        values = {"job_id": job_id}
        return StatementWork(self.texts.statement, values, self.texts.first, self.compiled)

    def rehearsals(self) -> tuple[StatementWork[JobHead | None], StatementWork[JobText | None]]:
        """Both reads of a job that is not there: run ahead of time, they prepare the
        statements on a connection and find nothing."""
        return self.head(_NO_JOB), self.text(_NO_JOB)
