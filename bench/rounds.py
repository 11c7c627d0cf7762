"""Rounds: the same measure taken several times, and what to print of it.

On a shared 2-core machine one system's rate moves by a third between two runs a minute
apart (the disk's flush time, the other tenants), so one run of each system side by side
says more about the minute than about the systems. The benchmarks therefore measure every
system once per round, in a rotated order (so none is always first, right after a
checkpoint, or always last), and report:
- each measure as the median of the rounds with its range ("2,004 (1,801–2,219)");
- each comparison as the median of per-round ratios: both systems of a ratio ran within
  seconds of each other, so what moved the whole round cancels out.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from typing import TypeVar

T = TypeVar("T")


def rotated(items: Sequence[T], round_index: int) -> list[T]:
    """`items` starting at position `round_index` (wrapping): each takes every place in turn."""
    if not items:
        return []
    shift = round_index % len(items)
    return [*items[shift:], *items[:shift]]


def median_or_none(values: Sequence[float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return statistics.median(present) if present else None


def with_range(values: Sequence[float | None], show: Callable[[float], str]) -> str:
    """The median, and the range when there was more than one value: "1,980 (1,801–2,219)"."""
    present = [v for v in values if v is not None]
    if not present:
        return "—"
    middle = show(statistics.median(present))
    if len(present) == 1:
        return middle
    return f"{middle} ({show(min(present))}–{show(max(present))})"


def ratios(ours: Sequence[float | None], theirs: Sequence[float | None]) -> list[float]:
    """Per-round ratios ours ÷ theirs, for the rounds where both were measured."""
    return [
        mine / other
        for mine, other in zip(ours, theirs, strict=True)
        if mine is not None and other is not None and other > 0
    ]


def ratio_cell(values: Sequence[float]) -> str:
    """ "1.08× (0.93, 1.08, 1.21)": the median of the per-round ratios, then each round's."""
    if not values:
        return "—"
    each = ", ".join(f"{v:.2f}" for v in values)
    return f"**{statistics.median(values):.2f}×** ({each})"
