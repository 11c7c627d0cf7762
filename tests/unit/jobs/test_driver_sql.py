"""Statements run on the driver's own connection send what SQLAlchemy sends, and fail the way
SQLAlchemy fails (the classes the store's retry rules and conflict check look at)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import NewJob, QuotaRule
from bina.jobs.create import JobCreation, JobIds
from bina.jobs.driver_errors import is_transient, sqlstate
from bina.jobs.driver_sql import DriverStatement, sqlalchemy_error
from bina.jobs.rows import RowReader
from bina.jobs.schema import metadata
from bina.jobs.webhook_statements import JobStatementsWithWebhooks

NOW = datetime(2026, 12, 1, 8, 30, 15, 123456, tzinfo=UTC)
NOTIFY = (sa.func.pg_notify("bina_job_queued", "").label("queue_notified"),)


def creation(queued: tuple[Any, ...] = ()) -> JobCreation:
    statements = JobStatementsWithWebhooks(WEBSITE_COLUMNS, (), queued)
    return JobCreation(statements, RowReader(WEBSITE_COLUMNS), 3)


def a_row(made: JobCreation) -> dict[str, Any]:
    new = NewJob(
        {"description": "Kedai <kopi>", "language": "en", "extra": [1, "dua"]},
        user_id="owner",
        idempotency_key="k",
        request_id="req-1",
        callback_url="https://example.com/hook",
    )
    return made.new_row(new, QuotaRule("owner", 3), NOW, JobIds())


def test_the_insert_sends_sqlite3_exactly_what_sqlalchemy_sends(tmp_path: Path) -> None:
    made = creation()
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'jobs.db'}")
    metadata.create_all(engine)
    sent: list[Any] = []
    sa.event.listen(
        engine, "before_cursor_execute", lambda *args: sent.append(args[3]), retval=False
    )
    values = a_row(made)
    with engine.begin() as conn:
        conn.execute(made.insert, values)
    driver = made.driver_statement(made.insert, engine.dialect)

    assert driver.parameters(values) == tuple(sent[-1])
    with engine.connect() as conn:  # and the row reads back as SQLAlchemy wrote it
        row = conn.execute(sa.text("SELECT * FROM generation_jobs")).one()
        raw = conn.connection.dbapi_connection
        assert raw is not None
        conn.execute(sa.text("DELETE FROM generation_jobs"))
        driver.execute(raw, values)  # type: ignore[arg-type]
        assert conn.execute(sa.text("SELECT * FROM generation_jobs")).one() == row


def test_the_postgres_statements_carry_their_literals_and_convert_like_sqlalchemy() -> None:
    made = creation(NOTIFY)
    dialect = make_url("postgresql+asyncpg://").get_dialect()()
    values = a_row(made)
    driver = made.driver_statement(made.insert, dialect)
    parameters = driver.parameters(values)

    assert driver.sql.startswith("INSERT INTO generation_jobs (")
    assert driver.sql.endswith("RETURNING pg_notify($22::VARCHAR, $23::VARCHAR) AS queue_notified")
    assert parameters[-2:] == ("bina_job_queued", "")  # the announcement's own literals
    columns = driver.sql.split("(", 1)[1].split(")", 1)[0].split(", ")
    by_column = dict(zip(columns, parameters, strict=False))
    assert by_column["payload"] == '{"extra": [1, "dua"]}'  # JSON text, as SQLAlchemy sends
    assert by_column["styles"] == "[]"
    assert by_column["created_at"] == NOW
    assert by_column["callback_url"] == "https://example.com/hook"
    assert made.driver_statement(made.insert, dialect) is driver  # compiled once


def test_a_required_value_that_is_missing_is_an_error_not_a_null() -> None:
    statement = sa.select(sa.literal(1)).where(sa.bindparam("x", type_=sa.Integer) > 0)
    driver = DriverStatement(statement, make_url("postgresql+asyncpg://").get_dialect()())
    with pytest.raises(KeyError):
        driver.parameters({})


@pytest.mark.parametrize(
    ("error", "kind", "transient"),
    [
        (sqlite3.IntegrityError("UNIQUE constraint failed"), sa_exc.IntegrityError, False),
        (sqlite3.OperationalError("disk I/O error"), sa_exc.OperationalError, None),
        (sqlite3.ProgrammingError("bad"), sa_exc.ProgrammingError, False),
        (asyncpg.UniqueViolationError("duplicate key"), sa_exc.IntegrityError, False),
        (asyncpg.DeadlockDetectedError("deadlock"), sa_exc.DBAPIError, True),
        (asyncpg.ConnectionDoesNotExistError("closed"), sa_exc.DBAPIError, True),
        (asyncpg.UndefinedFunctionError("no such function"), sa_exc.ProgrammingError, False),
        (asyncpg.InterfaceError("connection is closed"), sa_exc.InterfaceError, True),
    ],
)
def test_driver_errors_arrive_as_sqlalchemy_errors(
    error: Exception, kind: type[sa_exc.DBAPIError], transient: bool | None
) -> None:
    translated = sqlalchemy_error(error, "SELECT 1", (), False)

    assert type(translated) is kind
    assert translated.orig is error
    if isinstance(error, asyncpg.PostgresError):
        assert sqlstate(translated) == error.sqlstate
    if transient is not None:
        assert is_transient(translated) is transient


def test_a_sqlite_lock_stays_transient_through_the_translation() -> None:
    locked = sqlite3.OperationalError("database is locked")
    locked.sqlite_errorcode = 5  # SQLITE_BUSY, as sqlite3 sets it
    assert is_transient(sqlalchemy_error(locked, "INSERT", (), False))


def test_a_closed_connection_is_marked_invalidated() -> None:
    translated = sqlalchemy_error(asyncpg.InterfaceError("closed"), "SELECT 1", (), True)
    assert translated.connection_invalidated and is_transient(translated)
