"""Probes for orchestrators and load balancers: `/livez` and `/readyz`.

`/livez` says the process and its event loop answer, and nothing else: it never touches the
database, so an outage of the database never gets healthy processes restarted. `/readyz` says
this instance can serve now: its database answers within `BINA_DB_TIMEOUT_S` and is at this
code's schema revision (a new instance whose migrations have not run yet gets no traffic).
Both answer GET and HEAD (as every GET route does); `/api/health` (queue depth, live
workers) stays for people.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from bina.api.deps import SettingsDep, StoreDep
from bina.api.docs import RETRY_AFTER
from bina.api.errors import STORE_RETRY_AFTER_SECONDS, error_response
from bina.jobs import JobStore, StoreUnavailable
from bina.jobs.migrate import ScriptRevisions, applied_revisions, script_revisions

logger = logging.getLogger(__name__)

router = APIRouter(tags=["operations"])

#: A probe's answer is about this moment only: no cache may keep it.
_NO_STORE = {"Cache-Control": "no-store"}
_PROBLEMS = {
    "database_unavailable": "The database cannot be reached, or did not answer in time.",
    "migrations_pending": "The database is not at this version's schema yet; run `bina migrate`.",
}
Problem = Literal["database_unavailable", "migrations_pending"]


class LiveResponse(BaseModel):
    """The process and its event loop answer."""

    status: Literal["alive"] = Field("alive", description="Always `alive`.")


class ReadyResponse(BaseModel):
    """This instance can serve: its database answers and is at this version's schema."""

    status: Literal["ready"] = Field("ready", description="Always `ready`.")


class NotReadyResponse(BaseModel):
    """This instance cannot serve now; the load balancer should send it no traffic."""

    success: Literal[False] = Field(False, description="Always false.")
    status: Literal["not_ready"] = Field("not_ready", description="Always `not_ready`.")
    error: Problem = Field(
        description="`database_unavailable`: no answer within `BINA_DB_TIMEOUT_S`; "
        "`migrations_pending`: the database is behind this version's schema (`bina migrate`)."
    )
    message: str = Field(description="What is wrong, for people.")


class Readiness:
    """Whether this instance can serve; logs only when the answer changes (probes are many)."""

    def __init__(self, scripts: ScriptRevisions) -> None:
        self.scripts = scripts
        self._last: Problem | None = None

    async def problem(self, store: JobStore, timeout: float) -> Problem | None:
        problem: Problem | None = None
        try:
            async with asyncio.timeout(timeout):
                applied = await applied_revisions(store.database)
            if self.scripts.pending(applied):
                problem = "migrations_pending"
        except (StoreUnavailable, TimeoutError):
            problem = "database_unavailable"
        if problem != self._last:
            if problem is None:
                logger.info("ready again")
            else:
                logger.warning("not ready: %s", _PROBLEMS[problem])
            self._last = problem
        return problem


def add_probes(app: FastAPI) -> None:
    """The probe routes, with the migration scripts' heads read now (once, at startup)."""
    app.state.readiness = Readiness(script_revisions())
    app.include_router(router)


async def get_readiness(request: Request) -> Readiness:
    readiness: Readiness = request.app.state.readiness
    return readiness


@router.get("/livez", response_model=LiveResponse, summary="Liveness probe")
async def livez() -> JSONResponse:
    """200 while the process and its event loop answer; never reads the database."""
    return JSONResponse(LiveResponse().model_dump(), headers=_NO_STORE)


@router.get(
    "/readyz",
    response_model=ReadyResponse,
    summary="Readiness probe",
    responses={
        503: {
            "model": NotReadyResponse,
            "description": "`database_unavailable` (no answer within `BINA_DB_TIMEOUT_S`) or "
            "`migrations_pending` (the database is behind this version's schema).",
            "headers": {"Retry-After": RETRY_AFTER},
        }
    },
)
async def readyz(
    store: StoreDep,
    settings: SettingsDep,
    readiness: Annotated[Readiness, Depends(get_readiness)],
) -> JSONResponse:
    """200 when the database answers in time and is at this version's schema, else 503."""
    problem = await readiness.problem(store, settings.db_timeout_s)
    if problem is None:
        return JSONResponse(ReadyResponse().model_dump(), headers=_NO_STORE)
    headers = {**_NO_STORE, "Retry-After": str(STORE_RETRY_AFTER_SECONDS)}
    return error_response(503, problem, _PROBLEMS[problem], headers=headers, status="not_ready")
