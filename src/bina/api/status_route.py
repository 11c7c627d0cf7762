"""The status poll's route: documented by FastAPI as usual, its parameters read by hand.

The page polls a job's status every 3 s, so this route's fixed cost is most of what polling
costs the server. FastAPI resolves an endpoint's parameters anew on every request (for each
one: its annotation inspected again, its value validated by pydantic); for this route's four
plain parameters and its one dependency that was about a third of a conditional poll's cost.
`StatusPollRoute` keeps what FastAPI makes of the endpoint's signature for OpenAPI and for
nothing else: a request is answered by reading the path, the query and the header directly,
with the same outcomes (`wait` is checked by the same constraints and refused with the same
422), and the caller resolved by `get_caller` itself, as its dependency was.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Annotated, Any

from fastapi import Query, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError

from bina.api.deps import get_caller

WaitQuery = Annotated[
    float | None,
    Query(ge=0, le=30, description="Long poll: wait up to this many seconds for a change."),
]
_WAIT = TypeAdapter(WaitQuery)
#: What the endpoint is called with; its signature must name exactly these.
PARAMETERS = frozenset({"job_id", "request", "caller", "token", "wait", "if_none_match"})


def checked_wait(value: str | None) -> float | None:
    """`?wait=` as FastAPI would have validated it: a number of seconds from 0 to 30."""
    if value is None:
        return None
    try:
        return _WAIT.validate_python(value)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        raise RequestValidationError(
            [{**error, "loc": ("query", "wait", *error["loc"])} for error in errors]
        ) from exc


class StatusPollRoute(APIRoute):
    """A route whose endpoint is called with its parameters read straight from the request."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        named = set(endpoint.__annotations__) - {"return"}
        if named != PARAMETERS:
            raise TypeError(f"{endpoint.__name__} must take exactly {sorted(PARAMETERS)}")
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        endpoint = self.endpoint

        async def handle(request: Request) -> Response:
            # The dependency's order kept: who is calling first (its 401, its cookie), then
            # the parameters.
            caller = await get_caller(request)
            query = request.query_params
            response: Response = await endpoint(
                job_id=request.path_params["job_id"],
                request=request,
                caller=caller,
                token=query.get("token"),
                wait=checked_wait(query.get("wait")),
                if_none_match=request.headers.get("if-none-match"),
            )
            return response

        return handle
