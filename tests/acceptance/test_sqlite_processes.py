"""One SQLite file, `bina serve --processes 2` and a `bina worker`, under load: no client ever
sees "database is locked" (or any 5xx), and every job completes."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from tests.faults.cluster import cluster

pytestmark = pytest.mark.slow


async def _client_session(base: str, index: int, errors: list[str]) -> str | None:
    async with httpx.AsyncClient(base_url=base, timeout=30) as client:
        body = {"description": f"Gerai burger {index} di Kuantan, burger daging RM6"}
        response = await client.post("/api/generate/start", json=body)
        if response.status_code != 202:
            errors.append(f"start {response.status_code} {response.text[:200]}")
            return None
        job_id: str = response.json()["job_id"]
        etag = None
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            headers: dict[str, str] = {"If-None-Match": etag} if etag else {}
            status = await client.get(f"/api/generate/status/{job_id}", headers=headers)
            if status.status_code >= 500 or "locked" in status.text:
                errors.append(f"status {status.status_code} {status.text[:200]}")
            if status.status_code == 200:
                etag = status.headers.get("ETag")
                if status.json()["status"] in ("completed", "failed"):
                    return str(status.json()["status"])
            await asyncio.sleep(0.2)
        return "timeout"


def test_two_servers_and_a_worker_share_one_file(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'shared.db'}"
    with cluster(url, tmp_path, BINA_DAILY_LIMIT="0", BINA_OFFLINE_DELAY_S="0.5") as group:
        _server, base = group.server("--processes", "2")
        group.worker(concurrency=4)

        async def load() -> tuple[list[str | None], list[str]]:
            errors: list[str] = []
            outcomes = await asyncio.gather(*(_client_session(base, i, errors) for i in range(60)))
            return list(outcomes), errors

        outcomes, errors = asyncio.run(load())
    assert errors == []
    assert outcomes.count("completed") == 60, outcomes
    assert "database is locked" not in group.logs()
