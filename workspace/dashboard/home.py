"""The editions an organiser is working on, for the admin home: two queries.

*Current* means not archived and not over for more than a week, soonest first.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from attendees.enums import ADMITTED_STATUSES, RegistrationStatus
from attendees.models import Registration
from forums.enums import EditionStatus
from forums.models import Edition
from workspace.dashboard.edition import NOT_ADMITTED_HOLDING

RECENTLY_OVER = dt.timedelta(days=7)
MOST = 12


@dataclass(frozen=True)
class CurrentEdition:
    edition: Edition
    registrations: int
    admitted: int
    held: int  # pending confirmation or approval
    waitlisted: int
    checked_in: int


def current_editions(editions: QuerySet[Edition]) -> list[CurrentEdition]:
    """Among ``editions`` (those the user may read), the current ones with their key numbers."""
    current = list(
        editions.exclude(status=EditionStatus.ARCHIVED)
        .filter(end__gte=timezone.now() - RECENTLY_OVER)
        .select_related("forum")
        .order_by("start", "pk")[:MOST]
    )
    counts: dict[int, Counter] = defaultdict(Counter)
    if current:
        for row in (
            Registration.objects.filter(edition_id__in=[e.pk for e in current])
            .order_by()
            .values("edition_id", "status")
            .annotate(n=Count("pk"))
        ):
            counts[row["edition_id"]][row["status"]] = row["n"]
    return [
        CurrentEdition(
            edition=edition,
            registrations=sum(counts[edition.pk].values()),
            admitted=sum(counts[edition.pk][s] for s in ADMITTED_STATUSES),
            held=sum(counts[edition.pk][s] for s in NOT_ADMITTED_HOLDING),
            waitlisted=counts[edition.pk][RegistrationStatus.WAITLISTED],
            checked_in=counts[edition.pk][RegistrationStatus.CHECKED_IN],
        )
        for edition in current
    ]
