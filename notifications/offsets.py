"""A reminder's offset as people say it: “7 days before”, “2 hours before” (提前7天)."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

DAY, HOUR, MINUTE = dt.timedelta(days=1), dt.timedelta(hours=1), dt.timedelta(minutes=1)
UNITS = {"days": DAY, "hours": HOUR, "minutes": MINUTE}
UNIT_CHOICES = [("days", _("days before")), ("hours", _("hours before")), ("minutes", _("minutes before"))]


def split(offset: dt.timedelta) -> tuple[int, str]:
    """(amount, unit) in the largest unit that divides the offset: 7 days, 36 hours, 90 minutes."""
    for unit, size in UNITS.items():
        if offset % size == dt.timedelta(0):
            return offset // size, unit
    return offset // MINUTE, "minutes"


def words(offset: dt.timedelta) -> str:
    amount, unit = split(offset)
    if unit == "days":
        return ngettext("%(n)d day before", "%(n)d days before", amount) % {"n": amount}
    if unit == "hours":
        return ngettext("%(n)d hour before", "%(n)d hours before", amount) % {"n": amount}
    return ngettext("%(n)d minute before", "%(n)d minutes before", amount) % {"n": amount}
