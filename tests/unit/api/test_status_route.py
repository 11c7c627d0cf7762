"""The status poll's route calls its endpoint with exactly the parameters it reads by hand."""

from __future__ import annotations

import pytest
from fastapi import Request, Response

from bina.api.status_route import StatusPollRoute


def test_an_endpoint_with_other_parameters_is_refused_at_startup() -> None:
    async def endpoint(job_id: str, request: Request, page: int = 1) -> Response:
        return Response()

    with pytest.raises(TypeError, match="must take exactly"):
        StatusPollRoute("/api/generate/status/{job_id}", endpoint, methods=["GET"])
