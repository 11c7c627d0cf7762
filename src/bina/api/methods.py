"""HEAD wherever GET is answered, and a 405 whose `Allow` names every method of the path.

FastAPI routes answer only the methods they declare, so a HEAD (uptime checks, link previews,
`curl -I`) on a GET route was a 405. Here a HEAD request is routed as the GET and its body is
dropped, so the status and headers are the GET's (ETag, Content-Length, Cache-Control). One
rule for every route, present and future, and the OpenAPI document keeps one operation per
GET. A route whose GET starts lasting work (the event stream) asks `is_head` and answers with
its headers alone.

Starlette answers a 405 with the methods of the first route whose path matched, so a path
served by several routes (a site: GET, PATCH, DELETE) named only one of them, and a page with
a separate HEAD route said `Allow: HEAD`. The 405 here lists the methods of every route of
that path.
"""

from __future__ import annotations

from fastapi.routing import iter_route_contexts
from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.routing import Match
from starlette.types import ASGIApp, Message, Receive, Scope, Send

#: Set in the scope of a HEAD request that is being answered as a GET.
HEAD_SCOPE_KEY = "bina.head_request"


def is_head(request: Request) -> bool:
    """True when the client asked for HEAD: headers only, so skip work that only makes a body."""
    return bool(request.scope.get(HEAD_SCOPE_KEY))


def allowed_methods(scope: Scope) -> list[str]:
    """Every method some route of the app takes at this scope's path (HEAD where GET is)."""
    app = scope.get("app")
    methods: set[str] = set()
    for route in iter_route_contexts(getattr(app, "routes", [])):
        if not route.methods:
            continue  # a mount (static files) answers its own methods
        match, _ = route.matches(scope)
        if match is not Match.NONE:
            methods |= route.methods
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods)


class MethodsMiddleware:
    """Answers HEAD as GET without the body, and gives each 405 the path's full `Allow`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        routed = scope
        if head:
            # A copy: the server reads the method from its own scope to send no body. The
            # state dict stays shared (the outer middleware reads the cookie to set from it).
            scope.setdefault("state", {})
            routed = {**scope, "method": "GET", HEAD_SCOPE_KEY: True}

        async def send_answer(message: Message) -> None:
            if message["type"] == "http.response.start":
                if head:
                    # What routing found (the route, for the latency metric's template) is
                    # seen by the middleware outside too.
                    for key, value in routed.items():
                        scope.setdefault(key, value)
                if message["status"] == 405 and (methods := allowed_methods(routed)):
                    MutableHeaders(scope=message)["Allow"] = ", ".join(methods)
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            elif head and message["type"] == "http.response.pathsend":
                message = {"type": "http.response.body", "body": b""}  # a file, sent by path
            await send(message)

        await self.app(routed, receive, send_answer)
