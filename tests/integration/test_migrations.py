"""Migrations: they build exactly the schema the code uses, and upgrade the original table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from bina.api import site_jobs
from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import JobStatus, open_store
from bina.jobs.connect import open_database
from bina.jobs.migrate import upgrade_async, upgrade_sql
from bina.sites import schema as _site_tables  # noqa: F401  (registers the site tables)
from bina.sql_types import metadata

ROOT = Path(__file__).resolve().parents[2]

SEED_SQL_POSTGRES = """
CREATE TABLE generation_jobs (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    job_id text UNIQUE NOT NULL,
    status text DEFAULT 'processing',
    progress int DEFAULT 0,
    html text,
    styles jsonb,
    error text,
    description text,
    language text DEFAULT 'ms',
    user_id text,
    created_at timestamptz DEFAULT now(),
    updated_at timestamptz DEFAULT now()
)
"""


async def _schema_differences(url: str) -> list[object]:
    def compare(conn: sa.Connection) -> list[object]:
        context = MigrationContext.configure(conn, opts={"version_table": "bina_alembic_version"})
        return list(compare_metadata(context, metadata))

    database = open_database(url, pool_size=1)
    try:
        differences: list[object] = await database.read(compare)
        return differences
    finally:
        await database.close()


async def test_migrations_build_the_schema_the_code_uses(database_url: str) -> None:
    assert await _schema_differences(database_url) == []


async def test_migrations_can_run_again(database_url: str) -> None:
    await upgrade_async(database_url)
    assert await _schema_differences(database_url) == []


def test_shipped_postgres_sql_matches_the_migrations() -> None:
    shipped = (ROOT / "schema" / "postgres.sql").read_text()
    assert shipped == upgrade_sql(), "regenerate with: bina migrate --sql > schema/postgres.sql"


def test_the_regeneration_command_prints_the_shipped_sql_on_a_sqlite_configuration(
    tmp_path: Path,
) -> None:
    """`bina migrate --sql` on the default (SQLite) configuration prints PostgreSQL's SQL: the
    shipped file, to stdout; logs and the note go to stderr."""
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": f"sqlite:///{tmp_path / 'bina.db'}"}
    done = subprocess.run(
        [sys.executable, "-m", "bina.cli", "migrate", "--sql"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == (ROOT / "schema" / "postgres.sql").read_text()
    assert "PostgreSQL's SQL" in done.stderr
    assert not (tmp_path / "bina.db").exists()  # printed, nothing run


async def _seed_then_migrate(url: str, create_sql: str, insert_sql: str) -> None:
    def seed(conn: sa.Connection) -> None:
        conn.execute(sa.text("DROP TABLE IF EXISTS bina_alembic_version"))
        for table in ("retired_slugs", "site_photos", "sites"):
            conn.execute(sa.text(f"DROP TABLE IF EXISTS {table}"))
        conn.execute(sa.text("DROP TABLE IF EXISTS job_workers"))
        conn.execute(sa.text("DROP TABLE IF EXISTS generation_jobs"))
        conn.execute(sa.text(create_sql))
        conn.execute(sa.text(insert_sql))

    database = open_database(url, pool_size=1)
    try:
        await database.write(seed, one_statement=False)
    finally:
        await database.close()
    # The operator's command, as a new process: `bina migrate`.
    subprocess.run(
        [sys.executable, "-m", "bina.cli", "migrate"],
        env={"DATABASE_URL": url, "PATH": "/usr/bin:/bin"},
        check=True,
        cwd=ROOT,
        capture_output=True,
    )


OLD_ROWS = """
INSERT INTO generation_jobs (job_id, status, progress, html, styles, description, user_id)
VALUES
 ('11111111-1111-4111-8111-111111111111', 'completed', 100, '<html>old</html>',
  '[{"style": "modern", "html": "<html>old</html>"}]', 'Kedai lama', 'user-1'),
 ('22222222-2222-4222-8222-222222222222', 'completed', 100, '<html>x</html>',
  to_jsonb('[{"style": "bold"}]'::text), 'JSON string inside JSON', 'user-1'),
 ('33333333-3333-4333-8333-333333333333', 'processing', 40, NULL, NULL,
  'Recent job of the old system', 'user-2')
"""


async def test_upgrade_keeps_the_original_postgres_rows(postgres_url: str) -> None:
    await _seed_then_migrate(postgres_url, SEED_SQL_POSTGRES, OLD_ROWS)
    assert await _schema_differences(postgres_url) == []
    async with open_store(postgres_url, columns=WEBSITE_COLUMNS, listen=False) as store:
        old = await store.get_job("11111111-1111-4111-8111-111111111111")
        assert old is not None
        assert (old.status, site_jobs.html_of(old), old.user_id) == (
            JobStatus.COMPLETED,
            "<html>old</html>",
            "user-1",
        )
        assert site_jobs.styles_of(old) == [{"style": "modern", "html": "<html>old</html>"}]
        assert old.finished_at is not None
        stringly = await store.get_job("22222222-2222-4222-8222-222222222222")
        assert stringly is not None and site_jobs.styles_of(stringly) == [{"style": "bold"}]
        # A job the old system was still running is finished by the new workers.
        stuck = await store.get_job("33333333-3333-4333-8333-333333333333")
        assert stuck is not None and stuck.status == JobStatus.QUEUED
        claimed = await store.claim_jobs("w", 5, __import__("datetime").timedelta(seconds=30))
        assert [job.job_id for job in claimed] == [stuck.job_id]


async def test_upgrade_keeps_the_original_sqlite_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'old.db'}"
    create = (
        "CREATE TABLE generation_jobs (id CHAR(32) PRIMARY KEY, job_id TEXT UNIQUE NOT NULL, "
        "status TEXT DEFAULT 'processing', progress INTEGER DEFAULT 0, html TEXT, styles JSON, "
        "error TEXT, description TEXT, language TEXT DEFAULT 'ms', user_id TEXT, "
        "created_at DATETIME DEFAULT CURRENT_TIMESTAMP, "
        "updated_at DATETIME DEFAULT CURRENT_TIMESTAMP)"
    )
    styles = json.dumps([{"style": "minimal", "html": "<p>hi</p>"}])
    insert = (
        "INSERT INTO generation_jobs (id, job_id, status, progress, html, styles, description) "
        f"VALUES ('aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '44444444-4444-4444-8444-444444444444', "
        f"'completed', 100, '<p>hi</p>', '{styles}', 'Kedai')"
    )
    await _seed_then_migrate(url, create, insert)
    async with open_store(url, columns=WEBSITE_COLUMNS) as store:
        job = await store.get_job("44444444-4444-4444-8444-444444444444")
        assert job is not None
        assert (job.status, site_jobs.html_of(job), site_jobs.description_of(job)) == (
            JobStatus.COMPLETED,
            "<p>hi</p>",
            "Kedai",
        )
        assert site_jobs.styles_of(job) == [{"style": "minimal", "html": "<p>hi</p>"}]
