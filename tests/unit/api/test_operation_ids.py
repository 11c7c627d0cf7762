"""OpenAPI operation ids: the route functions' names, snake_case, unique, without FastAPI's
path-and-method suffix, so generated clients get readable method names."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bina.app.serving import create_app
from bina.config import Settings

SNAKE_CASE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)*$")
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def operations(tmp_path: Path) -> list[tuple[str, str, dict[str, Any]]]:
    settings = Settings(_env_file=None, database_url=f"sqlite:///{tmp_path / 'bina.db'}")
    schema = create_app(settings, embed_worker=False).openapi()
    return [
        (method, path, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def test_operation_ids_are_unique_snake_case_names_without_the_method(tmp_path: Path) -> None:
    found = operations(tmp_path)
    ids = [operation["operationId"] for _, _, operation in found]
    assert len(ids) >= 8 and len(set(ids)) == len(ids), ids
    for method, path, operation in found:
        operation_id = operation["operationId"]
        assert SNAKE_CASE.match(operation_id), (method, path, operation_id)
        assert not operation_id.endswith(tuple(f"_{name}" for name in METHODS)), operation_id
        assert "api_" not in operation_id and "__" not in operation_id, operation_id


def test_the_generation_operations_keep_their_names(tmp_path: Path) -> None:
    by_route = {(method, path): op["operationId"] for method, path, op in operations(tmp_path)}
    assert by_route[("post", "/api/generate/start")] == "start_generation"
    assert by_route[("get", "/api/generate/status/{job_id}")] == "job_status"
    assert by_route[("get", "/api/generate/stream/{job_id}")] == "job_stream"
    assert by_route[("post", "/api/generate/{job_id}/cancel")] == "cancel_job"
    assert by_route[("post", "/api/generate-simple")] == "generate_simple"
