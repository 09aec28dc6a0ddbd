"""How the organiser admin prints times (written once in ``forums.timespans``, which the agenda's rules
also use) and names things in pickers."""

from __future__ import annotations

from typing import Any

from forums.timespans import DASH, format_dates, format_span

__all__ = ["DASH", "format_dates", "format_span", "sub_forum_label"]


def sub_forum_label(sub_forum: Any) -> str:
    """“第十九届长三角科技论坛 · 人工智能分论坛”: a sub-forum named with its edition, for pickers."""
    return f"{sub_forum.edition} · {sub_forum.title}"
