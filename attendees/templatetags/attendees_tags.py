from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from forums.models import Edition

register = template.Library()


@register.filter
def tz_label(edition: Edition) -> str:
    """'Asia/Shanghai (UTC+08:00)': shown next to every list of times."""
    offset = timezone.localtime(edition.start, edition.tz).strftime("%z")
    return f"{edition.time_zone} (UTC{offset[:3]}:{offset[3:]})"


@register.filter
def in_tz(value: dt.datetime | None, edition: Edition) -> dt.datetime | None:
    """A time converted to the edition's zone, whatever zone the page is in."""
    if value is None:
        return None
    return timezone.localtime(value, edition.tz)
