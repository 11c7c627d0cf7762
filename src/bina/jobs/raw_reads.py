"""A job read that leaves the job's JSON outputs as the database's text, undecoded.

`JobStore.get_job` decodes every JSON column into Python values: right for the program's own
use, and wasted on a reader that only passes the outputs on (a status answer carrying every
finished design's HTML: ~100 KB decoded and encoded again per poll). Here the columns that
hold a job's outputs (the partial-result and result keys a `ColumnMap` gives a column of
their own) come back as they are stored: a JSON column as its UTF-8 JSON text (PostgreSQL:
jsonb's text output, as `jsonb_send` sends it; SQLite: the stored text), any other column as
its value. The small fields come as `Job` has them.

The outputs are what `Job` would hold, but for the decoding, unless `whole` is false: an
output's column is empty while the job's JSON rest (`result`) could hold that key, a JSON
column holds a JSON string (the original system wrote JSON text inside JSON, which `Job`
decodes once more), or a text column holds something else (SQLite keeps whatever it is
given). Whoever gets a job that is not whole reads it with `get_job` instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.compiler import SQLCompiler
from sqlalchemy.sql.functions import FunctionElement

from bina.jobs.columns import ColumnMap
from bina.jobs.models import JobStatus
from bina.jobs.schema import generation_jobs as jobs

#: An output's stored value: a JSON column's UTF-8 JSON text, another column's text.
Stored = bytes | str


@dataclass(frozen=True, slots=True)
class JobText:
    """A job's small fields, and its outputs as stored (JSON as text, never decoded)."""

    job_id: str
    user_id: str | None
    status: JobStatus
    progress: int
    stage: str
    message: str | None
    error: str | None
    created_at: datetime
    updated_at: datetime
    version: int
    #: Each partial-result key with a column of its own -> its stored value (None: empty).
    partial: Mapping[str, Stored | None]
    #: The same for the result's keys; None until the job completes, as `Job.result`.
    result: Mapping[str, Stored | None] | None
    #: False when `partial` or `result` may differ from `Job`'s (see the module docstring).
    whole: bool

    @property
    def is_finished(self) -> bool:
        return self.status.is_finished


class _JsonBytes(sa.TypeDecorator[bytes]):
    """UTF-8 JSON text as bytes: the driver hands it over without decoding it, and a caller
    that writes it out has nothing to encode either.

    PostgreSQL sends it in jsonb's binary format (`jsonb_send`): a version byte, then the very
    text jsonb's text output makes. That is the cheapest way out of the server (a cast to text
    or `convert_to` copied and checked 86 KB of designs once more, 50–100 µs a poll). A version
    other than 1 is left in place: the text is then no JSON, and whoever checks it refuses it.
    """

    impl = sa.LargeBinary
    cache_ok = True

    def process_result_value(self, value: bytes | None, dialect: Dialect) -> bytes | None:
        if value is not None and dialect.name == "postgresql" and value[:1] == b"\x01":
            return value[1:]
        return value


class json_text(FunctionElement[bytes]):
    """A JSON column's value as the UTF-8 JSON text the database holds."""

    type = _JsonBytes()
    inherit_cache = True
    name = "json_text"


@compiles(json_text, "postgresql")
def _postgresql_json_text(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"jsonb_send({compiler.process(element.clauses, **kw)})"


@compiles(json_text, "sqlite")
def _sqlite_json_text(element: json_text, compiler: SQLCompiler, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS BLOB)"


class JobTextReads:
    """The statement of a job's text read, built once per store, and its rows made `JobText`."""

    def __init__(self, columns: ColumnMap) -> None:
        self.columns = columns
        self._output_columns = sorted({*columns.partial.values(), *columns.result.values()})
        self._json_columns = frozenset(
            name for name in self._output_columns if isinstance(jobs.c[name].type, sa.JSON)
        )
        outputs = [
            (json_text(jobs.c[name]) if name in self._json_columns else jobs.c[name]).label(
                f"output_{name}"
            )
            for name in self._output_columns
        ]
        self.statement = sa.select(
            jobs.c.job_id,
            jobs.c.user_id,
            jobs.c.status,
            jobs.c.progress,
            jobs.c.stage,
            jobs.c.message,
            jobs.c.error,
            jobs.c.created_at,
            jobs.c.updated_at,
            jobs.c.version,
            # Whether the JSON rest may hold an output key (tested without reading it).
            jobs.c.result.is_not(None).label("has_rest"),
            *outputs,
        ).where(jobs.c.job_id == sa.bindparam("job_id"))

    def first(self, rows: Sequence[Mapping[Any, Any]]) -> JobText | None:
        """The `JobText` of the statement's row, None when there is none."""
        return self.job_text(rows[0]) if rows else None

    def job_text(self, m: Mapping[Any, Any]) -> JobText:
        try:
            status = JobStatus(m["status"])
        except ValueError:
            status = JobStatus.FAILED  # as `RowReader` reads a row written by hand
        stored = {name: m[f"output_{name}"] for name in self._output_columns}
        has_rest = bool(m["has_rest"])
        # While a job runs, its partial results without a column are in the rest (columns.py).
        partial, partial_whole = self._outputs(
            self.columns.partial, stored, has_rest and not status.is_finished
        )
        result, result_whole = None, True
        if status == JobStatus.COMPLETED:
            result, result_whole = self._outputs(self.columns.result, stored, has_rest)
        return JobText(
            job_id=m["job_id"],
            user_id=m["user_id"],
            status=status,
            progress=int(m["progress"] or 0),
            stage=m["stage"] or status.value,
            message=m["message"],
            error=m["error"],
            created_at=m["created_at"],
            updated_at=m["updated_at"],
            version=int(m["version"] or 0),
            partial=partial,
            result=result,
            whole=partial_whole and result_whole,
        )

    def _outputs(
        self, keys: Mapping[str, str], stored: Mapping[str, Any], has_rest: bool
    ) -> tuple[dict[str, Stored | None], bool]:
        values: dict[str, Stored | None] = {}
        whole = True
        for key, column in keys.items():
            value = stored[column]
            if column in self._json_columns and value is not None:
                if value.strip() == b"null":
                    value = None  # decoded, JSON null is no value either
                elif value.lstrip()[:1] == b'"':
                    whole = False  # JSON text inside JSON: `Job` decodes it once more
            elif value is not None and not isinstance(value, str):
                whole = False  # SQLite keeps a number or a blob in a text column
            if value is None and has_rest:
                whole = False  # `Job` would look for the key in the rest
            values[key] = value
        return values, whole
