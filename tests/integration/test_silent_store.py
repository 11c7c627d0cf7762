"""The job store on a PostgreSQL that stops answering: every unit of work gives up within the
store's timeout (more callers than connections included), and once bytes flow again the
store works at once, on fresh connections, the silent ones having been thrown away."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from sqlalchemy.engine import make_url

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import QuotaRule, StoreUnavailable, open_store
from tests.job_helpers import site_job
from tests.tcp_proxy import running_proxy

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

TIMEOUT_S = 3.0
#: The bound the HTTP edge promises for a 3 s database timeout.
WITHIN_S = 3.5
#: Four connections in the pool (twice the pool size), eight callers at once.
POOL_SIZE = 2
CALLERS = 8


async def timed(call: Callable[[], Awaitable[Any]]) -> tuple[BaseException | None, float]:
    began = time.monotonic()
    try:
        await call()
    except Exception as exc:
        return exc, time.monotonic() - began
    return None, time.monotonic() - began


async def test_silence_is_store_unavailable_in_time_and_the_pool_recovers(
    postgres_url: str,
) -> None:
    url = make_url(postgres_url)
    with running_proxy(url.host or "127.0.0.1", url.port or 5432) as proxy:
        through = url.set(host="127.0.0.1", port=proxy.port).render_as_string(hide_password=False)
        async with open_store(
            through, columns=WEBSITE_COLUMNS, listen=False, pool_size=POOL_SIZE, timeout_s=TIMEOUT_S
        ) as store:
            job, _ = await store.create_job(site_job("Kedai kopi di Ipoh"))
            quota = QuotaRule("someone", 3)
            await asyncio.gather(*(store.get_job(job.job_id) for _ in range(CALLERS)))

            proxy.silence()
            try:
                calls: list[Callable[[], Awaitable[Any]]] = [
                    *(lambda: store.get_job(job.job_id) for _ in range(CALLERS)),
                    lambda: store.create_job(site_job("Kedai roti", user_id="u"), quota),
                    lambda: store.usage(quota),
                    lambda: store.cancel(job.job_id),
                ]
                outcomes = await asyncio.gather(*(timed(call) for call in calls))
            finally:
                proxy.pass_through()

            for error, seconds in outcomes:
                assert isinstance(error, StoreUnavailable), error
                assert seconds < WITHIN_S, seconds
            # Back: every caller is served, none gets a connection left over from the silence.
            found = await asyncio.gather(*(store.get_job(job.job_id) for _ in range(CALLERS)))
            assert {each.job_id for each in found if each is not None} == {job.job_id}
            _again, created = await store.create_job(site_job("Kedai roti lagi"), quota)
            assert created
