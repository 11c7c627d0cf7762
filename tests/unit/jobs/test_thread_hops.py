"""The hop to SQLite's threads (`ThreadHops`): answers and errors come back to the caller's
loop; one thread runs one call at a time, in order; neither a cancelled caller nor a closed
loop stops a thread; closing lets every call handed over finish."""

from __future__ import annotations

import asyncio
import threading

import pytest

from bina.jobs.thread_hops import ThreadHops


@pytest.fixture
def hops() -> ThreadHops:
    return ThreadHops(1, "test-hop")


async def test_the_call_runs_in_the_thread_and_its_answer_or_error_comes_back(
    hops: ThreadHops,
) -> None:
    try:
        assert await hops.call(threading.get_ident) != threading.get_ident()
        assert await hops.call(divmod, 7, 2) == (3, 1)
        with pytest.raises(ZeroDivisionError):
            await hops.call(divmod, 1, 0)
        assert await hops.call(str.upper, "still serving") == "STILL SERVING"
    finally:
        hops.close()


async def test_one_thread_runs_one_call_at_a_time_in_the_order_handed_over(
    hops: ThreadHops,
) -> None:
    ran: list[int] = []
    running = 0
    most = 0

    def record(number: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        ran.append(number)
        threading.Event().wait(0.001)
        running -= 1

    try:
        await asyncio.gather(*(hops.call(record, number) for number in range(50)))
    finally:
        hops.close()
    assert ran == list(range(50)) and most == 1


async def test_a_cancelled_caller_does_not_stop_its_call_or_the_thread(hops: ThreadHops) -> None:
    release = threading.Event()
    finished = threading.Event()

    def slow() -> str:
        release.wait(5)
        finished.set()
        return "done"

    try:
        waiting = asyncio.create_task(hops.call(slow))
        await asyncio.sleep(0)
        waiting.cancel()
        with pytest.raises(asyncio.CancelledError):
            await waiting
        release.set()
        assert await hops.call(str, 42) == "42"  # served after the cancelled call ended
        assert finished.is_set()
    finally:
        hops.close()


def test_an_answer_for_a_closed_loop_does_not_end_the_thread(hops: ThreadHops) -> None:
    release = threading.Event()

    async def give_up() -> None:
        with pytest.raises(TimeoutError):
            await asyncio.wait_for(hops.call(release.wait, 5), 0.01)

    asyncio.run(give_up())  # that loop is closed before the call returns
    release.set()
    try:
        assert asyncio.run(asyncio.wait_for(hops.call(str, "next loop"), 5)) == "next loop"
    finally:
        hops.close()


async def test_closing_lets_the_calls_handed_over_finish_then_refuses_more() -> None:
    hops = ThreadHops(2, "test-hop")
    done: list[int] = []
    release = threading.Event()

    def work(number: int) -> int:
        release.wait(5)
        done.append(number)
        return number

    calls = [asyncio.ensure_future(hops.call(work, number)) for number in range(6)]
    await asyncio.sleep(0)
    closing = asyncio.create_task(asyncio.to_thread(hops.close))
    release.set()
    await closing
    assert sorted(done) == list(range(6))
    assert sorted(await asyncio.gather(*calls)) == list(range(6))
    with pytest.raises(RuntimeError):
        await hops.call(str, 1)
