"""SQLite's side of every difference: no NOTIFY (a commit watcher instead), starts inside the
writer's transaction, groups of completions as one JSON document, any purger may go, a
worker's sign of life as an flock on a file next to the database."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from bina.jobs import statements as sql
from bina.jobs.backend import Completion, Read
from bina.jobs.events import ChangeBroadcaster, ChangeFeed
from bina.jobs.liveness import Liveness, file_lock_liveness
from bina.jobs.sqlite_database import SqliteDatabase
from bina.jobs.sqlite_watcher import SqliteChangeWatcher
from bina.jobs.statements import Announce, JobStatements


class SqliteBackend:
    name = "sqlite"
    # `BEGIN IMMEDIATE` already serializes writers: the start's steps run in one transaction.
    starts_in_one_call = False
    # SQLite's planner reads the (status, created_at) index in order for the inline claim.
    claims_by_function = False

    def __init__(self, database: SqliteDatabase) -> None:
        self.database = database
        self._batch: sa.Update | None = None

    def announce_changed(self) -> Announce:
        return ()  # the commit watcher notices instead

    def announce_queued(self) -> Announce:
        return ()

    def change_feed(
        self, events: ChangeBroadcaster, read: Read, clock: Callable[[], datetime]
    ) -> ChangeFeed | None:
        return SqliteChangeWatcher(self.database.path, events, read, clock)

    def completion_batch(
        self, statements: JobStatements, group: Sequence[Completion], now: datetime
    ) -> tuple[sa.Update, dict[str, Any]]:
        if self._batch is None:
            self._batch = statements.complete_batch_sqlite()
        rows = []
        for claim, values in group:
            row: dict[str, Any] = {
                "job_id": claim.job_id,
                "worker_id": claim.worker_id,
                "attempt": claim.attempt,
                "result": sql.json_text(values["result"]),
            }
            for name in statements.batch_columns:
                value = values.get(name)
                row[name] = sql.json_text(value) if sql.is_json_column(name) else value
            rows.append(row)
        return self._batch, {"now": now, "b_rows": json.dumps(rows)}

    def may_purge(self, conn: sa.Connection) -> bool:
        return True  # one writer at a time already

    def liveness(self, worker_id: str) -> Liveness | None:
        return file_lock_liveness(self.database.path, worker_id)
