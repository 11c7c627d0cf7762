"""GroupCommit: writes that arrive together share one call, and each caller gets its own answer."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from bina.jobs.group_commit import GroupCommit


class Recorder:
    """A write that records its groups and can be held open or made to fail."""

    def __init__(self) -> None:
        self.groups: list[list[int]] = []
        self.gate: asyncio.Event | None = None
        self.fail_on: set[int] = set()

    async def write(self, items: Sequence[int]) -> list[int]:
        self.groups.append(list(items))
        if self.gate is not None:
            await self.gate.wait()
        if self.fail_on & set(items):
            raise ConnectionError("database away")
        return [item * 10 for item in items]


async def test_writes_submitted_together_share_one_call() -> None:
    recorder = Recorder()
    group = GroupCommit(recorder.write)
    answers = await asyncio.gather(*(group.submit(i) for i in range(10)))
    assert answers == [i * 10 for i in range(10)]
    assert recorder.groups == [list(range(10))]


async def test_writes_arriving_during_a_write_go_in_the_next_one() -> None:
    recorder = Recorder()
    recorder.gate = asyncio.Event()
    group = GroupCommit(recorder.write)
    first = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert recorder.groups == [[1]]  # the first one went out at once, without a timer
    later = [asyncio.create_task(group.submit(i)) for i in (2, 3)]
    await asyncio.sleep(0)
    recorder.gate.set()
    assert await first == 10
    assert [await task for task in later] == [20, 30]
    assert recorder.groups == [[1], [2, 3]]


async def test_a_failed_write_fails_its_own_group_only() -> None:
    recorder = Recorder()
    recorder.gate = asyncio.Event()
    recorder.fail_on = {1}
    group = GroupCommit(recorder.write)
    doomed = asyncio.create_task(group.submit(1))
    await asyncio.sleep(0)
    fine = asyncio.create_task(group.submit(2))
    await asyncio.sleep(0)
    recorder.gate.set()
    with pytest.raises(ConnectionError):
        await doomed
    assert await fine == 20


async def test_groups_are_capped() -> None:
    recorder = Recorder()
    group = GroupCommit(recorder.write, max_items=4)
    await asyncio.gather(*(group.submit(i) for i in range(10)))
    assert [len(g) for g in recorder.groups] == [4, 4, 2]


async def test_a_write_that_miscounts_is_an_error_not_a_wrong_answer() -> None:
    async def short(items: Sequence[int]) -> list[int]:
        return [0]

    group: GroupCommit[int, int] = GroupCommit(short)
    results = await asyncio.gather(group.submit(1), group.submit(2), return_exceptions=True)
    assert all(isinstance(result, RuntimeError) for result in results)


async def test_a_cancelled_caller_leaves_the_others_their_answers() -> None:
    recorder = Recorder()
    recorder.gate = asyncio.Event()
    group = GroupCommit(recorder.write)
    tasks = [asyncio.create_task(group.submit(i)) for i in range(3)]
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    tasks[1].cancel()
    recorder.gate.set()
    assert await tasks[0] == 0
    assert await tasks[2] == 20
    with pytest.raises(asyncio.CancelledError):
        await tasks[1]


async def test_drain_waits_for_the_write_in_flight() -> None:
    recorder = Recorder()
    recorder.gate = asyncio.Event()
    group = GroupCommit(recorder.write)
    task = asyncio.create_task(group.submit(7))
    await asyncio.sleep(0)
    drained = asyncio.create_task(group.drain())
    await asyncio.sleep(0.01)
    assert not drained.done()
    recorder.gate.set()
    await drained
    assert task.done() and task.result() == 70
