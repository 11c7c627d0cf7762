"""The database goes away mid-run: 503 + Retry-After meanwhile, never a hang or a 500; then
workers and listeners reconnect by themselves and every job completes."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import asyncpg
import httpx
import pytest
from sqlalchemy.engine import make_url

from tests.conftest import POSTGRES_ADMIN_URL, _with_database
from tests.faults.cluster import cluster
from tests.waiting import wait_until

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


async def _set_outage(database: str, down: bool) -> None:
    admin = await asyncpg.connect(_with_database(POSTGRES_ADMIN_URL, "postgres"))
    try:
        # Refuse new connections and cut the existing ones: to Bina, the server is gone.
        await admin.execute(
            f'ALTER DATABASE "{database}" ALLOW_CONNECTIONS {str(not down).lower()}'
        )
        if down:
            await admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = $1 AND pid <> pg_backend_pid()",
                database,
            )
    finally:
        await admin.close()


def test_outage_answers_503_then_everything_recovers(postgres_url: str, tmp_path: Path) -> None:
    database = make_url(postgres_url).database
    assert database is not None
    with cluster(postgres_url, tmp_path, BINA_DAILY_LIMIT="0", BINA_OFFLINE_DELAY_S="4") as group:
        _api, base = group.server("--no-worker")
        group.server()  # a second instance, with an embedded worker, must recover too
        group.worker(concurrency=8)
        with httpx.Client(base_url=base, timeout=30) as client:
            job_ids = [
                client.post(
                    "/api/generate/start", json={"description": f"Kedai kek {i} di Melaka"}
                ).json()["job_id"]
                for i in range(10)
            ]
            wait_until(  # the jobs are running (12 worker slots for 10 jobs of 4 s)
                lambda: all(
                    client.get(f"/api/generate/status/{job_id}").json()["status"] == "processing"
                    for job_id in job_ids
                ),
                timeout=15,
                interval=0.2,
                message="all 10 jobs are processing",
            )
            asyncio.run(_set_outage(database, down=True))
            try:
                seen: list[int] = []
                outage_end = time.monotonic() + 6
                while time.monotonic() < outage_end:
                    for method, path, body in (
                        ("GET", "/api/health", None),
                        ("GET", f"/api/generate/status/{job_ids[0]}", None),
                        ("POST", "/api/generate/start", {"description": "Kedai semasa gangguan"}),
                    ):
                        began = time.monotonic()
                        response = client.request(method, path, json=body, timeout=15)
                        assert time.monotonic() - began < 12, f"{path} hung"
                        assert response.status_code in (200, 202, 503), (path, response.text)
                        if response.status_code == 503:
                            assert response.headers.get("Retry-After")
                            assert response.json()["success"] is False
                        seen.append(response.status_code)
                    time.sleep(0.3)
                assert 503 in seen
            finally:
                asyncio.run(_set_outage(database, down=False))

            deadline = time.monotonic() + 120
            statuses: dict[str, str] = {}
            while time.monotonic() < deadline:
                for job_id in job_ids:
                    response = client.get(f"/api/generate/status/{job_id}")
                    statuses[job_id] = response.json().get("status", str(response.status_code))
                if set(statuses.values()) == {"completed"}:
                    break
                time.sleep(1)
            assert set(statuses.values()) == {"completed"}, (statuses, group.logs()[-6000:])
            assert client.get("/api/health").status_code == 200
