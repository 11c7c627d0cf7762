"""What differs between PostgreSQL and SQLite, behind one interface (one object per database).

The store never asks which database it is on: whatever differs is a method or an attribute
of its `Backend` (postgres_backend.py, sqlite_backend.py; connect.py picks one from the URL).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import Any, Protocol

import sqlalchemy as sa

from bina.jobs.database import Database, Work
from bina.jobs.events import ChangeBroadcaster, ChangeFeed
from bina.jobs.liveness import Liveness
from bina.jobs.models import Claim
from bina.jobs.statements import Announce, JobStatements

Read = Callable[[Work[Any]], Awaitable[Any]]
#: One completion of a group: the claim, and the column values its result writes.
Completion = tuple[Claim, dict[str, Any]]


class Backend(Protocol):
    @property
    def name(self) -> str:
        """`postgresql` or `sqlite`, for health answers and metrics."""
        ...

    @property
    def database(self) -> Database: ...

    @property
    def starts_in_one_call(self) -> bool:
        """A start that checks a key or a quota runs as one call of a database function."""
        ...

    @property
    def claims_by_function(self) -> bool:
        """A claim's candidates come from a database function (`bina_claim_candidates`)."""
        ...

    def announce_changed(self) -> Announce:
        """Columns a write RETURNs to tell other processes a job changed (maybe none)."""
        ...

    def announce_queued(self) -> Announce:
        """Columns a write RETURNs to tell other processes a job was queued (maybe none)."""
        ...

    def change_feed(
        self, events: ChangeBroadcaster, read: Read, clock: Callable[[], datetime]
    ) -> ChangeFeed | None:
        """What brings other processes' changes to `events`; None when only polling can."""
        ...

    def completion_batch(
        self, statements: JobStatements, group: Sequence[Completion], now: datetime
    ) -> tuple[sa.Update, dict[str, Any]]:
        """One statement (and its parameters) completing a whole group of jobs."""
        ...

    def may_purge(self, conn: sa.Connection) -> bool:
        """Whether this purger may go ahead (only one at a time where that matters)."""
        ...

    def liveness(self, worker_id: str) -> Liveness | None:
        """The sign of life that shows this worker's death to the others at once
        (liveness.py); None where there is none, and only the lease tells."""
        ...
