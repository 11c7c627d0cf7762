"""Job-core benchmark: Bina beside procrastinate, pgqueuer (PostgreSQL) and huey (SQLite).

For each system, in one run, on the same PostgreSQL server or the same disk:
  enqueue     N jobs, one per transaction, sequentially from one asyncio client (jobs/s)
  processing  those N no-op jobs by ONE worker process with concurrency 10, from the moment
              the worker starts consuming until the system records the last one done (jobs/s)
  pickup      an idle worker, then a job every 20 ms (200 jobs): handler start minus the
              wall clock taken just before the enqueue call (p50 / p99, ms)
and `pgbench` on the same server as the ceiling. All of it `--rounds` times (3 unless told),
each round in a rotated order: the table shows each measure's median with its range, and
a second table each comparison as the median of its per-round ratios (bench/rounds.py).
Every PostgreSQL system gets a fresh database, every SQLite system a fresh file.
docs/bench-queue.md says what each number means.

    .venv/bin/python bench/queue.py [--jobs 2000] [--rounds 3] [--markdown FILE] [--skip-peers]
        [--only bina,bina-pg,bina-sqlite,procrastinate,pgqueuer,pgqueuer-defaults,huey,pgbench]

Prints a table; asserts nothing.
"""

from __future__ import annotations

import sys
from pathlib import Path

# This folder holds `queue.py`, which would shadow the standard library's `queue` module
# (imported by asyncio) for scripts run from here: take the folder off the import path first,
# and put the checkout's root at the end so `bench.peers` imports as a package.
sys.path[:] = [p for p in sys.path if not p.rstrip("/").endswith("bench")]
sys.path.append(str(Path(__file__).resolve().parent.parent))

import argparse
import asyncio
import contextlib
import datetime as dt
import functools
import importlib.metadata
import os
import platform
import re
import shutil
import signal
import sqlite3
import subprocess
import tempfile
import time
import traceback
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from dataclasses import dataclass, field

import sqlalchemy as sa
from bench.peers import PEERS, Counter, Enqueue, Peer, load, payload, postgres_counter
from bench.rounds import median_or_none, ratio_cell, ratios, rotated, with_range

from bina.app.job_columns import WEBSITE_COLUMNS
from bina.jobs import NewJob, open_store
from bina.jobs.migrate import upgrade_async

HERE = Path(__file__).resolve().parent
WORKER = HERE / "_noop_worker.py"
CONCURRENCY = 10
PICKUP_JOBS = 200
PICKUP_EVERY = 0.02
PG_ABOUT = (
    "SELECT current_setting('server_version') || ' (fsync=' || current_setting('fsync') "
    "|| ', synchronous_commit=' || current_setting('synchronous_commit') "
    "|| ', shared_buffers=' || current_setting('shared_buffers') || ')'"
)
POLL = 0.01  # how often the benchmark asks "how many are done?" while processing


# --- Bina, behind the same interface as the peers ---------------------------------------------


class Bina:
    """Bina's job core through its public API: `create_job` in, `Worker` out."""

    distribution = "bina"
    # create_job (one INSERT … RETURNING pg_notify, in autocommit), claim_jobs (one UPDATE …
    # FOR UPDATE SKIP LOCKED per claim, which takes up to the free slots), complete (fenced
    # UPDATEs of jobs finishing together share one statement: group commit): 1 + 2/10 with
    # full batches at concurrency 10. See docs/bench-queue.md.
    write_tx_per_job = 1.2
    write_tx_note = "create + (claim + grouped completion) per batch of <=10"

    def __init__(self, backend: str) -> None:
        self.backend = backend
        self.name = "bina"  # the worker's SYSTEM argument
        self.key = f"bina-{'pg' if backend == 'postgres' else 'sqlite'}"
        self.label = "Bina-PG" if backend == "postgres" else "Bina-SQLite"

    async def install(self, url: str) -> None:
        await upgrade_async(url)

    @asynccontextmanager
    async def client(self, url: str) -> AsyncIterator[Enqueue]:
        async with open_store(url, columns=WEBSITE_COLUMNS, listen=False) as store:
            await store.ping()  # connect before the clock starts

            async def enqueue(seq: int, ts: float) -> None:
                # A user id but no idempotency key and no quota: one INSERT, as for the peers.
                # (The API's start adds the key lookup and the quota check under a per-user
                # lock; bench/api.py measures that path.)
                await store.create_job(NewJob({"description": payload(seq, ts)}, user_id="bench"))

            yield enqueue

    def done_counter(self, url: str, done_file: Path) -> AbstractAsyncContextManager[Counter]:
        sql = "SELECT count(*) FROM generation_jobs WHERE status = 'completed'"
        if self.backend == "postgres":
            return postgres_counter(url, sql)
        return sqlite_counter(url, sql)


@asynccontextmanager
async def sqlite_counter(url: str, sql: str) -> AsyncIterator[Counter]:
    from bench.peers import sqlite_path

    conn = sqlite3.connect(sqlite_path(url), isolation_level=None)
    try:

        async def count() -> int:
            return int(conn.execute(sql).fetchone()[0])  # WAL: a reader never blocks the writer

        yield count
    finally:
        conn.close()


# --- worker processes ---------------------------------------------------------------------------

_live_workers: set[asyncio.subprocess.Process] = set()


@dataclass
class WorkerProcess:
    process: asyncio.subprocess.Process
    ready_at: float  # the worker's wall clock just before it started consuming
    log: Path


@asynccontextmanager
async def worker_process(
    system: str, url: str, tmp: Path, *, record: Path | None = None, done: Path | None = None
) -> AsyncIterator[WorkerProcess]:
    """Start `_noop_worker.py SYSTEM URL` and wait until it is consuming; stop it on exit."""
    tag = uuid.uuid4().hex[:6]
    ready = tmp / f"{system}-{tag}.ready"
    log = tmp / f"{system}-{tag}.log"
    argv = [str(WORKER), system, url, "--concurrency", str(CONCURRENCY), "--ready", str(ready)]
    if record is not None:
        argv += ["--record", str(record)]
    if done is not None:
        argv += ["--done", str(done)]
    with log.open("wb") as log_file:
        process = await asyncio.create_subprocess_exec(
            sys.executable,
            *argv,
            stdout=log_file,
            stderr=log_file,
            stdin=asyncio.subprocess.DEVNULL,
        )
    _live_workers.add(process)
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            if process.returncode is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{system} worker did not start:\n{tail(log)}")
            await asyncio.sleep(0.01)
        yield WorkerProcess(process, float(ready.read_text()), log)
    finally:
        await stop_process(process)


async def stop_process(process: asyncio.subprocess.Process) -> None:
    try:
        if process.returncode is None:
            process.terminate()
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
    except ProcessLookupError:
        pass
    finally:
        _live_workers.discard(process)


def tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


# --- PostgreSQL helpers -------------------------------------------------------------------------


def database_url(admin_url: str, name: str) -> str:
    return sa.make_url(admin_url).set(database=name).render_as_string(hide_password=False)


async def create_database(admin_url: str, prefix: str) -> str:
    import asyncpg

    name = f"{prefix}_{uuid.uuid4().hex[:8]}"
    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return name


async def drop_database(admin_url: str, name: str) -> None:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


@dataclass(frozen=True)
class PgCounters:
    """Counters of one database (pg_stat_database): other databases' traffic is not in them."""

    commits: int  # every committed transaction, reads included
    rows_written: int  # rows inserted + updated + deleted

    def minus(self, other: PgCounters) -> PgCounters:
        return PgCounters(self.commits - other.commits, self.rows_written - other.rows_written)


async def pg_counters(admin_url: str, name: str) -> PgCounters:
    """Read after the phase's connections closed: a backend flushes its statistics on exit."""
    import asyncpg

    await asyncio.sleep(0.5)
    conn = await asyncpg.connect(admin_url)
    try:
        row = await conn.fetchrow(
            "SELECT xact_commit, tup_inserted + tup_updated + tup_deleted AS written "
            "FROM pg_stat_database WHERE datname = $1",
            name,
        )
        assert row is not None
        return PgCounters(int(row["xact_commit"]), int(row["written"]))
    finally:
        await conn.close()


async def pg_execute(admin_url: str, sql: str) -> str:
    import asyncpg

    conn = await asyncpg.connect(admin_url)
    try:
        return str(await conn.fetchval(sql))
    finally:
        await conn.close()


# --- the three measures -------------------------------------------------------------------------


@dataclass
class Result:
    label: str
    backend: str
    enqueue: float | None = None
    processing: float | None = None
    processing_note: str = ""
    worker_cpu_ms: float | None = None  # the worker process's CPU time per processed job
    pickup: list[float] = field(default_factory=list)  # ms, from the payload's timestamp
    pickup_after_return: list[float] = field(default_factory=list)  # ms, from enqueue return
    write_tx_code: float | None = None
    write_tx_note: str = ""
    enqueue_counters: PgCounters | None = None
    processing_counters: PgCounters | None = None
    done_polls: int = 0
    error: str | None = None


System = Bina | Peer


async def measure(
    system: System, url: str, jobs: int, tmp: Path, admin_url: str | None, database: str | None
) -> Result:
    result = Result(
        system.label,
        system.backend,
        write_tx_code=system.write_tx_per_job,
        write_tx_note=system.write_tx_note,
    )
    step = f"[{system.label}]"
    await system.install(url)

    async def counters() -> PgCounters | None:
        if admin_url is None or database is None:
            return None
        return await pg_counters(admin_url, database)

    if admin_url is not None:
        await pg_execute(admin_url, "CHECKPOINT")  # every system starts from a checkpoint

    print(f"{step} enqueue {jobs}…", file=sys.stderr)
    before = await counters()
    async with system.client(url) as enqueue:
        started = time.perf_counter()
        for i in range(jobs):
            await enqueue(i, time.time())
        result.enqueue = jobs / (time.perf_counter() - started)
    after_enqueue = await counters()

    print(f"{step} processing {jobs}…", file=sys.stderr)
    done_file = tmp / f"{system.name}-{uuid.uuid4().hex[:6]}.done"
    async with (
        system.done_counter(url, done_file) as count,
        worker_process(system.name, url, tmp, done=done_file) as worker,
    ):
        deadline = time.monotonic() + 20 + jobs / 25
        cpu_at_start = cpu_seconds(worker.process.pid)
        while True:
            done = await count()
            result.done_polls += 1
            now = time.time()
            if done >= jobs:
                result.processing = jobs / (now - worker.ready_at)
                cpu_at_end = cpu_seconds(worker.process.pid)
                if cpu_at_start is not None and cpu_at_end is not None:
                    result.worker_cpu_ms = (cpu_at_end - cpu_at_start) * 1000 / jobs
                break
            if time.monotonic() > deadline or worker.process.returncode is not None:
                result.processing_note = f"stopped: {done}/{jobs} done"
                print(f"{step} worker log:\n{tail(worker.log)}", file=sys.stderr)
                break
            await asyncio.sleep(POLL)
    after_processing = await counters()
    if before and after_enqueue and after_processing:
        result.enqueue_counters = after_enqueue.minus(before)
        result.processing_counters = after_processing.minus(after_enqueue)

    print(f"{step} pickup latency, {PICKUP_JOBS} jobs…", file=sys.stderr)
    record = tmp / f"{system.name}-{uuid.uuid4().hex[:6]}.pickup"
    returned: dict[int, float] = {}
    async with worker_process(system.name, url, tmp, record=record) as worker:
        await asyncio.sleep(1.0)  # let it go idle
        async with system.client(url) as enqueue:
            loop = asyncio.get_running_loop()
            first = loop.time()
            for i in range(PICKUP_JOBS):
                delay = first + i * PICKUP_EVERY - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                await enqueue(i, time.time())
                returned[i] = time.time()
        deadline = time.monotonic() + 15
        while count_lines(record) < PICKUP_JOBS and time.monotonic() < deadline:
            await asyncio.sleep(0.05)
    for line in record.read_text().splitlines() if record.exists() else []:
        seq, enqueued_at, started_at = line.split()
        result.pickup.append((float(started_at) - float(enqueued_at)) * 1000)
        result.pickup_after_return.append((float(started_at) - returned[int(seq)]) * 1000)
    return result


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process so far (Linux /proc), all its threads included."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def count_lines(path: Path) -> int:
    try:
        return path.read_bytes().count(b"\n")
    except FileNotFoundError:
        return 0


async def run_postgres_system(system: System, admin_url: str, jobs: int, tmp: Path) -> Result:
    name = await create_database(admin_url, f"bench_{system.name}")
    try:
        return await measure(system, database_url(admin_url, name), jobs, tmp, admin_url, name)
    finally:
        await drop_database(admin_url, name)


async def run_sqlite_system(system: System, jobs: int, tmp: Path) -> Result:
    folder = tmp / f"{system.name}-sqlite-{uuid.uuid4().hex[:6]}"  # a fresh file each round
    folder.mkdir()
    return await measure(system, f"sqlite:///{folder / 'bench.db'}", jobs, tmp, None, None)


# --- ceilings: pgbench, and bare SQLite inserts -------------------------------------------------


@dataclass
class Ceiling:
    tpcb_tps: float | None = None
    select_tps: float | None = None
    insert_tps: float | None = None  # one client, one 1-row INSERT per transaction
    sqlite_normal: float | None = None  # bare 1-row INSERT per tx, WAL, synchronous=NORMAL
    sqlite_full: float | None = None  # … synchronous=FULL
    scale: int = 10
    seconds: int = 10
    error: str | None = None


def find_pgbench(explicit: str | None) -> str | None:
    if explicit:
        return explicit
    found = shutil.which("pgbench")
    if found:
        return found
    fallback = Path("/usr/lib/postgresql/15/bin/pgbench")
    return str(fallback) if fallback.exists() else None


async def run_command(argv: list[str], timeout: float) -> str:
    process = await asyncio.create_subprocess_exec(
        *argv, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT
    )
    _live_workers.add(process)
    try:
        out, _ = await asyncio.wait_for(process.communicate(), timeout)
    finally:
        await stop_process(process)
    text = out.decode(errors="replace")
    if process.returncode != 0:
        raise RuntimeError(f"{' '.join(argv[:3])}… failed:\n{text[-2000:]}")
    return text


def parse_tps(output: str) -> float:
    match = re.search(r"tps = ([0-9.]+) \(without initial connection time\)", output)
    if match is None:
        raise RuntimeError(f"no tps in pgbench output:\n{output[-1000:]}")
    return float(match.group(1))


async def run_pgbench(pgbench: str, admin_url: str, seconds: int, tmp: Path) -> Ceiling:
    ceiling = Ceiling(seconds=seconds)
    url = sa.make_url(admin_url)
    name = await create_database(admin_url, "bench_pgbench")
    conn_args = ["-h", url.host or "127.0.0.1", "-p", str(url.port or 5432)]
    conn_args += ["-U", url.username or "postgres"]
    try:
        print(f"[pgbench] -i -s {ceiling.scale}…", file=sys.stderr)
        await run_command([pgbench, *conn_args, "-i", "-q", "-s", str(ceiling.scale), name], 300)
        await pg_execute(admin_url, "CHECKPOINT")
        print(f"[pgbench] TPC-B -c {CONCURRENCY} -j 2 -T {seconds}…", file=sys.stderr)
        clients = ["-c", str(CONCURRENCY), "-j", "2"]
        out = await run_command([pgbench, *conn_args, *clients, "-T", str(seconds), name], 120)
        ceiling.tpcb_tps = parse_tps(out)
        print("[pgbench] select-only -S…", file=sys.stderr)
        out = await run_command(
            [pgbench, *conn_args, "-S", *clients, "-T", str(max(seconds // 2, 1)), name], 120
        )
        ceiling.select_tps = parse_tps(out)
        print("[pgbench] 1 client, 1-row INSERT per transaction…", file=sys.stderr)
        script = tmp / "insert.sql"
        script.write_text("INSERT INTO bench_ref (id) VALUES (gen_random_uuid());\n")
        await run_command(
            ["psql", *conn_args, "-q", "-c", "CREATE TABLE bench_ref (id uuid PRIMARY KEY)", name],
            60,
        )
        insert = ["-n", "-c", "1", "-f", str(script), "-T", str(max(seconds // 2, 1))]
        out = await run_command([pgbench, *conn_args, *insert, name], 120)
        ceiling.insert_tps = parse_tps(out)
    finally:
        await drop_database(admin_url, name)
    return ceiling


def sqlite_insert_rate(path: Path, synchronous: str, count: int) -> float:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute(f"PRAGMA synchronous={synchronous}")
        conn.execute("CREATE TABLE bench_ref (id TEXT PRIMARY KEY)")
        started = time.perf_counter()
        for _ in range(count):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO bench_ref (id) VALUES (?)", (str(uuid.uuid4()),))
            conn.execute("COMMIT")
        return count / (time.perf_counter() - started)
    finally:
        conn.close()


# --- the table ----------------------------------------------------------------------------------


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))]


def rate(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def per_job(value: int, jobs: int) -> str:
    return f"{value / jobs:.2f}"


ENQUEUE = "enqueue: 1 job/tx, 1 client (jobs/s)"
PROCESSING = "processing: 1 worker, C=10 (jobs/s)"
WORKER_CPU = "  worker CPU per job while processing (ms)"
PICKUP_P50 = "pickup p50 (ms)"
PICKUP_P99 = "pickup p99 (ms)"
PICKUP_AFTER = "  p50 / p99 after enqueue returned (ms)"
WRITE_TX = "write tx per job (from code)"
COMMITS = "  measured: commits per job (enq + proc)"
ROWS = "  measured: rows written per job"
SHARE = "share of ceiling: jobs/s ÷ (TPS ÷ write tx)"
MEASURES = [
    ENQUEUE,
    PROCESSING,
    WORKER_CPU,
    PICKUP_P50,
    PICKUP_P99,
    PICKUP_AFTER,
    WRITE_TX,
    COMMITS,
    ROWS,
    SHARE,
]


def column(rounds: list[Result], jobs: int, ceiling: Ceiling | None) -> list[str]:
    """One system's cells over its rounds: medians with ranges, pickups pooled, counters
    per job over every round."""
    measured = [r for r in rounds if r.error is None]
    if not measured:
        return ["error", *[""] * (len(MEASURES) - 1)]
    cells = dict.fromkeys(MEASURES, "—")
    cells[ENQUEUE] = with_range([r.enqueue for r in measured], rate)
    cells[PROCESSING] = with_range([r.processing for r in measured], rate)
    stopped = [r.processing_note for r in measured if r.processing_note]
    if stopped:
        cells[PROCESSING] += f" ({'; '.join(stopped)})"
    cells[WORKER_CPU] = with_range([r.worker_cpu_ms for r in measured], lambda v: f"{v:.2f}")
    pickup = [ms for r in measured for ms in r.pickup]
    if pickup:
        missing = PICKUP_JOBS * len(measured) - len(pickup)
        cells[PICKUP_P50] = f"{percentile(pickup, 50):.1f}"
        cells[PICKUP_P99] = f"{percentile(pickup, 99):.1f}"
        if missing:
            cells[PICKUP_P99] += f" ({missing} never started)"
        after = [ms for r in measured for ms in r.pickup_after_return]
        cells[PICKUP_AFTER] = f"{percentile(after, 50):.1f} / {percentile(after, 99):.1f}"
    first = measured[0]
    if first.write_tx_code:
        cells[WRITE_TX] = f"{first.write_tx_code:g}"
    counted = [r for r in measured if r.enqueue_counters and r.processing_counters]
    if counted:
        all_jobs = jobs * len(counted)
        enq = sum(r.enqueue_counters.commits for r in counted if r.enqueue_counters)
        proc = sum(
            r.processing_counters.commits - r.done_polls  # not the benchmark's own queries
            for r in counted
            if r.processing_counters
        )
        written = sum(
            r.enqueue_counters.rows_written + r.processing_counters.rows_written
            for r in counted
            if r.enqueue_counters and r.processing_counters
        )
        cells[COMMITS] = f"{per_job(enq, all_jobs)} + {per_job(proc, all_jobs)}"
        cells[ROWS] = per_job(written, all_jobs)
    elif first.backend == "sqlite":
        cells[COMMITS] = cells[ROWS] = "n/a"
    processing = median_or_none([r.processing for r in measured])
    if (
        first.backend == "postgres"
        and ceiling is not None
        and ceiling.tpcb_tps
        and processing
        and first.write_tx_code
    ):
        budget = ceiling.tpcb_tps / first.write_tx_code
        cells[SHARE] = f"{processing / budget:.0%} of {budget:,.0f}"
    return [cells[m] for m in MEASURES]


#: The comparisons the targets are stated in: (ours, theirs).
COMPARISONS = [
    ("bina-pg", "pgqueuer-defaults"),
    ("bina-pg", "pgqueuer"),
    ("bina-pg", "procrastinate"),
    ("bina-sqlite", "huey"),
]


def pickup_p50(result: Result) -> float | None:
    return percentile(result.pickup, 50) if result.pickup and result.error is None else None


def ratio_table(results: dict[str, list[Result]]) -> tuple[list[str], list[list[str]]]:
    """Each comparison as the median of per-round ratios (both ran in the same round)."""
    headers = [
        "same-round ratio: median (each round)",
        "enqueue (higher: faster)",
        "processing (higher: faster)",
        "pickup p50 (lower: faster)",
    ]
    rows = []
    for ours, theirs in COMPARISONS:
        if ours not in results or theirs not in results:
            continue
        mine, other = results[ours], results[theirs]

        def of(rounds: list[Result], read: Callable[[Result], float | None]) -> list[float | None]:
            return [None if r.error else read(r) for r in rounds]

        label = f"{mine[0].label} ÷ {other[0].label}"
        rows.append(
            [
                label,
                ratio_cell(ratios(of(mine, lambda r: r.enqueue), of(other, lambda r: r.enqueue))),
                ratio_cell(
                    ratios(of(mine, lambda r: r.processing), of(other, lambda r: r.processing))
                ),
                ratio_cell(ratios(of(mine, pickup_p50), of(other, pickup_p50))),
            ]
        )
    return headers, rows


def ceiling_columns(ceiling: Ceiling | None) -> tuple[list[str], list[str]]:
    pg = dict.fromkeys(MEASURES, "—")
    sqlite = dict.fromkeys(MEASURES, "—")
    if ceiling is not None:
        if ceiling.error:
            pg[ENQUEUE] = pg[PROCESSING] = "error"
        if ceiling.insert_tps:
            pg[ENQUEUE] = f"{rate(ceiling.insert_tps)} (bare INSERT)"
        if ceiling.tpcb_tps:
            pg[PROCESSING] = f"{rate(ceiling.tpcb_tps)} TPS (TPC-B)"
            pg[WRITE_TX] = "1 per TPC-B tx"
        if ceiling.sqlite_normal:
            sqlite[ENQUEUE] = f"{rate(ceiling.sqlite_normal)} / {rate(ceiling.sqlite_full)}"
            sqlite[WRITE_TX] = "1"
    return [pg[m] for m in MEASURES], [sqlite[m] for m in MEASURES]


def build_table(
    results: dict[str, list[Result]], ceiling: Ceiling | None, jobs: int
) -> tuple[list[str], list[list[str]]]:
    pg_ceiling, sqlite_ceiling = ceiling_columns(ceiling)
    headers = ["measure"]
    columns: list[list[str]] = []
    for key in ("bina-pg", "procrastinate", "pgqueuer", "pgqueuer-defaults"):
        if key in results:
            headers.append(results[key][0].label)
            columns.append(column(results[key], jobs, ceiling))
    if ceiling is not None and (ceiling.tpcb_tps or ceiling.error):
        headers.append("pgbench ceiling")
        columns.append(pg_ceiling)
    for key in ("bina-sqlite", "huey"):
        if key in results:
            headers.append(results[key][0].label)
            columns.append(column(results[key], jobs, ceiling))
    if ceiling is not None and ceiling.sqlite_normal:
        headers.append("sqlite3 floor")
        columns.append(sqlite_ceiling)
    rows = [[measure, *(col[i] for col in columns)] for i, measure in enumerate(MEASURES)]
    return headers, rows


def render_text(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i == 0 else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        )

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)])


def markdown_table(headers: list[str], rows: list[list[str]]) -> list[str]:
    out = [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join(["---"] + ["---:"] * (len(headers) - 1)) + "|",
    ]
    return out + ["| " + " | ".join(c.replace("|", "\\|") for c in row) + " |" for row in rows]


def render_markdown(tables: list[tuple[list[str], list[list[str]]]], meta: list[str]) -> str:
    out: list[str] = []
    for headers, rows in tables:
        if rows:
            out += [*markdown_table(headers, rows), ""]
    return "\n".join([*out, *(f"- {m}" for m in meta), ""])


def versions() -> list[str]:
    found = []
    for dist in ("procrastinate", "pgqueuer", "huey", "psycopg", "asyncpg", "SQLAlchemy"):
        with contextlib.suppress(importlib.metadata.PackageNotFoundError):
            found.append(f"{dist} {importlib.metadata.version(dist)}")
    found.append(f"SQLite {sqlite3.sqlite_version}")
    found.append(f"Python {platform.python_version()}")
    return found


def machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for text in Path("/proc/cpuinfo").read_text().splitlines():
            if text.startswith("model name"):
                model = text.split(":", 1)[1].strip()
                break
    return f"{os.cpu_count()} cores ({model}), {platform.system()} {platform.release()}"


def load_average() -> str:
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


def bina_revision() -> str:
    """The checkout's commit, and whether the job core has uncommitted changes (read-only git)."""
    root = HERE.parent

    def git(*argv: str) -> str:
        return subprocess.run(
            ["git", "-C", str(root), *argv], capture_output=True, text=True, timeout=10
        ).stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        dirty = git("status", "--porcelain", "--", "src/bina/jobs")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}{' + uncommitted changes in src/bina/jobs' if dirty else ''}"


def notes(
    args: argparse.Namespace,
    started: dt.datetime,
    load_at_start: str,
    pg_about: str | None,
    ceiling: Ceiling | None,
    results: dict[str, list[Result]],
) -> list[str]:
    pg = f"PostgreSQL {pg_about}" if pg_about else None
    lines = [
        f"date: {started:%Y-%m-%d %H:%M} UTC; machine: {machine()}; "
        f"load average (1/5/15 min) at start {load_at_start}, at end {load_average()}",
        f"Bina: {bina_revision()}; " + "versions: " + ", ".join(v for v in [*versions(), pg] if v),
        f"jobs: {args.jobs} per system, enqueued then processed; pickup: {PICKUP_JOBS} jobs, "
        f"one every {PICKUP_EVERY * 1000:.0f} ms, to a worker idle for 1 s; "
        f"one worker process, concurrency {CONCURRENCY}; {args.rounds} rounds, each system "
        "once per round in a rotated order: a measure is the median of the rounds (range in "
        "brackets), a ratio the median of the per-round ratios",
    ]
    if ceiling is not None and ceiling.tpcb_tps:
        short = max(ceiling.seconds // 2, 1)
        lines.append(
            f"pgbench: -i -s {ceiling.scale}; TPC-B -c {CONCURRENCY} -j 2 -T {ceiling.seconds}: "
            f"{rate(ceiling.tpcb_tps)} TPS; select-only -S -c {CONCURRENCY} -j 2 -T {short}: "
            f"{rate(ceiling.select_tps)} TPS; bare INSERT (1 client, 1 uuid row per tx, "
            f"-T {short}): {rate(ceiling.insert_tps)} TPS"
        )
    if ceiling is not None and ceiling.error:
        lines.append(f"pgbench failed: {ceiling.error.splitlines()[0]}")
    if ceiling is not None and ceiling.sqlite_normal:
        lines.append(
            "sqlite3 floor: bare 1-row INSERT per tx (Python sqlite3, WAL), "
            "synchronous=NORMAL (Bina's setting) / FULL (huey's default)"
        )
    counted = [f"{r[0].label} {r[0].write_tx_note}" for r in results.values() if r[0].write_tx_note]
    if counted:
        lines.append("write tx per job, from code: " + "; ".join(counted))
    for key, rounds in results.items():
        for index, result in enumerate(rounds, 1):
            if result.error:
                lines.append(f"{key} failed in round {index}: {result.error.splitlines()[0]}")
    return lines


# --- main ---------------------------------------------------------------------------------------

ALL = [
    "bina-pg",
    "procrastinate",
    "pgqueuer",
    "pgqueuer-defaults",
    "bina-sqlite",
    "huey",
    "pgbench",
]


def selected(args: argparse.Namespace) -> list[str]:
    if args.only:
        wanted: list[str] = []
        for name in (n.strip() for n in args.only.split(",")):
            expanded = ["bina-pg", "bina-sqlite"] if name == "bina" else [name]
            for item in expanded:
                if item not in ALL:
                    raise SystemExit(
                        f"--only: unknown {item!r}; choose from bina, {', '.join(ALL)}"
                    )
                wanted.append(item)
        chosen = [n for n in ALL if n in wanted]
    else:
        chosen = list(ALL)
    if args.skip_peers:
        chosen = [n for n in chosen if n not in PEERS]
    if args.skip_postgres:
        chosen = [n for n in chosen if n in ("bina-sqlite", "huey")]
    return chosen


async def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--jobs", type=int, default=2000, help="jobs enqueued and processed")
    parser.add_argument("--rounds", type=int, default=3, help="every system once per round")
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--only", help="comma list: bina (both), " + ", ".join(ALL))
    parser.add_argument("--skip-peers", action="store_true", help="Bina (and pgbench) only")
    parser.add_argument("--skip-postgres", action="store_true", help="SQLite systems only")
    parser.add_argument("--pgbench", help="path to pgbench (default: PATH, then PG 15's)")
    parser.add_argument("--pgbench-seconds", type=int, default=10)
    parser.add_argument("--markdown", type=Path, help="also write the table as Markdown here")
    args = parser.parse_args()
    chosen = selected(args)
    if args.rounds < 1:
        raise SystemExit("--rounds: at least 1")

    results: dict[str, list[Result]] = {}
    ceiling: Ceiling | None = None
    pg_about: str | None = None
    started = dt.datetime.now(dt.UTC)
    load_at_start = load_average()

    def systems() -> list[tuple[str, Callable[[], System]]]:
        makers: dict[str, Callable[[], System]] = {
            "bina-pg": lambda: Bina("postgres"),
            "bina-sqlite": lambda: Bina("sqlite"),
            **{name: functools.partial(load, name) for name in PEERS},
        }
        return [(key, makers[key]) for key in chosen if key in makers]

    with tempfile.TemporaryDirectory(prefix="bina-bench-") as folder:
        tmp = Path(folder)
        try:
            postgres_systems = ("bina-pg", "procrastinate", "pgqueuer", "pgqueuer-defaults")
            if any(k in chosen for k in (*postgres_systems, "pgbench")):
                try:
                    pg_about = await pg_execute(args.postgres, PG_ABOUT)
                except (TimeoutError, OSError) as exc:  # the systems will each say so
                    print(f"PostgreSQL at {args.postgres}: {exc}", file=sys.stderr)
            for round_index in range(args.rounds):
                print(f"[round {round_index + 1} of {args.rounds}]", file=sys.stderr)
                for key, make in rotated(systems(), round_index):
                    results.setdefault(key, []).append(await run_system(key, make, args, tmp))
            if any(k in chosen for k in ("bina-sqlite", "huey")):
                ceiling = Ceiling()
                ceiling.sqlite_normal = sqlite_insert_rate(tmp / "normal.db", "NORMAL", args.jobs)
                ceiling.sqlite_full = sqlite_insert_rate(tmp / "full.db", "FULL", args.jobs)
            if "pgbench" in chosen:
                pgbench = find_pgbench(args.pgbench)
                try:
                    if pgbench is None:
                        raise RuntimeError("pgbench not found (--pgbench PATH)")
                    pg_run = await run_pgbench(pgbench, args.postgres, args.pgbench_seconds, tmp)
                    ceiling = ceiling or Ceiling()
                    ceiling.tpcb_tps, ceiling.select_tps = pg_run.tpcb_tps, pg_run.select_tps
                    ceiling.insert_tps, ceiling.seconds = pg_run.insert_tps, pg_run.seconds
                except Exception as exc:
                    traceback.print_exc()
                    ceiling = ceiling or Ceiling()
                    ceiling.error = str(exc)
        finally:
            for process in list(_live_workers):
                await stop_process(process)

    # Both tables list systems in one fixed order, whatever order the rounds ran them in.
    results = {key: results[key] for key in ALL if key in results}
    headers, rows = build_table(results, ceiling, args.jobs)
    ratio_headers, ratio_rows = ratio_table(results)
    meta = notes(args, started, load_at_start, pg_about, ceiling, results)
    print()
    print(render_text(headers, rows))
    print()
    if ratio_rows:
        print(render_text(ratio_headers, [[c.replace("**", "") for c in r] for r in ratio_rows]))
        print()
    for m in meta:
        print(m)
    if args.markdown is not None:
        tables = [(headers, rows), (ratio_headers, ratio_rows)]
        args.markdown.write_text(render_markdown(tables, meta))
        print(f"\nMarkdown written to {args.markdown}")


async def run_system(
    key: str, make: Callable[[], System], args: argparse.Namespace, tmp: Path
) -> Result:
    """One round of one system; a failure becomes an error cell, never the others' loss."""
    label = key
    try:
        system = make()
        label = system.label
        if system.backend == "postgres":
            return await run_postgres_system(system, args.postgres, args.jobs, tmp)
        return await run_sqlite_system(system, args.jobs, tmp)
    except Exception as exc:
        traceback.print_exc()
        error = f"{type(exc).__name__}: {exc}"
        if isinstance(exc, ModuleNotFoundError):
            error = f"{exc.name} is not installed: pip install -e '.[bench]'"
        return Result(label, "?", error=error)


async def run_main() -> None:
    # SIGTERM (and SIGINT, as asyncio.run already does) cancels the run, so the `finally`s stop
    # every worker process and drop every scratch database on the way out.
    task = asyncio.create_task(main())
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    await task


if __name__ == "__main__":
    asyncio.run(run_main())
