"""A job as Server-Sent Events: `progress`, `style` (each finished design once), then exactly
one of `completed`, `failed` or `canceled`.

Event ids are `<version>.<styles>`: the job version the client has seen, and how many styles
it holds. A reconnect with `Last-Event-ID` (browsers send it by themselves) resumes right
after that event, without repeats: styles it holds are not sent again, a progress event only
when the job changed since. A client that already received the final event gets 204, which
tells an EventSource to stop reconnecting.

The stream wakes on the store's change notifications (LISTEN/NOTIFY on PostgreSQL, so any
instance streams any job), sends a comment as heartbeat every 15 s so mobile proxies keep it
open, and ends quietly when the client disconnects (sse-starlette cancels the generator).
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from sse_starlette import ServerSentEvent

from bina.api import site_jobs
from bina.api.metrics import ApiMetrics
from bina.api.service import styles_of
from bina.jobs import Job, JobStore, StoreUnavailable

logger = logging.getLogger(__name__)

#: How long one wait for a change lasts before the stream checks in again.
WAIT_CHUNK_SECONDS = 30.0
#: Reconnect delay suggested to the browser (the SSE `retry:` field), in milliseconds.
RETRY_MILLISECONDS = 2000
#: How long the stream rides out an unreachable database before ending (the client resumes).
STORE_OUTAGE_SECONDS = 30.0
TERMINAL_EVENTS = {"completed", "failed", "canceled"}

#: One event of the stream, for OpenAPI (`itemSchema` of `text/event-stream`).
SSE_EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "id", "data"],
    "properties": {
        "event": {
            "type": "string",
            "enum": ["progress", "style", *sorted(TERMINAL_EVENTS)],
            "description": "`progress` (status, progress, stage, message, styles_done); "
            "`style` (one finished design: style, name, description, html); then one of "
            "`completed` (business_type, styles without html), `failed` (error) or `canceled`.",
        },
        "id": {
            "type": "string",
            "pattern": r"^[0-9]+\.[0-9]+$",
            "description": "`<job version>.<designs sent>`: send it back as `Last-Event-ID`.",
        },
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {"type": "object"},
            "description": "The event's payload, a JSON object.",
        },
        "retry": {
            "type": "integer",
            "minimum": 0,
            "description": "Reconnect delay in milliseconds (on the first event).",
        },
    },
}


@dataclass(slots=True)
class Cursor:
    """What the client already holds: the job version it saw, and how many styles."""

    version: int = 0
    styles: int = 0

    @property
    def event_id(self) -> str:
        return f"{self.version}.{self.styles}"

    @classmethod
    def parse(cls, last_event_id: str | None, job: Job) -> Cursor:
        """The cursor of a `Last-Event-ID`; anything unusable starts from the beginning."""
        if not last_event_id or len(last_event_id) > 40:
            return cls()
        version_text, _, styles_text = last_event_id.strip().partition(".")
        if not (version_text.isdigit() and styles_text.isdigit()):
            return cls()
        cursor = cls(int(version_text), int(styles_text))
        if cursor.version > job.version or cursor.styles > max(len(site_jobs.styles_of(job)), 16):
            return cls()  # not an id this job ever produced
        return cursor

    def finished_for(self, job: Job) -> bool:
        """True when the client already received this job's final event."""
        return job.is_finished and self.version >= job.version


def _event(name: str, data: dict[str, Any], cursor: Cursor, first: bool) -> ServerSentEvent:
    return ServerSentEvent(
        data=json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str),
        event=name,
        id=cursor.event_id,
        retry=RETRY_MILLISECONDS if first else None,
    )


def _progress_data(job: Job) -> dict[str, Any]:
    return {
        "job_id": job.job_id,
        "status": job.status.value,
        "progress": job.progress,
        "stage": job.stage,
        "message": job.message,
        "styles_done": len(site_jobs.styles_of(job)),
    }


def _terminal(job: Job) -> tuple[str, dict[str, Any]]:
    status = job.status.value
    data: dict[str, Any] = {"job_id": job.job_id, "status": status, "stage": job.stage}
    if status == "completed":
        data["progress"] = 100
        data["business_type"] = site_jobs.business_type_of(job)
        data["styles"] = [
            {"style": s.style, "name": s.name, "description": s.description} for s in styles_of(job)
        ]
    else:
        data["progress"] = job.progress
        data["error"] = job.error if status == "failed" else None
        data["message"] = job.message
    return status, data


def events_for(job: Job, cursor: Cursor, first: bool) -> list[ServerSentEvent]:
    """The events that bring a client at `cursor` up to `job` (and advance the cursor)."""
    events: list[ServerSentEvent] = []
    styles = styles_of(job)
    for style in styles[cursor.styles :]:
        cursor.styles += 1
        events.append(_event("style", style.model_dump(), cursor, first and not events))
    if job.version > cursor.version:
        cursor.version = job.version
        if job.is_finished:
            name, data = _terminal(job)
        else:
            name, data = "progress", _progress_data(job)
        events.append(_event(name, data, cursor, first and not events))
    return events


async def job_events(
    store: JobStore, job: Job, cursor: Cursor, metrics: ApiMetrics
) -> AsyncIterator[ServerSentEvent]:
    """The stream of one job, from `cursor` to its final event."""
    metrics.sse_streams.inc()
    first = True
    try:
        while True:
            for event in events_for(job, cursor, first):
                first = False
                yield event
            if job.is_finished:
                return
            current = await _next_state(store, job)
            if current is None:
                return  # purged, or the database stayed away: the client may reconnect
            job = current
    finally:
        metrics.sse_streams.dec()


async def _next_state(store: JobStore, job: Job) -> Job | None:
    loop = asyncio.get_running_loop()
    give_up_at = loop.time() + STORE_OUTAGE_SECONDS
    delay = 0.5
    while True:
        try:
            return await store.wait_for_change(job.job_id, job.version, WAIT_CHUNK_SECONDS)
        except StoreUnavailable as exc:
            if loop.time() + delay > give_up_at:
                logger.warning("ending stream of %s: database unavailable (%s)", job.job_id, exc)
                return None
            await asyncio.sleep(delay)
            delay = min(delay * 2, 5.0)
