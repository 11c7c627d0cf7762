"""Finding a job by the first characters of its id, the way an operator types it.

A job id is a 36-character UUID; people copy the first few characters from a listing. The
prefix goes into LIKE with its wildcards escaped, so `_` or `%` typed by mistake match
themselves instead of every job. The same statement runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from bina.jobs.schema import generation_jobs as jobs

# "/" rather than a backslash, which string literals on some servers would also escape.
_ESCAPE = "/"

#: How many jobs' ids start with the prefix, and the smallest of them (the one, when unique).
_MATCHES = sa.select(
    sa.func.count().label("matches"), sa.func.min(jobs.c.job_id).label("job_id")
).where(jobs.c.job_id.like(sa.bindparam("pattern"), escape=_ESCAPE))


@dataclass(frozen=True, slots=True)
class PrefixMatch:
    """Which jobs an id prefix names."""

    count: int
    #: The job's id when exactly one job matches; None otherwise.
    job_id: str | None


def like_pattern(prefix: str) -> str:
    """`prefix` as a LIKE pattern that matches ids starting with exactly these characters."""
    escaped = (
        prefix.replace(_ESCAPE, _ESCAPE * 2).replace("%", _ESCAPE + "%").replace("_", _ESCAPE + "_")
    )
    return escaped + "%"


def match_prefix(conn: sa.Connection, prefix: str) -> PrefixMatch:
    """The jobs whose id starts with `prefix` (ids are lower-case, so the prefix is too)."""
    row = conn.execute(_MATCHES, {"pattern": like_pattern(prefix.lower())}).one()
    count = int(row.matches)
    return PrefixMatch(count, row.job_id if count == 1 else None)
