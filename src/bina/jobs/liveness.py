"""A killed worker's jobs are taken over at once: signs of life the OS or the database drops.

A lease tells that a worker stopped renewing, and only after the lease (30 s by default). A
process that dies is noticed sooner by what it held: each worker holds a *sign of life* that
goes away with its process, and writes in its `job_workers` row which sign (the *marker*).
Other workers look, about every 0.5 s, at the owners of running jobs whose row names a sign:
one whose sign is gone is dead, and its jobs' leases end now (store.take_over).

- PostgreSQL (`PostgresLiveness`): a session advisory lock (the Bina workers' class key and
  the server's `hashtext` of the worker id) on a connection of its own, kept for the worker's
  life (never a pooled one). The server releases it when the session ends: the process died
  (its socket closed), or the connection was cut. One statement finds owners without a lock
  in `pg_locks`. The marker names the server's start, and a worker whose own session was cut
  judges nobody for a few seconds after it is back: a restart, a failover or a cut of every
  session is not read as every worker's death. Behind a transaction pooler (`?pgbouncer=1`)
  a session lock means nothing: there it is off, and the lease decides.
- SQLite (`FileLockLiveness`): an exclusive `flock` on the worker's own file in a directory
  next to the database (`<db>.workers/`). The kernel drops it when the process dies. Another
  worker tests an owner's file without blocking: if it gets the lock, the owner is dead.
  Where there is no `fcntl` (Windows) it is off.

A worker that is merely slow (a GC pause, SIGSTOP) keeps its lock, so it keeps its jobs until
its lease. A machine that vanishes without closing its connections keeps its PostgreSQL
session (and so its lock) until the server notices: the lease decides there too.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import re
import time
import uuid
from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Protocol

import sqlalchemy as sa

from bina.jobs.models import JobStatus
from bina.jobs.schema import generation_jobs as jobs
from bina.jobs.schema import job_workers

try:
    import fcntl

    HAS_FLOCK = True
except ImportError:  # Windows: no flock, no detection (the lease decides)
    HAS_FLOCK = False

logger = logging.getLogger(__name__)

FLOCK_MARKER = "flock"
#: How far in the past a taken-over job's lease ends: a claimer whose clock lags the taker's
#: by less than this still sees it expired (machines keep NTP time: seconds at worst).
TAKEN_OVER_LEASE_ENDED_AGO = timedelta(minutes=1)
_disabled_logged: set[str] = set()

_TIME = jobs.c.updated_at.type

#: The workers holding running jobs on unexpired leases whose row names this sign of life.
RUNNING_OWNERS = (
    sa.select(jobs.c.worker_id)
    .distinct()
    .join(job_workers, job_workers.c.id == jobs.c.worker_id)
    .where(
        jobs.c.status == JobStatus.PROCESSING.value,
        jobs.c.lease_expires_at > sa.bindparam("now", type_=_TIME),
        job_workers.c.liveness == sa.bindparam("liveness", type_=sa.Text),
    )
)
#: PostgreSQL: the class key of Bina workers' session advisory locks ("BINW"); the second key
#: is the server's 32-bit `hashtext` of the worker id.
WORKER_LOCK_CLASS = 0x42494E57
#: The marker a worker holding its lock writes in its row: the lock, and when the server
#: started. A restart or a failover drops every worker's lock at once; until each worker has
#: taken its lock again (and written the new marker), its row names an older server and
#: nobody reads its lost lock as its death.
POSTGRES_LIVENESS_MARKER = (
    "'pg_advisory_lock:' || (extract(epoch FROM pg_postmaster_start_time()) * 1000000)::bigint"
)
#: On the worker's own connection (asyncpg): take the lock, say the marker.
TAKE_WORKER_LOCK = (
    f"SELECT pg_try_advisory_lock({WORKER_LOCK_CLASS}, hashtext($1)) AS held, "
    f"{POSTGRES_LIVENESS_MARKER} AS marker"
)
#: PostgreSQL: RUNNING_OWNERS whose lock no session of this database holds (one statement;
#: pg_locks is read only for the owners found, none when no job is running).
DEAD_OWNERS_POSTGRES = sa.text(
    f"""
    WITH owners AS (
        SELECT DISTINCT j.worker_id FROM generation_jobs AS j
        JOIN job_workers AS w ON w.id = j.worker_id
        WHERE j.status = 'processing' AND j.lease_expires_at > :now
          AND w.liveness = {POSTGRES_LIVENESS_MARKER}
    )
    SELECT o.worker_id FROM owners AS o
    WHERE NOT EXISTS (
        SELECT 1 FROM pg_locks AS l
        WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 2
          AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())
          AND l.classid = {WORKER_LOCK_CLASS} AND l.objid = hashtext(o.worker_id)::oid
    )
    """  # noqa: S608 - built from the constants above, nothing from outside
).bindparams(sa.bindparam("now", type_=_TIME))


class Liveness(Protocol):
    """One worker's sign of life, and the test of the others' (one per worker)."""

    @property
    def marker(self) -> str | None:
        """What the worker's row says while the sign is held; None while it is not."""
        ...

    @property
    def generation(self) -> int:
        """How often the sign was taken: a change means it was lost and taken again."""
        ...

    async def hold(self) -> str | None:
        """Take the sign (before the worker claims anything); returns the marker, or None
        when it could not be taken yet (PostgreSQL keeps trying in the background)."""
        ...

    async def release(self) -> None:
        """Drop the sign: the worker has stopped."""
        ...

    def dead_owners(self, conn: sa.Connection, now: datetime) -> list[str]:
        """Of the workers holding running jobs on unexpired leases, those whose sign is gone
        (a unit of work: run by the store on one of its connections)."""
        ...

    def forget(self, worker_ids: Iterable[str]) -> None:
        """Clean up after these dead workers' jobs were taken over."""
        ...


def log_disabled_once(reason: str) -> None:
    """Say once per process why dead workers are noticed by their leases only."""
    if reason not in _disabled_logged:
        _disabled_logged.add(reason)
        logger.warning("dead workers are noticed by their leases only: %s", reason)


# --- PostgreSQL ------------------------------------------------------------------------------


class PostgresLiveness:
    """A session advisory lock held on a connection of the worker's own, reconnecting."""

    def __init__(
        self,
        dsn: str,
        worker_id: str,
        *,
        retry_seconds: float = 0.5,
        probe_seconds: float = 10.0,
        settle_seconds: float = 5.0,
    ) -> None:
        self._dsn = dsn
        self.worker_id = worker_id
        self._retry_seconds = retry_seconds
        self._probe_seconds = probe_seconds
        self._settle_seconds = settle_seconds
        self._marker: str | None = None
        self._generation = 0
        self._taken_at = 0.0
        self._attempted = asyncio.Event()
        self._task: asyncio.Task[None] | None = None

    @property
    def marker(self) -> str | None:
        return self._marker

    @property
    def generation(self) -> int:
        return self._generation

    async def hold(self) -> str | None:
        if self._task is None:
            self._task = asyncio.create_task(self._keep(), name=f"bina-liveness-{self.worker_id}")
        # The first attempt, done or failed; a database that is away is retried meanwhile.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(10):
                await self._attempted.wait()
        return self._marker

    async def release(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    def dead_owners(self, conn: sa.Connection, now: datetime) -> list[str]:
        # When our own session was cut, everyone's likely was (the database went away, or an
        # operator ended every session): judge nobody until the others have had the time to
        # take their locks again, as we did. A restart needs no wait: the marker changed.
        if self._marker is None:
            return []
        if self._generation > 1 and time.monotonic() - self._taken_at < self._settle_seconds:
            return []
        return [row.worker_id for row in conn.execute(DEAD_OWNERS_POSTGRES, {"now": now})]

    def forget(self, worker_ids: Iterable[str]) -> None:
        return None  # a lock leaves nothing behind

    async def _keep(self) -> None:
        import asyncpg

        while True:
            pause = self._retry_seconds
            connection: Any = None
            try:
                connection = await asyncpg.connect(
                    self._dsn,
                    timeout=5,
                    server_settings={"application_name": "bina-worker-liveness"},
                )
                lost = asyncio.Event()
                connection.add_termination_listener(lambda _c, lost=lost: lost.set())
                if connection.get_server_version() >= (14, 0):
                    # This connection is idle by design: a server-wide idle timeout must not
                    # end it (and make its live worker look dead).
                    await connection.execute("SET idle_session_timeout = 0")
                row = await connection.fetchrow(TAKE_WORKER_LOCK, self.worker_id)
                if row["held"]:
                    self._marker = str(row["marker"])
                    self._generation += 1
                    self._taken_at = time.monotonic()
                else:
                    # Another session holds this key: a worker whose id has the same 32-bit
                    # hash, or this worker's own previous session that the server has not
                    # yet seen end. Its presence keeps this worker looking alive; retry.
                    logger.warning(
                        "worker %s: its liveness lock is held by another session; retrying",
                        self.worker_id,
                    )
                    pause = self._probe_seconds
                self._attempted.set()
                while not lost.is_set() and self._marker is not None:
                    # A silent network drop never fires the termination listener: probe.
                    with contextlib.suppress(TimeoutError):
                        async with asyncio.timeout(self._probe_seconds):
                            await lost.wait()
                    if not lost.is_set():
                        await connection.fetchval("SELECT 1", timeout=5)
            except asyncio.CancelledError:
                raise
            except Exception as exc:  # any driver or network error: reconnect after a pause
                if self._marker is not None:
                    logger.warning(
                        "worker %s lost its liveness connection: %s", self.worker_id, exc
                    )
                else:
                    logger.warning(
                        "worker %s cannot take its liveness lock: %s", self.worker_id, exc
                    )
            finally:
                self._marker = None
                self._attempted.set()
                if connection is not None:
                    # Closing the session releases the lock.
                    with contextlib.suppress(Exception):
                        await asyncio.wait_for(connection.close(), 2)
            await asyncio.sleep(pause)


# --- SQLite ----------------------------------------------------------------------------------


def lock_directory(database_path: str) -> Path | None:
    """`<database>.workers/` next to the file (symlinks resolved); None for a memory database."""
    if database_path in ("", ":memory:") or database_path.startswith("file:"):
        return None
    return Path(os.path.realpath(database_path) + ".workers")


def lock_file_name(worker_id: str) -> str:
    """A file name for any worker id: its safe characters, and a hash for uniqueness."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", worker_id)[:80].lstrip(".")
    digest = hashlib.sha256(worker_id.encode()).hexdigest()[:12]
    return f"{safe}-{digest}.lock"


class FileLockLiveness:
    """An exclusive flock on `<database>.workers/<worker>.lock`, held by an open descriptor."""

    #: How often the directory is swept for the files of workers that died holding no job.
    SWEEP_SECONDS = 60.0

    def __init__(self, directory: Path, worker_id: str) -> None:
        self.directory = directory
        self.worker_id = worker_id
        self.path = directory / lock_file_name(worker_id)
        self._fd: int | None = None
        self._next_sweep = 0.0

    @property
    def marker(self) -> str | None:
        return FLOCK_MARKER if self._fd is not None else None

    @property
    def generation(self) -> int:
        return 0 if self._fd is None else 1  # the kernel never drops it while we live

    async def hold(self) -> str | None:
        if self._fd is None:
            try:
                self._fd = await asyncio.to_thread(self._take)
            except OSError as exc:
                log_disabled_once(f"cannot lock a file in {self.directory}: {exc}")
        return self.marker

    def _take(self) -> int:
        self.directory.mkdir(exist_ok=True)
        # Locked under a temporary name, then renamed: the file never exists unlocked under
        # its own name, so nobody can mistake a starting worker for a dead one.
        temporary = self.directory / f".{uuid.uuid4().hex}.tmp"
        fd = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(fd, self.worker_id.encode())
            os.replace(temporary, self.path)
        except OSError:
            os.close(fd)
            with contextlib.suppress(OSError):
                temporary.unlink()
            raise
        return fd

    async def release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is not None:
            # Closing drops the lock: from now on this worker looks dead, as on PostgreSQL, so
            # whatever it could not hand back is taken over at once. The file is left for the
            # one who notices (forget, or the next sweep) to remove.
            os.close(fd)

    def dead_owners(self, conn: sa.Connection, now: datetime) -> list[str]:
        owners = conn.execute(RUNNING_OWNERS, {"now": now, "liveness": FLOCK_MARKER})
        dead = [
            worker_id
            for (worker_id,) in owners
            if worker_id != self.worker_id
            and is_unlocked(self.directory / lock_file_name(worker_id))
        ]
        if time.monotonic() >= self._next_sweep:
            self._next_sweep = time.monotonic() + self.SWEEP_SECONDS
            dead.extend(w for w in self._sweep() if w not in dead)
        return dead

    def _sweep(self) -> list[str]:
        """Workers that died holding no job left their file: who they were (read from it)."""
        found: list[str] = []
        with contextlib.suppress(OSError):
            for entry in os.scandir(self.directory):
                if entry.name.startswith("."):
                    self._sweep_temporary(Path(entry.path))
                elif entry.name.endswith(".lock") and entry.path != str(self.path):
                    worker_id = _dead_owner_of(Path(entry.path))
                    if worker_id is not None:
                        found.append(worker_id)
        return found

    @staticmethod
    def _sweep_temporary(path: Path) -> None:
        # A worker killed between creating its file and naming it; recent ones may be starting.
        with contextlib.suppress(OSError):
            if time.time() - path.stat().st_mtime > 60 and is_unlocked(path):
                path.unlink()

    def forget(self, worker_ids: Iterable[str]) -> None:
        for worker_id in worker_ids:
            if worker_id != self.worker_id:
                with contextlib.suppress(OSError):
                    (self.directory / lock_file_name(worker_id)).unlink()


def is_unlocked(path: Path) -> bool:
    """Whether nobody holds `path`'s lock (its owner died); False when there is no such file
    (nothing can be told: the lease decides) or it cannot be read."""
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return False
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:  # BlockingIOError: held by a live process
        return False
    else:
        return True  # released when the descriptor closes, just below
    finally:
        os.close(fd)


def _dead_owner_of(path: Path) -> str | None:
    if not is_unlocked(path):
        return None
    with contextlib.suppress(OSError, UnicodeDecodeError):
        return path.read_text() or None
    return None


def file_lock_liveness(database_path: str, worker_id: str) -> FileLockLiveness | None:
    """The SQLite worker's liveness, or None where it cannot work (no fcntl, memory database)."""
    if not HAS_FLOCK:
        log_disabled_once("this platform has no fcntl.flock")
        return None
    directory = lock_directory(database_path)
    if directory is None:
        return None
    return FileLockLiveness(directory, worker_id)
