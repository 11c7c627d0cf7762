"""`JobStore.get_job_text`: a job's outputs as stored, the same values `get_job` decodes.

On a real SQLite file and real PostgreSQL: through a job's life the text read says what the
decoded read says (its JSON outputs as the database's JSON text), and where it cannot (a row
written by hand: an output only in the JSON rest, JSON text inside JSON, a number in a text
column) it says so with `whole == False`.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import Claim, Job, JobStore, open_store
from bina.jobs.raw_reads import JobText
from tests.job_helpers import site_job, site_result

DESIGNS = [
    {
        "style": "modern",
        "name": "Moden \u2014 \U0001f35b",
        "description": 'a "d"',
        "html": "<p>m</p>",
    },
    {"style": "bold", "name": "Berani", "description": "</script>", "html": "<p>\\b</p>"},
]


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[JobStore]:
    async with open_store(database_url, columns=WEBSITE_COLUMNS, poll_seconds=0.1) as opened:
        yield opened


def decoded(value: bytes | str | None) -> Any:
    return json.loads(value) if isinstance(value, bytes) else value


async def assert_same(store: JobStore, job_id: str) -> JobText:
    """The text read holds what the decoded read holds, and says it is whole."""
    job = await store.get_job(job_id)
    text = await store.get_job_text(job_id)
    assert job is not None and text is not None
    assert text.whole
    for name in ("job_id", "user_id", "status", "progress", "stage", "message", "error"):
        assert getattr(text, name) == getattr(job, name), name
    assert (text.created_at, text.updated_at, text.version) == (
        job.created_at,
        job.updated_at,
        job.version,
    )
    assert {key: decoded(value) for key, value in text.partial.items() if value is not None} == {
        key: value for key, value in job.partial.items() if key in WEBSITE_COLUMNS.partial
    }
    if job.result is None:
        assert text.result is None
    else:
        assert text.result is not None
        assert {key: decoded(value) for key, value in text.result.items() if value is not None} == {
            key: value for key, value in job.result.items() if key in WEBSITE_COLUMNS.result
        }
    return text


async def claimed(store: JobStore, *, check_queued: bool = False) -> tuple[Claim, str]:
    """A new job, claimed (no other job waits in these tests)."""
    job, _ = await store.create_job(site_job("Kedai kopi di Ipoh"))
    if check_queued:
        queued = await assert_same(store, job.job_id)
        assert queued.partial == {"styles": b"[]"}
    taken = await store.claim_jobs("w1", 1, timedelta(seconds=30))
    assert [t.job_id for t in taken] == [job.job_id]
    return Claim(job.job_id, "w1", taken[0].attempts), job.job_id


async def test_through_a_jobs_life_the_text_says_what_the_decoded_job_says(
    store: JobStore,
) -> None:
    claim, job_id = await claimed(store, check_queued=True)
    await store.report_progress(claim, stage="styles", progress=40, partial={"styles": DESIGNS})
    running = await assert_same(store, job_id)
    assert isinstance(running.partial["styles"], bytes)

    result = site_result("<p>m</p>", DESIGNS, business_type="cafe", profile={"name": "x"})
    await store.complete(claim, result)
    done = await assert_same(store, job_id)
    assert done.result is not None
    assert done.result["html"] == "<p>m</p>" and done.result["business_type"] == "cafe"

    claim, failed = await claimed(store)
    await store.report_progress(claim, stage="styles", progress=40, partial={"styles": DESIGNS})
    await store.fail(claim, "it broke", retry_in=None)
    assert (await assert_same(store, failed)).error == "it broke"


async def test_no_job_is_none(store: JobStore) -> None:
    assert await store.get_job_text("00000000-0000-4000-8000-000000000000") is None
    assert await store.get_job_text("not-an-id") is None


async def test_json_null_is_no_value(store: JobStore, database_url: str) -> None:
    job, _ = await store.create_job(site_job("Kedai kopi di Ipoh"))
    job_id = job.job_id
    await write(database_url, job_id, styles="null")
    text = await assert_same(store, job_id)
    assert text.partial == {"styles": None}


@pytest.mark.parametrize(
    "columns",
    [
        pytest.param(
            {"styles": None, "result": json.dumps({"styles": DESIGNS})}, id="only in the rest"
        ),
        pytest.param({"styles": json.dumps(json.dumps(DESIGNS))}, id="JSON text inside JSON"),
    ],
)
async def test_what_only_the_decoded_job_knows_is_not_whole(
    store: JobStore, database_url: str, columns: dict[str, str | None]
) -> None:
    _claim, job_id = await claimed(store)
    await write(database_url, job_id, **columns)
    job, text = await store.get_job(job_id), await store.get_job_text(job_id)
    assert job is not None and text is not None
    assert job.partial["styles"] == DESIGNS  # found where only the decoded read looks
    assert not text.whole


async def test_a_blob_in_a_text_column_is_not_whole(store: JobStore, database_url: str) -> None:
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL keeps only text in a text column")  # SQLite: anything
    claim, job_id = await claimed(store)
    await store.complete(claim, site_result("<p>m</p>", DESIGNS, business_type="cafe"))
    await write(database_url, job_id, business_type=b"cafe")
    text = await store.get_job_text(job_id)
    assert text is not None and not text.whole


async def test_a_finished_job_ignores_its_rest_as_the_decoded_job_does(
    store: JobStore, database_url: str
) -> None:
    claim, job_id = await claimed(store)
    await store.fail(claim, "it broke", retry_in=None)
    await write(database_url, job_id, styles=None, result=json.dumps({"styles": DESIGNS}))
    job: Job | None = await store.get_job(job_id)
    assert job is not None and job.partial == {}
    text = await store.get_job_text(job_id)
    assert text is not None and text.whole and text.partial == {"styles": None}


async def write(database_url: str, job_id: str, **columns: Any) -> None:
    """Set columns as another program would (JSON given as text), bumping the version."""
    names = list(columns)
    if database_url.startswith("sqlite"):
        path = make_url(database_url).database
        assert path
        assignments = ", ".join(f"{name} = ?" for name in names)

        def run() -> None:
            with contextlib.closing(sqlite3.connect(path)) as connection, connection:
                connection.execute(
                    f"UPDATE generation_jobs SET {assignments}, version = version + 1"
                    " WHERE job_id = ?",
                    [*columns.values(), job_id],
                )

        await asyncio.to_thread(run)
        return
    casts = {"styles": "::jsonb", "result": "::jsonb"}
    assignments = ", ".join(
        f"{name} = ${index}{casts.get(name, '')}" for index, name in enumerate(names, 1)
    )
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            f"UPDATE generation_jobs SET {assignments}, version = version + 1"
            f" WHERE job_id = ${len(names) + 1}",
            *columns.values(),
            job_id,
        )
    finally:
        await connection.close()
