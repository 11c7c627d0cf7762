"""WAL checkpoints in a thread of their own (`sqlite_checkpoints.Checkpoints`), on real files."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from pathlib import Path

import pytest

from bina.jobs.sqlite_checkpoints import Checkpoints
from bina.jobs.writer_turns import WriterTurns


def wal_database(path: Path, rows: int) -> sqlite3.Connection:
    """A WAL file with `rows` commits in it and no checkpoint yet."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA wal_autocheckpoint=0")
    conn.execute("CREATE TABLE t (x TEXT)")
    for i in range(rows):
        conn.execute("INSERT INTO t VALUES (?)", (f"row {i}" * 50,))
    return conn


async def test_a_checkpoint_runs_after_every_n_commits_and_copies_the_wal_back(
    tmp_path: Path,
) -> None:
    writer = wal_database(tmp_path / "db.sqlite", rows=30)
    checkpoints = Checkpoints(str(tmp_path / "db.sqlite"), WriterTurns(), every=10, bound=10**6)
    try:
        for _ in range(9):
            checkpoints.committed()
        await asyncio.sleep(0.05)
        assert checkpoints.runs == 0  # not due yet
        checkpoints.committed()
        await checkpoints.wait()
        assert checkpoints.runs == 1
        assert checkpoints.last is not None
        assert checkpoints.last.busy == 0
        assert checkpoints.last.copied == checkpoints.last.wal_pages > 0
    finally:
        await checkpoints.close()
        writer.close()


async def test_a_long_wal_makes_the_next_checkpoint_hold_the_write_turn(tmp_path: Path) -> None:
    writer = wal_database(tmp_path / "db.sqlite", rows=30)
    turns = WriterTurns()
    checkpoints = Checkpoints(str(tmp_path / "db.sqlite"), turns, every=1, bound=1)
    try:
        checkpoints.committed()
        await checkpoints.wait()  # finds more than one page: the next one holds the turn
        async with turns.turn():  # a write of this process under way
            checkpoints.committed()
            await asyncio.sleep(0.05)
            assert checkpoints.runs == 1  # waits for the write to end
        await checkpoints.wait()
        assert checkpoints.runs == 2
    finally:
        await checkpoints.close()
        writer.close()


async def test_commits_pile_up_until_the_checkpoint_due_runs(tmp_path: Path) -> None:
    writer = wal_database(tmp_path / "db.sqlite", rows=1)
    checkpoints = Checkpoints(str(tmp_path / "db.sqlite"), WriterTurns(), every=5)
    try:
        lagging = []
        for _ in range(10):  # without yielding: the checkpoint task has not run
            checkpoints.committed()
            lagging.append(checkpoints.lagging)
        assert lagging == [False] * 9 + [True]  # writes must now yield to it
        await checkpoints.wait()
        assert checkpoints.lagging is False
    finally:
        await checkpoints.close()
        writer.close()


async def test_a_failing_checkpoint_is_logged_and_the_next_one_tries_again(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # A folder where the file should be: sqlite3 cannot open it.
    checkpoints = Checkpoints(str(tmp_path), WriterTurns(), every=1)
    try:
        with caplog.at_level(logging.WARNING):
            checkpoints.committed()
            await checkpoints.wait()
        assert checkpoints.runs == 0
        assert "WAL checkpoint failed" in caplog.text
    finally:
        await checkpoints.close()
