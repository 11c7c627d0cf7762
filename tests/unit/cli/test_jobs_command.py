"""`bina jobs`: jobs named by a prefix of their id, JSON listings, statuses checked, on a real
SQLite file and the real PostgreSQL server."""

from __future__ import annotations

import asyncio
import io
import json
import typing
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from rich.console import Console
from typer.testing import CliRunner

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.cli import app
from bina.cli.jobs import Status, job_table
from bina.config import get_settings
from bina.jobs import Job, JobStatus, JobStore, open_store
from bina.jobs.lookup import like_pattern
from bina.jobs.schema import generation_jobs
from tests.job_helpers import site_job

FIRST = "abcdef01-0000-4000-8000-000000000001"
SECOND = "abcdef02-0000-4000-8000-000000000002"
THIRD = "12345678-0000-4000-8000-000000000003"


async def _seed(database_url: str) -> None:
    """Three queued jobs whose ids are chosen: two share their first six characters."""
    async with open_store(database_url, columns=WEBSITE_COLUMNS, listen=False) as store:
        for wanted, description in ((FIRST, "Kedai satu"), (SECOND, "Kedai dua"), (THIRD, "Tiga")):
            job, _ = await store.create_job(site_job(description))

            def rename(conn: sa.Connection, old: str = job.job_id, new: str = wanted) -> None:
                conn.execute(
                    sa.update(generation_jobs)
                    .where(generation_jobs.c.job_id == old)
                    .values(job_id=new)
                )

            await store.database.write(rename, one_statement=True)


@pytest.fixture
def seeded(database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[str]:
    """The configured database (DATABASE_URL) holds the three jobs; no .env is read."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    asyncio.run(_seed(database_url))
    yield database_url
    get_settings.cache_clear()


def _status(database_url: str, job_id: str) -> JobStatus:
    async def read() -> JobStatus:
        async with open_store(database_url, columns=WEBSITE_COLUMNS, listen=False) as store:
            job = await store.get_job(job_id)
            assert job is not None
            return job.status

    return asyncio.run(read())


def test_a_unique_prefix_names_the_job(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "show", "abcdef01", "--json"])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["job_id"] == FIRST
    assert document["description"] == "Kedai satu"
    assert document["status"] == "queued"


def test_a_whole_id_and_an_upper_case_prefix_work_too(seeded: str) -> None:
    whole = CliRunner().invoke(app, ["jobs", "show", THIRD, "--json"])
    upper = CliRunner().invoke(app, ["jobs", "show", "ABCDEF02", "--json"])
    assert json.loads(whole.stdout)["job_id"] == THIRD
    assert json.loads(upper.stdout)["job_id"] == SECOND


def test_show_without_json_is_a_table_with_the_whole_id(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "show", "123456"])
    assert result.exit_code == 0, result.output
    assert THIRD in result.stdout
    assert "Tiga" in result.stdout


def test_an_ambiguous_prefix_is_refused_with_how_many_jobs_it_names(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "show", "abcdef"])
    assert result.exit_code == 6
    assert result.stderr.splitlines() == [
        "bina: error: abcdef is the start of 2 jobs' ids: give more of it"
    ]
    assert result.stdout == ""


def test_a_prefix_of_no_job_is_not_found(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "cancel", "fedcba98"])
    assert result.exit_code == 5
    assert result.stderr.splitlines() == ["bina: error: no job fedcba98"]


@pytest.mark.parametrize(
    "given", ["abcde", "abcdef0%", "not-a-job-id", "abcdef01-0000-4000-8000-0000000000011"]
)
def test_what_cannot_start_a_job_id_is_a_usage_error(seeded: str, given: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "show", given])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "is not a job id" in result.stderr


def test_cancel_and_retry_take_a_prefix(seeded: str) -> None:
    canceled = CliRunner().invoke(app, ["jobs", "cancel", "123456"])
    assert canceled.exit_code == 0, canceled.output
    assert canceled.stdout.strip() == f"{THIRD}: canceled"
    assert _status(seeded, THIRD) == JobStatus.CANCELED
    retried = CliRunner().invoke(app, ["jobs", "retry", "1234567"])
    assert retried.stdout.strip() == f"{THIRD}: queued"
    assert _status(seeded, THIRD) == JobStatus.QUEUED
    assert _status(seeded, FIRST) == JobStatus.QUEUED  # the others untouched


def test_list_json_has_whole_ids_and_iso_timestamps(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "list", "--json"])
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert sorted(job["job_id"] for job in listed) == sorted([FIRST, SECOND, THIRD])
    for job in listed:
        created = datetime.fromisoformat(job["created_at"])
        assert created.utcoffset() is not None
        assert "T" in job["created_at"]
        assert job["status"] == "queued"
        assert "payload" not in job and "result" not in job


def test_list_filters_by_a_real_status(seeded: str) -> None:
    CliRunner().invoke(app, ["jobs", "cancel", SECOND])
    result = CliRunner().invoke(app, ["jobs", "list", "--status", "canceled", "--json"])
    assert [job["job_id"] for job in json.loads(result.stdout)] == [SECOND]


def test_an_unknown_status_is_a_usage_error(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "list", "--status", "bogus"])
    assert result.exit_code == 2
    assert "bogus" in result.stderr


def test_the_listing_shows_whole_ids(seeded: str) -> None:
    result = CliRunner().invoke(app, ["jobs", "list"])
    assert result.exit_code == 0, result.output
    for job_id in (FIRST, SECOND, THIRD):
        assert job_id in result.stdout


@pytest.mark.parametrize("width", [60, 80, 120])
def test_the_table_keeps_ids_whole_in_a_narrow_terminal(seeded: str, width: int) -> None:
    async def listed() -> list[Job]:
        async with open_store(seeded, columns=WEBSITE_COLUMNS, listen=False) as store:
            return await store.list_jobs()

    screen = Console(width=width, file=io.StringIO())
    screen.print(job_table(asyncio.run(listed())))
    text = screen.file.getvalue()  # type: ignore[attr-defined]
    for job_id in (FIRST, SECOND, THIRD):
        assert job_id in text


def test_the_status_choices_are_the_job_systems_statuses() -> None:
    assert set(typing.get_args(Status)) == {status.value for status in JobStatus}


async def test_lookup_escapes_like_wildcards(store: JobStore) -> None:
    created = [(await store.create_job(site_job(f"Kedai {n}")))[0] for n in range(2)]
    assert (await store.match_job_id("%")).count == 0
    assert (await store.match_job_id("______")).count == 0
    unique = await store.match_job_id(created[0].job_id[:8])
    assert (unique.count, unique.job_id) == (1, created[0].job_id)
    assert (await store.match_job_id("")).count == 2  # the empty prefix starts every id


def test_like_pattern_escapes_its_escape_character() -> None:
    assert like_pattern("a_b%c/") == "a/_b/%c//%"
