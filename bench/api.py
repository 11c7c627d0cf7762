"""The HTTP API under load: real `bina serve` processes on loopback, driven by raw-socket clients.

    .venv/bin/python bench/api.py [--quick] [--backends sqlite,postgres] [--streams 1000]
        [--only hello,closed,fanout,sessions,sweep] [--sessions=100] [--job-seconds 0]
        [--rates 50,100,200,300,400] [--sweep-no-worker]

Five scenarios (all by default; `--only` picks some), each backend on a fresh database:

  hello     a bare FastAPI hello route on the same Uvicorn: what the framework costs.
  closed    CLOSED loop, one server process (`--no-worker`), 10 and 100 clients each sending
            the next request as soon as the previous one returns: `POST /api/generate/start`
            latency and `GET /api/generate/status/{id}` throughput, with `GET /api/health` for
            reference. This shows capacity; at 100 clients the latency is mostly queueing
            (Little's law: 100 clients / capacity), not what a phone waits.
  fanout    SSE fan-out: 1,000 open streams on one process, its memory (RSS) and CPU, idle
            and when every job changes once.
  sessions  OPEN loop, "100 concurrent clients" as the product means it: --sessions phones
            (100) each doing what the /create page does, for 30 s (15 s with --quick), on one
            `bina serve` WITH its embedded worker, so jobs run: POST /api/generate/start with
            a fresh Idempotency-Key (the anonymous cookie the server sets on a phone's first
            answer is sent back from then on; BINA_DAILY_LIMIT=0 so quota never refuses),
            then GET /api/generate/status/{id} every 3 s with If-None-Match (304 when
            unchanged) and Accept-Encoding: gzip until the job is completed or failed, then
            1-3 s of think time and again. Phones start at random offsets within the first
            3 s. Jobs run the offline generator paced to --job-seconds (0: unpaced, every job
            is done before the first poll, the heaviest page load). Latency p50/p99/max of
            starts and polls, jobs finished, errors (>= 400, timeouts, connection errors).
  sweep     OPEN loop start-rate sweep on one `bina serve` with its embedded worker, so
            every start also becomes a job this process runs, as in a one-process deployment
            (--sweep-no-worker: the start path alone). Starts (fresh Idempotency-Key, no
            cookie: each a new visitor) arrive as a Poisson process at each of --rates per
            second for 6 s (5 s with --quick), each on its own task, up to 500 in flight over
            a pool of keep-alive connections; latency is measured from the SCHEDULED send
            time, so a late client or a full pool counts against the server (no coordinated
            omission). Between rates the worker drains the queue; the sweep stops after the
            first rate whose p99 exceeds 200 ms. Shows up to which arrival rate start p99
            stays <= 20 ms.

Client and server share this machine's cores, so the numbers are a floor, not a capacity.
Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys

# `python bench/api.py` puts bench/ first on sys.path, where queue.py would shadow the stdlib.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]

import argparse
import asyncio
import contextlib
import gzip
import itertools
import json
import os
import random
import socket
import subprocess
import tempfile
import textwrap
import time
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import asyncpg
import httpx

from bina.jobs import open_store

ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
BINA = str(Path(sys.executable).with_name("bina"))
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
DESCRIPTION = {"description": "Kedai kopi di Ipoh, buka 7 pagi hingga 6 petang, kopi putih RM2.80"}
HELLO_APP = textwrap.dedent(
    """
    from fastapi import FastAPI
    app = FastAPI()

    @app.get("/hello")
    async def hello() -> dict[str, str]:
        return {"hello": "world"}
    """
)
SCENARIOS = ("hello", "closed", "fanout", "sessions", "sweep")
START_PATH = "/api/generate/start"
FINISHED = frozenset({"completed", "failed", "canceled"})
POLL_SECONDS = 3.0  # the page polls at most once every 3 s
RAMP_SECONDS = 3.0  # page sessions begin at random offsets within this
THINK_SECONDS = (1.0, 3.0)  # between one finished job and the next start
REQUEST_TIMEOUT_SECONDS = 30.0
MAX_IN_FLIGHT = 500  # the open-loop sweep's only cap on concurrency
WARM_CONNECTIONS = 50  # keep-alive connections the sweep opens before its first rate
SWEEP_STOP_P99_MS = 200.0
SEED = 1
BENCH_DAILY_LIMIT = 10_000_000
TOPOLOGIES = ("embedded", "process")
TOPOLOGY_NOTE = {"embedded": "embedded worker", "process": "--no-worker + a bina worker"}


@dataclass
class Row:
    backend: str
    what: str
    clients: int | None  # None: an open loop, where arrivals, not clients, are fixed
    requests: int
    per_second: float
    p50_ms: float | None = None
    p99_ms: float | None = None
    max_ms: float | None = None
    note: str = ""


# --- processes ------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime + stime


@contextlib.contextmanager
def server(
    args: list[str], env: dict[str, str], log: Path
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """A server subprocess on a free loopback port; yields (process, base URL)."""
    port = free_port()
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [part.replace("{port}", str(port)) for part in args],
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=log.parent,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError(f"server exited:\n{log.read_text()[-2000:]}")
            try:
                httpx.get(f"{base}/api/health" if "bina" in args[0] else f"{base}/hello", timeout=1)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        yield process, base
    finally:
        stop(process)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM (a graceful shutdown), then SIGKILL if it takes longer than 20 s."""
    process.terminate()
    try:
        process.wait(20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def bina_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINA_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url,
        # The quota is checked on every start, as in production (per-subject lock, count),
        # with a limit no bench run reaches: measure the path, not the refusals.
        BINA_DAILY_LIMIT=str(BENCH_DAILY_LIMIT),
        # Behind a proxy, as deployed: each simulated visitor has its own address (and so its
        # own quota subject) in X-Forwarded-For, not everyone 127.0.0.1.
        BINA_TRUSTED_PROXIES='["127.0.0.1/32"]',
        BINA_COOKIE_SECRET="bench",
        BINA_LOG_LEVEL="warning",
        **extra,
    )
    return env


def visitor_address(number: int) -> str:
    """A distinct client address for visitor `number` (sent as X-Forwarded-For)."""
    return f"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}"


def start_headers(visitor: int) -> dict[str, str]:
    """What the page sends with a start: a fresh Idempotency-Key, from its own address."""
    return {"Idempotency-Key": str(uuid.uuid4()), "X-Forwarded-For": visitor_address(visitor)}


@contextlib.contextmanager
def workers(
    topology: str, url: str, folder: Path, name: str, *, concurrency: int = 0
) -> Iterator[list[str]]:
    """`bina serve` arguments for the topology, with a `bina worker` process for "process".

    embedded: the API process runs the jobs too (the default one-process deployment).
    process:  `bina serve --no-worker` and one `bina worker` beside it (how it scales out).
    """
    extra = ["--concurrency", str(concurrency)] if concurrency else []
    if topology == "embedded":
        yield extra
        return
    log = folder / f"worker-{name}.log"
    # Migrate first, so the server and the worker do not both create a fresh schema at once.
    subprocess.run([BINA, "migrate"], env=bina_env(url), check=True, capture_output=True)
    with log.open("wb") as sink:
        worker = subprocess.Popen(
            [BINA, "worker", *extra], env=bina_env(url), stdout=sink, stderr=subprocess.STDOUT
        )
    try:
        yield ["--no-worker"]
    finally:
        stop(worker)


@contextlib.asynccontextmanager
async def database(backend: str, folder: Path) -> AsyncIterator[str]:
    if backend == "sqlite":
        yield f"sqlite:///{folder / 'bench.db'}"
        return
    name = f"bina_bench_{uuid.uuid4().hex[:10]}"
    admin = await asyncpg.connect(ADMIN_URL)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{name}"
    finally:
        admin = await asyncpg.connect(ADMIN_URL)
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await admin.close()


# --- load -----------------------------------------------------------------------------------


@dataclass
class Reply:
    status: int
    headers: dict[str, str]  # lower-case names; a repeated header keeps its last value
    body: bytes

    def json(self) -> dict[str, object]:
        body = self.body
        if self.headers.get("content-encoding") == "gzip":
            body = gzip.decompress(body)
        parsed = json.loads(body)
        assert isinstance(parsed, dict)
        return parsed


class Connection:
    """One keep-alive HTTP/1.1 connection on a raw socket.

    A load generator in the same 2-core machine must cost little per request, or it measures
    itself: httpx spends several times the server's CPU per request at 100 connections.
    """

    def __init__(self, base: str, cookie: str = "") -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.cookie = cookie  # `name=value`, sent as `Cookie:`; a page session sets it later
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> int:
        return (await self.fetch(method, path, body)).status

    async def fetch(
        self, method: str, path: str, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> Reply:
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        if self.cookie:
            extra += f"Cookie: {self.cookie}\r\n"
        head = (
            f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n{extra}"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode()
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            try:
                self.writer.write(head + body)
                return await self._read_reply(self.reader)
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()  # an idle keep-alive connection the server closed: reopen
                if attempt:
                    raise
        raise AssertionError("unreachable")

    @staticmethod
    async def _read_reply(reader: asyncio.StreamReader) -> Reply:
        status_line = await reader.readline()
        if not status_line:
            raise ConnectionResetError("closed by the server")
        headers: dict[str, str] = {}
        while (line := await reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            headers[name.strip().lower().decode("latin-1")] = value.strip().decode("latin-1")
        if headers.get("transfer-encoding", "").lower() == "chunked":
            chunks = []
            while size := int((await reader.readline()).split(b";")[0], 16):
                chunks.append(await reader.readexactly(size))
                await reader.readexactly(2)
            while (await reader.readline()) not in (b"\r\n", b""):  # trailers
                pass
            body = b"".join(chunks)
        else:
            body = await reader.readexactly(int(headers.get("content-length", "0")))
        return Reply(int(status_line.split()[1]), headers, body)

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


def latency_columns(samples: list[float]) -> dict[str, float | None]:
    """p50, p99 and max in ms, as Row keyword arguments (None without samples)."""
    if not samples:
        return {"p50_ms": None, "p99_ms": None, "max_ms": None}
    return {
        "p50_ms": percentile(samples, 0.5),
        "p99_ms": percentile(samples, 0.99),
        "max_ms": max(samples) * 1000,
    }


def describe_errors(errors: Counter[str]) -> str:
    if not errors:
        return "0 errors"
    return "errors: " + ", ".join(f"{count}× {kind}" for kind, count in errors.most_common())


async def drive(
    method: str,
    path: str,
    base: str,
    *,
    clients: int,
    requests: int,
    body: bytes = b"",
    cookie: str = "",
    as_visitors: bool = False,
) -> tuple[float, list[float], int]:
    """`requests` calls over `clients` concurrent connections: (req/s, latencies, errors).

    `as_visitors`: each connection is one visitor (its own address) sending what the page
    sends with a start (a fresh Idempotency-Key each time).
    """
    latencies: list[float] = []
    errors = 0
    remaining = requests
    connections = [Connection(base, cookie) for _ in range(clients)]
    await asyncio.gather(*(c.request("GET", "/api/health") for c in connections))  # warm up

    async def one_client(number: int, connection: Connection) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            headers = start_headers(number) if as_visitors else None
            began = time.perf_counter()
            status = (await connection.fetch(method, path, body, headers)).status
            latencies.append(time.perf_counter() - began)
            errors += status >= 400

    began = time.perf_counter()
    await asyncio.gather(*(one_client(n, connection) for n, connection in enumerate(connections)))
    elapsed = time.perf_counter() - began
    await asyncio.gather(*(connection.close() for connection in connections))
    return len(latencies) / elapsed, latencies, errors


async def measure(
    rows: list[Row],
    backend: str,
    what: str,
    base: str,
    clients: int,
    requests: int,
    *,
    method: str = "GET",
    path: str,
    body: bytes = b"",
    cookie: str = "",
    as_visitors: bool = False,
) -> None:
    rate, latencies, errors = await drive(
        method,
        path,
        base,
        clients=clients,
        requests=requests,
        body=body,
        cookie=cookie,
        as_visitors=as_visitors,
    )
    note = "each client a visitor: own address, fresh Idempotency-Key" if as_visitors else ""
    if errors:
        note = f"{note}; {errors} errors" if note else f"{errors} errors"
    rows.append(
        Row(backend, what, clients, len(latencies), rate, **latency_columns(latencies), note=note)
    )
    print(f"  {backend:<10} {what:<30} {clients:>4} clients {rate:>8,.0f} req/s", flush=True)


async def bench_requests(
    rows: list[Row], backend: str, url: str, folder: Path, quick: bool
) -> None:
    scale = 0.3 if quick else 1.0
    start_body = json.dumps(DESCRIPTION).encode()
    args = [BINA, "serve", "--no-worker", "--port", "{port}"]
    with server(args, bina_env(url), folder / f"serve-{backend}.log") as (_process, base):
        async with httpx.AsyncClient(base_url=base) as client:
            first = await client.post("/api/generate/start", json=DESCRIPTION)
            status_path = f"/api/generate/status/{first.json()['job_id']}"
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        for clients in (10, 100):
            total = int((1000 if clients == 10 else 3000) * scale)
            await measure(
                rows,
                backend,
                "GET /api/health (reference)",
                base,
                clients,
                total,
                path="/api/health",
            )
            await measure(
                rows,
                backend,
                "POST /api/generate/start",
                base,
                clients,
                total,
                method="POST",
                path="/api/generate/start",
                body=start_body,
                as_visitors=True,
            )
            await measure(
                rows,
                backend,
                "GET /api/generate/status",
                base,
                clients,
                total * 2,
                path=status_path,
                cookie=cookie,
            )


async def bench_hello(rows: list[Row], folder: Path, quick: bool) -> None:
    (folder / "hello_app.py").write_text(HELLO_APP)
    args = [
        sys.executable,
        "-m",
        "uvicorn",
        "hello_app:app",
        "--port",
        "{port}",
        "--log-level",
        "warning",
        "--no-access-log",
    ]
    with server(args, dict(os.environ), folder / "hello.log") as (_process, base):
        for clients in (10, 100):
            total = int(3000 * (0.3 if quick else 1.0))
            await measure(
                rows, "-", "bare FastAPI hello (reference)", base, clients, total, path="/hello"
            )


# --- open loop: page sessions and a start-rate sweep -----------------------------------------


def error_kind(exc: BaseException) -> str:
    return "timeout" if isinstance(exc, TimeoutError) else type(exc).__name__


async def timed_fetch(
    connection: Connection,
    latencies: list[float],
    errors: Counter[str],
    method: str,
    path: str,
    *,
    body: bytes = b"",
    headers: Mapping[str, str] | None = None,
    since: float | None = None,
) -> Reply | None:
    """One request; its latency (from `since`, else from now) goes into `latencies`.

    An answer >= 400 is counted in `errors` and returned; a timeout or a connection error is
    counted (with no latency) and gives None, the connection closed.
    """
    began = time.perf_counter() if since is None else since
    try:
        async with asyncio.timeout(REQUEST_TIMEOUT_SECONDS):
            reply = await connection.fetch(method, path, body, headers)
    except (OSError, asyncio.IncompleteReadError, ValueError) as exc:  # TimeoutError is OSError
        errors[error_kind(exc)] += 1
        await connection.close()
        return None
    latencies.append(time.perf_counter() - began)
    if reply.status >= 400:
        errors[f"HTTP {reply.status}"] += 1
    return reply


class LoopLag:
    """How late the client's own event loop wakes up while it measures.

    Client and server share two cores: when the client is late to read an answer, the
    latency it records includes that. Its p99 says how much of a tail may be the client's.
    """

    INTERVAL = 0.005

    def __init__(self) -> None:
        self.samples: list[float] = []
        self.task: asyncio.Task[None] | None = None

    async def _probe(self) -> None:
        while True:
            began = time.perf_counter()
            await asyncio.sleep(self.INTERVAL)
            self.samples.append(time.perf_counter() - began - self.INTERVAL)

    async def __aenter__(self) -> LoopLag:
        self.task = asyncio.create_task(self._probe())
        return self

    async def __aexit__(self, *_: object) -> None:
        assert self.task is not None
        self.task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self.task

    def summary(self) -> str:
        if not self.samples:
            return "client lag -"
        return f"client lag p99 {percentile(self.samples, 0.99):.1f} ms"


@dataclass
class SessionStats:
    starts: list[float] = field(default_factory=list)
    polls: list[float] = field(default_factory=list)
    not_modified: int = 0
    finished: Counter[str] = field(default_factory=Counter)  # final status → jobs
    unfinished: int = 0  # still running when the session had to stop following
    start_to_done: list[float] = field(default_factory=list)  # seconds, as the phone saw it
    errors: Counter[str] = field(default_factory=Counter)


async def page_session(
    base: str,
    body: bytes,
    stop_starting: float,
    stop_following: float,
    seed: int,
    stats: SessionStats,
) -> None:
    """One phone on the /create page: start, poll every 3 s until finished, think, again."""
    rng = random.Random(seed)
    connection = Connection(base)  # no cookie yet: the first answer sets one
    await asyncio.sleep(rng.uniform(0, RAMP_SECONDS))
    try:
        while time.perf_counter() < stop_starting:
            headers = {**start_headers(seed), "Accept-Encoding": "gzip"}
            began = time.perf_counter()
            reply = await timed_fetch(
                connection,
                stats.starts,
                stats.errors,
                "POST",
                START_PATH,
                body=body,
                headers=headers,
            )
            if reply is not None and reply.status == 202:
                if not connection.cookie and "set-cookie" in reply.headers:
                    connection.cookie = reply.headers["set-cookie"].split(";", 1)[0]
                await follow_job(
                    connection, str(reply.json()["job_id"]), began, stop_following, stats
                )
            await asyncio.sleep(rng.uniform(*THINK_SECONDS))
    finally:
        await connection.close()


async def follow_job(
    connection: Connection, job_id: str, began: float, stop: float, stats: SessionStats
) -> None:
    path = f"/api/generate/status/{job_id}"
    etag = ""
    polled = began
    while True:
        polled += POLL_SECONDS
        if polled > stop:
            stats.unfinished += 1
            return
        await asyncio.sleep(polled - time.perf_counter())
        polled = time.perf_counter()
        headers = {"Accept-Encoding": "gzip"}
        if etag:
            headers["If-None-Match"] = etag
        reply = await timed_fetch(
            connection, stats.polls, stats.errors, "GET", path, headers=headers
        )
        if reply is None or reply.status >= 400:
            continue  # the page keeps polling through errors
        if reply.status == 304:
            stats.not_modified += 1
            continue
        etag = reply.headers.get("etag", etag)
        status = str(reply.json()["status"])
        if status in FINISHED:
            stats.finished[status] += 1
            stats.start_to_done.append(time.perf_counter() - began)
            return


async def bench_sessions(
    rows: list[Row],
    backend: str,
    url: str,
    folder: Path,
    *,
    sessions: int,
    seconds: float,
    job_seconds: float,
    topology: str,
) -> None:
    body = json.dumps(DESCRIPTION).encode()
    env = bina_env(url, BINA_OFFLINE_DELAY_S=str(job_seconds))
    stats = SessionStats()
    name = f"sessions-{backend}-{topology}"
    with (
        workers(topology, url, folder, name, concurrency=2 * sessions) as serve_args,
        server([BINA, "serve", "--port", "{port}", *serve_args], env, folder / f"{name}.log") as (
            process,
            base,
        ),
    ):
        cpu_before = cpu_seconds(process.pid)
        began = time.perf_counter()
        stop_starting = began + seconds
        # Every job started is followed to its end, within reason.
        stop_following = stop_starting + job_seconds + 2 * POLL_SECONDS + 5
        async with LoopLag() as lag:
            await asyncio.gather(
                *(
                    page_session(base, body, stop_starting, stop_following, SEED + i, stats)
                    for i in range(sessions)
                )
            )
        elapsed = time.perf_counter() - began
        server_cpu = (cpu_seconds(process.pid) - cpu_before) / elapsed
    what = f"{sessions} page sessions ({topology})"
    common = f"{seconds:g} s, {TOPOLOGY_NOTE[topology]}, jobs {job_seconds:g} s"
    rows.append(
        Row(
            backend,
            f"{what}: POST start",
            sessions,
            len(stats.starts),
            len(stats.starts) / seconds,
            **latency_columns(stats.starts),
            note=f"open loop, {common}; server CPU {server_cpu * 100:.0f} %, {lag.summary()}",
        )
    )
    rows.append(
        Row(
            backend,
            f"{what}: GET status",
            sessions,
            len(stats.polls),
            len(stats.polls) / elapsed,
            **latency_columns(stats.polls),
            note=f"every 3 s, If-None-Match: {stats.not_modified} × 304",
        )
    )
    done = sum(stats.finished.values())
    seen = (
        f"start→seen done p50 {percentile(stats.start_to_done, 0.5) / 1000:.1f} s"
        if stats.start_to_done
        else "none seen done"
    )
    outcome = ", ".join(f"{n} {status}" for status, n in stats.finished.most_common())
    rows.append(
        Row(
            backend,
            f"{what}: jobs finished",
            sessions,
            done,
            done / elapsed,
            note=f"{outcome or 'none'}, {stats.unfinished} unfinished; {seen}; "
            f"{describe_errors(stats.errors)}",
        )
    )
    print(
        f"  {backend:<10} {what}: {len(stats.starts)} starts, {len(stats.polls)} polls, "
        f"{done} jobs finished",
        flush=True,
    )


@dataclass
class OpenLoopResult:
    sent: int
    latencies: list[float]  # from each start's scheduled send time
    errors: Counter[str]
    window: float  # from the first scheduled send to the last answer (or the schedule's end)
    peak_in_flight: int


async def open_loop_starts(
    pool: list[Connection], base: str, rate: float, seconds: float, rng: random.Random
) -> OpenLoopResult:
    """Starts arriving as a Poisson process at `rate`/s for `seconds`, each on its own task."""
    body = json.dumps(DESCRIPTION).encode()
    schedule: list[float] = []
    offset = rng.expovariate(rate)
    while offset < seconds:
        schedule.append(offset)
        offset += rng.expovariate(rate)
    latencies: list[float] = []
    errors: Counter[str] = Counter()
    slots = asyncio.Semaphore(MAX_IN_FLIGHT)
    visitors = itertools.count(rng.randrange(1 << 23) * 2)
    in_flight = peak = 0
    last_answer = 0.0

    async def one(scheduled: float) -> None:
        nonlocal in_flight, peak, last_answer
        in_flight += 1
        peak = max(peak, in_flight)
        async with slots:
            connection = pool.pop() if pool else Connection(base)
            headers = start_headers(next(visitors))  # each start a new visitor
            try:
                await timed_fetch(
                    connection,
                    latencies,
                    errors,
                    "POST",
                    START_PATH,
                    body=body,
                    headers=headers,
                    since=scheduled,
                )
            finally:
                pool.append(connection)
        in_flight -= 1
        last_answer = time.perf_counter()

    began = time.perf_counter()
    tasks: list[asyncio.Task[None]] = []
    for offset in schedule:
        scheduled = began + offset
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
    await asyncio.gather(*tasks)
    window = max(last_answer, began + seconds) - began
    return OpenLoopResult(len(schedule), latencies, errors, window, peak)


async def backlog(client: httpx.AsyncClient) -> int:
    """Jobs queued or running, from `GET /api/health`."""
    health = (await client.get("/api/health")).json()
    return int(health.get("queue_depth") or 0) + int(health.get("processing") or 0)


async def drain(base: str, limit: float) -> float:
    """Waits until the embedded worker has run every queued job; returns the seconds it took."""
    began = time.perf_counter()
    async with httpx.AsyncClient(base_url=base, timeout=10) as client:
        while time.perf_counter() - began < limit and await backlog(client):
            await asyncio.sleep(0.2)
    return time.perf_counter() - began


async def bench_sweep(
    rows: list[Row],
    backend: str,
    url: str,
    folder: Path,
    *,
    rates: list[float],
    seconds: float,
    topology: str | None,
) -> None:
    # The worker in the API process or beside it, at the default concurrency; or none at all
    # (topology None: the start path alone, jobs pile up).
    worker = topology is not None
    name = f"sweep-{backend}-{topology or 'no-worker'}"
    with (
        workers(topology or "embedded", url, folder, name) as serve_args,
        server(
            [BINA, "serve", "--port", "{port}", *(serve_args if worker else ["--no-worker"])],
            bina_env(url),
            folder / f"{name}.log",
        ) as (process, base),
    ):
        pool = [Connection(base) for _ in range(WARM_CONNECTIONS)]
        await asyncio.gather(*(c.request("GET", "/api/health") for c in pool))
        rng = random.Random(SEED)
        for rate in rates:
            cpu_before = cpu_seconds(process.pid)
            async with LoopLag() as lag:
                result = await open_loop_starts(pool, base, rate, seconds, rng)
            server_cpu = (cpu_seconds(process.pid) - cpu_before) / result.window
            columns = latency_columns(result.latencies)
            p99 = columns["p99_ms"]
            stop = p99 is None or p99 > SWEEP_STOP_P99_MS
            if not worker:
                queue = ""
            elif stop or rate == rates[-1]:  # no next rate: no need to wait for the worker
                async with httpx.AsyncClient(base_url=base, timeout=10) as client:
                    queue = f", {await backlog(client)} jobs left"
            else:
                queue = f", drained {await drain(base, limit=60):.1f} s"
            rows.append(
                Row(
                    backend,
                    f"open loop ({topology or 'no worker'}): start @ {rate:g}/s",
                    None,
                    len(result.latencies),
                    len(result.latencies) / result.window,
                    **columns,
                    note=f"{TOPOLOGY_NOTE[topology] if topology else '--no-worker'}, Poisson, "
                    f"{result.sent} sent/{seconds:g} s, peak {result.peak_in_flight} in "
                    f"flight, server CPU {server_cpu * 100:.0f} %{queue}, {lag.summary()}; "
                    f"{describe_errors(result.errors)}"
                    + ("; p99 > 200 ms: sweep stops" if stop and rate != rates[-1] else ""),
                )
            )
            print(
                f"  {backend:<10} open loop {rate:>5g} starts/s: p99 "
                f"{p99 if p99 is not None else float('nan'):.1f} ms",
                flush=True,
            )
            if stop:
                break
        await asyncio.gather(*(connection.close() for connection in pool))


# --- SSE fan-out ----------------------------------------------------------------------------


class StreamClient:
    """A minimal SSE client on a raw socket (1,000 httpx streams would measure httpx)."""

    def __init__(self, host: str, port: int, path: str, cookie: str) -> None:
        self.request = (
            f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nAccept: text/event-stream\r\n"
            f"Cookie: {cookie}\r\n\r\n"
        ).encode()
        self.host, self.port = host, port
        self.events = 0
        self.changed = asyncio.Event()
        self.task: asyncio.Task[None] | None = None

    async def run(self, connected: asyncio.Semaphore) -> None:
        reader, writer = await asyncio.open_connection(self.host, self.port)
        try:
            writer.write(self.request)
            await writer.drain()
            connected.release()
            status = await reader.readline()
            if b" 200 " not in status:
                raise RuntimeError(f"stream refused: {status!r}")
            while chunk := await reader.read(65536):
                count = chunk.count(b"event: ")
                if count:
                    self.events += count
                    self.changed.set()
        finally:
            writer.close()


async def bench_fanout(rows: list[Row], backend: str, url: str, folder: Path, streams: int) -> None:
    env = bina_env(url)
    with server(
        [BINA, "serve", "--no-worker", "--port", "{port}"], env, folder / f"fanout-{backend}.log"
    ) as (process, base):
        port = int(base.rsplit(":", 1)[1])
        async with httpx.AsyncClient(
            base_url=base, timeout=60, limits=httpx.Limits(max_connections=20)
        ) as client:
            await client.get("/api/usage")  # one anonymous identity owns every job below
            created = await asyncio.gather(
                *(client.post("/api/generate/start", json=DESCRIPTION) for _ in range(streams))
            )
            job_ids = [response.json()["job_id"] for response in created]
            cookie = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
        await asyncio.sleep(1)
        rss_before, cpu_before = rss_mib(process.pid), cpu_seconds(process.pid)

        opened = asyncio.Semaphore(0)
        readers = [
            StreamClient("127.0.0.1", port, f"/api/generate/stream/{job_id}", cookie)
            for job_id in job_ids
        ]
        began = time.perf_counter()
        for reader in readers:
            reader.task = asyncio.create_task(reader.run(opened))
        for _ in readers:
            await opened.acquire()
        while sum(reader.events for reader in readers) < streams:  # each got its first event
            await asyncio.sleep(0.01)
        open_seconds = time.perf_counter() - began
        rss_open = rss_mib(process.pid)
        cpu_opened = cpu_seconds(process.pid)

        idle = 10.0
        await asyncio.sleep(idle)
        cpu_idle = (cpu_seconds(process.pid) - cpu_opened) / idle

        # Every job changes once (another process claims them all): each stream gets an event.
        for reader in readers:
            reader.changed.clear()
        cpu_before_burst = cpu_seconds(process.pid)
        began = time.perf_counter()
        async with open_store(url, pool_size=2) as store:
            claimed = 0
            while claimed < streams:
                claimed += len(await store.claim_jobs("bench", 500, timedelta(minutes=10)))
        await asyncio.gather(*(reader.changed.wait() for reader in readers))
        burst_seconds = time.perf_counter() - began
        burst_cpu = cpu_seconds(process.pid) - cpu_before_burst
        for reader in readers:
            assert reader.task is not None
            reader.task.cancel()
        await asyncio.gather(*(r.task for r in readers if r.task), return_exceptions=True)

    per_stream_kib = (rss_open - rss_before) * 1024 / streams
    rows.append(
        Row(
            backend,
            f"SSE: open {streams} streams",
            streams,
            streams,
            streams / open_seconds,
            note=f"RSS {rss_before:.0f}→{rss_open:.0f} MiB ({per_stream_kib:.0f} KiB/stream), "
            f"CPU {cpu_opened - cpu_before:.2f} s",
        )
    )
    rows.append(
        Row(
            backend,
            "SSE: idle (heartbeats)",
            streams,
            0,
            0,
            note=f"CPU {cpu_idle * 100:.1f} % of a core over {idle:.0f} s",
        )
    )
    rows.append(
        Row(
            backend,
            "SSE: every job changes once",
            streams,
            streams,
            streams / burst_seconds,
            note=f"all delivered in {burst_seconds:.2f} s, server CPU {burst_cpu:.2f} s",
        )
    )
    print(f"  {backend:<10} SSE fan-out: {streams} streams done", flush=True)


# --- report ---------------------------------------------------------------------------------


def print_table(rows: list[Row]) -> None:
    def ms(value: float | None) -> str:
        return f"{value:.1f}" if value is not None else "-"

    width = max(30, *(len(row.what) for row in rows)) if rows else 30
    print()
    header = (
        f"{'backend':<10} {'what':<{width}} {'clients':>7} {'requests':>8} {'req/s':>9} "
        f"{'p50 ms':>7} {'p99 ms':>7} {'max ms':>7}  note"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        rate = f"{row.per_second:,.0f}" if row.per_second else "-"
        clients = str(row.clients) if row.clients is not None else "open"
        print(
            f"{row.backend:<10} {row.what:<{width}} {clients:>7} {row.requests:>8} {rate:>9} "
            f"{ms(row.p50_ms):>7} {ms(row.p99_ms):>7} {ms(row.max_ms):>7}  {row.note}"
        )
    print()
    print(f"machine: {os.cpu_count()} cores; client and server share them; loopback only.")
    print("server CPU: % of one core; client lag: how late the client's event loop woke up.")
    print(
        "clients: closed loop = connections each sending its next request when the previous "
        "returns; page sessions = phones; open = Poisson arrivals, latency from the scheduled "
        "send time."
    )


def parse_only(value: str) -> set[str]:
    chosen = {part.strip() for part in value.split(",") if part.strip()}
    unknown = chosen - set(SCENARIOS)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(
            f"unknown scenario(s) {', '.join(sorted(unknown)) or '(none)'}; "
            f"choose from {','.join(SCENARIOS)}"
        )
    return chosen


def parse_topologies(value: str) -> list[str]:
    chosen = [part.strip() for part in value.split(",") if part.strip()]
    unknown = set(chosen) - set(TOPOLOGIES)
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {','.join(TOPOLOGIES)}")
    return chosen


def parse_rates(value: str) -> list[float]:
    try:
        rates = [float(part) for part in value.split(",")]
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a list of numbers: {value}") from exc
    if not rates or min(rates) <= 0:
        raise argparse.ArgumentTypeError("rates must be positive")
    return rates


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests, shorter runs")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument(
        "--only",
        type=parse_only,
        default=set(SCENARIOS),
        help=f"comma-separated scenarios to run, of {','.join(SCENARIOS)} (default: all)",
    )
    parser.add_argument("--streams", type=int, default=1000, help="SSE fan-out streams")
    parser.add_argument("--sessions", type=int, default=100, help="concurrent page sessions")
    parser.add_argument(
        "--job-seconds",
        type=float,
        default=0.0,
        help="page sessions: BINA_OFFLINE_DELAY_S, how long each job takes (0: unpaced)",
    )
    parser.add_argument(
        "--rates",
        type=parse_rates,
        default=[50.0, 100.0, 200.0, 300.0, 400.0],
        help="open-loop sweep: start arrival rates per second, in order",
    )
    parser.add_argument(
        "--topologies",
        type=parse_topologies,
        default=list(TOPOLOGIES),
        help="sessions and sweep: where jobs run, of embedded (in the API process) and "
        "process (a bina worker beside a --no-worker API) (default: both)",
    )
    parser.add_argument(
        "--sweep-no-worker",
        action="store_true",
        help="open-loop sweep: serve with --no-worker and no worker (the start path alone)",
    )
    options = parser.parse_args()
    only: set[str] = options.only
    session_seconds = 15.0 if options.quick else 30.0
    rate_seconds = 5.0 if options.quick else 6.0
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bina-bench-") as tmp:
        folder = Path(tmp)
        if "hello" in only:
            print("reference: a bare FastAPI route on the same Uvicorn", flush=True)
            await bench_hello(rows, folder, options.quick)
        sweeps: list[str | None] = [None] if options.sweep_no_worker else options.topologies
        for backend in options.backends.split(","):
            runs = [
                (scenario, topology)
                for scenario in SCENARIOS
                if scenario in only and scenario != "hello"
                for topology in {"sessions": options.topologies, "sweep": sweeps}.get(
                    scenario, [None]
                )
            ]
            for scenario, topology in runs:
                fresh = folder / f"{scenario}-{backend}-{topology}"  # a fresh database for each
                fresh.mkdir()
                async with database(backend, fresh) as url:
                    print(f"{backend}: {scenario} {topology or ''}", flush=True)
                    if scenario == "closed":
                        await bench_requests(rows, backend, url, folder, options.quick)
                    elif scenario == "fanout":
                        await bench_fanout(rows, backend, url, folder, options.streams)
                    elif scenario == "sessions":
                        assert topology is not None
                        await bench_sessions(
                            rows,
                            backend,
                            url,
                            fresh,
                            sessions=options.sessions,
                            seconds=session_seconds,
                            job_seconds=options.job_seconds,
                            topology=topology,
                        )
                    else:
                        await bench_sweep(
                            rows,
                            backend,
                            url,
                            fresh,
                            rates=options.rates,
                            seconds=rate_seconds,
                            topology=topology,
                        )
    print_table(rows)


if __name__ == "__main__":
    asyncio.run(main())
