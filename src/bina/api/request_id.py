"""Request ids: every answer carries `X-Request-ID`, every log line of the request its value.

The id comes from the proxy in front (`X-Request-ID`, so one id follows a request through the
load balancer's logs and ours) when it is a short plain token; anything else (too long, spaces,
control characters, quotes) is replaced by a fresh id, so a hostile header never reaches the
logs. The outermost middleware, so that answers made by the others (a 413, a CORS preflight)
carry it too; a job started by the request keeps the id (the worker logs under it).
"""

from __future__ import annotations

import itertools
import re
import secrets

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bina import log_context

HEADER = "X-Request-ID"
MAX_LENGTH = 128
# Letters, digits and the separators ids use (UUIDs, hex, `host:pid.seq`, trace ids).
_SANE = re.compile(rf"[A-Za-z0-9._:-]{{1,{MAX_LENGTH}}}")


#: Made ids are this process's random prefix and a counter: unique across processes and
#: restarts like a UUID, without a call into the kernel's random source on every request
#: (`uuid4` was 4 % of a status poll's CPU).
_PREFIX = secrets.token_hex(8)
_COUNTER = itertools.count(1)


def new_request_id() -> str:
    return f"{_PREFIX}{next(_COUNTER):016x}"


def accepted_request_id(offered: str | None) -> str:
    """The id offered by the client or proxy when it is a sane token, else a new one."""
    if offered is not None and _SANE.fullmatch(offered):
        return offered
    return new_request_id()


def current_request_id_headers() -> dict[str, str]:
    """`X-Request-ID` for an answer made outside the middleware (the server-error handler)."""
    current = log_context.request_id.get()
    return {HEADER: current} if current else {}


class RequestIdMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = accepted_request_id(Headers(scope=scope).get(HEADER))

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])  # optional in ASGI
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        token = log_context.request_id.set(request_id)
        # Reset only after a normal end: an exception goes on to the server-error handler,
        # which logs it and answers the 500 in this same context, still under this id.
        await self.app(scope, receive, send_with_id)
        log_context.request_id.reset(token)
