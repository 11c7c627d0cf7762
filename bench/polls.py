"""Status polls of a completed job: `bina serve` vs the original design, side by side.

    .venv/bin/python bench/polls.py [--quick] [--backends sqlite,postgres]

The page polls a job's status every 3 s. Once the job is completed the answer carries three
designs of generated HTML (~110 KB), and the original design sent all of it on every poll.
This loads, side by side in one run, one server process each, with
`wrk -t2 -c50 -d8s --latency` (Debian's /usr/bin/wrk; without it, loudly, a raw-socket asyncio
keep-alive client in this process, which is then likely the bottleneck):

  reference   what the original design did, written here: FastAPI on the same Uvicorn with
              `bina serve`'s options (one process, uvloop/httptools as installed, no proxy
              headers, no server header, log level warning), an asyncpg pool (10 connections,
              as Bina's API pool), and for each poll ONE `SELECT` of the row's columns from
              `generation_jobs` (jsonb `styles` decoded by a codec), returned as a dict (FastAPI
              encodes it: jsonable_encoder + JSONResponse) of the shape Bina answers: success,
              job_id, status, progress, stage, message, html, styles, error, business_type,
              created_at, updated_at. No ETag. It reads the same PostgreSQL database, the same
              row, Bina-on-PostgreSQL serves.
  bina        `bina serve --no-worker` (BINA_DAILY_LIMIT=0, log level warning) on PostgreSQL
              (a fresh database) and on SQLite (a fresh file): the full body (no
              If-None-Match) and the 304 (If-None-Match: the job's ETag).

The job is made for real first: `bina serve` with its embedded worker runs one generation
(the offline generator) started as the original front end starts one (no credentials: a
capability job, which anyone holding its id may poll, so the load needs no cookie). That
server is stopped and the measured ones started. No request sends Accept-Encoding (wrk does
not), so no body is gzipped: these are the uncompressed bytes.

Every measurement runs twice, alternating (round A in one order, round B in the reverse), and
both runs are reported with ratios against the reference full body of the same round.
Client and servers share this machine's cores, so the numbers are a floor, not a capacity.
Prints a markdown table; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds `queue.py`, which would shadow the standard library's `queue` (imported by
# asyncio): take the folder off the import path, and put the checkout's root at the end so
# `bench` imports as a package.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import os
import tempfile
import textwrap
import time
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
from bench.api import cpu_seconds, database
from bench.sites import WRK, WRK_CONNECTIONS, WRK_THREADS, Load, bina_env, load, server

BINA = str(Path(sys.executable).with_name("bina"))
DESCRIPTION = {
    "description": "Kedai kopi di Ipoh, buka 7 pagi hingga 6 petang. Kopi putih RM2.80, "
    "teh tarik RM2.50, roti bakar RM3.50, nasi lemak RM5. WhatsApp 012-345 6789."
}
STATUS_PATH = "/api/generate/status/{job_id}"
JOB_TIMEOUT_SECONDS = 90.0
TARGET_304 = 2.0  # Bina 304 ≥ 2.0× the reference full body
TARGET_FULL = 1.0  # Bina full body ≥ 1.0× the reference full body
PAUSE_SECONDS = 0.5  # between two loads
BACKENDS = ("sqlite", "postgres")
REFERENCE_APP = textwrap.dedent(
    '''
    """The original design's status poll: one SELECT, the whole row as JSON, no ETag."""

    import json
    import os
    from contextlib import asynccontextmanager

    import asyncpg
    from fastapi import FastAPI, HTTPException

    QUERY = (
        "SELECT job_id, status, progress, stage, message, html, styles, error, business_type, "
        "created_at, updated_at FROM generation_jobs WHERE job_id = $1"
    )


    async def init(connection):
        await connection.set_type_codec(
            "jsonb", encoder=json.dumps, decoder=json.loads, schema="pg_catalog"
        )


    @asynccontextmanager
    async def lifespan(app):
        app.state.pool = await asyncpg.create_pool(
            os.environ["DATABASE_URL"], min_size=10, max_size=10, init=init
        )
        yield
        await app.state.pool.close()


    app = FastAPI(lifespan=lifespan)


    @app.get("/api/generate/status/{job_id}")
    async def status(job_id: str):
        row = await app.state.pool.fetchrow(QUERY, job_id)
        if row is None:
            raise HTTPException(404, "Job not found")
        completed = row["status"] == "completed"
        return {
            "success": True,
            "job_id": row["job_id"],
            "status": row["status"],
            "progress": 100 if completed else row["progress"],
            "stage": row["stage"],
            "message": row["message"],
            "html": row["html"],
            "styles": row["styles"] or [],
            "error": row["error"],
            "business_type": row["business_type"],
            "created_at": row["created_at"],
            "updated_at": row["updated_at"],
        }
    '''
)


# --- the job --------------------------------------------------------------------------------


async def generate_job(url: str, folder: Path) -> str:
    """One real generation on `bina serve` with its embedded worker; returns the job's id."""
    args = [BINA, "serve", "--port", "{port}"]
    with server(args, bina_env(url), folder / "generate.log", "/api/health") as (_process, base):
        async with httpx.AsyncClient(base_url=base, timeout=60) as client:
            # As the original front end starts one: no credentials (a capability job).
            started = await client.post(
                "/api/generate/start",
                json=DESCRIPTION,
                headers={"Idempotency-Key": str(uuid.uuid4())},
            )
            started.raise_for_status()
            job_id = str(started.json()["job_id"])
            deadline = time.monotonic() + JOB_TIMEOUT_SECONDS
            while True:
                status = (await client.get(STATUS_PATH.format(job_id=job_id))).json()
                if status["status"] == "completed":
                    return job_id
                if status["status"] in ("failed", "canceled") or time.monotonic() > deadline:
                    raise RuntimeError(f"generation did not complete: {str(status)[:500]}")
                await asyncio.sleep(0.2)


@dataclass
class Probe:
    status: int
    etag: str | None
    wire_bytes: int  # status line + headers + body
    body_bytes: int


async def probe(base: str, path: str, headers: dict[str, str]) -> Probe:
    """One request as wrk sends it (no Accept-Encoding, no cookie), on a raw socket."""
    host, port = base.removeprefix("http://").split(":")
    reader, writer = await asyncio.open_connection(host, int(port))
    try:
        extra = "".join(f"{name}: {value}\r\n" for name, value in headers.items())
        writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{extra}\r\n".encode())
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        fields = {
            name.strip().lower(): value.strip()
            for name, _, value in (line.partition(":") for line in lines[1:] if line)
        }
        if fields.get("transfer-encoding", "").lower() == "chunked":
            raise RuntimeError(f"{path}: a chunked answer; this probe reads Content-Length only")
        body = await reader.readexactly(int(fields.get("content-length", "0")))
        return Probe(int(lines[0].split()[1]), fields.get("etag"), len(head) + len(body), len(body))
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            await writer.wait_closed()


# --- measurements ---------------------------------------------------------------------------


@dataclass
class Target:
    """One thing to load: a server, a backend and a request."""

    server: str
    backend: str
    request: str
    base: str
    path: str
    headers: dict[str, str]
    pid: int
    expect: int  # the status every answer should have
    probe: Probe | None = None


@dataclass
class Result:
    target: Target
    round: str
    load: Load
    server_cpu: float  # share of one core over the run
    postgres_cpu: float  # every `postgres` process on this machine, share of one core


def postgres_cpu_seconds() -> dict[int, float]:
    """CPU seconds so far of each local PostgreSQL process (the server is on this machine)."""
    seconds: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError):
            if (entry / "comm").read_text().strip() == "postgres":
                seconds[int(entry.name)] = cpu_seconds(int(entry.name))
    return seconds


async def measure(target: Target, round_name: str, seconds: float) -> Result:
    target.probe = await probe(target.base, target.path, target.headers)
    if target.probe.status != target.expect:
        print(
            f"  !! {target.server} {target.backend} {target.request}: answered "
            f"{target.probe.status}, expected {target.expect}",
            flush=True,
        )
    database_before = postgres_cpu_seconds()
    cpu_before, began = cpu_seconds(target.pid), time.perf_counter()
    result = await load(target.base + target.path, seconds, target.headers)
    elapsed = time.perf_counter() - began
    server_cpu = (cpu_seconds(target.pid) - cpu_before) / elapsed
    database_after = postgres_cpu_seconds()
    database_cpu = (
        sum(used - database_before.get(pid, 0.0) for pid, used in database_after.items()) / elapsed
    )
    print(
        f"  {round_name}: {target.server:<9} {target.backend:<8} {target.request:<19} "
        f"{result.per_second:>8,.0f} req/s  server CPU {server_cpu * 100:3.0f} %, "
        f"PostgreSQL CPU {database_cpu * 100:3.0f} %",
        flush=True,
    )
    return Result(target, round_name, result, server_cpu, database_cpu)


@contextlib.asynccontextmanager
async def servers(
    backends: list[str], urls: dict[str, str], jobs: dict[str, str], folder: Path
) -> AsyncIterator[list[Target]]:
    """The measured servers, all up at once: the reference, then Bina on each backend."""
    with contextlib.ExitStack() as stack:
        (folder / "reference_app.py").write_text(REFERENCE_APP)
        env = {k: v for k, v in os.environ.items() if not k.startswith(("BINA_", "DATABASE_"))}
        env["DATABASE_URL"] = urls["postgres"]
        reference_args = [
            sys.executable,
            "-m",
            "uvicorn",
            "reference_app:app",
            "--host",
            "127.0.0.1",
            "--port",
            "{port}",
            # bina serve's uvicorn.run options (src/bina/app/serving.py)
            "--lifespan",
            "on",
            "--no-proxy-headers",
            "--no-server-header",
            "--log-level",
            "warning",
            "--timeout-graceful-shutdown",
            "10",
        ]
        process, base = stack.enter_context(
            server(reference_args, env, folder / "reference.log", "/openapi.json")
        )
        path = STATUS_PATH.format(job_id=jobs["postgres"])
        targets = [
            Target("reference", "postgres", "full body (200)", base, path, {}, process.pid, 200)
        ]
        for backend in backends:
            args = [BINA, "serve", "--no-worker", "--port", "{port}"]
            log = folder / f"serve-{backend}.log"
            process, base = stack.enter_context(
                server(args, bina_env(urls[backend]), log, "/api/health")
            )
            path = STATUS_PATH.format(job_id=jobs[backend])
            full = Target("bina", backend, "full body (200)", base, path, {}, process.pid, 200)
            etag = (await probe(base, path, {})).etag
            if etag is None:
                raise RuntimeError(f"bina on {backend}: no ETag on the status answer")
            cached = Target(
                "bina",
                backend,
                "If-None-Match (304)",
                base,
                path,
                {"If-None-Match": etag},
                process.pid,
                304,
            )
            targets += [full, cached]
        yield targets


# --- the table ------------------------------------------------------------------------------


def ms(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "-"


def verdict(target: Target, ratio: float | None) -> str:
    if target.server == "reference" or ratio is None:
        return "-"
    goal = TARGET_304 if target.expect == 304 else TARGET_FULL
    return f"≥ {goal:.1f}×: {'met' if ratio >= goal else 'NOT MET'}"


def cpu_per_request(result: Result) -> str:
    """Server (+ PostgreSQL) CPU ms per answer: less noisy than req/s on a shared machine."""
    rate = result.load.per_second
    if not rate:
        return "-"
    server = result.server_cpu / rate * 1000
    if result.target.backend != "postgres":
        return f"{server:.2f}"
    return f"{server:.2f} + {result.postgres_cpu / rate * 1000:.2f}"


def print_results(results: list[Result], rounds: list[str], tool: str) -> None:
    reference = {r.round: r.load.per_second for r in results if r.target.server == "reference"}
    header = [
        "server",
        "backend",
        "request",
        "run",
        "req/s",
        "p50 ms",
        "p99 ms",
        "bytes/response",
        "× reference full",
        "target",
        "server CPU",
        "PostgreSQL CPU",
        "CPU ms/request",
        "bad",
    ]
    print()
    print("### Status polls of a completed job, one process each")
    print()
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    order: dict[int, int] = {}
    for result in results:  # the targets in round A's order
        order.setdefault(id(result.target), len(order))
    for result in sorted(results, key=lambda r: (order[id(r.target)], rounds.index(r.round))):
        target, loaded = result.target, result.load
        base = reference.get(result.round)
        ratio = loaded.per_second / base if base else None
        probed = target.probe
        size = (
            f"{probed.wire_bytes:,} ({probed.body_bytes:,} body)"
            if probed and probed.status == target.expect
            else f"answered {probed.status if probed else '?'}!"
        )
        cells = [
            target.server,
            target.backend,
            target.request,
            result.round,
            f"{loaded.per_second:,.0f}",
            ms(loaded.p50_ms),
            ms(loaded.p99_ms),
            size,
            f"{ratio:.2f}×" if ratio is not None else "-",
            verdict(target, ratio),
            f"{result.server_cpu * 100:.0f} %",
            f"{result.postgres_cpu * 100:.0f} %",
            cpu_per_request(result),
            str(loaded.bad) + (f" ({loaded.note})" if loaded.note else ""),
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    print(
        f"Targets: **Bina 304 ≥ {TARGET_304:.1f}× reference full; Bina full ≥ {TARGET_FULL:.1f}× "
        "reference full** (req/s, against the reference's run of the same round)."
    )
    print()
    measured = {id(r.target): r.target for r in results if r.target.server == "bina"}
    for target in measured.values():
        verdicts = [
            verdict(target, r.load.per_second / reference[r.round])
            for r in results
            if r.target is target and reference.get(r.round)
        ]
        met = sum("NOT" not in v for v in verdicts)
        print(f"- bina {target.backend} {target.request}: met in {met} of {len(verdicts)} runs")
    print()
    print(
        f"Load: {tool}; each server one process, all started before the first run and idle "
        "while another is loaded. Round A runs the rows top to bottom, round B bottom to top. "
        "No request sends Accept-Encoding (wrk does not), so bodies are NOT gzipped. "
        "bytes/response: status line + headers + body of one answer, from a raw-socket probe "
        "sent as wrk sends it, just before each run. server CPU: % of one core over the run; "
        "PostgreSQL CPU: every local postgres process, % of one core (wrk is the rest). "
        "CPU ms/request: the server's (+ PostgreSQL's) CPU time per answer, which the "
        "machine's noise moves less than req/s. "
        "bad: non-2xx/3xx answers and socket errors."
    )


# --- main -----------------------------------------------------------------------------------


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="4 s wrk runs, one run each")
    parser.add_argument("--backends", default="sqlite,postgres")
    options = parser.parse_args()
    backends = [part.strip() for part in options.backends.split(",") if part.strip()]
    if set(backends) - set(BACKENDS) or not backends:
        parser.error("--backends: choose from sqlite,postgres")
    seconds = 4.0 if options.quick else 8.0
    rounds = ["A"] if options.quick else ["A", "B"]

    load_at_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(f"load average at start: {load_at_start} ({os.cpu_count()} cores)", flush=True)
    if WRK is None:
        print(
            "!! WARNING: wrk NOT FOUND (apt-get install wrk). Loading with an asyncio raw-socket "
            "client in this process instead: on a shared machine it is likely the bottleneck, "
            "so its req/s understate every server.",
            file=sys.stderr,
            flush=True,
        )
        print("!! wrk not found: loaded with the asyncio fallback client", flush=True)
    tool = (
        f"wrk -t{WRK_THREADS} -c{WRK_CONNECTIONS} -d{seconds:g}s --latency ({WRK})"
        if WRK
        else f"asyncio raw-socket client, {WRK_CONNECTIONS} connections (wrk NOT FOUND)"
    )

    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="bina-bench-polls-") as tmp:
        folder = Path(tmp)
        async with contextlib.AsyncExitStack() as stack:
            # PostgreSQL always: the reference reads it (its own database even when Bina on
            # PostgreSQL is not measured).
            urls: dict[str, str] = {}
            for backend in ("postgres", *(b for b in backends if b != "postgres")):
                fresh = folder / backend
                fresh.mkdir()
                urls[backend] = await stack.enter_async_context(database(backend, fresh))
            print("making a completed job on each database (bina serve, embedded worker)")
            made = await asyncio.gather(
                *(generate_job(url, folder / backend) for backend, url in urls.items())
            )
            jobs = dict(zip(urls, made, strict=True))
            for backend, job_id in jobs.items():
                print(f"  {backend}: job {job_id} completed", flush=True)

            async with servers(backends, urls, jobs, folder) as targets:
                for round_name in rounds:
                    order = targets if round_name == "A" else targets[::-1]
                    for target in order:
                        results.append(await measure(target, round_name, seconds))
                        await asyncio.sleep(PAUSE_SECONDS)

    print_results(results, rounds, tool)
    print()
    print(
        f"machine: {os.cpu_count()} cores, shared by wrk and the servers; loopback only; "
        f"load average at start {load_at_start}, at the end "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}."
    )


if __name__ == "__main__":
    asyncio.run(main())
