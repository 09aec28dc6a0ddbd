"""When to try again after a failure: the one back-off rule of every retried delivery."""

from __future__ import annotations

from datetime import timedelta


def backoff(attempts: int, *, first: timedelta, cap: timedelta = timedelta(hours=1)) -> timedelta:
    """``first`` after the first failed attempt, doubling with each further one, never more than ``cap``."""
    doublings = min(max(attempts - 1, 0), 32)  # 2**32 times anything sensible is past any cap
    return min(first * 2**doublings, cap)
