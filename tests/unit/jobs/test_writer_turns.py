"""WriterTurns: one writer at a time, in order, urgent waiters first, cancellation-safe."""

from __future__ import annotations

import asyncio

import pytest

from bina.jobs.writer_turns import WriterTurns


async def test_one_writer_at_a_time_in_arrival_order() -> None:
    turns = WriterTurns()
    order: list[int] = []
    inside = 0

    async def write(n: int) -> None:
        nonlocal inside
        async with turns.turn():
            inside += 1
            assert inside == 1
            await asyncio.sleep(0.001)
            order.append(n)
            inside -= 1

    await asyncio.gather(*(write(n) for n in range(8)))
    assert order == list(range(8))


async def test_urgent_waiters_go_before_ordinary_ones() -> None:
    turns = WriterTurns()
    order: list[str] = []
    release = asyncio.Event()

    async def holder() -> None:
        async with turns.turn():
            await release.wait()
            order.append("holder")

    async def write(name: str, urgent: bool) -> None:
        async with turns.turn(urgent=urgent):
            order.append(name)

    tasks = [asyncio.create_task(holder())]
    await asyncio.sleep(0)
    tasks += [asyncio.create_task(write(f"worker{i}", False)) for i in range(3)]
    await asyncio.sleep(0)
    tasks.append(asyncio.create_task(write("start", True)))
    await asyncio.sleep(0)
    assert turns.waiting == 4
    release.set()
    await asyncio.gather(*tasks)
    assert order == ["holder", "start", "worker0", "worker1", "worker2"]


class Queue:
    """A held turn, and writers queued behind it that record when they get theirs."""

    def __init__(self) -> None:
        self.turns = WriterTurns()
        self.release = asyncio.Event()
        self.done: list[str] = []

    async def holder(self) -> None:
        async with self.turns.turn():
            await self.release.wait()

    async def write(self, name: str) -> None:
        async with self.turns.turn():
            self.done.append(name)

    async def free_again(self) -> None:
        async with asyncio.timeout(1), self.turns.turn():
            pass


@pytest.mark.parametrize("cancelled", ["while queued", "when handed the turn"])
async def test_a_cancelled_waiter_neither_blocks_nor_skips_the_others(cancelled: str) -> None:
    queue = Queue()
    first = asyncio.create_task(queue.holder())
    await asyncio.sleep(0)
    doomed = asyncio.create_task(queue.write("doomed"))
    after = asyncio.create_task(queue.write("after"))
    await asyncio.sleep(0)
    if cancelled == "while queued":
        doomed.cancel()
        await asyncio.sleep(0)
        queue.release.set()
    else:
        queue.release.set()
        await asyncio.sleep(0)  # the holder leaves and hands the turn to `doomed`...
        doomed.cancel()  # ...which is cancelled before it runs: it must pass the turn on
    await asyncio.gather(first, after)
    with pytest.raises(asyncio.CancelledError):
        await doomed
    assert queue.done == ["after"]
    assert queue.turns.waiting == 0
    await queue.free_again()


async def test_an_error_inside_a_turn_releases_it() -> None:
    turns = WriterTurns()
    with pytest.raises(RuntimeError):
        async with turns.turn():
            raise RuntimeError("statement failed")
    async with asyncio.timeout(1):
        async with turns.turn():
            pass
