"""What every log line of the current unit of work carries (a request, or the job it started).

A context variable, so that concurrent requests and jobs on one event loop each see their own;
the lowest layer, so that the job system and the API can both set it and the log formatter
read it without importing each other.
"""

from __future__ import annotations

from contextvars import ContextVar

#: The request id (`X-Request-ID`) of the request being answered, or of the request that
#: started the job being run; None outside both.
request_id: ContextVar[str | None] = ContextVar("bina_request_id", default=None)
