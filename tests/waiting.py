"""Wait for a state instead of sleeping for a guessed time: poll a condition until it holds.

Imported as `tests.waiting` (pyproject puts the project root on sys.path). `wait_until` is for
plain code and subprocesses; `wait_until_async` for conditions that await (a store query) or
that an asyncio task on the same loop must make true, so it yields to the loop between polls.
"""

from __future__ import annotations

import asyncio
import inspect
import time
from collections.abc import Awaitable, Callable

DEFAULT_TIMEOUT = 10.0
DEFAULT_INTERVAL = 0.02


def _describe(predicate: Callable[[], object], message: str | None) -> str:
    if message is not None:
        return message
    name = getattr(predicate, "__qualname__", repr(predicate))
    if name == "<lambda>":
        try:
            return inspect.getsource(predicate).strip()
        except (OSError, TypeError):
            pass
    return name


def wait_until(
    predicate: Callable[[], object],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    message: str | None = None,
) -> None:
    """Call `predicate` every `interval` seconds until it is truthy; AssertionError at `timeout`.

    Blocks the thread, so never use it for a condition an asyncio task must make true.
    """
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"still false after {timeout:g} s: {_describe(predicate, message)}"
            )
        time.sleep(interval)


async def wait_until_async(
    predicate: Callable[[], object | Awaitable[object]],
    *,
    timeout: float = DEFAULT_TIMEOUT,
    interval: float = DEFAULT_INTERVAL,
    message: str | None = None,
) -> None:
    """Like `wait_until`, sleeping with asyncio; `predicate` may be sync or return an awaitable."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = predicate()
        if inspect.isawaitable(outcome):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"still false after {timeout:g} s: {_describe(predicate, message)}"
            )
        await asyncio.sleep(interval)
