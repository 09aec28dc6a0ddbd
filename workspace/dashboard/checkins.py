"""Check-ins of an edition: how many of those admitted came in, hour by hour and at
each sub-forum's door. The dashboard shows them and asks again every half minute."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.db.models.functions import TruncHour

from attendees.enums import ADMITTED_STATUSES, ChoiceStatus
from attendees.models import Registration
from forums.models import Edition, SubForum

# (sub-forum id, title, admitted to it, checked in at its door)
Door = tuple[int, str, int, int]


@dataclass(frozen=True)
class CheckIns:
    expected: int  # admitted registrations: confirmed or checked in
    hours: list[tuple[dt.datetime, int]]  # (hour in the edition's zone, check-ins that hour)
    doors: list[Door]

    @property
    def checked_in(self) -> int:
        return sum(count for _hour, count in self.hours)

    @property
    def rate(self) -> float | None:
        return self.checked_in / self.expected if self.expected else None


def check_ins(edition: Edition, *, expected: int | None = None, doors: list[Door] | None = None) -> CheckIns:
    """The edition's check-ins (one query; one more for each of ``expected`` and ``doors`` not given)."""
    tz = edition.tz
    hours = [
        (row["hour"], row["n"])
        for row in Registration.objects.filter(edition_id=edition.pk, checked_in_at__isnull=False)
        .order_by()
        .annotate(hour=TruncHour("checked_in_at", tzinfo=tz))
        .values("hour")
        .annotate(n=Count("pk"))
        .order_by("hour")
    ]
    if expected is None:
        expected = Registration.objects.filter(edition_id=edition.pk, status__in=ADMITTED_STATUSES).count()
    if doors is None:
        confirmed = Q(choices__status=ChoiceStatus.CONFIRMED, choices__registration__status__in=ADMITTED_STATUSES)
        doors = [
            (sub_forum.pk, str(sub_forum), sub_forum.n_admitted, sub_forum.n_checked_in)
            for sub_forum in SubForum.objects.filter(edition_id=edition.pk)
            .order_by("start", "order", "pk")
            .annotate(
                n_admitted=Count("choices", filter=confirmed),
                n_checked_in=Count("choices", filter=Q(choices__checked_in_at__isnull=False)),
            )
        ]
    return CheckIns(expected=expected, hours=hours, doors=doors)
