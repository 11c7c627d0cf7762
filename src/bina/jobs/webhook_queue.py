"""The webhooks waiting to be sent, in the job table: claim the due ones, settle each claim.

Runs on the job store's database and its retry rules (one write path on SQLite, so delivery
loops queue behind the workers' writes like everything else).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from bina.jobs import webhook_statements as sql
from bina.jobs.models import JobStatus
from bina.jobs.rows import as_utc
from bina.jobs.store import JobStore
from bina.jobs.transactions import Transactions


@dataclass(frozen=True, slots=True)
class DueWebhook:
    """A claimed webhook: what the event says, where it goes, and which attempt this is."""

    job_id: str
    status: JobStatus
    finished_at: datetime | None
    error: str | None
    callback_url: str
    attempt: int


@dataclass(frozen=True, slots=True)
class WebhookState:
    """A job's webhook as it stands (`status` None: the job has no callback, or has not ended)."""

    callback_url: str | None
    status: str | None
    attempts: int
    next_at: datetime | None
    error: str | None


@dataclass(frozen=True, slots=True)
class Settlement:
    """What became of an attempt: `delivered`, `pending` again from `next_at`, or `failed`."""

    status: str
    next_at: datetime | None = None
    error: str | None = None


class WebhookQueue:
    """Claims and settles webhooks in the store's database."""

    def __init__(self, store: JobStore) -> None:
        self.clock = store.clock
        self._transactions = Transactions(store.database)

    async def any_due(self) -> bool:
        now = self.clock()
        return await self._transactions.read(
            lambda conn: conn.execute(sql.ANY_DUE, {"now": now}).first() is not None
        )

    async def claim(self, limit: int, lease: timedelta) -> list[DueWebhook]:
        """Up to `limit` due webhooks, each held until `lease` from now (then retaken)."""
        now = self.clock()
        parameters = {"now": now, "lease_until": now + lease, "limit": limit}

        def take(conn: sa.Connection) -> list[DueWebhook]:
            return [
                DueWebhook(
                    job_id=row.job_id,
                    status=JobStatus(row.status),
                    finished_at=as_utc(row.finished_at),
                    error=row.error,
                    callback_url=row.callback_url,
                    attempt=int(row.webhook_attempts),
                )
                for row in conn.execute(sql.CLAIM, parameters)
            ]

        return await self._transactions.write(take, one_statement=True)

    async def settle(self, webhook: DueWebhook, settlement: Settlement) -> bool:
        """Record the attempt's outcome; False when the claim was retaken meanwhile."""
        parameters = {
            "target": webhook.job_id,
            "attempt": webhook.attempt,
            "w_status": settlement.status,
            "w_next_at": settlement.next_at,
            "w_error": settlement.error,
        }
        written = await self._transactions.write(
            lambda conn: conn.execute(sql.SETTLE, parameters).rowcount, one_statement=True
        )
        return bool(written)

    async def state(self, job_id: str) -> WebhookState | None:
        """The job's webhook now; None when there is no such job."""

        def read(conn: sa.Connection) -> WebhookState | None:
            row = conn.execute(sql.STATE, {"job_id": job_id}).first()
            if row is None:
                return None
            return WebhookState(
                callback_url=row.callback_url,
                status=row.webhook_status,
                attempts=int(row.webhook_attempts or 0),
                next_at=as_utc(row.webhook_next_at),
                error=row.webhook_error,
            )

        return await self._transactions.read(read)
