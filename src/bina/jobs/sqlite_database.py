"""SQLite for the store: each unit of work is one hop to a thread that owns a connection.

SQLite is a library, not a server: a statement costs microseconds, and what costs is getting
to it. An asyncio driver (aiosqlite) hops to its thread and back for every cursor call:
opening the cursor, executing, fetching, closing, each transaction's begin and commit, each
pool checkout's reset, about eight hops for one statement. Measured here, one status read
took 0.97 ms that way against 0.03 ms for the same statement in plain sqlite3. So the whole
unit of work (begin, statements, commit) runs as one call in a thread: one hop, about 0.15 ms.

- Writes run on ONE thread. SQLite lets one transaction write at a time anyway, and this
  process's writers queue in `WriterTurns` (people first) instead of in SQLite's busy
  handler. Another process's write lock is waited for in that thread, in naps of at most
  1 ms (`begin_immediate`), not in the busy handler's growing sleeps.
- Reads run on a few threads of their own: in WAL mode they never wait for a writer.
- Other connections' commits are noticed by sqlite_watcher.py: SQLite's stand-in for NOTIFY.
- The hop itself is `ThreadHops` (thread_hops.py).
- A brief write (a start: a few statements on one small row, `database.BRIEF`) that finds no
  write of this process under way runs on the event loop itself: its BEGIN IMMEDIATE does not
  wait, its commit does not checkpoint, so it takes about 0.1 ms, less than the hop it
  saves. Should the write lock be taken (another process writes), it queues as any write.
- Checkpoints run in a thread of their own, never inside a commit (sqlite_checkpoints.py).
- A read of one small row by its key (a status poll's head, `database.BRIEF_READ`) runs on the
  event loop too, on a connection of its own, as one statement (no BEGIN): about 20 µs, where
  the hop costs several times that. Should SQLite answer "busy" (in WAL mode a reader waits
  only while the WAL's index is rebuilt), it reads in a thread as any read.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol, TypeVar, cast

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import Dialect, make_url

from bina.jobs.database import (
    BEGUN_BY_CALLER,
    BRIEF,
    BRIEF_READ,
    READ_ONLY,
    SQLITE_BUSY_TIMEOUT_MS,
    Work,
    driver_url,
)
from bina.jobs.sqlite_checkpoints import Checkpoints
from bina.jobs.thread_hops import ThreadHops
from bina.jobs.writer_turns import WriterTurns

logger = logging.getLogger(__name__)

T = TypeVar("T")
T_co = TypeVar("T_co", covariant=True)


class LoopRead(Protocol[T_co]):
    """A read that may run on a sqlite3 connection directly (statement_work.BriefRead)."""

    def on_sqlite3(self, connection: sqlite3.Connection, dialect: Dialect) -> T_co: ...


# Most read threads kept: reads are microseconds of CPU, and threads only help while one
# waits (a checkpoint, a slow disk); more would only contend for the GIL.
MAX_READERS = 4


class SqliteDatabase:
    """Units of work on SQLite connections owned by threads (see the module docstring)."""

    backend = "sqlite"

    def __init__(self, database_url: str, *, readers: int = MAX_READERS) -> None:
        self.path = make_url(database_url).database or ""
        self.readers = max(1, min(readers, MAX_READERS))
        # The readers, the writer thread and the event loop's own two (writing, reading).
        self.engine = create_sqlite_engine(database_url, pool_size=self.readers + 3)
        self._writer = ThreadHops(1, "bina-sqlite-write")
        self._reader = ThreadHops(self.readers, "bina-sqlite-read")
        self._turns = WriterTurns()
        self.checkpoints = Checkpoints(self.path, self._turns)
        # Each thread keeps its connection for its life: no pool checkout per unit of work.
        self._local = threading.local()
        self._on_loop: sa.Connection | None = None
        self._loop_reader: sa.Connection | None = None
        self._opened: list[sa.Connection] = []
        self._opened_lock = threading.Lock()

    # --- the Database protocol -------------------------------------------------------------

    async def read(self, work: Work[T]) -> T:
        if getattr(work, BRIEF_READ, False):
            read, result = self._read_on_loop(cast(LoopRead[T], work))
            if read:
                return cast(T, result)
        return await self._reader.call(self._run, work, True)

    async def write(self, work: Work[T], *, one_statement: bool, urgent: bool = False) -> T:
        if (
            urgent
            and getattr(work, BRIEF, False)
            and not self._turns.busy
            and not self.checkpoints.lagging
        ):
            began, result = self._write_on_loop(work)
            if began:
                self.checkpoints.committed()
                return cast(T, result)
        # One statement or several, a write is BEGIN IMMEDIATE … COMMIT in the thread: the
        # two extra statements cost microseconds there, and no hop.
        async with self._turns.turn(urgent=urgent):
            written: T = await self._writer.call(self._run, work, False)
        self.checkpoints.committed()
        return written

    async def warm_up(self, connections: int, rehearse: Callable[[sa.Connection], None]) -> None:
        """Open the writer's connection and up to `connections` readers' connections now.

        The writer rehearses a start (rolled back), compiling its statements once for every
        thread (SQLAlchemy's statement cache belongs to the engine).
        """
        await self._writer.call(self._rehearse, rehearse)
        count = max(1, min(connections, self.readers))
        # Each call waits for the others at a barrier, so each holds a thread of its own.
        everyone_has_one = threading.Barrier(count, timeout=10)

        def open_one() -> None:
            self._connection(read_only=True)
            everyone_has_one.wait()

        await asyncio.gather(*(self._reader.call(open_one) for _ in range(count)))

    def open_connections(self) -> int:
        with self._opened_lock:
            return sum(1 for conn in self._opened if not conn.closed)

    async def close(self) -> None:
        # Let the work in flight finish (a cancelled caller does not stop its thread).
        await self.checkpoints.close()
        await asyncio.to_thread(self._writer.close)
        await asyncio.to_thread(self._reader.close)
        with self._opened_lock:
            opened, self._opened = self._opened, []
        for conn in opened:
            conn.close()
        self.engine.dispose()

    @property
    def writing(self) -> bool:
        """A write of this process is in the writer thread (running, or waiting for the lock)."""
        return self._turns.busy

    # --- on the event loop -----------------------------------------------------------------

    def _write_on_loop(self, work: Work[T]) -> tuple[bool, T | None]:
        """(True, what `work` returned) once committed here; (False, None) when the write lock
        is taken (`work` did not run): the caller then queues the write as usual."""
        conn = self._loop_connection()
        try:
            # This connection's busy timeout is 0: taken means queue, never wait on the loop.
            conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE")  # type: ignore[union-attr]
        except sqlite3.OperationalError as exc:
            if "locked" in str(exc):
                return False, None
            raise sa_exc.OperationalError("BEGIN IMMEDIATE", None, exc) from exc
        with conn.begin():
            return True, work(conn)

    def _read_on_loop(self, work: LoopRead[T]) -> tuple[bool, T | None]:
        """(True, what `work` returned); (False, None) when SQLite answered "busy" at once (in
        WAL mode only while it recovers the WAL's index): the caller then reads in a thread."""
        conn = self._loop_reader
        if conn is None or conn.closed or conn.invalidated:
            conn = self._loop_reader = self._open_on_loop(READ_ONLY)
        dbapi_connection = conn.connection.dbapi_connection
        try:
            # No BEGIN: one statement is its own snapshot.
            return True, work.on_sqlite3(dbapi_connection, self.engine.dialect)  # type: ignore[arg-type]
        except sa_exc.OperationalError as exc:
            if "locked" in str(exc.orig) or "busy" in str(exc.orig):
                return False, None
            raise

    def _open_on_loop(self, option: str) -> sa.Connection:
        """A connection the event loop keeps for itself; its busy timeout is 0: a lock that is
        taken means "go to a thread", never a wait on the loop."""
        conn = self.engine.connect()
        conn.execution_options(**{option: True})
        conn.connection.dbapi_connection.execute("PRAGMA busy_timeout=0")  # type: ignore[union-attr]
        with self._opened_lock:
            self._opened.append(conn)
        return conn

    def _loop_connection(self) -> sa.Connection:
        conn = self._on_loop
        if conn is None or conn.closed or conn.invalidated:
            conn = self._on_loop = self._open_on_loop(BEGUN_BY_CALLER)
        return conn

    # --- in the threads --------------------------------------------------------------------

    def _connection(self, *, read_only: bool) -> sa.Connection:
        conn: sa.Connection | None = getattr(self._local, "conn", None)
        if conn is None or conn.closed:
            conn = self.engine.connect()
            conn.execution_options(**{READ_ONLY: True} if read_only else {BEGUN_BY_CALLER: True})
            self._local.conn = conn
            with self._opened_lock:
                self._opened.append(conn)
        return conn

    def _run(self, work: Work[T], read_only: bool) -> T:
        conn = self._connection(read_only=read_only)
        if not read_only:
            _begin_write(conn)
        # Readers: BEGIN (deferred: one snapshot). Both: … COMMIT, or ROLLBACK when `work`
        # raises. A connection that broke is replaced at its next use.
        with conn.begin():
            return work(conn)

    def _rehearse(self, rehearse: Callable[[sa.Connection], None]) -> None:
        conn = self._connection(read_only=False)
        _begin_write(conn)
        transaction = conn.begin()
        try:
            rehearse(conn)
        finally:
            transaction.rollback()


def _begin_write(conn: sa.Connection) -> None:
    """The writer's BEGIN IMMEDIATE (see begin_immediate), failing as SQLAlchemy errors do, so
    the store's retries and its 503 treat "database is locked" alike wherever it came from."""
    try:
        begin_immediate(conn.connection.dbapi_connection)
    except sqlite3.OperationalError as exc:
        raise sa_exc.OperationalError("BEGIN IMMEDIATE", None, exc) from exc


def begin_immediate(dbapi_connection: Any, timeout: float = SQLITE_BUSY_TIMEOUT_MS / 1000) -> None:
    """`BEGIN IMMEDIATE`, waiting for another process's write lock in naps of at most 1 ms.

    SQLite's own busy handler sleeps 1, 2, 5, 10, 15, 20, 25… ms between tries: a writer that
    just missed the lock sleeps far longer than the other process holds it (a write here is
    well under a millisecond). With `bina serve --no-worker` and a `bina worker` on one file,
    that made start p99 tens of ms (docs/performance.md §9). Other statements keep the busy
    timeout: inside the transaction WAL never makes them wait for the lock.
    """
    deadline = time.monotonic() + timeout
    nap = 0.0001
    dbapi_connection.execute("PRAGMA busy_timeout=0")  # fail at once; we retry below
    try:
        while True:
            try:
                dbapi_connection.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as exc:
                if "locked" not in str(exc) or time.monotonic() >= deadline:
                    raise
            time.sleep(nap)
            nap = min(nap * 2, 0.001)
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")


def create_sqlite_engine(database_url: str, *, pool_size: int = 5) -> sa.Engine:
    """A synchronous SQLite engine: WAL, a busy timeout, and transactions begun by us."""
    url = driver_url(database_url)
    engine = sa.create_engine(
        url,
        pool_size=pool_size,
        max_overflow=0,
        # Each connection is used by one thread at a time, but not always the same thread.
        connect_args={"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @sa.event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's implicit transactions would defer the lock).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Never inside a commit: sqlite_checkpoints.py runs them.
        cursor.execute("PRAGMA wal_autocheckpoint=0")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @sa.event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        # Writers take the lock up front: a deferred transaction that later upgrades to a
        # write can fail with "database is locked" at once instead of waiting its turn.
        options = connection.get_execution_options()
        if options.get(BEGUN_BY_CALLER):
            return
        if options.get(READ_ONLY):
            connection.exec_driver_sql("BEGIN")
        else:
            connection.exec_driver_sql("BEGIN IMMEDIATE")

    return engine
