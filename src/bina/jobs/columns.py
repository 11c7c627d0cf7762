"""Where a job's opaque JSON lives in `generation_jobs`: some keys in columns of their own.

The job system stores a payload, partial results and a result without reading them. Whoever
runs the jobs may name keys that get a column of their own (so that people reading the table
by hand, or an older client, find them there); every other key goes to a JSON column:
`payload` for the payload, `result` for the result and, while the job runs, for its partial
results. A column may also carry the value it holds before anything is written to it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from bina.jobs.models import Payload
from bina.jobs.schema import generation_jobs

#: Columns the job system itself uses: no payload or result key may be mapped onto them.
_RESERVED = frozenset(
    {
        "id",
        "job_id",
        "status",
        "progress",
        "stage",
        "message",
        "error",
        "user_id",
        "created_at",
        "updated_at",
        "attempts",
        "max_attempts",
        "worker_id",
        "lease_expires_at",
        "available_at",
        "started_at",
        "finished_at",
        "idempotency_key",
        "result",
        "payload",
        "quota_subject",
        "quota_refunded",
        "version",
    }
)


@dataclass(frozen=True, slots=True)
class ColumnMap:
    """Keys of the payload, the partial results and the result that have their own column."""

    #: payload key -> column, e.g. {"description": "description"}
    payload: Mapping[str, str] = field(default_factory=dict)
    #: partial-result key -> column (written with progress), e.g. {"styles": "styles"}
    partial: Mapping[str, str] = field(default_factory=dict)
    #: result key -> column (written on completion), e.g. {"html": "html"}
    result: Mapping[str, str] = field(default_factory=dict)
    #: column -> what it holds while nothing was written to it, e.g. {"styles": []}
    empty: Mapping[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for column in (*self.payload.values(), *self.partial.values(), *self.result.values()):
            if column not in generation_jobs.c or column in _RESERVED:
                raise ValueError(f"{column!r} is not a column a job's data can be mapped onto")

    @property
    def output_columns(self) -> tuple[str, ...]:
        """Columns that hold partial results or the result: cleared when an attempt starts."""
        return tuple(sorted({*self.partial.values(), *self.result.values()}))

    def empty_value(self, column: str) -> Any:
        return self.empty.get(column)

    def payload_values(self, payload: Payload) -> dict[str, Any]:
        """The columns a new job's payload fills, its own columns and the JSON rest."""
        return _split(payload, self.payload, "payload", self.empty)

    def partial_values(self, partial: Payload) -> dict[str, Any]:
        """The columns a progress report with these partial results writes."""
        values = {column: partial[key] for key, column in self.partial.items() if key in partial}
        rest = {key: value for key, value in partial.items() if key not in self.partial}
        if rest:
            values["result"] = rest
        return values

    def result_values(self, result: Payload) -> dict[str, Any]:
        """The columns a completion with this result writes (each output column, always)."""
        return _split(result, self.result, "result", self.empty, all_columns=True)

    def read_payload(self, row: Mapping[str, Any]) -> Payload:
        return _join(row, self.payload, row["payload"])

    def read_partial(self, row: Mapping[str, Any], finished: bool) -> Payload:
        # While a job runs, `result` holds the partial results that have no column.
        rest = None if finished else row["result"]
        return _join(row, self.partial, rest)

    def read_result(self, row: Mapping[str, Any]) -> Payload:
        return _join(row, self.result, row["result"])


def _split(
    data: Payload,
    columns: Mapping[str, str],
    rest_column: str,
    empty: Mapping[str, Any],
    *,
    all_columns: bool = False,
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    if all_columns:
        values.update({column: empty.get(column) for column in columns.values()})
    values.update({column: data[key] for key, column in columns.items() if key in data})
    rest = {key: value for key, value in data.items() if key not in columns}
    values[rest_column] = rest or None
    return values


def _join(row: Mapping[str, Any], columns: Mapping[str, str], rest: Any) -> Payload:
    data: Payload = dict(rest) if isinstance(rest, dict) else {}
    for key, column in columns.items():
        value = row[column]
        if isinstance(value, str) and column in _JSON_COLUMNS:
            value = _decoded(value)
        if value is not None:
            data[key] = value
    return data


_JSON_COLUMNS = frozenset(
    column.name for column in generation_jobs.c if isinstance(column.type, sa.JSON)
)


def _decoded(text: str) -> Any:
    """A JSON column holding JSON text inside JSON (how the original system wrote `styles`)."""
    try:
        return json.loads(text)
    except ValueError:
        return None
