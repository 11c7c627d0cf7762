"""Threads that run calls handed to them, each answer handed back to its caller's loop.

SQLite's statements cost microseconds; what costs is getting to the thread that runs them.
`loop.run_in_executor` makes a concurrent Future (its lock and condition) and chains a second
Future on the loop; that Python work, on both threads and in turn for the GIL, made a start
20% slower (docs/bench-queue.md). Here the hop is a queue the threads take calls from, and
one `call_soon_threadsafe` per answer.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class ThreadHops:
    """Threads that run the calls handed to them, in turn, each answered on its caller's loop.

    Like `loop.run_in_executor` on a thread pool: a caller that is cancelled does not stop
    its call (the answer is dropped), and `close` lets every call handed over finish first.
    """

    def __init__(self, threads: int, name: str) -> None:
        self._calls: queue.SimpleQueue[_Call | None] = queue.SimpleQueue()
        self._closed = False
        # `close` runs on a thread of its own: no call may slip in behind the stop signs.
        self._closing = threading.Lock()
        self._threads = [
            threading.Thread(target=self._serve, name=f"{name}-{i}", daemon=True)
            for i in range(threads)
        ]
        for thread in self._threads:
            thread.start()

    async def call(self, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in one of the threads; its result or its exception."""
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[T] = loop.create_future()
        with self._closing:
            if self._closed:
                raise RuntimeError("the threads were closed")
            self._calls.put((loop, answer, function, args))
        return await answer

    def close(self) -> None:
        """Stop taking calls, let those handed over finish, and end the threads (blocks)."""
        with self._closing:
            self._closed = True
            for _ in self._threads:
                self._calls.put(None)
        for thread in self._threads:
            thread.join()

    def _serve(self) -> None:
        while (call := self._calls.get()) is not None:
            loop, answer, function, args = call
            try:
                outcome: tuple[Any, BaseException | None] = (function(*args), None)
            except BaseException as exc:  # the caller's to handle, whatever it is
                outcome = (None, exc)
            # RuntimeError: the caller's loop is closed, and nobody waits for this answer.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, answer, *outcome)
            del call, answer, function, args, outcome  # hold nothing while idle


_Call = tuple[asyncio.AbstractEventLoop, "asyncio.Future[Any]", Callable[..., Any], tuple[Any, ...]]


def _settle(answer: asyncio.Future[Any], result: Any, error: BaseException | None) -> None:
    if answer.done():  # its caller was cancelled
        return
    if error is None:
        answer.set_result(result)
    else:
        answer.set_exception(error)
