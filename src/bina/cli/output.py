"""`--json` output: one JSON document per command, the same conventions everywhere.

Scripts read these, so they get what a table shortens: full ids, timestamps in ISO 8601 with
their offset, statuses as their plain names.
"""

from __future__ import annotations

import dataclasses
import enum
import json
from datetime import datetime
from typing import Annotated, Any

import typer

JsonOption = Annotated[
    bool, typer.Option("--json", help="print one JSON document instead of a table")
]


def plain(value: Any) -> Any:
    """`value` (dataclasses, pydantic models, datetimes, enums, containers) as JSON data."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return plain(value.value)
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(item) for item in value]
    return value


def echo_json(value: Any) -> None:
    """Print `value` as one indented JSON document on standard output."""
    typer.echo(json.dumps(plain(value), indent=2, ensure_ascii=False))


def timestamp(value: datetime | None) -> str:
    """A timestamp for a table: to the minute, in UTC as stored (`--json` has it whole)."""
    return value.strftime("%Y-%m-%d %H:%M") if value is not None else ""
