"""Creating a job: the idempotent repeat, the quota and the insert, as one transaction.

Two ways to run the same steps, chosen by the backend:
- in the caller's write transaction (`in_transaction`): SQLite, whose `BEGIN IMMEDIATE`
  already serializes writers; its INSERT goes to sqlite3 itself, compiled once (driver_sql.py);
- in one call of the `bina_start_job` function (`one_call`, PostgreSQL): per-subject locks,
  repeat, quota and insert in one round trip. A job with no key and no quota has nothing to
  lock or read: its INSERT alone (`insert_only`) is that round trip, and the server spends
  less on it than on the function.

The PostgreSQL starts are written once, as steps (a generator that yields each statement with
its values and is sent back the statement's first row), so that they run either on
SQLAlchemy's connection (`Start.run`; behind a transaction pooler) or straight on the pooled
asyncpg connection (`Start.run_on_asyncpg`: postgres_driver.py), where a start costs about
half the client CPU (docs/bench-queue.md).

A key is either the client's Idempotency-Key (it names one job for good) or a join key the
caller made from the request (`NewJob.join_window`): that one finds the job only while it is
in flight or just completed, and is taken off a job that is over, so a later identical start
makes a new job. The unique (user, key) index settles two identical starts racing.

The store may run one start more than once (`Start`): a commit whose reply was lost looks like
a dropped connection, and the store tries again. The job's ids are drawn once, before the
first try, so a retry knows its own job when it meets it, with or without a key.
"""

from __future__ import annotations

import json
import sqlite3
import uuid
from collections.abc import Callable, Generator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

import sqlalchemy as sa
from sqlalchemy.engine import Dialect

from bina.jobs import statements as sql
from bina.jobs.driver_sql import DriverStatement
from bina.jobs.exceptions import IdempotencyKeyReused, QuotaExceeded
from bina.jobs.models import Job, JobStatus, NewJob, QuotaRule
from bina.jobs.rows import RowReader, as_utc
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.statement_work import DriverStatements, StatementWork
from bina.jobs.statements import JobStatements

_NO_VALUES: dict[str, Any] = {column.name: None for column in jobs.c}
#: A join key whose job is over stops joining: the key is taken off that job.
_RETIRE_JOIN_KEY = (
    sa.update(jobs).where(jobs.c.job_id == sa.bindparam("old_job_id")).values(idempotency_key=None)
)
_IN_FLIGHT = frozenset({JobStatus.QUEUED, JobStatus.PROCESSING})

R = TypeVar("R")
#: A statement of a start and its named values; the first row (a mapping) or None comes back.
Query = tuple[sa.Executable, Mapping[str, Any]]
Steps = Generator[Query, Mapping[Any, Any] | None, R]


def joinable(job: Job, join_window: timedelta | None, now: datetime) -> bool:
    """Whether a start with this key gets `job` back (a client's key: always)."""
    if join_window is None or job.status in _IN_FLIGHT:
        return True
    return (
        job.status == JobStatus.COMPLETED
        and job.finished_at is not None
        and job.finished_at > now - join_window
    )


@dataclass(frozen=True, slots=True)
class JobIds:
    """A new job's row id and public job id, drawn before its first try."""

    id: str = field(default_factory=lambda: str(uuid.uuid4()))
    job_id: str = field(default_factory=lambda: str(uuid.uuid4()))


class JobCreation:
    """The steps of a start, as plain functions of a connection."""

    def __init__(self, statements: JobStatements, rows: RowReader, default_max_attempts: int):
        self.statements = statements
        self.rows = rows
        self.default_max_attempts = default_max_attempts
        # The insert names exactly the columns `new_row` fills, and returns no more than the
        # NOTIFY riding on it: the job is made from the values it was given.
        sample = self.new_row(NewJob({}), None, datetime.now(UTC), JobIds())
        columns = {name: sa.bindparam(name, type_=jobs.c[name].type) for name in sorted(sample)}
        insert = sa.insert(jobs).values(columns)
        self.insert = insert.returning(*statements.queued) if statements.queued else insert
        self.driver_statement = DriverStatements()

    def new_row(
        self, new: NewJob, quota: QuotaRule | None, now: datetime, ids: JobIds
    ) -> dict[str, Any]:
        """Every column value of the job `new` asks for."""
        values: dict[str, Any] = {
            "id": ids.id,
            "job_id": ids.job_id,
            "status": JobStatus.QUEUED.value,
            "progress": 0,
            "stage": "queued",
            "user_id": new.user_id,
            "idempotency_key": new.idempotency_key,
            "request_id": new.request_id,
            "callback_url": new.callback_url,
            "quota_subject": quota.subject if quota else None,
            "quota_refunded": False,
            "attempts": 0,
            "max_attempts": new.max_attempts or self.default_max_attempts,
            "available_at": now,
            "created_at": now,
            "updated_at": now,
            "version": 1,
        }
        columns = self.statements.columns
        values.update({column: None for column in columns.payload.values()})
        values.update(columns.empty)
        values.update(columns.payload_values(new.payload))
        return values

    def in_transaction(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule | None, now: datetime, ids: JobIds
    ) -> tuple[Job, bool]:
        """The start inside the caller's write transaction; (job, created)."""
        rule = charged(quota)
        existing, used, oldest = self._before_insert(conn, new, rule, now)
        if existing is not None:
            return existing, False
        if rule is not None and used >= rule.limit:
            raise quota_exceeded(rule, used, oldest, now)
        values = self.new_row(new, quota, now, ids)
        driver: Any = conn.connection.dbapi_connection
        if isinstance(driver, sqlite3.Connection):
            # A statement costs sqlite3 microseconds; SQLAlchemy's execution, many times that.
            self.driver_statement(self.insert, conn.dialect).execute(driver, values)
        else:
            conn.execute(self.insert, values)
        return self.rows.job_from({**_NO_VALUES, **values}), True

    def one_call(
        self, new: NewJob, quota: QuotaRule | None, now: datetime, ids: JobIds
    ) -> Steps[tuple[Job, bool]]:
        """The same start on PostgreSQL, as one call of `bina_start_job` (steps)."""
        rule = charged(quota)
        subjects = {new.user_id if new.idempotency_key is not None else None}
        subjects.add(rule.subject if rule is not None else None)
        values = self.new_row(new, quota, now, ids)
        parameters = {
            "subjects": sorted(s for s in subjects if s),
            "new_job": json.dumps(values, default=_json_value),
            "quota_subject": rule.subject if rule is not None else None,
            "quota_limit": rule.limit if rule is not None else 0,
            "quota_since": now - rule.window if rule is not None else now,
            "join_since": now - new.join_window if new.join_window is not None else None,
        }
        answer = yield sql.START_JOB, parameters
        assert answer is not None  # the function always answers one row
        if answer["outcome"] == "existing":
            existing_job_id = answer["existing_job_id"]
            row = yield sql.BY_JOB_ID, {"job_id": existing_job_id}
            assert row is not None  # found under the lock, and jobs are purged only when over
            # The key's job may be this very start's, committed by an earlier try.
            created = existing_job_id == ids.job_id
            return same_request(self.rows.job_from(row), new), created
        if answer["outcome"] == "quota":
            assert rule is not None
            raise quota_exceeded(rule, answer["quota_used"], as_utc(answer["quota_oldest"]), now)
        return self.rows.job_from({**_NO_VALUES, **values}), True

    def insert_only(
        self, new: NewJob, quota: QuotaRule | None, now: datetime, ids: JobIds
    ) -> Steps[tuple[Job, bool]]:
        """A start with no key to look up and no quota to count: its insert (steps)."""
        assert new.idempotency_key is None and charged(quota) is None
        values = self.new_row(new, quota, now, ids)
        yield self.insert, values
        return self.rows.job_from({**_NO_VALUES, **values}), True

    def find_by_idempotency_key(self, conn: sa.Connection, new: NewJob) -> Job | None:
        parameters = {"key": new.idempotency_key, "user_id": new.user_id}
        row = conn.execute(sql.BY_IDEMPOTENCY_KEY[new.user_id is None], parameters).first()
        return None if row is None else same_request(self.rows.job(row), new)

    def _still_joining(
        self, conn: sa.Connection, job: Job | None, new: NewJob, now: datetime
    ) -> Job | None:
        """`job`, unless it was found by a join key it no longer answers to (then retired)."""
        if job is None or joinable(job, new.join_window, now):
            return job
        conn.execute(_RETIRE_JOIN_KEY, {"old_job_id": job.job_id})
        return None

    def _before_insert(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule | None, now: datetime
    ) -> tuple[Job | None, int, datetime | None]:
        """(the job an idempotent repeat refers to, quota used, oldest charge in the window)."""
        if new.idempotency_key is not None and quota is not None:
            existing, used, oldest = self._repeat_and_usage(conn, new, quota, now)
            return self._still_joining(conn, existing, new, now), used, oldest
        if new.idempotency_key is not None:
            existing = self.find_by_idempotency_key(conn, new)
            return self._still_joining(conn, existing, new, now), 0, None
        if quota is not None:
            return None, *quota_usage(conn, quota, now)
        return None, 0, None

    def _repeat_and_usage(
        self, conn: sa.Connection, new: NewJob, quota: QuotaRule, now: datetime
    ) -> tuple[Job | None, int, datetime | None]:
        parameters = {
            "key": new.idempotency_key,
            "user_id": new.user_id,
            "subject": quota.subject,
            "since": now - quota.window,
        }
        row = conn.execute(sql.REPEAT_AND_USAGE[new.user_id is None], parameters).one()
        existing = None if row.job_id is None else same_request(self.rows.job(row), new)
        return existing, int(row.quota_used), as_utc(row.quota_oldest)


class Start:
    """One start as the store runs it, once or again after a lost reply, with the same ids.

    A retry first looks for the job its ids name: found, the first try committed, and that
    job is the answer (created by this start: one job, one charge). Not found, it starts
    again. A first try still in flight at the server then either rolls back, or commits and
    makes the retry's insert collide on the job id (`after_conflict` then finds the job), or
    holds the per-subject lock until it commits, after which the retry may read the quota as
    spent by the very job it made: so a refused retry looks once more.
    """

    def __init__(self, creation: JobCreation, new: NewJob, quota: QuotaRule | None) -> None:
        self.creation = creation
        self.new = new
        self.quota = quota
        self.ids = JobIds()
        self.tries = 0

    def run(self, conn: sa.Connection, now: datetime, *, in_one_call: bool) -> tuple[Job, bool]:
        """One try, as a unit of work on SQLAlchemy's connection: (job, created)."""
        self.tries += 1
        retry = self.tries > 1
        if retry and (made := self.made(conn)) is not None:
            return made, True
        try:
            if in_one_call:
                return on_sqlalchemy(
                    conn, self.creation.one_call(self.new, self.quota, now, self.ids)
                )
            return self.creation.in_transaction(conn, self.new, self.quota, now, self.ids)
        except QuotaExceeded:
            if retry and (made := self.made(conn)) is not None:
                return made, True
            raise

    async def run_on_asyncpg(
        self, connection: Any, dialect: Dialect, now: datetime, *, in_one_call: bool
    ) -> tuple[Job, bool]:
        """One try on an asyncpg connection outside a transaction, each statement committing
        on its own: (job, created). Without `in_one_call`, a start with no key and no quota:
        its insert alone."""
        self.tries += 1
        retry = self.tries > 1
        if retry and (made := await self.made_on(connection, dialect)) is not None:
            return made, True
        steps = self.creation.one_call if in_one_call else self.creation.insert_only
        try:
            work = steps(self.new, self.quota, now, self.ids)
            return await on_asyncpg(connection, self.creation.driver_statement, dialect, work)
        except QuotaExceeded:
            if retry and (made := await self.made_on(connection, dialect)) is not None:
                return made, True
            raise

    async def made_on(self, connection: Any, dialect: Dialect) -> Job | None:
        """`made`, on an asyncpg connection."""
        return await on_asyncpg(connection, self.creation.driver_statement, dialect, self.lookup())

    def made(self, conn: sa.Connection) -> Job | None:
        """The job this start made in an earlier try, if one committed."""
        return on_sqlalchemy(conn, self.lookup())

    def lookup(self) -> Steps[Job | None]:
        """The steps that look up the job this start makes (by its own id)."""
        row = yield sql.BY_JOB_ID, {"job_id": self.ids.job_id}
        return None if row is None else self.creation.rows.job_from(row)

    def after_conflict(self, conn: sa.Connection) -> tuple[Job, bool] | None:
        """After a unique index refused the insert: this start's own job (an earlier try
        committed late), else the job another start made with the same key; None if neither."""
        made = self.made(conn)
        if made is not None:
            return made, True
        if self.new.idempotency_key is None:
            return None
        existing = self.creation.find_by_idempotency_key(conn, self.new)
        return None if existing is None else (existing, False)


class StartTry:
    """A try of a start as the unit of work a `Database` runs: on SQLAlchemy's connection
    (`__call__`), or on asyncpg's own where the database may (postgres_driver.DriverWork)."""

    __slots__ = ("clock", "in_one_call", "start")
    #: A few statements on one small row: SQLite may run it without a hop (database.BRIEF).
    bina_brief_write = True

    def __init__(self, start: Start, clock: Callable[[], datetime], *, in_one_call: bool):
        self.start = start
        self.clock = clock
        self.in_one_call = in_one_call

    def __call__(self, conn: sa.Connection) -> tuple[Job, bool]:
        return self.start.run(conn, self.clock(), in_one_call=self.in_one_call)

    async def on_asyncpg(self, connection: Any, dialect: Dialect) -> tuple[Job, bool]:
        now = self.clock()
        return await self.start.run_on_asyncpg(
            connection, dialect, now, in_one_call=self.in_one_call
        )


class Rehearsal:
    """What `warm_up` runs on each new connection, rolled back by the caller: the store's own
    rehearsal on SQLAlchemy's connection, and, where starts run on asyncpg itself, both kinds
    of start and the retry's look-up there too, so asyncpg has prepared their statements
    before the first visitor's start; `reads` (a status poll's) run on both."""

    def __init__(
        self,
        rehearse: Callable[[sa.Connection], None],
        creation: JobCreation,
        clock: Callable[[], datetime],
        reads: Sequence[StatementWork[Any]] = (),
    ) -> None:
        self.rehearse = rehearse
        self.creation = creation
        self.clock = clock
        self.reads = reads

    def __call__(self, conn: sa.Connection) -> None:
        self.rehearse(conn)
        for read in self.reads:
            read(conn)

    async def on_asyncpg(self, connection: Any, dialect: Dialect) -> None:
        # A subject of its own, so rehearsals never wait for each other's per-user locks.
        subject = f"warm-up-{uuid.uuid4()}"
        keyed = NewJob({"rehearsal": True}, user_id=subject, idempotency_key="w")
        plain = NewJob({"rehearsal": True}, user_id=subject)
        now = self.clock()
        start = Start(self.creation, keyed, QuotaRule(subject, 1))
        await start.run_on_asyncpg(connection, dialect, now, in_one_call=True)
        await start.made_on(connection, dialect)
        bare = Start(self.creation, plain, None)
        await bare.run_on_asyncpg(connection, dialect, now, in_one_call=False)
        for read in self.reads:
            await read.on_asyncpg(connection, dialect)


def on_sqlalchemy(conn: sa.Connection, steps: Steps[R]) -> R:
    """Run `steps` on SQLAlchemy's connection."""
    try:
        statement, values = next(steps)
        while True:
            result = conn.execute(statement, values)
            row = result.first() if result.returns_rows else None
            statement, values = steps.send(None if row is None else row._mapping)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


async def on_asyncpg(
    connection: Any,
    compiled: Callable[[sa.Executable, Dialect], DriverStatement],
    dialect: Dialect,
    steps: Steps[R],
) -> R:
    """Run `steps` on an asyncpg connection, each statement compiled once for `dialect`."""
    try:
        statement, values = next(steps)
        while True:
            row = await compiled(statement, dialect).fetchrow(connection, values)
            statement, values = steps.send(row)
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]


def charged(quota: QuotaRule | None) -> QuotaRule | None:
    """The rule to enforce; a limit of 0 means unlimited (usage is still recorded)."""
    return quota if quota is not None and quota.limit > 0 else None


def quota_usage(
    conn: sa.Connection, quota: QuotaRule, now: datetime
) -> tuple[int, datetime | None]:
    # The oldest charge in the window is the one whose expiry frees the next slot.
    parameters = {"subject": quota.subject, "since": now - quota.window}
    used, oldest = conn.execute(sql.QUOTA_USAGE, parameters).one()
    return int(used), as_utc(oldest)


def quota_exceeded(
    rule: QuotaRule, used: int, oldest: datetime | None, now: datetime
) -> QuotaExceeded:
    reset_at = (oldest or now) + rule.window
    return QuotaExceeded(rule.limit, used, max((reset_at - now).total_seconds(), 1.0))


def same_request(job: Job, new: NewJob) -> Job:
    """The job an idempotency key names, if it was asked for with the same payload."""
    if _comparable(job.payload) != _comparable(new.payload):
        raise IdempotencyKeyReused()
    return job


def _comparable(payload: dict[str, Any]) -> dict[str, Any]:
    # A key whose value is null is the same as no key (a column cannot tell them apart).
    return {key: value for key, value in payload.items() if value is not None}


def _json_value(value: object) -> str:
    # jsonb_populate_record reads ISO 8601 text into timestamptz columns.
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"not JSON serializable: {type(value).__name__}")
