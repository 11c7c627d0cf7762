"""The two log formats: what one record becomes, as text and as JSON."""

from __future__ import annotations

import json
import logging
import sys

from bina import log_context
from bina.app.logs import JsonLineFormatter, TextFormatter, logging_config

# 2026-05-01T09:30:00.250 UTC
CREATED = 1777627800.25


def record(
    message: str = "job %s claimed",
    args: tuple[object, ...] = ("j1",),
    name: str = "bina.jobs.worker",
    exc_info: bool = False,
) -> logging.LogRecord:
    error = None
    if exc_info:
        try:
            1 / 0  # noqa: B018
        except ZeroDivisionError:
            error = sys.exc_info()
    made = logging.LogRecord(name, logging.WARNING, __file__, 1, message, args, error)
    made.created = CREATED
    made.msecs = 250.0
    return made


def test_a_json_line_has_the_time_in_utc_level_logger_and_message() -> None:
    line = JsonLineFormatter().format(record())
    assert json.loads(line) == {
        "time": "2026-05-01T09:30:00.250Z",
        "level": "WARNING",
        "logger": "bina.jobs.worker",
        "message": "job j1 claimed",
    }


def test_a_json_line_carries_the_request_id_being_handled() -> None:
    token = log_context.request_id.set("req-42")
    try:
        line = JsonLineFormatter().format(record())
    finally:
        log_context.request_id.reset(token)
    assert json.loads(line)["request_id"] == "req-42"
    assert "request_id" not in json.loads(JsonLineFormatter().format(record()))


def test_a_json_line_keeps_an_exception_on_the_same_line() -> None:
    line = JsonLineFormatter().format(record(exc_info=True))
    assert "\n" not in line
    fields = json.loads(line)
    assert fields["exception"].startswith("Traceback (most recent call last):")
    assert "ZeroDivisionError: division by zero" in fields["exception"]


def test_an_access_line_has_its_parts_as_fields_and_no_colored_copy() -> None:
    access = record(
        '%s - "%s %s HTTP/%s" %d',
        ("10.0.0.7:5123", "GET", "/api/health", "1.1", 200),
        name="uvicorn.access",
    )
    access.color_message = "\x1b[32mcolored\x1b[0m"
    fields = json.loads(JsonLineFormatter().format(access))
    assert fields["message"] == '10.0.0.7:5123 - "GET /api/health HTTP/1.1" 200'
    assert fields["status_code"] == 200 and fields["path"] == "/api/health"
    assert fields["method"] == "GET" and fields["client_addr"] == "10.0.0.7:5123"
    assert "color_message" not in fields


def test_a_text_line_is_readable_with_a_utc_time_and_the_request_id_when_there_is_one() -> None:
    assert (
        TextFormatter().format(record())
        == "2026-05-01T09:30:00.250Z WARNING bina.jobs.worker: job j1 claimed"
    )
    token = log_context.request_id.set("req-42")
    try:
        line = TextFormatter().format(record())
    finally:
        log_context.request_id.reset(token)
    assert line == "2026-05-01T09:30:00.250Z WARNING bina.jobs.worker [req-42]: job j1 claimed"


def test_every_logger_ends_in_the_one_handler_on_standard_error() -> None:
    config = logging_config("info", "json")
    assert config["root"] == {"handlers": ["stderr"], "level": "INFO"}
    assert config["handlers"]["stderr"]["stream"] == "ext://sys.stderr"
    assert config["formatters"]["bina"]["()"] == "bina.app.logs.JsonLineFormatter"
    for name in ("bina", "uvicorn", "uvicorn.error", "uvicorn.access"):
        assert config["loggers"][name]["handlers"] == []
        assert config["loggers"][name]["propagate"] is True
    text = logging_config("debug", "text")
    assert text["formatters"]["bina"]["()"] == "bina.app.logs.TextFormatter"
    assert text["root"]["level"] == "DEBUG"
