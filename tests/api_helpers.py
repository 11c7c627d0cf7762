"""Helpers for the API tests: an in-process app with its lifespan, a live Uvicorn server on a
free port, a driver that moves jobs through their states, tokens, and an SSE reader.

Plain functions and classes (no fixtures), imported by the API tests' conftest and by the
acceptance tests (imported as `tests.api_helpers`: pyproject puts the project root on sys.path).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator, Mapping
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import httpx
import jwt
import uvicorn
from fastapi import FastAPI

from bina.app.serving import create_app
from bina.config import Settings
from bina.jobs import (
    Claim,
    Job,
    JobHandlerBase,
    JobStore,
    Payload,
    PermanentJobError,
    ProgressReporter,
)
from tests.job_helpers import site_result
from tests.waiting import wait_until_async

JWT_SECRET = "test-secret-test-secret-test-secret"
STYLE_NAMES = ("modern", "minimal", "bold")
ERROR_KEYS = {"success", "error", "message"}


def token(
    sub: str | None = "user-1",
    *,
    secret: str = JWT_SECRET,
    expires_in: float = 3600,
    algorithm: str = "HS256",
    **claims: Any,
) -> str:
    """A Bearer token like Supabase issues (HS256, `sub`, `exp`)."""
    payload: dict[str, Any] = {"exp": int(time.time() + expires_in), "role": "authenticated"}
    if sub is not None:
        payload["sub"] = sub
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm=algorithm)


def bearer(sub: str = "user-1", **kwargs: Any) -> dict[str, str]:
    return {"Authorization": f"Bearer {token(sub, **kwargs)}"}


def assert_error(response: httpx.Response, status: int, error: str | None = None) -> dict[str, Any]:
    """The response is an error in the common shape (and, when given, with this code)."""
    assert response.status_code == status, (response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("application/json")
    body: dict[str, Any] = response.json()
    assert body.keys() >= ERROR_KEYS, body
    assert body["success"] is False
    assert isinstance(body["message"], str) and body["message"]
    if error is not None:
        assert body["error"] == error, body
    return body


_distinct_numbers = itertools.count(1)


def distinct(description: str) -> str:
    """The description made unique: identical keyless starts join one job, and a test that
    means several jobs must ask for several different ones."""
    return f"{description} (no. {next(_distinct_numbers)})"


def style(name: str) -> dict[str, str]:
    return {
        "style": name,
        "name": name.title(),
        "description": f"The {name} design",
        "html": f"<!doctype html><title>{name}</title><p>{name}</p>",
    }


# --- moving jobs by hand ----------------------------------------------------------------------


class JobDriver:
    """Plays the worker: claims a job and reports progress, styles, completion or failure."""

    def __init__(self, store: JobStore, worker_id: str = "test-driver") -> None:
        self.store = store
        self.worker_id = worker_id

    async def claim(self, job_id: str) -> Claim:
        for _ in range(50):
            wanted = None
            for job in await self.store.claim_jobs(self.worker_id, 100, timedelta(minutes=5)):
                claim = Claim(job.job_id, self.worker_id, job.attempts)
                if job.job_id == job_id:
                    wanted = claim
                else:  # not this one: hand it straight back
                    await self.store.release(claim)
            if wanted is not None:
                return wanted
            await asyncio.sleep(0.02)
        raise AssertionError(f"job {job_id} could not be claimed")

    async def progress(
        self, claim: Claim, stage: str, percent: int, styles: list[dict[str, str]] | None = None
    ) -> None:
        await self.store.report_progress(
            claim,
            stage=stage,
            progress=percent,
            message=f"{stage} {percent}",
            partial=None if styles is None else {"styles": styles},
        )

    async def complete(self, claim: Claim, names: tuple[str, ...] = STYLE_NAMES) -> None:
        styles = [style(name) for name in names]
        result = site_result(styles[0]["html"], styles, business_type="restaurant")
        await self.store.complete(claim, result)

    async def run_through(self, job_id: str, names: tuple[str, ...] = STYLE_NAMES) -> None:
        """Every stage of a normal job, each finished style stored on its own."""
        claim = await self.claim(job_id)
        await self.progress(claim, "analyzing", 10)
        await self.progress(claim, "images", 30)
        done: list[dict[str, str]] = []
        for index, name in enumerate(names):
            done.append(style(name))
            await self.progress(claim, "styles", 40 + 20 * index, styles=list(done))
        await self.complete(claim, names)

    async def fail(self, job_id: str, error: str = "boom", *, refund: bool = True) -> None:
        claim = await self.claim(job_id)
        await self.store.fail(claim, error, retry_in=None, refund_quota=refund)


class ScriptedHandler(JobHandlerBase):
    """A fast JobHandler for embedded workers: the stages and styles of a real generation."""

    def __init__(self, *, delay: float = 0.0, fail_with: str | None = None) -> None:
        self.delay = delay
        self.fail_with = fail_with
        self.calls = 0

    async def __call__(self, job: Job, reporter: ProgressReporter) -> Payload:
        self.calls += 1
        await reporter.progress("analyzing", 10, "Reading the description")
        await asyncio.sleep(self.delay)
        if self.fail_with is not None:
            raise PermanentJobError(self.fail_with, user_fault=True)
        done: list[dict[str, str]] = []
        for index, name in enumerate(STYLE_NAMES):
            await asyncio.sleep(self.delay)
            done.append(style(name))
            await reporter.progress(
                "styles", 40 + 20 * index, f"Designed {name}", partial={"styles": list(done)}
            )
        return site_result(done[0]["html"], done, business_type="restaurant")


# --- apps and servers -------------------------------------------------------------------------


@dataclass
class Api:
    """An app running its lifespan in this event loop, and ways to talk to it."""

    app: FastAPI
    base_url: str = "http://testserver"
    live: bool = False  # on a real server: clients use real connections
    clients: list[httpx.AsyncClient] = field(default_factory=list)

    @property
    def store(self) -> JobStore:
        store: JobStore = self.app.state.store
        return store

    @property
    def driver(self) -> JobDriver:
        return JobDriver(self.store)

    def client(
        self,
        headers: Mapping[str, str] | None = None,
        address: str = "127.0.0.1",
        base_url: str | None = None,
    ) -> httpx.AsyncClient:
        """A client with its own cookie jar (one anonymous visitor), from `address`.

        In-process clients can claim any address; a live server sees the loopback peer.
        """
        transport: httpx.AsyncBaseTransport = (
            httpx.AsyncHTTPTransport()
            if self.live
            else httpx.ASGITransport(app=self.app, client=(address, 40000))
        )
        client = httpx.AsyncClient(
            transport=transport,
            base_url=base_url or self.base_url,
            headers=dict(headers or {}),
            timeout=30,
        )
        self.clients.append(client)
        return client


AppFactory = Callable[..., AbstractAsyncContextManager[Api]]


@contextlib.asynccontextmanager
async def running_app(settings: Settings, **kwargs: Any) -> AsyncIterator[Api]:
    """`create_app(settings, …)` with its lifespan run here (ASGITransport does not run it)."""
    kwargs.setdefault("embed_worker", False)
    app = create_app(settings, **kwargs)
    api = Api(app)
    async with app.router.lifespan_context(app):
        try:
            yield api
        finally:
            for client in api.clients:
                await client.aclose()


class _QuietServer(uvicorn.Server):
    """Uvicorn without its signal handlers: in a test, SIGINT belongs to pytest."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


@contextlib.asynccontextmanager
async def live_server(settings: Settings, **kwargs: Any) -> AsyncIterator[Api]:
    """The app on a real Uvicorn server on a free loopback port, in this event loop.

    Streams and disconnects behave as in production here (ASGITransport buffers responses).
    """
    kwargs.setdefault("embed_worker", False)
    app = create_app(settings, **kwargs)
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        app, lifespan="on", log_level="warning", timeout_graceful_shutdown=2, loop="asyncio"
    )
    server = _QuietServer(config)
    task = asyncio.create_task(server.serve(sockets=[sock]))
    try:
        await wait_until_async(lambda: server.started or task.done(), timeout=5, interval=0.01)
        assert server.started, "the test server did not start"
        api = Api(app, base_url=f"http://127.0.0.1:{port}", live=True)
        try:
            yield api
        finally:
            for client in api.clients:
                await client.aclose()
    finally:
        server.should_exit = True
        await asyncio.wait_for(task, 10)
        sock.close()


# --- Server-Sent Events -----------------------------------------------------------------------


@dataclass
class SseEvent:
    event: str
    data: Any
    id: str | None
    retry: int | None = None


@dataclass
class SseRead:
    events: list[SseEvent] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)


class SseReader:
    """Reads one event stream in steps: `await reader.read(stop_after=2)`, then again."""

    def __init__(self, response: httpx.Response) -> None:
        self._lines = response.aiter_lines()
        self._fields: dict[str, str] = {}
        self.ended = False

    async def read(self, *, stop_after: int | None = None, timeout: float = 15) -> SseRead:
        """Events until the stream ends, `stop_after` of them arrived, or `timeout` passes."""
        read = SseRead()
        async with asyncio.timeout(timeout):
            async for line in self._lines:
                completed = self._line(line, read)
                if completed and stop_after is not None and len(read.events) >= stop_after:
                    return read
            self.ended = True
        return read

    def _line(self, line: str, read: SseRead) -> bool:
        """Take one line; True when it completed an event."""
        if line.startswith(":"):
            read.comments.append(line[1:].strip())
            return False
        if line == "":
            fields, self._fields = self._fields, {}
            if "data" not in fields and "event" not in fields:
                return False
            retry = fields.get("retry")
            read.events.append(
                SseEvent(
                    event=fields.get("event", "message"),
                    data=json.loads(fields["data"]) if "data" in fields else None,
                    id=fields.get("id"),
                    retry=int(retry) if retry else None,
                )
            )
            return True
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "data" and name in self._fields:
            value = self._fields[name] + "\n" + value
        self._fields[name] = value
        return False


async def read_sse(
    response: httpx.Response, *, stop_after: int | None = None, timeout: float = 15
) -> SseRead:
    """Parse an event stream until it ends, `stop_after` events arrived, or `timeout`."""
    return await SseReader(response).read(stop_after=stop_after, timeout=timeout)
