"""SQLite's unit-of-work threads (bina.jobs.sqlite_database), on real files.

Another process is played by a plain sqlite3 connection holding the write lock: while it
does, Bina's writer thread waits for it (`begin_immediate`: short naps, then a clear error).
What must hold then: the event loop keeps running, reads go on (WAL), a cancelled caller
leaves no half-written transaction, closing waits for the write in flight instead of
dropping it, and a lock held too long is a store error (503), never a driver error (500).
"""

from __future__ import annotations

import asyncio
import functools
import os
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import exc as sa_exc

from bina.api import site_jobs
from bina.jobs import JobStatus, StoreUnavailable, open_store, sqlite_database
from bina.jobs.database import SQLITE_BUSY_TIMEOUT_MS
from bina.jobs.sqlite_database import SqliteDatabase, begin_immediate
from bina.jobs.thread_hops import ThreadHops
from tests.job_helpers import site_job
from tests.waiting import wait_until_async


@contextmanager
def another_process_writing(sqlite_url: str) -> Iterator[sqlite3.Connection]:
    """Hold SQLite's write lock, as another process in the middle of a write would."""
    conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.rollback()
        conn.close()


def counted_hops(threads: ThreadHops, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """The calls handed to `threads` from now on (each a hop to one of its threads)."""
    hops: list[object] = []
    real_call = threads.call

    async def counted(function: object, *args: object) -> object:
        hops.append(function)
        return await real_call(function, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(threads, "call", counted)
    return hops


async def until_writer_waits(database: SqliteDatabase) -> None:
    """Until a write is in the writer thread (where it waits for the lock)."""
    await wait_until_async(lambda: database.writing, timeout=5, interval=0.005)
    # Deliberate: time for the thread to take it and sit waiting for the lock (not observable).
    await asyncio.sleep(0.05)


async def test_a_write_waiting_for_the_lock_blocks_neither_the_loop_nor_reads(
    sqlite_url: str,
) -> None:
    async with open_store(sqlite_url) as store:
        existing, _ = await store.create_job(site_job("already here"))
        assert isinstance(store.database, SqliteDatabase)
        with another_process_writing(sqlite_url) as other:
            start = asyncio.create_task(store.create_job(site_job("waits for the lock")))
            await until_writer_waits(store.database)
            ticks = 0
            for _ in range(10):
                await asyncio.sleep(0.01)
                ticks += 1
            # WAL: a reader never waits for a writer (2 s: far less than the busy timeout).
            read = await asyncio.wait_for(store.get_job(existing.job_id), 2)
            assert ticks == 10 and read is not None and read.job_id == existing.job_id
            assert not start.done()  # still waiting for the other process
            other.commit()
        job, created = await asyncio.wait_for(start, 5)
        assert created and (await store.get_job(job.job_id)) is not None


async def test_a_cancelled_caller_leaves_the_write_whole_and_the_writer_free(
    sqlite_url: str,
) -> None:
    async with open_store(sqlite_url) as store:
        assert isinstance(store.database, SqliteDatabase)
        with another_process_writing(sqlite_url) as other:
            start = asyncio.create_task(store.create_job(site_job("caller gives up")))
            await until_writer_waits(store.database)
            start.cancel()
            with pytest.raises(asyncio.CancelledError):
                await start
            other.commit()
        # The unit of work was already in the thread: it commits whole, as one transaction,
        # and the writer is free for the next one (no transaction left open).
        await wait_until_async(store.list_jobs, timeout=5, message="the job was committed")
        jobs = await store.list_jobs()
        assert [site_jobs.description_of(j) for j in jobs] == ["caller gives up"]
        assert jobs[0].status == JobStatus.QUEUED and jobs[0].version == 1
        _, created = await asyncio.wait_for(store.create_job(site_job("next one")), 5)
        assert created


async def test_closing_waits_for_the_write_in_flight(sqlite_url: str) -> None:
    store = open_store(sqlite_url)
    await store.start()
    assert isinstance(store.database, SqliteDatabase)
    with another_process_writing(sqlite_url) as other:
        start = asyncio.create_task(store.create_job(site_job("in flight at shutdown")))
        await until_writer_waits(store.database)
        closing = asyncio.create_task(store.close())
        await asyncio.sleep(0.1)
        assert not closing.done()  # it waits for the write, it does not drop it
        other.commit()
    await asyncio.wait_for(closing, 5)
    job, created = await start
    async with open_store(sqlite_url) as reopened:
        assert created and await reopened.get_job(job.job_id) is not None


async def test_the_watcher_hears_a_commit_made_outside_bina(sqlite_url: str) -> None:
    async with open_store(sqlite_url, poll_seconds=30) as store:
        job, _ = await store.create_job(site_job("changed by hand"))
        waiter = asyncio.create_task(store.wait_for_change(job.job_id, job.version, 30))
        await asyncio.sleep(0.1)
        conn = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
        try:
            conn.execute(
                "UPDATE generation_jobs SET stage = 'by hand', version = version + 1 "
                "WHERE job_id = ?",
                (job.job_id,),
            )
        finally:
            conn.close()
        changed = await asyncio.wait_for(waiter, 3)  # polling is 30 s: only the watcher
        assert changed is not None and changed.stage == "by hand"


def test_begin_immediate_takes_the_lock_soon_after_another_process_lets_go(
    sqlite_url: str,
) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    sqlite3.connect(path).execute("PRAGMA journal_mode=WAL").close()
    waiting = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        with another_process_writing(sqlite_url) as other:
            took: list[bool] = []

            def take_the_lock() -> None:
                begin_immediate(waiting, timeout=10)
                took.append(True)

            thread = threading.Thread(target=take_the_lock)
            thread.start()
            thread.join(0.2)
            assert thread.is_alive() and not took  # still waiting for the other process
            other.commit()
            thread.join(5)
        assert took == [True] and waiting.in_transaction
        # The busy timeout is back for everything after BEGIN.
        assert waiting.execute("PRAGMA busy_timeout").fetchone()[0] == SQLITE_BUSY_TIMEOUT_MS
        waiting.rollback()
    finally:
        waiting.close()


def test_begin_immediate_gives_up_with_the_lock_error_after_its_timeout(sqlite_url: str) -> None:
    waiting = sqlite3.connect(sqlite_url.removeprefix("sqlite:///"), isolation_level=None)
    try:
        with another_process_writing(sqlite_url), pytest.raises(sqlite3.OperationalError) as err:
            begin_immediate(waiting, timeout=0.2)
        assert "locked" in str(err.value) and not waiting.in_transaction
    finally:
        waiting.close()


async def test_a_lock_held_too_long_is_a_store_error_not_a_driver_error(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The API turns StoreUnavailable into 503 + Retry-After; a raw sqlite3 error would be a 500.
    monkeypatch.setattr(
        sqlite_database, "begin_immediate", functools.partial(begin_immediate, timeout=0.05)
    )
    async with open_store(sqlite_url) as store:
        with another_process_writing(sqlite_url), pytest.raises(StoreUnavailable):
            await store.create_job(site_job("never gets the lock"))
        _, created = await store.create_job(site_job("after the other process is done"))
        assert created and [site_jobs.description_of(j) for j in await store.list_jobs()] == [
            "after the other process is done"
        ]


async def test_warm_up_with_the_file_locked_elsewhere_only_logs(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(
        sqlite_database, "begin_immediate", functools.partial(begin_immediate, timeout=0.05)
    )
    async with open_store(sqlite_url) as store:
        with another_process_writing(sqlite_url):
            await store.warm_up(2)  # a server still starts; requests answer 503 until free
        assert "ahead of time" in caplog.text
        _, created = await store.create_job(site_job("once the lock is free"))
        assert created


async def test_a_start_with_no_write_under_way_commits_on_the_loop_without_a_hop(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_store(sqlite_url) as store:
        database = store.database
        assert isinstance(database, SqliteDatabase)
        hops = counted_hops(database._writer, monkeypatch)
        job, created = await store.create_job(site_job("Kedai <b>Mak Cik</b>"))
        assert created and hops == []
        # Committed: another connection sees it at once.
        with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as other:
            row = other.execute(
                "SELECT status FROM generation_jobs WHERE job_id = ?", (job.job_id,)
            ).fetchone()
        assert row == ("queued",)
        # A write that is not a start (a cancel) still takes the writer thread.
        await store.cancel(job.job_id)
        assert len(hops) == 1


async def test_a_polls_head_read_runs_on_the_loop_and_sees_other_connections_commits(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with open_store(sqlite_url) as store:
        database = store.database
        assert isinstance(database, SqliteDatabase)
        job, _ = await store.create_job(site_job("Kedai '); DROP TABLE generation_jobs;--"))
        hops = counted_hops(database._reader, monkeypatch)
        head = await store.get_job_head(job.job_id)
        assert head is not None and head.status == JobStatus.QUEUED and hops == []
        assert head.job_id == job.job_id and head.version == job.version
        # Another process finishes it: the next head read, still on the loop, sees it.
        with sqlite3.connect(sqlite_url.removeprefix("sqlite:///")) as other:
            other.execute(
                "UPDATE generation_jobs SET status = 'canceled', version = version + 1 "
                "WHERE job_id = ?",
                (job.job_id,),
            )
        moved = await store.get_job_head(job.job_id)
        assert moved is not None and moved.status == JobStatus.CANCELED
        assert moved.version == job.version + 1 and hops == []
        # Even while another process holds the write lock (WAL: readers never wait for it).
        with another_process_writing(sqlite_url):
            assert await store.get_job_head(job.job_id) == moved
        assert await store.get_job_head(str(uuid.uuid4())) is None and hops == []
        # Any other read (the whole job) still goes to a reader thread.
        assert await store.get_job(job.job_id) is not None and len(hops) == 1


async def test_a_head_read_that_sqlite_finds_busy_is_read_in_a_thread(
    sqlite_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SQLite answers a WAL reader "busy" only while it rebuilds the WAL's index (after a
    crash): the loop then does not wait, the read goes to a thread; other errors are errors."""
    async with open_store(sqlite_url) as store:
        database = store.database
        assert isinstance(database, SqliteDatabase)
        job, _ = await store.create_job(site_job("Kedai Pak Abu"))
        answer = sqlite3.OperationalError("database is locked")
        monkeypatch.setattr("bina.jobs.driver_sql.DriverStatement.fetch_sqlite", _raising(answer))
        head = await store.get_job_head(job.job_id)  # read in a thread instead
        assert head is not None and head.job_id == job.job_id
        broken = sqlite3.OperationalError("disk I/O error")
        monkeypatch.setattr("bina.jobs.driver_sql.DriverStatement.fetch_sqlite", _raising(broken))
        with pytest.raises(StoreUnavailable):
            await store.get_job_head(job.job_id)


def _raising(error: Exception) -> object:
    """A stand-in for `DriverStatement.fetch_sqlite` that fails as the driver would."""

    def fetch(self: object, *_args: object) -> object:
        raise sa_exc.OperationalError("SELECT", None, error)

    return fetch


async def test_the_wal_is_checkpointed_off_the_write_path_and_stays_bounded(
    sqlite_url: str,
) -> None:
    path = sqlite_url.removeprefix("sqlite:///")
    async with open_store(sqlite_url) as store:
        database = store.database
        assert isinstance(database, SqliteDatabase)
        checkpoints = database.checkpoints
        checkpoints.every, checkpoints.bound = 20, 100
        # No commit of the store checkpoints by itself.
        autocheckpoint = await database.read(
            lambda conn: conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar()
        )
        assert autocheckpoint == 0
        largest = 0
        for i in range(1500):  # back to back, as a burst of starts
            await store.create_job(site_job(f"Kedai {i}"))
            if i % 50 == 0:
                largest = max(largest, os.path.getsize(path + "-wal"))
        await checkpoints.wait()
        # At least one every 2 × 20 commits: starts made on the loop yield to it when due.
        assert checkpoints.runs >= 1500 // 40 - 3
        # Unchecked, 1,500 starts make a WAL of tens of MB (about ten 4 KiB pages each).
        largest = max(largest, os.path.getsize(path + "-wal"))
        assert largest < 8 * 1024 * 1024, largest
    # Nothing lost on the way: every start is in the file, and the file is sound.
    with sqlite3.connect(path) as other:
        assert other.execute("SELECT count(*) FROM generation_jobs").fetchone() == (1500,)
        assert other.execute("PRAGMA integrity_check").fetchone() == ("ok",)
