"""`callback_url` through the HTTP API: refused before anything is written or charged, kept on
the job, reported when the job ends, by the loop the embedded worker runs."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace

import pytest
from pydantic import SecretStr

from bina.app.webhooks import webhook_secret, webhook_settings
from bina.config import Settings
from bina.jobs.webhook_queue import WebhookQueue, WebhookState
from bina.jobs.webhook_signing import verify
from bina.jobs.webhooks import WebhookDelivery
from tests.api_helpers import Api, AppFactory, ScriptedHandler, assert_error, bearer
from tests.integration.webhook_receiver import Receiver, https_receiver
from tests.waiting import wait_until_async

DESCRIPTION = "Kedai kopi di Ipoh, buka 8 pagi, WhatsApp 012-345 6789"
ROUTES = ("/api/generate/start", "/api/generate-simple")


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with https_receiver() as running:
        yield running


def hooks(receiver: Receiver, **more: object) -> dict[str, object]:
    """Settings changes that let callbacks go to `receiver`."""
    return {"webhook_hosts": [receiver.host], **more}


async def webhook_state(api: Api, job_id: str) -> WebhookState:
    state = await WebhookQueue(api.store).state(job_id)
    assert state is not None
    return state


async def assert_nothing_written(api: Api) -> None:
    assert await api.store.list_jobs() == []
    usage = (await api.client().get("/api/usage")).json()
    assert usage["used"] == 0


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize(
    ("callback", "says"),
    [
        ("http://{host}/hooks", "must be an https:// URL"),
        ("https://hooks.example.com/bina", "hooks.example.com is not a webhook host"),
        ("https://user:secret@{host}/hooks", "user name or password"),
        ("https://10.0.0.8/hooks", "10.0.0.8 is not a webhook host"),
        ("https://{host}/hooks#part", "#fragment"),
        ("https://{host}/" + "x" * 2048, "at most 2048"),
        ("", "https://"),
    ],
)
async def test_a_refused_callback_is_a_422_and_no_job(
    make_api: AppFactory, receiver: Receiver, route: str, callback: str, says: str
) -> None:
    async with make_api(settings=hooks(receiver)) as api:
        body = {"description": DESCRIPTION, "callback_url": callback.format(host=receiver.host)}
        answer = await api.client().post(route, json=body)
        error = assert_error(answer, 422, "invalid_callback_url")
        assert says in error["message"]
        await assert_nothing_written(api)


@pytest.mark.parametrize("route", ROUTES)
async def test_with_no_webhook_hosts_any_callback_is_refused(api: Api, route: str) -> None:
    body = {"description": DESCRIPTION, "callback_url": "https://hooks.example.com/bina"}
    error = assert_error(await api.client().post(route, json=body), 422, "invalid_callback_url")
    assert "webhooks are off" in error["message"]
    await assert_nothing_written(api)


async def test_a_callback_that_is_not_text_is_a_validation_error(api: Api) -> None:
    body = {"description": DESCRIPTION, "callback_url": 42}
    assert_error(await api.client().post("/api/generate/start", json=body), 422, "validation_error")
    await assert_nothing_written(api)


async def test_an_accepted_callback_hears_of_the_end_signed_with_the_deployment_key(
    make_api: AppFactory, receiver: Receiver, api_settings: Settings
) -> None:
    changes = hooks(
        receiver, public_url="https://bina.example", webhook_secret=SecretStr("whsec-api")
    )
    async with make_api(settings=changes) as api:
        body = {"description": DESCRIPTION, "callback_url": receiver.url("/hooks?shop=7")}
        started = await api.client().post("/api/generate/start", json=body)
        assert started.status_code == 202, started.text
        job_id = started.json()["job_id"]
        assert (await webhook_state(api, job_id)).callback_url == body["callback_url"]
        await api.driver.run_through(job_id)

        settings = api_settings.model_copy(update=changes)
        wiring = webhook_settings(settings)
        assert wiring is not None
        delivery = WebhookDelivery(api.store, replace(wiring, verify=receiver.trusting_context()))
        try:
            assert await delivery.deliver_due() == 1
        finally:
            await delivery.aclose()
        assert (await webhook_state(api, job_id)).status == "delivered"
    (request,) = receiver.requests
    assert request.path == "/hooks?shop=7"
    assert webhook_secret(settings)[0] == b"whsec-api"
    assert verify(b"whsec-api", request.body, request.headers["bina-signature"])
    sent = json.loads(request.body)
    assert (sent["event"], sent["job_id"]) == ("job.completed", job_id)
    assert sent["status_url"] == f"https://bina.example/api/generate/status/{job_id}"
    assert "html" not in sent and "styles" not in sent


async def test_identical_starts_join_only_with_the_same_callback(
    make_api: AppFactory, receiver: Receiver
) -> None:
    async with make_api(settings=hooks(receiver)) as api:
        client = api.client(headers=bearer("re-tapper"))

        async def start(callback: str | None) -> str:
            body = {"description": DESCRIPTION, "callback_url": callback}
            answer = await client.post("/api/generate/start", json=body)
            assert answer.status_code == 202, answer.text
            return str(answer.json()["job_id"])

        first = await start(receiver.url("/a"))
        assert await start(receiver.url("/a")) == first  # a re-tap joins the job in flight
        assert await start(receiver.url("/b")) != first
        assert await start(None) != first


async def test_the_embedded_worker_delivers_and_counts_webhooks(
    make_api: AppFactory, receiver: Receiver
) -> None:
    # The app's own wiring verifies certificates against the public CAs, which do not know
    # the test's CA: the attempt is made, refused by TLS, and kept for a later retry.
    async with make_api(
        settings=hooks(receiver),
        embed_worker=True,
        handler_factory=lambda _s: ScriptedHandler(),
    ) as api:
        body = {"description": DESCRIPTION, "callback_url": receiver.url()}
        job_id = (await api.client().post("/api/generate/start", json=body)).json()["job_id"]

        async def attempted() -> bool:
            return (await webhook_state(api, job_id)).error is not None

        await wait_until_async(attempted, message="the embedded loop tried the webhook")
        state = await webhook_state(api, job_id)
        metrics = (await api.client().get("/metrics")).text
    assert state.status == "pending"
    assert state.error is not None and "CERTIFICATE_VERIFY_FAILED" in state.error
    assert receiver.requests == []
    assert 'bina_webhook_deliveries_total{outcome="retry"} 1.0' in metrics
