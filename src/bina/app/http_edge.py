"""The HTTP edge of `bina serve`: Uvicorn's httptools protocol with the limits it lacks.

Uvicorn waits forever for a request's headers and lets them grow without bound (httptools
gathers each header in memory until its end arrives: four 64 MiB headers grew a process by
130 MiB, and it kept most of it). So, on every connection:

* the request line and headers must be complete within `BINA_HEADER_TIMEOUT_S`, counted from
  the connection's start or from the first byte of each next request; a request still
  incomplete then is answered 408 and closed. A body that stops arriving for as long is
  closed too: the silence between two reads counts, not the whole upload (nginx's
  `client_body_timeout`), so a large photo on a slow phone still gets through.
* the request line and headers together are bounded by `BINA_MAX_HEADER_BYTES`: the parser is
  never fed past the bound; the request is answered 431 and the connection closed.
* a process holding `BINA_MAX_CONNECTIONS` connections (or as many requests in progress)
  answers the next request 503 at once: Uvicorn's `limit_concurrency` rule, answered in the
  API's JSON error shape instead of plain text.

The clocks only run while the server is reading: when it stops reading on purpose (a body
waiting for the app to take it, pipelined requests queued), the client is not to blame.
"""

from __future__ import annotations

import asyncio
import enum
import functools
import http
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from uvicorn._types import ASGIReceiveCallable, ASGISendCallable, Scope
from uvicorn.config import Config
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.server import ServerState

from bina.api.request_id import HEADER as REQUEST_ID_HEADER
from bina.api.request_id import new_request_id
from bina.config import Settings, get_settings

logger = logging.getLogger(__name__)

#: After answering 431 or 408, how long the connection keeps reading (and dropping) what the
#: client still sends before closing. Closing a socket with unread input sends a reset that
#: can destroy the answer before the client reads it (RFC 9112 §9.6, "lingering close").
LINGER_SECONDS = 2.0


@dataclass(frozen=True)
class EdgeLimits:
    """The limits of one server process (from BINA_HEADER_TIMEOUT_S and its neighbours)."""

    header_timeout_s: float
    max_header_bytes: int
    max_connections: int

    @classmethod
    def from_settings(cls, settings: Settings) -> EdgeLimits:
        return cls(settings.header_timeout_s, settings.max_header_bytes, settings.max_connections)


@functools.cache
def process_limits() -> EdgeLimits:
    return EdgeLimits.from_settings(get_settings())


class Phase(enum.Enum):
    """Where the connection is in the request it is reading."""

    WAITING = "waiting"  # between requests: Uvicorn's keep-alive timeout is in charge
    HEAD = "head"  # the request line and headers are arriving
    BODY = "body"  # the headers are in, the body is arriving


def error_response(
    status: int, error: str, message: str, headers: list[tuple[bytes, bytes]]
) -> bytes:
    """A whole HTTP/1.1 answer in the API's error shape that closes the connection."""
    body = json.dumps({"success": False, "error": error, "message": message}).encode()
    phrase = http.HTTPStatus(status).phrase
    parts = [f"HTTP/1.1 {status} {phrase}\r\n".encode()]
    for name, value in headers:
        parts += [name, b": ", value, b"\r\n"]
    parts += [
        # Made here, as the app would: these requests never reach it, and a client reporting
        # a refusal should still have an id to quote.
        f"{REQUEST_ID_HEADER.lower()}: {new_request_id()}\r\n".encode(),
        b"content-type: application/json\r\n",
        b"content-length: %d\r\n" % len(body),
        b"connection: close\r\n\r\n",
        body,
    ]
    return b"".join(parts)


async def server_busy(scope: Scope, receive: ASGIReceiveCallable, send: ASGISendCallable) -> None:
    """The answer to a request over the process's connection limit."""
    body = json.dumps(
        {
            "success": False,
            "error": "service_unavailable",
            "message": "The server is at its connection limit; try again in a moment.",
        }
    ).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 503,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"retry-after", b"1"),
                (REQUEST_ID_HEADER.lower().encode(), new_request_id().encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body, "more_body": False})


class EdgeProtocol(HttpToolsProtocol):
    """One connection: Uvicorn's httptools protocol, with a deadline and a size bound."""

    #: Set on a subclass to run with limits of its own; else the process's settings. (Uvicorn
    #: builds the protocol itself, and sends the class to its worker processes by name.)
    limits: ClassVar[EdgeLimits | None] = None

    def __init__(
        self,
        config: Config,
        server_state: ServerState,
        app_state: dict[str, Any],
        _loop: asyncio.AbstractEventLoop | None = None,
    ) -> None:
        super().__init__(config, server_state, app_state, _loop)
        limits = self.limits or process_limits()
        self.header_timeout = limits.header_timeout_s
        self.max_header_bytes = limits.max_header_bytes
        self.max_connections = limits.max_connections
        self.phase = Phase.HEAD
        self.head_bytes = 0
        self.heads_read = 0
        # When the current head began, and when the last bytes came: the timer compares.
        self.head_started = 0.0
        self.last_read = 0.0
        self.deadline: asyncio.TimerHandle | None = None
        # Set once the connection is being ended at the edge: input is read and dropped.
        self.refused = False

    # The connection.

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        # A connection that never sends a request is as much a held slot as a slow one.
        self._begin_head()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self.refused:
            return
        self.last_read = self.loop.time()
        if self.phase is Phase.WAITING:
            self._begin_head()
        while data and not self.refused and not self.transport.is_closing():
            if self.phase is not Phase.HEAD:
                super().data_received(data)
                break
            room = self.max_header_bytes - self.head_bytes
            if len(data) <= room:
                self.head_bytes += len(data)
                super().data_received(data)
                break
            # Feed no more than the bound: if the headers end within it, go on with the rest
            # (the body, or a pipelined request counted afresh); if not, refuse the request.
            heads_before = self.heads_read
            super().data_received(data[:room])
            if self.transport.is_closing():
                break  # the parser found the request malformed: Uvicorn answered 400
            if self.heads_read == heads_before:
                self._headers_too_large()
                break
            data = data[room:]
        if self.phase is Phase.BODY and self.deadline is None and not self.refused:
            if self.transport.get_protocol() is not self:
                return  # upgraded (a WebSocket): no longer an HTTP request's body
            self._arm(self.header_timeout)

    # The parser's callbacks (called from within `data_received`).

    def on_message_begin(self) -> None:
        super().on_message_begin()
        if self.phase is Phase.WAITING:  # a pipelined request, in the same read
            self._begin_head()

    def on_headers_complete(self) -> None:
        self.heads_read += 1
        self.phase = Phase.BODY
        if not self._over_capacity():
            super().on_headers_complete()
            return
        logger.warning("connection limit (%d) reached: answering 503", self.max_connections)
        # Uvicorn picks `self.app` for the request it is starting: for this one, the 503.
        app, self.app = self.app, server_busy
        try:
            super().on_headers_complete()
        finally:
            self.app = app

    def on_message_complete(self) -> None:
        super().on_message_complete()
        self.phase = Phase.WAITING
        self.head_bytes = 0

    # The limits. One timer per connection, not one per request: it is left running when a
    # head or body ends, and when it fires it measures the part in progress then, waiting
    # again for what is left of that part's time (or lapsing between requests).

    def _begin_head(self) -> None:
        self.phase = Phase.HEAD
        self.head_bytes = 0
        self.head_started = self.loop.time()
        if self.deadline is None:
            self._arm(self.header_timeout)

    def _over_capacity(self) -> bool:
        # This connection is among those counted; the request is not among the tasks yet.
        return (
            len(self.connections) > self.max_connections or len(self.tasks) >= self.max_connections
        )

    def _arm(self, delay: float, callback: Callable[[], None] | None = None) -> None:
        self._disarm()
        self.deadline = self.loop.call_later(delay, callback or self._deadline_passed)

    def _disarm(self) -> None:
        if self.deadline is not None:
            self.deadline.cancel()
            self.deadline = None

    def _deadline_passed(self) -> None:
        self.deadline = None
        if self.transport.is_closing() or self.refused or self.phase is Phase.WAITING:
            return
        if self.flow.read_paused:  # the server stopped reading, not the client: time anew
            self.head_started = self.last_read = self.loop.time()
            self._arm(self.header_timeout)
            return
        # A head has its time in all; a body, its time between two reads.
        since = self.head_started if self.phase is Phase.HEAD else self.last_read
        left = since + self.header_timeout - self.loop.time()
        if left > 0:
            self._arm(left)
        elif self.phase is Phase.HEAD:
            self._headers_late()
        else:
            self._body_stalled()

    def _headers_late(self) -> None:
        # A connection that never sent a byte is common (browsers open spare ones): no news.
        logger.log(
            logging.INFO if self.head_bytes else logging.DEBUG,
            "closing a connection from %s: request headers not complete within %g s",
            _address(self.client),
            self.header_timeout,
        )
        if self._response_in_progress():
            self._close_after_response()
        elif self.head_bytes == 0:
            self.transport.close()  # nothing was asked: nothing to answer
        else:
            message = f"The request's headers did not arrive within {self.header_timeout:g} s."
            self._answer_and_close(408, "request_timeout", message)

    def _body_stalled(self) -> None:
        logger.info(
            "closing a connection from %s: request body stalled for %g s",
            _address(self.client),
            self.header_timeout,
        )
        cycle = self.cycle
        if cycle is None or cycle.response_started or self.pipeline:
            self.transport.close()
            return
        # The app waiting on this body hears that the client is gone, and answers nothing.
        cycle.disconnected = True
        cycle.message_event.set()
        message = f"The request's body stopped arriving for {self.header_timeout:g} s."
        self._answer_and_close(408, "request_timeout", message)

    def _headers_too_large(self) -> None:
        logger.info(
            "refusing a request from %s: request line and headers over %d bytes",
            _address(self.client),
            self.max_header_bytes,
        )
        if self._response_in_progress():
            self._close_after_response()
            return
        size = f"{self.max_header_bytes // 1024} KiB"
        message = f"The request line and headers are larger than {size}."
        self._answer_and_close(431, "headers_too_large", message)

    def _response_in_progress(self) -> bool:
        """Whether an earlier request on this connection is still being answered."""
        return bool(self.pipeline) or (self.cycle is not None and not self.cycle.response_complete)

    def _close_after_response(self) -> None:
        """Answer what was asked before, then close; read nothing more."""
        self._disarm()
        self.refused = True
        self.flow.pause_reading()
        # The newest request's answer is the last one written: the connection closes after it.
        self.cycle.keep_alive = False

    def _answer_and_close(self, status: int, error: str, message: str) -> None:
        self._disarm()
        self.refused = True
        self.transport.write(
            error_response(status, error, message, self.server_state.default_headers)
        )
        if not self.transport.can_write_eof():
            self.transport.close()
            return
        # Half-close: the client reads the answer and the end of it, while whatever it still
        # sends is read and dropped (never kept) until it closes or the linger time is up.
        self.transport.write_eof()
        self.flow.resume_reading()
        self._arm(LINGER_SECONDS, self.transport.close)


def _address(client: tuple[str, int] | None) -> str:
    return f"{client[0]}:{client[1]}" if client else "an unknown client"
