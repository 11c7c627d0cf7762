"""Webhooks from real `bina worker` processes: two of them on one PostgreSQL database run the
jobs and deliver every webhook exactly once, signed, to a local HTTPS receiver whose private CA
they are given with SSL_CERT_FILE, never holding one webhook in two processes at once."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import JobStore, open_store
from bina.jobs.webhook_queue import WebhookQueue
from bina.jobs.webhook_signing import verify
from tests.faults.cluster import cluster
from tests.integration.webhook_receiver import https_receiver
from tests.job_helpers import site_job
from tests.waiting import wait_until_async

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

SECRET = "whsec-processes"
DESCRIPTION = "Kedai kopi Ali di Ipoh, buka 8 pagi hingga 6 petang, WhatsApp 012-345 6789"


async def all_delivered(store: JobStore, job_ids: list[str]) -> bool:
    queue = WebhookQueue(store)
    for job_id in job_ids:
        state = await queue.state(job_id)
        if state is None or state.status != "delivered":
            return False
    return True


async def test_two_worker_processes_deliver_each_webhook_once(
    postgres_url: str, tmp_path: Path
) -> None:
    with https_receiver() as receiver:
        receiver.hold_seconds = 0.1  # deliveries overlap across the two processes
        ca_file = tmp_path / "receiver-ca.pem"
        receiver.ca.cert_pem.write_to_path(str(ca_file))
        env = {
            "BINA_WEBHOOK_HOSTS": receiver.host,
            "BINA_WEBHOOK_SECRET": SECRET,
            "BINA_PUBLIC_URL": "https://bina.example",
            "SSL_CERT_FILE": str(ca_file),
        }
        async with open_store(postgres_url, columns=WEBSITE_COLUMNS) as store:
            job_ids = []
            for number in range(16):
                new = site_job(f"{DESCRIPTION} (cawangan {number})", callback_url=receiver.url())
                job_ids.append((await store.create_job(new))[0].job_id)
            with cluster(postgres_url, tmp_path, **env) as group:
                group.worker(concurrency=4)
                group.worker(concurrency=4)
                await wait_until_async(
                    lambda: all_delivered(store, job_ids), timeout=90, interval=0.2
                )
    assert sorted(receiver.deliveries()) == sorted(job_ids), group.logs()[-3000:]
    assert set(receiver.most_at_once.values()) == {1}
    for request in receiver.requests:
        assert verify(SECRET.encode(), request.body, request.headers["bina-signature"])
        body = json.loads(request.body)
        assert body["event"] == "job.completed"
        assert body["status_url"] == f"https://bina.example/api/generate/status/{body['job_id']}"
