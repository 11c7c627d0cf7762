"""PostgreSQL's side of every difference: NOTIFY on writes, LISTEN for others', a start in
one function call, groups of completions as parallel arrays, one purger at a time, a
worker's sign of life as a session advisory lock."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bina.jobs import statements as sql
from bina.jobs.backend import Completion, Read
from bina.jobs.events import JOB_CHANNEL, QUEUE_CHANNEL, ChangeBroadcaster, ChangeFeed
from bina.jobs.liveness import Liveness, PostgresLiveness, log_disabled_once
from bina.jobs.postgres_database import PostgresDatabase
from bina.jobs.postgres_listener import PostgresListener
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.statements import Announce, JobStatements


class PostgresBackend:
    name = "postgresql"
    starts_in_one_call = True
    # Its plan holds however stale the table's statistics (migration 0009).
    claims_by_function = True

    def __init__(
        self,
        database: PostgresDatabase,
        *,
        listen_dsn: str | None,
        job_changes: bool = True,
        liveness_dsn: str | None = None,
    ) -> None:
        self.database = database
        self.listen_dsn = listen_dsn
        # Where a worker holds its liveness lock; None behind a transaction pooler.
        self.liveness_dsn = liveness_dsn
        self.job_changes = job_changes
        self._batch: sa.Update | None = None

    # NOTIFY riding on a write's RETURNING clause: one round trip instead of two, evaluated
    # once per changed row, delivered by PostgreSQL when the transaction commits.
    def announce_changed(self) -> Announce:
        return (sa.func.pg_notify(JOB_CHANNEL, jobs.c.job_id).label("notified"),)

    def announce_queued(self) -> Announce:
        return (sa.func.pg_notify(QUEUE_CHANNEL, "").label("queue_notified"),)

    def change_feed(
        self, events: ChangeBroadcaster, read: Read, clock: Callable[[], datetime]
    ) -> ChangeFeed | None:
        if self.listen_dsn is None:
            return None  # behind a transaction pooler: LISTEN cannot work, waiters poll
        return PostgresListener(
            self.listen_dsn,
            events,
            job_changes=self.job_changes,
            timeout_seconds=self.database.timeout_s or 5.0,
        )

    def completion_batch(
        self, statements: JobStatements, group: Sequence[Completion], now: datetime
    ) -> tuple[sa.Update, dict[str, Any]]:
        if self._batch is None:
            self._batch = statements.complete_batch_postgres()
        parameters: dict[str, Any] = {
            "now": now,
            "b_job_id": [claim.job_id for claim, _values in group],
            "b_worker_id": [claim.worker_id for claim, _values in group],
            "b_attempt": [claim.attempt for claim, _values in group],
            "b_result": [sql.json_text(values["result"]) for _claim, values in group],
        }
        for name in statements.batch_columns:
            convert = sql.json_text if sql.is_json_column(name) else _same
            parameters[f"b_{name}"] = [convert(values.get(name)) for _claim, values in group]
        return self._batch, parameters

    def may_purge(self, conn: sa.Connection) -> bool:
        return bool(conn.scalar(sql.PURGE_LOCK))

    def liveness(self, worker_id: str) -> Liveness | None:
        if self.liveness_dsn is None:
            log_disabled_once("behind a transaction pooler (?pgbouncer=1) no session lock holds")
            return None
        return PostgresLiveness(self.liveness_dsn, worker_id)


def _same(value: Any) -> Any:
    return value
