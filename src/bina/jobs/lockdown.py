"""Bina's tables and functions, closed to every role but Bina's own (PostgreSQL).

A Supabase project puts its Data API (PostgREST, GraphQL) in front of the `public` schema, where
Bina creates its objects, and answers anyone holding the public `anon` key. Supabase's default
privileges grant every new table, sequence and function to `anon` and `authenticated` directly,
and PostgreSQL grants EXECUTE on every new function to PUBLIC. So each migration that creates a
table or a function calls these, and the test of the lockdown walks the whole schema to catch
one that forgot.

What they do:
- Row Level Security on, with no policy: a role other than the owner that was granted the
  table anyway (by a default privilege added later, by hand) still sees no row and may write
  none. Bina connects as the tables' owner, to whom RLS does not apply (it is not FORCEd).
- No privilege at all on the table (and on the sequences it owns) for PUBLIC and the API roles.
- No EXECUTE for PUBLIC and the API roles on any `bina_*` function or procedure.

The API roles exist only on Supabase (or where an operator made them): each statement revokes
from those that exist, so the same migration runs on a plain PostgreSQL. Each helper returns one
statement (a DO block), which Alembic runs online and prints as it is for `bina migrate --sql`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

#: The roles a Supabase Data API request runs as: with the public key, or with a user's token.
API_ROLES = ("anon", "authenticated")

_NAME = re.compile(r"[a-z_][a-z0-9_]*")


def lock_down_tables(tables: Iterable[str], roles: Iterable[str] = API_ROLES) -> str:
    """RLS on (no policy) and no privileges for PUBLIC and `roles` on `tables` and the
    sequences they own."""
    table_names = _sql_array(tables)
    return f"""DO $bina_lockdown$
DECLARE
    table_name text;
    table_id regclass;
    grantee text;
    sequence_id regclass;
BEGIN
    FOREACH table_name IN ARRAY {table_names} LOOP
        table_id := quote_ident(table_name)::regclass;
        EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', table_id);
        FOR grantee IN {_grantees(roles)} LOOP
            EXECUTE format('REVOKE ALL ON TABLE %s FROM %s', table_id, grantee);
            FOR sequence_id IN
                SELECT d.objid::regclass FROM pg_depend d
                JOIN pg_class s ON s.oid = d.objid AND s.relkind = 'S'
                WHERE d.refobjid = table_id AND d.deptype IN ('a', 'i')
            LOOP
                EXECUTE format('REVOKE ALL ON SEQUENCE %s FROM %s', sequence_id, grantee);
            END LOOP;
        END LOOP;
    END LOOP;
END
$bina_lockdown$"""  # noqa: S608 - names checked by _sql_array, nothing else from outside


def unlock_tables(tables: Iterable[str]) -> str:
    """RLS off again on `tables`. Privileges are not handed back: before the lockdown only
    Supabase's default privileges had granted any, and those opened the tables to the public."""
    table_names = _sql_array(tables)
    return f"""DO $bina_lockdown$
DECLARE
    table_name text;
BEGIN
    FOREACH table_name IN ARRAY {table_names} LOOP
        EXECUTE format('ALTER TABLE %I DISABLE ROW LEVEL SECURITY', table_name);
    END LOOP;
END
$bina_lockdown$"""


def lock_down_functions(roles: Iterable[str] = API_ROLES) -> str:
    """No EXECUTE for PUBLIC and `roles` on every `bina_*` routine of the current schema
    (all of them at once, so a migration that replaces one by a new signature just calls this)."""
    return f"""DO $bina_lockdown$
DECLARE
    routine_id regprocedure;
    grantee text;
BEGIN
    FOR routine_id IN {_BINA_ROUTINES} LOOP
        FOR grantee IN {_grantees(roles)} LOOP
            EXECUTE format('REVOKE EXECUTE ON ROUTINE %s FROM %s', routine_id, grantee);
        END LOOP;
    END LOOP;
END
$bina_lockdown$"""


def unlock_functions() -> str:
    """EXECUTE on every `bina_*` routine for PUBLIC again, as PostgreSQL grants by default."""
    return f"""DO $bina_lockdown$
DECLARE
    routine_id regprocedure;
BEGIN
    FOR routine_id IN {_BINA_ROUTINES} LOOP
        EXECUTE format('GRANT EXECUTE ON ROUTINE %s TO PUBLIC', routine_id);
    END LOOP;
END
$bina_lockdown$"""


_BINA_ROUTINES = (
    "SELECT p.oid::regprocedure FROM pg_proc p "
    "WHERE p.pronamespace = current_schema()::regnamespace AND p.proname LIKE 'bina\\_%'"
)


def _grantees(roles: Iterable[str]) -> str:
    """A query of PUBLIC and those of `roles` that exist, ready for format('%s')."""
    named = _sql_array(roles)
    return f"""SELECT 'PUBLIC' UNION ALL SELECT quote_ident(rolname)::text FROM pg_roles
            WHERE rolname = ANY ({named})"""  # noqa: S608 - names checked by _sql_array


def _sql_array(names: Iterable[str]) -> str:
    listed = list(names)
    for name in listed:
        if not _NAME.fullmatch(name):
            raise ValueError(f"{name!r} is not a plain lower-case SQL name")
    if not listed:
        return "ARRAY[]::text[]"
    return "ARRAY[" + ", ".join(f"'{name}'" for name in listed) + "]::text[]"
