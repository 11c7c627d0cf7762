"""SQLite's signs of life as files: where they live, what they are called, how a dead one shows."""

from __future__ import annotations

import os
from pathlib import Path

from bina.jobs.liveness import (
    FileLockLiveness,
    is_unlocked,
    lock_directory,
    lock_file_name,
)


def test_the_directory_sits_next_to_the_database_file_itself(tmp_path: Path) -> None:
    database = tmp_path / "data" / "bina.db"
    database.parent.mkdir()
    database.touch()
    link = tmp_path / "bina-link.db"
    link.symlink_to(database)
    # Every path to one file agrees on one directory, or a live worker would look unknown.
    assert lock_directory(str(link)) == lock_directory(str(database))
    assert lock_directory(str(database)) == Path(f"{database}.workers")
    assert lock_directory(":memory:") is None
    assert lock_directory("") is None


def test_any_worker_id_makes_one_safe_distinct_file_name() -> None:
    names = {lock_file_name(w) for w in ("host:1:ab", "host/1/ab", "host 1 ab", "../../etc")}
    assert len(names) == 4
    for name in names:
        assert "/" not in name and " " not in name and not name.startswith(".")
        assert name.endswith(".lock")


async def test_a_held_file_is_locked_and_a_released_one_unlocked(tmp_path: Path) -> None:
    liveness = FileLockLiveness(tmp_path / "bina.db.workers", "host:42:abcd")
    assert await liveness.hold() == "flock"
    assert liveness.path.read_text() == "host:42:abcd"  # the sweep reads who it was
    assert not is_unlocked(liveness.path)  # another descriptor, even in this process, fails
    assert not any(name.startswith(".") for name in os.listdir(liveness.directory))
    await liveness.release()
    assert liveness.marker is None
    assert is_unlocked(liveness.path)
    liveness.forget(["someone-else"])  # no such file: nothing happens
    assert not is_unlocked(tmp_path / "no-such-worker.lock")  # no file: nothing can be told
