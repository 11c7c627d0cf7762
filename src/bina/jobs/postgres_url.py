"""PostgreSQL URLs as providers hand them out (libpq's form), made fit for asyncpg.

Supabase, Neon or RDS give `postgresql://user:password@host:port/db?sslmode=require`, in libpq's
terms. asyncpg reads those terms itself when it is handed the whole URL as its DSN: `sslmode`
(disable, allow, prefer, require, verify-ca, verify-full), `sslrootcert`, `sslcert`, `sslkey`,
`sslpassword`, `sslcrl`, `sslnegotiation`, `target_session_attrs`, `passfile`, `service`, `host`
(a socket directory)…, and sends the others (`application_name`, `options`) to the server as
settings when it connects. SQLAlchemy's asyncpg dialect instead turns each query item into a
keyword argument of `asyncpg.connect()`, which has no `sslmode` (a TypeError). So every place
that connects hands asyncpg the DSN (`asyncpg_dsn`), and the engine's own URL keeps no query.

Taken out of the DSN: Bina's own flag (`pgbouncer`), and libpq's client-side knobs that asyncpg
does not read and that change neither where it connects nor how safely (`connect_timeout`,
keepalives…): asyncpg would send them to the server, which refuses unknown settings. Bina's own
connect timeout applies instead.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.engine import make_url

#: `?pgbouncer=true`: a pooler in transaction mode sits in between (`false` says it does not).
POOLER_FLAG = "pgbouncer"
#: libpq's sslmode values, which asyncpg accepts too.
SSL_MODES = ("disable", "allow", "prefer", "require", "verify-ca", "verify-full")
#: libpq parameters without meaning for asyncpg that are safe to leave out.
CLIENT_ONLY_PARAMETERS = (
    "connect_timeout",
    "fallback_application_name",
    "keepalives",
    "keepalives_idle",
    "keepalives_interval",
    "keepalives_count",
    "tcp_user_timeout",
    "sslcompression",
    "sslsni",
)
# Supabase's transaction-mode port: its shared pooler (Supavisor) on *.pooler.supabase.com and
# the dedicated pooler (PgBouncer) on db.<ref>.supabase.co; 5432 on either is session mode.
_SUPABASE_TRANSACTION_PORT = 6543
_SUPABASE_HOSTS = (".pooler.supabase.com", ".supabase.co")


def behind_transaction_pooler(database_url: str) -> bool:
    """Whether a pooler in transaction mode sits in between: `?pgbouncer=true` (or `1`), or
    Supabase's port 6543 when the URL does not say (`?pgbouncer=false` says it is not)."""
    url = make_url(database_url)
    flag = _single(url.query.get(POOLER_FLAG))
    if flag is not None:
        return flag.strip().lower() in ("1", "true", "yes", "on")
    host = (url.host or "").lower().rstrip(".")
    return url.port == _SUPABASE_TRANSACTION_PORT and host.endswith(_SUPABASE_HOSTS)


def asyncpg_dsn(database_url: str) -> str:
    """The URL as asyncpg's DSN: libpq's parameters kept for asyncpg to read, Bina's flag and
    the client-side knobs asyncpg does not know left out. ValueError on an unknown sslmode."""
    url = make_url(database_url)
    sslmode = _single(url.query.get("sslmode"))
    if sslmode is not None and sslmode not in SSL_MODES:
        raise ValueError(
            f"DATABASE_URL has sslmode={sslmode!r}; it must be one of: {', '.join(SSL_MODES)}"
        )
    kept = url.set(drivername="postgresql").difference_update_query(
        [POOLER_FLAG, *CLIENT_ONLY_PARAMETERS]
    )
    return kept.render_as_string(hide_password=False)


def engine_url(database_url: str) -> sa.URL:
    """The URL SQLAlchemy's engine is made with: asyncpg's dialect, no query (asyncpg reads the
    parameters from the DSN given alongside; the user, host and database here say the same)."""
    url = make_url(database_url)
    return url.set(drivername="postgresql+asyncpg", query={})


def _single(value: str | tuple[str, ...] | None) -> str | None:
    """A query parameter given several times counts by its last value, as libpq reads it."""
    if isinstance(value, tuple):
        return value[-1] if value else None
    return value
