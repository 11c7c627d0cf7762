"""On a Supabase-like database, nothing of Bina's is reachable through the Data API's roles.

Supabase serves the `public` schema to anyone holding the public `anon` key (and to signed-in
users as `authenticated`), and its default privileges grant every new table, sequence and
function to those roles. These tests make such a database (the roles, the schema usage, the
default privileges for the role that migrates), build Bina's schema in it by the migrations and
by `schema/postgres.sql`, then try everything as `anon` and `authenticated`.

The migrating role stands for Supabase's `postgres` role, which is not a superuser there: a
superuser would pass every check below, so Bina connects as a plain role (`options=-c role=…`).
The tests walk the schema's catalog, not a list of Bina's tables, so that a table or function
added later without its lockdown fails here.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import NewJob, open_store
from bina.jobs.connect import open_database
from bina.jobs.lockdown import lock_down_functions, lock_down_tables
from bina.jobs.migrate import alembic_config, upgrade_async
from tests.conftest import POSTGRES_ADMIN_URL, _with_database, skip_or_fail

pytestmark = pytest.mark.postgres

ROOT = Path(__file__).resolve().parents[2]
API_ROLES = ("anon", "authenticated")
#: Stands for Supabase's `postgres`: owns what it creates, no superuser, no BYPASSRLS.
OWNER = "bina_test_schema_owner"
# Cluster-wide, shared with any other run: created when missing, never dropped.
ROLES = {
    "anon": "NOLOGIN NOINHERIT",
    "authenticated": "NOLOGIN NOINHERIT",
    "service_role": "NOLOGIN NOINHERIT BYPASSRLS",
    OWNER: "NOLOGIN NOSUPERUSER NOBYPASSRLS",
}
# What a new Supabase project has in each database.
SUPABASE_GRANTS = [
    "GRANT USAGE ON SCHEMA public TO anon, authenticated, service_role",
    *(
        f"ALTER DEFAULT PRIVILEGES FOR ROLE {OWNER} IN SCHEMA public "
        f"GRANT ALL ON {kind} TO anon, authenticated, service_role"
        for kind in ("TABLES", "FUNCTIONS", "SEQUENCES")
    ),
]
TABLE_PRIVILEGES = ("SELECT", "INSERT", "UPDATE", "DELETE", "TRUNCATE", "REFERENCES", "TRIGGER")
PERMISSION_DENIED = asyncpg.InsufficientPrivilegeError


def _create_role(name: str, attributes: str) -> str:
    # Two runs at once may both find the role missing: the loser's error is harmless.
    return f"""DO $$ BEGIN
        IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{name}') THEN
            CREATE ROLE {name} {attributes};
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END $$"""


async def _connect(url: str) -> Any:
    return await asyncpg.connect(url, timeout=5)


@pytest.fixture
async def supabase_like() -> AsyncIterator[tuple[str, str]]:
    """A fresh, empty database set up as Supabase sets one up: (admin URL, Bina's URL)."""
    name = f"bina_supabase_{uuid.uuid4().hex[:12]}"
    admin_url = _with_database(POSTGRES_ADMIN_URL, "postgres")
    try:
        admin = await _connect(admin_url)
    except Exception as exc:
        skip_or_fail(
            f"PostgreSQL unreachable at {POSTGRES_ADMIN_URL}: {exc}", "BINA_TEST_REQUIRE_POSTGRES"
        )
    try:
        for role, attributes in ROLES.items():
            await admin.execute(_create_role(role, attributes))
        if not await admin.fetchval("SELECT pg_has_role(current_user, $1, 'MEMBER')", OWNER):
            await admin.execute(f"GRANT {OWNER} TO current_user")
        await admin.execute(f'CREATE DATABASE "{name}" OWNER {OWNER} TEMPLATE template0')
    finally:
        await admin.close()
    database_admin_url = _with_database(POSTGRES_ADMIN_URL, name)
    setup = await _connect(database_admin_url)
    try:
        for statement in SUPABASE_GRANTS:
            await setup.execute(statement)
    finally:
        await setup.close()
    # Bina's connections act as the owner role, whatever user the test server logs in as.
    bina_url = (
        make_url(database_admin_url)
        .update_query_dict({"options": f"-c role={OWNER}"})
        .render_as_string(hide_password=False)
    )
    try:
        yield database_admin_url, bina_url
    finally:
        admin = await _connect(admin_url)
        try:
            await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        finally:
            await admin.close()


# --- what anon and authenticated can do -----------------------------------------------------


async def _as_role(connection: Any, role: str, statement: str) -> Any:
    """`statement` run as `role`, in a transaction rolled back afterwards."""
    transaction = connection.transaction()
    await transaction.start()
    try:
        await connection.execute(f"SET LOCAL ROLE {role}")
        return await connection.fetch(statement)
    finally:
        await transaction.rollback()


async def _tables(connection: Any) -> list[str]:
    rows = await connection.fetch(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [row["tablename"] for row in rows]


async def _first_column(connection: Any, table: str) -> str:
    name: str = await connection.fetchval(
        "SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 "
        "AND NOT attisdropped ORDER BY attnum LIMIT 1",
        _quoted(table),
    )
    return name


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


async def _routines(connection: Any) -> list[tuple[str, str]]:
    """Every function and procedure of the schema: (its signature, a call with NULLs)."""
    rows = await connection.fetch(
        """SELECT p.oid::regprocedure::text AS signature, p.proname, p.prokind,
                  array(SELECT format_type(t, NULL) FROM unnest(p.proargtypes) t) AS types
           FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace"""
    )
    calls = []
    for row in rows:
        arguments = ", ".join(f"NULL::{type_name}" for type_name in row["types"])
        verb = "CALL" if row["prokind"] == "p" else "SELECT"
        calls.append((row["signature"], f"{verb} {_quoted(row['proname'])}({arguments})"))
    return calls


async def _seed(bina_url: str) -> None:
    """A claimed job: with the version row, rows that anon must not see."""
    async with open_store(bina_url, columns=WEBSITE_COLUMNS, listen=False) as store:
        await store.create_job(NewJob({"description": "Kedai"}, user_id="owner-1"))
        claimed = await store.claim_jobs("worker-1", 1, timedelta(seconds=30))
        assert len(claimed) == 1


async def _assert_locked(admin_url: str) -> None:
    connection = await _connect(admin_url)
    try:
        tables = await _tables(connection)
        assert {"generation_jobs", "bina_alembic_version", "sites"} <= set(tables)
        for table in tables:
            counted = await connection.fetchval(f"SELECT count(*) FROM {_quoted(table)}")
            column = _quoted(await _first_column(connection, table))
            attempts = [
                f"SELECT * FROM {_quoted(table)}",
                f"INSERT INTO {_quoted(table)} DEFAULT VALUES",
                f"UPDATE {_quoted(table)} SET {column} = {column}",
                f"DELETE FROM {_quoted(table)}",
                f"TRUNCATE {_quoted(table)}",
            ]
            for role in API_ROLES:
                for privilege in TABLE_PRIVILEGES:
                    held = await connection.fetchval(
                        "SELECT has_table_privilege($1, $2::regclass, $3)",
                        role,
                        _quoted(table),
                        privilege,
                    )
                    assert not held, f"{role} has {privilege} on {table}"
                for attempt in attempts:
                    with pytest.raises(PERMISSION_DENIED):
                        await _as_role(connection, role, attempt)
            # Nothing was changed by the attempts (each was refused before touching a row).
            assert await connection.fetchval(f"SELECT count(*) FROM {_quoted(table)}") == counted
        rls_off = await connection.fetch(
            "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace "
            "AND relkind IN ('r', 'p') AND NOT relrowsecurity"
        )
        assert [row["relname"] for row in rls_off] == []
        sequences = await connection.fetch(
            "SELECT c.oid::regclass::text AS name FROM pg_class c "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'S'"
        )
        for sequence in sequences:
            for role in API_ROLES:
                for privilege in ("USAGE", "SELECT", "UPDATE"):
                    assert not await connection.fetchval(
                        "SELECT has_sequence_privilege($1, $2, $3)",
                        role,
                        sequence["name"],
                        privilege,
                    ), f"{role} has {privilege} on {sequence['name']}"
        routines = await _routines(connection)
        assert any(sig.startswith("bina_start_job(") for sig, _call in routines), routines
        for signature, call in routines:
            for role in API_ROLES:
                executable = await connection.fetchval(
                    "SELECT has_function_privilege($1, $2::regprocedure, 'EXECUTE')",
                    role,
                    signature,
                )
                assert not executable, f"{role} may execute {signature}"
                with pytest.raises(PERMISSION_DENIED, match="permission denied for"):
                    await _as_role(connection, role, call)
    finally:
        await connection.close()


async def test_migrations_leave_nothing_to_the_data_api_roles(
    supabase_like: tuple[str, str],
) -> None:
    admin_url, bina_url = supabase_like
    await upgrade_async(bina_url)
    await _seed(bina_url)
    await _assert_locked(admin_url)


async def test_the_shipped_sql_leaves_nothing_to_the_data_api_roles(
    supabase_like: tuple[str, str],
) -> None:
    admin_url, _bina_url = supabase_like
    connection = await _connect(admin_url)
    try:
        await connection.execute(f"SET ROLE {OWNER}")
        await connection.execute((ROOT / "schema" / "postgres.sql").read_text())
    finally:
        await connection.close()
    await _assert_locked(admin_url)


async def test_row_level_security_hides_every_row_even_from_a_role_granted_the_table(
    supabase_like: tuple[str, str],
) -> None:
    # Defence in depth: someone grants the tables again (by hand, by a default privilege
    # added later); with RLS on and no policy, the API roles still see and change nothing.
    admin_url, bina_url = supabase_like
    await upgrade_async(bina_url)
    await _seed(bina_url)
    connection = await _connect(admin_url)
    try:
        tables = await _tables(connection)
        for table in tables:
            await connection.execute(f"GRANT ALL ON {_quoted(table)} TO anon, authenticated")
        seen_by_owner = {}
        for table in tables:
            seen_by_owner[table] = await connection.fetchval(
                f"SELECT count(*) FROM {_quoted(table)}"
            )
            for role in API_ROLES:
                rows = await _as_role(connection, role, f"SELECT * FROM {_quoted(table)}")
                assert rows == [], f"{role} sees rows of {table}"
                changed = await _as_role(
                    connection, role, f"DELETE FROM {_quoted(table)} RETURNING 1"
                )
                assert changed == [], f"{role} deleted rows of {table}"
        # The rows are there: only RLS kept them out of sight.
        assert seen_by_owner["generation_jobs"] == 1
        assert seen_by_owner["bina_alembic_version"] == 1
        with pytest.raises(PERMISSION_DENIED, match="row-level security"):
            await _as_role(
                connection, "anon", "INSERT INTO retired_slugs VALUES ('x', now()) RETURNING 1"
            )
    finally:
        await connection.close()


async def test_bina_works_as_the_owner_with_rls_on(supabase_like: tuple[str, str]) -> None:
    # Bina's own role owns the tables; RLS is on but not forced, so it reads and writes all.
    _admin_url, bina_url = supabase_like
    await upgrade_async(bina_url)
    await _seed(bina_url)
    database = open_database(bina_url, pool_size=1)

    def look(conn: sa.Connection) -> dict[str, Any]:
        role = conn.execute(
            sa.text(
                "SELECT current_user AS name, rolsuper, rolbypassrls FROM pg_roles "
                "WHERE rolname = current_user"
            )
        ).one()
        jobs = conn.execute(sa.text("SELECT count(*) FROM generation_jobs")).scalar_one()
        return {"role": tuple(role), "jobs": jobs}

    try:
        seen = await database.read(look)
    finally:
        await database.close()
    assert seen == {"role": (OWNER, False, False), "jobs": 1}


async def test_downgrade_undoes_the_lockdown_and_upgrade_redoes_it(
    supabase_like: tuple[str, str],
) -> None:
    admin_url, bina_url = supabase_like
    await upgrade_async(bina_url)
    await _migrate(bina_url, command.downgrade, "0007")
    connection = await _connect(admin_url)
    try:
        assert (
            await connection.fetchval(
                "SELECT bool_or(relrowsecurity) FROM pg_class "
                "WHERE relnamespace = 'public'::regnamespace AND relkind = 'r'"
            )
            is False
        )
        # PostgreSQL's default is back: every role may call the function (as itself).
        assert await connection.fetchval(
            "SELECT has_function_privilege('anon', 'bina_start_job(text[], jsonb, text, "
            "integer, timestamptz, timestamptz)', 'EXECUTE')"
        )
    finally:
        await connection.close()
    await upgrade_async(bina_url)
    await _assert_locked(admin_url)


async def _migrate(url: str, step: Callable[..., Any], revision: str) -> None:
    config = alembic_config(url)

    def run(connection: sa.Connection) -> None:
        config.attributes["connection"] = connection
        step(config, revision)

    database = open_database(url, pool_size=1)
    try:
        await database.write(run, one_statement=False)
    finally:
        await database.close()


async def test_the_lockdown_runs_where_the_api_roles_do_not_exist(
    supabase_like: tuple[str, str],
) -> None:
    # A plain PostgreSQL has no anon or authenticated: the same statements must run there.
    _admin_url, bina_url = supabase_like
    await upgrade_async(bina_url)
    absent = (f"bina_absent_{uuid.uuid4().hex[:8]}",)
    database = open_database(bina_url, pool_size=1)

    def lock_again(conn: sa.Connection) -> None:
        conn.execute(sa.text(lock_down_tables(["generation_jobs", "sites"], roles=absent)))
        conn.execute(sa.text(lock_down_functions(roles=absent)))

    try:
        await database.write(lock_again, one_statement=False)
    finally:
        await database.close()
