"""How the organiser admin prints times: in the edition's own zone, compactly."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

# An en dash between times, as programmes print ranges.
DASH = "\u2013"


def format_span(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo | None = None) -> str:
    """“2030-07-06 09:00-09:30” (with an en dash); the end date is repeated only when it differs."""
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d %H:%M}{DASH}{end:%H:%M}"
    return f"{start:%Y-%m-%d %H:%M} {DASH} {end:%Y-%m-%d %H:%M}"


def format_dates(start: dt.datetime, end: dt.datetime, tz: zoneinfo.ZoneInfo | None = None) -> str:
    """“2030-07-06 - 07-08” (with an en dash): the days an edition runs."""
    start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
    if start.date() == end.date():
        return f"{start:%Y-%m-%d}"
    if start.year == end.year:
        return f"{start:%Y-%m-%d} {DASH} {end:%m-%d}"
    return f"{start:%Y-%m-%d} {DASH} {end:%Y-%m-%d}"


def sub_forum_label(sub_forum: Any) -> str:
    """“第十九届长三角科技论坛 · 人工智能分论坛”: a sub-forum named with its edition, for pickers."""
    return f"{sub_forum.edition} · {sub_forum.title}"
