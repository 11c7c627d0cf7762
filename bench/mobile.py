"""Phones on a bad network: the durable job API beside the original synchronous call.

One run starts its own `bina serve` (a fresh SQLite file in a temporary folder, the offline
generator paced to --delay seconds, BINA_DAILY_LIMIT=3, Bearer JWTs enabled) on a free
loopback port, and bench/_faultproxy.py in front of it on another (latency, a bandwidth cap,
--broken of the connections reset or stalled mid-response, short full outages). Then, through
the proxy, at the same moments (spread over --ramp seconds):

  durable   --sessions phones do what the /create page does, with its timings: POST
            /api/generate/start with a fresh Idempotency-Key, retried with the SAME key on
            network errors, timeouts and 5xx (with backoff), then follow the job by long
            polling GET /api/generate/status/{id}?wait=25 with If-None-Match (the page's
            fallback when Server-Sent Events fail; this script does not use SSE), retrying
            every error, until the job is finished or --deadline passes
  original  --sessions phones use the synchronous call: ONE POST /api/generate-simple with a
            fixed 60-second timeout; when it fails the user taps Generate once more (a second
            request, without an Idempotency-Key, as synchronous clients send none)

Every phone is its own signed-in user (its own JWT `sub` and cookie jar), so quota is counted
per phone. Afterwards the script asks the server (directly, not through the proxy) for each
user's GET /api/usage, reads each user's jobs with bina's store API, and prints one table;
docs/bench-mobile.md says what each row means.

    .venv/bin/python bench/mobile.py [--sessions=200] [--broken 0.10] [--seed 1] [--delay 20]
                                     [--processes N] [--kill-at SECONDS] [--markdown FILE]
    .venv/bin/python bench/mobile.py --scenario kill       # bad network, one process killed
    .venv/bin/python bench/mobile.py --compare-kill        # the same without, then with the kill

--processes N runs `bina serve --processes N` (Uvicorn's supervisor and N children, each with
its embedded worker). --kill-at S SIGKILLs, S seconds after the first tap, the child running
the most jobs (read from the database: a worker id names its pid), then follows the database
until each of its jobs runs again under another worker, and notes whether Uvicorn started a
replacement child. --scenario kill is the preset for a bad network and a killed process
(SCENARIOS below); --compare-kill runs
it twice, without and with the kill, each on a fresh database and server, and prints the two
side by side with the targets (printed, not asserted).

Loopback only; bounded (--ramp + --deadline + 5 s, plus start-up: about 3½ minutes by
default, under 6 minutes for --compare-kill); the server and the proxy are stopped at the end
whatever happens. Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds `queue.py`, which would shadow the standard library's `queue` module
# (imported by asyncio) for scripts run from here: take the folder off the import path first,
# and put the checkout's root at the end so `bench` imports as a package.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import json
import os
import random
import re
import secrets
import signal
import socket
import sqlite3
import ssl
import subprocess
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import jwt

from bina.jobs import Job, open_store

HERE = Path(__file__).resolve().parent
PROXY_SCRIPT = HERE / "_faultproxy.py"
PATTERNS = ("durable", "original")
FINISHED = ("completed", "failed", "canceled")
STYLES = 3  # a finished generation has this many designs
# The durable client copies the /create page's timings (src/bina/web/static/app.js, api.js and
# follow.js in its long-polling mode):
START_TIMEOUT_S = 30  # api.js: a request is aborted after 30 s
START_AUTO_ATTEMPTS = 5  # app.js: network errors retried 5 times (1, 2, 4, 8 s apart) ...
USER_RETAP_S = (2.0, 10.0)  # ... then an error with a Retry button, which the user taps
LONG_POLL_S = 25  # follow.js: ?wait=25 with If-None-Match
POLL_GRACE_S = 15  # api.js: a long poll is aborted after wait + 15 s
POLL_INTERVAL_S = 3.0  # follow.js: at most one status request every 3 s ...
POLL_MAX_BACKOFF_S = 10.0  # ... and after errors 3, 6, 10, 10 ... s
# The original page: one generate-simple with a fixed timeout; on failure the user reads the
# error and taps Generate again (USER_RETAP_S later), once.
OLD_TIMEOUT_S = 60

DESCRIPTIONS = [
    "Kedai nasi kandar {n} di Penang, buka 7 pagi hingga 11 malam, WhatsApp 012-345 6789. "
    "Nasi kandar ayam RM9, roti canai RM1.80.",
    "Salon Ayu {n} di Shah Alam: potong rambut RM25, rawatan rambut RM60. Buka 10 pagi - 8 "
    "malam, tutup Isnin. Hubungi 019-876 5432.",
    "Bengkel kereta Ah Seng {n}, Jalan Ipoh, Kuala Lumpur. Servis minyak hitam, tayar, brek. "
    "Isnin-Sabtu 9am-6pm. Tel 03-4041 2233.",
    "Kek & Biskut Mak Long {n}, Kota Bharu. Tempahan kek hari jadi dari RM80, biskut raya. "
    "WhatsApp 013-222 1100.",
    "Tuition centre Cerdik {n} in Petaling Jaya: maths and science for SPM, RM150 a month. "
    "Mon-Fri 3pm-9pm. Call 012-998 7766.",
]


# --- sessions ---------------------------------------------------------------------------------


@dataclass
class Session:
    pattern: str
    index: int
    user: str
    token: str
    offset: float  # seconds after the run's start at which the phone taps Generate
    body: dict[str, str]
    started_at: float = 0.0
    result_at: float | None = None
    outcome: str = "not run"
    requests: int = 0
    broken: list[float] = field(default_factory=list)  # when requests failed (network/timeout)
    replays: int = 0  # start answers marked Idempotent-Replayed: the job existed already
    statuses: Counter[int] = field(default_factory=Counter)
    anomalies: list[str] = field(default_factory=list)  # answers a correct server never gives
    job_ids: set[str] = field(default_factory=set)
    received_job: str | None = None  # the job whose result the phone got
    taps: list[float] = field(default_factory=list)  # original: when each tap was sent (epoch s)
    trace: list[str] = field(default_factory=list)  # every request: what, answer, when
    errors: Counter[str] = field(default_factory=Counter)  # broken requests by exception
    timeouts: list[int] = field(default_factory=list)  # local ports of requests that timed out
    # Every request: (local port, what, began (monotonic), began (epoch s), took s, its end)
    log: list[tuple[int, str, float, float, float, str]] = field(default_factory=list)
    # filled from the server after the run
    quota_used: int | None = None
    jobs: list[Job] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        return self.result_at is not None

    @property
    def time_to_result(self) -> float | None:
        return None if self.result_at is None else self.result_at - self.started_at


def _complete(data: dict[str, Any]) -> bool:
    styles = data.get("styles") or []
    return (
        len(styles) == STYLES
        and all(isinstance(s, dict) and s.get("html") for s in styles)
        and bool(data.get("html"))
    )


class Phone:
    """One simulated phone: its own HTTP client (own cookie jar), one request per connection."""

    def __init__(self, session: Session, base_url: str, ssl_context: ssl.SSLContext) -> None:
        self.session = session
        self.client = httpx.AsyncClient(
            base_url=base_url,
            headers={"Authorization": f"Bearer {session.token}", "Connection": "close"},
            # No keep-alive: every request is a fresh TCP connection, so the proxy's per-connection
            # faults are per-request faults ("10 % of requests broken").
            limits=httpx.Limits(max_connections=4, max_keepalive_connections=0),
            verify=ssl_context,
            follow_redirects=False,
        )

        # The request in flight: [local port, what, began], for one cut by the hard deadline.
        self.current: list[Any] | None = None

    async def __aenter__(self) -> Phone:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.client.aclose()

    async def request(
        self, method: str, url: str, *, deadline: float, **kwargs: Any
    ) -> httpx.Response | None:
        """The response, or None after a network error / timeout (counted as broken)."""
        s = self.session
        s.requests += 1
        began = time.monotonic()
        what = f"{method} {url.rsplit('/', 1)[-1] if 'status' not in url else 'status'}"
        if wait := (kwargs.get("params") or {}).get("wait"):
            what += f"?wait={wait}"
        port = 0
        wall = time.time()
        self.current = current = [0, what, began, wall]

        async def trace(event: str, info: dict[str, Any]) -> None:
            nonlocal port
            if event == "connection.connect_tcp.complete" and info.get("return_value"):
                sock = info["return_value"].get_extra_info("socket")
                port = current[0] = sock.getsockname()[1] if sock is not None else 0

        def note(ended: str) -> None:
            self.current = None
            s.log.append((port, what, began, wall, time.monotonic() - began, ended))

        try:
            # The page's AbortController: a limit on the whole request, not per read.
            async with asyncio.timeout(deadline):
                response = await self.client.request(
                    method, url, extensions={"trace": trace}, **kwargs
                )
        except (httpx.TransportError, TimeoutError) as exc:
            s.broken.append(time.monotonic())
            s.errors[type(exc).__name__] += 1
            if isinstance(exc, httpx.TimeoutException | TimeoutError):
                s.timeouts.append(port)
            s.trace.append(f"{what} -> {type(exc).__name__}{self._times(began)}")
            note(type(exc).__name__)
            return None
        note(str(response.status_code))
        s.statuses[response.status_code] += 1
        s.trace.append(f"{what} -> {response.status_code}{self._times(began)}")
        return response

    def _times(self, began: float) -> str:
        now = time.monotonic()
        return f" (t+{began - self.session.started_at:.1f}s, took {now - began:.1f}s)"


async def durable_session(s: Session, phone: Phone, deadline: float, rng: random.Random) -> None:
    """What the /create page does: start with an Idempotency-Key, then long-poll the status."""
    status_url = await _start_job(s, phone, deadline, rng)
    if status_url is not None:
        await _follow_status(s, phone, deadline, status_url)


async def _start_job(s: Session, phone: Phone, deadline: float, rng: random.Random) -> str | None:
    """The job's status URL, after as many starts (same key) as it takes; None once given up."""
    loop = asyncio.get_running_loop()
    key = str(uuid.uuid4())
    status_url = None
    attempt = 1
    while status_url is None:
        if loop.time() >= deadline:
            s.outcome = "no job id before the deadline"
            return None
        response = await phone.request(
            "POST",
            "/api/generate/start",
            json=s.body,
            headers={"Idempotency-Key": key},
            timeout=httpx.Timeout(START_TIMEOUT_S),
            deadline=START_TIMEOUT_S,
        )
        if response is None and attempt < START_AUTO_ATTEMPTS:
            await asyncio.sleep(2 ** (attempt - 1))  # same key: finds the job if it was made
            attempt += 1
            continue
        if response is None or response.status_code >= 500:
            # The page shows the error with a Retry button (same key); the user taps it.
            await asyncio.sleep(rng.uniform(*USER_RETAP_S))
            attempt = 1
            continue
        if response.status_code != 202:
            s.anomalies.append(f"start -> {response.status_code} {response.text[:160]}")
            s.outcome = f"start refused ({response.status_code})"
            return None
        data = response.json()
        s.job_ids.add(data["job_id"])
        s.replays += response.headers.get("idempotent-replayed") == "true"
        status_url = str(data["status_url"])
    return status_url


async def _follow_status(s: Session, phone: Phone, deadline: float, status_url: str) -> None:
    """Long-poll the job's status until it ends, the page gives up, or the deadline passes."""
    loop = asyncio.get_running_loop()
    etag = None
    failures = 0
    wait = 0  # the first request fetches the whole state at once, then long polls
    while True:
        if failures:
            await asyncio.sleep(min(POLL_INTERVAL_S * 2 ** (failures - 1), POLL_MAX_BACKOFF_S))
        if loop.time() >= deadline:
            s.outcome = "not finished before the deadline"
            return
        began = loop.time()
        response = await phone.request(
            "GET",
            status_url,
            params={"wait": wait},
            headers={"If-None-Match": etag} if etag else {},
            timeout=httpx.Timeout(wait + POLL_GRACE_S),
            deadline=wait + POLL_GRACE_S,
        )
        wait = LONG_POLL_S
        if response is None or response.status_code >= 500:
            failures += 1
            continue
        if response.status_code == 404:  # the page ends here: "not found"
            s.anomalies.append(f"status -> 404 {response.text[:160]}")
            s.outcome = "job not found"
            return
        if response.status_code not in (200, 304):
            s.anomalies.append(f"status -> {response.status_code} {response.text[:160]}")
            failures += 1
            continue
        failures = 0
        if response.status_code == 200:
            data = response.json()
            etag = response.headers.get("etag") or etag
            status = data.get("status")
            if status == "completed":
                if _complete(data):
                    s.result_at = loop.time()
                    s.received_job = data.get("job_id")
                    s.outcome = "finished"
                else:
                    s.anomalies.append(f"completed with {len(data.get('styles') or [])} styles")
                    s.outcome = "completed without 3 styles"
                return
            if status in ("failed", "canceled"):
                s.outcome = f"job {status}: {data.get('error')}"
                return
        await asyncio.sleep(max(0.0, POLL_INTERVAL_S - (loop.time() - began)))


async def original_session(s: Session, phone: Phone, deadline: float, rng: random.Random) -> None:
    """The synchronous call: one long generate-simple; on failure the user taps once more."""
    loop = asyncio.get_running_loop()
    for attempt in (1, 2):
        budget = min(OLD_TIMEOUT_S, deadline - loop.time())
        if budget <= 0:
            s.outcome = "deadline"
            return
        s.taps.append(time.time())
        response = await phone.request(
            "POST",
            "/api/generate-simple",
            json=s.body,
            timeout=httpx.Timeout(budget),
            deadline=budget,
        )
        if response is not None and response.status_code == 200:
            data = response.json()
            if data.get("job_id"):
                s.job_ids.add(data["job_id"])
            if _complete(data):
                s.result_at = loop.time()
                s.received_job = data.get("job_id")
                s.outcome = "finished" if attempt == 1 else "finished on the second tap"
                return
            s.anomalies.append(f"generate-simple 200 without {STYLES} styles")
        elif response is not None and response.status_code != 202 and response.status_code < 500:
            # 202 is "not finished within the server's wait"; an old page could not use it.
            s.anomalies.append(f"generate-simple -> {response.status_code}")
        s.outcome = "no result after two taps"
        if attempt == 1:
            await asyncio.sleep(rng.uniform(*USER_RETAP_S))


SESSION_RUNNERS: dict[str, Callable[..., Any]] = {
    "durable": durable_session,
    "original": original_session,
}


async def run_session(
    s: Session, base_url: str, t0: float, args: argparse.Namespace, ssl_context: ssl.SSLContext
) -> None:
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, t0 + s.offset - loop.time()))
    s.started_at = loop.time()
    deadline = s.started_at + args.deadline
    rng = random.Random(f"{args.seed}:{s.pattern}:{s.index}")
    async with Phone(s, base_url, ssl_context) as phone:
        try:
            # A hard stop a little after the deadline, whatever a request is doing.
            async with asyncio.timeout(args.deadline + 5):
                await SESSION_RUNNERS[s.pattern](s, phone, deadline, rng)
        except TimeoutError:
            s.outcome = "hard deadline"
            if phone.current is not None:
                port, what, began, wall = phone.current
                s.trace.append(f"{what} -> cut by the hard deadline{phone._times(began)}")
                s.log.append((port, what, began, wall, loop.time() - began, "the hard deadline"))
        except Exception as exc:  # a bug in this script or a malformed answer: keep counting
            s.anomalies.append(f"client error {type(exc).__name__}: {exc}")
            s.outcome = f"client error {type(exc).__name__}"


# --- the server and the proxy -----------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    args: argparse.Namespace, workdir: Path, database_url: str, secret: str
) -> tuple[subprocess.Popen[bytes], int, Path]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("BINA_")}
    env.pop("DATABASE_URL", None)
    env.update(
        DATABASE_URL=database_url,
        BINA_OFFLINE_DELAY_S=str(args.delay),
        BINA_DAILY_LIMIT="3",
        BINA_CONCURRENCY=str(args.concurrency),
        BINA_JWT_SECRET=secret,
        BINA_LOG_LEVEL="info",
    )
    if args.takeover_check is not None:
        env["BINA_TAKEOVER_CHECK_SECONDS"] = str(args.takeover_check)
    bina = Path(sys.executable).parent / "bina"
    log = workdir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                str(bina),
                "serve",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--processes",
                str(args.processes),
            ],
            cwd=workdir,  # no stray .env from the checkout
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    return process, port, log


async def wait_healthy(port: int, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        while loop.time() < end:
            if process.poll() is not None:
                raise RuntimeError(f"bina serve exited with {process.returncode}")
            with contextlib.suppress(httpx.TransportError):
                if (await client.get("/api/health", timeout=2)).status_code == 200:
                    return
            await asyncio.sleep(0.2)
    raise RuntimeError("bina serve did not become healthy in time")


async def start_proxy(
    args: argparse.Namespace, upstream: int, stats_file: Path
) -> tuple[asyncio.subprocess.Process, int]:
    process = await asyncio.create_subprocess_exec(
        sys.executable,
        str(PROXY_SCRIPT),
        "--upstream-port",
        str(upstream),
        "--stats",
        str(stats_file),
        "--seed",
        str(args.seed),
        "--broken",
        str(args.broken),
        "--rtt-min-ms",
        str(args.rtt[0]),
        "--rtt-max-ms",
        str(args.rtt[1]),
        "--bandwidth-kbs",
        str(args.bandwidth),
        "--outage-every-s",
        str(args.outage_every),
        "--outage-min-s",
        str(args.outage[0]),
        "--outage-max-s",
        str(args.outage[1]),
        stdout=asyncio.subprocess.PIPE,
    )
    assert process.stdout is not None
    line = await asyncio.wait_for(process.stdout.readline(), timeout=30)
    if not line.startswith(b"READY "):
        raise RuntimeError(f"the fault proxy did not start: {line!r}")
    return process, int(line.split()[1])


def stop_process(process: subprocess.Popen[bytes], grace: float = 20) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


async def stop_async_process(process: asyncio.subprocess.Process, grace: float = 10) -> None:
    if process.returncode is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        await asyncio.wait_for(process.wait(), grace)
    except TimeoutError:
        process.kill()
        await process.wait()


@dataclass
class QueueWatch:
    max_depth: int = 0
    max_oldest_queued_s: float = 0.0
    max_processing: int = 0
    health_failures: int = 0
    failed_at: list[float] = field(default_factory=list)  # loop times of failed samples


async def watch_queue(port: int, watch: QueueWatch) -> None:
    """Samples /api/health directly (not through the proxy): is the server the bottleneck?"""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        while True:
            try:
                data = (await client.get("/api/health", timeout=5)).json()
                watch.max_depth = max(watch.max_depth, data.get("queue_depth") or 0)
                watch.max_processing = max(watch.max_processing, data.get("processing") or 0)
                oldest = data.get("oldest_queued_age_seconds") or 0.0
                watch.max_oldest_queued_s = max(watch.max_oldest_queued_s, oldest)
            except (httpx.TransportError, ValueError):
                watch.health_failures += 1
                watch.failed_at.append(asyncio.get_running_loop().time())
            await asyncio.sleep(1)


# --- killing one of the server's processes (--kill-at) ------------------------------------------


def server_children(pid: int) -> list[int]:
    """The live child processes of `bina serve` (Uvicorn's workers), without multiprocessing's
    resource tracker and without zombies (a killed child until Uvicorn reaps it)."""
    kids: set[int] = set()
    for task in Path(f"/proc/{pid}/task").glob("*/children"):
        with contextlib.suppress(OSError, ValueError):
            kids.update(int(k) for k in task.read_text().split())
    alive = []
    for kid in sorted(kids):
        try:
            command = Path(f"/proc/{kid}/cmdline").read_bytes()
            state = Path(f"/proc/{kid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if b"resource_tracker" not in command and state != "Z":
            alive.append(kid)
    return alive


def started(pid: int) -> str | None:
    """A process's start time (clock ticks after boot): with its pid, it names one process."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19]
    except (OSError, IndexError):
        return None


def pid_of(worker_id: str | None) -> int | None:
    """The process of a worker id (`host:pid:random`, src/bina/jobs/worker.py)."""
    parts = (worker_id or "").rsplit(":", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def read_db(database: Path, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """One read of the server's SQLite file (WAL: it never waits for, or blocks, a writer)."""
    with contextlib.closing(sqlite3.connect(database, timeout=5)) as conn:
        return conn.execute(query, params).fetchall()


@dataclass
class KillReport:
    """What --kill-at did and what followed; times in s after the first phone's tap."""

    planned_at: float
    at: float | None = None
    pid: int | None = None
    children_before: list[int] = field(default_factory=list)
    running_by_pid: dict[int, int] = field(default_factory=dict)  # processing jobs at the kill
    jobs: list[str] = field(default_factory=list)  # the killed process's running jobs
    # job -> (s after the kill it was seen retaken or finished, its status, its new worker's pid)
    retaken: dict[str, tuple[float, str, int | None]] = field(default_factory=dict)
    replacement_pid: int | None = None
    replacement_after: float | None = None  # s after the kill: Uvicorn started a new child
    replacement_worker_after: float | None = None  # ... whose worker registered itself
    replacement_jobs: int = 0  # jobs that child's worker went on to run (seen at the end)
    note: str = ""

    def lines(
        self,
        watch: QueueWatch,
        t_first: float,
        sessions: list[Session],
        windows: list[tuple[float, float]],
    ) -> list[str]:
        if self.at is None:
            return [f"kill at t+{self.planned_at:g} s: not done ({self.note or 'run ended first'})"]
        running = ", ".join(f"pid {p}: {n}" for p, n in sorted(self.running_by_pid.items()))
        times = sorted(t for t, _, _ in self.retaken.values())
        by = Counter(
            f"pid {p}" if status == "processing" else status
            for _, status, p in self.retaken.values()
        )
        lines = [
            f"kill: SIGKILL to server process {self.pid} at t+{self.at:.1f} s (planned "
            f"t+{self.planned_at:g} s; s after the first tap); server children before: "
            f"{self.children_before}; running jobs by process: {running or 'none'}"
        ]
        if self.jobs:
            lines.append(
                f"kill: its {len(self.jobs)} running jobs were running again elsewhere (or "
                f"finished) after p50 {percentile(times, 0.5):.2f} s / max {max(times):.2f} s "
                f"({len(times)} of {len(self.jobs)} seen; database polled every 0.1 s), by "
                + ", ".join(f"{k}: {n}" for k, n in by.most_common())
                if times
                else f"kill: none of its {len(self.jobs)} running jobs was retaken in 90 s"
            )
        else:
            lines.append("kill: the killed process was running no job")
        if self.replacement_pid is None:
            lines.append("kill: Uvicorn did not start a replacement process")
        else:
            worker = (
                f"its worker registered {self.replacement_worker_after:.1f} s after the kill"
                if self.replacement_worker_after is not None
                else "its worker never registered"
            )
            lines.append(
                f"kill: Uvicorn started a replacement process {self.replacement_pid} "
                f"{self.replacement_after:.1f} s after the kill; {worker}; it ran "
                f"{self.replacement_jobs} jobs"
            )
        # Requests in flight on the killed process fail at once (the kernel closes its sockets).
        killed = t_first + self.at
        cut = Counter(
            f"{s.pattern} {what.split('?')[0]}"
            for s in sessions
            for _, what, began, _, took, ended in s.log
            if not ended.isdigit()
            and killed <= began + took <= killed + 1.0
            and not in_outage(began + took, windows)
        )
        lines.append(
            "kill: requests that failed within 1 s after the kill, outside outages: "
            + (", ".join(f"{k}: {n}" for k, n in cut.most_common()) or "none")
        )
        after = [t for t in watch.failed_at if t >= killed]
        lines.append(
            f"kill: direct /api/health samples that failed after the kill: {len(after)}"
            + (f" (first at t+{after[0] - t_first:.1f} s)" if after else "")
        )
        return lines


async def kill_worker(
    server: subprocess.Popen[bytes], database: Path, t_first: float, report: KillReport
) -> None:
    """At --kill-at, SIGKILL the server process running the most jobs, then watch the takeover."""
    loop = asyncio.get_running_loop()
    await asyncio.sleep(max(0.0, t_first + report.planned_at - loop.time()))
    children = server_children(server.pid)
    report.children_before = children
    if not children:
        report.note = "bina serve has no child process (--processes 1 runs in one process)"
        return
    query = "SELECT job_id, worker_id FROM generation_jobs WHERE status = 'processing'"
    running = await asyncio.to_thread(read_db, database, query)
    by_pid = Counter(pid_of(worker) for _, worker in running)
    report.running_by_pid = {p: n for p, n in by_pid.items() if p is not None}
    victim = max(children, key=lambda p: by_pid.get(p, 0))
    report.jobs = [job for job, worker in running if pid_of(worker) == victim]
    os.kill(victim, signal.SIGKILL)
    killed = loop.time()
    report.at, report.pid = killed - t_first, victim
    pending = set(report.jobs)
    while loop.time() < killed + 90:
        if pending:
            marks = ",".join("?" * len(pending))
            rows = await asyncio.to_thread(
                read_db,
                database,
                f"SELECT job_id, status, worker_id FROM generation_jobs WHERE job_id IN ({marks})",
                tuple(pending),
            )
            now = loop.time() - killed
            for job, status, worker in rows:
                # Taken over: claimed by a live worker (until then the row still names the
                # dead one), or finished some other way.
                if (status == "processing" and pid_of(worker) != victim) or status in FINISHED:
                    report.retaken[job] = (now, status, pid_of(worker))
                    pending.discard(job)
        if report.replacement_pid is None:
            new = [p for p in server_children(server.pid) if p not in children]
            if new:
                report.replacement_pid = new[0]
                report.replacement_after = loop.time() - killed
        if report.replacement_pid is not None and report.replacement_worker_after is None:
            rows = await asyncio.to_thread(
                read_db,
                database,
                "SELECT 1 FROM job_workers WHERE pid = ?",
                (report.replacement_pid,),
            )
            if rows:
                report.replacement_worker_after = loop.time() - killed
        if not pending and report.replacement_worker_after is not None:
            return
        await asyncio.sleep(0.1)


async def collect(sessions: list[Session], port: int, database_url: str) -> None:
    """Each user's quota (GET /api/usage, directly) and jobs (bina's store API)."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as client:
        limit = asyncio.Semaphore(20)

        async def usage(s: Session) -> None:
            async with limit:
                response = await client.get(
                    "/api/usage", headers={"Authorization": f"Bearer {s.token}"}, timeout=30
                )
                response.raise_for_status()
                s.quota_used = int(response.json()["used"])

        await asyncio.gather(*(usage(s) for s in sessions))
    async with open_store(database_url) as store:
        for s in sessions:
            s.jobs = await store.list_jobs(user_id=s.user, limit=100)


# --- the report -------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def in_outage(moment: float, windows: list[tuple[float, float]]) -> bool:
    # A request reset as an outage begins fails a moment after its start.
    return any(start - 0.05 <= moment <= end + 0.5 for start, end in windows)


def summarize(sessions: list[Session], windows: list[tuple[float, float]]) -> dict[str, str]:
    n = len(sessions)
    finished = [s for s in sessions if s.finished]
    times = [s.time_to_result for s in finished if s.time_to_result is not None]
    requests = sum(s.requests for s in sessions)
    broken = sum(len(s.broken) for s in sessions)
    by_outage = sum(1 for s in sessions for moment in s.broken if in_outage(moment, windows))
    extra_jobs = sum(max(0, len(s.jobs) - 1) for s in sessions)
    dup_users = sum(1 for s in sessions if len(s.jobs) > 1)
    used = [s.quota_used or 0 for s in sessions]
    over = [s for s in sessions if (s.quota_used or 0) > 1]
    unpaid = [s for s in sessions if (s.quota_used or 0) >= 1 and not s.finished]
    server_5xx = sum(c for s in sessions for code, c in s.statuses.items() if code >= 500)
    anomalies = sum(len(s.anomalies) for s in sessions)
    unfinished_jobs = sum(
        1 for s in sessions for j in s.jobs if j.status.value in ("queued", "processing")
    )
    failed_jobs = sum(1 for s in sessions for j in s.jobs if j.status.value == "failed")
    # A completed job whose result no phone got: the server's work (and the user's quota) lost.
    unreceived = sum(
        1
        for s in sessions
        for j in s.jobs
        if j.status.value == "completed" and j.job_id != s.received_job
    )
    rerun = sum(1 for s in sessions for j in s.jobs if j.attempts > 1)
    # The original pattern's second taps, and those that got the first tap's job back (the only
    # job the user has was created before the second tap was sent: a join, not a new job).
    second_taps = [s for s in sessions if len(s.taps) > 1]
    joined = sum(
        1 for s in second_taps if len(s.jobs) == 1 and s.jobs[0].created_at.timestamp() < s.taps[1]
    )
    server_times = [
        (j.finished_at - j.created_at).total_seconds()
        for s in sessions
        for j in s.jobs
        if j.status.value == "completed" and j.finished_at is not None
    ]

    def share(k: int, of: int) -> str:
        return f"{k} ({100 * k / of:.1f} %)" if of else str(k)

    def secs(value: float) -> str:
        return f"{value:.1f}"

    return {
        "sessions": str(n),
        "started (≥ 1 job on the server)": str(sum(1 for s in sessions if s.jobs)),
        "finished (3 designs on the phone)": share(len(finished), n),
        "failed (no result)": share(n - len(finished), n),
        "sessions hit by ≥ 1 broken request": share(sum(1 for s in sessions if s.broken), n),
        "requests sent": str(requests),
        "requests broken (network error/timeout)": share(broken, requests),
        "  of which mid-response faults": share(broken - by_outage, requests),
        "  of which during outages": share(by_outage, requests),
        "start retries answered as a replay": str(sum(s.replays for s in sessions)),
        "server errors (5xx answers)": str(server_5xx),
        "other unexpected answers": str(anomalies),
        "jobs created": str(sum(len(s.jobs) for s in sessions)),
        "second taps (original) / joined the first tap's job": (
            f"{len(second_taps)} / {joined}" if second_taps else "-"
        ),
        "duplicate jobs (beyond 1 per session)": str(extra_jobs),
        "users with duplicates": str(dup_users),
        "generations nobody received (completed, result not on the phone)": str(unreceived),
        "jobs run more than once (attempts > 1)": str(rerun),
        "quota charged (sum of usage.used)": str(sum(used)),
        "quota wrongly charged (users with used > 1)": str(len(over)),
        "charged but no result on the phone": str(len(unpaid)),
        "jobs failed / still running at the end": f"{failed_jobs} / {unfinished_jobs}",
        "time to result p50 (s)": secs(percentile(times, 0.5)) if times else "-",
        "time to result p95 (s)": secs(percentile(times, 0.95)) if times else "-",
        "time to result max (s)": secs(max(times)) if times else "-",
        "server: job created → completed p50 / max (s)": (
            f"{secs(percentile(server_times, 0.5))} / {secs(max(server_times))}"
            if server_times
            else "-"
        ),
    }


def render_table(headers: list[str], rows: list[list[str]], markdown: bool) -> str:
    if markdown:
        lines = ["| " + " | ".join(headers) + " |", "|---" + "|---:" * (len(headers) - 1) + "|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            (c.ljust(w) if i == 0 else c.rjust(w))
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    return "\n".join([line(headers), "  ".join("-" * w for w in widths), *map(line, rows)])


def pattern_table(columns: dict[str, dict[str, str]], markdown: bool) -> str:
    """One run: every row, the durable pattern beside the original one."""
    headers = ["", "durable (start + poll)", "original (generate-simple)"]
    rows = [[label, *(columns[p][label] for p in PATTERNS)] for label in columns[PATTERNS[0]]]
    return render_table(headers, rows, markdown)


# The rows --compare-kill puts side by side.
COMPARED_ROWS = (
    "finished (3 designs on the phone)",
    "failed (no result)",
    "time to result p50 (s)",
    "time to result p95 (s)",
    "time to result max (s)",
    "jobs created",
    "duplicate jobs (beyond 1 per session)",
    "second taps (original) / joined the first tap's job",
    "generations nobody received (completed, result not on the phone)",
    "quota wrongly charged (users with used > 1)",
    "charged but no result on the phone",
    "jobs run more than once (attempts > 1)",
    "jobs failed / still running at the end",
    "requests broken (network error/timeout)",
    "server errors (5xx answers)",
    "other unexpected answers",
    "server: job created → completed p50 / max (s)",
)


def comparison_table(reference: RunResult, killed: RunResult, markdown: bool) -> str:
    headers = [""]
    for pattern in PATTERNS:
        headers += [f"{pattern}, no kill", f"{pattern}, kill"]
    rows = [
        [label] + [r.columns[p][label] for p in PATTERNS for r in (reference, killed)]
        for label in COMPARED_ROWS
    ]
    return render_table(headers, rows, markdown)


def target_lines(reference: RunResult, killed: RunResult) -> list[str]:
    """The targets of the kill scenario, printed, not asserted."""

    def p95(result: RunResult) -> float | None:
        times = [
            s.time_to_result
            for s in result.sessions
            if s.pattern == "durable" and s.time_to_result is not None
        ]
        return percentile(times, 0.95) if times else None

    lines = []
    before, after = p95(reference), p95(killed)
    if before is None or after is None:
        lines.append("target: durable p95 with the kill within 5 s of without: no finished phone")
    else:
        verdict = "met" if after - before <= 5 else "MISSED"
        lines.append(
            f"target: durable p95 with the kill within 5 s of without: {after:.1f} s vs "
            f"{before:.1f} s ({after - before:+.1f} s): {verdict}"
        )
    duplicates = sum(max(0, len(s.jobs) - 1) for s in killed.sessions if s.pattern == "original")
    lines.append(
        "target: original pattern 0 duplicate jobs with the kill: "
        f"{duplicates}: {'met' if duplicates == 0 else 'MISSED'}"
    )
    return lines


def outcome_lines(sessions: list[Session]) -> list[str]:
    lines = []
    for pattern in PATTERNS:
        counts = Counter(s.outcome for s in sessions if s.pattern == pattern)
        text = ", ".join(f"{k}: {v}" for k, v in counts.most_common())
        lines.append(f"{pattern} outcomes: {text}")
        errors: Counter[str] = Counter()
        for s in sessions:
            if s.pattern == pattern:
                errors.update(s.errors)
        text = ", ".join(f"{k}: {v}" for k, v in errors.most_common())
        lines.append(f"{pattern} broken requests by client error: {text or 'none'}")
    # The durable pattern should never fail: show how each failure (and the slowest) happened.
    durable = [s for s in sessions if s.pattern == "durable"]
    shown = [s for s in durable if not s.finished][:3]
    finished = [s for s in durable if s.finished]
    if finished:
        shown.append(max(finished, key=lambda s: s.time_to_result or 0.0))
    # ... and the original pattern's failures and duplicates (a few).
    original = [s for s in sessions if s.pattern == "original"]
    shown += [s for s in original if not s.finished or len(s.jobs) > 1][:3]
    for s in shown:
        done = f"result after {s.time_to_result:.1f}s" if s.finished else s.outcome
        jobs = ", ".join(
            f"{j.status.value} {(j.finished_at - j.created_at).total_seconds():.1f}s after creation"
            f" (attempts {j.attempts})"
            if j.finished_at
            else f"{j.status.value} (attempts {j.attempts})"
            for j in s.jobs
        )
        lines.append(f"{s.pattern} #{s.index} ({done}; its jobs: {jobs}): " + "; ".join(s.trace))
    return lines


def timeout_lines(sessions: list[Session], faults: list[list[Any]]) -> list[str]:
    """Each client timeout should be a connection the proxy stalled; anything else is a hang."""
    fates = {int(port): kind for port, kind, _ in faults}
    lines = []
    for pattern in PATTERNS:
        ports = [p for s in sessions if s.pattern == pattern for p in s.timeouts]
        stalled = sum(1 for p in ports if fates.get(p) == "stall")
        unknown = sum(1 for p in ports if p == 0)
        other = len(ports) - stalled - unknown
        lines.append(
            f"{pattern} timeouts: {len(ports)}, on connections the proxy stalled: {stalled}, "
            f"before a connection was made: {unknown}, on connections it did not stall "
            f"(a hang): {other}"
        )
    return lines


def slow_requests(s: Session) -> list[tuple[int, str, float, float, str]]:
    """The session's requests that took far longer than the server needs to answer them:
    (local port, what, began (monotonic), took s, how it ended)."""
    done = [j.finished_at.timestamp() for j in s.jobs if j.finished_at is not None]
    slow = []
    for port, what, began, wall, took, ended in s.log:
        if ended == "the hard deadline":
            late = True
        elif "generate-simple" in what:
            # It waits for its job: it should end soon after the job does.
            late = any(wall < end < wall + took - 10 for end in done)
        else:
            # A long poll ends when its wait does, or soon after the job ended (a finished job
            # is answered at once); a start or a plain poll at once.
            wait = int(what.rsplit("?wait=", 1)[1]) if "?wait=" in what else 0
            answer_by = min([wall + wait, *(max(wall, end) for end in done)])
            late = wall + took > answer_by + 10
        if late:
            slow.append((port, what, began, took, ended))
    return slow


def slow_lines(
    sessions: list[Session],
    faults: list[list[Any]],
    windows: list[tuple[float, float]],
    t_first: float,
) -> list[str]:
    """Requests far slower than the server's answer should be: each should be a connection the
    proxy stalled; one that was not stalled is a server hang (listed)."""
    fates = {int(port): kind for port, kind, _ in faults}
    lines = []
    for pattern in PATTERNS:
        slow = [(s, *row) for s in sessions if s.pattern == pattern for row in slow_requests(s)]
        stalled = [r for r in slow if fates.get(r[1]) == "stall"]
        unknown = [r for r in slow if r[1] == 0]
        other = [r for r in slow if r[1] != 0 and fates.get(r[1]) != "stall"]
        lines.append(
            f"{pattern} slow requests (answered or failed more than 10 s after the server "
            "should have answered: a long poll's wait or its job's end, a start at once; or cut "
            "by the hard deadline): "
            f"{len(slow)}, on connections the proxy stalled: {len(stalled)}, before "
            f"a connection was made: {len(unknown)}, on connections it did not stall: "
            f"{len(other)}"
        )
        for s, port, what, began, took, ended in other[:8]:
            end = began + took
            cut = " (ended inside an outage)" if in_outage(end, windows) else ""
            lines.append(
                f"  not stalled: {pattern} #{s.index} {what} on port {port} "
                f"(proxy fate: {fates.get(port, 'none')}) from t+{began - t_first:.1f} s to "
                f"t+{end - t_first:.1f} s after the first tap, {took:.1f} s, ended {ended}{cut}"
            )
    return lines


def anomaly_lines(sessions: list[Session], limit: int = 10) -> list[str]:
    found = [(s.pattern, s.index, a) for s in sessions for a in s.anomalies]
    lines = [f"unexpected answers: {len(found)}"]
    lines += [f"  {p} #{i}: {a}" for p, i, a in found[:limit]]
    return lines


def server_log_lines(log: Path) -> list[str]:
    text = log.read_text(errors="replace") if log.exists() else ""
    statuses = Counter(re.findall(r'HTTP/1\.1" (\d{3})', text))
    errors = [line for line in text.splitlines() if "ERROR" in line or "Traceback" in line]
    warnings = Counter(
        line[:160]
        for line in text.splitlines()
        if line.startswith("WARNING") and "anonymous cookies are signed" not in line
    )
    lines = [
        "server log: answers by status "
        + ", ".join(f"{code}: {n}" for code, n in sorted(statuses.items()))
        + f"; ERROR/Traceback lines: {len(errors)}; other WARNING lines: "
        + str(sum(warnings.values()))
    ]
    lines += [f"  {line[:200]}" for line in errors[:10]]
    lines += [f"  {n} x {line}" for line, n in warnings.most_common(5)]
    return lines


# --- main -------------------------------------------------------------------------------------


def make_sessions(args: argparse.Namespace, secret: str) -> list[Session]:
    rng = random.Random(args.seed)
    offsets = sorted(rng.uniform(0, args.ramp) for _ in range(args.sessions))
    run = secrets.token_hex(3)
    sessions = []
    expires = int(time.time()) + 3600
    for pattern in PATTERNS:
        for index, offset in enumerate(offsets):
            user = f"mobile-{run}-{pattern}-{index:04d}"
            token = jwt.encode({"sub": user, "exp": expires}, secret, algorithm="HS256")
            template = DESCRIPTIONS[index % len(DESCRIPTIONS)]
            language = "en" if "Tuition" in template else "ms"
            body = {"description": template.format(n=f"{pattern[0]}{index}"), "language": language}
            sessions.append(Session(pattern, index, user, token, offset, body))
    return sessions


@dataclass
class RunResult:
    args: argparse.Namespace
    sessions: list[Session]
    columns: dict[str, dict[str, str]]
    notes: list[str]


async def run_once(args: argparse.Namespace) -> RunResult:
    """One run: a fresh database and server, the proxy, every phone; then the numbers."""
    secret = secrets.token_urlsafe(32)
    ssl_context = ssl.create_default_context()  # one for all phones (never used: plain http)
    kill = KillReport(planned_at=args.kill_at) if args.kill_at is not None else None
    with tempfile.TemporaryDirectory(prefix="bina-mobile-") as tmp:
        workdir = Path(tmp)
        database = workdir / "bina.db"
        database_url = f"sqlite:///{database}"
        server, server_port, server_log = start_server(args, workdir, database_url, secret)
        proxy: asyncio.subprocess.Process | None = None
        tasks: list[asyncio.Task[None]] = []
        stats_file = workdir / "proxy.json"
        children: dict[int, str | None] = {}  # pid -> start time, to end only those
        try:
            await wait_healthy(server_port, server)
            proxy, proxy_port = await start_proxy(args, server_port, stats_file)
            sessions = make_sessions(args, secret)
            base_url = f"http://127.0.0.1:{proxy_port}"
            children.update((pid, started(pid)) for pid in server_children(server.pid))
            print(
                f"bina serve --processes {args.processes} on :{server_port} (children "
                f"{sorted(children) or 'none'}), fault proxy on :{proxy_port}; "
                f"{args.sessions} + {args.sessions} sessions over {args.ramp:.0f} s"
                + (f", SIGKILL at t+{args.kill_at:g} s" if kill else "")
                + " ...",
                flush=True,
            )
            watch = QueueWatch()
            tasks.append(asyncio.create_task(watch_queue(server_port, watch)))
            loop = asyncio.get_running_loop()
            t0 = loop.time()
            t_first = t0 + min(s.offset for s in sessions)
            if kill is not None:
                tasks.append(asyncio.create_task(kill_worker(server, database, t_first, kill)))
            await asyncio.gather(
                *(run_session(s, base_url, t0, args, ssl_context) for s in sessions)
            )
            elapsed = loop.time() - t0
            await stop_async_process(proxy)
            for task in tasks:
                task.cancel()
            await collect(sessions, server_port, database_url)
        finally:
            for task in tasks:
                task.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await task
            if proxy is not None:
                await stop_async_process(proxy)
            children.update((pid, started(pid)) for pid in server_children(server.pid))
            await asyncio.to_thread(stop_process, server)
            # Uvicorn stops its children; should one outlive it, end it: the same pid and the
            # same start time, so never another process that was given a reused pid.
            for pid, start in children.items():
                if start is not None and started(pid) == start:
                    with contextlib.suppress(OSError):
                        os.kill(pid, signal.SIGKILL)
        proxy_stats = json.loads(stats_file.read_text()) if stats_file.exists() else {}
        log_lines = server_log_lines(server_log)

    windows = [tuple(w) for w in proxy_stats.get("outage_windows", [])]
    columns = {p: summarize([s for s in sessions if s.pattern == p], windows) for p in PATTERNS}
    outages = (
        f"outages every ~{args.outage_every:g} s lasting {args.outage[0]:g}-{args.outage[1]:g} s"
        if args.outage_every > 0
        else "no outages"
    )
    settings = (
        f"{args.sessions} sessions per pattern, broken={args.broken:.0%}, seed={args.seed}, "
        f"delay={args.delay:g} s, RTT {args.rtt[0]:g}-{args.rtt[1]:g} ms, "
        f"{args.bandwidth:g} KB/s per connection, {outages}, ramp {args.ramp:g} s, "
        f"deadline {args.deadline:g} s, BINA_CONCURRENCY={args.concurrency}, "
        f"--processes {args.processes}, "
        + (
            f"BINA_TAKEOVER_CHECK_SECONDS={args.takeover_check:g}, "
            if args.takeover_check is not None
            else ""
        )
        + (f"SIGKILL at t+{args.kill_at:g} s" if args.kill_at is not None else "no kill")
        + f"; run took {elapsed:.0f} s (from the first tap's schedule to the last phone's end)"
    )
    proxy_line = (
        "proxy: {connections} connections, {broken_reset} reset and {broken_stalled} stalled "
        "mid-response, {outage_dropped} dropped and {outage_refused} refused by outages; "
        "outages (s after the proxy started, length s): {outages}".format(**proxy_stats)
        if proxy_stats
        else "proxy: no statistics"
    )
    if proxy_stats.get("outage_windows"):
        proxy_line += "; the same, s after the first tap: " + ", ".join(
            f"{start - t_first:.1f}-{end - t_first:.1f}" for start, end in windows
        )
    server_line = (
        f"server queue (sampled each second): max depth {watch.max_depth}, max oldest queued "
        f"{watch.max_oldest_queued_s:.1f} s, max processing {watch.max_processing}, "
        f"failed samples {watch.health_failures}"
    )
    kill_lines: list[str] = []
    if kill is not None:
        kill.replacement_jobs = sum(
            1
            for s in sessions
            for j in s.jobs
            if kill.replacement_pid is not None and pid_of(j.worker_id) == kill.replacement_pid
        )
        kill_lines = kill.lines(watch, t_first, sessions, windows)
    notes = [
        settings,
        proxy_line,
        server_line,
        *kill_lines,
        *outcome_lines(sessions),
        *timeout_lines(sessions, proxy_stats.get("faults", [])),
        *slow_lines(sessions, proxy_stats.get("faults", []), windows, t_first),
        *anomaly_lines(sessions),
        *log_lines,
    ]
    return RunResult(args, sessions, columns, notes)


async def run(args: argparse.Namespace) -> int:
    if not args.compare_kill:
        result = await run_once(args)
        table = pattern_table(result.columns, markdown=False)
        print(f"\n{table}\n\n" + "\n".join(result.notes))
        if args.markdown:
            table = pattern_table(result.columns, markdown=True)
            notes = "\n".join(f"- {n}" for n in result.notes)
            Path(args.markdown).write_text(f"{table}\n\n{notes}\n")
        return 0
    began = time.monotonic()
    runs = []
    for kill_at in (None, args.kill_at):
        one = argparse.Namespace(**{**vars(args), "kill_at": kill_at})
        print(f"--- {'reference, no kill' if kill_at is None else 'with the kill'} ---", flush=True)
        result = await run_once(one)
        print("\n".join(result.notes), flush=True)
        runs.append(result)
    reference, killed = runs
    table = comparison_table(reference, killed, markdown=False)
    targets = target_lines(reference, killed)
    took = f"both runs took {time.monotonic() - began:.0f} s, start-up and shutdown included"
    print(f"\n{table}\n\n" + "\n".join([*targets, took]))
    if args.markdown:
        table = comparison_table(reference, killed, markdown=True)
        notes = "\n".join(
            f"- {n}" for n in [*targets, took, "no kill:", *reference.notes, "kill:", *killed.notes]
        )
        Path(args.markdown).write_text(f"{table}\n\n{notes}\n")
    return 0


# Presets (--scenario); an option given on the command line wins over its preset value.
SCENARIOS: dict[str, dict[str, Any]] = {
    # A bad phone network and a kill: 300 ms latency, 50 KB/s, resets and stalls, a 15 s
    # outage a minute, 20 s generations, two server processes and one of them SIGKILLed 30 s
    # after the first tap; 30 phones per pattern, enough to show duplicate jobs.
    # Ramp and deadline are shortened so that --compare-kill (two runs) stays under ~6 minutes.
    "kill": {
        "rtt": (300.0, 300.0),
        "bandwidth": 50.0,
        "broken": 0.10,
        "outage_every": 60.0,
        "outage": (15.0, 15.0),
        "delay": 20.0,
        "processes": 2,
        "kill_at": 30.0,
        "sessions": 30,
        "ramp": 30.0,
        "deadline": 120.0,
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(
        description="Phones on a bad network: durable jobs vs the original synchronous call."
    )
    parser.add_argument("--sessions", type=int, default=200, help="phones per pattern")
    parser.add_argument(
        "--broken", type=float, default=0.10, help="share of connections broken mid-response"
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--delay", type=float, default=20, help="BINA_OFFLINE_DELAY_S: seconds per generation"
    )
    parser.add_argument("--ramp", type=float, default=30, help="phones start over this many s")
    parser.add_argument("--deadline", type=float, default=180, help="a phone gives up after")
    parser.add_argument("--rtt", type=float, nargs=2, default=(150, 600), metavar=("MIN", "MAX"))
    parser.add_argument("--bandwidth", type=float, default=50, help="KB/s per connection")
    parser.add_argument("--outage-every", type=float, default=45, help="mean s between outages")
    parser.add_argument("--outage", type=float, nargs=2, default=(2, 5), metavar=("MIN", "MAX"))
    parser.add_argument(
        "--concurrency", type=int, help="BINA_CONCURRENCY (default: enough for every job)"
    )
    parser.add_argument(
        "--processes", type=int, default=1, help="bina serve --processes (each with a worker)"
    )
    parser.add_argument(
        "--kill-at",
        type=float,
        metavar="SECONDS",
        help="SIGKILL the server process running the most jobs this long after the first tap "
        "(needs --processes 2 or more)",
    )
    parser.add_argument(
        "--takeover-check",
        type=float,
        metavar="SECONDS",
        help="BINA_TAKEOVER_CHECK_SECONDS (default: the server's, 0.5); 0 = a killed worker's "
        "jobs wait for their 30 s lease, as before takeover existed",
    )
    parser.add_argument(
        "--scenario",
        choices=sorted(SCENARIOS),
        help="a preset (kill: bad network, one process killed)",
    )
    parser.add_argument(
        "--compare-kill",
        action="store_true",
        help="two runs, without and with the kill, side by side (implies --scenario kill)",
    )
    parser.add_argument("--markdown", help="also write the table as Markdown to this file")
    known, _ = parser.parse_known_args()
    scenario = known.scenario or ("kill" if known.compare_kill else None)
    if scenario is not None:
        parser.set_defaults(**SCENARIOS[scenario])
    args = parser.parse_args()
    if args.kill_at is not None and args.processes < 2:
        parser.error("--kill-at needs --processes 2 or more: with one, nothing would be left")
    if args.compare_kill and args.kill_at is None:
        parser.error("--compare-kill needs a kill time (--kill-at or --scenario kill)")
    if args.concurrency is None:
        args.concurrency = 2 * args.sessions + 50
    raise SystemExit(asyncio.run(run(args)))


if __name__ == "__main__":
    main()
