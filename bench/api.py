"""The HTTP API under load: real `bina serve` processes on loopback, driven by httpx clients.

    .venv/bin/python bench/api.py [--quick] [--backends sqlite,postgres] [--streams 1000]

For one server process (`--no-worker`) on SQLite and on PostgreSQL, at 10 and 100 concurrent
clients: `POST /api/generate/start` latency (p50/p99) and `GET /api/generate/status/{id}`
throughput. Then SSE fan-out: 1,000 open streams on one process, its memory (RSS) and CPU,
idle and when every job changes once. For context, the same run measures `GET /api/health`
and a bare FastAPI hello route on the same Uvicorn. Client and server share this machine's
cores, so the numbers are a floor, not a capacity. Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys

# `python bench/api.py` puts bench/ first on sys.path, where queue.py would shadow the stdlib.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]

import argparse
import asyncio
import contextlib
import json
import os
import socket
import subprocess
import tempfile
import textwrap
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
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


@dataclass
class Row:
    backend: str
    what: str
    clients: int
    requests: int
    per_second: float
    p50_ms: float | None = None
    p99_ms: float | None = None
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
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)


def bina_env(database_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BINA_", "DATABASE_"))}
    env.update(
        DATABASE_URL=database_url,
        BINA_DAILY_LIMIT="0",  # measure the API, not the quota's refusals
        BINA_COOKIE_SECRET="bench",
        BINA_LOG_LEVEL="warning",
    )
    return env


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


class Connection:
    """One keep-alive HTTP/1.1 connection on a raw socket.

    A load generator in the same 2-core machine must cost little per request, or it measures
    itself: httpx spends several times the server's CPU per request at 100 connections.
    """

    def __init__(self, base: str, cookie: str = "") -> None:
        host, port = base.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.cookie = f"Cookie: {cookie}\r\n" if cookie else ""
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, body: bytes = b"") -> int:
        for attempt in range(2):
            if self.writer is None:
                self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
            assert self.reader is not None
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n{self.cookie}"
                f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
            )
            try:
                self.writer.write(head.encode() + body)
                status_line = await self.reader.readline()
                if not status_line:
                    raise ConnectionResetError("closed by the server")
                length = 0
                while (line := await self.reader.readline()) not in (b"\r\n", b""):
                    name, _, value = line.partition(b":")
                    if name.lower() == b"content-length":
                        length = int(value)
                await self.reader.readexactly(length)
                return int(status_line.split()[1])
            except (ConnectionError, asyncio.IncompleteReadError):
                await self.close()  # an idle keep-alive connection the server closed: reopen
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
            with contextlib.suppress(Exception):
                await self.writer.wait_closed()
        self.reader = self.writer = None


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))] * 1000


async def drive(
    method: str,
    path: str,
    base: str,
    *,
    clients: int,
    requests: int,
    body: bytes = b"",
    cookie: str = "",
) -> tuple[float, list[float], int]:
    """`requests` calls over `clients` concurrent connections: (req/s, latencies, errors)."""
    latencies: list[float] = []
    errors = 0
    remaining = requests
    connections = [Connection(base, cookie) for _ in range(clients)]
    await asyncio.gather(*(c.request("GET", "/api/health") for c in connections))  # warm up

    async def one_client(connection: Connection) -> None:
        nonlocal remaining, errors
        while remaining > 0:
            remaining -= 1
            began = time.perf_counter()
            status = await connection.request(method, path, body)
            latencies.append(time.perf_counter() - began)
            errors += status >= 400

    began = time.perf_counter()
    await asyncio.gather(*(one_client(connection) for connection in connections))
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
) -> None:
    rate, latencies, errors = await drive(
        method, path, base, clients=clients, requests=requests, body=body, cookie=cookie
    )
    note = f"{errors} errors" if errors else ""
    p50, p99 = percentile(latencies, 0.5), percentile(latencies, 0.99)
    rows.append(Row(backend, what, clients, len(latencies), rate, p50, p99, note))
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
    print()
    header = (
        f"{'backend':<10} {'what':<30} {'clients':>7} {'requests':>8} {'req/s':>9} "
        f"{'p50 ms':>7} {'p99 ms':>7}  note"
    )
    print(header)
    print("-" * len(header))
    for row in rows:
        p50 = f"{row.p50_ms:.1f}" if row.p50_ms is not None else "-"
        p99 = f"{row.p99_ms:.1f}" if row.p99_ms is not None else "-"
        rate = f"{row.per_second:,.0f}" if row.per_second else "-"
        print(
            f"{row.backend:<10} {row.what:<30} {row.clients:>7} {row.requests:>8} {rate:>9} "
            f"{p50:>7} {p99:>7}  {row.note}"
        )
    print()
    print(f"machine: {os.cpu_count()} cores; client and server share them; loopback only.")


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer requests (a smoke run)")
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--streams", type=int, default=1000)
    options = parser.parse_args()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bina-bench-") as tmp:
        folder = Path(tmp)
        print("reference: a bare FastAPI route on the same Uvicorn", flush=True)
        await bench_hello(rows, folder, options.quick)
        for backend in options.backends.split(","):
            async with database(backend, folder) as url:
                print(f"{backend}: start and status", flush=True)
                await bench_requests(rows, backend, url, folder, options.quick)
            fresh = folder / f"fanout-{backend}"
            fresh.mkdir()
            async with database(backend, fresh) as url:
                print(f"{backend}: SSE fan-out", flush=True)
                await bench_fanout(rows, backend, url, folder, options.streams)
    print_table(rows)


if __name__ == "__main__":
    asyncio.run(main())
