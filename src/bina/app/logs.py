"""How every `bina` process writes its log: readable lines, or one JSON object per line.

One configuration for all of them (`bina serve` and each of its server processes, `bina worker`,
`bina migrate`): a single handler on the root logger, so Bina's own lines, Uvicorn's server and
access lines, Alembic's migration lines and any library's all come out in the same format on
standard error. `BINA_LOG_FORMAT=json` is for log collectors: `time` (ISO-8601, UTC), `level`,
`logger`, `message`, `request_id` while a request (or the job it started) is being handled,
`exception` with the traceback when there is one, and the fields of Uvicorn's access lines.

The JSON encoding is python-json-logger's (kept up to date, no dependencies of its own): it
already turns exceptions, stack traces, dates and a call's `extra` fields into JSON.
"""

from __future__ import annotations

import logging
import logging.config
import time
from typing import Any

from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter

from bina import log_context

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s%(request_tag)s: %(message)s"
# Uvicorn passes a colored copy of some messages along; the plain one is enough.
_NOT_FIELDS = [*RESERVED_ATTRS, "color_message", "request_tag", "taskName"]
_ACCESS_FIELDS = ("client_addr", "method", "path", "http_version", "status_code")


class UtcTimes(logging.Formatter):
    """Times as ISO-8601 in UTC with milliseconds (2026-05-01T09:30:00.123Z), in any zone."""

    converter = staticmethod(time.gmtime)
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"


class TextFormatter(UtcTimes):
    """A readable line: time, level, logger, [request id,] message; then any traceback."""

    def __init__(self) -> None:
        super().__init__(TEXT_FORMAT)

    def format(self, record: logging.LogRecord) -> str:
        request_id = _request_id(record)
        record.request_tag = f" [{request_id}]" if request_id else ""
        return super().format(record)


class JsonLineFormatter(JsonFormatter):
    """One JSON object per record, on one line (tracebacks included, newlines escaped)."""

    def __init__(self) -> None:
        super().__init__(
            ["levelname", "name", "message"],
            rename_fields={"levelname": "level", "name": "logger", "exc_info": "exception"},
            reserved_attrs=_NOT_FIELDS,
            json_ensure_ascii=False,
        )
        self._times = UtcTimes()

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["time"] = self._times.formatTime(record)
        super().add_fields(log_data, record, message_dict)
        request_id = _request_id(record)
        if request_id:
            log_data["request_id"] = request_id
        args = record.args
        if record.name == "uvicorn.access" and isinstance(args, tuple) and len(args) == 5:
            # Uvicorn's access line: (client, method, path, HTTP version, status), as its own
            # access formatter reads them; as fields, a collector can count by status.
            log_data.update(zip(_ACCESS_FIELDS, args, strict=True))


def _request_id(record: logging.LogRecord) -> str | None:
    # A record may carry the id itself (logged with `extra`); else the one being handled now
    # (formatting runs in the caller's context: the handlers here are synchronous).
    given = getattr(record, "request_id", None)
    return str(given) if given else log_context.request_id.get()


def logging_config(level: str, log_format: str) -> dict[str, Any]:
    """The `logging.config.dictConfig` of every process (Uvicorn's `log_config` too)."""
    formatter = JsonLineFormatter if log_format == "json" else TextFormatter
    level = level.upper()
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"bina": {"()": f"{__name__}.{formatter.__qualname__}"}},
        "handlers": {
            "stderr": {
                "class": "logging.StreamHandler",
                "formatter": "bina",
                "stream": "ext://sys.stderr",
            }
        },
        "root": {"handlers": ["stderr"], "level": level},
        # Uvicorn's loggers come with handlers of their own (access lines on stdout): none
        # here, so that their lines reach the one handler above.
        "loggers": {
            **{
                name: {"handlers": [], "level": level, "propagate": True}
                for name in ("bina", "uvicorn", "uvicorn.error", "uvicorn.access")
            },
            # A line per Alembic plugin loaded, in every process: only when debugging.
            "alembic.runtime.plugins": {"level": "DEBUG" if level == "DEBUG" else "WARNING"},
        },
    }


def configure_logging(level: str, log_format: str) -> None:
    """Set this process's logging; call it first thing, before anything logs."""
    logging.config.dictConfig(logging_config(level, log_format))
    # Warnings are log lines too (printed raw, they would break a JSON log).
    logging.captureWarnings(True)
