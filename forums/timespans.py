"""How times are printed to organisers: in the edition's own zone, compactly.

Used by the admin's lists and by the agenda's rules, whose messages name the
other session with its time.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

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
