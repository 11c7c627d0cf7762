"""Property-based fuzzing of every operation in the OpenAPI schema (schemathesis, in-process).

Valid and invalid requests, generated from `/openapi.json`, must never get a 5xx, and every
answer must match what the schema documents: status code, content type, body and headers.
Bounded: a few dozen examples per operation and mode.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.python.asgi import shutdown_lifespans
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bina.app.serving import create_app
from bina.config import Settings
from bina.generator import analyze
from bina.jobs import open_store
from bina.jobs.connect import open_database
from bina.sites import SiteDraft, SiteStore
from tests.api_helpers import JWT_SECRET, JobDriver, bearer
from tests.job_helpers import site_job

pytestmark = pytest.mark.slow  # about 40 s: every operation, both modes, both databases

MAX_EXAMPLES = 40
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
FUZZER = "fuzzer"


async def _finished_job(database_url: str) -> str:
    """A completed job of the fuzzing user, so that real ids are exercised too."""
    async with open_store(database_url) as store:
        job, _ = await store.create_job(site_job("Kedai kopi di Ipoh", user_id=FUZZER))
        await JobDriver(store).run_through(job.job_id)
        return job.job_id


@pytest.fixture
def fuzzed_schema(database_url: str) -> Iterator[Any]:
    settings = Settings(
        _env_file=None,
        database_url=database_url,
        jwt_secret=JWT_SECRET,
        cookie_secret="fuzz",
        daily_limit=0,  # quota answers are tested elsewhere; here every start may succeed
        simple_timeout_s=0.02,  # no worker: the sync call answers 202 at once
        poll_seconds=0.2,
    )
    app = create_app(settings, embed_worker=False, sse_ping_seconds=1)
    try:
        yield schemathesis.openapi.from_asgi("/openapi.json", app)
    finally:
        shutdown_lifespans()  # the app's lifespan ran on schemathesis's own event loop


def _fuzz(operation: Any, mode: schemathesis.GenerationMode, **fixed: Any) -> None:
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @hypothesis_settings(
        max_examples=MAX_EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: schemathesis.Case[Any]) -> None:
        response = case.call(timeout=30)
        case.validate_response(response, checks=CHECKS)

    run()


async def _fuzzers_site(database_url: str, job_id: str) -> str:
    """A site of the fuzzing user, so that edits, photos and publishing hit a real site."""
    database = open_database(database_url, pool_size=1)
    try:
        draft = SiteDraft(
            job_id=job_id,
            style="modern",
            palette=None,
            profile=analyze("Kedai kopi di Ipoh, kopi putih RM2.80", "ms"),
            copy=None,
        )
        site, _ = await SiteStore(database).create(FUZZER, draft)
        return site.site_id
    finally:
        await database.close()


def test_no_request_gets_a_server_error(fuzzed_schema: Any, database_url: str) -> None:
    job_id = asyncio.run(_finished_job(database_url))
    site_id = asyncio.run(_fuzzers_site(database_url, job_id))
    signed_in = {"headers": bearer(FUZZER)}
    operations = [result.ok() for result in fuzzed_schema.get_all_operations()]
    assert len(operations) >= 8
    negated = []
    for operation in operations:
        _fuzz(operation, schemathesis.GenerationMode.POSITIVE)
        try:
            _fuzz(operation, schemathesis.GenerationMode.NEGATIVE)
            negated.append(operation.label)
        except Unsatisfiable:
            pass  # nothing in this operation's inputs can be made invalid (no body, free text)
        _fuzz(operation, schemathesis.GenerationMode.POSITIVE, **signed_in)
        if "{job_id}" in operation.path:
            _fuzz(
                operation,
                schemathesis.GenerationMode.POSITIVE,
                path_parameters={"job_id": job_id},
                **signed_in,
            )
        if "{site_id}" in operation.path:
            _fuzz(
                operation,
                schemathesis.GenerationMode.POSITIVE,
                path_parameters={"site_id": site_id},
                **signed_in,
            )
    assert {"POST /api/generate/start", "POST /api/generate-simple"} <= set(negated), negated
    assert "GET /api/generate/status/{job_id}" in negated  # `wait` out of range
