"""Through PgBouncer in transaction mode: no LISTEN, no cached prepared statements; jobs finish."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.faults.cluster import cluster
from tests.faults.pgbouncer import pgbouncer

pytestmark = [pytest.mark.slow, pytest.mark.postgres]


def test_api_and_worker_through_a_transaction_pooler(postgres_url: str, tmp_path: Path) -> None:
    with (
        pgbouncer(postgres_url) as pooled_url,
        cluster(
            pooled_url,
            tmp_path,
            BINA_LISTEN="false",
            BINA_DAILY_LIMIT="0",
            BINA_OFFLINE_DELAY_S="1",
        ) as group,
    ):
        _server, base = group.server("--no-worker")
        group.worker(concurrency=4)
        with httpx.Client(base_url=base, timeout=30) as client:
            job_ids = []
            for i in range(12):
                started = client.post(
                    "/api/generate/start",
                    json={"description": f"Kedai dobi {i} di Johor Bahru, WhatsApp 012-345 6789"},
                )
                assert started.status_code == 202, started.text
                job_ids.append(started.json()["job_id"])
            # Long-poll still answers (by polling inside the server, as LISTEN is unavailable).
            deadline = time.monotonic() + 90
            finished: dict[str, dict[str, Any]] = {}
            while len(finished) < len(job_ids) and time.monotonic() < deadline:
                for job_id in job_ids:
                    if job_id in finished:
                        continue
                    response = client.get(f"/api/generate/status/{job_id}", params={"wait": 2})
                    assert response.status_code == 200, (response.text, group.logs()[-3000:])
                    body = response.json()
                    if body["status"] in ("completed", "failed", "canceled"):
                        finished[job_id] = body
            assert {body["status"] for body in finished.values()} == {"completed"}, group.logs()[
                -4000:
            ]
            assert len(finished) == len(job_ids)
            assert all(len(body["styles"]) == 3 for body in finished.values())
            # A stream through the pooler ends with the job's final event.
            with client.stream("GET", f"/api/generate/stream/{job_ids[0]}") as stream:
                text = "".join(stream.iter_text())
            assert "event: completed" in text
