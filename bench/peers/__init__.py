"""The systems bench/queue.py measures beside Bina, one module each, behind one small interface.

Each adapter has a client side (used in the benchmark's own process) and a worker side (run in
a separate process by bench/_noop_worker.py, so enqueuer and worker never share an event loop):

- `install(url)`: create its tables in a fresh database (or file) with its own API.
- `client(url)`: an async context giving `enqueue(seq, ts)`, which commits ONE job per call (one
  transaction), carrying `payload(seq, ts)`: a sequence number and the wall-clock time taken
  just before the call.
- `done_counter(url, done_file)`: an async context giving `count()`, how many jobs the system
  has recorded as finished (its own notion of done; see docs/bench-queue.md).
- `run_worker(url, concurrency, recorder, done_file, ready_file)`: blocks in the worker process
  until SIGTERM; calls `signal_ready(ready_file)` just before it starts consuming, and
  `recorder.started(job payload)` first thing in the handler when recording.

The peers are optional (`pip install -e '.[bench]'`); a module is imported only when used.
"""

from __future__ import annotations

import importlib
import os
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

Enqueue = Callable[[int, float], Awaitable[None]]
Counter = Callable[[], Awaitable[int]]

#: --only name -> module in this package.
PEERS = {
    "procrastinate": "procrastinate_peer",
    "pgqueuer": "pgqueuer_peer",
    "pgqueuer-defaults": "pgqueuer_peer",
    "huey": "huey_peer",
}


class Peer(Protocol):
    name: str  # the --only key and the worker's first argument
    label: str  # the column title
    backend: str  # "postgres" or "sqlite"
    distribution: str  # the PyPI name, for its version
    write_tx_per_job: float  # write transactions one no-op job costs, counted from its code
    write_tx_note: str  # how that count was made

    async def install(self, url: str) -> None: ...

    def client(self, url: str) -> AbstractAsyncContextManager[Enqueue]: ...

    def done_counter(self, url: str, done_file: Path) -> AbstractAsyncContextManager[Counter]: ...

    def run_worker(
        self,
        url: str,
        concurrency: int,
        recorder: Recorder | None,
        done_file: Path,
        ready_file: Path,
    ) -> None: ...


def load(name: str) -> Peer:
    module = importlib.import_module(f"{__name__}.{PEERS[name]}")
    peer: Peer = getattr(module, "DEFAULTS_PEER" if name.endswith("-defaults") else "PEER")
    return peer


def payload(seq: int, ts: float) -> str:
    """The job's payload as text: `repr` of a float reads back exactly."""
    return f"{seq} {ts!r}"


def signal_ready(ready_file: Path) -> None:
    """Tell the benchmark the worker is about to consume: write the wall clock atomically."""
    tmp = ready_file.with_suffix(".tmp")
    tmp.write_text(repr(time.time()))
    os.replace(tmp, ready_file)


class Recorder:
    """Appends `seq enqueued_at started_at` per handler start; one O_APPEND write, thread-safe."""

    def __init__(self, path: Path) -> None:
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def started(self, job_payload: str | bytes) -> None:
        now = time.time()  # first: nothing below is part of the pickup latency
        text = job_payload.decode() if isinstance(job_payload, bytes) else job_payload
        os.write(self._fd, f"{text} {now!r}\n".encode())


@asynccontextmanager
async def postgres_counter(url: str, sql: str) -> Any:
    """`count()` running `sql` (one number) on its own asyncpg connection."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:

        async def count() -> int:
            return int(await conn.fetchval(sql))

        yield count
    finally:
        await conn.close()


def sqlite_path(url: str) -> Path:
    """`sqlite:////abs/file.db` -> /abs/file.db (the URL form Bina takes)."""
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise ValueError(f"not a sqlite URL: {url}")
    return Path(url[len(prefix) :])
